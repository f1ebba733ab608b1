"""Text typed in the old TCVN3 or VNI encodings, turned into Unicode.

Word shows such text right only in its own fonts (``.VnTime``, ``VNI-Times``);
read as characters it is ``Céng hßa``. A run whose font is one of those is
converted unless it already holds letters only Unicode has (a run retyped
in Unicode keeps its old font); a paragraph in an ordinary font is
converted only when its text reads as such an encoding (the detection
``render --chuyen-ma`` uses). Both are said in the summary.
"""

from __future__ import annotations

from dataclasses import replace

from kehoach.docx.content import Content, Paragraph, Table
from kehoach.plan.text import detect_legacy, from_legacy, legacy_label


def _paragraphs(content: Content):
    for block in content.blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            yield from block.paragraphs()


# Letters only Unicode has: an old encoding types them as Latin-1 characters (TCVN3 "ì" for "ỡ"), so a run
# that holds them was already retyped in Unicode, even if it kept its .VnTime font ("Tình hình", not "Tỡnh hỡnh").
_UNICODE_ONLY = set("ăĂđĐơƠưƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}


def _unicode_vietnamese(text: str) -> bool:
    return any(c in _UNICODE_ONLY for c in text)


def convert_legacy(content: Content) -> list[str]:
    """Convert in place; what was converted, for the summary."""
    by_font: dict[str, int] = {}
    by_text: dict[str, int] = {}
    for para in _paragraphs(content):
        changed = False
        spans = []
        for span in para.spans:
            if span.legacy and span.text.strip() and not _unicode_vietnamese(span.text):
                encoding = span.legacy.split("-")[0]
                converted = from_legacy(span.text, encoding)
                if converted is not None and span.legacy.endswith("-upper"):
                    converted = converted.upper()
                if converted is not None and converted != span.text:
                    by_font[encoding] = by_font.get(encoding, 0) + (not changed)
                    span = replace(span, text=converted, legacy=None)
                    changed = True
            spans.append(span)
        if changed:
            para.spans = spans
            continue
        found = detect_legacy(para.text)
        if found is None:
            continue
        encoding, _ = found
        para.spans = [replace(s, text=from_legacy(s.text, encoding) or s.text) for s in para.spans]
        by_text[encoding] = by_text.get(encoding, 0) + 1
    said = []
    for encoding, count in sorted(by_font.items()):
        said.append(f"đã chuyển {count} đoạn chữ gõ bằng bảng mã cũ {legacy_label(encoding)} sang Unicode")
    for encoding, count in sorted(by_text.items()):
        said.append(f"đã chuyển {count} đoạn chữ có vẻ gõ bằng bảng mã cũ {legacy_label(encoding)} sang Unicode "
                    "(hãy đọc lại)")
    return said

