"""``kehoach check --pdf``: the findings drawn on the document itself.

A chairman does not read ``đoạn 34 "Nơi nhận:": lỗi: cỡ chữ …``. The document
is converted to PDF (LibreOffice, as ``--pdf`` does everywhere), each finding
is located on its page from the text of its paragraph, and the page is widened
by a margin strip where the finding's note stands beside a coloured box around
the paragraph (red for an error, orange for a warning), with the rule, what is
needed, what is there and the decree's clause. A first page summarises them.

Libraries, each BSD or Apache licensed and well kept: pypdfium2 (PDFium's
text layer: every character with its box, so a paragraph is found by its
words even when the PDF's lines break elsewhere), reportlab (drawing the
boxes and Vietnamese notes with an embedded TrueType font) and pypdf
(widening each page and laying the drawing over it).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kehoach.check.context import ERROR, Finding
from kehoach.errors import OutputError

MM = 72 / 25.4  # PDF points per millimetre
NOTE_STRIP_MM = 75  # the margin strip that holds the notes, added to the right of every page
NOTE_FONT_PT = 8
SUMMARY_FONT_PT = 9
COLOURS = {ERROR: (0.84, 0.11, 0.11), "canh_bao": (0.93, 0.53, 0.0)}
# Enough of a paragraph's letters to find it unambiguously from where the last one was found.
SEARCH_LETTERS = 60
_FONT_NAMES = ("Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans")
_FONT_FILES = (r"C:\Windows\Fonts\times.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
               "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/Library/Fonts/Times New Roman.ttf")


@dataclass(frozen=True)
class Mark:
    """Where one finding is drawn: its number, its page (0-based) and its box in PDF points."""

    number: int
    finding: Finding
    page: int
    box: tuple[float, float, float, float] | None  # x0, y0, x1, y1; None: the document as a whole


def _letters(text: str) -> list[tuple[str, int]]:
    """The letters and digits of ``text``, without tone marks and case, each with its position."""
    out = []
    for i, char in enumerate(text):
        for base in unicodedata.normalize("NFD", char.casefold()):
            if base.isalnum():
                out.append(("d" if base == "đ" else base, i))
    return out


class _PageText:
    def __init__(self, textpage) -> None:
        self.textpage = textpage
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        self.letters = _letters(text)
        self.joined = "".join(c for c, _ in self.letters)

    def box(self, start: int, end: int) -> tuple[float, float, float, float]:
        """The box around the letters ``start``..``end`` (indices into ``letters``)."""
        boxes = [self.textpage.get_charbox(self.letters[k][1]) for k in range(start, min(end, len(self.letters)))]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def locate(pdf: bytes, findings: list[Finding], paragraphs: dict[int, str]) -> list[Mark]:
    """Each finding on its page: its paragraph's letters searched forward from the last one found.

    A finding on an empty paragraph (a short line, a blank signing gap) is drawn
    at the nearest paragraph before it that has text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = [_PageText(document[i].get_textpage()) for i in range(len(document))]
        marks, cursor = [], (0, 0)
        ordered = sorted(enumerate(findings, 1), key=lambda nf: (nf[1].paragraph is not None, nf[1].paragraph or 0))
        for number, finding in ordered:
            if finding.paragraph is None:
                marks.append(Mark(number, finding, 0, None))
                continue
            index = finding.paragraph
            while index > 1 and not "".join(c for c, _ in _letters(paragraphs.get(index, ""))):
                index -= 1
            wanted = "".join(c for c, _ in _letters(paragraphs.get(index, "")))
            found = _search(pages, wanted, cursor)
            if found is None:
                found = _search(pages, wanted, (0, 0))  # out of order (a table read in another order)
            if found is None:
                marks.append(Mark(number, finding, cursor[0], None))
                continue
            page, start = found
            cursor = found
            marks.append(Mark(number, finding, page, pages[page].box(start, start + len(wanted))))
        return sorted(marks, key=lambda m: m.number)
    finally:
        document.close()


def _search(pages: list[_PageText], wanted: str, cursor: tuple[int, int]) -> tuple[int, int] | None:
    if not wanted:
        return None
    probe = wanted[:SEARCH_LETTERS]
    for page in range(cursor[0], len(pages)):
        start = pages[page].joined.find(probe, cursor[1] if page == cursor[0] else 0)
        if start >= 0:
            return page, start
    return None


# ---------------------------------------------------------------- drawing --

def _font() -> str:
    """A TrueType font with every Vietnamese letter, registered for reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "KH" in pdfmetrics.getRegisteredFontNames():
        return "KH"
    candidates = []
    if shutil.which("fc-match"):
        for name in _FONT_NAMES:
            try:
                found = subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True, text=True,
                                       timeout=10, stdin=subprocess.DEVNULL).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                continue
            if found.lower().endswith(".ttf"):
                candidates.append(found)
    candidates += list(_FONT_FILES)
    for path in candidates:
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont("KH", path))
            except Exception:  # noqa: BLE001 - a damaged font file: try the next one
                continue
            return "KH"
    raise OutputError("không tìm thấy phông chữ có đủ dấu tiếng Việt (Times New Roman, Liberation Serif hoặc "
                      "DejaVu) để ghi lời ghi chú vào PDF. Hãy cài một phông như vậy (trên Ubuntu/Debian: "
                      "apt-get install fonts-liberation2) rồi chạy lại.")


def _note(mark: Mark) -> str:
    f = mark.finding
    kind = "Lỗi" if f.severity == ERROR else "Cảnh báo"
    return f"[{mark.number}] {kind}: {f.rule}. Cần {f.expected}; thấy {f.found}. ({f.clause})"


def _overlay(size: tuple[float, float], marks: list[Mark], font: str) -> bytes:
    """One page of the widened size: the boxes over the page, the notes in the strip."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = size
    strip = NOTE_STRIP_MM * MM
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width + strip, height), invariant=1)
    pdf.setFillColorRGB(0.96, 0.96, 0.96)
    pdf.rect(width, 0, strip, height, stroke=0, fill=1)
    pdf.setStrokeColorRGB(0.6, 0.6, 0.6)
    pdf.line(width, 0, width, height)
    leading = NOTE_FONT_PT * 1.25
    next_top = height - 10 * MM
    for mark in sorted(marks, key=lambda m: -(m.box[3] if m.box else height)):
        colour = COLOURS.get(mark.finding.severity, COLOURS[ERROR])
        lines = simpleSplit(_note(mark), font, NOTE_FONT_PT, strip - 8 * MM)
        anchor = (mark.box[3] if mark.box else height - 10 * MM)
        top = min(anchor, next_top)
        if top - leading * len(lines) < 5 * MM:  # no room left below: stack from the bottom up
            top = 5 * MM + leading * len(lines)
        pdf.setStrokeColorRGB(*colour)
        pdf.setLineWidth(0.9)
        if mark.box:
            x0, y0, x1, y1 = mark.box
            pdf.rect(x0 - 2, y0 - 2, (x1 - x0) + 4, (y1 - y0) + 4, stroke=1, fill=0)
            pdf.setLineWidth(0.4)
            pdf.line(x1 + 2, y1, width + 3 * MM, top - NOTE_FONT_PT * 0.4)
        pdf.setFillColorRGB(*colour)
        text = pdf.beginText(width + 4 * MM, top - NOTE_FONT_PT)
        text.setFont(font, NOTE_FONT_PT, leading)
        for line in lines:
            text.textLine(line)
        pdf.drawText(text)
        next_top = top - leading * len(lines) - 2 * MM
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _summary(name: str, marks: list[Mark], font: str) -> bytes:
    """The first pages: what was checked, how many errors and warnings, each finding with its page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = A4
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    errors = sum(m.finding.severity == ERROR for m in marks)
    leading = SUMMARY_FONT_PT * 1.3
    y = height - 25 * MM

    def line(text: str, size: float = SUMMARY_FONT_PT, colour=(0, 0, 0), indent: float = 0) -> None:
        nonlocal y
        for part in simpleSplit(text, font, size, width - 50 * MM - indent):
            if y < 20 * MM:
                pdf.showPage()
                y = height - 20 * MM
            pdf.setFont(font, size)
            pdf.setFillColorRGB(*colour)
            pdf.drawString(25 * MM + indent, y, part)
            y -= size * 1.3
        y -= 1

    line("KẾT QUẢ KIỂM TRA THỂ THỨC VĂN BẢN", 14)
    line("theo Nghị định 30/2020/NĐ-CP (kehoach check)", 10)
    y -= leading
    line(f"Văn bản: {name}")
    if marks:
        line(f"{errors} lỗi, {len(marks) - errors} cảnh báo. Mỗi chỗ được khoanh trên trang của nó, lời ghi chú ở "
             "lề phải; dưới đây là danh sách.")
    else:
        line("Văn bản đạt thể thức: không có lỗi, không có cảnh báo.")
    y -= leading
    for mark in marks:
        where = f"trang {mark.page + 1}" if mark.box else ("toàn văn bản" if mark.finding.paragraph is None
                                                            else f"trang {mark.page + 1} (không định vị được đoạn)")
        excerpt = f" — đoạn {mark.finding.paragraph} \"{mark.finding.excerpt}\"" if mark.finding.paragraph else ""
        line(f"{_note(mark)} — {where}{excerpt}", colour=COLOURS.get(mark.finding.severity, COLOURS[ERROR]))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def marked_pdf(pdf: bytes, marks: list[Mark], name: str) -> bytes:
    """The summary, then every page widened with its marks."""
    from pypdf import PageObject, PdfReader, PdfWriter

    font = _font()
    source = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_summary(name, marks, font))).pages:
        writer.add_page(page)
    for number, page in enumerate(source.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        canvas_page = PageObject.create_blank_page(width=width + NOTE_STRIP_MM * MM, height=height)
        canvas_page.merge_page(page)
        here = [m for m in marks if m.page == number]
        if here:
            canvas_page.merge_page(PdfReader(io.BytesIO(_overlay((width, height), here, font))).pages[0])
        writer.add_page(canvas_page)
    writer.add_metadata({"/Title": f"Kiểm tra thể thức: {name}", "/Producer": "kehoach"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _document_pdf(docx: Path) -> bytes:
    """The document as LibreOffice prints it, converted in a private folder."""
    from kehoach.jobs.pdf import convert

    with tempfile.TemporaryDirectory(prefix="kehoach-kiem-tra-") as work:
        (outcome,) = convert([docx], "pdf", outdir=work)
        if not outcome.ok:
            raise OutputError(f"{docx}: LibreOffice không chuyển được văn bản sang PDF ({outcome.error}).")
        return Path(outcome.target).read_bytes()


def default_target(docx: Path | str) -> Path:
    docx = Path(docx)
    return docx.with_name(f"{docx.stem}.kiem-tra.pdf")


def write_marked(docx: Path | str, findings: list[Finding], output: Path | str | None = None,
                 *, force: bool = False) -> Path:
    """``check --pdf``: the marked-up PDF of ``docx`` (default: beside it, ``.kiem-tra.pdf``)."""
    from kehoach.docx.reader import DocxReader
    from kehoach.jobs.output import existing_bytes, keep_backup, write_atomic
    from kehoach.jobs.pdf import is_kehoach_pdf, mark_pdf

    docx = Path(docx)
    target = Path(output) if output else default_target(docx)
    if target.is_dir():
        target = target / default_target(docx).name
    kind, existing = existing_bytes(target)  # a FIFO refused, a huge file or a link not read
    # The same mark as every PDF kehoach writes: its own untouched file is replaced, any other kept.
    ours = existing is not None and is_kehoach_pdf(existing)
    if kind != "none" and not ours and not force:
        raise OutputError(f"{target}: tệp này đã có và không do kehoach ghi (hoặc đã được sửa, ký số). kehoach không "
                          "ghi đè; hãy ghi ra tệp khác bằng `-o`, hoặc chạy lại với `--force` (bản cũ được giữ lại "
                          "cạnh tệp mới).")
    paragraphs = {p.index: p.text for p in DocxReader(docx).paragraphs}
    pdf = _document_pdf(docx)
    data = mark_pdf(marked_pdf(pdf, locate(pdf, findings, paragraphs), docx.name))
    if kind != "none" and not ours:
        keep_backup(target)  # the file itself, with its permissions: never a copy
    write_atomic(target, data)
    return target
