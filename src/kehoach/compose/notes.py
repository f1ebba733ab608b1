"""Footnotes: ``[^ten]`` in any text becomes a real Word footnote.

The clerk names each note once under ``chu_thich:`` and marks where it
belongs (``Chính phủ[^1]``), as real plans do (Cần Thơ 165/KH-UBND prints
its sources as footnotes 1–3). Notes are numbered in the order the document
shows their marks, whatever their names, so inserting a note never means
renumbering by hand. A part of the composer (``compose.document._Composer``
inherits it).
"""

from __future__ import annotations

import dataclasses
import re

from kehoach.compose.blocks import Cell, DataTable, LayoutTable, Para, Run
from kehoach.compose.wording import inline
from kehoach.plan.located import iter_strings

MARK = re.compile(r"\[\^([A-Za-z0-9_]{1,20})\]")


class NoteComposer:
    def _notes(self) -> tuple[tuple[Run, ...], ...]:
        """Replace every ``[^ten]`` in the blocks by a note mark; the notes' texts in order."""
        self._note_numbers: dict[str, int] = {}
        self._note_texts: list[tuple[Run, ...]] = []
        self.blocks = [self._with_marks(block) for block in self.blocks]
        for name in self.plan.chu_thich:
            if name not in self._note_numbers:
                self._problem(("chu_thich", name), f"chú thích `{name}` chưa được dẫn ở đâu trong bài. Hãy ghi "
                                                   f"[^{name}] ngay sau chữ cần chú thích, hoặc xóa chú thích này.")
        return tuple(self._note_texts)

    def _with_marks(self, block: object) -> object:
        if isinstance(block, Para):
            if not any("[^" in r.text for r in block.runs):
                return block
            return Para(block.role, tuple(part for run in block.runs for part in self._split(run)))
        if isinstance(block, (LayoutTable, DataTable)):
            rows = lambda rows: tuple(tuple(Cell(tuple(self._with_marks(b) for b in c.blocks), c.span, c.merge)
                                            for c in row) for row in rows)  # noqa: E731
            if isinstance(block, LayoutTable):
                return dataclasses.replace(block, rows=rows(block.rows))
            return dataclasses.replace(block, header=rows(block.header), rows=rows(block.rows))
        return block

    def _split(self, run: Run) -> list[Run]:
        out: list[Run] = []
        pos = 0
        for match in MARK.finditer(run.text):
            if match.start() > pos:
                out.append(Run(run.text[pos:match.start()], run.bold, run.italic))
            pos = match.end()
            number = self._note_number(match[1])
            if number:
                out.append(Run("", note=number))
        if pos < len(run.text):
            out.append(Run(run.text[pos:], run.bold, run.italic))
        return out

    def _note_number(self, name: str) -> int:
        notes = self.plan.chu_thich
        if name not in notes:  # a heading printed IN HOA upper-cased the name too
            name = next((k for k in notes if k.upper() == name.upper()), name)
        if name not in notes:
            known = ", ".join(f"[^{k}]" for k in notes) or "chưa có chú thích nào"
            self._problem(self._mark_path(name), f"chú thích [^{name}] chưa được khai báo trong `chu_thich:` "
                                                 f"(đã có: {known}). Hãy thêm `{name}: nội dung chú thích` vào "
                                                 "`chu_thich:`.")
            return 0
        if name in self._note_numbers:
            self._problem(self._mark_path(name), f"chú thích [^{name}] được dẫn hai lần; mỗi chú thích chỉ dẫn "
                                                 "một lần (hãy đặt thêm một chú thích khác).")
            return 0
        self._note_numbers[name] = len(self._note_texts) + 1
        text = self.t(notes[name], ("chu_thich", name))
        if MARK.search(text):
            self._problem(("chu_thich", name), "chú thích không được chứa chú thích khác ([^…]).")
            text = MARK.sub("", text)
        self._note_texts.append(inline(text))
        return self._note_numbers[name]

    def _mark_path(self, name: str) -> tuple:
        """Where the clerk wrote ``[^name]`` (the text that holds it), for the message."""
        if self.loaded is None:
            return ()
        mark = f"[^{name}]"
        return next((path for path, text, _, _ in iter_strings(self.loaded.data)
                     if mark in text and path[:1] != ("chu_thich",)), ())
