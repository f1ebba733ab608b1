"""The ``kehoach`` command. Each command reads options, calls one library
function and shows the result; errors become messages and exit codes in
``_boundary`` only.

Exit codes: 0 success, 1 invalid input or refused operation, 2 wrong
command-line usage, 3 a bug in kehoach (with an apology and how to report it).
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from kehoach import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
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
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu. Không có tệp nào bị ghi dở.")
        raise typer.Exit(130) from None
    except Exception:  # a bug: keep the traceback for --debug
        if _state["debug"]:
            traceback.print_exc()
        _err("Xin lỗi, kehoach gặp lỗi nội bộ (không phải do tệp của bạn). Hãy chạy lại với `--debug` và gửi "
             "toàn bộ thông báo cùng tệp kế hoạch cho nhóm phát triển kehoach.")
        raise typer.Exit(EXIT_BUG) from None
    raise typer.Exit(code)


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


@app.command()
def render(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp .docx sẽ ghi (mặc định: cạnh tệp "
                                                                          "kế hoạch, cùng tên)")] = None,
) -> None:
    """Soạn văn bản .docx từ tệp kế hoạch."""

    def action() -> None:
        from kehoach.api import render_document

        written = render_document(plan, output)
        typer.echo(f"Đã ghi {written}")

    _boundary(action)


@app.command()
def validate(
    plan: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON cho các chương trình khác")] = False,
) -> None:
    """Kiểm tra tệp kế hoạch, báo mọi lỗi cùng lúc, không ghi tệp nào."""

    def action() -> int:
        from kehoach.api import check_plan
        from kehoach.errors import InvalidInput

        try:
            check_plan(plan)
        except InvalidInput as exc:
            if as_json:
                typer.echo(json.dumps({"hop_le": False, "van_de": [p.as_dict() for p in exc.problems]},
                                      ensure_ascii=False, indent=2))
                return EXIT_INVALID
            raise
        if as_json:
            typer.echo(json.dumps({"hop_le": True, "van_de": []}, ensure_ascii=False, indent=2))
        else:
            typer.echo(f"{plan}: hợp lệ.")
        return EXIT_OK

    _boundary(action)


def run() -> None:  # console script entry point
    app()
