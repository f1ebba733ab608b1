"""batch, roll and init for every kind of document (issue 14): a Quyết định per commune, next
year's Báo cáo from this year's, a starter of each kind that renders as it is and passes check."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kehoach.api import load_plan, load_plan_text, prepare_loaded
from kehoach.check.audit import audit
from kehoach.cli import app
from kehoach.jobs.roll import roll_text
from kehoach.jobs.starter import KINDS, starter_text

from tests.conftest import DATA, all_paragraphs, open_docx, render_text

runner = CliRunner()
TABLE = DATA / "xa-lao-cai.csv"
COMMUNES = ["xa-cam-duong.docx", "xa-dong-tuyen.docx", "xa-hop-thanh.docx", "xa-ta-phoi.docx",
            "xa-thong-nhat.docx"]


def _paragraphs(path) -> list[str]:
    return [p.text for p in all_paragraphs(open_docx(path.read_bytes()))]


@pytest.fixture
def samples(tmp_path):
    for path in DATA.glob("dong-tuyen-2024*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize("kind", ["quyet-dinh", "bao-cao", "cong-van"])
def test_batch_writes_one_document_of_each_kind_per_commune(samples, kind):
    out = samples / "ra"
    result = runner.invoke(app, ["batch", str(samples / f"dong-tuyen-2024.{kind}.yaml"), str(TABLE), "-o", str(out),
                                 "--workers", "1", "--check"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == COMMUNES
    assert "Kiểm tra thể thức: 5/5 văn bản đạt." in result.output
    cam_duong = _paragraphs(out / "xa-cam-duong.docx")
    assert "Trần Văn Bình" in cam_duong and any(p.startswith("Cam Đường, ngày") for p in cam_duong)
    assert not any("Đồng Tuyển" in p or "ĐỒNG TUYỂN" in p for p in cam_duong)


def test_a_decision_per_commune_issues_that_commune_plan(samples):
    out = samples / "ra"
    runner.invoke(app, ["batch", str(samples / "dong-tuyen-2024.quyet-dinh.yaml"), str(TABLE), "-o", str(out),
                        "--workers", "1"])
    paragraphs = _paragraphs(out / "xa-ta-phoi.docx")
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TẢ PHỜI" in paragraphs
    assert paragraphs.count("XÃ TẢ PHỜI") == 2  # the Quyết định's header, then the attached plan's
    assert any(p.startswith("(Ban hành kèm theo Quyết định số") and "Ủy ban nhân dân xã Tả Phời" in p
               for p in paragraphs)
    assert "KẾ HOẠCH" in paragraphs and "QUYẾT ĐỊNH:" in paragraphs


REPORT_2024 = """\
loai: bao-cao
co_quan:
  ten: [Ủy ban nhân dân, Xã Hòa Bình]
so: 12
ky_hieu: BC-UBND
dia_danh: Hòa Bình
nam: 2024
ngay_ky: 03/12/2024
trich_yeu: Kết quả thực hiện Kế hoạch số 5/KH-UBND về phòng chống thiên tai năm {{ nam }}
kinh_gui: UBND huyện
phan:
  - tieu_de: Kết quả thực hiện
    muc:
      - tieu_de: Tuyên truyền
        hoat_dong:
          - noi_dung: Tổ chức hội nghị tuyên truyền
            thoi_gian: {tu_ngay: 01/3/2024, den_ngay: 30/6/2024}
            ket_qua_thuc_hien: |-
              Đã tổ chức 3 hội nghị năm 2024.
              Có 200 lượt người tham dự.
        ket_qua_thuc_hien: Hoàn thành.
        khoi:
          - bang:
              cot: [STT, Nội dung, Số lượng]
              dong: [["1", Hội nghị, "3"]]
  - tieu_de: Tồn tại, hạn chế
    ket_qua_thuc_hien: Kinh phí còn hạn chế.
ket_thuc: ["Trên đây là báo cáo kết quả năm {{ nam }}."]
noi_nhan: [Như trên, "Lưu: VT"]
nguoi_ky:
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn A
"""


def test_next_year_report_from_this_year_clears_every_result_and_lists_the_figures():
    rolled = roll_text(REPORT_2024.encode("utf-8"), "bc-2024.yaml")
    report = load_plan_text(rolled.text).plan
    assert report.nam == 2025 and report.so is None and report.ngay_ky.ngay is None
    activity = report.phan[0].muc[0].hoat_dong[0]
    assert activity.ket_qua_thuc_hien == "" and report.phan[0].muc[0].ket_qua_thuc_hien == ""
    assert report.phan[1].ket_qua_thuc_hien == ""
    assert activity.thoi_gian.tu_ngay.year == 2025
    cleared = [c for c in rolled.changes if c.path.endswith("ket_qua_thuc_hien")]
    assert len(cleared) == 3 and all(c.after == '""' for c in cleared)
    assert [r.path for r in rolled.reviews if "số liệu" in r.reason] == ["phan[0].muc[0].khoi[0].bang"]
    assert "Đã tổ chức" not in rolled.text and "Hội nghị" in rolled.text  # the results went, the table stayed
    warnings = prepare_loaded(load_plan_text(rolled.text)).warnings
    assert sum("chưa ghi kết quả" in w.message for w in warnings) == 3  # validate lists them for the clerk


def test_the_sample_report_rolls_and_still_renders():
    source = DATA / "dong-tuyen-2024.bao-cao.yaml"
    rolled = roll_text(source.read_bytes(), str(source))
    assert not [c for c in rolled.changes if c.path.endswith("ket_qua_thuc_hien")]  # all still empty
    assert load_plan_text(rolled.text).plan.nam == 2025
    assert any("năm 2025" in p.text for p in all_paragraphs(open_docx(render_text(rolled.text))))


def test_next_year_decision_issues_next_year_plan(samples):
    for name in ("dong-tuyen-2024.yaml", "dong-tuyen-2024.quyet-dinh.yaml"):
        assert runner.invoke(app, ["roll", str(samples / name)]).exit_code == 0
    decision = samples / "dong-tuyen-2025.quyet-dinh.yaml"
    assert "ke_hoach: dong-tuyen-2025.yaml" in decision.read_text(encoding="utf-8")
    result = runner.invoke(app, ["render", str(decision)])
    assert result.exit_code == 0, result.output
    paragraphs = _paragraphs(decision.with_suffix(".docx"))
    assert any("năm 2025" in p for p in paragraphs) and "QUYẾT ĐỊNH:" in paragraphs


# -------------------------------------------------------------------- init --

@pytest.mark.parametrize("kind", KINDS)
def test_each_starter_renders_as_it_is_and_passes_check(tmp_path, kind):
    result = runner.invoke(app, ["init", "--loai", kind, str(tmp_path / "x.yaml"), "--ten-xa", "Hòa Bình",
                                 "--nam", "2026", "--cap-tren", "tỉnh Lào Cai"])
    assert result.exit_code == 0, result.output
    loaded = load_plan(tmp_path / "x.yaml")
    assert loaded.plan.loai == kind
    prepared = prepare_loaded(loaded)
    expected = 3 if kind == "bao-cao" else 0  # the starter shows how an empty result is reminded
    assert len(prepared.warnings) == expected
    assert all("chưa ghi kết quả" in w.message for w in prepared.warnings)
    assert runner.invoke(app, ["render", str(tmp_path / "x.yaml")]).exit_code == 0
    assert audit(tmp_path / "x.docx") == []


@pytest.mark.parametrize("kind, marks", [
    ("quyet-dinh", ["QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "QUYẾT ĐỊNH:", "KẾ HOẠCH"]),
    ("bao-cao", ["BÁO CÁO", "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai", "II. TỒN TẠI, HẠN CHẾ"]),
    ("cong-van", ["Kính gửi:", "- Như trên;"]),
])
def test_each_starter_is_its_kind(kind, marks):
    text = starter_text(ten_xa="Hòa Bình", nam=2026, cap_tren="tỉnh Lào Cai", file_name="x.yaml", schema="s.json",
                        kind=kind)
    paragraphs = [p.text for p in all_paragraphs(open_docx(render_text(text)))]
    for mark in marks:
        assert mark in paragraphs, mark


def test_init_names_the_file_by_its_kind_and_refuses_an_unknown_kind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "--loai", "bao-cao", "--nam", "2026"])
    assert result.exit_code == 0 and (tmp_path / "bao-cao.yaml").is_file()
    assert "kehoach render bao-cao.yaml" in result.output
    bad = runner.invoke(app, ["init", "--loai", "to-trinh"])
    assert bad.exit_code == 1 and "loại văn bản là một trong ke-hoach, quyet-dinh, bao-cao, cong-van" in bad.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.yaml", "kehoach.schema.json"]
