"""Plan data → a plan file as a clerk would write it, with comments.

PyYAML writes correct YAML but cannot place comments, and its line breaking
of long texts is hard to read; this writer lays the file out like the
samples in ``data/`` (two-space indents, ``- `` items, long texts folded with
``>-``) and puts each ``# kiểm tra lại: …`` note at the end of the line of the
key it concerns. Every scalar is written plain only when YAML reads it back
as the same string; otherwise it is quoted (JSON's double-quoted form, which
YAML reads the same way).
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WIDTH = 110
_SPECIAL_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def _reads_back(text: str, value: Any) -> bool:
    try:
        return yaml.load(text, Loader=_SAFE_LOADER) == {"k": value}
    except yaml.YAMLError:
        return False


def _plain(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or "\t" in value or value.startswith(_SPECIAL_START):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    return _reads_back(f"k: {value}", value)


def _folded(value: str, indent: int) -> list[str] | None:
    if "\n" in value or "  " in value or value != value.strip() or "\t" in value:
        return None
    lines = textwrap.wrap(value, width=max(40, WIDTH - indent), break_long_words=False, break_on_hyphens=False)
    if any(line != line.strip() for line in lines):
        return None
    block = "k: >-\n" + "".join(f"  {line}\n" for line in lines)
    return lines if _reads_back(block, value) else None


def scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value if _plain(value) else json.dumps(value, ensure_ascii=False)


class _Writer:
    def __init__(self, notes: dict[tuple, str]) -> None:
        self.notes = notes
        self.lines: list[str] = []
        self.note_lines: list[tuple[int, tuple, str]] = []

    def _comment(self, path: tuple) -> str:
        if path in self.notes:
            self.note_lines.append((len(self.lines) + 1, path, self.notes[path]))
            return f"  # kiểm tra lại: {self.notes[path]}"
        return ""

    def _text(self, lead: str, value: Any, path: tuple, indent: int) -> None:
        """``lead`` is ``key: `` or ``- `` at its indentation."""
        comment = self._comment(path)
        if isinstance(value, str) and len(lead) + len(value) > WIDTH:
            folded = _folded(value, indent + 2)
            if folded:
                self.lines.append(f"{lead}>-{comment}")
                self.lines += [" " * (indent + 2) + line for line in folded]
                return
        self.lines.append(f"{lead}{scalar(value)}".rstrip() + comment)

    def mapping(self, data: dict, indent: int, path: tuple, first_lead: str | None = None) -> None:
        for n, (key, value) in enumerate(data.items()):
            pad = first_lead if (n == 0 and first_lead is not None) else " " * indent
            name = key if re.fullmatch(r"[a-z_][a-z0-9_]*", key) else json.dumps(key, ensure_ascii=False)
            self.entry(f"{pad}{name}:", value, indent, path + (key,))

    def entry(self, lead: str, value: Any, indent: int, path: tuple) -> None:
        if isinstance(value, dict):
            self.lines.append(lead + self._comment(path))
            self.mapping(value, indent + 2, path)
        elif isinstance(value, list):
            flow = self._flow(value) if _flows(path) else None
            if flow is not None and len(lead) + len(flow) < WIDTH:
                self.lines.append(f"{lead} {flow}" + self._comment(path))
                return
            self.lines.append(lead + self._comment(path))
            self.sequence(value, indent + 2, path)
        else:
            self._text(lead + " ", value, path, indent)

    @staticmethod
    def _flow(items: list | dict) -> str | None:
        """A table row, a column or a numbering scheme on one line: ``["1", "Nội dung"]``."""
        values = list(items.values()) if isinstance(items, dict) else items
        if not values or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
            return None
        if isinstance(items, dict):
            return "{" + ", ".join(f"{k}: {_flow_scalar(v)}" for k, v in items.items()) + "}"
        return "[" + ", ".join(_flow_scalar(v) for v in items) + "]"

    def _wrapped_flow(self, pad: str, items: list, comment: str) -> None:
        """A long table row as a flow list over several lines, one cell or more per line."""
        cells = [_flow_scalar(v) for v in items]
        lines, current = [], pad + "- ["
        for i, cell in enumerate(cells):
            piece = cell + ("," if i < len(cells) - 1 else "]")
            if len(current) + len(piece) > WIDTH and current.strip() not in ("- [", ""):
                lines.append(current.rstrip())
                current = pad + "   "
            current += piece + " "
        lines.append(current.rstrip())
        lines[0] += comment
        self.lines += lines

    def sequence(self, items: list, indent: int, path: tuple) -> None:
        pad = " " * indent
        for i, item in enumerate(items):
            item_path = path + (i,)
            flow = self._flow(item) if _flows(path) and isinstance(item, (dict, list)) else None
            if flow is not None and indent + 2 + len(flow) < WIDTH:
                self.lines.append(f"{pad}- {flow}" + self._comment(item_path))
            elif isinstance(item, list) and flow is not None:
                self._wrapped_flow(pad, item, self._comment(item_path))
            elif isinstance(item, dict) and item:
                if item_path in self.notes:  # the note goes on a line of its own, above the item
                    self.lines.append(f"{pad}# kiểm tra lại: {self.notes[item_path]}")
                    self.note_lines.append((len(self.lines), item_path, self.notes[item_path]))
                self.mapping(item, indent + 2, item_path, first_lead=f"{pad}- ")
            elif isinstance(item, list):
                self.lines.append(f"{pad}-" + self._comment(item_path))
                self.sequence(item, indent + 2, item_path)
            else:
                self._text(f"{pad}- ", item, item_path, indent)


def _flows(path: tuple) -> bool:
    """Tables and the numbering scheme are written in the compact flow style."""
    return "bang" in path or (path and path[-1] == "danh_so")


def _flow_scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _existing(data: Any, path: tuple = ()) -> set[tuple]:
    found = {path}
    if isinstance(data, dict):
        for key, value in data.items():
            found |= _existing(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found |= _existing(value, path + (i,))
    return found


def dump(data: dict, notes: dict[tuple, str], heading: list[str]) -> tuple[str, list[tuple[int, tuple, str]]]:
    """(file text, (line, path, message) of each note). A note whose key is not written goes to the
    nearest parent; a note for the whole file goes to its head."""
    existing = _existing(data)
    placed: dict[tuple, str] = {}
    general = []
    for path, message in notes.items():
        while path and path not in existing:
            path = path[:-1]
        if not path:
            general.append(message)
            continue
        placed[path] = f"{placed[path]}; {message}" if path in placed else message
    writer = _Writer(placed)
    writer.lines += [f"# {line}" if line else "#" for line in heading]
    for message in general:
        writer.lines.append(f"# kiểm tra lại: {message}")
        writer.note_lines.append((len(writer.lines), (), message))
    writer.lines.append("")
    for key, value in data.items():
        writer.entry(f"{key}:", value, 0, (key,))
        if isinstance(value, (dict, list)):
            writer.lines.append("")
    return "\n".join(writer.lines).rstrip() + "\n", writer.note_lines
