"""All Vietnamese (issue 11): every line of every ``--help`` and every usage error,
Click's and Typer's own words included."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys

import pytest
import typer

from kehoach import cli_text
from kehoach.cli import app

ENGLISH = re.compile(r"\b(Usage|Options?|Arguments?|Commands?|required|default|OPTIONS|COMMAND|ARGS|Show|message|"
                     r"exit|env var|Error|Invalid|value|requires|argument|Input|should|Missing|No such|Try|"
                     r"integer|range|Path|str|int|list)\b|[<>{}]|" + cli_text.FALLBACK_VALUE)


def _helps() -> dict[str, str]:
    group = typer.main.get_command(app)
    root = group.make_context("kehoach", ["--help"], resilient_parsing=True)
    pages = {"kehoach": group.get_help(root)}
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        ctx = command.make_context(name, ["--help"], parent=root, resilient_parsing=True)
        pages[name] = command.get_help(ctx)
    return pages


def test_every_help_line_is_vietnamese():
    pages = _helps()
    assert len(pages) >= 8
    english = {name: [line for line in page.splitlines() if ENGLISH.search(line.replace("JSON Schema", ""))]
               for name, page in pages.items()}
    assert {name: lines for name, lines in english.items() if lines} == {}
    assert all(page.startswith("Cách dùng: kehoach") for page in pages.values())
    assert "Tùy chọn:" in pages["render"] and "Tham số:" in pages["render"] and "Lệnh:" in pages["kehoach"]
    assert "[bắt" in pages["render"] and "[mặc định: van-ban]" in pages["batch"]


@pytest.mark.parametrize("args, fragment", [
    (["render", "-o"], "tùy chọn `-o` cần một giá trị"),
    (["batch", "a.yaml", "b.csv", "--workers", "0"], "từ 1"),
    (["init", "--nam", "abc"], "số nguyên"),
    (["check"], "thiếu tên tệp Word"),
    (["--debug=3"], "không nhận giá trị"),
    (["render", "--khong-co", "x.yaml"], "không có tùy chọn"),
])
def test_usage_errors_are_vietnamese(args, fragment):
    result = subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert not ENGLISH.search(result.stderr.replace("--", "").replace("`-o`", "")), result.stderr


def test_every_gettext_word_of_typer_has_a_vietnamese_translation():
    """Typer (and Click, when Typer uses it) take these through gettext: a new one fails here."""
    msgids = set()
    for name in ("typer.core", "typer.rich_utils", "click.core", "click.exceptions", "click.formatting",
                 "click.types", "click.parser", "click.decorators"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if name.startswith("click") and "typer._click" in sys.modules:
            continue  # this Typer ships its own Click; Click itself is not what the CLI uses
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                msgids.add(node.args[0].value)
    assert msgids, "no gettext word found: has Typer changed how it translates?"
    assert sorted(m for m in msgids if m not in cli_text.WORDS) == []
    import typer.core

    assert typer.core._("Options") == "Tùy chọn"
