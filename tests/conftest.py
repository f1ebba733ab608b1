"""Shared fixtures: rendered sample documents and a reader of effective formatting.

Formatting is read the way Word resolves it: the run's own properties, then
the paragraph style and its parents, then the document defaults.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from kehoach.api import load_plan, load_plan_text, render_bytes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
SAMPLES = sorted([DATA / "dong-tuyen-2024.yaml", *sorted((DATA / "examples").glob("*.yaml"))])


def render_path(path: Path) -> bytes:
    return render_bytes(load_plan(path))


def render_text(text: str) -> bytes:
    return render_bytes(load_plan_text(text))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="session")
def dong_tuyen_bytes() -> bytes:
    return render_path(DATA / "dong-tuyen-2024.yaml")


@pytest.fixture(scope="session")
def dong_tuyen(dong_tuyen_bytes):
    return open_docx(dong_tuyen_bytes)


@pytest.fixture(scope="session")
def dong_thap():
    return open_docx(render_path(DATA / "examples" / "dongthap-chuyen-doi-so-doanh-nghiep-2025.yaml"))


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _defaults_rpr(document):
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def effective_size(paragraph, run=None) -> float:
    if run is not None and run.font.size is not None:
        return run.font.size.pt
    for style in _style_chain(paragraph):
        if style.font.size is not None:
            return style.font.size.pt
    sz = _defaults_rpr(paragraph.part.document).find(qn("w:sz"))
    return int(sz.get(qn("w:val"))) / 2


def effective_flag(paragraph, name: str, run=None) -> bool:
    """bold / italic as displayed."""
    if run is not None and getattr(run.font, name) is not None:
        return getattr(run.font, name)
    for style in _style_chain(paragraph):
        value = getattr(style.font, name)
        if value is not None:
            return value
    return False


def effective_pformat(paragraph, name: str):
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in _style_chain(paragraph):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def all_paragraphs(document):
    """Body paragraphs and table-cell paragraphs, in document order."""
    body = document.element.body
    for p in body.iter(qn("w:p")):
        yield docx.text.paragraph.Paragraph(p, document._body)


def find_paragraph(document, startswith: str):
    for p in all_paragraphs(document):
        if p.text.startswith(startswith):
            return p
    raise AssertionError(f"no paragraph starts with {startswith!r}")
