"""Emphasised runs → the plan's inline marks (``**đậm**``, ``*nghiêng*``).

The inverse of ``compose.wording.inline``: what that function reads, this
writes, so a paragraph's bold and italic words survive import and render.
Text that the plan format would otherwise read as marks or variables (a
literal ``*``, a ``{{``) is escaped, so the clerk's words print as typed.
"""

from __future__ import annotations

import re

from kehoach.docx.content import Span

_TEMPLATE = re.compile(r"(\{\{|\{%|\{#|%\}|#\})")


def escape(text: str) -> str:
    """Plain text as plan text: stars and Jinja2 delimiters printed as they are."""
    text = text.replace("*", "\\*")
    return _TEMPLATE.sub(lambda m: "{{ '" + m.group(1) + "' }}", text)


def marked(spans: list[Span], base: tuple[bool, bool] = (False, False)) -> str:
    """The spans as plan text; emphasis that differs from the paragraph's ``base`` is marked.

    Bold and italic together print as bold (the format has no mark for both).
    Spaces at the edges of an emphasised run stay outside the marks."""
    out = []
    for span in spans:
        if span.footnote is not None:
            out.append(note_mark(span.footnote))
            continue
        if not span.text:
            continue
        text = escape(span.text)
        bold = span.bold and not base[0]
        italic = span.italic and not base[1] and not bold
        if not (bold or italic) or not text.strip():
            out.append(text)
            continue
        core = text.strip()
        lead = text[:len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        mark = "**" if bold else "*"
        out.append(f"{lead}{mark}{core}{mark}{tail}")
    joined = "".join(out)
    joined = joined.replace("****", "")  # two bold runs that touch (a footnote between) read as one
    return " ".join(joined.split())


def plain(spans: list[Span]) -> str:
    return " ".join("".join(note_mark(s.footnote) if s.footnote is not None else escape(s.text)
                            for s in spans).split())


def note_mark(word_id: str) -> str:
    """The plan's footnote mark for Word's footnote ``word_id``; renumbered once the whole plan is read."""
    return f"[^{NOTE_PREFIX}{word_id}]"


NOTE_PREFIX = "w"


def strip_prefix(spans: list[Span], count: int) -> list[Span]:
    """The spans without their first ``count`` characters (a label already read)."""
    out = []
    for span in spans:
        if count <= 0:
            out.append(span)
            continue
        if len(span.text) <= count:
            count -= len(span.text)
            continue
        out.append(Span(span.text[count:], span.bold, span.italic, span.footnote))
        count = 0
    while out and not out[0].text.strip() and out[0].footnote is None:
        out.pop(0)
    if out:
        out[0] = Span(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].footnote)
    return out
