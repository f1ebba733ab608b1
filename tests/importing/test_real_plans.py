"""Real Word plans of other offices: imported, they validate, render check-clean
and keep every word of the original."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kehoach.api import load_plan, render_bytes
from kehoach.check.audit import audit
from kehoach.cli import app
from kehoach.docx.elements import norm
from kehoach.importing import import_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "real-plans"
REAL_PLANS = sorted(FIXTURES.glob("*.docx"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


def words(docx_bytes: bytes) -> Counter:
    """Every word printed in the body of a .docx (paragraphs and table cells), lower case."""
    with zipfile.ZipFile(__import__("io").BytesIO(docx_bytes)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p"))
    return Counter(re.findall(r"\w+", norm(text)))  # one tone placement: CỘNG HOÀ is CỘNG HÒA


def imported(source: Path, tmp_path: Path):
    target = tmp_path / (source.stem + ".yaml")
    result = import_document(source, target)
    assert [p for p in result.problems if p.severity == "loi"] == []
    return result


def _renders_clean_with_every_word(source, loaded, tmp_path) -> None:
    """The imported plan renders into a document check finds no error in, with every word of ``source``."""
    rendered = render_bytes(loaded)
    out = tmp_path / "lai.docx"
    out.write_bytes(rendered)
    assert [str(f) for f in audit(out) if f.severity == "loi"] == []
    lost = words(source.read_bytes()) - words(rendered)
    assert not lost, f"mất chữ: {dict(lost)}"


@pytest.mark.parametrize("source", REAL_PLANS, ids=lambda p: p.name)
def test_real_plan_imports_renders_clean_and_keeps_its_words(source, tmp_path):
    result = imported(source, tmp_path)
    _renders_clean_with_every_word(source, load_plan(result.target), tmp_path)


def test_real_plan_structure(tmp_path):
    text = imported(FIXTURES / "ke-hoach-thuc-hien-de-an-08.docx", tmp_path).text
    plan = load_plan(tmp_path / "ke-hoach-thuc-hien-de-an-08.yaml").plan
    assert plan.co_quan.chu_quan == ["UBND TỈNH LÀO CAI"] and plan.co_quan.ten == ["SỞ CÔNG THƯƠNG"]
    assert plan.so is None and plan.ky_hieu == "KH-SCT" and plan.dia_danh == "Lào Cai"
    assert plan.ngay_ky.thang == 4 and plan.ngay_ky.ngay is None and plan.nam == 2026
    assert plan.trich_yeu.startswith("Thực hiện Đề án số 08") and plan.trich_yeu.endswith("giai đoạn 2026-2030")
    assert len(plan.can_cu) == 7 and plan.can_cu[0].startswith("Căn cứ Nghị quyết số 35-NQ/TU")
    assert [m.tieu_de for m in plan.phan][:2] == ["MỤC ĐÍCH, YÊU CẦU", "MỤC TIÊU GIAI ĐOẠN 2026-2030"]
    assert len(plan.phan) == 6 and plan.phan[2].muc[0].y[0].noi_dung.startswith("Tham mưu UBND tỉnh")
    assert plan.phan[2].muc[0].doan[0].startswith("**Lãnh đạo phụ trách:**")
    assert plan.nguoi_ky.quyen_han == "KT" and plan.nguoi_ky.chuc_vu == "PHÓ GIÁM ĐỐC"
    assert plan.nguoi_ky.ho_ten == "Trịnh Văn Thành" and plan.noi_nhan[-1] == "Lưu: VT, CN(Trung)"
    appendix = plan.phu_luc[0]  # the report outline, then its two tables "Biểu 01", "Biểu 02"
    assert appendix.nhan == "Phụ lục số 01:" and appendix.tieu_de == "ĐỀ CƯƠNG BÁO CÁO" and len(plan.phu_luc) == 1
    assert appendix.bang.tieu_de.startswith("Biểu 01:") and appendix.bang.don_vi_tinh.startswith("(Lưu ý:")
    assert len(appendix.bang.cot) == 8 and appendix.khoi[0].bang.tieu_de.startswith("Biểu 02:")
    assert "# kiểm tra lại:" in text


def test_word_numbering_gives_the_table_numbers(tmp_path):
    plan = load_plan(imported(FIXTURES / "KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx", tmp_path).target).plan
    table = plan.phu_luc[0].bang
    assert [c.ten for c in table.cot] == ["TT", "Nhiệm vụ thực hiện", "Người thực hiện", "Ghi chú"]
    assert [row.o[0] for row in table.dong] == [f"{i}." for i in range(1, 10)]
    assert table.dong[0].o[2] == "Vũ Việt Linh\nNguyễn Thị Loan"
    run_in = plan.phan[1].muc[0]
    assert (run_in.tieu_de, run_in.noi_dung) == ("Thời gian", "1,5 ngày (bắt đầu từ 13h30 thứ Hai ngày 06/7/2026).")


def test_import_command(tmp_path):
    source = tmp_path / "KH.docx"
    source.write_bytes((FIXTURES / "KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx").read_bytes())
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "KH.yaml").is_file()
    assert "Cần kiểm tra lại" in result.output and "kehoach roll" in result.output
    again = runner.invoke(app, ["import", str(source)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(app, ["import", str(source), "--force", "-o", str(tmp_path)])
    assert forced.exit_code == 0 and list(tmp_path.glob("KH.ban-cu*.yaml"))


OTHER_DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "real-documents"  # copies of ../shared/examples
KINDS = {"BC-1883-DKT_8.4.2026_Ket-qua-kiem-tra-chap-hanh.docx": "bao-cao",
         "BC-dinh-ky-VLNCN-nam-2025.docx": "bao-cao",
         "QD-thanh-lap-doan-kiem-tra-hoa-chat-2026.docx": "quyet-dinh",
         "TB-3915_1.7.2026_Huan-luyen-nguoi-quan-ly.docx": "cong-van",
         "bao-cao-ket-qua-thang-atvsld.docx": "bao-cao"}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_real_report_decision_or_letter_imports_as_its_kind_renders_clean_and_keeps_its_words(name, tmp_path):
    source = OTHER_DOCUMENTS / name
    result = imported(source, tmp_path)
    loaded = load_plan(result.target)
    assert loaded.plan.loai == KINDS[name]
    _renders_clean_with_every_word(source, loaded, tmp_path)


def test_a_real_decision_keeps_its_articles_authority_and_appendix(tmp_path):
    """A Quyết định that issues no plan (it sets up an inspection team): its own five articles."""
    result = imported(OTHER_DOCUMENTS / "QD-thanh-lap-doan-kiem-tra-hoa-chat-2026.docx", tmp_path)
    plan = load_plan(result.target).plan
    assert plan.ke_hoach is None and plan.ky_hieu == "QĐ-SCT" and plan.so is None
    assert plan.co_quan.chu_quan == ["UBND TỈNH LÀO CAI"] and plan.co_quan.ten == ["SỞ CÔNG THƯƠNG"]
    assert plan.tham_quyen == "GIÁM ĐỐC SỞ CÔNG THƯƠNG LÀO CAI"
    assert len(plan.can_cu) == 11 and plan.can_cu[0] == "Căn cứ Luật Hóa chất 69/2025/QH15"
    assert plan.de_nghi == "Theo đề nghị của Trưởng phòng Quản lý công nghiệp"
    assert [len(d.doan) for d in plan.dieu] == [2, 4, 0, 1, 1]
    assert plan.dieu[1].doan[0].startswith("1. Ông: Hoàng Văn Thuân")
    assert plan.dieu[4].doan == ["Quyết định này có hiệu lực kể từ ngày ký"]  # kehoach prints the "./."
    assert (plan.nguoi_ky.chuc_vu, plan.nguoi_ky.ho_ten) == ("GIÁM ĐỐC", "Hoàng Chí Hiền")
    assert plan.noi_nhan[0] == "Như Điều 5"
    appendix = plan.phu_luc[0]
    assert appendix.tieu_de == "DANH SÁCH CÁC ĐƠN VỊ KIỂM TRA" and len(appendix.bang.cot) == 3
    assert len(appendix.bang.dong) == 4
    assert "\"Điều 1:\"" in result.text  # the colon after "Điều 1" is said, not silently changed


def test_a_real_letter_keeps_its_summary_recipient_and_items(tmp_path):
    result = imported(OTHER_DOCUMENTS / "TB-3915_1.7.2026_Huan-luyen-nguoi-quan-ly.docx", tmp_path)
    plan = load_plan(result.target).plan
    assert plan.ky_hieu == "SCT-CN" and plan.trich_yeu.startswith("Thông báo tổ chức huấn luyện")
    assert plan.trich_yeu.endswith("cho người quản lý") and plan.nam == 2026
    assert plan.kinh_gui.noi == ["Các đơn vị hoạt động vật liệu nổ công nghiệp trên địa bàn tỉnh"]
    assert "Theo Kế hoạch số 3898/KH-SCT" in plan.kinh_gui.ghi_chu
    assert [m.noi_dung.split(":")[0] for m in plan.phan] == ["Thời gian", "Địa điểm", "Đối tượng",
                                                            "Nội dung huấn luyện, kiểm tra"]
    assert plan.mo_dau[0].text.startswith("Thực hiện Kế hoạch số 3898/KH-SCT")
    assert plan.ket_thuc[0].endswith("triển khai thực hiện")
    assert (plan.nguoi_ky.quyen_han, plan.nguoi_ky.chuc_vu) == ("KT", "PHÓ GIÁM ĐỐC")


def test_real_reports_keep_their_recipients_and_get_a_conformant_symbol(tmp_path):
    month = load_plan(imported(OTHER_DOCUMENTS / "bao-cao-ket-qua-thang-atvsld.docx", tmp_path).target).plan
    assert month.kinh_gui.noi == ["Cục Kỹ thuật an toàn và Môi trường công nghiệp", "Sở Nội vụ tỉnh Lào Cai"]
    assert month.mo_dau[0].text.startswith("Thực hiện Văn bản số 606/BCT-ATMT")  # not the Kính gửi table
    team = imported(OTHER_DOCUMENTS / "BC-1883-DKT_8.4.2026_Ket-qua-kiem-tra-chap-hanh.docx", tmp_path)
    plan = load_plan(team.target).plan
    # "…/ĐKT-SCT" under "BÁO CÁO": Decree 30 opens the ký hiệu with BC; every letter the office wrote kept
    assert plan.ky_hieu == "BC-ĐKT-SCT" and any("ĐKT-SCT" in m for _, _, m in team.notes)
    assert (plan.nguoi_ky.thay_mat, plan.nguoi_ky.chuc_vu) == ("ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN")
    assert plan.nguoi_ky.dong_duoi_ten == "PHÓ GIÁM ĐỐC SỞ CÔNG THƯƠNG"
    periodic = load_plan(imported(OTHER_DOCUMENTS / "BC-dinh-ky-VLNCN-nam-2025.docx", tmp_path).target).plan
    # a run retyped in Unicode that kept its .VnTime font is not "converted" a second time
    assert periodic.phan[0].tieu_de == "Tình hình quản lý, sử dụng VLNCN, TCTN"
