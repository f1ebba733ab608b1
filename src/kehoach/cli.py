"""The ``kehoach`` command. Each command reads options, calls one library
function and shows the result; errors become messages and exit codes in
``_boundary`` only.

Exit codes: 0 success, 1 invalid input or refused operation, 2 wrong
command-line usage, 3 a bug in kehoach (with an apology and how to report it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from kehoach import __version__, cli_text
from kehoach.cli_text import VietnameseHelp

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
# One LibreOffice for the PDF step unless --workers says otherwise: one converter already keeps a core
# busy, and on this kind of machine (2 cores) a second one gained no wall time for 60 % more CPU (bench/).
PDF_WORKERS = 1

cli_text.install()  # Typer's and Click's own words in Vietnamese


class _VietnameseHelp(VietnameseHelp):
    """Help and usage in Vietnamese (cli_text); the --help flag converted without pydantic."""

    def get_help_option(self, ctx):  # noqa: ANN001, ANN201 - Click's signature
        option = super().get_help_option(ctx)
        if option is not None and hasattr(option, "_runtime_param") and option._runtime_param is None:
            option._runtime_param = _Plain(bool, None, None)
        return option


class _Plain:
    """A command-line word made into the parameter's type without pydantic.

    Typer ≥ 0.2x builds a pydantic TypeAdapter for every parameter it converts: 60 ms of imports
    even for `check` and `--help`, which never validate a plan. kehoach's parameters are paths,
    words, numbers and flags, converted here as Click itself would."""

    def __init__(self, kind: type, minimum: int | None, maximum: int | None) -> None:
        self.kind, self.minimum, self.maximum = kind, minimum, maximum

    def coerce(self, value, param, ctx):  # noqa: ANN001, ANN201 - Typer's runtime-parameter protocol
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if isinstance(value, (list, tuple)):
            return [self._one(item, param, ctx) for item in value]
        return self._one(value, param, ctx)

    def _one(self, value, param, ctx):  # noqa: ANN001, ANN202
        if isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool)):
            result = value
        elif self.kind is bool:
            result = str(value).strip().lower() in ("1", "true", "t", "yes", "y", "on")
        elif self.kind is int:
            try:
                result = int(str(value).strip())
            except ValueError:
                raise _click_exceptions().BadParameter(f"`{value}` không phải số nguyên.", ctx=ctx,
                                                       param=param) from None
        else:
            result = self.kind(value)
        if self.kind is int and ((self.minimum is not None and result < self.minimum)
                                 or (self.maximum is not None and result > self.maximum)):
            low = "" if self.minimum is None else f" từ {self.minimum}"
            high = "" if self.maximum is None else f" đến {self.maximum}"
            raise _click_exceptions().BadParameter(f"`{value}`: cần một số{low}{high}.", ctx=ctx, param=param)
        return result


def _plain_parameters(command) -> None:  # noqa: ANN001
    """Give each parameter of ``command`` the plain conversion (Typer without the adapters: untouched)."""
    from typing import get_args, get_origin

    for param in command.params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not hasattr(param, "_runtime_param"):
            continue
        kind = descriptor.annotation
        if get_origin(kind) is list and len(get_args(kind)) == 1:
            kind = get_args(kind)[0]
        info = descriptor.parameter_info
        if kind in (bool, int, str, Path) and descriptor.file_annotation is None and info.parser is None:
            param._runtime_param = _Plain(kind, info.min, info.max)


class _Group(_VietnameseHelp, TyperGroup):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        _plain_parameters(self)


class _Command(_VietnameseHelp, TyperCommand):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        _plain_parameters(self)


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich would double the start-up time
    help="kehoach: soạn Kế hoạch đúng thể thức Nghị định 30/2020/NĐ-CP từ tệp YAML.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _boundary(action: Callable[[], int | None]) -> None:
    """The one place where errors turn into messages and exit codes."""
    from kehoach.errors import KehoachError

    try:
        code = action() or EXIT_OK
    except KehoachError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:  # `kehoach check … | head`: the reader left; not a bug, nothing more to say there
        _stdout_gone()
        raise typer.Exit(EXIT_INVALID) from None
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu.")  # what is left on disk is said only where it was checked (batch)
        raise typer.Exit(130) from None
    except Exception:  # a bug: keep the traceback for --debug
        if _state["debug"]:
            import traceback

            traceback.print_exc()
        _err("Xin lỗi, kehoach gặp lỗi nội bộ (không phải do tệp của bạn). Hãy chạy lại với `--debug` và gửi "
             "toàn bộ thông báo cùng tệp kế hoạch cho nhóm phát triển kehoach.")
        raise typer.Exit(EXIT_BUG) from None
    raise typer.Exit(code)


def _stdout_gone() -> None:
    """Point stdout at the null device, so that Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    try:
        _err("kehoach: đầu ra đã bị đóng giữa chừng (ví dụ bởi `| head`); phần còn lại không được in.")
    except OSError:
        pass


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kehoach {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="In phiên bản rồi thoát.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Khi có lỗi nội bộ, in chi tiết để báo lỗi.")] = False,
) -> None:
    _state["debug"] = debug


_STRICT = typer.Option("--strict", help="Coi cảnh báo là lỗi.")
_PDF = typer.Option("--pdf", help="Xuất thêm tệp PDF cạnh mỗi văn bản (cần LibreOffice).")


def _pdfs(documents: list, wanted: bool, workers: int | None = None, force: bool = False) -> int:
    """PDFs of ``documents`` (each said, with a bar on a terminal); the number that failed."""
    if not wanted or not documents:
        return 0
    from kehoach.jobs.pdf import font_note, to_pdf

    if note := font_note():
        _err(f"Lưu ý: {note}")
    show = _progress("PDF") if sys.stderr.isatty() and len(documents) > 1 else None
    outcomes = to_pdf(documents, workers or PDF_WORKERS, force=force, progress=show)
    if show:
        _err("")
    for outcome in outcomes:
        if outcome.backup:
            typer.echo(f"Đã giữ bản cũ ở {outcome.backup}")
        if outcome.ok:
            typer.echo(f"Đã ghi {outcome.target}")
        else:
            _err(f"{outcome.target}: lỗi: không xuất được PDF: {outcome.error}")
    return sum(not o.ok for o in outcomes)


_CONVERT = typer.Option("--chuyen-ma", help="Tự chuyển đoạn chữ gõ bằng bảng mã cũ (TCVN3, VNI) sang Unicode.")


def _show_warnings(warnings: list) -> None:
    for warning in warnings:
        _err(str(warning))


@app.command(cls=_Command)
def render(
    plans: Annotated[list[Path], typer.Argument(help="Tệp kế hoạch .yaml (một hay nhiều tệp, hoặc thư mục)",
                                                show_default=False)],
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Tệp .docx hoặc thư mục sẽ ghi "
                                                                          "(mặc định: cạnh tệp kế hoạch, cùng tên)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè cả tệp đã được sửa bằng tay (bản cũ được giữ "
                                                        "lại thành .ban-cu.docx).")] = False,
    strict: Annotated[bool, _STRICT] = False,
    convert: Annotated[bool, _CONVERT] = False,
    pdf: Annotated[bool, _PDF] = False,
) -> None:
    """Soạn văn bản .docx từ tệp kế hoạch (hoặc từ mọi tệp .yaml trong một thư mục)."""

    def action() -> int:
        from kehoach.api import render_document, render_many

        if len(plans) == 1 and not plans[0].is_dir():
            result = render_document(plans[0], output, strict=strict, force=force, convert_legacy=convert)
            _show_warnings(result.warnings)
            if result.backup:
                typer.echo(f"Đã giữ bản cũ ở {result.backup}")
            typer.echo(f"Đã ghi {result.path}")
            return EXIT_INVALID if _pdfs([result.path], pdf, force=force) else EXIT_OK
        failed = 0
        written = []
        for _source, result, error in render_many(plans, output, strict=strict, force=force, convert_legacy=convert):
            if error is not None:
                failed += 1
                _err(str(error))
                continue
            _show_warnings(result.warnings)
            typer.echo(f"Đã ghi {result.path}")
            written.append(result.path)
        failed += _pdfs(written, pdf, force=force)
        if failed:
            _err(f"{failed} tệp kế hoạch không soạn được (xem lỗi ở trên).")
        return EXIT_INVALID if failed else EXIT_OK

    _boundary(action)


@app.command(cls=_Command)
def validate(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON cho các chương trình khác")] = False,
    strict: Annotated[bool, _STRICT] = False,
    convert: Annotated[bool, _CONVERT] = False,
) -> None:
    """Kiểm tra tệp kế hoạch, báo mọi lỗi cùng lúc, không ghi tệp nào."""

    def action() -> int:
        from kehoach.api import prepare
        from kehoach.errors import InvalidInput

        import json

        try:
            warnings = prepare(plan, strict=strict, convert_legacy=convert).warnings
        except InvalidInput as exc:
            if as_json:
                typer.echo(json.dumps({"hop_le": False, "van_de": [p.as_dict() for p in exc.problems]},
                                      ensure_ascii=False, indent=2))
                return EXIT_INVALID
            raise
        if as_json:
            typer.echo(json.dumps({"hop_le": True, "van_de": [p.as_dict() for p in warnings]},
                                  ensure_ascii=False, indent=2))
        else:
            _show_warnings(warnings)
            typer.echo(f"{plan}: hợp lệ" + (f" ({len(warnings)} cảnh báo)." if warnings else "."))
        return EXIT_OK

    _boundary(action)


@app.command(cls=_Command)
def check(
    files: Annotated[list[Path], typer.Argument(help="Tệp .docx cần kiểm tra (một hay nhiều tệp, hoặc thư mục)",
                                                show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON cho các chương trình khác")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Ghi thêm bản PDF có khoanh từng chỗ sai và lời ghi chú ở lề "
                                                   "(cần LibreOffice)")] = False,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp PDF sẽ ghi khi có --pdf (mặc định: "
                                                                          "cạnh văn bản, đuôi .kiem-tra.pdf)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp PDF đã có (bản cũ được giữ lại).")] = False,
) -> None:
    """Kiểm tra văn bản .docx (do kehoach soạn hay gõ tay) theo thể thức Nghị định 30."""

    def action() -> int:
        import json

        from kehoach.errors import KehoachError
        from kehoach.jobs.checking import check_many, docx_files

        paths = docx_files(files)
        if output is not None and (not pdf or len(paths) > 1):
            from kehoach.errors import OutputError

            raise OutputError("`-o` chỉ dùng cùng `--pdf` và cho một văn bản; khi kiểm tra nhiều văn bản, mỗi bản PDF "
                              "được ghi cạnh văn bản của nó.")
        if not paths:
            from kehoach.errors import OutputError

            raise OutputError(f"{', '.join(map(str, files))}: không có tệp .docx nào để kiểm tra.")
        report = {}
        unreadable: dict[str, str] = {}
        errors = 0
        summary = []
        for checked in check_many(paths):
            path = checked.path
            summary.append(checked)
            if checked.error is not None:  # one unreadable file does not stop the others
                _err(checked.error)
                errors += 1
                if as_json:  # said in the JSON too: an empty report would read as "nothing wrong"
                    unreadable[str(path)] = checked.error
                continue
            findings = checked.findings
            errors += checked.errors
            report[str(path)] = findings
            if pdf:
                from kehoach.check.markup import write_marked

                try:
                    marked = write_marked(path, findings, output, force=force)
                except KehoachError as exc:
                    _err(str(exc))
                    errors += 1
                else:
                    _err(f"Đã ghi {marked}")
            if not as_json:
                for finding in findings:
                    typer.echo(f"{path}: {finding}")
                count = checked.errors
                verdict = "đạt thể thức" if not findings else f"{count} lỗi, {len(findings) - count} cảnh báo"
                typer.echo(f"{path}: {verdict}.")
        if not as_json and len(summary) > 1:
            _check_summary(summary)
        if as_json:
            result = {str(k): [f.as_dict() for f in v] for k, v in report.items()}
            for name, message in unreadable.items():
                result[name] = [{"muc_do": "loi", "quy_tac": "đọc tệp", "dieu_khoan": "", "doan": None, "trich": "",
                                 "can": "một tệp Word .docx đọc được", "thay": message}]
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_INVALID if errors else EXIT_OK

    _boundary(action)


def _check_summary(results: list) -> None:
    """One table for many files: every file when they are few, else those that do not pass."""
    shown = results if len(results) <= 30 else [r for r in results if r.error or r.findings]
    width = min(60, max([len(str(r.path)) for r in shown] + [3]))
    if shown:
        typer.echo(f"\n{'Tệp':<{width}}  {'Lỗi':>5}  {'Cảnh báo':>8}  Kết quả")
    for r in shown:
        name = str(r.path) if len(str(r.path)) <= width else "…" + str(r.path)[-(width - 1):]
        if r.error:
            typer.echo(f"{name:<{width}}  {'-':>5}  {'-':>8}  không đọc được")
        else:
            verdict = "đạt" if not r.findings else ("chưa đạt" if r.errors else "đạt, có cảnh báo")
            typer.echo(f"{name:<{width}}  {r.errors:>5}  {r.warnings:>8}  {verdict}")
    passed = sum(1 for r in results if not r.error and not r.errors)
    failed = sum(1 for r in results if not r.error and r.errors)
    unread = sum(1 for r in results if r.error)
    typer.echo(f"Tổng: {len(results)} tệp; {passed} đạt thể thức, {failed} chưa đạt"
               + (f", {unread} không đọc được." if unread else "."))


@app.command(cls=_Command)
def batch(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml dùng chung", show_default=False)],
    table: Annotated[Optional[Path], typer.Argument(help="Bảng các xã: .csv, .yaml hoặc .xlsx (có thể bỏ khi có "
                                                          "--tinh)", show_default=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi các văn bản")] = Path("van-ban"),
    tinh: Annotated[Optional[str], typer.Option("--tinh", help="Soạn cho mọi xã, phường, đặc khu của tỉnh này theo "
                                                               "danh mục đơn vị hành chính")] = None,
    bien: Annotated[Optional[list[str]], typer.Option(
        "--bien", help="Với --tinh: tên biến của bạn cho một cột của danh mục, dạng TÊN_BIẾN=CỘT (ví dụ "
                       "`--bien ten_phuong=ten_xa`); lặp lại cho nhiều cột. Các cột: ma_xa, ten_xa, loai_xa, "
                       "don_vi, ten_tinh, loai_tinh (ten_huyen, loai_huyen trước 01/7/2025)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ kiểm tra mọi dòng, không ghi tệp.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Số tiến trình soạn (mặc định: số nhân "
                                                                             "CPU; xuất PDF: một)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè cả văn bản đã được sửa bằng tay (giữ bản cũ).")] = False,
    strict: Annotated[bool, _STRICT] = False,
    convert: Annotated[bool, _CONVERT] = False,
    pdf: Annotated[bool, _PDF] = False,
    check_each: Annotated[bool, typer.Option("--check", help="Kiểm tra thể thức từng văn bản ngay khi ghi (như "
                                                             "`kehoach check`).")] = False,
) -> None:
    """Soạn cùng một kế hoạch cho nhiều xã: mỗi dòng của bảng là một văn bản."""

    def action() -> int:
        from kehoach.jobs.batch import run_batch
        from kehoach.jobs.province import variable_names

        variables = variable_names(bien)
        show = _progress() if sys.stderr.isatty() else None
        report = run_batch(plan, table, output, workers=workers, dry_run=dry_run, force=force, strict=strict,
                           convert_legacy=convert, progress=show, check=check_each, province=tinh,
                           variables=variables)
        if show:
            _err("")
        for outcome in report.outcomes:
            for warning in outcome.warnings:
                _err(warning)
        done = [o for o in report.outcomes if o.ok]
        verb = "hợp lệ" if dry_run else "đã ghi"
        if len(report.outcomes) <= 30:
            typer.echo(f"{'Dòng':>5}  {'Tệp':<32} Kết quả")
            for outcome in report.outcomes:
                status = verb if outcome.ok else "LỖI"
                if outcome.ok and outcome.findings is not None:
                    status += f", {outcome.check_errors} lỗi thể thức" if outcome.check_errors else ", đạt thể thức"
                typer.echo(f"{outcome.row:>5}  {outcome.target:<32} {status}")
        for outcome in report.failed:
            for problem in outcome.problems:
                _err(problem)
        checked = [o for o in done if o.findings is not None]
        for outcome in checked:
            for finding in outcome.findings:
                typer.echo(finding)
        check_failed = sum(1 for o in checked if o.check_errors)
        if checked:
            typer.echo(f"Kiểm tra thể thức: {len(checked) - check_failed}/{len(checked)} văn bản đạt"
                       + (f"; {check_failed} văn bản có lỗi (xem trên)." if check_failed else "."))
        pdf_failed = 0
        if pdf and not dry_run and done:
            from kehoach.jobs.pdf import font_note, to_pdf

            if note := font_note():
                _err(f"Lưu ý: {note}")
            show = _progress("PDF") if sys.stderr.isatty() else None
            outcomes = to_pdf([report.outdir / o.target for o in done], workers or PDF_WORKERS, force=force,
                              progress=show)
            if show:
                _err("")
            for outcome in outcomes:
                if not outcome.ok:
                    _err(f"{outcome.target}: lỗi: không xuất được PDF: {outcome.error}")
            pdf_failed = sum(not o.ok for o in outcomes)
            typer.echo(f"Đã xuất {len(outcomes) - pdf_failed} tệp PDF" + (f"; {pdf_failed} lỗi." if pdf_failed else "."))
        where = "" if dry_run else f" vào {report.outdir}"
        typer.echo(f"Tổng: {len(report.outcomes)} dòng; {len(done)} {verb}{where}; {len(report.failed)} lỗi.")
        return EXIT_INVALID if report.failed or pdf_failed or check_failed else EXIT_OK

    _boundary(action)


def _progress(unit: str = "văn bản"):
    """A progress bar on a terminal (stderr); nothing at all when piped."""
    import time

    start = time.monotonic()
    width = 30

    def show(done: int, total: int) -> None:
        if done == total or done % 10 == 0 or done < 10:
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {unit} "
                             f"({time.monotonic() - start:.1f} s)")
            sys.stderr.flush()

    return show


@app.command("import", cls=_Command)
def import_(
    document: Annotated[Path, typer.Argument(help="Văn bản .docx, .doc hoặc .odt: kế hoạch, quyết định, báo cáo, "
                                                  "công văn", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp kế hoạch .yaml sẽ ghi (mặc định: "
                                                                          "cạnh văn bản, cùng tên)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp .yaml đã có (tệp cũ được giữ lại).")] = False,
) -> None:
    """Đọc một văn bản Word (kế hoạch, quyết định, báo cáo, công văn năm trước) thành tệp .yaml có chú thích, để
    roll và render."""

    def action() -> int:
        from kehoach.importing import import_document

        imported = import_document(document, output, force=force)
        c = imported.counts
        articles = f"{c['dieu']} điều, " if c["dieu"] else ""
        typer.echo(f"Đã đọc {document} ({imported.kind}) → {imported.target}: {articles}{c['phan']} phần, "
                   f"{c['muc']} mục con, {c['y']} ý, {c['doan']} đoạn, {c['phu_luc']} phụ lục ({c['bang']} bảng).")
        for line in imported.converted:
            typer.echo(f"  {line}")
        if imported.backup:
            typer.echo(f"  tệp cũ được giữ lại thành {imported.backup}")
        typer.echo(f"\nCần kiểm tra lại ({len(imported.notes)}):")
        for line, path, message in imported.notes:
            typer.echo(f"  dòng {line}: {path or '(cả tệp)'}: {message}")
        errors = [p for p in imported.problems if p.severity == "loi"]
        if imported.problems:
            typer.echo(f"\nTệp kế hoạch còn {len(errors)} lỗi, {len(imported.problems) - len(errors)} cảnh báo:")
            _show_warnings(imported.problems)
        typer.echo(f"\nĐã ghi {imported.target}. Bước tiếp theo: kehoach roll {imported.target} "
                   f"(sang năm sau), rồi kehoach render.")
        return EXIT_INVALID if errors else EXIT_OK

    _boundary(action)


@app.command(cls=_Command)
def roll(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch năm cũ", show_default=False)],
    nam: Annotated[Optional[int], typer.Option("--nam", help="Năm mới (mặc định: năm sau năm kế hoạch)")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp kế hoạch mới (mặc định: đổi năm "
                                                                          "trong tên tệp)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ in những gì sẽ đổi, không ghi tệp.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đích đã có (tệp cũ được giữ lại).")] = False,
) -> None:
    """Lập kế hoạch năm mới từ kế hoạch năm cũ: đổi năm, xóa số và ngày ký, liệt kê chỗ cần xem lại."""

    def action() -> None:
        from kehoach.jobs.roll import roll_file

        rolled, target = roll_file(plan, nam, output, dry_run=dry_run, force=force)
        typer.echo(f"Chuyển kế hoạch từ năm {rolled.year_from} sang năm {rolled.year_to}: {plan} → {target}"
                   + (" (chạy thử, chưa ghi tệp)" if dry_run else ""))
        typer.echo(f"\nĐã thay đổi ({len(rolled.changes)}):")
        for change in rolled.changes:
            after = change.after or "(để trống)"
            note = f" ({change.note})" if change.note else ""
            where = f" «{change.context}»" if change.context and change.context != change.before else ""
            typer.echo(f"  dòng {change.line}: {change.path}: {change.before} → {after}{note}{where}")
        typer.echo(f"\nCần xem lại ({len(rolled.reviews)}):")
        for item in rolled.reviews:
            typer.echo(f"  dòng {item.line}: {item.path}: \"{item.excerpt}\"\n      → {item.reason}")
        if not dry_run:
            typer.echo(f"\nĐã ghi {target}")

    _boundary(action)


@app.command(name="bao-cao", cls=_Command)
def bao_cao(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml cần báo cáo kết quả", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp báo cáo .yaml sẽ ghi (mặc định: cạnh "
                                                                          "kế hoạch, đuôi .bao-cao.yaml)")] = None,
    ky: Annotated[Optional[str], typer.Option("--ky", help="Kỳ báo cáo: \"6 tháng\" hoặc \"năm\"")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp báo cáo đã có (tệp cũ được giữ lại).")] = False,
) -> None:
    """Lập tệp báo cáo kết quả thực hiện kế hoạch (Mẫu 1.4): mỗi mục, mỗi hoạt động một chỗ ghi kết quả."""

    def action() -> None:
        from kehoach.jobs.report import write_report

        target, warnings = write_report(plan, output, period=ky, force=force)
        _show_warnings(warnings)
        typer.echo(f"Đã ghi {target}")
        typer.echo(f"Ghi kết quả vào các dòng `ket_qua_thuc_hien` trong {target}, rồi chạy: kehoach render {target}")

    _boundary(action)


@app.command(cls=_Command)
def init(
    plan: Annotated[Optional[Path], typer.Argument(help="Tệp mới (mặc định: ke-hoach.yaml, quyet-dinh.yaml, "
                                                       "bao-cao.yaml hoặc cong-van.yaml theo --loai)",
                                                  show_default=False)] = None,
    loai: Annotated[str, typer.Option("--loai", help="Loại văn bản: ke-hoach, quyet-dinh (quyết định ban hành kế "
                                                     "hoạch), bao-cao (báo cáo kết quả), cong-van")] = "ke-hoach",
    ten_xa: Annotated[str, typer.Option("--ten-xa", help="Tên xã")] = "Tên xã",
    nam: Annotated[Optional[int], typer.Option("--nam", help="Năm kế hoạch (mặc định: năm nay)")] = None,
    cap_tren: Annotated[str, typer.Option("--cap-tren", help="Cấp trên, ví dụ 'tỉnh Lào Cai'")] = "tỉnh ...",
) -> None:
    """Tạo tệp mẫu có chú thích từng mục (kế hoạch, hoặc loại khác theo --loai), sẵn sàng để soạn (không ghi đè
    tệp đã có)."""

    def action() -> None:
        import datetime as dt

        from kehoach.jobs.starter import write_starter

        written = write_starter(plan, ten_xa=ten_xa, nam=nam or dt.date.today().year, cap_tren=cap_tren, kind=loai)
        for path in written:
            typer.echo(f"Đã ghi {path}")
        typer.echo(f"Sửa nội dung trong {written[0]}, rồi chạy: kehoach render {written[0]}")

    _boundary(action)


@app.command(cls=_Command)
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp .json sẽ ghi (mặc định: in ra "
                                                                          "màn hình)")] = None,
) -> None:
    """In lược đồ JSON Schema của tệp kế hoạch, để trình soạn thảo gợi ý khóa và giải thích."""

    def action() -> None:
        from kehoach.jobs.output import write_atomic
        from kehoach.plan.schema import schema_text

        text = schema_text()
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(output, text.encode("utf-8"))
            typer.echo(f"Đã ghi {output}")

    _boundary(action)


@app.command(name="danh-muc", cls=_Command)
def danh_muc(
    tinh: Annotated[Optional[str], typer.Option("--tinh", help="Chỉ các đơn vị của tỉnh, thành phố này")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp .csv sẽ ghi (mặc định: in ra màn "
                                                                          "hình)")] = None,
    truoc_2025: Annotated[bool, typer.Option("--truoc-2025", help="Danh mục trước ngày 01/7/2025 (có cấp "
                                                                  "huyện)")] = False,
) -> None:
    """In danh mục đơn vị hành chính cấp xã (tên, loại, mã chính thức) dạng CSV, để lập bảng cho `batch`."""

    def action() -> None:
        from kehoach.jobs.output import write_atomic
        from kehoach.jobs.province import unit_table

        text = unit_table(tinh, truoc_2025)
        if output is None:
            typer.echo(text, nl=False)
        else:  # with a byte-order mark, so that Excel opens it as UTF-8
            write_atomic(output, ("\ufeff" + text).encode("utf-8"))
            typer.echo(f"Đã ghi {output}: {text.count(chr(10)) - 1} đơn vị.")

    _boundary(action)


@app.command(cls=_Command)
def lich(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp lịch .ics sẽ ghi (mặc định: cạnh "
                                                                          "tệp kế hoạch, cùng tên)")] = None,
    bang: Annotated[Optional[Path], typer.Option("--bang", help="Ghi thêm bảng công việc để theo dõi (.xlsx "
                                                                "hoặc .csv)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có (bản cũ được giữ lại).")] = False,
) -> None:
    """Lịch công việc của kế hoạch: tệp .ics cho điện thoại, Outlook, Google Calendar và bảng theo dõi."""

    def action() -> None:
        from kehoach.jobs.schedule import write_schedule

        result = write_schedule(plan, output, bang, force=force)
        dated = [i for i in result.items if i.start is not None]
        typer.echo(f"Đã ghi {result.calendar}: {len(dated)} việc có ngày, và thời gian thực hiện kế hoạch.")
        undated = len(result.items) - len(dated)
        if undated:
            typer.echo(f"{undated} việc không có ngày cụ thể (ví dụ \"Thường xuyên\"): có trong bảng công việc và "
                       "trong phần ghi chú của sự kiện kế hoạch.")
        if result.table:
            typer.echo(f"Đã ghi {result.table}: {len(result.items)} việc.")
        for backup in result.backups:
            typer.echo(f"Bản cũ được giữ lại: {backup}")

    _boundary(action)


@app.command(name="so-sanh", cls=_Command)
def so_sanh(
    old: Annotated[Path, typer.Argument(help="Tệp kế hoạch cũ (năm trước)", show_default=False)],
    new: Annotated[Path, typer.Argument(help="Tệp kế hoạch mới", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp .docx sẽ ghi (mặc định: cạnh kế "
                                                                          "hoạch mới, đuôi .so-sanh.docx)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè cả tệp đã được sửa bằng tay (bản cũ được giữ "
                                                        "lại).")] = False,
) -> None:
    """So sánh hai kế hoạch: văn bản Word của kế hoạch mới, mọi chỗ khác được đánh dấu theo dõi thay đổi."""

    def action() -> None:
        from kehoach.jobs.compare import compare_files

        result = compare_files(old, new, output, force=force)
        summary = result.summary
        if summary.changed_blocks == summary.deleted_blocks == 0:
            typer.echo("Hai kế hoạch có nội dung như nhau.")
        else:
            typer.echo(f"{summary.changed_blocks} đoạn mới hoặc được sửa, {summary.deleted_blocks} đoạn bỏ đi.")
        for line in summary.lines():
            typer.echo(line)
        if result.backup:
            typer.echo(f"Bản cũ được giữ lại: {result.backup}")
        typer.echo(f"Đã ghi {result.target} (mở bằng Word: Xem lại > Chấp nhận / Từ chối từng thay đổi).")

    _boundary(action)


def _click_exceptions():
    """Typer ≥ 0.20 ships its own copy of Click; older ones use Click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - depends on the Typer version
        from click import exceptions
    return exceptions


def _usage_message(exc: Exception) -> str:
    """Click's English usage errors, said in Vietnamese (cli_text)."""
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    return cli_text.usage_message(exc, _click_exceptions(), names)


def _utf8_output() -> None:
    """Vietnamese must print on a Windows console or a pipe set to a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _leave(code: int) -> None:
    """Exit at once once the output is flushed: every file is already complete and renamed into
    place (atomic writes), workers and LibreOffice are already gone, so the interpreter's own
    shutdown (a last garbage collection over everything imported: 40–50 ms) does nothing useful."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def run() -> None:  # console script entry point
    _utf8_output()
    errors = _click_exceptions()
    try:
        code = app(standalone_mode=False)
    except errors.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        _leave(0)
    except errors.UsageError as exc:
        _err(f"kehoach: lỗi lệnh: {_usage_message(exc)} {cli_text.help_hint(exc)}")
        _leave(EXIT_USAGE)
    except (KeyboardInterrupt, getattr(errors, "Abort", KeyboardInterrupt)):
        _err("Đã dừng theo yêu cầu.")
        _leave(130)
    _leave(code if isinstance(code, int) else 0)
