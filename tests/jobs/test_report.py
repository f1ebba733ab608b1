"""kehoach bao-cao: the Báo cáo of a plan's results (Phụ lục III, Mẫu 1.4), prefilled from the plan.

The report file has every section and activity of the plan, and says nothing
the plan does not: every piece of text in the rendered report is the plan's
own, or one of kehoach's fixed words (labels, the report's frame, the two
closing parts)."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from kehoach import decree
from kehoach.api import load_plan, load_plan_text, prepare_loaded
from kehoach.cli import app
from kehoach.compose.document import variables
from kehoach.compose.templating import render_text as fill
from kehoach.jobs.report import report_text, write_report
from kehoach.plan.model import Muc

from tests.conftest import DATA, all_paragraphs, open_docx, render_path, render_text
from tests.plans import MINIMAL

runner = CliRunner()
SOURCE = DATA / "dong-tuyen-2024.yaml"
SAMPLE = DATA / "dong-tuyen-2024.bao-cao.yaml"


@pytest.fixture(scope="module")
def written():
    result = load_plan(SOURCE)
    return report_text(result.plan, result.loaded.data, SOURCE.name)


def _walk(muc: Muc, path: tuple):
    yield path, muc
    for i, child in enumerate(muc.muc):
        yield from _walk(child, path + ("muc", i))


def _sections(plan):
    for i, muc in enumerate(plan.phan):
        yield from _walk(muc, ("phan", i))


def _at(plan, path):
    node = plan
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return node


_LABEL = re.compile(r"^(?:[-+]\s*)?(?:(?:[IVXLC]+|\d+(?:\.\d+)*)\.|[a-zđ]\))\s*")


def _norm(text: str) -> str:
    text = _LABEL.sub("", " ".join(text.split()))
    return text.casefold().strip(" .;:/")


def test_every_section_and_activity_of_the_plan_is_an_entry(written):
    plan = load_plan(SOURCE).plan
    report = load_plan_text(written).plan
    assert report.loai == "bao-cao"
    paths = [path for path, _ in _sections(plan)]
    assert len(paths) == 21  # the Đồng Tuyển plan: 5 parts, 16 sections below them
    for path, muc in _sections(plan):
        entry = _at(report, path)
        assert (entry.tieu_de, entry.don_vi, entry.so) == (muc.tieu_de, muc.don_vi, muc.so), path
        assert len(entry.hoat_dong) == len(muc.hoat_dong)
        for planned, reported in zip(muc.hoat_dong, entry.hoat_dong):
            assert (reported.noi_dung, reported.chu_tri, reported.phoi_hop, reported.thuc_hien, reported.thoi_gian,
                    reported.ket_qua) == (planned.noi_dung, planned.chu_tri, planned.phoi_hop, planned.thuc_hien,
                                          planned.thoi_gian, planned.ket_qua)
            assert reported.ket_qua_thuc_hien == ""
        leaf = not muc.muc and not muc.hoat_dong
        assert (entry.ket_qua_thuc_hien == "") if leaf else entry.ket_qua_thuc_hien is None, path
    # Then the two usual closing parts, and nothing else.
    assert [m.tieu_de for m in report.phan[len(plan.phan):]] == ["Tồn tại, hạn chế",
                                                                 "Phương hướng, nhiệm vụ thời gian tới"]


def test_every_heading_of_the_plan_is_printed_in_the_report(written):
    plan = load_plan(SOURCE).plan
    context = variables(plan)
    text = [_norm(p.text) for p in all_paragraphs(open_docx(render_text(written)))]
    for path, muc in _sections(plan):
        heading = _norm(fill(muc.tieu_de or muc.don_vi, context))
        assert heading in text, (path, heading)


# What kehoach itself writes in a report: the header's fixed words, the frame of
# the trích yếu, opening and closing, labels, the closing parts and the blanks.
_OWN = ["cộng hòa xã hội chủ nghĩa việt nam", "độc lập - tự do - hạnh phúc", "báo cáo", "nơi nhận", "như trên",
        "tồn tại, hạn chế", "phương hướng, nhiệm vụ thời gian tới", "kết quả thực hiện", "thời gian",
        "số", "/bc-ubnd", "kính gửi", "ngày", "tháng", "năm", "trên đây là báo cáo kết quả thực hiện kế hoạch của",
        "thực hiện kế hoạch về", "báo cáo kết quả thực hiện như sau", "kế hoạch về", decree.BLANK_RESULT, "…", ","]


def _pieces(text: str) -> list[str]:
    """What is left of a paragraph once kehoach's own words are cut out of it."""
    text = _norm(text).replace("…", " … ")
    for own in sorted(_OWN, key=len, reverse=True):
        text = text.replace(own.casefold(), "|")
    return [p.strip(" .;:,/()") for p in text.split("|") if len(p.strip(" .;:,/()")) > 2]


def test_the_report_invents_nothing(written):
    plan_text = _norm(" ".join(p.text for p in all_paragraphs(open_docx(render_path(SOURCE)))))
    report = [p.text for p in all_paragraphs(open_docx(render_text(written))) if p.text.strip()]
    invented = [(text, piece) for text in report for piece in _pieces(text) if piece not in plan_text]
    assert invented == []
    # ... and the test can fail: a figure the plan does not have is found.
    assert _pieces("Đã tổ chức 12 hội nghị") == ["đã tổ chức 12 hội nghị"]


def test_the_sample_is_what_the_command_writes(written):
    assert SAMPLE.read_text(encoding="utf-8") == written


def test_the_frame_names_the_plan_and_the_recipient_of_its_reporting_duty(written):
    report = load_plan_text(written).plan
    assert report.trich_yeu.startswith("Kết quả thực hiện Kế hoạch về thực hiện công tác bình đẳng giới")
    assert report.kinh_gui.noi == ["UBND xã (Qua Bộ phận Lao động thương binh và xã hội)"]
    assert report.noi_nhan == ["Như trên", "Lưu: VT, VH"]
    assert report.nguoi_ky == load_plan(SOURCE).plan.nguoi_ky
    assert report.ky_hieu == "BC-UBND" and report.so is None
    assert "Hạn gửi báo cáo theo kế hoạch: 6 tháng trước ngày 05/6; báo cáo năm trước ngày 05/12." in written


def test_a_numbered_plan_is_named_by_its_number_and_date():
    result = load_plan_text(MINIMAL)
    text = report_text(result.plan, result.loaded.data, "k.yaml", "năm")
    report = load_plan_text(text).plan
    assert report.trich_yeu == "Kết quả thực hiện năm {{ nam }} Kế hoạch số 05/KH-UBND ngày 03/01/2025 về phòng " \
                               "chống thiên tai năm {{ nam }}"
    assert report.kinh_gui is None and report.noi_nhan == ["Lưu: VT"]  # the plan names no one to report to
    assert "không có chế độ báo cáo" in text
    assert report.phan[-1].tieu_de == "Phương hướng, nhiệm vụ năm {{ nam_sau }}"


def test_the_plan_own_number_stays_the_plan_number():
    result = load_plan_text(MINIMAL.replace("Một ý", "Theo Kế hoạch số {{ so }}/{{ ky_hieu }}"))
    text = report_text(result.plan, result.loaded.data, "k.yaml")
    assert "Theo Kế hoạch số 05/KH-UBND" in text and "{{ so }}" not in text


def test_validate_lists_each_empty_result_at_its_line(tmp_path):
    target = tmp_path / "bc.yaml"
    shutil.copy(SAMPLE, target)
    result = runner.invoke(app, ["validate", str(target)])
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    warnings = [w for w in result.output.split("\n") if "chưa ghi kết quả thực hiện" in w]
    assert result.exit_code == 0 and len(warnings) == 19  # 18 sections and 1 activity
    for warning in warnings:
        line = int(warning.split(":")[1])
        assert lines[line - 1].strip() == "ket_qua_thuc_hien: \"\""
    filled = target.read_text(encoding="utf-8").replace('  ket_qua_thuc_hien: ""', '  ket_qua_thuc_hien: "Đã làm."', 1)
    target.write_text(filled, encoding="utf-8")
    assert runner.invoke(app, ["validate", str(target)]).output.count("chưa ghi kết quả") == 18


def test_results_and_a_table_of_figures_print_where_written():
    text = MINIMAL.replace("so: 5", "loai: bao-cao\nso: 5").replace("      - Một ý\n", (
        "      - Một ý\n"
        "    ket_qua_thuc_hien: |-\n"
        "      Đã tổ chức 3 hội nghị.\n"
        "      Đã treo 20 băng rôn.\n"
        "    khoi:\n"
        "      - bang:\n"
        "          cot: [STT, Nội dung, Số lượng]\n"
        "          dong: [[1, Hội nghị, 3], [2, Băng rôn, 20]]\n")).replace("noi_nhan:", "ket_thuc: [Trên đây là báo cáo.]\nnoi_nhan:")
    document = open_docx(render_text(text))
    paragraphs = [p.text for p in all_paragraphs(document) if p.text.strip()]
    start = paragraphs.index("Đã tổ chức 3 hội nghị.")
    assert paragraphs[start - 2:start + 2] == ["I. MỤC ĐÍCH", "- Một ý", "Đã tổ chức 3 hội nghị.",
                                               "Đã treo 20 băng rôn."]
    assert paragraphs[start + 2:start + 5] == ["STT", "Nội dung", "Số lượng"]  # the table, after the result
    assert not any(decree.BLANK_RESULT in p for p in paragraphs)


def test_an_empty_result_prints_dots_to_fill_by_hand(written):
    paragraphs = [p.text for p in all_paragraphs(open_docx(render_text(written)))]
    assert paragraphs.count(decree.BLANK_RESULT) + paragraphs.count(decree.BLANK_RESULT + "./.") == 18
    assert "- Kết quả thực hiện: " + decree.BLANK_RESULT in paragraphs  # the activity's own line


def test_the_command_writes_beside_the_plan_and_never_over_a_filled_report(tmp_path):
    plan = tmp_path / "ke-hoach-2024.yaml"
    shutil.copy(SOURCE, plan)
    result = runner.invoke(app, ["bao-cao", str(plan), "--ky", "6 tháng"])
    target = tmp_path / "ke-hoach-2024.bao-cao-6-thang.yaml"
    assert result.exit_code == 0 and f"Đã ghi {target}" in result.output
    assert "6 tháng đầu năm {{ nam }}" in target.read_text(encoding="utf-8")
    target.write_text("# đã điền\n", encoding="utf-8")
    again = runner.invoke(app, ["bao-cao", str(plan), "--ky", "6 thang"])
    assert again.exit_code == 1 and "tệp đã có" in again.output and target.read_text(encoding="utf-8") == "# đã điền\n"
    forced = runner.invoke(app, ["bao-cao", str(plan), "--ky", "6 tháng", "--force"])
    assert forced.exit_code == 0
    kept = [p for p in tmp_path.iterdir() if p.name not in (plan.name, target.name)]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "# đã điền\n"


@pytest.mark.parametrize("args, message", [
    (["--ky", "quý"], "kỳ báo cáo là \"6 tháng\" hoặc \"năm\""),
    (["-o", "bc.docx"], "báo cáo ghi thành tệp .yaml"),
])
def test_bad_options_are_said_in_vietnamese(tmp_path, args, message):
    result = runner.invoke(app, ["bao-cao", str(SOURCE), *[a if a != "bc.docx" else str(tmp_path / a) for a in args]])
    assert result.exit_code == 1 and message in result.output


def test_a_decision_points_to_its_plan(tmp_path):
    result = runner.invoke(app, ["bao-cao", str(DATA / "dong-tuyen-2024.quyet-dinh.yaml"), "-o",
                                 str(tmp_path / "x.yaml")])
    assert result.exit_code == 1 and "kehoach bao-cao dong-tuyen-2024.yaml" in result.output


def test_the_report_renders_and_passes_check(tmp_path):
    from kehoach.check.audit import audit

    path = tmp_path / "bc.docx"
    path.write_bytes(render_path(SAMPLE))
    assert audit(path) == []
    assert prepare_loaded(load_plan(SAMPLE)).document.title.startswith("Báo cáo Kết quả thực hiện Kế hoạch")
