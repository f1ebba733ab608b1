"""The neutral document: blocks that name a *role*, never a font or a size.

``compose`` turns a Plan into these; ``docx_writer`` decides how each role
looks from ``decree``. Nothing here knows about Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool | None = None  # None: as the paragraph's role says
    italic: bool | None = None
    note: int = 0  # > 0: a footnote reference mark, the note's number (the text is empty)


@dataclass(frozen=True, slots=True)
class Para:
    role: str
    runs: tuple[Run, ...] = ()
    align: str | None = None  # None: as the role says; "left" | "center" | "right" | "both" (a table column's choice)
    size: float | None = None  # None: as the role says; points (a wide table set smaller)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class ShortLine:
    """A solid short line under the lines ``reference`` (printed in ``role``)."""

    kind: str  # a key of decree.SHORT_LINES
    reference: tuple[str, ...]
    role: str


@dataclass(frozen=True, slots=True)
class Boxed:
    """A paragraph framed by a single-line rectangle: a mark of ô 10a/10b, a draft's box."""

    para: Para
    width_mm: float | None = None  # None: the text's width and a little air
    height_mm: float | None = None
    color: str | None = None  # the ink of a stamp; None: the document's black


@dataclass(frozen=True, slots=True)
class Cell:
    blocks: tuple = ()
    span: int = 1  # columns
    merge: str | None = None  # None | "restart" | "continue" (rows)


@dataclass(frozen=True, slots=True)
class LayoutTable:
    """A borderless table that places blocks side by side (header, signature)."""

    kind: str  # "dau_trang" | "chu_ky"
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class DataTable:
    widths: tuple[float, ...]  # relative
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class SectionBreak:
    """Starts a new section: a new page, own page numbering ([P1] III.1.đ)."""

    landscape: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    size_set: int
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    first_line_indent_cm: float
    line_spacing: float


@dataclass(frozen=True)
class Document:
    blocks: tuple
    layout: Layout
    title: str
    author: str
    year: int
    meta: dict = field(default_factory=dict)
    footnotes: tuple[tuple[Run, ...], ...] = ()  # note n is footnotes[n - 1]
    first_footer: tuple[Para, ...] = ()  # ô 13: the office's address… at the foot of page 1 only
