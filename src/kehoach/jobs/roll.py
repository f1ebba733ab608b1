"""Next year's plan from this year's: ``kehoach roll``.

The clerk's file is edited in place, token by token, at the source positions
the loader recorded: comments, key order, quoting and line breaks stay as the
clerk left them, and every line keeps its number, so the summary's line
numbers are valid in both files.

What moves by rule: the plan year; literal mentions of that year and dates
in it (29/02 becomes 28/02 in a common year); the dates of activities and
reports. What is cleared: the number and the signing day (the month stays).
What is kept but listed for a human ("cần xem lại"): căn cứ, texts that cite
a document by number and date (last year's documents), periods that have
ended, and the signer's name.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.plan.dates import parse_ngay
from kehoach.errors import InvalidInput, OutputError, Problem
from kehoach.plan.located import Loaded, PathKey, format_path, iter_strings
from kehoach.plan.loader import load_yaml, read_file, read_text

# "số 76/KH-UBND ngày 20/02/2024", "Quyết định số 1688/QĐ-UBND ngày 19/12/2023", "số: 76/KH-UBND"
_CITATION = re.compile(r"\bsố\s*:?\s*\d+[\w./&-]*/[\w.&-]+", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.,])(1[89]\d\d|2\d\d\d)(?![\d/])")
_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d\d)(\s*[-–]\s*)((?:19|20)\d\d)(?![\d/])")
_DATE = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")
_TARGET = re.compile(r"\b(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Where year-like digits are not a year: a web address, an e-mail address, a
# code joined by a dash to letters (KH-2024-07), and a number written in
# groups (a phone or an account: 0123 2024 5678, 0912-2024-56, 1020.2024.33).
_NOT_A_YEAR = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[^\W\d_]+-\d[\w-]*"
    r"|\d+(?:[ .-]\d+){2,}"
    r"|\d{3,}[ .-]\d{4}(?![ .-]?\d)"
    r"|\d{4}[ .-]\d{3,}")
_CONTEXT = 30  # characters shown either side of a change

_DATE_KEYS = ("ngay", "tu_ngay", "den_ngay", "han")
_NOT_TEXT = ("nam", "so", "ky_hieu", "ngay_ky", "trinh_bay", "nguoi_ky")


@dataclass(frozen=True)
class Change:
    line: int
    path: str
    before: str
    after: str
    note: str = ""
    context: str = ""  # the words around it, as written: "… thiên tai năm 2024 tại …"


@dataclass(frozen=True)
class Review:
    line: int
    path: str
    excerpt: str
    reason: str


@dataclass
class Rolled:
    text: str
    year_from: int
    year_to: int
    changes: list[Change] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def _shift_date(day: int, month: int, year: int, delta: int) -> tuple[int, int, int, str]:
    new_year = year + delta
    if month == 2 and day == 29 and not calendar.isleap(new_year):
        return 28, 2, new_year, f"năm {new_year} không nhuận: 29/02 thành 28/02"
    return day, month, new_year, ""


class _Roller:
    def __init__(self, loaded: Loaded, year_from: int, year_to: int) -> None:
        self.loaded = loaded
        self.text = loaded.text
        self.year_from, self.year_to = year_from, year_to
        self.delta = year_to - year_from
        self.edits: list[tuple[int, int, str]] = []
        self.result = Rolled("", year_from, year_to)

    # bookkeeping ---------------------------------------------------------
    def line_of(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1

    def edit(self, path: PathKey, start: int, end: int, new: str, note: str = "") -> None:
        before = self.text[start:end]
        if before == new:
            return
        if new == "":  # "so: 76" -> "so:" without a trailing space
            while start > 0 and self.text[start - 1] == " ":
                start -= 1
        for other in self.edits:  # an alias (*x) shares its anchor's text: the one place is edited once
            if other == (start, end, new):
                return
            if start < other[1] and other[0] < end:  # the same text, but the rules for its two uses differ
                raise InvalidInput([self.loaded.problem(path, "đoạn này dùng chung một nội dung với chỗ khác qua bí "
                                                              "danh `*`, nhưng hai chỗ cần đổi khác nhau. Hãy viết "
                                                              "trực tiếp nội dung thay cho bí danh.")])
        self.edits.append((start, end, new))
        self.result.changes.append(Change(self.line_of(start), format_path(path), before.strip(), new, note,
                                          self.context(path, start, end)))

    def context(self, path: PathKey, start: int, end: int) -> str:
        """The text around ``start:end`` within its value (and its line), _CONTEXT characters each side."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        if (span := self.span(path)) is not None:
            line_start, line_end = max(line_start, span[0]), min(line_end, span[1])
            # A quoted scalar's quotes are YAML, not the clerk's words: "…" only where words are left out.
            if line_start == span[0] and self.text[line_start:line_start + 1] in ("'", '"'):
                line_start += 1
            if line_end == span[1] and self.text[line_end - 1:line_end] in ("'", '"'):
                line_end -= 1
        left = self.text[max(line_start, start - _CONTEXT):start]
        right = self.text[end:min(line_end, end + _CONTEXT)]
        return (("…" if start - _CONTEXT > line_start else "") + left + self.text[start:end] + right
                + ("…" if end + _CONTEXT < line_end else "")).strip().strip("\"'")

    def review(self, path: PathKey, excerpt: str, reason: str) -> None:
        start = self.loaded.spans.get(path, (0, 0))[0]
        line = self.line_of(start) if path in self.loaded.spans else (self.loaded.position(path)[0] or 0)
        self.result.reviews.append(Review(line, format_path(path), _excerpt(excerpt), reason))

    def span(self, path: PathKey) -> tuple[int, int] | None:
        return self.loaded.spans.get(path)

    # the rules -----------------------------------------------------------
    def roll(self) -> Rolled:
        data = self.loaded.data
        if span := self.span(("nam",)):
            self.edit(("nam",), *span, str(self.year_to))
        if data.get("so") is not None and (span := self.span(("so",))):
            self.edit(("so",), *span, "", "số mới do văn thư cấp")
        self._signing_date(data.get("ngay_ky"))
        date_paths = set(self._typed_dates(data, ()))
        report = data.get("loai") == "bao-cao"
        for path, value, _, _ in iter_strings(data):
            if path in date_paths or path[0] in _NOT_TEXT:
                continue
            if report and path[-1] == "ket_qua_thuc_hien":
                continue  # this year's results: cleared below
            if path == ("ke_hoach",):
                continue  # the file name of the plan a Quyết định issues: below
            self._text(path, value)
        if report:
            self._results(data)
        attached = data.get("ke_hoach")
        if isinstance(attached, str) and str(self.year_from) in attached and (span := self.span(("ke_hoach",))):
            # The Quyết định of next year issues next year's plan, the name `kehoach roll` gives it.
            raw = self.text[span[0]:span[1]]
            self.edit(("ke_hoach",), *span, raw.replace(str(self.year_from), str(self.year_to)),
                      f"kế hoạch năm mới: lập bằng `kehoach roll {attached}` nếu chưa có")
        if (name := (data.get("nguoi_ky") or {}).get("ho_ten")) is not None:
            self.review(("nguoi_ky", "ho_ten"), str(name), "người ký: kiểm tra còn đúng người, đúng chức vụ")
        self.result.text = self._apply()
        self.result.changes.sort(key=lambda c: c.line)
        self.result.reviews.sort(key=lambda r: r.line)
        return self.result

    def _results(self, data: dict) -> None:
        """Next year's Báo cáo: every result is cleared (kehoach prints dots and validate lists them),
        and every table of figures is listed for a human, who writes the new year's figures."""
        for path, _value, _, _ in iter_strings(data):
            if path[-1] == "ket_qua_thuc_hien" and (span := self.span(path)):
                start, end = span
                while end > start and self.text[end - 1] in " \n\r":  # a block (|-) ends with its line break
                    end -= 1
                self.edit(path, start, end, '""', "kết quả năm mới: ghi lại")
        tables = sorted({path[:path.index("bang") + 1] for path, _, _, _ in iter_strings(data) if "bang" in path
                         and "khoi" in path})
        for path in tables:
            self.review(path, "bảng số liệu", "số liệu của năm cũ: ghi số liệu năm mới")

    def _signing_date(self, value: object) -> None:
        path: PathKey = ("ngay_ky",)
        if isinstance(value, dict):
            if value.get("ngay") is not None and (span := self.span(path + ("ngay",))):
                self.edit(path + ("ngay",), *span, "", "ngày ký để trống, ghi khi ký")
            if isinstance(value.get("nam"), int) and (span := self.span(path + ("nam",))):
                self.edit(path + ("nam",), *span, str(value["nam"] + self.delta))
            return
        if value is None or not (span := self.span(path)):
            return
        try:
            ngay = parse_ngay(value)
        except ValueError:
            return
        year = (ngay.year or self.year_from) + self.delta
        self.edit(path, *span, f"{{thang: {ngay.month}, nam: {year}}}", "ngày ký để trống, giữ tháng")

    def _typed_dates(self, node: object, path: PathKey):
        """Dates of activities and reports: every one moves by the same years."""
        if isinstance(node, dict):
            for key, value in node.items():
                child = path + (key,)
                if key in _DATE_KEYS and isinstance(value, (str, dt.date)) and path[-1:] != ("ngay_ky",):
                    if self._move_date_scalar(child, value):
                        yield child
                elif key == "thoi_gian" and isinstance(value, (str, dt.date)):
                    if self._move_date_scalar(child, value):
                        yield child
                else:
                    yield from self._typed_dates(value, child)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from self._typed_dates(value, path + (i,))

    def _move_date_scalar(self, path: PathKey, value: object) -> bool:
        span = self.span(path)
        if span is None:
            return False
        raw = self.text[span[0]:span[1]]
        if isinstance(value, dt.date) and (match := _ISO_DATE.match(raw.strip())):
            day, month, year, note = _shift_date(int(match[3]), int(match[2]), int(match[1]), self.delta)
            self.edit(path, *span, f"{year:04d}-{month:02d}-{day:02d}", note)
            return True
        match = _DATE.search(raw)
        if match and _DATE.sub("", raw).strip(" '\"") == "":
            new, note = self._moved(match)
            self.edit(path, *span, raw[:match.start()] + new + raw[match.end():], note)
            return True
        return isinstance(value, str) and bool(re.fullmatch(r"\s*\d{1,2}/\d{1,2}\s*", value))  # 05/6: no year

    def _moved(self, match: re.Match) -> tuple[str, str]:
        """A ``dd/mm/yyyy`` date moved on, written the way the clerk wrote it."""
        day, _, year, note = _shift_date(int(match[1]), int(match[3]), int(match[4]), self.delta)
        return f"{day:0{len(match[1])}d}{match[2]}{match[3]}{match[2]}{year}", note

    def _text(self, path: PathKey, value: str) -> None:
        span = self.span(path)
        years = [int(y) for y in _YEAR.findall(value)] + [int(m[4]) for m in _DATE.finditer(value)]
        if span is None or not years:
            return
        if path[0] == "can_cu":
            self.review(path, value, "căn cứ: kiểm tra văn bản còn hiệu lực, cập nhật số, ngày, năm")
            return
        # A recent document cited by number and date is most likely last year's
        # (its plan, its budget decision); an older law or decree stays valid.
        if _CITATION.search(value) and any(self.year_from - 1 <= y <= self.year_to for y in years):
            self.review(path, value, "trích dẫn văn bản có số, ngày: thay bằng văn bản của năm mới nếu có")
            return
        start, end = span
        raw = self.text[start:end]
        protected: list[tuple[int, int]] = [m.span() for m in _NOT_A_YEAR.finditer(raw)
                                            if not _DATE.fullmatch(m.group())]  # 15.3.2025 is a date
        for match in _RANGE.finditer(raw):
            if _inside(match.span(), protected):
                continue
            protected.append(match.span())
            if int(match[3]) < self.year_to:
                self.review(path, value, f"giai đoạn {match[1]} - {match[3]} đã kết thúc trước năm {self.year_to}")
        pieces: list[tuple[int, int, str, str]] = []
        for match in _DATE.finditer(raw):
            if int(match[4]) != self.year_from or _inside(match.span(), protected):
                continue
            pieces.append((*match.span(), *self._moved(match)))
            protected.append(match.span())
        for match in _YEAR.finditer(raw):
            if int(match[1]) != self.year_from or _inside(match.span(), protected):
                continue
            if _TARGET.search(raw[:match.start()]):  # "Đến hết năm 2025: ≥ 30%": a milestone, not the plan year
                self.review(path, value, f"mốc mục tiêu năm {match[1]}: quyết định giữ hay đổi")
                continue
            pieces.append((*match.span(), str(self.year_to), ""))
        for s, e, new, note in sorted(pieces):  # recorded in reading order: the report lists them so
            self.edit(path, start + s, start + e, new, note)

    def _apply(self) -> str:
        text = self.text
        last = len(text) + 1
        for start, end, new in sorted(self.edits, reverse=True):
            if end > last:  # overlapping edits would be a bug in the rules above
                raise AssertionError("overlapping roll edits")
            text = text[:start] + new + text[end:]
            last = start
        return text


def _excerpt(text: str) -> str:
    """A reviewed text as the list shows it: on one line, its first 90 characters."""
    text = " ".join(text.split())
    return text[:90] + ("…" if len(text) > 90 else "")


def _inside(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in protected)


# ------------------------------------------------------------------ entry --


def roll_text(raw: bytes, file: str, year_to: int | None = None) -> Rolled:
    """Roll a plan file's bytes; the plan must be valid before and after."""
    from kehoach.plan.validation import validate

    text = read_text(raw, file)
    loaded = load_yaml(text, file)
    plan = validate(loaded)
    year_to = plan.nam + 1 if year_to is None else year_to
    if year_to == plan.nam:
        raise InvalidInput([loaded.problem(("nam",), f"kế hoạch đã là năm {plan.nam}; hãy chọn năm khác bằng `--nam`.")])
    if not 2000 <= year_to <= 2100:
        raise InvalidInput([Problem(f"năm {year_to} nằm ngoài khoảng 2000–2100.", file)])
    rolled = _Roller(loaded, plan.nam, year_to).roll()
    _reorganisation(rolled, loaded, plan, year_to)
    validate(load_yaml(rolled.text, file))  # the rolled file must still be a valid plan
    # Keep the file's own conventions: a byte-order mark and Windows line ends.
    if raw.startswith(b"\xef\xbb\xbf"):
        rolled.text = "\ufeff" + rolled.text
    if b"\r\n" in raw:
        rolled.text = rolled.text.replace("\n", "\r\n")
    return rolled


def _reorganisation(rolled: Rolled, loaded: Loaded, plan, year_to: int) -> None:
    """Across 01/7/2025, what became of the units and offices the plan names (listed, never changed)."""
    from kehoach.units.places import REFORM, signing_day

    signed, _ = signing_day(plan)
    moved = (signed.year + year_to - plan.nam, signed.month)  # the month is kept; the day is cleared
    if not signed < REFORM or moved < (REFORM.year, REFORM.month):
        return
    from kehoach.units.reform import reorganisation

    strings = [(path, text) for path, text, _, _ in iter_strings(loaded.data)]
    for finding in reorganisation(plan, strings):
        rolled.reviews.append(Review(loaded.position(finding.path)[0] or 0, format_path(finding.path),
                                     _excerpt(finding.excerpt), finding.reason))
    rolled.reviews.sort(key=lambda r: r.line)


def default_target(source: Path, year_from: int, year_to: int) -> Path:
    """``ke-hoach-2024.yaml`` → ``ke-hoach-2025.yaml``; otherwise ``ten-2025.yaml``."""
    stem = source.stem
    if str(year_from) in stem:
        stem = stem.replace(str(year_from), str(year_to))
    else:
        stem = f"{stem}-{year_to}"
    return source.with_name(stem + source.suffix)


def roll_file(source: Path | str, year_to: int | None = None, output: Path | str | None = None, *,
              dry_run: bool = False, force: bool = False) -> tuple[Rolled, Path]:
    from kehoach.jobs.output import existing_file, keep_backup, write_atomic

    source = Path(source)
    raw = read_file(source)
    rolled = roll_text(raw, str(source), year_to)
    default = default_target(source, rolled.year_from, rolled.year_to)
    target = Path(output) if output else default
    if target.is_dir():  # "-o nam-sau/" means the new plan's usual name in that folder, as render does
        target = target / default.name
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: không ghi đè lên chính tệp kế hoạch cũ. Hãy chọn tên khác bằng `-o`.")
    if not dry_run:
        if existing_file(target) != "none":  # a FIFO or a device is refused there, whatever --force says
            if not force:
                raise OutputError(f"{target}: tệp đã có. Hãy chọn tên khác bằng `-o`, hoặc dùng `--force` "
                                  "(tệp cũ sẽ được giữ lại cạnh tệp mới).")
            keep_backup(target)  # the file itself, or a symlink itself: never a copy read through it
        write_atomic(target, rolled.text.encode("utf-8"))
    return rolled, target
