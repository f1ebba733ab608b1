"""validate checks every place that names an administrative unit against the list in force on the signing date."""

from __future__ import annotations

import csv
import subprocess
import sys

from typer.testing import CliRunner

from kehoach.api import load_plan_text, prepare_loaded
from kehoach.cli import app
from kehoach.units import catalogue

from tests.conftest import DATA

runner = CliRunner()

PLAN = """\
bien:
  ten_xa: Đồng Tuyển
  cap_tren: thành phố Lào Cai
co_quan:
  ten: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]
dia_danh: "{{ ten_xa }}"
nam: 2024
ngay_ky: 05/02/2024
trich_yeu: Phòng chống thiên tai năm {{ nam }}
phan:
  - tieu_de: Mục đích
    y:
      - Thực hiện Kế hoạch của UBND {{ cap_tren }} và của UBND tỉnh Lào Cai.
noi_nhan:
  - UBND {{ cap_tren }}
  - "Lưu: VT"
nguoi_ky:
  thay_mat: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn A
"""


def unit_warnings(text: str):
    return [w for w in prepare_loaded(load_plan_text(text, "k.yaml")).warnings if "danh mục" in w.message
            or "01/7/2025" in w.message]


def test_a_correct_commune_and_its_district_are_not_flagged():
    assert unit_warnings(PLAN) == []


def test_the_misspelt_commune_is_caught_at_its_variable_with_the_official_spelling():
    (warning,) = unit_warnings(PLAN.replace("ten_xa: Đồng Tuyển", "ten_xa: Đồng Tuyền"))
    assert warning.severity == "canh_bao" and (warning.line, warning.path) == (2, "bien.ten_xa")
    assert "Có phải `Đồng Tuyển`?" in warning.message
    assert "xã Đồng Tuyển, thành phố Lào Cai, tỉnh Lào Cai" in warning.message


def test_each_place_is_checked_where_it_is():
    text = PLAN.replace('"Xã {{ ten_xa }}"', "XÃ ĐỒNG TUYỀN").replace('"{{ ten_xa }}"', "Đồng Tuyen") \
        .replace("UBND tỉnh Lào Cai", "UBND tỉnh Lao Cai").replace("  - UBND {{ cap_tren }}",
                                                                    "  - UBND thành phố Lào Kai")
    found = {w.path: w.message for w in unit_warnings(text)}
    assert set(found) == {"co_quan.ten[1]", "dia_danh", "phan[0].y[0]", "noi_nhan[0]"}
    assert "Có phải `Đồng Tuyển`?" in found["co_quan.ten[1]"] and "Có phải `Đồng Tuyển`?" in found["dia_danh"]
    assert "Có phải `Lào Cai`?" in found["phan[0].y[0]"]
    assert "`thành phố Lào Kai` không có" in found["noi_nhan[0]"]


def test_the_kind_of_unit_is_checked():
    (warning,) = unit_warnings(PLAN.replace('"Xã {{ ten_xa }}"', "Phường Cam Đường"))
    assert "là xã" in warning.message and "không phải phường" in warning.message


def test_a_unit_of_the_old_list_is_accepted_in_2024_and_reported_in_2026():
    assert unit_warnings(PLAN) == []
    later = PLAN.replace("nam: 2024", "nam: 2026").replace("05/02/2024", "05/02/2026")
    found = {w.path: w.message for w in unit_warnings(later)}
    assert "không còn từ ngày 01/7/2025" in found["bien.ten_xa"] and "xã Cốc San, tỉnh Lào Cai" in found["bien.ten_xa"]
    assert "cấp huyện không còn" in found["bien.cap_tren"] and "UBND tỉnh Lào Cai" in found["bien.cap_tren"]
    assert "phan[0].y[0]" not in found  # "UBND tỉnh Lào Cai" exists in both lists


def test_the_signing_date_decides_the_list_not_the_plan_year():
    signed_in_july = PLAN.replace("nam: 2024", "nam: 2025").replace("05/02/2024", "01/7/2025")
    assert any("xã Cốc San" in w.message for w in unit_warnings(signed_in_july))
    signed_in_june = signed_in_july.replace("01/7/2025", "30/6/2025")
    assert unit_warnings(signed_in_june) == []


def test_a_unit_named_as_it_was_on_purpose_is_not_flagged():
    later = PLAN.replace("nam: 2024", "nam: 2026").replace("05/02/2024", "05/02/2026") \
        .replace("ten_xa: Đồng Tuyển", "ten_xa: Cốc San").replace("cap_tren: thành phố Lào Cai", "cap_tren: tỉnh Lào Cai")
    assert unit_warnings(later.replace("và của UBND tỉnh Lào Cai", "và của UBND tỉnh Yên Bái (cũ)")) == []
    (warning,) = unit_warnings(later.replace("và của UBND tỉnh Lào Cai", "và của UBND tỉnh Yên Bái"))
    assert "tỉnh Yên Bái không còn từ ngày 01/7/2025: đã hợp nhất vào tỉnh Lào Cai" in warning.message


def test_the_sample_plans_name_their_units_officially():
    for path in (DATA / "dong-tuyen-2024.yaml", *sorted((DATA / "examples").glob("*.yaml"))):
        assert unit_warnings(path.read_text(encoding="utf-8")) == [], path


def test_the_sample_commune_table_is_checked_against_the_list():
    rows = list(csv.DictReader((DATA / "xa-lao-cai.csv").open(encoding="utf-8")))
    old = catalogue.old_list()
    (district,) = old.named("Lào Cai", ("thành phố",))
    for row in rows:
        assert old.named(row["ten_xa"], ("xã",), within=district), row["ten_xa"]
        assert row["cap_tren"] == district.full


def test_a_misspelt_commune_in_a_batch_table_is_reported_at_its_row_and_column(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("nguoi_ky.ho_ten,ten_xa\nA,Cam Đường\nB,Tả Phơi\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(DATA / "dong-tuyen-2024.yaml"), str(table), "--dry-run"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.output.splitlines() if "danh mục" in x]
    assert line.startswith(f"{table}:3:2: cột `ten_xa`: cảnh báo:") and "Có phải `Tả Phời`?" in line


def test_render_of_a_plan_naming_no_commune_does_not_read_the_lists(tmp_path):
    plan = tmp_path / "bo.yaml"
    plan.write_text(PLAN.replace("bien:\n  ten_xa: Đồng Tuyển\n  cap_tren: thành phố Lào Cai\n", "")
                    .replace('"Xã {{ ten_xa }}"', "Tỉnh Lào Cai").replace('"{{ ten_xa }}"', "Lào Cai")
                    .replace("UBND {{ cap_tren }} và của ", "").replace("UBND {{ cap_tren }}", "Các sở, ngành"),
                    encoding="utf-8")
    code = ("import sys\nfrom kehoach.api import render_document\nr = render_document(sys.argv[1])\n"
            "print(len(r.warnings), 'kehoach.units.catalogue' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code, str(plan)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "False"], result.stdout + result.stderr
    plan.write_text(plan.read_text(encoding="utf-8").replace("Lào Cai", "Lào Kai"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", code, str(plan)], capture_output=True, text=True, check=True)
    assert result.stdout.split()[1] == "True"  # a doubtful name reads the list, to suggest the right one


def test_a_unit_warning_says_how_to_silence_it_and_the_comment_silences_it():
    misspelt = PLAN.replace("ten_xa: Đồng Tuyển", "ten_xa: Đồng Tuyền")
    (warning,) = unit_warnings(misspelt)
    assert warning.code == "don-vi" and "`# kehoach: bo-qua don-vi` ở cuối dòng 2" in warning.message
    assert unit_warnings(misspelt.replace("ten_xa: Đồng Tuyền", "ten_xa: Đồng Tuyền  # kehoach: bo-qua don-vi")) == []
