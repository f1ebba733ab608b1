"""The title (tên loại, trích yếu), the căn cứ and the body paragraphs
(Phụ lục I, mục II.5, II.6 and V)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kehoach import decree
from kehoach.check import short_lines
from kehoach.check.context import ERROR, WARNING, Audit, alignment_text, is_upper, norm, pt_text, vn
from kehoach.docx.reader import Para

_DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "BÁO CÁO", "THÔNG BÁO", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN",
              "CHỈ THỊ", "NGHỊ QUYẾT", "PHƯƠNG ÁN", "ĐỀ ÁN", "QUY CHẾ", "QUY ĐỊNH")


def title(a: Audit, header: dict[str, Any]) -> int:
    top = [p for p in a.paras if p.in_table is None]
    start = header.get("quoc_hieu").index if header.get("quoc_hieu") else 0
    kind = a.find(lambda p: p.index > start and norm(p.text) in _DOC_TYPES, top)
    header["ten_loai"] = kind
    a.kind = norm(kind.text) if kind is not None else None
    if kind is None and header.get("vv") is not None:  # a Công văn has no tên loại: "V/v" in the header says it
        table = header.get("table")
        return max(p.index for p in a.paras if p.in_table == table) if table is not None else header["vv"].index
    if kind is None:
        a.add(ERROR, "tên loại văn bản", "Phụ lục I, mục II.5", None, "\"KẾ HOẠCH\" in hoa, đậm, giữa trang",
                 "không có")
        return start
    a.size_in(kind, "ten_loai", "tên loại")
    a.style_is(kind, "ten_loai", "tên loại")
    a.centred(kind, "tên loại", "Phụ lục I, mục II.5.b")
    summary = []
    for para in [p for p in top if p.index > kind.index][:4]:
        fmt = a.reader.main_format(para)
        if not para.text.strip() or fmt is None or not fmt.bold or para.text.strip().startswith("("):
            break
        summary.append(para)
    if not summary:
        a.add(ERROR, "trích yếu", "Phụ lục I, mục II.5.b", kind, "trích yếu chữ đậm dưới tên loại", "không có")
        return kind.index
    for para in summary:
        a.size_in(para, "trich_yeu", "trích yếu")
        a.centred(para, "trích yếu", "Phụ lục I, mục II.5.b")
        if is_upper(para.text):  # a warning: the clerk may have chosen it, and kehoach prints it as written
            a.add(WARNING, "chữ thường ở trích yếu", "Phụ lục I, mục II.5.b", para, "chữ in thường", "IN HOA")
    widest = max(a.text_mm(p) for p in summary)
    room = a.available_mm(summary[-1])
    short_lines.short_line(a, summary[-1], "trich_yeu", "đường kẻ dưới trích yếu", min(widest, room))
    end = summary[-1].index
    for para in [p for p in top if p.index > end][:4]:  # "(Ban hành kèm theo …)" belongs to the title
        if any(p.in_table is not None for p in a.paras[end:para.index - 1]):
            break  # a table between (a "Kính gửi:" laid out in two cells) ends the title
        if para.text.strip() and not (para.text.strip().startswith("(")
                                      and a.reader.para_format(para.element).alignment == "center"):
            break
        end = para.index
    return end


def body(a: Audit, start: int, signature: Para | None) -> None:
    end = signature.index if signature else len(a.paras) + 1
    first_section = [p for p in a.paras if p.in_table is None and start < p.index < end and p.section == 0
                     and p.index not in a.claimed]
    bases, following = can_cu(first_section)
    for i, para in enumerate(bases):
        fmt = a.reader.main_format(para)
        if fmt is not None and not fmt.italic:
            a.add(ERROR, "chữ nghiêng ở căn cứ", "Phụ lục I, mục II.6.a", para, "chữ nghiêng", "chữ đứng")
        last = i == len(bases) - 1
        # Before an opening paragraph ("Thực hiện …", "Theo đề nghị …") the last căn cứ may keep
        # its ";", as in Mẫu 1.3; before the first heading it ends with ".".
        marks = (".", ";") if last and following is not None and not _HEADING.match(following.text.strip()) \
            else ("." if last else ";",)
        if not para.text.rstrip().endswith(marks):
            a.add(ERROR, "dấu cuối căn cứ", "Phụ lục I, mục II.6.b", para,
                  " hoặc ".join(f"kết thúc bằng \"{m}\"" for m in marks), f"\"{para.text.rstrip()[-1:]}\"")
    sizes: Counter[float] = Counter()
    captions = table_captions(a)
    body = [p for p in first_section if len(p.text.strip()) >= 60 and p not in bases and p.index not in captions]
    for para in body:
        fmt = a.reader.main_format(para)
        if fmt is not None:
            sizes[fmt.size] += 1
    common = sizes.most_common(1)[0][0] if sizes else None
    for para in body:
        body_paragraph(a, para, common)
    for para in first_section:
        if re.match(r"^[IVXLC]+\.\s", para.text.strip()) and len(para.text) < 120:
            heading = para.text.split(":")[0]
            # A heading with text run in ("III. KINH PHÍ: Ngân sách xã …") is judged by its heading words.
            fmt = a.reader.prefix_format(para, len(heading)) if ":" in para.text else a.reader.main_format(para)
            if fmt is not None and (not fmt.bold or not (is_upper(heading) or fmt.caps)):
                a.add(ERROR, "tiêu đề mục (I, II…)", "Phụ lục I, mục V (6b)", para, "IN HOA, đậm",
                         ("đậm" if fmt.bold else "không đậm") + (", in hoa" if is_upper(heading) else ", chữ thường"))


_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s")


def can_cu(paras: list[Para]) -> tuple[list[Para], Para | None]:
    """The căn cứ: the paragraphs starting "Căn cứ" right after the title, one after another,
    and the paragraph after them. A body paragraph further on ("Căn cứ tình hình thực tế, …")
    is not one, nor is an opening that ends with ":" ("Căn cứ chức năng…, Sở … như sau:")."""
    bases: list[Para] = []
    for para in paras:
        text = para.text.strip()
        if not text:
            continue
        if not text.startswith("Căn cứ") or text.endswith(":"):
            return bases, para
        bases.append(para)
    return bases, None


def table_captions(a: Audit) -> set[int]:
    """Centred lines just above a table (its title, "Biểu 01: …", then perhaps a
    short unit line "Đơn vị: triệu đồng"): a table's caption, not body text."""
    found: set[int] = set()
    paras = a.paras
    for k, para in enumerate(paras):
        if para.in_table is not None or a.reader.para_format(para.element).alignment != "center":
            continue
        for following in paras[k + 1:k + 4]:
            if following.in_table is not None:
                found.add(para.index)
                break
            if len(following.text.strip()) >= 60:
                break
    return found


def body_paragraph(a: Audit, para: Para, common: float | None) -> None:
    fmt = a.reader.para_format(para.element)
    run = a.reader.main_format(para)
    clause = "Phụ lục I, mục II.6.e"
    if fmt.alignment not in ("both", "distribute", "justify"):
        a.add(ERROR, "canh đều hai lề", clause, para, "canh đều hai lề", alignment_text(fmt.alignment))
    indent = fmt.first_line_cm
    if not any(abs(indent - allowed) <= 0.05 for allowed in decree.FIRST_LINE_INDENTS_CM):
        a.add(ERROR, "thụt đầu dòng", clause, para, "1 cm hoặc 1,27 cm", f"{vn(indent, '.2f')} cm")
    before = (fmt.before_twips or 0) / 20
    after = (fmt.after_twips or 0) / 20
    if fmt.contextual_spacing and max(before, after) >= decree.PARAGRAPH_SPACING_MIN_PT - 0.5:
        # Word drops the spacing between paragraphs of one style: the 6 pt silently become 0.
        a.add(ERROR, "khoảng cách giữa các đoạn", clause, para, f"tối thiểu {vn(decree.PARAGRAPH_SPACING_MIN_PT)} pt",
              "0 pt: khoảng cách bị tắt bởi \"Không thêm khoảng cách giữa các đoạn cùng kiểu\" (contextualSpacing)")
    elif max(before, after) < decree.PARAGRAPH_SPACING_MIN_PT - 0.5:
        a.add(ERROR, "khoảng cách giữa các đoạn", clause, para,
              f"tối thiểu {vn(decree.PARAGRAPH_SPACING_MIN_PT)} pt", f"trước {vn(before)} pt, sau {vn(after)} pt")
    rule, value = fmt.line_spacing
    size = run.size if run else 14
    lines = value if rule == "auto" else value / (size * 1.15)
    if not (decree.LINE_SPACING.low - 0.05 <= lines <= decree.LINE_SPACING.high + 0.05):
        shown = f"{vn(value)} dòng" if rule == "auto" else f"{'đúng' if rule == 'exact' else 'ít nhất'} {vn(value)} pt"
        a.add(ERROR, "giãn dòng", clause, para, "từ dòng đơn đến 1,5 dòng", shown)
    if run is not None:
        low, high = decree.ROLES["noi_dung"].allowed
        if not low <= run.size <= high:
            a.add(ERROR, "cỡ chữ nội dung", clause, para, f"{vn(low, 'g')}–{vn(high, 'g')} pt", pt_text(run.size))
        elif common is not None and run.size != common:
            a.add(ERROR, "cỡ chữ thống nhất", "Phụ lục I, mục V, chú thích 1", para, pt_text(common), pt_text(run.size))
