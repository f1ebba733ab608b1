"""kehoach so-sanh: the new plan with Word's tracked changes; accepted, they give the new plan exactly."""

from __future__ import annotations

import io
import zipfile

import yaml
from hypothesis import HealthCheck, given, settings
from lxml import etree
from typer.testing import CliRunner

from kehoach.api import load_plan_text, prepare_loaded
from kehoach.cli import app
from kehoach.docx.writer import write_docx
from kehoach.jobs.compare import compare_bytes
from tests.conftest import DATA
from tests.plans import MINIMAL, plans

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE = DATA / "dong-tuyen-2024.yaml"


def _body(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _resolve(root: etree._Element, keep: str) -> etree._Element:
    """Word's "accept all" (keep="ins") or "reject all" (keep="del") on a copy of the body."""
    drop = "del" if keep == "ins" else "ins"
    root = etree.fromstring(etree.tostring(root))
    for mark in list(root.iter(f"{W}{drop}")):
        parent = mark.getparent()
        if parent.tag == f"{W}rPr" and parent.getparent().tag == f"{W}pPr":  # the paragraph itself
            paragraph = parent.getparent().getparent()
            paragraph.getparent().remove(paragraph)
        elif parent.tag == f"{W}trPr":  # a table row
            row = parent.getparent()
            row.getparent().remove(row)
        elif mark.getparent() is not None:  # runs
            parent.remove(mark)
    for mark in list(root.iter(f"{W}{keep}")):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(mark)
            continue
        index = parent.index(mark)
        for child in list(mark):
            parent.insert(index, child)
            index += 1
        parent.remove(mark)
    for text in root.iter(f"{W}delText"):
        text.tag = f"{W}t"
    return root


def _paragraphs(root: etree._Element, notes: bool = True) -> list[str]:
    """Each paragraph's text, with its footnote marks as [^id] (which note, where)."""
    out = []
    for p in root.iter(f"{W}p"):
        parts = []
        for node in p.iter(f"{W}t", f"{W}footnoteReference"):
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif notes:
                parts.append(f"[^{node.get(f'{W}id')}]")
        out.append("".join(parts))
    return out


def _composed(text: str):
    return prepare_loaded(load_plan_text(text)).document


def _check_round_trip(old_text: str, new_text: str) -> bytes:
    old, new = _composed(old_text), _composed(new_text)
    data, _, _ = compare_bytes(old, new)
    merged = _body(data)
    for keep, document in (("ins", new), ("del", old)):
        resolved = _resolve(merged, keep)
        # The new plan's notes stay in place; rejecting cannot bring back a note the new plan no longer has.
        notes = keep == "ins"
        assert _paragraphs(resolved, notes) == _paragraphs(_body(write_docx(document)), notes)
        # Word needs a paragraph in every cell: whole rows go with their row mark, not cell by cell.
        assert all(cell.find(f"{W}p") is not None for cell in resolved.iter(f"{W}tc"))
    ids = [m.get(f"{W}id") for tag in ("ins", "del") for m in merged.iter(f"{W}{tag}")]
    assert len(ids) == len(set(ids)), "every revision has its own id"
    return data


EDITED = (MINIMAL
          .replace("      - Một ý\n", "      - Một ý đã sửa lại cho rõ\n      - Ý thêm mới\n")
          .replace("ho_ten: Lê Văn A", "ho_ten: Trần Thị B")
          + "    \n")
EDITED = EDITED.replace("phan:\n", "phan:\n  - tieu_de: Kinh phí\n    kinh_phi:\n      - nguon: Ngân sách xã\n"
                        "        so_tien: 5000000\n")
APPENDIX = """phu_luc:
  - tieu_de: Danh mục nhiệm vụ
    bang:
      cot: [TT, Nội dung]
      dong:
"""
EDITED += APPENDIX + "        - [1, Việc một]\n        - [2, Việc hai]\n"
EDITED = EDITED.replace("      - Ý thêm mới\n", "      - Ý thêm mới (chi tiết tại Phụ lục)\n")
OLD = MINIMAL.replace("phan:\n", "phan:\n  - tieu_de: Kinh phí\n    kinh_phi:\n      - nguon: Ngân sách xã\n"
                      "        so_tien: 3000000\n  - tieu_de: Phần bỏ đi\n    doan: [Một đoạn sẽ bỏ.]\n"
                      ).replace("      - Một ý\n", "      - Một ý (chi tiết tại Phụ lục)\n") + APPENDIX + "        - [1, Việc một]\n"


def test_accepting_gives_the_new_plan_and_rejecting_the_old():
    data = _check_round_trip(OLD, EDITED)
    merged = _body(data)
    deleted = "".join(t.text for t in merged.iter(f"{W}delText"))
    inserted = "".join(t.text for m in merged.iter(f"{W}ins") for t in m.iter(f"{W}t"))
    assert "Phần bỏ đi".upper() in deleted and "Lê Văn A" in deleted
    assert "Trần Thị B" in inserted and "Ý thêm mới" in inserted and "đã sửa lại cho rõ" in inserted
    assert "Một ý" not in deleted  # the edited item keeps its unchanged words unmarked


def test_the_summary_names_sections_budget_and_signer(tmp_path):
    old, new = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(EDITED, encoding="utf-8")
    result = runner.invoke(app, ["so-sanh", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "Phần, mục bỏ đi (1):\n  Phần bỏ đi" in result.output
    assert "Ngân sách xã: 3.000.000 đồng → 5.000.000 đồng" in result.output
    assert "Họ tên: Lê Văn A → Trần Thị B" in result.output
    assert (tmp_path / "moi.so-sanh.docx").exists()


def test_the_sample_against_its_roll(tmp_path):
    rolled = tmp_path / "dong-tuyen-2025.yaml"
    assert runner.invoke(app, ["roll", str(SAMPLE), "-o", str(rolled)]).exit_code == 0
    result = runner.invoke(app, ["so-sanh", str(SAMPLE), str(rolled), "-o", str(tmp_path / "ss.docx")])
    assert result.exit_code == 0, result.output
    assert "Năm kế hoạch: 2024 → 2025" in result.output
    assert "Từ ngày 15/11/2024 đến ngày 15/12/2024 → Từ ngày 15/11/2025 đến ngày 15/12/2025" in result.output
    _check_round_trip(SAMPLE.read_text(encoding="utf-8"), rolled.read_text(encoding="utf-8"))


def test_identical_plans_have_no_revision(tmp_path):
    plan = tmp_path / "a.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(app, ["so-sanh", str(plan), str(plan), "-o", str(tmp_path / "ss.docx")])
    assert result.exit_code == 0 and "như nhau" in result.output
    merged = _body((tmp_path / "ss.docx").read_bytes())
    assert next(merged.iter(f"{W}ins"), None) is None and next(merged.iter(f"{W}del"), None) is None


def test_an_edited_comparison_is_not_overwritten(tmp_path):
    plan = tmp_path / "a.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "ss.docx"
    target.write_bytes(b"PK\x03\x04 not ours")
    result = runner.invoke(app, ["so-sanh", str(plan), str(plan), "-o", str(target)])
    assert result.exit_code == 1 and "--force" in result.output and target.read_bytes() == b"PK\x03\x04 not ours"


def test_a_bad_plan_is_reported_with_its_position(tmp_path):
    good, bad = tmp_path / "a.yaml", tmp_path / "b.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad.write_text(MINIMAL.replace("nam: 2025", "nam: hai"), encoding="utf-8")
    result = runner.invoke(app, ["so-sanh", str(good), str(bad)])
    assert result.exit_code == 1 and "b.yaml:" in result.output and "Traceback" not in result.output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), plans())
def test_any_two_plans_round_trip(old, new):
    _check_round_trip(yaml.safe_dump(old, allow_unicode=True), yaml.safe_dump(new, allow_unicode=True))


def test_footnote_marks_stay_where_the_new_plan_has_them():
    from tests.importing.test_round_trip import RICH

    edited = RICH.replace("Phòng, chống thiên tai[^1] năm", "Công tác phòng, chống thiên tai[^1] năm")
    assert edited != RICH
    for old, new in ((RICH, edited), (MINIMAL, RICH), (RICH, MINIMAL)):
        _check_round_trip(old, new)
