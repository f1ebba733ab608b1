"""Click's and Typer's own words, in Vietnamese: the help pages and the usage errors.

Everything a clerk reads is Vietnamese, ``--help`` included. Typer takes some
of its words through ``gettext`` (``Options``, ``required``, ``default: …``);
those are translated by replacing its ``_`` with a lookup in ``WORDS`` (and
Click's, when Typer uses Click itself). The rest is not translatable (Typer ≥
0.20 ships its own copy of Click with English f-strings: ``Usage:``, ``Option
'-o' requires an argument``, pydantic's ``Input should be …``), so the help page
is laid out here from the command's parameters, and each usage error is said
again from its kind and its fields, never from its English text.
"""

from __future__ import annotations

import re
from typing import Any

# Typer's and Click's gettext messages (msgid → Vietnamese).
WORDS = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Arguments": "Tham số",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc chạy)",
    "Aborted!": "Đã dừng.",
    "Aborted.": "Đã dừng.",
    "Missing command.": "thiếu tên lệnh.",
    "No such command {name!r}.": "không có lệnh {name!r}.",
    "(deprecated) ": "(không dùng nữa) ",
    "[default: {}]": "[mặc định: {}]",
    "[env var: {}]": "[biến môi trường: {}]",
    "[required]": "[bắt buộc]",
    "Error": "Lỗi",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Xem [blue]'{command_path} {help_option}'[/].",
    "Try {command} {option} for help.": "Xem `{command} {option}`.",
}

# The names printed for values: arguments by their name, options by their flag.
ARGUMENT_NAMES = {
    "plans": "TỆP_KẾ_HOẠCH", "plan": "TỆP_KẾ_HOẠCH", "files": "TỆP_WORD", "document": "TỆP_WORD",
    "table": "BẢNG_XÃ", "old": "KẾ_HOẠCH_CŨ", "new": "KẾ_HOẠCH_MỚI",
}
ARGUMENT_WORDS = {
    "TỆP_KẾ_HOẠCH": "tên tệp kế hoạch", "TỆP_WORD": "tên tệp Word", "BẢNG_XÃ": "tên tệp bảng các xã",
    "KẾ_HOẠCH_CŨ": "tên tệp kế hoạch cũ", "KẾ_HOẠCH_MỚI": "tên tệp kế hoạch mới",
}
OPTION_VALUES = {
    "--output": "TỆP", "--workers": "SỐ", "--nam": "NĂM", "--ten-xa": "TÊN", "--cap-tren": "TÊN", "--bang": "TỆP", "--tinh": "TỈNH", "--ky": "KỲ", "--loai": "LOẠI",
    "--bien": "TÊN_BIẾN=CỘT",
}
FALLBACK_VALUE = "GIÁ_TRỊ"


def translate(message: str) -> str:
    return WORDS.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Put the Vietnamese lookup in place of the ``_`` Typer and Click call."""
    import importlib
    import sys

    for name in ("typer.core", "typer.rich_utils", "click.core", "click.exceptions", "click.formatting",
                 "click.types", "click.parser", "click.decorators", "click.termui"):
        # typer.rich_utils is patched only if something already loaded it: importing it loads Rich and
        # markdown-it (40 ms at every start), and kehoach's help is plain (rich_markup_mode=None).
        if name == "typer.rich_utils" and name not in sys.modules:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


# ------------------------------------------------------------- the help page --

def argument_name(param: Any) -> str:
    name = ARGUMENT_NAMES.get(param.name or "", FALLBACK_VALUE)
    return name + ("..." if param.nargs != 1 else "")


def option_value(param: Any) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    label = next((OPTION_VALUES[o] for o in param.opts if o in OPTION_VALUES), FALLBACK_VALUE)
    return label + ("..." if param.nargs != 1 else "")


def _default(param: Any) -> str | None:
    if getattr(param, "is_flag", False) or param.show_default is False or param.required:
        return None
    default = param.default
    if default is None or default == () or callable(default):
        return None
    return str(default)


def _extra(param: Any) -> str:
    extra = []
    default = _default(param)
    if default:
        extra.append(f"mặc định: {default}")
    if param.required:
        extra.append("bắt buộc")
    return f"[{'; '.join(extra)}]" if extra else ""


def _with_extra(text: str, extra: str) -> str:
    return f"{text}  {extra}" if text and extra else text or extra


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = ["[TÙY CHỌN]"]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if hasattr(command, "list_commands"):
        pieces.append("LỆNH [THAM SỐ]...")
    return pieces


def format_help(command: Any, ctx: Any, formatter: Any) -> None:
    """The whole help page of ``command``, every word Vietnamese."""
    formatter.write_usage(ctx.command_path, " ".join(usage_pieces(command, ctx)), prefix="Cách dùng: ")
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.help.split("\f")[0].strip())
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [(argument_name(p), _with_extra(getattr(p, "help", "") or "", _extra(p)))
                 for p in params if p.param_type_name == "argument"]
    options = [(", ".join(sorted(p.opts, key=lambda o: (o.startswith("--"), o)) + list(p.secondary_opts))
                 + (f" {value}" if (value := option_value(p)) else ""),
                _with_extra(p.help or "", _extra(p))) for p in params if p.param_type_name == "option"]
    for title, rows in (("Tham số", arguments), ("Tùy chọn", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if hasattr(command, "list_commands"):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


class VietnameseHelp:
    """A mixin for Typer's command and group classes: help and usage line in Vietnamese."""

    def get_help_option(self, ctx):  # noqa: ANN001, ANN201 - Click's signature
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option

    def format_help(self, ctx, formatter) -> None:  # noqa: ANN001
        format_help(self, ctx, formatter)

    def format_usage(self, ctx, formatter) -> None:  # noqa: ANN001
        formatter.write_usage(ctx.command_path, " ".join(usage_pieces(self, ctx)), prefix="Cách dùng: ")


# ------------------------------------------------------------ usage errors --

def _param_label(param: Any) -> str:
    if param is None:
        return "giá trị"
    if param.param_type_name == "argument":
        return argument_name(param).rstrip(".")
    return "/".join(param.opts)


def _value_problem(exc: Exception) -> str:
    """The reason a value was refused: pydantic's error (Typer ≥ 0.20) or Click's type."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        from kehoach.plan.validation import MESSAGES

        error = (cause.errors() or [{}])[0]
        template = MESSAGES.get(error.get("type", ""))
        if template is not None:
            try:
                return template.format(field="", **dict(error.get("ctx") or {}))
            except (KeyError, IndexError, ValueError):
                pass
    message = str(getattr(exc, "message", "") or "")
    if re.search(r"[^\x00-\x7f]", message):
        return message  # already said in Vietnamese (cli.py's own conversion)
    if re.search(r"not a valid integer|valid integer", message):
        return "cần một số nguyên ở đây."
    if match := re.search(r"not in the range x>=(\d+)", message):
        return f"giá trị phải từ {match[1]} trở lên."
    if re.search(r"does not exist", message):
        return "không tìm thấy tệp hoặc thư mục này."
    return "giá trị không dùng được ở đây."


def help_hint(exc: Exception) -> str:
    """Where to read more: the help of the command the mistake is in."""
    ctx = getattr(exc, "ctx", None)
    return f"Xem `{ctx.command_path if ctx is not None else 'kehoach'} --help`."


def usage_message(exc: Exception, errors: Any, command_names: list[str]) -> str:
    """A Click usage error said in Vietnamese from its kind and its fields."""
    if isinstance(exc, errors.NoSuchOption):
        hint = f" Có phải ý bạn là `{exc.possibilities[0]}`?" if exc.possibilities else ""
        return f"không có tùy chọn `{exc.option_name}`.{hint}"
    if isinstance(exc, errors.BadOptionUsage):
        text = str(getattr(exc, "message", ""))
        if "does not take a value" in text:
            return f"tùy chọn `{exc.option_name}` không nhận giá trị."
        return f"tùy chọn `{exc.option_name}` cần một giá trị viết ngay sau nó, ví dụ `{exc.option_name} van-ban`."
    if isinstance(exc, errors.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "argument":
            label = _param_label(param)
            return f"thiếu {ARGUMENT_WORDS.get(label, label)} ({label})."
        return f"thiếu giá trị cho {_param_label(param)}."
    if isinstance(exc, errors.BadParameter):
        return f"giá trị không hợp lệ ở {_param_label(exc.param)}: {_value_problem(exc)}"
    message = exc.format_message() if isinstance(exc, errors.ClickException) else str(exc)
    if message.startswith(("No such command", "không có lệnh")):
        return f"không có lệnh này. Các lệnh: {', '.join(sorted(command_names))}."
    if message.startswith("Got unexpected extra argument"):
        return "thừa tham số. Mỗi lần chỉ ghi một tệp kế hoạch; tên có dấu cách thì đặt trong dấu nháy kép."
    if message.startswith(("Missing command", "thiếu tên lệnh")):
        return "thiếu tên lệnh."
    return "lệnh viết chưa đúng."
