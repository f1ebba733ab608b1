"""``kehoach import``: last year's Word file in, a plan file out.

    .doc/.odt ──LibreOffice──► .docx ──DocxReader (the checker's reader)──► content
    content ──recognise (by content and position)──► plan data + notes
    plan data ──yaml_out──► a commented plan file ──validate──► atomic file

The plan file is validated with the same loader and model as any clerk's
file before it is written, so what ``import`` writes, ``render`` renders.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import InvalidInput, OutputError, Problem

WORD_SUFFIXES = (".docx", ".docm")
CONVERTED_SUFFIXES = (".doc", ".odt", ".rtf")


@dataclass
class Imported:
    source: Path
    target: Path
    text: str  # the plan file
    notes: list[tuple[int, str, str]]  # (line, key path, what to re-check)
    counts: dict[str, int] = field(default_factory=dict)
    converted: list[str] = field(default_factory=list)  # what was converted on the way (LibreOffice, TCVN3)
    problems: list[Problem] = field(default_factory=list)  # what validation still finds in the plan file
    backup: Path | None = None
    kind: str = "kế hoạch"  # what the document is, in words


def default_target(source: Path) -> Path:
    return Path(source).with_suffix(".yaml")


KIND_NAMES = {"ke-hoach": "kế hoạch", "quyet-dinh": "quyết định", "bao-cao": "báo cáo", "cong-van": "công văn"}


def _counts(data: dict) -> dict[str, int]:
    """What was read, for the summary; a Quyết định's articles, and the plan it issues."""
    attached = data.get("ke_hoach") if isinstance(data.get("ke_hoach"), dict) else {}
    counts = _plan_counts(attached) if attached else _plan_counts(data)
    counts["dieu"] = len(data.get("dieu", [])) or (3 if attached else 0)
    counts["phu_luc"] += len(data.get("phu_luc", [])) if attached else 0
    return counts


def _plan_counts(data: dict) -> dict[str, int]:
    counts = {"phan": len(data.get("phan", [])), "muc": 0, "y": 0, "doan": 0, "bang": 0,
              "phu_luc": len(data.get("phu_luc", []))}

    def walk(muc: dict) -> None:
        counts["doan"] += len(muc.get("doan", []))

        def items(ys: list) -> int:
            return sum(1 + (items(y.get("y", [])) if isinstance(y, dict) else 0) for y in ys)

        counts["y"] += items(muc.get("y", []))
        for child in muc.get("muc", []):
            counts["muc"] += 1
            walk(child)

    for muc in data.get("phan", []):
        walk(muc)
    counts["bang"] = sum(1 for p in data.get("phu_luc", []) if "bang" in p)
    counts["doan"] += len(data.get("mo_dau", [])) + len(data.get("ket_thuc", []))
    return counts


def read_plan_data(path: Path, file: str) -> tuple[dict, dict[tuple, str], list[str]]:
    """(plan data, notes, conversions) of the .docx at ``path``."""
    from kehoach.docx.content import read_content
    from kehoach.docx.reader import open_reader
    from kehoach.importing.document import recognise
    from kehoach.importing.legacy import convert_legacy

    from kehoach.docx.reader import DocumentError

    reader = open_reader(path)
    try:
        content = read_content(reader)
    except KeyError:  # parts the package names but lacks: as ``check`` says it
        raise InvalidInput([Problem("không đọc được tệp: đây không phải tệp Word .docx còn nguyên vẹn (thiếu "
                                    "một phần bên trong). Hãy mở bằng Word, lưu lại thành .docx rồi chạy lại.",
                                    file)]) from None
    except DocumentError as exc:
        raise InvalidInput([Problem(f"không đọc được tệp: {exc}", file)]) from None
    converted = convert_legacy(content)
    recognised = recognise(content, file)
    _settle_generated_lines(recognised.data, recognised.notes)
    return recognised.data, recognised.notes, converted


def _settle_generated_lines(data: dict, notes: dict[tuple, str]) -> None:
    """Each "(Kèm theo …)" line read is left out of the plan file when it is exactly the line kehoach
    writes itself (so it follows the number and date after a roll), and kept as written otherwise."""
    from kehoach.importing.parts import GENERATED

    attached = data.get("ke_hoach") if isinstance(data.get("ke_hoach"), dict) else {}
    places = [(a, ("phu_luc", i), ("phu_luc", i)) for i, a in enumerate(data.get("phu_luc", []))]
    if attached:
        places.append((attached, ("ke_hoach",), ("ke_hoach", "kem_theo")))
        places += [(a, ("ke_hoach", "phu_luc", i), ("ke_hoach", "phu_luc", i))
                   for i, a in enumerate(attached.get("phu_luc", []))]
    places = [(node, path, where) for node, path, where in places if node.pop(GENERATED, False)]
    if not places:
        return
    expected = _generated_lines(data)
    for node, path, where in places:
        written = node["kem_theo"]
        own = expected
        for part in where:
            try:
                own = own[part]
            except (KeyError, IndexError, TypeError):
                own = None
                break
        if own is not None and _same_line(written, own):
            del node["kem_theo"]
        else:
            notes.setdefault(path + ("kem_theo",), "dòng \"(Kèm theo …)\" giữ như bản gốc, nên không tự đổi theo "
                                                  "số, ngày ký; xóa khóa này để kehoach tự lập dòng đó")


def _generated_lines(data: dict) -> dict | None:
    """What kehoach would print for the lines, for the plan as read (None if it does not validate yet)."""
    from kehoach.api import load_plan_text
    from kehoach.compose.document import generated_lines
    from kehoach.errors import KehoachError
    from kehoach.importing.yaml_out import dump

    try:
        loaded = load_plan_text(dump(data, {}, [])[0], "nhap.yaml")
        attached = None
        if loaded.plan.loai == "quyet-dinh" and loaded.plan.ke_hoach is not None:
            from kehoach.plan.attached import attached_plan

            attached = attached_plan(loaded.plan, loaded.loaded)
        return generated_lines(loaded.plan, loaded.loaded, attached)
    except KehoachError:
        return None


def _same_line(written: str, generated: str) -> bool:
    def bare(text: str) -> str:
        return " ".join(text.replace("\\*", "*").split()).strip("() ")
    return bare(written) == bare(generated)


def import_document(source: Path | str, output: Path | str | None = None, *, force: bool = False) -> Imported:
    from kehoach.importing.yaml_out import dump
    from kehoach.jobs.output import keep_backup, write_atomic

    source = Path(source)
    file = str(source)
    suffix = source.suffix.lower()
    if suffix not in WORD_SUFFIXES + CONVERTED_SUFFIXES:
        raise InvalidInput([Problem("kehoach import đọc văn bản Word (.docx, .doc) hoặc OpenDocument (.odt). "
                                    "Hãy chỉ tệp văn bản kế hoạch.", file)])
    if not source.is_file():
        raise InvalidInput([Problem("không tìm thấy tệp. Hãy kiểm tra lại tên và thư mục.", file)])
    target = Path(output) if output else default_target(source)
    if target.is_dir():
        target = target / default_target(source).name
    elif not target.suffix:
        target = target.with_suffix(".yaml")
    if target.exists() and not force:
        raise OutputError(f"{target}: tệp đã có. Hãy chọn tên khác bằng `-o`, hoặc dùng `--force` "
                          "(tệp cũ sẽ được giữ lại cạnh tệp mới).")
    converted: list[str] = []
    if suffix in CONVERTED_SUFFIXES:
        from kehoach.jobs.pdf import convert_to_docx

        with tempfile.TemporaryDirectory(prefix="kehoach-import-") as work:
            docx_path = convert_to_docx(source, Path(work))
            data, notes, legacy = read_plan_data(docx_path, file)
        converted.append(f"đã chuyển {source.name} sang .docx bằng LibreOffice")
    else:
        data, notes, legacy = read_plan_data(source, file)
    converted += legacy
    kind = KIND_NAMES[data.get("loai", "ke-hoach")]
    heading = [f"{kind.capitalize()} nhập từ {source.name} bằng `kehoach import`.",
               "Những dòng có \"# kiểm tra lại: …\" là chỗ kehoach không chắc: hãy đọc lại, sửa nếu cần, rồi xóa",
               "chú thích. Soạn văn bản: kehoach render " + target.name]
    text, lines = dump(data, notes, heading)
    problems = _validate(text, str(target))
    note_list = [(line, _format(path), message) for line, path, message in sorted(lines, key=lambda n: n[0])]
    backup = None
    if target.exists():
        backup = keep_backup(target)  # the file itself (or a symlink itself), never a copy read through it
    write_atomic(target, text.encode("utf-8"))
    return Imported(source, target, text, note_list, _counts(data), converted, problems, backup, kind)


def _format(path: tuple) -> str:
    from kehoach.plan.located import format_path

    return format_path(path)


def _validate(text: str, file: str) -> list[Problem]:
    from kehoach.api import load_plan_text, prepare_loaded

    try:
        prepared = prepare_loaded(load_plan_text(text, file))
    except InvalidInput as exc:
        return exc.problems
    return prepared.warnings
