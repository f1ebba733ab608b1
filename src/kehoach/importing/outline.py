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
from kehoach.importing.inline import escape, marked, plain, strip_prefix

_LABELS = (
    ("I", re.compile(r"^([IVXLC]+)\.\s*(?=\S)")),
    ("1.1", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("1", re.compile(r"^(\d{1,2})[.)]\s*(?=\D)")),
    ("a", re.compile(r"^([a-zđ])[).]\s+(?=\S)")),
)
_BULLET = re.compile(r"^([-–+•])\s*(?=\S)")
_ROLE = re.compile(r"^\s*\((?P<role>[^()]+)\)(?::\s*(?P<text>.*))?\s*$", re.DOTALL)
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
    path: tuple = ()
    order: list[str] = field(default_factory=list)  # "noi" (its own content) and "muc", as they first came
    items: list[tuple] = field(default_factory=list)  # ("doan", text) | ("y", mark, text, italic) | ("bang", bang, notes)
    upright_heading: str | None = None  # the words of an upright label-and-title line kept with the next


class Outline:
    def __init__(self, notes: dict, path: tuple) -> None:
        self.phan: list[dict] = []
        self.scheme: list[str] = []
        self.looks: dict[int, list[tuple[bool, bool]]] = {}  # (bold, italic) of each heading, by level
        self.bold_numbers: list[bool] = []  # of each numbered paragraph without a heading: its number bold?
        self.stack: list[Node] = []
        self.nodes: list[Node] = []
        self.notes = notes
        self.path = path  # where ``phan`` sits in the plan

    # where things go -------------------------------------------------------
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
            self._paragraph(marked(para.spans), para)
        return True

    def add_table(self, bang: dict, notes: list[str]) -> bool:
        """A table in the body: part of the current section's content; False before the first section."""
        if not self.stack:
            return False
        node = self.stack[-1]
        self._order(node, "noi")
        take_caption(node.items, bang)
        node.items.append(("bang", bang, notes))
        return True

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
        mark = self._lettered_item(label, rest)
        if mark is not None:
            self._bullet(para, mark, label.length)
            return True
        depth = self._depth(label.kind)
        if depth is None:
            return False
        muc = _heading(rest, depth)
        if "tieu_de" in muc or "don_vi" in muc:  # how this office prints the headings of the level
            first = next(s for s in rest if s.text.strip())
            self.looks.setdefault(depth, []).append((first.bold, first.italic))
        elif label.length:  # a numbered paragraph: "**1.** Duy trì …" prints its number bold (so_dam)
            printed_at = len(para.text) - len(para.text.lstrip()) + len(label.text)  # its number, not the space
            self.bold_numbers.append(all(s.bold for s in para.spans[:_spans_in(para.spans, printed_at)]
                                         if s.text.strip()))
        parent = self.stack[depth - 2] if depth > 1 else None
        siblings = self.phan if parent is None else parent.data.setdefault("muc", [])
        if parent is not None:
            self._order(parent, "muc")
        expected = self._expected(depth, len(siblings) + 1, parent.label if parent else "")
        printed = label.text if label.text.endswith((".", ")")) else label.text + "."
        if printed != expected:
            muc = {"so": printed, **muc}
        siblings.append(muc)
        path = (parent.path + ("muc", len(siblings) - 1)) if parent else self.path + (len(siblings) - 1,)
        node = Node(muc, printed, depth, path)
        if para.keep_next and list(muc) == ["noi_dung"] and not any(x.bold or x.italic for x in rest if x.text.strip()):
            node.upright_heading = plain(rest).strip()  # a heading printed upright, if content follows it
        self.nodes.append(node)
        self.stack[depth - 1:] = [node]
        return True

    def _lettered_item(self, label: Label, rest: list[Span]) -> str | None:
        """"a) …", "b) …" plain paragraphs in a run, where no level of headings is lettered: the items
        of a list (``danh_dau: a``), as kehoach prints them; "a. …", "b. …" likewise, each with its own
        "-" and "+" items between the letters (``danh_dau: a.``). A letter that does not follow on
        (after a paragraph) or a lettered heading stays a section. The list's marker, or None."""
        if label.kind != "a" or not label.text.endswith((")", ".")) or "a" in self.scheme or not self.stack or \
                label.length == 0 or set(_heading(rest, 0)) != {"noi_dung"}:
            return None
        mark = "a" if label.text.endswith(")") else "a."
        letters = 0
        for item in reversed(self.stack[-1].items):
            if item[0] != "y" or (mark == "a" and item[1] == "-") or item[1] == ("a." if mark == "a" else "a"):
                break  # the list of letters ended there
            letters += item[1] == mark
        return mark if label.text[:-1] == letter(letters + 1) else None

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
            self.note(node.path, "trong bản gốc, nội dung của mục này xen giữa các mục con; kehoach in nội dung "
                                 "trước các mục con")
        if key not in node.order:
            node.order.append(key)

    # content -------------------------------------------------------------------
    def _paragraph(self, text: str, para: Paragraph | None = None) -> None:
        node = self.stack[-1]
        if not text:
            return
        self._order(node, "noi")
        last = node.items[-1] if node.items else None
        if last is not None and last[0] == "bang" and para is not None and para.italic and \
                all(s.italic for s in para.spans if s.text.strip()):  # an italic note right under a table
            last[1].setdefault("ghi_chu", []).append(marked(para.spans, (False, True)))
            return
        node.items.append(("doan", text, para))

    def _bullet(self, para: Paragraph, mark: str, length: int) -> None:
        node = self.stack[-1]
        words = [s for s in para.spans if s.text.strip()]
        # "*- Thu và phân tích mẫu: …*": the item in italics, its typed dash too (khoi: nghieng)
        italic = length > 0 and bool(words) and all(s.italic for s in words)
        text = marked(strip_prefix(para.spans, length), (False, True) if italic else (False, False))
        if text:
            self._order(node, "noi")
            node.items.append(("y", mark, text, italic))

    def finish(self) -> None:
        """Each section's content as the keys a clerk writes (``doan``, ``y``), or as ``khoi`` when
        its paragraphs, bullets and tables alternate in a way separate keys cannot keep."""
        for node in self.nodes:
            if node.upright_heading and (node.items or node.data.get("muc")):
                # Upright "1. Mục đích" kept with what follows it, as kehoach keeps a heading: a level
                # printed upright (kieu_tieu_de: thuong), not a numbered paragraph.
                node.data["tieu_de"] = node.upright_heading
                del node.data["noi_dung"]
                self.looks.setdefault(node.depth, []).append((False, False))
                if self.bold_numbers:
                    self.bold_numbers.pop()  # it was counted as a numbered paragraph
            segments = _segments(node.items)
            content = self._content(node, segments)
            heading = {k: v for k, v in node.data.items() if k in ("so", "tieu_de", "don_vi", "vai_tro", "noi_dung")}
            children = node.data.get("muc")
            node.data.clear()
            node.data.update(heading)
            for key in node.order:
                if key == "noi":
                    node.data.update(content)
                elif children:
                    node.data["muc"] = children
            if children and "muc" not in node.data:
                node.data["muc"] = children

    def _content(self, node: Node, segments: list[tuple]) -> dict:
        kinds = [kind for kind, *_ in segments]
        groups = [s for s in segments if s[0] == "y"]
        paragraphs = [i for i, kind in enumerate(kinds) if kind == "doan"]
        simple = "bang" not in kinds and len(groups) <= 1 and not any(g[3] for g in groups) and (
            not paragraphs or paragraphs == list(range(paragraphs[0], paragraphs[-1] + 1)))
        if simple:
            out: dict = {}
            for kind, *rest in segments:
                if kind == "doan":
                    out.setdefault("doan", []).append(rest[0])
                else:
                    items, mark, _ = rest
                    if mark != decree.BULLETS[0]:
                        out["danh_dau"] = mark
                    out["y"] = items
            return out
        khoi: list = []
        for kind, *rest in segments:
            if kind == "doan":
                khoi.append(rest[0])
            elif kind == "y":
                items, mark, italic = rest
                group = {"danh_dau": mark, "y": items} if mark != decree.BULLETS[0] else {"y": items}
                khoi.append({**group, "nghieng": True} if italic else group)
            else:
                bang, notes = rest
                for message in notes:
                    self.note(node.path + ("khoi", len(khoi)), message)
                khoi.append({"bang": bang})
        return {"khoi": khoi}

    def heading_styles(self) -> list[str] | None:
        """``trinh_bay.kieu_tieu_de`` when a level's headings are printed otherwise than the decree's
        default (level 3 italic only, not bold italic…); None when every level is as kehoach prints it."""
        from collections import Counter

        depth = max(self.looks, default=0)
        styles, differs = [], False
        for level in range(1, depth + 1):
            default = (decree.ROLES[f"tieu_de_{level}"].bold, decree.ROLES[f"tieu_de_{level}"].italic)
            looks = self.looks.get(level)
            bold, italic = Counter(looks).most_common(1)[0][0] if looks else default
            differs = differs or (bold, italic) != default
            roman = level <= len(self.scheme) and self.scheme[level - 1] == "I"
            if roman:  # a Roman level is IN HOA bold by the decree (Phụ lục I, mục V), as kehoach checks
                bold, italic = True, False
            name = "in_hoa_dam" if roman or (level == 1 and (bold, italic) == (True, False)) else next(
                n for n, look in decree.HEADING_LOOK.items() if look[:2] == (bold, italic) and not look[2])
            styles.append(name)
        return styles if differs else None

    def bold_number(self) -> bool:
        """``trinh_bay.so_dam``: every numbered paragraph without a heading prints its number bold."""
        return bool(self.bold_numbers) and all(self.bold_numbers)

    def numbering(self) -> list[str] | None:
        """``trinh_bay.danh_so`` when it differs from the default."""
        kinds = [k.split("/")[0] for k in self.scheme]
        if not kinds or kinds == list(decree.DEFAULT_NUMBERING[:len(kinds)]):
            return None
        return kinds


def _spans_in(spans: list[Span], length: int) -> int:
    """How many of the first spans hold the first ``length`` characters."""
    count, total = 0, 0
    for span in spans:
        if total >= length:
            break
        total += len(span.text)
        count += 1
    return count


def take_caption(items: list[tuple], bang: dict) -> None:
    """The paragraphs right above a table that belong to it: its bold centred title
    (``tieu_de``, "Biểu 01: …") and its italic right-aligned unit line (``don_vi_tinh``)."""
    captioned = len(items) >= 2 and items[-2][0] == "doan" and _caption(items[-2][2])
    if items and items[-1][0] == "doan" and (_unit_line(items[-1][2]) or (captioned and _note_line(items[-1][2]))):
        # "(Đơn vị: …)", or a "(Lưu ý: …)" under the title: italic by its role, bold words marked
        bang["don_vi_tinh"] = marked(items.pop()[2].spans, (False, True))
    if items and items[-1][0] == "doan" and _caption(items[-1][2]):
        bang["tieu_de"] = marked(items.pop()[2].spans, (True, False))
    head = {k: bang.pop(k) for k in ("tieu_de", "don_vi_tinh") if k in bang}
    rest = dict(bang)
    bang.clear()
    bang.update(head)
    bang.update(rest)


def _caption(para: Paragraph | None) -> bool:
    return (para is not None and para.alignment == "center" and para.bold and len(para.text) < 200
            and not para.text.strip().startswith("("))


def _note_line(para: Paragraph | None) -> bool:
    text = para.text.strip() if para is not None else ""
    return para is not None and para.italic and text.startswith("(") and text.endswith(")") and len(text) < 300


def _unit_line(para: Paragraph | None) -> bool:
    return para is not None and para.alignment in ("right", "end") and para.italic and len(para.text) < 120


def _segments(items: list[tuple]) -> list[tuple]:
    """Paragraphs one by one, runs of bullets as one nested group, tables one by one."""
    out: list[tuple] = []
    for item in items:
        if item[0] != "y":
            out.append(("doan", item[1]) if item[0] == "doan" else ("bang", item[1], item[2]))
            continue
        _, mark, text, italic = item
        # A lettered list is its own, and so are dashes after it: kehoach prints the items under a
        # lettered item with "+" (compose.sections._bullets), so only "+" items nest under a letter;
        # under "a.", "b." its "-" items nest, and their "+" under them.
        group = out[-1][2] if out and out[-1][0] == "y" else None
        if group == "a.":
            new = mark == "a"
        else:
            new = group is None or mark == "a." or (mark == "a") != (group == "a") and not (
                group == "a" and mark == "+")
        if new or out[-1][4] != italic:  # an italic group is its own (khoi: nghieng)
            out.append(("y", [], mark, ["a.", "-", "+"] if mark == "a." else [mark], italic))
        _, entries, first, marks, _ = out[-1]
        if mark not in marks:
            marks.append(mark)
        target = entries
        for _ in range(marks.index(mark)):
            if not target:
                break
            last = target[-1]
            if isinstance(last, str):
                last = {"noi_dung": last}
                target[-1] = last
            target = last.setdefault("y", [])
        target.append(text)
    return [(s[0], s[1], s[2], s[4]) if s[0] == "y" else s for s in out]


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
    title = marked(prefix, emphasis)  # words set otherwise inside the heading keep their marks
    if not rest:  # its own punctuation kept: kehoach prints a heading as written
        return {"tieu_de": title.rstrip()}
    # A unit and its role: "**Công an xã** (cơ quan thường trực)", with its task run in after ": "
    if (emphasis[0] or emphasis[1]) and (unit := _ROLE.match("".join(s.text for s in rest))) and not any(
            s.bold or s.italic or s.footnote for s in rest if s.text.strip()):
        heading = {"don_vi": title.rstrip(" :"), "vai_tro": escape(unit["role"].strip())}
        if unit["text"] is not None and unit["text"].strip():
            heading["noi_dung"] = escape(" ".join(unit["text"].split()))
        return heading if unit["text"] is None or unit["text"].strip() else {"noi_dung": marked(spans)}
    if title.endswith(":"):
        return {"tieu_de": title.rstrip(" :"), "noi_dung": marked(rest)}
    return {"noi_dung": marked(spans)}
