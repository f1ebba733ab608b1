"""The Báo cáo of a plan's results, prefilled from the plan: ``kehoach bao-cao``.

A Báo cáo kết quả thực hiện Kế hoạch (Phụ lục III, Mẫu 1.4, tên loại BÁO
CÁO) is written as a plan file of ``loai: bao-cao``: the clerk fills one
``ket_qua_thuc_hien`` per entry, then ``kehoach render`` gives the Word file.
What is taken from the plan, and only that: the header and signer (the
plan's agency reports on its plan), the plan's number, date and trích yếu in
the report's trích yếu and opening, "Kính gửi:" the recipient of the plan's
reporting duty (``bao_cao.gui_ve``), one entry per section and activity of
the plan with its heading, its lead unit and its deadline, and the plan's
texts as comments beside each entry (what was planned, to report against).
Nothing the plan does not say is written: no result, no figure, no name;
where the plan is silent (no number yet, no reporting duty) the file says so
in a comment. The two usual closing parts, "Tồn tại, hạn chế" and "Phương
hướng, nhiệm vụ", are headings with an empty result.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from kehoach import decree
from kehoach.errors import InvalidInput, OutputError
from kehoach.importing.yaml_out import WIDTH, scalar
from kehoach.plan.dates import number_text, parse_ngay
from kehoach.plan.model import CONTENT_KEYS, BaoCao, Muc, Plan

# --ky: the period reported on, and how the report's words name it.
PERIODS = {"6 tháng": "6 tháng đầu năm {{ nam }}", "năm": "năm {{ nam }}"}
_PERIOD_NAMES = {"6 tháng": ("6 tháng", "6 thang", "6-thang", "6thang", "sau thang", "6t"),
                 "năm": ("năm", "nam", "ca nam", "cả năm", "1 năm", "mot nam", "một năm")}
# What comes next, in the "Phương hướng, nhiệm vụ" heading.
_NEXT = {None: "thời gian tới", "6 tháng": "6 tháng cuối năm {{ nam }}", "năm": "năm {{ nam_sau }}"}
RESULT = "ket_qua_thuc_hien"
_COPIED_ACTIVITY = ("noi_dung", "chu_tri", "phoi_hop", "thuc_hien", "thoi_gian", "ket_qua")
_OWN_VARIABLES = re.compile(r"\{\{-?\s*(so|ky_hieu)\s*-?\}\}")
_FLOWS = ("ten", "danh_so", "chu_quan")  # short lists written on one line: ["Ủy ban nhân dân", "Xã …"]
_COMMENT_CHARS = 300  # of one planned text shown beside an entry


def period_key(value: str | None) -> str | None:
    """``--ky``: "6 tháng" or "năm" (also written without diacritics), or None."""
    if value is None:
        return None
    wanted = " ".join(value.split()).casefold()
    for key, names in _PERIOD_NAMES.items():
        if wanted in names:
            return key
    raise OutputError(f"`--ky {value}`: kỳ báo cáo là \"6 tháng\" hoặc \"năm\", ví dụ `--ky \"6 tháng\"`.")


def default_target(source: Path, period: str | None) -> Path:
    """``ke-hoach-2024.yaml`` → ``ke-hoach-2024.bao-cao.yaml`` (``.bao-cao-6-thang.yaml`` for a period)."""
    suffix = {None: "", "6 tháng": "-6-thang", "năm": "-nam"}[period]
    return source.with_name(f"{source.stem}.bao-cao{suffix}.yaml")


# ----------------------------------------------------------- the report --


class _Report:
    def __init__(self, plan: Plan, data: dict, source_name: str, period: str | None) -> None:
        self.plan, self.data, self.period = plan, data, period
        self.source_name = source_name
        self.comments: dict[tuple, list[str]] = {}  # lines above a key or an item
        self.tails: dict[tuple, str] = {}  # a comment at the end of a key's line

    def text(self, value: Any) -> Any:
        """A text of the plan as the report writes it: the plan's own number and symbol stay the plan's
        (``{{ so }}`` in the report would be the report's number)."""
        if not isinstance(value, str):
            return value
        own = {"so": number_text(self.plan.so).strip(), "ky_hieu": self.plan.ky_hieu}
        return _OWN_VARIABLES.sub(lambda m: own[m[1]], value)

    def plan_reference(self) -> str:
        """"Kế hoạch số 76/KH-UBND ngày 20/02/2024": what the plan file says of its number and date."""
        plan = self.plan
        words = "Kế hoạch"
        if plan.so is not None:
            words += f" số {number_text(plan.so)}/{plan.ky_hieu}"
            ngay = plan.ngay_ky
            if ngay is not None and ngay.ngay and ngay.thang:
                words += f" ngày {ngay.ngay:02d}/{ngay.thang:02d}/{ngay.nam or plan.nam}"
        return words

    def build(self) -> dict:
        plan, data = self.plan, self.data
        out: dict[str, Any] = {"loai": "bao-cao"}
        for key in ("bien", "co_quan"):
            if key in data:
                out[key] = data[key]
        self.tails[("co_quan",)] = "đơn vị báo cáo: cơ quan đã ban hành kế hoạch; sửa nếu đơn vị khác báo cáo"
        out["so"] = None
        abbreviation = decree.KINDS["bao-cao"].symbol
        self.tails[("so",)] = f"chưa có số: in \"Số:      /{abbreviation}-…\""
        symbol = plan.ky_hieu.split("-", 1)
        out["ky_hieu"] = f"{abbreviation}-{symbol[1] if len(symbol) == 2 else 'UBND'}"
        out["dia_danh"] = data.get("dia_danh")
        out["nam"] = plan.nam
        out["ngay_ky"] = {"nam": plan.nam}
        self.tails[("ngay_ky",)] = "ngày, tháng ghi khi ký"
        duty = self.duty()
        if duty is not None:
            due = self.deadline(duty)
            if due:
                self.comments[("ngay_ky",)] = [f"Hạn gửi báo cáo theo kế hoạch: {due}."]
        summary = self.text(data.get("trich_yeu", ""))
        lowered = summary[:1].lower() + summary[1:] if summary[1:2].islower() else summary
        period = f" {PERIODS[self.period]}" if self.period else ""
        reference = self.plan_reference()
        out["trich_yeu"] = f"Kết quả thực hiện{period} {reference} về {lowered}"
        if plan.so is None:
            self.comments[("trich_yeu",)] = ["Tệp kế hoạch chưa ghi số: khi kế hoạch đã có số, thêm \"số …/…"
                                              " ngày …\" sau \"Kế hoạch\" ở đây và ở đoạn mở đầu."]
        if duty is not None:
            out["kinh_gui"] = self.text(duty[1].gui_ve)
            self.comments[("kinh_gui",)] = ["Nơi nhận báo cáo theo chế độ báo cáo của kế hoạch (mục "
                                             f"{self.heading_of(duty[0])}): {self.text(duty[1].don_vi)} báo cáo về "
                                             f"{self.text(duty[1].gui_ve)}."]
        else:
            self.comments[("loai",)] = ["Kế hoạch không có chế độ báo cáo (`bao_cao`): thêm `kinh_gui:` nơi nhận "
                                         "báo cáo nếu gửi cấp trên."]
        out["mo_dau"] = [f"Thực hiện {reference} về {lowered}, {self.agency()} báo cáo kết quả thực hiện"
                         f"{period} như sau:"]
        out["phan"] = [self.section(muc, data["phan"][i], ("phan", i)) for i, muc in enumerate(plan.phan)]
        n = len(out["phan"])
        out["phan"].append({"tieu_de": "Tồn tại, hạn chế", RESULT: ""})
        out["phan"].append({"tieu_de": f"Phương hướng, nhiệm vụ {_NEXT[self.period]}", RESULT: ""})
        self.comments[("phan", n)] = ["Hai phần thường có của một báo cáo kết quả: ghi nội dung vào "
                                      "`ket_qua_thuc_hien`, hoặc xóa phần không cần."]
        out["ket_thuc"] = [f"Trên đây là báo cáo kết quả thực hiện{period} {reference} của {self.agency()}."]
        luu = data.get("noi_nhan", ["Lưu: VT"])[-1]
        out["noi_nhan"] = (["Như trên"] if duty is not None else []) + [luu]
        out["nguoi_ky"] = data.get("nguoi_ky")
        for key in ("chu_thich", "trinh_bay"):
            if key in data:
                out[key] = data[key]
        return out

    def agency(self) -> str:
        """The plan's agency in a sentence ("Ủy ban nhân dân xã {{ ten_xa }}"), its variables kept."""
        from kehoach.compose.wording import agency_in_sentence

        if self.plan.co_quan.ten_day_du:
            return self.text(self.data["co_quan"]["ten_day_du"])
        kept: list[str] = []

        def keep(match: re.Match) -> str:
            kept.append(match[0])
            return f"\x00{len(kept) - 1}\x00"

        lines = [re.sub(r"\{\{.*?\}\}", keep, self.text(line)).upper() for line in self.plan.co_quan.ten]
        sentence = agency_in_sentence(lines)
        return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], sentence)

    # the plan's reporting duty ------------------------------------------
    def duty(self) -> tuple[tuple, BaoCao] | None:
        def walk(muc: Muc, path: tuple):
            if muc.bao_cao is not None:
                yield path, muc.bao_cao
            for i, child in enumerate(muc.muc):
                yield from walk(child, path + ("muc", i))

        for i, muc in enumerate(self.plan.phan):
            for found in walk(muc, ("phan", i)):
                return found
        return None

    def deadline(self, duty: tuple[tuple, BaoCao]) -> str:
        periods = duty[1].ky
        if self.period is not None:
            chosen = [k for k in periods if ("6" in k.ten) == (self.period == "6 tháng")]
            periods = chosen or periods
        return "; ".join(f"{self.text(k.ten)} trước ngày {k.han.short()}" for k in periods)

    def heading_of(self, path: tuple) -> str:
        node = self.data
        for part in path:
            node = node[part]
        return self.text(node.get("tieu_de") or node.get("don_vi") or "")

    # the entries --------------------------------------------------------
    def section(self, muc: Muc, raw: dict, path: tuple) -> dict:
        entry: dict[str, Any] = {}
        for key in ("so", "tieu_de", "don_vi", "vai_tro"):
            if raw.get(key) is not None:
                entry[key] = self.text(raw[key])
        if not (muc.tieu_de or muc.don_vi):
            entry["noi_dung"] = self.text(raw["noi_dung"])  # the heading of a part that has no title
        planned = self.planned(muc, raw)
        if planned:
            self.comments[path] = ["Kế hoạch:"] + planned
        if muc.hoat_dong:
            entry["hoat_dong"] = [self.activity(raw["hoat_dong"][i]) for i in range(len(muc.hoat_dong))]
        if muc.muc:
            entry["muc"] = [self.section(child, raw["muc"][i], path + ("muc", i)) for i, child in enumerate(muc.muc)]
        if not muc.hoat_dong and not muc.muc:
            entry[RESULT] = ""
        return entry

    def activity(self, raw: dict) -> dict:
        entry = {key: self.text(raw[key]) if isinstance(raw[key], str) else raw[key]
                 for key in _COPIED_ACTIVITY if raw.get(key) not in (None, [], "")}
        entry[RESULT] = ""
        return entry

    def planned(self, muc: Muc, raw: dict) -> list[str]:
        """The plan's texts of a part, one comment line each (shortened), to report against."""
        lines: list[str] = []
        if (muc.tieu_de or muc.don_vi) and muc.noi_dung:
            lines.append(self.text(muc.noi_dung))
        for key in CONTENT_KEYS:
            if key in ("muc", "hoat_dong") or not getattr(muc, key):
                continue
            if key == "doan":
                lines += [self.text(x) for x in muc.doan]
            elif key in ("y", "nhiem_vu"):
                lines += [f"- {self.text(item.noi_dung)}" for item in getattr(muc, key)]
            elif key == "kinh_phi":
                lines += [f"- {self.text(k.nguon)}" for k in muc.kinh_phi]
            elif key == "bao_cao":
                lines.append(f"- {self.text(muc.bao_cao.don_vi)} {self.text(muc.bao_cao.noi_dung)} về "
                             f"{self.text(muc.bao_cao.gui_ve)}")
            elif key == "khoi":
                lines += [self.text(k.doan) if k.doan else "(một bảng)" if k.bang else
                          "; ".join(self.text(y.noi_dung) for y in k.y) for k in muc.khoi]
        return [_short(" ".join(x.split())) for x in lines if x and x.strip()]


def _short(text: str) -> str:
    return text if len(text) <= _COMMENT_CHARS else text[:_COMMENT_CHARS - 1].rstrip() + "…"


# -------------------------------------------------------------- the file --


class _Emitter:
    """A plan file laid out like the samples in ``data/``, with comments above keys and items."""

    def __init__(self, comments: dict[tuple, list[str]], tails: dict[tuple, str]) -> None:
        self.comments, self.tails = comments, tails
        self.lines: list[str] = []

    def comment(self, path: tuple, pad: str) -> None:
        for line in self.comments.get(path, ()):
            hanging = "  " if line.startswith("- ") else ""
            for piece in _wrap(line, max(40, WIDTH - len(pad) - 2), hanging) or [""]:
                self.lines.append(f"{pad}# {piece}".rstrip())

    def tail(self, path: tuple) -> str:
        return f"  # {self.tails[path]}" if path in self.tails else ""

    def value(self, lead: str, value: Any, indent: int, path: tuple) -> None:
        if isinstance(value, dict):
            self.lines.append(lead + self.tail(path))
            self.mapping(value, indent + 2, path)
        elif isinstance(value, list):
            flow = _flow(value) if path[-1] in _FLOWS else None
            if flow is not None and len(lead) + len(flow) < WIDTH:
                self.lines.append(f"{lead} {flow}{self.tail(path)}")
                return
            self.lines.append(lead + self.tail(path))
            self.sequence(value, indent + 2, path)
        else:
            self.lines.append(_scalar_line(lead + " ", value, indent, self.tail(path)))

    def mapping(self, data: dict, indent: int, path: tuple, first: str | None = None) -> None:
        for n, (key, value) in enumerate(data.items()):
            pad = " " * indent
            if n or first is None:
                self.comment(path + (key,), pad)
            self.value(f"{first if n == 0 and first is not None else pad}{key}:", value, indent, path + (key,))

    def sequence(self, items: list, indent: int, path: tuple) -> None:
        pad = " " * indent
        for i, item in enumerate(items):
            self.comment(path + (i,), pad)
            if isinstance(item, dict) and item:
                self.mapping(item, indent + 2, path + (i,), first=f"{pad}- ")
            elif isinstance(item, list):
                self.lines.append(f"{pad}-")
                self.sequence(item, indent + 2, path + (i,))
            else:
                self.lines.append(_scalar_line(f"{pad}- ", item, indent, ""))


def _plain_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _scalar_line(lead: str, value: Any, indent: int, tail: str) -> str:
    value = _plain_value(value)
    if isinstance(value, str) and value == "":
        return f"{lead}\"\"{tail}"
    text = f"{lead}{scalar(value)}".rstrip()
    if isinstance(value, str) and len(text) > WIDTH:
        folded = _folded(value, indent + 2)
        if folded:
            return "\n".join([f"{lead}>-{tail}"] + [" " * (indent + 2) + line for line in folded])
    return text + tail


def _wrap(text: str, width: int, hanging: str = "") -> list[str]:
    """Lines of at most ``width``, never broken inside a ``{{ variable }}``."""
    joined = re.sub(r"\{\{.*?\}\}", lambda m: m[0].replace(" ", "\x01"), text)
    return [line.replace("\x01", " ") for line in textwrap.wrap(joined, width=width, subsequent_indent=hanging,
                                                                  break_long_words=False, break_on_hyphens=False)]


def _folded(value: str, indent: int) -> list[str] | None:
    """A long text folded over lines (``>-``); None if YAML would not read it back the same."""
    if "\n" in value or "  " in value or value != value.strip() or "\t" in value or "\x01" in value:
        return None
    lines = _wrap(value, max(40, WIDTH - indent))
    import yaml

    block = "k: >-\n" + "".join(f"  {line}\n" for line in lines)
    try:
        same = yaml.safe_load(block) == {"k": value}
    except yaml.YAMLError:
        same = False
    return lines if same and all(line == line.strip() for line in lines) else None


def _flow(items: list) -> str | None:
    values = [_plain_value(v) for v in items]
    if not values or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        return None
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, str) else repr(v) for v in values) + "]"


def report_text(plan: Plan, data: dict, source_name: str, period: str | None = None) -> str:
    """The text of the report file for ``plan`` (``data``: the plan file as written)."""
    report = _Report(plan, data, source_name, period)
    out = report.build()
    emitter = _Emitter(report.comments, report.tails)
    kind = f" {PERIODS[period].replace('{{ nam }}', str(plan.nam))}" if period else ""
    heading = [
        f"Báo cáo kết quả thực hiện{kind} kế hoạch {source_name}, do `kehoach bao-cao` lập từ kế hoạch",
        "(Phụ lục III, Mẫu 1.4 Nghị định 30/2020/NĐ-CP). Chỉ những gì kế hoạch đã ghi được chép sang.",
        "",
        "Cách điền:",
        "  - mỗi mục, mỗi hoạt động có `ket_qua_thuc_hien: \"\"`: ghi kết quả đã thực hiện vào giữa hai dấu",
        "    nháy; nhiều đoạn thì viết `ket_qua_thuc_hien: |-` rồi mỗi đoạn một dòng, thụt vào 2 dấu cách;",
        "  - mục nào không báo cáo thì xóa cả mục; các dòng \"# Kế hoạch: …\" nhắc nội dung kế hoạch đã giao;",
        "  - số liệu thành bảng: thêm `khoi:` với `- bang:` (cot, dong) trong mục, xem `kehoach init --loai bao-cao`;",
        "  - `kehoach validate` liệt kê các kết quả còn trống; `kehoach render` soạn báo cáo Word.",
    ]
    emitter.lines += [f"# {line}".rstrip() for line in heading]
    for key, value in out.items():
        emitter.comment((key,), "")
        emitter.value(f"{key}:", value, 0, (key,))
        if isinstance(value, (dict, list)):
            emitter.lines.append("")
    return "\n".join(emitter.lines).rstrip() + "\n"


def write_report(source: Path | str, output: Path | str | None = None, *, period: str | None = None,
                 force: bool = False) -> tuple[Path, list]:
    """Write the report file of the plan at ``source``; (where, the plan's warnings)."""
    from kehoach.api import load_plan
    from kehoach.jobs.output import existing_file, keep_backup, write_atomic
    from kehoach.plan.loader import load_yaml
    from kehoach.plan.validation import validate

    source = Path(source)
    key = period_key(period)
    loaded = load_plan(source)
    plan = loaded.plan
    if plan.loai != "ke-hoach":
        hint = (f" Báo cáo lập từ kế hoạch mà quyết định này ban hành: `kehoach bao-cao {plan.ke_hoach}`."
                if plan.loai == "quyet-dinh" and isinstance(plan.ke_hoach, str) else "")
        raise InvalidInput([loaded.loaded.problem(("loai",), f"tệp này là một văn bản loại `{plan.loai}`; báo cáo "
                                                             f"kết quả lập từ một kế hoạch (`loai: ke-hoach`).{hint}")])
    default = default_target(source, key)
    target = Path(output) if output else default
    if target.is_dir() or str(output or "").endswith(("/", "\\")):
        target = target / default.name
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"{target}: báo cáo ghi thành tệp .yaml (rồi `kehoach render` ra Word). Hãy đặt tên tệp "
                          "kết thúc bằng .yaml.")
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: không ghi đè lên chính tệp kế hoạch. Hãy chọn tên khác bằng `-o`.")
    text = report_text(plan, loaded.loaded.data, source.name, key)
    validate(load_yaml(text, str(target)))  # what kehoach writes is a valid report, or a bug
    if existing_file(target) != "none":
        if not force:
            raise OutputError(f"{target}: tệp đã có (có thể đã điền kết quả). Hãy chọn tên khác bằng `-o`, hoặc dùng "
                              "`--force` (tệp cũ sẽ được giữ lại cạnh tệp mới).")
        keep_backup(target)
    write_atomic(target, text.encode("utf-8"))
    return target, loaded.warnings
