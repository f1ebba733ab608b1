"""``kehoach so-sanh``: last year's plan against this year's, as Word's tracked changes.

When next year's plan comes to the chairman for signature, what he wants to
see is what changed. Both plans are composed and written as kehoach always
writes them; the two bodies are then aligned — paragraphs and tables by their
text, words inside a changed paragraph — and the new document is packaged
with every difference as a Word revision (``w:ins`` / ``w:del``, paragraph
marks and table rows included). In Word the chairman reads the changes and
accepts or rejects each; accepting all gives exactly the new plan, rejecting
all gives the old one. A short summary (sections, activities, dates, budget,
signer) is returned for the terminal.

Both bodies are kehoach's own output, parsed with a hardened parser all the
same (no entities, no network).
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kehoach.compose.blocks import Document
from kehoach.docx.package import xml_parser

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
AUTHOR = "kehoach so-sánh"
# Two paragraphs in the same place are one edited paragraph (words marked) when
# this much of their text is shared; below it, one is deleted and one inserted.
SIMILAR = 0.45
_TOKEN = re.compile(r"\S+\s*|\s+")


def _text(element: etree._Element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}delText", f"{W}br", f"{W}tab", f"{W}p"):
        if node.tag in (f"{W}t", f"{W}delText"):
            parts.append(node.text or "")
        elif node.tag == f"{W}p" and parts:
            parts.append("\n")
        else:
            parts.append("\n" if node.tag == f"{W}br" else "\t")
    return "".join(parts)


def _key(element: etree._Element) -> tuple:
    if element.tag == f"{W}p":
        style = element.find(f"{W}pPr/{W}pStyle")
        return ("p", style.get(f"{W}val") if style is not None else "", _text(element),
                element.find(f"{W}pPr/{W}sectPr") is not None)
    return (element.tag, _text(element))


class _Revisions:
    """Builds the merged body; every revision gets its own id, author and date."""

    def __init__(self, date: str) -> None:
        self.date = date
        self.next_id = 1
        self.inserted = self.deleted = 0

    def mark(self, tag: str) -> etree._Element:
        element = etree.Element(f"{W}{tag}")
        element.set(f"{W}id", str(self.next_id))
        element.set(f"{W}author", AUTHOR)
        element.set(f"{W}date", self.date)
        self.next_id += 1
        return element

    # whole elements ---------------------------------------------------------
    def whole(self, element: etree._Element, kind: str) -> etree._Element:
        """``element`` (a paragraph or a table) inserted or deleted as a whole."""
        element = copy.deepcopy(element)
        if kind == "ins":
            self.inserted += 1
        else:
            self.deleted += 1
        for p in list(element.iter(f"{W}p")):
            self._wrap_runs(p, kind)
            self._mark_paragraph(p, kind)
        for row in element.iter(f"{W}tr"):
            props = row.find(f"{W}trPr")
            if props is None:
                props = etree.Element(f"{W}trPr")
                row.insert(0, props)
            props.append(self.mark(kind))
        return element

    def _wrap_runs(self, p: etree._Element, kind: str) -> None:
        if kind == "del":  # an old note's mark would point at a note the new plan does not have
            for mark in list(p.iter(f"{W}footnoteReference")):
                mark.getparent().remove(mark)
        for run in [r for r in p if r.tag == f"{W}r"]:
            wrapper = self.mark(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "del":
                for t in run.iter(f"{W}t"):
                    t.tag = f"{W}delText"

    def _mark_paragraph(self, p: etree._Element, kind: str) -> None:
        """The paragraph mark itself inserted or deleted (pPr/rPr/w:ins|w:del)."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            p.insert(0, ppr)
        if kind == "del":  # a deleted section break would change the layout of the new plan
            for sect in ppr.findall(f"{W}sectPr"):
                ppr.remove(sect)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{W}rPr")
            sect = ppr.find(f"{W}sectPr")
            if sect is not None:
                sect.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.mark(kind))

    # an edited paragraph ----------------------------------------------------
    def paragraph(self, old: etree._Element, new: etree._Element) -> etree._Element:
        """The new paragraph with its words compared to the old one's."""
        merged = copy.deepcopy(new)
        for child in [c for c in merged if c.tag != f"{W}pPr"]:
            merged.remove(child)
        a, b = _tokens(old), _tokens(new)
        matcher = difflib.SequenceMatcher(None, [t[:2] for t in a], [t[:2] for t in b], autojunk=False)
        pieces: list[tuple[str, list]] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                pieces.append(("", b[j1:j2]))
            else:
                if i2 > i1:
                    pieces.append(("del", a[i1:i2]))
                if j2 > j1:
                    pieces.append(("ins", b[j1:j2]))
        for kind, tokens in pieces:
            for run in _runs(tokens, deleted=kind == "del"):
                if kind:
                    wrapper = self.mark(kind)
                    wrapper.append(run)
                    merged.append(wrapper)
                else:
                    merged.append(run)
        if any(kind for kind, _ in pieces):
            self.inserted += 1
        return merged

    # sequences ----------------------------------------------------------------
    def sequence(self, old: list, new: list) -> list:
        """Old and new block sequences (body children, or a cell's paragraphs) merged."""
        out = []
        matcher = difflib.SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in new], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out += [copy.deepcopy(e) for e in new[j1:j2]]
            elif op == "insert":
                out += [self.whole(e, "ins") for e in new[j1:j2]]
            elif op == "delete":
                out += [self.whole(e, "del") for e in old[i1:i2]]
            else:
                out += self.replaced(old[i1:i2], new[j1:j2])
        return out

    def replaced(self, old: list, new: list) -> list:
        """Pair what stands in the same place and looks alike; the rest is deleted or inserted."""
        out, i = [], 0
        for element in new:
            partner = None
            for k in range(i, len(old)):
                if _alike(old[k], element):
                    partner = k
                    break
            if partner is None:
                out.append(self.whole(element, "ins"))
                continue
            out += [self.whole(e, "del") for e in old[i:partner]]
            out.append(self.pair(old[partner], element))
            i = partner + 1
        out += [self.whole(e, "del") for e in old[i:]]
        return out

    def pair(self, old: etree._Element, new: etree._Element) -> etree._Element:
        if new.tag == f"{W}p":
            return self.paragraph(old, new)
        return self.table(old, new)

    def table(self, old: etree._Element, new: etree._Element) -> etree._Element:
        merged = copy.deepcopy(new)
        for row in merged.findall(f"{W}tr"):
            merged.remove(row)
        old_rows, new_rows = old.findall(f"{W}tr"), new.findall(f"{W}tr")
        matcher = difflib.SequenceMatcher(None, [_text(r) for r in old_rows], [_text(r) for r in new_rows],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                rows = [copy.deepcopy(r) for r in new_rows[j1:j2]]
            elif op == "insert":
                rows = [self.whole(r, "ins") for r in new_rows[j1:j2]]
            elif op == "delete":
                rows = [self.whole(r, "del") for r in old_rows[i1:i2]]
            else:
                rows = []
                olds, news = old_rows[i1:i2], new_rows[j1:j2]
                for k, row in enumerate(news):
                    if k < len(olds) and len(olds[k].findall(f"{W}tc")) == len(row.findall(f"{W}tc")):
                        rows.append(self.row(olds[k], row))
                    else:
                        rows.append(self.whole(row, "ins"))
                rows += [self.whole(r, "del") for r in olds[len(news):]]
            for row in rows:
                merged.append(row)
        return merged

    def row(self, old: etree._Element, new: etree._Element) -> etree._Element:
        merged = copy.deepcopy(new)
        for old_cell, cell in zip(old.findall(f"{W}tc"), merged.findall(f"{W}tc")):
            blocks = [c for c in cell if c.tag in (f"{W}p", f"{W}tbl")]
            old_blocks = [c for c in old_cell if c.tag in (f"{W}p", f"{W}tbl")]
            for block in blocks:
                cell.remove(block)
            for block in self.sequence(old_blocks, blocks):
                cell.append(block)
        return merged


def _alike(old: etree._Element, new: etree._Element) -> bool:
    if old.tag != new.tag:
        return False
    if new.tag == f"{W}tbl":
        return len(old.findall(f"{W}tblGrid/{W}gridCol")) == len(new.findall(f"{W}tblGrid/{W}gridCol"))
    if _key(old)[1] != _key(new)[1]:  # another role (a heading against a body paragraph)
        return False
    return difflib.SequenceMatcher(None, _text(old), _text(new), autojunk=False).ratio() >= SIMILAR


_NOTE = "\ufffcchu-thich"  # a footnote's mark: compared as one token, carried over whole


def _tokens(p: etree._Element) -> list[tuple]:
    """(text, run properties as XML, the properties, the run) per word, line break, tab or note mark."""
    out = []
    for run in p.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        key = etree.tostring(rpr) if rpr is not None else b""
        if run.find(f"{W}footnoteReference") is not None:
            out.append((_NOTE, key, rpr, run))
            continue
        for node in run:
            if node.tag in (f"{W}t", f"{W}delText"):
                out += [(token, key, rpr, None) for token in _TOKEN.findall(node.text or "")]
            elif node.tag == f"{W}br":
                out.append(("\n", key, rpr, None))
            elif node.tag == f"{W}tab":
                out.append(("\t", key, rpr, None))
    return out


def _runs(tokens: list, deleted: bool) -> list[etree._Element]:
    """Consecutive tokens of the same formatting as one run each."""
    runs: list[etree._Element] = []
    last_key = None
    for text, key, rpr, source in tokens:
        if text == _NOTE:
            if not deleted:  # an old note's mark points at a note the new plan does not have
                runs.append(copy.deepcopy(source))
            last_key = None
            continue
        if not runs or key != last_key:
            run = etree.Element(f"{W}r")
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            runs.append(run)
            last_key = key
        run = runs[-1]
        if text in ("\n", "\t"):
            etree.SubElement(run, f"{W}br" if text == "\n" else f"{W}tab")
            continue
        tail = run[-1] if len(run) else None
        tag = f"{W}delText" if deleted else f"{W}t"
        if tail is not None and tail.tag == tag:
            tail.text += text
        else:
            node = etree.SubElement(run, tag)
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            node.text = text
    return runs


def merged_body(old_xml: bytes, new_xml: bytes, date: str) -> tuple[bytes, int, int]:
    """The new ``document.xml`` with every difference from the old one as a revision;
    also the counts of changed-or-inserted and of deleted blocks."""
    old_root = etree.fromstring(old_xml, xml_parser())  # kehoach's own XML, read by the one hardened parser
    new_root = etree.fromstring(new_xml, xml_parser())
    old_body, new_body = old_root.find(f"{W}body"), new_root.find(f"{W}body")
    old_blocks = [c for c in old_body if c.tag != f"{W}sectPr"]
    new_blocks = [c for c in new_body if c.tag != f"{W}sectPr"]
    revisions = _Revisions(date)
    merged = revisions.sequence(old_blocks, new_blocks)
    section = new_body.find(f"{W}sectPr")
    for child in list(new_body):
        new_body.remove(child)
    for block in merged:
        new_body.append(block)
    if section is not None:
        new_body.append(section)
    xml = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml, revisions.inserted, revisions.deleted


# ------------------------------------------------------------------ summary --

@dataclass
class Summary:
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    activities_added: list[str] = field(default_factory=list)
    activities_removed: list[str] = field(default_factory=list)
    activities_moved: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    budget: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    changed_blocks: int = 0
    deleted_blocks: int = 0

    def lines(self) -> list[str]:
        out = []
        for title, items in (("Thông tin văn bản", self.header), ("Phần, mục mới", self.sections_added),
                             ("Phần, mục bỏ đi", self.sections_removed), ("Hoạt động mới", self.activities_added),
                             ("Hoạt động bỏ đi", self.activities_removed),
                             ("Hoạt động chuyển mục", self.activities_moved), ("Thời gian", self.dates),
                             ("Kinh phí", self.budget), ("Người ký", self.signer)):
            if items:
                out.append(f"{title} ({len(items)}):")
                out += [f"  {item}" for item in items]
        return out


def _sections(plan, text) -> list[str]:
    out = []

    def walk(muc, path, prefix):
        title = text(muc.tieu_de or muc.don_vi or "", path)
        if title:
            out.append(prefix + title)
        for i, child in enumerate(muc.muc):
            walk(child, path + ("muc", i), prefix + (title + " › " if title else ""))

    for i, muc in enumerate(plan.phan):
        walk(muc, ("phan", i), "")
    return out


def _budget(plan, text) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []

    def walk(muc, path):
        for i, source in enumerate(muc.kinh_phi):
            out.append((text(source.nguon, path + ("kinh_phi", i)), source.so_tien))
        for i, child in enumerate(muc.muc):
            walk(child, path + ("muc", i))

    for i, muc in enumerate(plan.phan):
        walk(muc, ("phan", i))
    return out


def summarize(old, new) -> Summary:
    """What a chairman asks first: which sections, activities, dates, money and signer changed."""
    from kehoach.compose.document import variables
    from kehoach.compose.templating import TemplateProblem, render_text
    from kehoach.compose.wording import plain_text
    from kehoach.jobs.schedule import plan_items
    from kehoach.plan.dates import money_text

    def texter(plan):
        context = variables(plan)

        def text(value, _path=()):
            try:
                return " ".join(plain_text(render_text(value or "", context)).split())
            except TemplateProblem:
                return value or ""
        return text

    told, tnew = texter(old.plan), texter(new.plan)
    summary = Summary()
    for label, a, b in (("Số", old.plan.so, new.plan.so), ("Năm kế hoạch", old.plan.nam, new.plan.nam),
                        ("Trích yếu", told(old.plan.trich_yeu), tnew(new.plan.trich_yeu))):
        if a != b:
            summary.header.append(f"{label}: {a if a is not None else '(trống)'} → {b if b is not None else '(trống)'}")
    before, after = _sections(old.plan, told), _sections(new.plan, tnew)
    summary.sections_added = [s for s in after if s not in before]
    summary.sections_removed = [s for s in before if s not in after]
    old_items = {i.what: i for i in plan_items(old.plan, old.loaded)}
    new_items = {i.what: i for i in plan_items(new.plan, new.loaded)}
    summary.activities_added = [w for w in new_items if w not in old_items]
    summary.activities_removed = [w for w in old_items if w not in new_items]
    for what, item in new_items.items():
        previous = old_items.get(what)
        if previous is None:
            continue
        if previous.section != item.section:
            summary.activities_moved.append(f"{what}: {previous.section or '(đầu kế hoạch)'} → {item.section}")
        if previous.when() != item.when():
            summary.dates.append(f"{what}: {previous.when() or '(không ghi)'} → {item.when() or '(không ghi)'}")
        if previous.lead != item.lead:
            summary.dates.append(f"{what}: chủ trì {previous.lead or '(không ghi)'} → {item.lead or '(không ghi)'}")
    old_money, new_money = _budget(old.plan, told), _budget(new.plan, tnew)

    def amount(value):
        return "(không ghi số tiền)" if value is None else f"{money_text(value)} đồng"

    # Sources in the same place are the same source, even when its wording changed (a new year's decision).
    matcher = difflib.SequenceMatcher(None, [t for t, _ in old_money], [t for t, _ in new_money], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(old_money[i1:i2], new_money[j1:j2])) if op in ("equal", "replace") else []
        for (text_a, money_a), (text_b, money_b) in pairs:
            if text_a != text_b:
                summary.budget.append(f"nguồn: {text_a} → {text_b}")
            if money_a != money_b:
                summary.budget.append(f"{text_b}: {amount(money_a)} → {amount(money_b)}")
        summary.budget += [f"bỏ nguồn: {t}" for t, _ in old_money[i1 + len(pairs):i2]]
        summary.budget += [f"nguồn mới: {t}: {amount(m)}" for t, m in new_money[j1 + len(pairs):j2]]
    a, b = old.plan.nguoi_ky, new.plan.nguoi_ky
    for label, x, y in (("Họ tên", a.ho_ten, b.ho_ten), ("Chức vụ", a.chuc_vu, b.chuc_vu),
                        ("Quyền hạn", a.quyen_han, b.quyen_han), ("Thay mặt", a.thay_mat, b.thay_mat)):
        if x != y:
            summary.signer.append(f"{label}: {x or '(không)'} → {y or '(không)'}")
    return summary


@dataclass
class Comparison:
    target: Path | None
    summary: Summary
    backup: Path | None = None


def compare_bytes(old_document: Document, new_document: Document) -> tuple[bytes, int, int]:
    """The new plan's .docx with every difference from the old one as a tracked change."""
    from kehoach.docx.writer import document_xml, write_docx

    date = new_document.meta.get("signed", f"{new_document.year:04d}-01-01T00:00:00Z")
    body, changed, deleted = merged_body(document_xml(old_document), document_xml(new_document), date)
    return write_docx(new_document, body), changed, deleted


def default_target(new_plan: Path | str) -> Path:
    new_plan = Path(new_plan)
    return new_plan.with_name(f"{new_plan.stem}.so-sanh.docx")


def compare_files(old_plan: Path | str, new_plan: Path | str, output: Path | str | None = None, *,
                  force: bool = False) -> Comparison:
    """``kehoach so-sanh``: read both plans, write the comparison, return the summary."""
    from kehoach.api import prepare
    from kehoach.jobs.output import write_document

    old, new = prepare(old_plan), prepare(new_plan)
    data, changed, deleted = compare_bytes(old.document, new.document)
    summary = summarize(old, new)
    summary.changed_blocks, summary.deleted_blocks = changed, deleted
    target = Path(output) if output else default_target(new_plan)
    if target.is_dir():
        target = target / default_target(new_plan).name
    elif not target.suffix:
        target = target.with_suffix(".docx")
    backup = write_document(target, data, force=force)
    return Comparison(target, summary, backup)
