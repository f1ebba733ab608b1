"""``kehoach lich``: the plan's dated things as a calendar and as a checklist.

A clerk does not keep a plan's twenty deadlines in her head. Every activity
(a day, a period, a deadline), every reporting deadline of every unit and the
plan's own year become events of an iCalendar file (RFC 5545) that phones,
Outlook and Google Calendar import, each with the unit in charge and the
plan's number, and a reminder a few days before each deadline. The same
items make a checklist table for the office wall (what, who, when, done?).
Times written in words ("Thường xuyên", "Quý IV/2025") have no date: they are
listed in the table and named in the plan's own event, never dropped.

The output is reproducible like the document: the time stamp of every event
is the plan's signing date (or 1 January of the plan year), and each event's
UID is derived from the plan and the item's place in it, so a calendar
imported twice updates its events instead of doubling them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from kehoach.compose.templating import TemplateProblem, render_text
from kehoach.compose.wording import plain_text
from kehoach.errors import InvalidInput, OutputError, Problem
from kehoach.plan.dates import Ngay, date_words, number_text
from kehoach.plan.located import Loaded, PathKey
from kehoach.plan.model import HoatDong, Muc, Plan, ThoiGian, signing_date

PRODID = "-//kehoach//lich ke hoach//VI"
# Reminders: a deadline three days ahead leaves time to finish and send; a meeting
# or the start of a period one day ahead is enough to prepare.
DEADLINE_REMINDER_DAYS = 3
EVENT_REMINDER_DAYS = 1
TABLE_COLUMNS = ("STT", "Việc", "Loại", "Chủ trì", "Phối hợp", "Từ ngày", "Đến ngày / hạn", "Thời gian",
                 "Mục trong kế hoạch", "Đã xong")
KIND_ACTIVITY, KIND_DEADLINE, KIND_REPORT, KIND_PLAN = "hoạt động", "hạn hoàn thành", "hạn báo cáo", "kế hoạch"


@dataclass(frozen=True)
class Item:
    """One dated (or worded) thing of the plan, in document order."""

    what: str
    kind: str
    lead: str = ""
    partners: str = ""
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive; == start for one day
    words: str = ""  # the time as written when it has no date
    section: str = ""
    path: PathKey = ()

    @property
    def deadline(self) -> bool:
        return self.kind in (KIND_DEADLINE, KIND_REPORT)

    def when(self) -> str:
        if self.start is None:
            return self.words
        if self.deadline:
            return f"Trước ngày {_short(self.start)}"
        if self.end and self.end != self.start:
            return f"Từ ngày {_short(self.start)} đến ngày {_short(self.end)}"
        return f"Ngày {_short(self.start)}"


def _short(day: dt.date) -> str:
    return Ngay(day.day, day.month, day.year).short()


class _Collector:
    def __init__(self, plan: Plan, loaded: Loaded | None) -> None:
        self.plan = plan
        self.loaded = loaded
        self.items: list[Item] = []
        self.problems: list[Problem] = []
        from kehoach.compose.document import variables

        self.context = variables(plan)

    def t(self, text: str | None, path: PathKey) -> str:
        if not text:
            return ""
        try:
            return " ".join(plain_text(render_text(text, self.context)).split())
        except TemplateProblem as exc:
            if self.loaded is not None:
                self.problems.append(self.loaded.problem(path, str(exc)))
            else:
                self.problems.append(Problem(str(exc), path=str(path)))
            return text

    def collect(self) -> list[Item]:
        for i, muc in enumerate(self.plan.phan):
            self.muc(muc, ("phan", i), ())
        if self.problems:
            raise InvalidInput(self.problems)
        return self.items

    def muc(self, muc: Muc, path: PathKey, titles: tuple[str, ...]) -> None:
        title = self.t(muc.tieu_de or muc.don_vi or muc.noi_dung, path)
        here = titles + ((title,) if title else ())
        section = " › ".join(here)
        for i, activity in enumerate(muc.hoat_dong):
            self.activity(activity, path + ("hoat_dong", i), title, section)
        if muc.bao_cao is not None:
            report = muc.bao_cao
            base = path + ("bao_cao",)
            unit, to = self.t(report.don_vi, base + ("don_vi",)), self.t(report.gui_ve, base + ("gui_ve",))
            subject = self.t(report.noi_dung, base + ("noi_dung",))
            for k, ky in enumerate(report.ky):
                day = ky.han.to_date(self.plan.nam)
                name = self.t(ky.ten, base + ("ky", k, "ten"))
                what = f"{subject} {name}".strip()  # as the plan's own sentence reads: "báo cáo … 6 tháng"
                what = what[:1].upper() + what[1:] + (f" (gửi {to})" if to else "")
                self.items.append(Item(what, KIND_REPORT, lead=unit,
                                       start=day, end=day, section=section, path=base + ("ky", k)))
        for i, child in enumerate(muc.muc):
            self.muc(child, path + ("muc", i), here)

    def activity(self, activity: HoatDong, path: PathKey, title: str, section: str) -> None:
        what = self.t(activity.noi_dung, path + ("noi_dung",)) or title
        lead = "; ".join(self.t(x, path + ("chu_tri", j)) for j, x in enumerate(activity.chu_tri))
        lead = lead or self.t(activity.thuc_hien, path + ("thuc_hien",))
        partners = "; ".join(self.t(x, path + ("phoi_hop", j)) for j, x in enumerate(activity.phoi_hop))
        kind, start, end, words = self.when(activity.thoi_gian, path + ("thoi_gian",))
        self.items.append(Item(what, kind, lead, partners, start, end, words, section, path))

    def when(self, time: ThoiGian | None, path: PathKey) -> tuple[str, dt.date | None, dt.date | None, str]:
        year = self.plan.nam
        if time is None:
            return KIND_ACTIVITY, None, None, ""
        if time.ngay is not None:
            day = time.ngay.to_date(year)
            return KIND_ACTIVITY, day, day, ""
        if time.tu_ngay is not None and time.den_ngay is not None:
            return KIND_ACTIVITY, time.tu_ngay.to_date(year), time.den_ngay.to_date(year), ""
        if time.han is not None:
            day = time.han.to_date(year)
            return KIND_DEADLINE, day, day, ""
        return KIND_ACTIVITY, None, None, self.t(time.mo_ta, path + ("mo_ta",))


def plan_items(plan: Plan, loaded: Loaded | None = None) -> list[Item]:
    """Every activity and reporting deadline of the plan, in document order."""
    return _Collector(plan, loaded).collect()


def checklist(items: list[Item]) -> list[Item]:
    """The items in the order a checklist reads: by date, then as the plan has them; undated last."""
    order = {id(item): i for i, item in enumerate(items)}
    return sorted(items, key=lambda it: (it.start is None, it.start or dt.date.min, order[id(it)]))


# ---------------------------------------------------------------- iCalendar --

def _reference(plan: Plan, context: dict) -> str:
    number = number_text(plan.so).strip()
    day, month, year = signing_date(plan.ngay_ky, plan.nam)
    text = f"Kế hoạch số {number}/{plan.ky_hieu}" if plan.so else "Kế hoạch"  # not numbered yet
    if day is not None and month is not None:
        text += f" {date_words(day, month, year)}"
    try:
        subject = plain_text(render_text(plan.trich_yeu, context))
    except TemplateProblem:
        subject = plan.trich_yeu
    return f"{text} về {subject[:1].lower() + subject[1:]}"


def _stamp(plan: Plan) -> dt.datetime:
    day, month, year = signing_date(plan.ngay_ky, plan.nam)
    return dt.datetime(year, month or 1, day or 1, tzinfo=dt.timezone.utc)


def _uid(plan: Plan, key: str) -> str:
    seed = f"{plan.co_quan.ten}|{plan.ky_hieu}|{plan.nam}|{plan.trich_yeu}|{key}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32] + "@kehoach"


def to_ics(plan: Plan, items: list[Item]) -> bytes:
    """The calendar: one all-day event per dated item, and the plan's year as one event."""
    from icalendar import Alarm, Calendar, Event

    from kehoach.compose.document import variables

    context = variables(plan)
    reference = _reference(plan, context)
    stamp = _stamp(plan)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", reference[:120])
    for item in items:
        if item.start is None:
            continue
        event = Event()
        event.add("uid", _uid(plan, repr(item.path)))
        event.add("dtstamp", stamp)
        label = {KIND_DEADLINE: "Hạn: ", KIND_REPORT: "Hạn: "}.get(item.kind, "")
        event.add("summary", label + item.what)
        event.add("dtstart", item.start)
        event.add("dtend", (item.end or item.start) + dt.timedelta(days=1))  # DTEND of a DATE event is exclusive
        lines = []
        if item.lead:
            lines.append(f"Chủ trì: {item.lead}")
        if item.partners:
            lines.append(f"Phối hợp: {item.partners}")
        lines.append(f"Thời gian: {item.when()}")
        if item.section:
            lines.append(f"Mục: {item.section}")
        lines.append(reference)
        event.add("description", "\n".join(lines))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        days = DEADLINE_REMINDER_DAYS if item.deadline else EVENT_REMINDER_DAYS
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Sắp đến {'hạn' if item.deadline else 'ngày'}: {item.what}"[:200])
        alarm.add("trigger", dt.timedelta(days=-days))
        event.add_component(alarm)
        calendar.add_component(event)
    year = Event()
    year.add("uid", _uid(plan, "nam"))
    year.add("dtstamp", stamp)
    year.add("summary", f"Thời gian thực hiện: {reference}"[:250])
    year.add("dtstart", dt.date(plan.nam, 1, 1))
    year.add("dtend", dt.date(plan.nam + 1, 1, 1))
    undated = [i for i in items if i.start is None]
    text = [reference]
    if undated:
        text.append("Các việc không có ngày cụ thể:")
        text += [f"- {i.what}" + (f" ({i.words})" if i.words else "") + (f" – chủ trì: {i.lead}" if i.lead else "")
                 for i in undated]
    year.add("description", "\n".join(text))
    year.add("categories", [KIND_PLAN])
    year.add("transp", "TRANSPARENT")
    calendar.add_component(year)
    return calendar.to_ical()


# ---------------------------------------------------------------- checklist --

def _rows(items: list[Item]) -> list[list[str]]:
    rows = []
    for n, item in enumerate(checklist(items), 1):
        start = _short(item.start) if item.start and not item.deadline else ""
        end = _short(item.end) if item.end and item.start else ""
        rows.append([str(n), item.what, item.kind, item.lead, item.partners, start, end,
                     item.when(), item.section, ""])
    return rows


def to_csv(items: list[Item]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows the Vietnamese letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TABLE_COLUMNS)
    writer.writerows(_rows(items))
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def to_xlsx(items: list[Item], title: str) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise OutputError("ghi bảng .xlsx cần gói openpyxl: chạy `pip install 'kehoach[excel]'`, "
                          "hoặc ghi bảng .csv (mở được bằng Excel).") from None
    book = Workbook()
    sheet = book.active
    sheet.title = "Lịch công việc"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(TABLE_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in _rows(items):
        sheet.append(row)
    for letter, width in zip("ABCDEFGHIJ", (5, 60, 14, 28, 28, 11, 13, 24, 40, 8)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    # A fixed creation time keeps the file reproducible, like every output of kehoach.
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """openpyxl stamps each zip member, and the workbook's `modified`, with the current time; fix both."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` with the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()


def table_bytes(items: list[Item], target: Path, title: str) -> bytes:
    suffix = target.suffix.lower()
    if suffix == ".csv":
        return to_csv(items)
    if suffix == ".xlsx":
        return to_xlsx(items, title)
    raise OutputError(f"{target}: bảng công việc ghi được dạng .csv hoặc .xlsx; hãy đặt tên tệp có đuôi "
                      "`.csv` hoặc `.xlsx`.")


@dataclass
class Schedule:
    items: list[Item]
    calendar: Path | None
    table: Path | None
    backups: list[Path]


def _plan_write(target: Path, data: bytes, force: bool, replaceable, refusal: str) -> tuple[Path, bytes, bytes | None]:
    """What writing ``target`` will take: nothing when it holds these bytes already; the old
    bytes to keep as a backup when it must be replaced; a refusal when ``force`` is not given."""
    from kehoach.jobs.output import existing_bytes

    if target.is_dir():
        raise OutputError(f"{target}: đây là một thư mục; hãy ghi tên tệp.")
    old = None
    kind, existing = existing_bytes(target)  # a FIFO refused, a huge file or a link not read
    if kind != "none":
        if existing == data:
            return target, data, None
        if existing is None or not replaceable(existing):
            if not force:
                raise OutputError(f"{target}: {refusal} kehoach không ghi đè; hãy ghi ra tệp khác, hoặc chạy lại "
                                  "với `--force` (bản cũ được giữ lại cạnh tệp mới).")
            old = existing if existing is not None else b""
    return target, data, old


def write_schedule(plan_path: Path | str, calendar: Path | str | None = None, table: Path | str | None = None,
                   *, force: bool = False) -> Schedule:
    """``kehoach lich``: read the plan, write the calendar (default: beside the plan, ``.ics``)
    and, when asked, the checklist table. Nothing is written when any target is refused."""
    from kehoach.api import load_plan
    from kehoach.compose.document import variables
    from kehoach.jobs.output import existing_bytes, keep_backup, write_atomic

    loaded = load_plan(plan_path)
    items = plan_items(loaded.plan, loaded.loaded)
    target = Path(calendar) if calendar else Path(plan_path).with_suffix(".ics")
    if target.is_dir():
        target = target / Path(plan_path).with_suffix(".ics").name
    ours = b"PRODID:" + PRODID.encode("ascii")
    writes = [_plan_write(target, to_ics(loaded.plan, items), force, lambda old: ours in old[:300],
                          "tệp này đã có và không do kehoach ghi.")]
    if table:
        title = _reference(loaded.plan, variables(loaded.plan))
        # A checklist may carry the office's ticks: never replaced silently.
        writes.append(_plan_write(Path(table), table_bytes(items, Path(table), title), force, lambda old: False,
                                  "bảng này đã có (có thể đã được đánh dấu việc xong)."))
    backups = []
    for path, data, old in writes:
        if old is not None:
            backups.append(keep_backup(path))  # the file itself, with its permissions: never a copy
        if old is not None or existing_bytes(path) != ("file", data):
            write_atomic(path, data)
    return Schedule(items, target, Path(table) if table else None, backups)
