"""Small facts about the parts of a document that the readers of a plan and of a Quyết định share."""

from __future__ import annotations

import re

from kehoach.docx.content import Paragraph, Table

# "Phụ lục I", "PHỤ LỤC số 01: …": an appendix's label, and what follows it on the line.
PHU_LUC = re.compile(r"^\s*Phụ\s*lục\b\s*(?P<so>[^:]*?)\s*(:\s*(?P<rest>.*))?$", re.IGNORECASE)
GENERATED = "_tu_lap"  # a "(Kèm theo …)" line kehoach may write itself: settled by import_document


def filled(block) -> bool:
    """A table, or a paragraph with words (not an empty line)."""
    return isinstance(block, Table) or (isinstance(block, Paragraph) and bool(block.text.strip()))
