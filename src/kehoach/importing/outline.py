"""The body of a plan from its paragraphs: sections, bullets, paragraphs.

Sections are found by their printed labels (``I.``, ``1.``, ``1.1.``, ``a)``),
typed or made by Word's numbering; the nesting follows the order in which
the kinds of label first appear (I → 1 → 1.1 → a, or I → 1 → a…), which
becomes the plan's ``trinh_bay.danh_so``. A label that differs from the one
kehoach would print (a jump from 2.4 to 5) is kept as the section's ``so``.
Emphasis tells a heading from a numbered paragraph: a bold (or italic)
label and title is a heading; a heading whose emphasis ends with ``:``
before plain words is a run-in heading (``tieu_de`` + ``noi_dung``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kehoach import decree
from kehoach.compose.wording import letter, roman
from kehoach.docx.content import Paragraph, Span
from kehoach.importing.inline import marked, plain, strip_prefix

_LABELS = (
    ("I", re.compile(r"^([IVXLC]+)\.\s*(?=\S)")),
    ("1.1", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("1", re.compile(r"^(\d{1,2})[.)]\s*(?=\D)")),
    ("a", re.compile(r"^([a-zđ])[).]\s+(?=\S)")),
)
_BULLET = re.compile(r"^([-–+•])\s*(?=\S)")
MAX_DEPTH = 4


@dataclass
class Label:
    kind: str  # the danh_so kind: I, 1, 1.1, a; dotted labels carry their depth ("1.1/3")
    text: str  # as printed, e.g. "2.4."
    length: int  # characters of the paragraph's text it takes (0 when Word's numbering prints it)


def read_label(para: Paragraph) -> Label | None:
    text = para.text.lstrip()
    lead = len(para.text) - len(text)
    if para.label and not para.bullet:
        for kind, pattern in _LABELS:
            if match := pattern.match(para.label + " x"):
                return Label(_kind(kind, match[1]), para.label, 0)
        return None
    if para.label:
        return None
    for kind, pattern in _LABELS:
        if match := pattern.match(text):
            return Label(_kind(kind, match[1]), match[0].strip(), lead + match.end())
    return None


def _kind(kind: str, number: str) -> str:
    return f"1.1/{number.count('.') + 1}" if kind == "1.1" else kind


def read_bullet(para: Paragraph) -> tuple[str, int] | None:
    """(marker, characters taken) of a bullet paragraph."""
    if para.label and para.bullet:
        return para.label, 0
    text = para.text.lstrip()
    if match := _BULLET.match(text):
        mark = "+" if match[1] == "+" else "-"
        return mark, len(para.text) - len(text) + match.end()
    return None


@dataclass
class Node:
    """A section being read: its keys in the order their content appeared."""

    data: dict
    label: str
    depth: int
    order: list[str] = field(default_factory=list)
    bullet_marks: list[str] = field(default_factory=list)


class Outline:
    def __init__(self, notes: dict, path: tuple) -> None:
        self.phan: list[dict] = []
        self.scheme: list[str] = []
        self.stack: list[Node] = []
        self.notes = notes
        self.path = path  # where ``phan`` sits in the plan
        self.paths: dict[int, tuple] = {}

    # where things go -------------------------------------------------------
    def node_path(self, depth: int) -> tuple:
        path = ("phan", )
        for i, node in enumerate(self.stack[:depth]):
            siblings = self.phan if i == 0 else self.stack[i - 1].data["muc"]
            index = next(k for k, item in enumerate(siblings) if item is node.data)
            path += (index,) if i == 0 else ("muc", index)
        return path

    def note(self, path: tuple, message: str) -> None:
        self.notes.setdefault(path, message)

    def add(self, para: Paragraph) -> bool:
        """Place one body paragraph; False when it is not part of a section (the preamble)."""
        label = read_label(para)
        if label is not None and self._section(para, label):
            return True
        if not self.stack:
            return False
        bullet = read_bullet(para)
        if bullet is not None:
            self._bullet(para, *bullet)
        else:
            self._paragraph(marked(para.spans))
        return True

    def add_text(self, text: str, message: str) -> None:
        """Text the format has no place for yet, kept as a paragraph of the current section."""
        if not self.stack:
            return
        self._paragraph(text)
        node = self.stack[-1]
        self.note(self.node_path(node.depth) + ("doan", len(node.data["doan"]) - 1), message)

    # sections ----------------------------------------------------------------
    def _depth(self, kind: str) -> int | None:
        if kind in self.scheme:
            depth = self.scheme.index(kind) + 1
            return depth if depth <= len(self.stack) + 1 else None
        if len(self.scheme) == len(self.stack) and len(self.scheme) < MAX_DEPTH:
            self.scheme.append(kind)
            return len(self.scheme)
        return None

    def _section(self, para: Paragraph, label: Label) -> bool:
        rest = strip_prefix(para.spans, label.length)
        if not "".join(s.text for s in rest).strip():
            return False
        depth = self._depth(label.kind)
        if depth is None:
            return False
        muc = _heading(rest, depth)
        parent = self.stack[depth - 2] if depth > 1 else None
        siblings = self.phan if parent is None else parent.data.setdefault("muc", [])
        if parent is not None:
            self._order(parent, "muc")
        expected = self._expected(depth, len(siblings) + 1, parent.label if parent else "")
        printed = label.text if label.text.endswith((".", ")")) else label.text + "."
        if printed != expected:
            muc = {"so": printed, **muc}
        siblings.append(muc)
        self.stack[depth - 1:] = [Node(muc, printed, depth)]
        return True

    def _expected(self, depth: int, index: int, parent_label: str) -> str:
        kind = self.scheme[depth - 1].split("/")[0]
        if kind == "I":
            return f"{roman(index)}."
        if kind == "1":
            return f"{index}."
        if kind == "1.1":
            return f"{parent_label.rstrip('.)')}.{index}." if parent_label else f"{index}."
        return f"{letter(index)})"

    def _order(self, node: Node, key: str) -> None:
        if key in node.order and node.order[-1] != key:
            self.note(self.node_path(node.depth) + (key,),
                      "trong bản gốc, phần này xen kẽ với nội dung khác; thứ tự có thể đã đổi")
        if key not in node.order:
            node.order.append(key)

    # content -------------------------------------------------------------------
    def _paragraph(self, text: str) -> None:
        node = self.stack[-1]
        if not text:
            return
        self._order(node, "doan")
        node.data.setdefault("doan", []).append(text)

    def _bullet(self, para: Paragraph, mark: str, length: int) -> None:
        node = self.stack[-1]
        text = marked(strip_prefix(para.spans, length))
        if not text:
            return
        self._order(node, "y")
        if "y" not in node.data and mark != decree.BULLETS[0]:
            node.data["danh_dau"] = mark  # before the items, as a clerk writes it
        items = node.data.setdefault("y", [])
        if not items:
            node.bullet_marks = [mark]
        if mark not in node.bullet_marks:
            node.bullet_marks.append(mark)
        level = node.bullet_marks.index(mark)
        if level and node.bullet_marks[0] != decree.BULLETS[0]:
            self.note(self.node_path(node.depth) + ("y",), f"ý \"{mark}\" dưới ý \"{node.bullet_marks[0]}\" sẽ in "
                                                          f"bằng \"{decree.BULLETS[1]}\"")
        target = items
        for _ in range(level):
            last = target[-1]
            if isinstance(last, str):
                last = {"noi_dung": last}
                target[-1] = last
            target = last.setdefault("y", [])
        target.append(text)

    def numbering(self) -> list[str] | None:
        """``trinh_bay.danh_so`` when it differs from the default."""
        kinds = [k.split("/")[0] for k in self.scheme]
        if not kinds or kinds == list(decree.DEFAULT_NUMBERING[:len(kinds)]):
            return None
        return kinds


def _heading(spans: list[Span], depth: int) -> dict:
    """``tieu_de`` (and run-in ``noi_dung``), or only ``noi_dung`` for a numbered paragraph."""
    words = [s for s in spans if s.text.strip()]
    if not words:
        return {"noi_dung": ""}
    emphasis = (words[0].bold, words[0].italic)
    if emphasis == (False, False):
        return {"noi_dung": marked(spans)}

    def same(span: Span) -> bool:
        return not span.text.strip() or (span.bold == emphasis[0] and (emphasis[0] or span.italic == emphasis[1]))

    prefix: list[Span] = []
    for span in spans:
        if not same(span):
            break
        prefix.append(span)
    rest = spans[len(prefix):]
    title = plain(prefix)
    if not rest:
        return {"tieu_de": title.rstrip(" :.")}
    if title.endswith(":"):
        return {"tieu_de": title.rstrip(" :"), "noi_dung": marked(rest)}
    return {"noi_dung": marked(spans)}
