"""Plan data with the source position of every node.

Every stage that reports a problem in a clerk's file (reading, text hygiene,
validation, lint, roll, batch) speaks of a node by its path, e.g.
``("phan", 0, "muc", 1)``, and finds its 1-based ``(line, column)`` here. The
module depends on nothing but the error type, so data flows one way:
loader → text → validation all import it, none imports the other back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kehoach.errors import Problem

PathKey = tuple[str | int, ...]

# The one way to silence a warning: a YAML comment on the line it is raised at,
# ``- "truyền thông thông tin"  # kehoach: bo-qua lap-tu`` ("bỏ qua" with or without diacritics).
SILENCE = re.compile(r"(?:^|\s)#\s*kehoach\s*:\s*(?:bo[-_ ]?qua|bỏ[-_ ]?qua)\s+(?P<codes>[\w\-]+(?:[\s,]+[\w\-]+)*)",
                     re.IGNORECASE)


@dataclass
class Loaded:
    data: Any
    positions: dict[PathKey, tuple[int, int]]
    file: str
    # Source character span of every scalar value, for tools that edit the
    # file in place and must keep the rest of it (comments, layout) as it is.
    spans: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    # Problems found while reading (duplicate keys, refused tags), kept when the
    # caller wants every problem of the file at once rather than the first kind.
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: PathKey) -> tuple[int | None, int | None]:
        """Position of ``path`` or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, path: PathKey, message: str, severity: str = "loi", code: str = "") -> Problem:
        line, column = self.position(path)
        if code:  # a warning says how to silence it, where it is raised
            message += f" Nếu đúng ý bạn, thêm `# kehoach: bo-qua {code}` ở cuối dòng {line} để tắt cảnh báo này."
        return Problem(message, self.file, line, column, format_path(path), severity, code)

    def silenced(self, path: PathKey, code: str) -> bool:
        """True when the line of ``path`` (or the line where its text ends) carries the comment
        ``# kehoach: bo-qua <code>`` (several codes may follow, separated by commas or spaces)."""
        line, _ = self.position(path)
        if line is None or not self.text:
            return False
        lines = self.text.split("\n")
        numbers = {line}
        if (span := self.spans.get(tuple(path))) is not None:
            numbers.add(self.text.count("\n", 0, span[1]) + 1)
        for number in sorted(numbers):
            if 0 < number <= len(lines):
                for match in SILENCE.finditer(lines[number - 1]):
                    if code in re.split(r"[\s,]+", match.group("codes").strip().lower()):
                        return True
        return False


def iter_strings(node: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str, Any, Any]]:
    """Every text in loaded data: ``(path, text, container, key)``.

    ``container[key]`` is where the text sits, so a caller may replace it.
    Content checks, text hygiene and ``roll`` all walk the data this way.
    """
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        if isinstance(value, str):
            yield path + (key,), value, node, key
        elif isinstance(value, (dict, list)):
            yield from iter_strings(value, path + (key,))


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
