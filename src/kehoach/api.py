"""The library's entry points: one function per job, no printing.

    load_plan(path)                 -> LoadedPlan (raises InvalidInput)
    prepare(path, strict=…)         -> Prepared: plan, composed document, warnings
    render_document(path, out, …)   -> Rendered: where it was written, warnings, backup
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach.compose.blocks import Document
from kehoach.errors import InvalidInput, Problem
from kehoach.plan.located import Loaded
from kehoach.plan.loader import load_file, load_yaml, read_text
from kehoach.plan.model import Plan


@dataclass
class LoadedPlan:
    loaded: Loaded
    plan: Plan
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Prepared(LoadedPlan):
    document: Document | None = None


@dataclass
class Rendered:
    path: Path
    warnings: list[Problem]
    backup: Path | None = None


def _validated(loaded: Loaded, convert_legacy: bool) -> LoadedPlan:
    from kehoach.plan.text import legacy_encodings
    from kehoach.plan.validation import validate

    found = loaded.problems + legacy_encodings(loaded, convert_legacy)
    try:
        plan = validate(loaded)
    except InvalidInput as exc:
        # Every problem at once; a value already refused while reading is not reported twice.
        known = {(p.line, p.column) for p in loaded.problems}
        found += [p for p in exc.problems if (p.line, p.column) not in known]
        plan = None
    if plan is None or any(p.severity == "loi" for p in found):
        raise InvalidInput(sorted(found, key=lambda p: (p.line or 0, p.column or 0)))
    return LoadedPlan(loaded, plan, found)


def load_plan(path: Path | str, *, convert_legacy: bool = False) -> LoadedPlan:
    return _validated(load_file(path, collect=True), convert_legacy)


def load_plan_text(text: str, file: str = "<văn bản>", *, convert_legacy: bool = False) -> LoadedPlan:
    return _validated(load_yaml(read_text(text.encode("utf-8"), file), file, collect=True), convert_legacy)


def prepare_loaded(result: LoadedPlan, *, strict: bool = False, strings: list | None = None) -> Prepared:
    """Lint and composition; every problem found is reported at once."""
    from kehoach.plan.lint import lint
    from kehoach.compose.document import compose

    problems = result.warnings + lint(result.plan, result.loaded, strings)
    attached, attach_failed = None, False
    # The plan a Quyết định issues is read, checked and composed with it; a Quyết định that issues
    # no plan (thành lập đoàn kiểm tra …) writes its own articles and has no `ke_hoach`.
    if result.plan.loai == "quyet-dinh" and (result.plan.ke_hoach is not None or not result.plan.dieu):
        from kehoach.plan.attached import attached_plan

        try:
            attached = attached_plan(result.plan, result.loaded)
            problems += attached.warnings + attached.own(lint(attached.plan, attached.loaded))
        except InvalidInput as exc:
            problems += exc.problems
            attach_failed = True
    document = None
    try:
        if not attach_failed:
            document = compose(result.plan, result.loaded, attached)
    except InvalidInput as exc:
        problems += exc.problems
    if any(p.severity == "loi" or strict for p in problems):
        if strict:
            problems = [Problem(p.message, p.file, p.line, p.column, p.path, "loi") for p in problems]
        raise InvalidInput(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return Prepared(result.loaded, result.plan, problems, document)


def prepare(path: Path | str, *, strict: bool = False, convert_legacy: bool = False) -> Prepared:
    return prepare_loaded(load_plan(path, convert_legacy=convert_legacy), strict=strict)


def render_bytes(result: LoadedPlan) -> bytes:
    """The .docx bytes of a loaded plan (checked and composed here)."""
    from kehoach.docx.writer import write_docx

    return write_docx(prepare_loaded(result).document)


def default_output(path: Path | str) -> Path:
    return Path(path).with_suffix(".docx")


_SEPARATORS = ("/", "\\")
_NOT_WORD = (".pdf", ".doc", ".odt", ".rtf", ".txt", ".yaml", ".yml", ".json", ".html", ".htm", ".csv", ".xlsx")


def output_target(path: Path | str, output: Path | str | None) -> Path:
    """Where ``render`` writes: ``-o van-ban/`` (a folder, made if needed) holds a file of the plan's
    name; ``-o ke-hoach`` is ke-hoach.docx; ``-o x.pdf`` is refused (the file would be Word)."""
    from kehoach.errors import OutputError

    if not output:
        return default_output(path)
    target = Path(output)
    if target.is_dir() or str(output).endswith(_SEPARATORS):
        return target / default_output(path).name
    suffix = target.suffix.lower()
    if suffix in _NOT_WORD:
        hint = f" Muốn có cả PDF, hãy chạy `-o {target.with_suffix('.docx')} --pdf`." if suffix == ".pdf" else ""
        raise OutputError(f"{target}: kehoach chỉ ghi văn bản Word .docx, không ghi tệp {suffix}. Hãy đặt tên "
                          f"tệp kết thúc bằng .docx.{hint}")
    return target if suffix == ".docx" else target.with_name(target.name + ".docx")


def render_document(path: Path | str, output: Path | str | None = None, *, strict: bool = False,
                    force: bool = False, convert_legacy: bool = False) -> Rendered:
    from kehoach.docx.writer import write_docx
    from kehoach.jobs.output import write_document

    target = output_target(path, output)
    prepared = prepare(path, strict=strict, convert_legacy=convert_legacy)
    if str(output or "").endswith(_SEPARATORS):  # "-o van-ban/" names a folder, even one not made yet
        target.parent.mkdir(parents=True, exist_ok=True)
    backup = write_document(target, write_docx(prepared.document), force=force)
    return Rendered(target, prepared.warnings, backup)


def plan_files(paths: list[Path]) -> list[Path]:
    """The plan files named, with each folder replaced by the .yaml files in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
            if not found:  # silence here would read as "done"
                raise InvalidInput([Problem("thư mục không có tệp kế hoạch .yaml nào. Hãy chỉ đúng thư mục, hoặc "
                                            "tạo tệp mới bằng `kehoach init`.", str(path))])
            files += found
        else:
            files.append(path)
    return files


def render_many(paths: list[Path], outdir: Path | str | None = None, **options):
    """Render each plan; one failing never stops the others. Yields (source, Rendered | None, error | None)."""
    from kehoach.errors import KehoachError

    from kehoach.errors import OutputError

    files = plan_files(paths)
    if outdir is not None:
        Path(outdir).mkdir(parents=True, exist_ok=True)
    written: dict[Path, Path] = {}  # each output file of this run -> the plan it holds
    for source in files:
        try:  # render_document puts each document into the folder under its plan's name
            target = output_target(source, outdir).resolve()
            if target in written:  # a/kh.yaml and b/kh.yaml -o out/: the second would replace the first
                raise OutputError(f"{source}: không soạn, vì văn bản sẽ ghi vào {output_target(source, outdir)}, "
                                  f"tệp vừa ghi văn bản của {written[target]} trong lần chạy này. Hãy đổi tên một "
                                  "trong hai tệp kế hoạch, hoặc soạn riêng từng tệp với `-o` khác nhau.")
            written[target] = source
            yield source, render_document(source, outdir, **options), None
        except KehoachError as exc:
            yield source, None, exc
