"""The end of the document: Nơi nhận (Phụ lục I, mục II.9) and the signer's
block (mục II.7)."""

from __future__ import annotations

import re

from kehoach import decree
from kehoach.check.context import ERROR, WARNING, Audit, is_upper, norm
from kehoach.docx.reader import Para

_MARKER = re.compile(r"^(" + "|".join(sorted(decree.SIGNER_MARKERS, key=len, reverse=True)) + r")(\.?)\s")


def signature(a: Audit) -> Para | None:
    label = a.find(lambda p: re.match(r"^\s*Nơi\s+nhận\s*:?", p.text) is not None)
    if label is None:
        a.add(ERROR, "Nơi nhận", "Phụ lục I, mục II.9", None, "\"Nơi nhận:\" và danh sách", "không có")
        return None
    a.size_in(label, "noi_nhan_nhan", "\"Nơi nhận\"")
    a.style_is(label, "noi_nhan_nhan", "\"Nơi nhận\"")
    same_place = [p for p in a.paras if p.index > label.index and p.cell is label.cell
                  and p.in_table == label.in_table]
    items = []
    for para in same_place:
        if not para.text.strip():
            if items:
                break
            continue
        items.append(para)
        if "Lưu" in para.text:
            break
    for i, para in enumerate(items):
        a.size_in(para, "noi_nhan", "danh sách nơi nhận")
        text = para.text.strip()
        last = i == len(items) - 1
        if not text.startswith(("-", "–")):
            a.add(ERROR, "gạch đầu dòng nơi nhận", "Phụ lục I, mục II.9.d", para, "bắt đầu bằng \"-\"",
                     f"\"{text[:1]}\"")
        mark = "." if last else ";"
        if not text.endswith(mark):
            a.add(ERROR, "dấu cuối dòng nơi nhận", "Phụ lục I, mục II.9.d", para, f"kết thúc bằng \"{mark}\"",
                     f"\"{text[-1:]}\"")
    if not items or not re.match(r"^[-–]\s*Lưu\s*:", items[-1].text.strip()):
        a.add(ERROR, "dòng \"Lưu\" cuối nơi nhận", "Phụ lục I, mục II.9.d", items[-1] if items else label,
                 "\"- Lưu: VT, …\"", items[-1].text.strip() if items else "không có")
    if label.in_table is not None:
        borders = a.reader.table_borders_visible(a.reader.tables[label.in_table])
        if borders:
            a.add(ERROR, "bảng chữ ký có đường viền", "Phụ lục I, mục IV (sơ đồ bố trí)", label,
                     "bảng không viền", "viền " + ", ".join(borders))
        signer_paras = [p for p in a.paras if p.in_table == label.in_table and p.cell is not label.cell]
        signer_block(a, signer_paras)
    return label


def signer_block(a: Audit, paras: list[Para]) -> None:
    filled = [p for p in paras if p.text.strip()]
    if not filled:
        a.add(ERROR, "khối chữ ký", "Phụ lục I, mục II.7", None, "quyền hạn, chức vụ, họ tên", "không có")
        return
    # The writer's order: authority lines, the empty lines for the wet signature, the name,
    # then maybe an office line under it ("PHÓ GIÁM ĐỐC SỞ …"). The name is the first line
    # after the gap, not the last line of the block.
    gap = next((i for i, p in enumerate(paras) if not p.text.strip() and paras.index(filled[0]) < i
                and any(q.text.strip() for q in paras[i:])), None)
    if gap is not None:
        authority = [p for p in paras[:gap] if p.text.strip() and is_upper(p.text)]
        name = next(p for p in paras[gap:] if p.text.strip())
    else:
        authority = [p for p in filled[:-1] if is_upper(p.text)]
        name = next((p for p in filled if p not in authority), filled[-1])
    for para in authority:
        a.size_in(para, "quyen_han", "quyền hạn, chức vụ")
        fmt = a.reader.main_format(para)
        if fmt is not None and not fmt.bold:
            a.add(ERROR, "chữ đậm ở quyền hạn, chức vụ", "Phụ lục I, mục II.7.đ", para, "chữ đậm", "không đậm")
        match = _MARKER.match(para.text.strip() + " ")
        if match and not match[2]:
            a.add(ERROR, "dấu chấm sau chữ viết tắt quyền hạn", "Phụ lục I, mục II.7.b", para,
                     f"\"{match[1]}.\"", f"\"{match[1]}\"")
    texts = [norm(p.text) for p in authority]
    for i, text in enumerate(texts):
        if text.startswith("KT") and (i + 1 >= len(texts) or "PHÓ" not in texts[i + 1]):
            a.add(ERROR, "ký thay (KT.)", "Phụ lục I, mục II.7.b", authority[i],
                     "dưới \"KT. …\" là chức vụ cấp phó (\"PHÓ …\")",
                     texts[i + 1] if i + 1 < len(texts) else "không có")
    a.size_in(name, "ho_ten", "họ tên người ký")
    fmt = a.reader.main_format(name)
    if fmt is not None and not fmt.bold:
        a.add(ERROR, "chữ đậm ở họ tên người ký", "Phụ lục I, mục II.7.c", name, "chữ đậm", "không đậm")
    if authority:
        gap = [p for p in paras if authority[-1].index < p.index < name.index and not p.text.strip()]
        spacing = sum((a.reader.para_format(p.element).before_twips or 0) for p in [name]) / 20
        if len(gap) < decree.SIGNATURE_LINES_MIN and spacing < decree.SIGNATURE_LINES_MIN * 12:
            a.add(WARNING, "chỗ ký", "Phụ lục I, mục II.7 (thực tiễn: 3–4 dòng)", name,
                     f"{decree.SIGNATURE_LINES_MIN}–{decree.SIGNATURE_LINES} dòng trống giữa chức vụ và họ tên",
                     f"{len(gap)} dòng")
