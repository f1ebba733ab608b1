"""What the reorganisation of 01/7/2025 changed for a plan written before it.

``kehoach roll`` asks this when it moves a plan across that date: the
issuing commune may have been merged into another (xã Đồng Tuyển into xã Cốc
San), the district level is gone with its UBND and its Phòng (the superior
office is now the province's UBND), provinces were merged. Nothing is
changed in the file: each finding goes into the "cần xem lại" list, at the
place that names the unit (the variable it comes from, when it does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.plan.located import PathKey, format_path
from kehoach.plan.model import Plan
from kehoach.units import catalogue
from kehoach.units.catalogue import Unit
from kehoach.units.names import (COMMUNE_KINDS, DISTRICT_KINDS, district_offices, prose_mentions, spelling_key,
                                 typed_name)
from kehoach.units.places import _NOT_PROSE, _rendered, _source, context_of

# "Ủy ban nhân dân thành phố (Qua Phòng …)": a district's UBND named without its name.
_UNNAMED_DISTRICT = re.compile(r"(?<!\w)((?i:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?i:huyện|quận|thị xã|thành phố))"
                               r"(?!\s+[A-ZĐÀ-Ỹ0-9])")


@dataclass(frozen=True)
class Finding:
    path: PathKey
    excerpt: str
    reason: str


def _resolve(name: str, kind: str, near: list[Unit]) -> Unit | None:
    """The old unit a name means: the official or a close spelling, the one inside ``near`` if several."""
    old = catalogue.old_list()
    found = old.named(name, (kind,)) or old.similar(name, (kind,))
    if len(found) > 1:
        inside = [u for u in found if any(catalogue.is_inside(u, n) for n in near)]
        found = inside or found
    return found[0] if len(found) == 1 else None


def _new_province(unit: Unit) -> Unit:
    return catalogue.successors(unit.province)[0]


def _fate(unit: Unit, issuer: Unit | None) -> str | None:
    """What became of an old unit, or None when the new list has it unchanged."""
    province = _new_province(unit)
    if unit.level == 1:
        if spelling_key(province.full) == spelling_key(unit.full):
            return None
        return f"từ ngày 01/7/2025 {unit.full} đã hợp nhất vào {province.full}: sửa tên tỉnh nếu văn bản nói về hiện tại"
    if unit.level == 2 and not unit.successors:
        above = f"của {catalogue.successors(issuer)[0].full} " if issuer is not None and issuer.level == 3 else ""
        return (f"{unit.where()} là đơn vị cấp huyện, không còn từ ngày 01/7/2025 (cùng UBND và các phòng của nó): "
                f"cơ quan cấp trên {above}nay là UBND {province.full}")
    news = catalogue.successors(unit)
    if len(news) == 1 and spelling_key(news[0].full) == spelling_key(unit.full):
        return (f"từ ngày 01/7/2025 {unit.full} được sắp xếp lại, thuộc {province.full} (không còn cấp huyện): "
                f"kiểm tra tên và cấp trên")
    if len(news) == 1:
        return (f"từ ngày 01/7/2025 {unit.where()} đã nhập vào {news[0].full}, {province.full}: sửa tên cơ quan, "
                f"địa danh và nội dung theo đơn vị mới")
    return (f"từ ngày 01/7/2025 {unit.where()} được chia vào {', '.join(u.full for u in news)} ({province.full}): "
            f"chọn đơn vị mới")


def _written(plan: Plan, path: PathKey, default: str) -> str:
    if path[0] == "bien" and isinstance(plan.bien.get(path[1]), str):
        return str(plan.bien[path[1]])
    return default


def _uses(path: PathKey, texts: list[tuple[PathKey, str]]) -> str:
    """For a variable: where it is used, Nơi nhận first (the office a clerk addresses)."""
    if path[0] != "bien":
        return ""
    mark = re.compile(r"\{\{\s*" + re.escape(str(path[1])) + r"\s*\}\}")
    used = [format_path(p) for p, raw in texts if mark.search(raw)]
    used.sort(key=lambda p: not p.startswith(("noi_nhan", "co_quan")))
    if not used:
        return ""
    more = f" và {len(used) - 3} chỗ khác" if len(used) > 3 else ""
    return f" (biến `{path[1]}` dùng ở {', '.join(used[:3])}{more})"


def reorganisation(plan: Plan, strings: list[tuple[PathKey, str]]) -> list[Finding]:
    """Every unit and office a plan under the old list names that the new list changed."""
    context = context_of(plan)
    findings: list[Finding] = []
    seen: set[tuple[PathKey, str]] = set()

    def add(path: PathKey, excerpt: str, reason: str) -> None:
        if (path, reason) not in seen:
            seen.add((path, reason))
            findings.append(Finding(path, excerpt, reason))

    # Every text with the unit it names, the variables first (their units are the plan's own).
    named: list[tuple[PathKey, str, str, str]] = []  # (path, text as written, kind, name)
    for variable, value in plan.bien.items():
        if isinstance(value, str) and (mention := typed_name(value)) is not None:
            named.append((("bien", variable), value, mention.kind, mention.name))
    texts = [(("co_quan", k, i), line) for k in ("chu_quan", "ten") for i, line in enumerate(getattr(plan.co_quan, k))]
    texts += [(("dia_danh",), plan.dia_danh)] + [(("noi_nhan", i), x) for i, x in enumerate(plan.noi_nhan)]
    texts += [(p, t) for p, t in strings if p and p[0] not in _NOT_PROSE]
    rendered = [(path, raw, _rendered(raw, context) or raw) for path, raw in texts]
    for path, raw, text in rendered:
        whole = typed_name(text) if path[0] in ("co_quan", "noi_nhan") else None
        for mention in [whole] if whole else prose_mentions(text):
            named.append((_source(path, raw, mention.name, plan), text, mention.kind, mention.name))

    near = [u for _, _, kind, name in named if kind in DISTRICT_KINDS + ("tỉnh",)
            for u in catalogue.old_list().named(name, (kind,))]
    issuer, issuer_path = None, None
    for i, line in reversed(list(enumerate(plan.co_quan.ten))):
        text = _rendered(line, context) or line
        if (mention := typed_name(text)) is not None and (unit := _resolve(mention.name, mention.kind, near)):
            issuer, issuer_path = unit, _source(("co_quan", "ten", i), line, mention.name, plan)
            break
    commune_issuer = issuer if issuer is not None and issuer.level == 3 else None
    reported = set()
    if issuer is not None and (reason := _fate(issuer, commune_issuer)):
        add(issuer_path, _written(plan, issuer_path, issuer.title), "cơ quan ban hành: " + reason + _uses(issuer_path, texts))
        reported.add((issuer_path, id(issuer)))

    for path, text, kind, name in named:
        unit = _resolve(name, kind, near)
        if unit is None or (kind in COMMUNE_KINDS) != (unit.level == 3) or (path, id(unit)) in reported:
            continue
        reported.add((path, id(unit)))
        if (reason := _fate(unit, commune_issuer)) is not None:
            add(path, _written(plan, path, text), reason + _uses(path, texts))

    if issuer is not None and issuer.level >= 2:  # a commune's or a district's plan: its Phòng are a district's
        province = _new_province(issuer)
        above = catalogue.successors(issuer)[0].full if issuer.level == 3 else None
        for path, raw, text in rendered:
            for office in district_offices(text):
                where = f"các phòng của UBND {above} hoặc " if above else ""
                add(path, text, f"{office} là phòng chuyên môn cấp huyện, không còn từ ngày 01/7/2025: nay là "
                                f"{where}sở, ngành của {province.full}")
            if issuer.level == 3 and issuer.district is not None:
                for match in _UNNAMED_DISTRICT.finditer(text):
                    add(path, text, f"\"{match[1]}\" ({issuer.district.full}) không còn từ ngày 01/7/2025 (bỏ cấp "
                                    f"huyện): cấp trên của {above} nay là UBND {province.full}")
    return findings
