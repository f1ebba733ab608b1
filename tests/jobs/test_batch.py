"""kehoach batch: one plan, many communes; and render over several files."""

from __future__ import annotations

import csv
import shutil

import pytest
from typer.testing import CliRunner

from kehoach.jobs.batch import FileNames, merge_row, run_batch, slugify
from kehoach.cli import app
from kehoach.jobs.communes import Row, parse_path

from tests.conftest import DATA, all_paragraphs, open_docx

runner = CliRunner()
PLAN = DATA / "dong-tuyen-2024.yaml"
TABLE = DATA / "xa-lao-cai.csv"


def _text(path):
    return "\n".join(p.text for p in all_paragraphs(open_docx(path.read_bytes())))


def test_sample_table_gives_one_document_per_commune_with_its_own_names(tmp_path):
    result = runner.invoke(app, ["batch", str(PLAN), str(TABLE), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "ra").iterdir())
    assert files == ["xa-cam-duong.docx", "xa-dong-tuyen.docx", "xa-hop-thanh.docx", "xa-ta-phoi.docx",
                     "xa-thong-nhat.docx"]
    cam_duong = _text(tmp_path / "ra" / "xa-cam-duong.docx")
    assert "XÃ CAM ĐƯỜNG" in cam_duong and "Cam Đường, ngày" in cam_duong and "Trần Văn Bình" in cam_duong
    assert "Đồng Tuyển" not in cam_duong.replace("Nguyễn Viết Tiệp", "")
    ta_phoi = _text(tmp_path / "ra" / "xa-ta-phoi.docx")
    assert "- Các thôn trên địa bàn xã;" in ta_phoi and "- Lưu: VT, VHXH." in ta_phoi  # a list from one cell
    assert "Tổng: 5 dòng; 5 đã ghi" in result.output


def test_a_bad_row_fails_alone_and_is_named(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa,nguoi_ky.ho_ten,so,ngay_ky\n"
                     "Cam Đường,Trần Văn Bình,,\n"
                     "Tả Phời,,abc,\n"
                     "Hợp Thành,Hoàng Văn Nam,,31/02/2024\n"
                     "Thống Nhất,Phạm Thị Hoa,12,\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(PLAN), str(table), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == ["xa-cam-duong.docx", "xa-thong-nhat.docx"]
    assert f"{table}:3:3: cột `so`: lỗi: cần một số nguyên" in result.output
    assert f"{table}:4:4: cột `ngay_ky`: lỗi: ngày 31/02/2024 không tồn tại" in result.output
    assert "Tổng: 4 dòng; 2 đã ghi" in result.output and "2 lỗi" in result.output
    assert "Số: 12/KH-UBND" in _text(tmp_path / "ra" / "xa-thong-nhat.docx")


def test_dry_run_checks_every_row_and_writes_nothing(tmp_path):
    result = runner.invoke(app, ["batch", str(PLAN), str(TABLE), "-o", str(tmp_path / "ra"), "--dry-run"])
    assert result.exit_code == 0 and "5 hợp lệ" in result.output
    assert not (tmp_path / "ra").exists()


def test_unknown_column_path_is_reported_at_the_cell(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa,nguoi_ky.ho_ten.x,nguoi_ky.hoten\nCam Đường,A,B\n", encoding="utf-8")
    report = run_batch(PLAN, table, tmp_path / "ra", workers=1)
    (outcome,) = report.failed
    text = "\n".join(outcome.problems)
    assert f"{table}:2:2" in text and f"{table}:2:3: cột `nguoi_ky.hoten`" in text and "ho_ten" in text


@pytest.mark.parametrize("names, expected", [
    (["../../etc/x", "..", "a/b\\c", "CON", "nul", "Hòa Bình", "Hoà Bình", "Hoa Binh", "", "ĐỒNG TUYỀN"],
     ["etc-x", "khong-ten", "a-b-c", "con-tep", "nul-tep", "hoa-binh", "hoa-binh-2", "hoa-binh-3", "dong-9",
      "dong-tuyen"]),
])
def test_hostile_file_names_stay_inside_and_never_collide(names, expected):
    chooser = FileNames()
    got = [chooser.name_for(Row(i + 1, {"ten_tep": n} if n else {})) for i, n in enumerate(names)]
    assert got == [e + ".docx" for e in expected]
    assert all("/" not in g and "\\" not in g and not g.startswith(".") for g in got)


def test_hostile_names_through_a_real_batch(tmp_path):
    table = tmp_path / "xa.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ten_xa", "ten_tep"])
        for name in ["../../thoat", "CON", "Hòa Bình", "Hoà Bình", "Hoa Binh"]:
            writer.writerow([name.strip("./") or "x", name])
    out = tmp_path / "ra"
    report = run_batch(PLAN, table, out, workers=2)
    assert not report.failed, report.failed
    written = sorted(p.name for p in out.iterdir())
    assert written == ["con-tep.docx", "hoa-binh-2.docx", "hoa-binh-3.docx", "hoa-binh.docx", "thoat.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ra", "xa.csv"]


def test_same_table_same_bytes_whatever_the_number_of_workers(tmp_path):
    one = run_batch(PLAN, TABLE, tmp_path / "a", workers=1)
    two = run_batch(PLAN, TABLE, tmp_path / "b", workers=2)
    assert not one.failed and not two.failed
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    assert [o.target for o in one.outcomes] == [o.target for o in two.outcomes]


def test_yaml_and_excel_tables(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    yaml_table = tmp_path / "xa.yaml"
    yaml_table.write_text("xa:\n  - ten_xa: Cam Đường\n    nguoi_ky.ho_ten: Trần Văn Bình\n"
                          "  - ten_xa: Tả Phời\n    so: 7\n", encoding="utf-8")
    report = run_batch(PLAN, yaml_table, tmp_path / "y", workers=1)
    assert [o.target for o in report.outcomes] == ["xa-cam-duong.docx", "xa-ta-phoi.docx"] and not report.failed
    assert "Số: 07/KH-UBND" in _text(tmp_path / "y" / "xa-ta-phoi.docx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ten_xa", "so", "noi_nhan"])
    sheet.append(["Hợp Thành", 15, "UBND thành phố\nLưu: VT"])
    sheet.append([None, None, None])
    sheet.append(["Thống Nhất", "x", None])
    workbook.save(tmp_path / "xa.xlsx")
    report = run_batch(PLAN, tmp_path / "xa.xlsx", tmp_path / "x", workers=1)
    assert [o.ok for o in report.outcomes] == [True, False]
    assert f"{tmp_path / 'xa.xlsx'}:4:2: cột `so`" in report.failed[0].problems[0]
    assert "- UBND thành phố;" in _text(tmp_path / "x" / "xa-hop-thanh.docx")


def test_merge_rules():
    base = {"bien": {"ten_xa": "A"}, "nguoi_ky": {"ho_ten": "X"}, "noi_nhan": ["a", "Lưu: VT"]}
    row = Row(2, {"ten_xa": "B", "nguoi_ky.ho_ten": "Y", "noi_nhan[0]": "c", "cap_tren": "", "so": "3"},
              {"ten_xa": 1})
    data, origins, problems = merge_row(base, row, ["bien", "nguoi_ky", "noi_nhan", "so"])
    assert not problems
    assert data == {"bien": {"ten_xa": "B"}, "nguoi_ky": {"ho_ten": "Y"}, "noi_nhan": ["c", "Lưu: VT"], "so": "3"}
    assert base == {"bien": {"ten_xa": "A"}, "nguoi_ky": {"ho_ten": "X"}, "noi_nhan": ["a", "Lưu: VT"]}
    assert set(origins) == {("bien", "ten_xa"), ("nguoi_ky", "ho_ten"), ("noi_nhan", 0), ("so",)}
    assert parse_path("co_quan.ten[1]") == ("co_quan", "ten", 1)
    assert slugify("Xã Đồng Tuyền") == "xa-dong-tuyen"


def test_render_several_files_and_a_folder(tmp_path):
    folder = tmp_path / "kh"
    folder.mkdir()
    shutil.copy(PLAN, folder / "a.yaml")
    (folder / "b.yaml").write_text("nam: sai\n", encoding="utf-8")
    shutil.copy(DATA / "examples" / "hcm-trien-khai-luat-viec-lam-2025.yaml", folder / "c.yaml")
    result = runner.invoke(app, ["render", str(folder)])
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["a.docx", "a.yaml", "b.yaml", "c.docx", "c.yaml"]
    assert "b.yaml" in result.output and "1 tệp kế hoạch không soạn được" in result.output
    out = tmp_path / "ra"
    result = runner.invoke(app, ["render", str(folder / "a.yaml"), str(folder / "c.yaml"), "-o", str(out)])
    assert result.exit_code == 0 and sorted(p.name for p in out.iterdir()) == ["a.docx", "c.docx"]


def test_row_fast_validation_equals_full_validation():
    """batch validates only the keys a row changes; the result must be the one full validation gives."""
    from kehoach.plan.located import Loaded
    from kehoach.plan.loader import load_file
    from kehoach.plan.validation import revalidate, validate

    base = load_file(PLAN)
    plan = validate(base)
    for row in [Row(2, {"ten_xa": "Cam Đường", "nguoi_ky.ho_ten": "A", "so": "12"}),
                Row(3, {"noi_nhan": "UBND huyện|Lưu: VT", "ngay_ky": "05/3/2024", "nam": "2025"})]:
        data, origins, problems = merge_row(base.data, row, type(plan).model_fields)
        assert not problems
        loaded = Loaded(data, base.positions, base.file, base.spans, base.text)
        assert revalidate(plan, loaded, {o[0] for o in origins}) == validate(loaded)


def test_progress_reports_done_and_total(tmp_path):
    seen = []
    run_batch(PLAN, TABLE, tmp_path / "ra", workers=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_progress_bar_only_on_a_terminal(tmp_path):
    result = runner.invoke(app, ["batch", str(PLAN), str(TABLE), "-o", str(tmp_path / "ra")])
    assert "[###" not in result.output  # the runner is not a terminal: quiet
    from kehoach.cli import _progress
    import io
    import sys

    buffer = io.StringIO()
    real, sys.stderr = sys.stderr, buffer
    try:
        show = _progress()
        show(5, 10)
        show(10, 10)
    finally:
        sys.stderr = real
    assert "[###############...............] 5/10" in buffer.getvalue() and "10/10" in buffer.getvalue()


def test_excel_style_csv_semicolons_and_bom(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_bytes("\ufefften_xa;nguoi_ky.ho_ten\nCam Đường;Trần Văn Bình\n".encode("utf-8"))
    report = run_batch(PLAN, table, tmp_path / "ra", workers=1)
    assert [o.target for o in report.outcomes] == ["xa-cam-duong.docx"] and not report.failed


def test_csv_saved_in_a_windows_code_page_is_refused_with_the_fix(tmp_path):
    table = tmp_path / "xa.csv"
    import unicodedata

    # What Excel's plain "CSV" does on a Vietnamese Windows: code page 1258, accents as combining marks.
    table.write_bytes(unicodedata.normalize("NFD", "ten_xa\nHà Tả\n").encode("cp1258"))
    result = runner.invoke(app, ["batch", str(PLAN), str(table), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 1 and "CSV UTF-8" in result.output


def test_a_row_wider_than_the_header_is_refused_at_its_line(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa,nguoi_ky.ho_ten\nCam Đường,A,B\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(PLAN), str(table), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 1 and f"{table}:2:3" in result.output and "dấu nháy kép" in result.output


def test_rows_are_read_as_they_are_needed_so_memory_stays_flat():
    """However long the table, only a few chunks of rows are ever in flight."""
    from concurrent.futures import Future

    from kehoach.jobs.batch import Outcome, Task, _bounded

    read = 0

    def rows():
        nonlocal read
        for i in range(100_000):
            read += 1
            yield Task(i, {}, {}, f"{i}.docx")

    class Inline:  # an executor that finishes each chunk at once
        def submit(self, function, chunk):
            future = Future()
            future.set_result([Outcome(t.row, t.target, True) for t in chunk])
            return future

    stream = _bounded(Inline(), rows(), limit=3, chunk=16)
    first = next(stream)
    assert first.row == 0 and read <= 3 * 16
    assert sum(1 for _ in stream) == 100_000 - 1
