"""Office Open XML packages (.docx, .xlsx) opened without trusting them.

A zip of a few kilobytes can declare members of gigabytes, and an XML part
can declare entities and a DTD. A package is opened only after every
member's declared size has been checked: Python's ``zipfile`` never returns
more than a member's declared size (it stops, and the CRC check fails, when
a member lies), so checking the declarations bounds every later read. Every
XML part kehoach itself parses goes through ``parse_xml``: no entities, no
DTD, no network.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from kehoach.errors import InvalidInput, Problem
from kehoach.plan.files import read_bounded

# A zip member of a real Word or Excel file: document.xml of a 300-page plan
# is under 5 MB (the largest plan kehoach takes, 1 MB of YAML at its node
# limit, writes 3.2 MB); images are larger, but a plan's are a few logos and
# photos. `check` costs about 0.5 s and 30 MB of memory per MB of XML, so the
# cap keeps a check within a few seconds and a few hundred MB.
MAX_XML_PART_BYTES = 10_000_000
# A real XML part shrinks 6 to 22 times in its zip (the files of ../shared and
# the decree's own appendices); kehoach's most repetitive output, 19,500 items
# of three words, 46 times. A part past MAX_XML_RATIO_FROM bytes that expands
# more than MAX_XML_RATIO times is a bomb: 86 KB that expand to 10 MB.
MAX_XML_RATIO = 100
MAX_XML_RATIO_FROM = 2_000_000
MAX_MEDIA_PART_BYTES = 50_000_000
MAX_PACKAGE_EXPANDED_BYTES = 150_000_000  # all members together, once decompressed
MAX_PACKAGE_MEMBERS = 5_000  # a real .docx has 10 to 50 parts
_STORED_OR_DEFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word and Excel write

# Errors the zip and zlib modules raise for a damaged file (not for a bug).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, zipfile.LargeZipFile)


def _bytes(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def open_zip(data: bytes, file: str, kind: str) -> zipfile.ZipFile:
    """A zip archive whose every member is safe to read whole.

    Refused (a user error naming the file): a file that is not a zip, too
    many members, a member that declares more than its cap or is encrypted or
    compressed in a way Word and Excel never use, and members that together
    expand past the package cap. ``kind`` is "tệp Word" or "tệp Excel".
    """
    def refuse(message: str) -> InvalidInput:
        return InvalidInput([Problem(message, file)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS + (ValueError, OSError):
        raise refuse(f"không đọc được tệp: đây không phải {kind} hợp lệ (tệp hỏng hoặc không phải tệp nén của "
                     "Office). Hãy mở tệp bằng chương trình đã tạo ra nó rồi lưu lại.") from None
    if len(members) > MAX_PACKAGE_MEMBERS:
        raise refuse(f"tệp có {_bytes(len(members))} phần bên trong, quá nhiều cho {kind} "
                     f"(tối đa {_bytes(MAX_PACKAGE_MEMBERS)}); tệp có thể đã bị làm hỏng.")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(f"{kind} này được đặt mật khẩu. Hãy mở bằng chương trình đã tạo ra nó, bỏ mật khẩu rồi "
                         "lưu lại.")
        if member.compress_type not in _STORED_OR_DEFLATED:
            raise refuse(f"phần `{member.filename}` được nén theo cách Office không dùng; tệp có thể đã bị làm "
                         "hỏng. Hãy mở bằng chương trình đã tạo ra nó rồi lưu lại.")
        xml = member.filename.lower().endswith((".xml", ".rels"))
        cap = MAX_XML_PART_BYTES if xml else MAX_MEDIA_PART_BYTES
        if member.file_size > cap:
            raise refuse(f"phần `{member.filename}` của tệp giải nén ra {_bytes(member.file_size)} byte, quá giới "
                         f"hạn {_bytes(cap)} byte; tệp có thể là một “bom nén” hoặc đã bị làm hỏng.")
        if xml and member.file_size > MAX_XML_RATIO_FROM and member.file_size > MAX_XML_RATIO * member.compress_size:
            raise refuse(f"phần `{member.filename}` của tệp nén {_bytes(member.compress_size)} byte mà giải nén ra "
                         f"{_bytes(member.file_size)} byte (gấp hơn {MAX_XML_RATIO} lần, tệp Word thật chỉ gấp "
                         "vài chục lần); tệp có thể là một “bom nén” hoặc đã bị làm hỏng.")
        total += member.file_size
    if total > MAX_PACKAGE_EXPANDED_BYTES:
        raise refuse(f"tệp giải nén ra {_bytes(total)} byte, quá giới hạn {_bytes(MAX_PACKAGE_EXPANDED_BYTES)} "
                     "byte; tệp có thể là một “bom nén” hoặc đã bị làm hỏng.")
    return archive


# The one XML parser for parts kehoach parses itself: entities are never
# substituted, no DTD is loaded, nothing is fetched from the network, and
# lxml's limits on huge trees stay on. A part that declares a DTD at all is
# refused (Word never writes one), so no parser downstream ever sees one.
# (made at first use: lxml is not needed to write a document, only to read one)
_PARSERS: list = []


def xml_parser() -> Any:
    if not _PARSERS:
        from lxml import etree

        _PARSERS.append(etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                        dtd_validation=False, huge_tree=False))
    return _PARSERS[0]


def parse_xml(blob: bytes, part: str, file: str) -> Any:
    """The root element of one XML part, or a user error naming the part."""
    try:
        from lxml import etree

        root = etree.fromstring(blob, xml_parser())
    except etree.XMLSyntaxError as exc:
        if b"<!DOCTYPE" in blob or "<!DOCTYPE".encode("utf-16-le") in blob:
            raise _dtd(part, file) from None
        program = "Excel" if part.startswith("xl/") else "Word"
        raise InvalidInput([Problem(f"phần `{part}` của tệp không phải XML hợp lệ ({exc.msg}); tệp đã bị làm hỏng. "
                                    f"Hãy mở bằng {program} ({program} sẽ đề nghị sửa) rồi lưu lại.", file)]) from None
    if root.getroottree().docinfo.doctype:
        raise _dtd(part, file)
    return root


def _dtd(part: str, file: str) -> InvalidInput:
    return InvalidInput([Problem(f"phần `{part}` của tệp có khai báo DOCTYPE/ENTITY, điều Word không bao giờ ghi; "
                                 "kehoach không đọc tệp này (có thể là tệp được làm ra để lấy trộm dữ liệu).", file)])


def check_xml_parts(archive: zipfile.ZipFile, file: str) -> None:
    """Every XML part of the package parses with xml_parser() (and has no DTD)."""
    for member in archive.infolist():
        if member.filename.lower().endswith((".xml", ".rels")):
            parse_xml(_read(archive, member.filename, file), member.filename, file)


def _read(archive: zipfile.ZipFile, name: str, file: str) -> bytes:
    try:
        return archive.read(name)
    except ZIP_ERRORS + (OSError, RuntimeError, ValueError):  # bad CRC, bad deflate data, truncated member
        raise InvalidInput([Problem(f"phần `{name}` của tệp bị hỏng (không giải nén được). Hãy mở bằng chương "
                                    "trình đã tạo ra nó rồi lưu lại.", file)]) from None


MAX_DOCX_BYTES = 60_000_000  # a .docx as a file: a plan with photos is a few MB
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _word_content(archive: zipfile.ZipFile, file: str) -> None:
    """Refuse, by what it is, a package that is not a Word document."""
    def refuse(message: str) -> InvalidInput:
        return InvalidInput([Problem(message, file)])

    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return refuse("đây là một bảng tính Excel, không phải văn bản Word .docx. `kehoach check` chỉ kiểm tra văn bản "
                      "Word; bảng các xã thì dùng với `kehoach batch`.")
    if "ppt/presentation.xml" in names:
        return refuse("đây là một tệp trình chiếu PowerPoint, không phải văn bản Word .docx.")
    if "[Content_Types].xml" not in names:
        return refuse("không đọc được tệp: đây không phải tệp Word .docx (thiếu phần [Content_Types].xml).")
    types = {o.get("ContentType", "") for o in parse_xml(_read(archive, "[Content_Types].xml", file),
                                                         "[Content_Types].xml", file).iter(f"{_CT}Override")}
    word = {t for t in types if "wordprocessingml" in t or "ms-word" in t}
    if any("macroEnabled" in t for t in word):
        return refuse("đây là văn bản Word có macro (.docm). Hãy mở bằng Word, chọn 'Lưu thành' (Save As) kiểu "
                      "'Word Document (.docx)' rồi kiểm tra tệp .docx đó.")
    if any("template" in t for t in word):
        return refuse("đây là một mẫu Word (.dotx), không phải văn bản. Hãy tạo văn bản từ mẫu, lưu thành .docx "
                      "rồi kiểm tra tệp .docx đó.")
    if _WORD_MAIN not in types:
        return refuse("không đọc được tệp: đây không phải tệp Word .docx.")
    return None


def open_docx(path: Path | str) -> Any:
    """A python-docx Document of the file at ``path``, opened only once it is
    known to be a bounded, well-formed Word package; every other case is a
    user error that says what the file is and what to do."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    file = str(path)
    data = read_bounded(path, MAX_DOCX_BYTES, "một văn bản Word .docx")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 container: a .doc, or a .docx with a password
        raise InvalidInput([Problem(
            "đây là tệp Word cũ (.doc) hoặc tệp Word có đặt mật khẩu. Hãy mở bằng Word, bỏ mật khẩu nếu có, rồi "
            "'Lưu thành' (Save As) kiểu 'Word Document (.docx)'.", file)])
    archive = open_zip(data, file, "tệp Word")
    refused = _word_content(archive, file)
    if refused is not None:
        raise refused
    try:
        # python-docx's own parser substitutes no entity, loads no DTD and fetches nothing; each part is
        # parsed once, by it (parsing every part first with xml_parser() doubled the cost of `check`).
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) + ZIP_ERRORS as exc:
        check_xml_parts(archive, file)  # names the broken part, when one is
        raise InvalidInput([Problem(f"không đọc được tệp Word ({type(exc).__name__}): tệp hỏng hoặc thiếu phần "
                                    "bắt buộc. Hãy mở bằng Word rồi lưu lại thành .docx.", file)]) from None
    _refuse_doctypes(document, archive, file)
    return document




def _refuse_doctypes(document: Any, archive: zipfile.ZipFile, file: str) -> None:
    """Every XML part of the package is well-formed and declares no DTD (Word never writes one):
    the parts python-docx parsed by their tree, the others (footnotes, font table, properties…)
    parsed here with xml_parser(), each read at most once more. A broken part that kehoach would
    not otherwise read still makes Word refuse or "repair" the file: it is said, not passed."""
    seen = {"[Content_Types].xml"}  # parsed with xml_parser() by _word_content
    for part in document.part.package.iter_parts():
        name = str(part.partname).lstrip("/")
        seen.add(name)
        element = getattr(part, "_element", None)
        if element is not None:
            if element.getroottree().docinfo.doctype:
                raise _dtd(name, file)
        elif name.lower().endswith((".xml", ".rels")):
            parse_xml(part.blob, name, file)
    for member in archive.infolist():
        name = member.filename
        if name not in seen and name.lower().endswith((".xml", ".rels")):
            parse_xml(_read(archive, name, file), name, file)


def raised_by_python_docx(exc: BaseException) -> bool:
    """True when ``exc`` was raised inside python-docx's reading of an XML value
    (``w:h="nan"`` in the page size): the file's fault, not kehoach's."""
    import os

    import docx.oxml

    inside = os.path.dirname(docx.oxml.__file__) + os.sep
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return bool(last) and last.startswith(inside)
