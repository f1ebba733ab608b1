"""Every place of a plan that names an administrative unit, checked against
the official list in force on the signing date.

The places: the agency lines (``co_quan``), the place name (``dia_danh``),
the variables that hold a commune, district or province (``ten_xa``,
``tinh``, ``cap_tren: thành phố Lào Cai``…), the lines of Nơi nhận, and the
units named in running text ("UBND thành phố Lào Cai về việc …"). A name
that comes from a variable is reported at the variable, once, so a batch
reports a misspelt commune at its cell of the table.

Findings are warnings: a name may be right and the list late. A name not
in the list is reported with the official spelling when one is close
("Có phải `Đồng Tuyển`?"), with the kind of unit when the kind is wrong,
and with what became of it when it belongs to the other list (a 2026 plan
naming a district, which no longer exists since 01/7/2025).

Finding the places needs no list; the list is read only when there is a
place to check (``kehoach.units.catalogue`` is imported here and nowhere
else on the way of ``render``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kehoach.errors import Problem
from kehoach.plan.located import Loaded, PathKey
from kehoach.plan.model import Plan, signing_date
from kehoach.units.names import (COMMUNE_KINDS, DISTRICT_KINDS, PROVINCE_KINDS, Mention, prose_mentions,
                                 spelling_key, typed_name)

WARNING = "canh_bao"
CODE = "don-vi"  # silenced by ``# kehoach: bo-qua don-vi`` on the line (plan/lint.py lists every code)
REFORM = dt.date(2025, 7, 1)  # the same date as catalogue.REFORM, without importing the lists

# Variables that hold a bare name, and the kinds of unit they may name.
COMMUNE_VARIABLES = ("ten_xa", "xa", "ten_phuong", "phuong", "ten_dac_khu")
DISTRICT_VARIABLES = ("ten_huyen", "huyen")
PROVINCE_VARIABLES = ("ten_tinh", "tinh")
# Keys whose texts are not running text naming units (or are checked as places of their own).
_NOT_PROSE = ("bien", "co_quan", "dia_danh", "noi_nhan", "trinh_bay", "ky_hieu", "so", "ngay_ky", "nam", "nguoi_ky")
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")


@dataclass(frozen=True)
class Place:
    """One name to check: where it is, what it names, and how sure we are that it names a unit."""

    path: PathKey
    name: str
    kinds: tuple[str, ...] | None  # None: any kind (a bare place name)
    structured: bool  # a place meant to hold a unit (agency line, variable…), not running text
    written: str = ""  # as written, for the message


# ------------------------------------------------------------ the places --


def context_of(plan: Plan) -> dict[str, Any]:
    """The variables a plan's texts may use (as the composer gives them)."""
    context: dict[str, Any] = {"nam": plan.nam, "nam_truoc": plan.nam - 1, "nam_sau": plan.nam + 1,
                               "ky_hieu": plan.ky_hieu}
    context.update(plan.bien)
    return context


def _rendered(text: str, context: dict[str, Any]) -> str | None:
    if "{" not in text:
        return text
    from kehoach.compose.templating import TemplateProblem, render_text

    try:
        return render_text(text, context)
    except TemplateProblem:
        return None  # the composer reports it


def _source(path: PathKey, raw: str, name: str, plan: Plan) -> PathKey:
    """The variable a name came from (``Xã {{ ten_xa }}``), else the text's own path."""
    key = spelling_key(name)
    for variable in _VARIABLE.findall(raw):
        value = plan.bien.get(variable)
        if not isinstance(value, str):
            continue
        mention = typed_name(value)
        if key == spelling_key(value) or (mention is not None and key == spelling_key(mention.name)):
            return ("bien", variable)
    return path


def places(plan: Plan, strings: list[tuple[PathKey, str]]) -> list[Place]:
    """Every place that names a unit, without reading any list."""
    found: list[Place] = []
    context = context_of(plan)
    commune_kinds = _variable_kinds(plan)

    def typed_place(path: PathKey, raw: str) -> None:
        text = _rendered(raw, context)
        if text is None or (mention := typed_name(text)) is None:
            return
        found.append(Place(_source(path, raw, mention.name, plan), mention.name, (mention.kind,), True,
                           mention.text))

    for key in ("chu_quan", "ten"):
        for i, line in enumerate(getattr(plan.co_quan, key)):
            typed_place(("co_quan", key, i), line)
    for i, line in enumerate(plan.noi_nhan):
        typed_place(("noi_nhan", i), line)
    for variable, value in plan.bien.items():
        if not isinstance(value, str) or not value.strip():
            continue
        path = ("bien", variable)
        if variable in COMMUNE_VARIABLES:
            found.append(Place(path, value, commune_kinds, True, value))
        elif variable in DISTRICT_VARIABLES:
            found.append(Place(path, value, DISTRICT_KINDS, True, value))
        elif variable in PROVINCE_VARIABLES:
            found.append(Place(path, value, PROVINCE_KINDS, True, value))
        elif (mention := typed_name(value)) is not None:
            found.append(Place(path, mention.name, (mention.kind,), True, mention.text))
    place_name = _rendered(plan.dia_danh, context)
    if place_name:
        mention = typed_name(place_name)
        name, kinds = (mention.name, (mention.kind,)) if mention else (place_name.strip(), None)
        found.append(Place(_source(("dia_danh",), plan.dia_danh, name, plan), name, kinds, True, place_name))
    for path, text in strings:
        if not path or path[0] in _NOT_PROSE:
            continue
        for mention in prose_mentions(text):
            found.append(Place(path, mention.name, (mention.kind,), False, mention.text))
    return found


def _variable_kinds(plan: Plan) -> tuple[str, ...]:
    kind = plan.bien.get("loai_xa")
    if isinstance(kind, str) and kind.strip().lower() in COMMUNE_KINDS:
        return (kind.strip().lower(),)
    return COMMUNE_KINDS


# ---------------------------------------------------------- the findings --


def signing_day(plan: Plan) -> tuple[dt.date, bool]:
    """The signing date (the 1st when only the month is known), and whether
    it is uncertain across 01/7/2025 (a 2025 plan without a month)."""
    day, month, year = signing_date(plan.ngay_ky, plan.nam)
    return dt.date(year, month or 1, day or 1), month is None and year == REFORM.year


def unit_findings(plan: Plan, loaded: Loaded, strings: list[tuple[PathKey, str]]) -> list[Problem]:
    """Warnings for every place whose unit is not in the list in force on the signing date."""
    found = places(plan, strings)
    if not found:
        return []
    day, either = signing_day(plan)
    problems: list[Problem] = []
    seen: set[tuple[PathKey, str]] = set()
    for place in found:  # a name used in several places of one variable is reported once, at the variable
        key = (place.path, spelling_key(place.name))
        if key in seen:
            continue
        seen.add(key)
        if loaded.silenced(place.path, CODE):
            continue
        message = judge(place.name, place.kinds, place.structured, place.written, day >= REFORM, either)
        if message:
            problems.append(loaded.problem(place.path, message, WARNING, CODE))
    return problems


def _levels(kinds: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The kinds of the same level, for "a phường, not a xã"."""
    if kinds is None:
        return None
    if set(kinds) <= set(COMMUNE_KINDS):
        return COMMUNE_KINDS
    if set(kinds) <= set(DISTRICT_KINDS) | set(PROVINCE_KINDS):
        return DISTRICT_KINDS + ("tỉnh",)
    return None


@lru_cache(maxsize=1)
def _provinces() -> dict[bool, set[tuple[str, str]]]:
    """(kind, spelling key) of each province of the old (False) and new (True) list: a small file."""
    from pathlib import Path

    found: dict[bool, set[tuple[str, str]]] = {False: set(), True: set()}
    for line in (Path(__file__).resolve().parent / "data" / "tinh.tsv").read_text(encoding="utf-8").splitlines():
        if line and line[0] != "#":
            which, _code, kind, name, *_ = line.split("\t")
            found[which == "moi"].add((kind, spelling_key(name)))
    return found


def _a_province(name: str, kinds: tuple[str, ...] | None, new: bool, either: bool) -> bool:
    """The name is a province of the list in force (of one of ``kinds``): no need to read the whole list."""
    key = spelling_key(name)
    provinces = _provinces()[new] | (_provinces()[not new] if either else set())
    return any(k == key and (kinds is None or kind in kinds) for kind, k in provinces)


@lru_cache(maxsize=8192)
def judge(name: str, kinds: tuple[str, ...] | None, structured: bool, written: str, new: bool,
          either: bool = False) -> str | None:
    """What is wrong with naming ``name`` (of one of ``kinds``), or None. Cached: a batch asks the same again."""
    if _a_province(name, kinds, new, either):
        return None
    from kehoach.units import catalogue

    if catalogue.spelt_as_listed(name, kinds, new) or (either and catalogue.spelt_as_listed(name, kinds, not new)):
        return None  # the official spelling: no list to build
    in_force = catalogue.new_list() if new else catalogue.old_list()
    if in_force.named(name, kinds):
        return None
    other = catalogue.old_list() if new else catalogue.new_list()  # read only when the name is in doubt
    if either and other.named(name, kinds):
        return None
    shown = written or name
    where = f"danh mục đơn vị hành chính áp dụng {in_force.label}"
    old = other.named(name, kinds)
    same_level = in_force.named(name, _levels(kinds)) if kinds is not None else []
    # "phường Cam Đường" in 2024: it was a xã then (the kind is wrong); "thành phố Lào Cai" in 2026: the
    # district is gone (that a tỉnh Lào Cai exists does not make it a kind slip).
    if old and not (same_level and set(kinds) <= set(COMMUNE_KINDS)):
        return _other_list(shown, old, new)
    if same_level:
        unit = same_level[0]
        return f"`{name}` trong {where} là {unit.kind} ({unit.where()}), không phải {kinds[0]}."
    if similar := in_force.similar(name, kinds) or (in_force.similar(name, _levels(kinds)) if kinds else []):
        units = similar[:3]
        spellings = list(dict.fromkeys(u.name for u in units))
        ask = " hay ".join(f"`{s}`" for s in spellings)
        return f"`{shown}` không có trong {where}. Có phải {ask}? ({'; '.join(u.where() for u in units)})"
    if not structured:
        return None
    return f"`{shown}` không có trong {where}. Hãy kiểm tra lại tên (xem `kehoach danh-muc`)."


def _other_list(shown: str, units: list, new: bool) -> str:
    if not new:
        return (f"`{shown}` chỉ có trong danh mục đơn vị hành chính từ ngày 01/7/2025, nhưng văn bản ký trước ngày "
                "đó: hãy dùng tên đơn vị trước khi sắp xếp, hoặc sửa ngày ký.")
    if len(units) > 1:
        return (f"`{shown}` không còn từ ngày 01/7/2025 (đã sắp xếp lại; danh mục cũ có {len(units)} đơn vị tên "
                "này). Hãy dùng tên đơn vị mới (xem `kehoach danh-muc`).")
    unit = units[0]
    return f"{unit.where()} không còn từ ngày 01/7/2025: {fate(unit)}"


def fate(unit) -> str:
    """What became of an old unit on 01/7/2025, as a sentence."""
    from kehoach.units import catalogue

    new_province = catalogue.successors(unit.province)
    province = new_province[0].full if new_province else ""
    if unit.level == 1:
        return f"đã hợp nhất vào {province}." if unit.full != province else "giữ tên, không còn cấp huyện."
    if unit.level == 2 and not unit.successors:
        return (f"cấp huyện không còn (Luật Tổ chức chính quyền địa phương 2025); cơ quan cấp trên của các xã, "
                f"phường nay là UBND {province}.")
    news = catalogue.successors(unit)
    names = ", ".join(u.full for u in news)
    if len(news) == 1:
        return f"nay thuộc {news[0].full}, {province}."
    return f"được chia vào {names} ({province})."
