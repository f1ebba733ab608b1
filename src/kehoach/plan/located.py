"""Plan data with the source position of every node.

Every stage that reports a problem in a clerk's file (reading, text hygiene,
validation, lint, roll, batch) speaks of a node by its path, e.g.
``("phan", 0, "muc", 1)``, and finds its 1-based ``(line, column)`` here. The
module depends on nothing but the error type, so data flows one way:
loader → text → validation all import it, none imports the other back.
"""

from __future__ import annotations

import bisect
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
    _lines: tuple[list[int], dict[int, frozenset[str]]] | None = field(default=None, init=False, repr=False,
                                                                       compare=False)

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
        numbers = {line}
        if (span := self.spans.get(tuple(path))) is not None:
            numbers.add(bisect.bisect_right(self._line_index()[0], span[1]))  # newlines before the end, + 1
        return any(code in self._silenced_on(number) for number in numbers)

    def _line_index(self) -> tuple[list[int], dict[int, frozenset[str]]]:
        # Where each line starts, and the codes silenced on each line looked at, made once: a
        # warning looks its line up here (splitting and searching the file per warning made
        # 3,000 warnings in a 30 KB plan take 8 s).
        if self._lines is None:
            starts = [0]
            for found in re.finditer("\n", self.text):
                starts.append(found.end())
            self._lines = (starts, {})
        return self._lines

    def _silenced_on(self, number: int) -> frozenset[str]:
        starts, codes = self._line_index()
        if number not in codes:
            found: set[str] = set()
            if 0 < number <= len(starts):
                end = starts[number] - 1 if number < len(starts) else len(self.text)
                for match in SILENCE.finditer(self.text[starts[number - 1]:end]):
                    found.update(re.split(r"[\s,]+", match.group("codes").strip().lower()))
            codes[number] = frozenset(found)
        return codes[number]


def iter_strings(node: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str, Any, Any]]:
    """Every text in loaded data: ``(path, text, container, key)``.

    ``container[key]`` is where the text sits, so a caller may replace it.
    Content checks, text hygiene and ``roll`` all walk the data this way.
    """
    if not isinstance(node, (dict, list)):
        return
    # Depth first with a stack of its own: a nested ``yield from`` costs every text once per level.
    stack = [(node, path, iter(node.items() if isinstance(node, dict) else enumerate(node)))]
    while stack:
        container, base, items = stack[-1]
        for key, value in items:
            if isinstance(value, str):
                yield base + (key,), value, container, key
            elif isinstance(value, dict):
                stack.append((value, base + (key,), iter(value.items())))
                break
            elif isinstance(value, list):
                stack.append((value, base + (key,), iter(enumerate(value))))
                break
        else:
            stack.pop()


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
