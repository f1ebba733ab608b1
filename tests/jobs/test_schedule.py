"""kehoach lich: every dated thing of a plan in a calendar a phone imports, and a checklist."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.plan.dates import parse_ngay
from tests.conftest import DATA
from tests.plans import MINIMAL

runner = CliRunner()
SAMPLE = DATA / "dong-tuyen-2024.yaml"


def _events(path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def _dated_in_yaml(node, year: int) -> list[tuple[dt.date, dt.date]]:
    """Every dated thing as the raw file says it, found without kehoach's model."""
    found = []
    if isinstance(node, dict):
        time = node.get("thoi_gian")
        if isinstance(time, dict):
            if "ngay" in time:
                d = parse_ngay(time["ngay"]).to_date(year)
                found.append((d, d))
            elif "tu_ngay" in time:
                found.append((parse_ngay(time["tu_ngay"]).to_date(year), parse_ngay(time["den_ngay"]).to_date(year)))
            elif "han" in time:
                d = parse_ngay(time["han"]).to_date(year)
                found.append((d, d))
        for ky in (node.get("bao_cao") or {}).get("ky", []) if isinstance(node.get("bao_cao"), dict) else []:
            d = parse_ngay(ky["han"]).to_date(year)
            found.append((d, d))
        for value in node.values():
            found += _dated_in_yaml(value, year)
    elif isinstance(node, list):
        for value in node:
            found += _dated_in_yaml(value, year)
    return found


def test_every_dated_item_of_the_sample_is_an_event(tmp_path):
    target = tmp_path / "lich.ics"
    result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    expected = sorted(_dated_in_yaml(data["phan"], data["nam"]))
    assert len(expected) == 3  # the Tháng hành động and the two reporting deadlines
    events = _events(target)
    plan_year = [e for e in events if "kế hoạch" in e.get("categories").cats]
    dated = [e for e in events if e not in plan_year]
    got = sorted((e.decoded("dtstart"), e.decoded("dtend") - dt.timedelta(days=1)) for e in dated)
    assert got == expected
    (year,) = plan_year
    assert (year.decoded("dtstart"), year.decoded("dtend")) == (dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    month = next(e for e in dated if e.decoded("dtstart") == dt.date(2024, 11, 15))
    assert str(month["summary"]).startswith("Triển khai Tháng hành động vì bình đẳng giới")
    assert "Kế hoạch" in str(month["description"]) and "Đồng Tuyển năm 2024" in str(month["description"])
    report = next(e for e in dated if e.decoded("dtstart") == dt.date(2024, 6, 5))
    assert str(report["summary"]).startswith("Hạn: Báo cáo đánh giá kết quả triển khai thực hiện 6 tháng")
    assert "Chủ trì: Các cơ quan, đơn vị, thành phần có liên quan" in str(report["description"])
    (alarm,) = report.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(days=3)  # a reminder three days before a deadline
    assert len({str(e["uid"]) for e in events}) == len(events)


PLAN_WITH_TIMES = MINIMAL.replace("""    y:
      - Một ý
""", """    hoat_dong:
      - noi_dung: Họp dân
        chu_tri: [UBND xã]
        phoi_hop: [Các thôn]
        thoi_gian: 08/3/2025
      - noi_dung: Nộp hồ sơ
        chu_tri: [Công an xã]
        thoi_gian: {han: 30/6}
      - noi_dung: Tuyên truyền
        thoi_gian: Thường xuyên
      - noi_dung: Tổng kết
""").replace("so: 5", "so: 7")


def test_times_in_words_are_listed_not_dropped(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN_WITH_TIMES, encoding="utf-8")
    result = runner.invoke(app, ["lich", str(plan), "--bang", str(tmp_path / "bang.csv")])
    assert result.exit_code == 0, result.output
    events = _events(tmp_path / "kh.ics")
    by_summary = {str(e["summary"]): e for e in events}
    assert by_summary["Họp dân"].decoded("dtstart") == dt.date(2025, 3, 8)
    assert by_summary["Hạn: Nộp hồ sơ"].decoded("dtstart") == dt.date(2025, 6, 30)  # 30/6 takes the plan year
    year = next(e for e in events if "kế hoạch" in e.get("categories").cats)
    assert "Kế hoạch số 07/KH-UBND" in str(year["summary"])
    assert "- Tuyên truyền (Thường xuyên)" in str(year["description"])
    assert "- Tổng kết" in str(year["description"])
    rows = list(csv.reader(io.StringIO((tmp_path / "bang.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][:2] == ["STT", "Việc"] and rows[0][-1] == "Đã xong"
    assert [r[1] for r in rows[1:]] == ["Họp dân", "Nộp hồ sơ", "Tuyên truyền", "Tổng kết"]  # by date, undated last
    assert rows[3][7] == "Thường xuyên" and rows[1][3] == "UBND xã" and rows[1][4] == "Các thôn"
    assert rows[2][6] == "30/6/2025" and rows[2][7] == "Trước ngày 30/6/2025"


def test_xlsx_checklist_and_reproducible_outputs(tmp_path, monkeypatch):
    import datetime as real_datetime

    import openpyxl.writer.excel as excel

    first, second = tmp_path / "a", tmp_path / "b"
    for year, folder in ((2001, first), (2031, second)):  # saved at two different times
        folder.mkdir()

        class Clock(real_datetime.datetime):
            @classmethod
            def now(cls, tz=None, _year=year):
                return real_datetime.datetime(_year, 5, 6, 7, 8, 9, tzinfo=tz)

        monkeypatch.setattr(excel.datetime, "datetime", Clock)
        result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(folder / "l.ics"), "--bang",
                                     str(folder / "l.xlsx")])
        assert result.exit_code == 0, result.output
    assert (first / "l.ics").read_bytes() == (second / "l.ics").read_bytes()
    assert (first / "l.xlsx").read_bytes() == (second / "l.xlsx").read_bytes()
    sheet = openpyxl.load_workbook(first / "l.xlsx").active
    assert sheet["A2"].value == "STT" and sheet["J2"].value == "Đã xong"
    assert sheet.max_row == 2 + 3


def test_a_file_kehoach_did_not_write_is_kept(tmp_path):
    foreign = tmp_path / "l.ics"
    foreign.write_text("BEGIN:VCALENDAR\nPRODID:-//Outlook//\nEND:VCALENDAR\n", encoding="utf-8")
    table = tmp_path / "bang.csv"
    result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(foreign), "--bang", str(table)])
    assert result.exit_code == 1 and "không ghi đè" in result.output and "--force" in result.output
    assert "PRODID:-//Outlook//" in foreign.read_text(encoding="utf-8") and not table.exists()  # nothing written
    # kehoach's own calendar is replaced; a checklist (perhaps ticked) is not, without --force.
    assert runner.invoke(app, ["lich", str(SAMPLE), "-o", str(tmp_path / "own.ics"), "--bang", str(table)]).exit_code == 0
    table.write_bytes(table.read_bytes().replace(b",\r\n", b",x\r\n", 1))  # the office ticks one line
    result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(tmp_path / "own.ics"), "--bang", str(table)])
    assert result.exit_code == 1 and "đánh dấu việc xong" in result.output
    result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(tmp_path / "own.ics"), "--bang", str(table),
                                 "--force"])
    assert result.exit_code == 0 and (tmp_path / "bang.ban-cu.csv").read_bytes().count(b",x\r\n") == 1


@pytest.mark.parametrize("name", ["bang.txt", "bang"])
def test_a_table_of_an_unknown_kind_is_refused(tmp_path, name):
    result = runner.invoke(app, ["lich", str(SAMPLE), "-o", str(tmp_path / "l.ics"), "--bang", str(tmp_path / name)])
    assert result.exit_code == 1 and ".csv" in result.output and ".xlsx" in result.output
    assert not (tmp_path / "l.ics").exists()


def test_an_invalid_plan_gives_its_problems_not_a_calendar(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL.replace("nam: 2025", "nam: hai"), encoding="utf-8")
    result = runner.invoke(app, ["lich", str(plan)])
    assert result.exit_code == 1 and "kh.yaml:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "kh.ics").exists()
