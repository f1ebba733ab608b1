"""What each kind of document adds to the checks: "Kính gửi:" (ô 9a, Phụ lục
I, mục II.9.b); the ký hiệu that opens with the kind's abbreviation (mục
II.3.b); a Quyết định's authority line, "QUYẾT ĐỊNH:" and its Điều (Phụ lục
III, Mẫu 1.3; mục II.6.đ); a Công văn's "V/v" and its Kính gửi (Mẫu 1.5,
mục II.5.b); a Báo cáo's Kính gửi, under its trích yếu (Mẫu 1.4, mục II.9.b).

Each function marks the paragraphs it has judged in ``Audit.claimed``, so
that the body checks (justified, indented…) do not judge them again by the
rules of a body paragraph.
"""

from __future__ import annotations

import re

from kehoach import decree
from kehoach.check.context import ERROR, WARNING, Audit, is_upper, norm
from kehoach.docx.reader import Para

_ARTICLE = re.compile(r"^\s*Điều\s+(?P<number>\d+)\s*(?P<mark>[.:]?)")

_KINH_GUI = re.compile(r"^\s*Kính\s+gửi\s*(?P<colon>:?)\s*(?P<rest>.*)$", re.DOTALL)
_CLAUSE = "Phụ lục I, mục II.9.b"


def kinh_gui(a: Audit, start: int) -> Para | None:
    """"Kính gửi:" after the title: 13-14 pt, upright, a colon; several
    recipients each on a "-" line ending ";", the last one "."."""
    label = a.find(lambda p: p.index > start and p.section == 0 and _KINH_GUI.match(p.text) is not None)
    if label is None:
        return None
    match = _KINH_GUI.match(label.text)
    a.claimed.add(label.index)
    a.size_in(label, "kinh_gui", "\"Kính gửi\"")
    a.style_is(label, "kinh_gui", "\"Kính gửi\"")
    if not match["colon"]:
        a.add(ERROR, "dấu hai chấm sau \"Kính gửi\"", _CLAUSE, label, "\"Kính gửi:\"", "không có dấu hai chấm")
    after = [p for p in a.paras if p.index > label.index and p.section == label.section]
    if label.cell is not None and not match["rest"].strip():  # a two-cell table: label left, names right
        after = [p for p in after if p.in_table == label.in_table] or after
    recipients: list[Para] = []
    for para in after:
        text = para.text.strip()
        if not text:
            if recipients:
                break
            continue
        if text.startswith(("-", "–")):
            recipients.append(para)
            continue
        if text.startswith("(") and text.rstrip(" .").endswith(")"):  # "(Theo Kế hoạch số …)"
            a.claimed.add(para.index)
        break
    if match["rest"].strip() and not recipients:
        return label
    last = len(recipients) - 1
    for i, para in enumerate(recipients):
        a.claimed.add(para.index)
        a.size_in(para, "kinh_gui_muc", "nơi nhận sau \"Kính gửi\"")
        mark = "." if i == last else ";"
        if not para.text.rstrip().endswith(mark):
            a.add(ERROR, "dấu cuối dòng sau \"Kính gửi\"", _CLAUSE, para, f"kết thúc bằng \"{mark}\"",
                  f"\"{para.text.rstrip()[-1:]}\"")
    if len(recipients) == 1 and not match["rest"].strip():
        a.add(ERROR, "một nơi nhận sau \"Kính gửi\"", _CLAUSE, recipients[0],
              f"gửi một nơi thì viết cùng dòng: \"{decree.KINH_GUI}: …\"", "xuống dòng, có gạch đầu dòng")
    return label


def symbol(a: Audit, found: dict) -> None:
    """The ký hiệu opens with the abbreviation of the tên loại: 05/QĐ-UBND for a QUYẾT ĐỊNH."""
    so, kind = found.get("so"), found.get("ten_loai")
    if so is None or kind is None or "/" not in so.text:
        return
    expected = decree.TYPE_SYMBOLS.get(norm(kind.text))
    written = so.text.split("/", 1)[1].strip()
    opening = re.split(r"[^\wĐđ]", written, maxsplit=1)[0]  # a slip in the separators is another finding
    if expected and opening and norm(opening) != norm(expected):
        a.add(ERROR, "ký hiệu theo tên loại", "Phụ lục I, mục II.3.b", so,
              f"\"{expected}-…\" (chữ viết tắt của \"{kind.text.strip()}\")", written)


def decision(a: Audit, found: dict, start: int, signature: Para | None) -> None:
    """Mẫu 1.3: the authority under the title, "QUYẾT ĐỊNH:" after the căn cứ, then Điều 1, 2, …"""
    kind = found.get("ten_loai")
    if kind is None or norm(kind.text) != decree.KINDS["quyet-dinh"].ten_loai:
        return
    clause = decree.KINDS["quyet-dinh"].sample
    end = signature.index if signature is not None else len(a.paras) + 1
    top = [p for p in a.paras if p.in_table is None and p.section == 0 and start < p.index < end and p.text.strip()]
    authority = top[0] if top else None
    if authority is None or not is_upper(authority.text) or authority.text.strip().startswith("Căn cứ"):
        a.add(ERROR, "thẩm quyền ban hành", clause, authority, "chức vụ người đứng đầu hoặc tên tập thể, cơ quan, "
              "IN HOA, đậm, giữa trang, dưới trích yếu", "không có")
    else:
        a.claimed.add(authority.index)
        a.size_in(authority, "tham_quyen", "thẩm quyền ban hành")
        a.style_is(authority, "tham_quyen", "thẩm quyền ban hành")
        a.centred(authority, "thẩm quyền ban hành", clause)
    line = next((p for p in top if norm(p.text).rstrip(" :") == decree.KINDS["quyet-dinh"].ten_loai), None)
    if line is None:
        a.add(ERROR, "\"QUYẾT ĐỊNH:\"", clause, None, "dòng \"QUYẾT ĐỊNH:\" sau căn cứ, trước Điều 1", "không có")
        return
    a.claimed.add(line.index)
    a.size_in(line, "quyet_dinh", "\"QUYẾT ĐỊNH:\"")
    a.style_is(line, "quyet_dinh", "\"QUYẾT ĐỊNH:\"")
    a.centred(line, "\"QUYẾT ĐỊNH:\"", clause)
    if not line.text.rstrip().endswith(":"):
        a.add(ERROR, "dấu hai chấm sau \"QUYẾT ĐỊNH\"", clause, line, "\"QUYẾT ĐỊNH:\"", "không có dấu hai chấm")
    for para in [p for p in top if p.index < line.index and p.text.strip().startswith(decree.DE_NGHI)]:
        # "Theo đề nghị …" closes the căn cứ (Mẫu 1.3): italic like them, and the "." of the sequence.
        fmt = a.reader.main_format(para)
        if fmt is not None and not fmt.italic:
            a.add(ERROR, "chữ nghiêng ở \"Theo đề nghị\"", clause, para, "chữ nghiêng", "chữ đứng")
        if not para.text.rstrip().endswith("."):
            a.add(ERROR, "dấu cuối \"Theo đề nghị\"", "Phụ lục I, mục II.6.b", para, "kết thúc bằng \".\"",
                  f"\"{para.text.rstrip()[-1:]}\"")
    articles = [(p, m) for p in top if p.index > line.index and (m := _ARTICLE.match(p.text))]
    if not articles:
        a.add(ERROR, "các điều của quyết định", clause, line, "\"Điều 1. …\" sau \"QUYẾT ĐỊNH:\"", "không có")
    for i, (para, match) in enumerate(articles, start=1):
        if int(match["number"]) != i:
            a.add(ERROR, "số thứ tự điều", "Phụ lục I, mục II.6.đ", para, f"Điều {i}", f"Điều {match['number']}")
        if match["mark"] != ".":
            a.add(ERROR, "dấu chấm sau số thứ tự điều", "Phụ lục I, mục II.6.đ", para, f"\"Điều {match['number']}.\"",
                  f"\"{match.group(0).strip()}\"")
        chunks = a.reader.texts_with_format(para)
        label = next((fmt for text, fmt in chunks if text.strip()), None)
        if label is not None and not label.bold:
            a.add(ERROR, "chữ đậm ở \"Điều …\"", "Phụ lục I, mục II.6.đ", para, "\"Điều 1.\" in đậm", "chữ không đậm")


def official_letter(a: Audit, found: dict, kinh_gui_label: Para | None) -> None:
    """Mẫu 1.5: "V/v …" centred under the number, 12-13 pt, upright, 6 pt from it; a Kính gửi."""
    vv = found.get("vv")
    if vv is None or found.get("ten_loai") is not None:
        return
    clause = "Phụ lục I, mục II.5.b"
    a.size_in(vv, "trich_yeu_cong_van", "trích yếu công văn (V/v)")
    a.style_is(vv, "trich_yeu_cong_van", "trích yếu công văn (V/v)")
    a.centred(vv, "trích yếu công văn (V/v)", clause)
    so = found.get("so")
    if so is not None and vv.index < so.index:
        a.add(ERROR, "vị trí trích yếu công văn", clause, vv, "dưới số, ký hiệu", "trên số, ký hiệu")
    if so is not None and vv.cell is not None and vv.cell is so.cell:
        before = (a.reader.para_format(vv.element).before_twips or 0) / 20
        if before < decree.ROLES["trich_yeu_cong_van"].space_before_pt - 0.5:
            a.add(ERROR, "khoảng cách trích yếu công văn", clause, vv, "cách dòng 6 pt với số, ký hiệu",
                  f"{before:g} pt")
    if kinh_gui_label is None:
        a.add(ERROR, "Kính gửi", _CLAUSE, None, "\"Kính gửi: …\" (công văn gửi ai)", "không có")


def report(a: Audit, found: dict, start: int, kinh_gui_label: Para | None) -> None:
    """A Báo cáo (Mẫu 1.4) sent up has "Kính gửi:" right under its trích yếu, before the body."""
    kind = found.get("ten_loai")
    if kind is None or norm(kind.text) != decree.KINDS["bao-cao"].ten_loai:
        return
    if kinh_gui_label is None:
        a.add(WARNING, "Kính gửi của báo cáo", _CLAUSE, kind, "báo cáo gửi cấp trên ghi \"Kính gửi: …\" dưới "
              "trích yếu", "không có")
        return
    before = [p for p in a.paras if start < p.index < kinh_gui_label.index and p.in_table is None
              and p.text.strip()]
    if before:
        a.add(ERROR, "vị trí Kính gửi", _CLAUSE, kinh_gui_label, "dưới trích yếu, trước nội dung báo cáo",
              f"sau đoạn \"{before[0].excerpt}\"")
