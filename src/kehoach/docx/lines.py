"""What a reader of the page takes for separate lines, whatever the XML does.

Word files from other offices put two elements in one paragraph with a
manual line break ("KT. CHỦ TỊCH⏎PHÓ CHỦ TỊCH", the Quốc hiệu and the
Tiêu ngữ), or type the Quốc hiệu into a text box. ``logical`` gives the
paragraphs as they read: the paragraphs of a text box first, each as its
own line, then the paragraph's own text, split at manual line breaks when
every part is short enough to be one header or signature line. ``check``
and ``import`` both read paragraphs through here (``DocxReader.paragraphs``),
so what one recognises the other does too.
"""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_T, _TAB, _BR, _CR, _P, _BOX = (_W + n for n in ("t", "tab", "br", "cr", "p", "txbxContent"))
# Not part of what the paragraph shows in its own line: a text box's content (read
# separately), a drawing's fallback copy, deleted text.
_SKIP = (_BOX, f"{_MC}Fallback", _W + "del", _W + "moveFrom")
MAX_LINE = 80  # characters: a header or signer line; a body paragraph with a soft break stays whole


def _own_text(node: Any, parts: list[str], boxes: list[Any]) -> None:
    for child in node:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag in (_BR, _CR):
            parts.append("\n" if child.get(_W + "type") not in ("page", "column") else "")
        elif tag in _SKIP:
            if tag == _BOX:
                boxes.append(child)
        elif isinstance(tag, str):
            _own_text(child, parts, boxes)


_SHOWN = (_T, _TAB, _BR, _CR)


def _plain_text(p: Any) -> list[str]:
    """The parts of a paragraph with nothing to skip, found by lxml's own iteration: only the text
    elements become Python objects (walking every element, as _own_text must, costs 5× more)."""
    parts = []
    for child in p.iter(_SHOWN):
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n" if child.get(_W + "type") not in ("page", "column") else "")
    return parts


def logical(p: Any, depth: int = 0) -> list[tuple[Any, str]]:
    """(element, text) of each line paragraph ``p`` shows; one entry for an ordinary paragraph."""
    parts: list[str] = []
    boxes: list[Any] = []
    if next(p.iter(_SKIP), None) is None:  # nearly always: no text box, fallback or deletion inside
        parts = _plain_text(p)
    else:
        _own_text(p, parts, boxes)
    out: list[tuple[Any, str]] = []
    if depth < 3:
        for box in boxes:
            for inner in box.iterchildren(_P):
                out += logical(inner, depth + 1)
    text = "".join(parts)
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and all(len(line.strip()) <= MAX_LINE for line in lines):
        out += [(p, line) for line in lines]
    else:
        out.append((p, text))
    return out
