"""A Quyết định (Mẫu 1.3) → a plan file of ``loai: quyet-dinh``.

    header · "QUYẾT ĐỊNH" · trích yếu · the authority (``tham_quyen``) · căn cứ … "Theo đề nghị …"
    (``de_nghi``) · "QUYẾT ĐỊNH:" · Điều 1…n (``dieu``) · Nơi nhận and signature · its own appendices
    · on a new page, the plan it issues (``ke_hoach``, written in place in the same file)

The usual three articles of a Quyết định that issues a plan (ban hành, hiệu
lực, thi hành) are what kehoach writes when ``dieu`` is left out, so they are
read back as that: only who carries it out (``thi_hanh``) is kept. Any other
articles are kept as written. The plan after it is read like any plan, but
it has no number, date or signature of its own: it takes them from the
Quyết định.
"""

from __future__ import annotations

import re

from kehoach.compose.phrases import phrase
from kehoach.docx.content import Paragraph, SectionEnd, Table
from kehoach.docx.elements import doc_type, is_quoc_hieu, is_upper, norm
from kehoach.importing.inline import escape, marked, plain, strip_prefix
from kehoach.importing.parts import GENERATED, PHU_LUC, filled
from kehoach.importing.preamble import arrange, entry, line

_ARTICLE = re.compile(r"^\s*Điều\s+(\d{1,2})\s*([.:]?)\s*")
_DE_NGHI = re.compile(r"^(Theo|Xét)\s+đề\s+nghị\b", re.IGNORECASE)
_END_MARK = re.compile(r"[\s.;:]*\./\.\s*$")
_USUAL_DOER = "Các cơ quan, đơn vị và cá nhân có liên quan"  # templates/cau_van.j2, dieu_thi_hanh
_DOER = re.compile(r"^(?P<who>.+?)\s+chịu trách nhiệm thi hành Quyết định này\.?$")
# What a plan written in place takes from its Quyết định (plan/attached.INHERITED) and need not repeat.
_SAME_AS_DECISION = ("co_quan", "nam")


def read_decision(reader, blocks: list, title_at: int) -> None:
    signature_at = reader.signature_at(blocks, title_at)
    plan_at = _attached_start(blocks, (signature_at if signature_at is not None else title_at) + 1)
    own_end = plan_at if plan_at is not None else len(blocks)
    reader.header(blocks[:title_at])
    body_start = reader.title(blocks, title_at)
    body_end = signature_at if signature_at is not None else own_end
    paras = [b for b in blocks[body_start:body_end] if filled(b)]
    marker = next((i for i, b in enumerate(paras) if isinstance(b, Paragraph) and _decides(b)), None)
    if marker is None:
        marker = next((i for i, b in enumerate(paras) if isinstance(b, Paragraph) and _ARTICLE.match(b.text)),
                      len(paras))
        reader.note(("dieu",), "không thấy dòng \"QUYẾT ĐỊNH:\" trước các điều; kehoach tự in dòng này")
        start = marker
    else:
        if not paras[marker].text.strip().endswith(":"):
            reader.note(("dieu",), "bản gốc ghi \"QUYẾT ĐỊNH\" trước các điều, thiếu dấu hai chấm; kehoach in "
                                   "\"QUYẾT ĐỊNH:\"")
        start = marker + 1
    _preamble(reader, paras[:marker])
    articles, texts = _articles(reader, paras[start:])
    reader.body_paragraphs = [b for b in paras if isinstance(b, Paragraph)]
    reader.closing(blocks, signature_at, own_end)
    plan = _attached(reader, blocks[plan_at:]) if plan_at is not None else None
    doer = _usual_articles(texts, plan) if plan is not None else None
    if doer is not None:
        if doer != _USUAL_DOER:
            reader.data["thi_hanh"] = doer
    elif articles:
        reader.data["dieu"] = articles
    else:
        reader.data["dieu"] = [{"noi_dung": "…"}]
        reader.note(("dieu",), "không đọc được điều nào (\"Điều 1. …\"); hãy ghi các điều của quyết định")
    reader.layout()
    reader.footnotes()
    if plan is not None:
        numbering = plan.pop("trinh_bay", None)
        if numbering:  # written in place, trinh_bay replaces the Quyết định's: it repeats it, with its own numbering
            plan["trinh_bay"] = {**reader.data.get("trinh_bay", {}), **numbering}
        reader.data["ke_hoach"] = plan


def _decides(para: Paragraph) -> bool:
    """The "QUYẾT ĐỊNH:" line before the articles (also written without its colon)."""
    return norm(para.text).rstrip(" :") == "QUYẾT ĐỊNH"


def _preamble(reader, blocks: list) -> None:
    """The authority line(s), then căn cứ, other opening lines and "Theo đề nghị …"."""
    items = list(blocks)
    authority: list[str] = []
    while items and isinstance(items[0], Paragraph) and items[0].bold and is_upper(items[0].text) and \
            not items[0].text.strip().startswith("Căn cứ"):
        authority += items.pop(0).lines()
    if authority:
        reader.data["tham_quyen"] = escape(" ".join(" ".join(authority).split()))
    else:
        reader.data["tham_quyen"] = "CHỦ TỊCH ỦY BAN NHÂN DÂN"
        reader.note(("tham_quyen",), "không thấy dòng thẩm quyền ban hành dưới trích yếu; hãy ghi lại")
    opening = []
    for block in items:
        if isinstance(block, Table):
            rows = [" | ".join(c.text.replace("\n", " ") for c in row) for row in block.rows]
            opening += [line(text, "bảng trong phần căn cứ: mỗi dòng của bảng thành một đoạn")
                        for text in filter(str.strip, rows)]
        else:
            opening.append(entry(block))
    # Mẫu 1.3: "Theo đề nghị …" closes the căn cứ, printed by kehoach in italics just before "QUYẾT ĐỊNH:"
    if opening and opening[-1].kind in ("xet_de_nghi", "can_cu") and _DE_NGHI.match(opening[-1].text):
        reader.data["de_nghi"] = opening.pop().text
    can_cu, mo_dau, notes = arrange(opening, after="xet_de_nghi" if "de_nghi" in reader.data else None)
    for path, message in notes.items():
        reader.note(path, message)
    if can_cu:
        reader.data["can_cu"] = can_cu
    if mo_dau:
        reader.data["mo_dau"] = mo_dau


def _articles(reader, blocks: list) -> tuple[list[dict], list[list[str]]]:
    """``dieu`` as written, and each article's printed texts (for the usual three)."""
    articles: list[dict] = []
    texts: list[list[str]] = []
    punctuation_noted = False
    for block in blocks:
        if isinstance(block, Table):
            rows = [" | ".join(c.text.replace("\n", " ") for c in row) for row in block.rows]
            for text in filter(str.strip, rows):
                if not articles:
                    articles.append({"noi_dung": escape(text)})
                    texts.append([text])
                    continue
                reader.note(("dieu", len(articles) - 1), "bảng trong điều này: mỗi dòng của bảng thành một đoạn")
                articles[-1].setdefault("doan", []).append(escape(text))
                texts[-1].append(text)
            continue
        match = _ARTICLE.match(block.text) if not block.label else None
        if match:
            number = int(match[1])
            if number != len(articles) + 1:
                reader.note(("dieu", len(articles)), f"trong bản gốc đây là \"Điều {number}\"; kehoach đánh số "
                                                      "các điều liên tiếp từ 1")
            if match[2] != "." and not punctuation_noted:
                punctuation_noted = True
                reader.note(("dieu", len(articles)), f"bản gốc ghi \"Điều {number}{match[2]}\"; kehoach in "
                                                      f"\"Điều {number}.\" (Phụ lục I, mục II.6.đ)")
            rest = strip_prefix(block.spans, match.end())
            articles.append({"noi_dung": marked(rest) or "…"})
            texts.append([plain(rest)])
            continue
        text = f"{block.label} {marked(block.spans)}" if block.label else marked(block.spans)
        if not articles:  # words before "Điều 1": the first article's opening
            articles.append({"noi_dung": text})
            texts.append([text])
            reader.note(("dieu", 0), "đoạn này đứng trước \"Điều 1\" trong bản gốc")
            continue
        articles[-1].setdefault("doan", []).append(text)
        texts[-1].append(block.text.strip())
    if articles:  # kehoach ends the last article with "./." itself
        last = articles[-1]
        key = "doan" if last.get("doan") else "noi_dung"
        if key == "doan":
            last["doan"][-1] = _END_MARK.sub("", last["doan"][-1]).rstrip() or last["doan"][-1]
        else:
            last["noi_dung"] = _END_MARK.sub("", last["noi_dung"]).rstrip() or last["noi_dung"]
    return articles, texts


def _usual_articles(texts: list[list[str]], plan: dict) -> str | None:
    """Who carries the Quyết định out, when its articles are the three kehoach writes by itself."""
    if len(texts) != 3 or any(len(t) != 1 for t in texts):
        return None
    printed = [" ".join(_END_MARK.sub(".", t[0]).split()) for t in texts]
    summary = _unescaped(plan.get("trich_yeu", ""))
    summary = summary[:1].lower() + summary[1:] if summary[1:2].islower() else summary
    if printed[0] != phrase("dieu_ban_hanh", summary) or printed[1] != phrase("dieu_hieu_luc"):
        return None
    match = _DOER.match(printed[2])
    return escape(match["who"]) if match else None


def _unescaped(text: str) -> str:
    return re.sub(r"\{\{ '(.*?)' \}\}", r"\1", text).replace("\\*", "*")


def _attached_start(blocks: list, start: int) -> int | None:
    """Where the plan the Quyết định issues begins: a header with the Quốc hiệu, then "KẾ HOẠCH"."""
    for i in range(start, len(blocks)):
        block = blocks[i]
        if isinstance(block, Table) and any(is_quoc_hieu(line) for p in block.paragraphs() for line in p.lines()):
            following = next((b for b in blocks[i + 1:] if filled(b)), None)
            if isinstance(following, Paragraph) and doc_type(following.text) == "KẾ HOẠCH":
                return i
    return None


def _attached(reader, blocks: list) -> dict:
    """The plan after the Quyết định, as the ``ke_hoach`` written in place."""
    sub = reader.attached_reader()
    title_at = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and doc_type(b.text) == "KẾ HOẠCH")
    sub.header(blocks[:title_at])
    start = sub.title(blocks, title_at)
    end = len(blocks)  # its appendices: each after a section end, opening with its bold centred label
    for i in range(start, len(blocks)):
        if isinstance(blocks[i], SectionEnd):
            following = next((b for b in blocks[i + 1:] if filled(b)), None)
            if isinstance(following, Paragraph) and (PHU_LUC.match(following.text.strip()) or (
                    following.bold and following.alignment == "center")):
                end = i
                break
    sub.body(blocks[start:end])
    sub.appendices(blocks[end:])
    sub.footnotes()
    data = sub._ordered()
    for key in _SAME_AS_DECISION:
        if key in data and data[key] == reader.data.get(key):
            del data[key]
    if isinstance(data.get("kem_theo"), str):  # left out if it is the line kehoach writes (import_document)
        data[GENERATED] = True
    reader.body_paragraphs = reader.body_paragraphs + sub.body_paragraphs
    for path, message in sub.notes.items():
        reader.note(("ke_hoach",) + path, message)
    return data
