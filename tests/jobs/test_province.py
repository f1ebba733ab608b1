"""batch --tinh: one document per unit of a province, from the official list; danh-muc: the list as a table."""

from __future__ import annotations

import csv
import io

import docx
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.jobs.batch import slugify
from kehoach.units import catalogue

from tests.conftest import all_paragraphs

runner = CliRunner()

PLAN = """\
bien:
  ten_xa: Cốc San
  loai_xa: xã
co_quan:
  chu_quan: [UBND tỉnh Lào Cai]
  ten: [Ủy ban nhân dân, "{{ loai_xa | capitalize }} {{ ten_xa }}"]
so: 5
dia_danh: "{{ ten_xa }}"
nam: 2026
ngay_ky: {thang: 2, nam: 2026}
trich_yeu: Phòng chống thiên tai năm {{ nam }} của {{ loai_xa }} {{ ten_xa }}
phan:
  - tieu_de: Mục đích
    y:
      - Thực hiện trên địa bàn {{ loai_xa }} {{ ten_xa }}.
noi_nhan:
  - UBND tỉnh Lào Cai
  - "Lưu: VT"
nguoi_ky:
  thay_mat: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn A
"""


def test_batch_tinh_writes_exactly_the_units_of_the_province(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["batch", str(plan), "--tinh", "Lào Cai", "-o", str(tmp_path / "ra"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    new = catalogue.new_list()
    units = new.children(new.province("Lào Cai"))
    assert len(units) == 99
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == sorted(slugify(u.full) + ".docx" for u in units)
    assert "Tổng: 99 dòng; 99 đã ghi" in result.output and "cảnh báo" not in result.output
    document = docx.Document(str(tmp_path / "ra" / "phuong-cam-duong.docx"))
    header = document.tables[0].rows[0].cells[0].text
    assert "PHƯỜNG CAM ĐƯỜNG" in header and "UBND TỈNH LÀO CAI" in header
    assert any(p.text.endswith("của phường Cam Đường") for p in document.paragraphs)


def test_a_table_adds_columns_joined_by_code_or_name_and_a_wrong_name_is_reported_at_its_cell(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    table = tmp_path / "them.csv"
    table.write_text("ma_xa,ten_xa,nguoi_ky.ho_ten\n2746,,Nguyễn Văn Cốc\n,Bát Xát,Lò Văn Bát\n", encoding="utf-8")
    out = tmp_path / "ra"
    result = runner.invoke(app, ["batch", str(plan), str(table), "--tinh", "lao cai", "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 99
    signers = {name: "\n".join(p.text for p in all_paragraphs(docx.Document(str(out / name))))
               for name in ("xa-coc-san.docx", "xa-bat-xat.docx", "xa-hop-thanh.docx")}
    assert "Nguyễn Văn Cốc" in signers["xa-coc-san.docx"] and "Lò Văn Bát" in signers["xa-bat-xat.docx"]
    assert "Lê Văn A" in signers["xa-hop-thanh.docx"]  # a unit without a row keeps the plan's signer
    table.write_text("ten_xa,nguoi_ky.ho_ten\nCốc San,A\nBát Sát,B\nĐồng Tuyển,C\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(plan), str(table), "--tinh", "Lào Cai", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and not (tmp_path / "x").exists()
    assert f"{table}:3:1: cột `ten_xa`: lỗi: `Bát Sát` không phải một đơn vị của tỉnh Lào Cai" in result.output
    assert "Có phải `Bát Xát` (xã Bát Xát)?" in result.output
    assert f"{table}:4:1" in result.output and "từ ngày 01/7/2025 thuộc xã Cốc San" in result.output


def test_a_province_that_is_not_in_the_list_is_refused_with_what_became_of_it(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    merged = runner.invoke(app, ["batch", str(plan), "--tinh", "Yên Bái", "-o", str(tmp_path / "ra")])
    assert merged.exit_code == 1 and "tỉnh Yên Bái đã hợp nhất vào tỉnh Lào Cai" in merged.output
    typo = runner.invoke(app, ["batch", str(plan), "--tinh", "Lao Kai", "-o", str(tmp_path / "ra")])
    assert typo.exit_code == 1 and "Có phải `Lào Cai`?" in typo.output
    neither = runner.invoke(app, ["batch", str(plan), "-o", str(tmp_path / "ra")])
    assert neither.exit_code == 1 and "`--tinh`" in neither.output
    assert not (tmp_path / "ra").exists()


def test_danh_muc_prints_or_writes_the_list_as_a_batch_table(tmp_path):
    result = runner.invoke(app, ["danh-muc", "--tinh", "Lào Cai"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 99 and {"ma_xa": "02746", "ten_xa": "Cốc San", "loai_xa": "xã", "ten_tinh": "Lào Cai",
                                "loai_tinh": "tỉnh"} in rows
    old = list(csv.DictReader(io.StringIO(runner.invoke(app, ["danh-muc", "--tinh", "Lào Cai", "--truoc-2025"]).output)))
    assert {"ma_xa": "02662", "ten_xa": "Đồng Tuyển", "loai_xa": "xã", "ten_tinh": "Lào Cai", "loai_tinh": "tỉnh",
            "ten_huyen": "Lào Cai", "loai_huyen": "thành phố"} in old
    everything = runner.invoke(app, ["danh-muc"]).output
    assert everything.count("\n") == 3321 + 1
    target = tmp_path / "lao-cai.csv"
    assert runner.invoke(app, ["danh-muc", "--tinh", "Lào Cai", "-o", str(target)]).exit_code == 0
    assert target.read_bytes().startswith("\ufeffma_xa,ten_xa".encode())


def test_batch_tinh_fills_the_variables_the_clerk_named(tmp_path):
    """`--bien ten_phuong=ten_xa`: a plan written with its own variable names gets each unit's name in them."""
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN.replace("ten_xa", "ten_phuong").replace("loai_xa", "loai"), encoding="utf-8")
    out = tmp_path / "ra"
    result = runner.invoke(app, ["batch", str(plan), "--tinh", "Lào Cai", "-o", str(out), "--workers", "1",
                                 "--bien", "ten_phuong=ten_xa", "--bien", "loai = loai_xa"])
    assert result.exit_code == 0, result.output
    assert "Tổng: 99 dòng; 99 đã ghi" in result.output and "cảnh báo" not in result.output
    document = docx.Document(str(out / "phuong-cam-duong.docx"))
    assert "PHƯỜNG CAM ĐƯỜNG" in document.tables[0].rows[0].cells[0].text
    assert any(p.text.endswith("của phường Cam Đường") for p in document.paragraphs)
    assert not any("Cốc San" in p.text for p in document.paragraphs)  # the plan's own value is replaced


def test_a_wrong_variable_naming_is_refused_before_any_file_is_written(tmp_path):
    plan = tmp_path / "kh.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "ra"
    for pair, said in (("ten_phuong", "cần dạng TÊN_BIẾN=CỘT"), ("ten_phuong=ten_phuong", "không phải một cột"),
                       ("Tên=ten_xa", "chỉ gồm chữ thường không dấu"), ("ten_xa=don_vi", "đã là tên một cột"),
                       ("huyen=ten_huyen", "không có cấp huyện")):
        result = runner.invoke(app, ["batch", str(plan), "--tinh", "Lào Cai", "-o", str(out), "--bien", pair])
        assert result.exit_code == 1 and "--bien" in result.output and said in result.output, (pair, result.output)
        assert "Traceback" not in result.output and not out.exists()
    twice = runner.invoke(app, ["batch", str(plan), "--tinh", "Lào Cai", "-o", str(out), "--bien", "a=ten_xa",
                                "--bien", "a=loai_xa"])
    assert twice.exit_code == 1 and "được đặt hai lần" in twice.output
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa\nCốc San\n", encoding="utf-8")
    alone = runner.invoke(app, ["batch", str(plan), str(table), "-o", str(out), "--bien", "a=ten_xa"])
    assert alone.exit_code == 1 and "chỉ dùng cùng `--tinh`" in alone.output and not out.exists()


def test_before_the_reform_the_district_columns_can_be_named_too(tmp_path):
    plan = tmp_path / "kh.yaml"
    text = (PLAN.replace("nam: 2026", "nam: 2024").replace("thang: 2, nam: 2026", "thang: 2, nam: 2024")
            .replace("Thực hiện trên địa bàn", "Thuộc {{ cap }} {{ huyen_cua_toi }}; địa bàn"))
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "ra"
    result = runner.invoke(app, ["batch", str(plan), "--tinh", "Lào Cai", "-o", str(out), "--workers", "1",
                                 "--bien", "huyen_cua_toi=ten_huyen", "--bien", "cap=loai_huyen", "--dry-run"])
    assert result.exit_code == 0, result.output
