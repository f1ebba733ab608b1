"""Variables in plan text, rendered in a sandbox.

Any text of a plan may use ``{{ nam }}``, ``{{ ten_xa }}`` and the other
variables of ``bien``, so that next year's file changes one value, not fifty.
The text is untrusted: it renders in Jinja2's immutable sandbox, undefined
variables are errors (never silently empty), and only plain values are
passed in. Compiled templates are cached, so a batch of thousands of plans
compiles each distinct text once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError



_STR_METHODS = {"upper", "lower", "title", "capitalize", "strip"}


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, also refusing ``*`` and ``**``: ``'x' * 10**9``
    would otherwise build a gigabyte string from one short line."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError("phép nhân và lũy thừa không được phép trong nội dung")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Only ``.upper()``-like calls without arguments: ``ten_xa.center(10**8)``
        or ``x.replace(a, b)`` could otherwise build huge strings."""
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str) and name in _STR_METHODS and not args and not kwargs:
            return __obj()
        raise SecurityError("lời gọi hàm không được phép trong nội dung")


_ENV = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
# Nothing from Python's world is reachable from a plan: no globals such as
# range/cycler/joiner/namespace/lipsum, only harmless filters.
_ENV.globals.clear()
_ALLOWED_FILTERS = {"upper", "lower", "capitalize", "title", "trim", "default", "string", "int", "round", "abs"}
_ENV.filters = {k: v for k, v in _ENV.filters.items() if k in _ALLOWED_FILTERS}
_ENV.tests = {k: v for k, v in _ENV.tests.items() if k in {"defined", "undefined", "none", "number", "string"}}


class TemplateProblem(Exception):
    """A text could not be rendered; the message is in Vietnamese."""


@lru_cache(maxsize=4096)
def _compile(source: str):
    return _ENV.from_string(source), tuple(sorted(meta.find_undeclared_variables(_ENV.parse(source))))


_MISSING = object()


@lru_cache(maxsize=16384)
def _render(source: str, values: tuple) -> str:
    template, names = _compile(source)
    return template.render({name: value for name, value in zip(names, values) if value is not _MISSING})


def needs_rendering(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


_STATEMENT = re.compile(r"\{%-?\s*(\w+)")
_ALLOWED_STATEMENTS = {"if", "elif", "else", "endif", "raw", "endraw"}
_INTERNALS = re.compile(r"(\{\{|\{%)[^}]*(__|\._)")
_REFUSED = ("nội dung có biểu thức không được phép (truy cập vào bên trong chương trình). "
            "Chỉ dùng biến dạng {{ ten_bien }}; hãy xóa biểu thức này.")


_PLAIN_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _undefined(name: str, context: dict[str, Any]) -> TemplateProblem:
    known = ", ".join(f"`{k}`" for k in sorted(context)) or "(chưa có biến nào)"
    return TemplateProblem(
        f"biến `{name}` chưa được khai báo. Hãy thêm nó vào `bien:` ở đầu tệp, "
        f"hoặc dùng một biến đã có: {known}.")


def render_text(text: str, context: dict[str, Any]) -> str:
    if not needs_rendering(text):
        return text
    if not needs_rendering(_PLAIN_VARIABLE.sub("", text)):
        # Only plain {{ name }}: what Jinja2 would print, without compiling a
        # template (a cold render compiled one per text, ~4 ms each).
        def value(match: re.Match) -> str:
            if match[1] not in context:
                raise _undefined(match[1], context)
            return str(context[match[1]])

        return _PLAIN_VARIABLE.sub(value, text)
    if _INTERNALS.search(text):  # ''.__class__, cycler.__init__, x._private: never a variable
        raise TemplateProblem(_REFUSED)
    for statement in _STATEMENT.findall(text):
        if statement not in _ALLOWED_STATEMENTS:  # loops could run for ever; nothing else is needed
            raise TemplateProblem(
                f"lệnh `{{% {statement} %}}` không dùng được trong nội dung; chỉ dùng được biến {{{{ ten_bien }}}} "
                "và `{% if … %}…{% endif %}`.")
    try:
        _, names = _compile(text)
        # Cached by the values the text uses: in a batch, a text that only uses
        # {{ nam }} renders once, however many communes there are.
        return _render(text, tuple(context.get(name, _MISSING) for name in names))
    except UndefinedError as exc:
        raise _undefined(str(exc).split("'")[1] if "'" in str(exc) else str(exc), context) from None
    except SecurityError:
        raise TemplateProblem(_REFUSED) from None
    except TemplateError as exc:
        raise TemplateProblem(
            f"biểu thức trong dấu {{{{ }}}} viết sai ({exc.message or exc}). "
            "Hãy viết dạng {{ ten_bien }}; nếu cần in dấu ngoặc nhọn, hãy bỏ nó đi.") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError, RecursionError):
        raise TemplateProblem("biểu thức trong dấu {{ }} không tính được. Hãy chỉ dùng biến dạng {{ ten_bien }}.") from None
