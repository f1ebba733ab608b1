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
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError



_STR_METHODS = {"upper", "lower", "title", "capitalize", "strip"}

# Limits, each with its reason. A plan's text is a few sentences; a number in
# it is a year, a count or an amount of money (a commune's budget is ~10^11 đồng).
MAX_TEXT_CHARS = 100_000  # one rendered text: the longest paragraph of a real plan is ~3,000
MAX_NUMBER = 10**15  # operands and results of arithmetic; beyond it a number is a mistake or an attack
MAX_ROUND_DIGITS = 10  # round(x, -999999999) would compute 10**999999999 and never return
_LONG_NUMBER = re.compile(r"\d{17,}")  # a literal beyond MAX_NUMBER, refused before Jinja parses it
_CASE_GROWTH = 3  # upper()/title() may lengthen a text (ß → SS, ŉ → ʼN): at most three times


class TemplateProblem(Exception):
    """A text could not be rendered; the message is in Vietnamese."""


_TOO_BIG = ("biểu thức trong dấu {{{{ }}}} tạo ra {what}. Hãy chỉ dùng biến dạng {{{{ ten_bien }}}} "
            "và các phép tính đơn giản với số nhỏ.")


def _number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not abs(value) <= MAX_NUMBER:  # also refuses nan
        raise TemplateProblem(_TOO_BIG.format(what="một số quá lớn (quá 10^15)"))
    return value


def _round(value: Any, precision: Any = 0, method: str = "common") -> Any:
    if not isinstance(precision, int) or abs(precision) > MAX_ROUND_DIGITS:
        raise TemplateProblem(_TOO_BIG.format(what=f"một phép làm tròn quá {MAX_ROUND_DIGITS} chữ số"))
    return _number(_JINJA_ROUND(_number(value), precision, method))


def _int(value: Any, default: int = 0, base: int = 10) -> Any:
    if isinstance(value, str) and len(value.strip()) > 16:  # a 10^6-digit string takes minutes to convert
        return default
    return _number(_JINJA_INT(value, default, base))


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every operator checked: ``*`` and ``**``
    are refused (``'x' * 10**9`` builds a gigabyte from one short line), ``%``
    only works on numbers (``'%0900000000d' % nam`` is string formatting, 3.5
    GB), and arithmetic works on numbers up to MAX_NUMBER only."""

    intercepted_binops = frozenset({"*", "**", "%", "//", "/", "+", "-"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator in ("*", "**"):
            raise TemplateProblem("phép nhân và lũy thừa không được phép trong nội dung; hãy viết sẵn kết quả.")
        if operator == "+" and isinstance(left, str) and isinstance(right, str):
            return left + right  # no longer than its parts, which the output bound counts
        numbers = (int, float)
        if not (isinstance(left, numbers) and isinstance(right, numbers)):
            raise TemplateProblem(f"phép tính `{operator}` chỉ dùng được với số (định dạng chữ bằng `%` không "
                                  "được phép); hãy viết sẵn kết quả.")
        return _number(self.binop_table[operator](_number(left), _number(right)))

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
_JINJA_ROUND, _JINJA_INT = _ENV.filters["round"], _ENV.filters["int"]
_ENV.filters = {k: v for k, v in _ENV.filters.items() if k in _ALLOWED_FILTERS}
_ENV.filters.update(round=_round, int=_int)


def _money_filter(words: bool):
    """``{{ 1500000000 | tien }}`` → 1.500.000.000; ``| bang_chu`` → "Một tỷ năm trăm triệu đồng"."""
    from kehoach.compose.money import amount_text, amount_words, parse_amount

    def apply(value: Any) -> str:
        amount = parse_amount(value)
        if amount is None:
            raise ValueError(value)
        return amount_words(amount) if words else amount_text(amount)

    return apply


_ENV.filters["tien"] = _money_filter(False)
_ENV.filters["bang_chu"] = _money_filter(True)
_ENV.tests = {k: v for k, v in _ENV.tests.items() if k in {"defined", "undefined", "none", "number", "string"}}


@lru_cache(maxsize=4096)
def _compile(source: str):
    """The template, the variables it uses, and how many times it names each."""
    tree = _ENV.parse(source)
    names = tuple(sorted(meta.find_undeclared_variables(tree)))
    uses = Counter(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
    return _ENV.from_string(source), names, tuple(uses[name] for name in names)


def _check_length(text: str, uses: Iterable[tuple[int, Any]], growth: int = _CASE_GROWTH) -> None:
    """Refuse, before rendering, a text whose result could pass MAX_TEXT_CHARS.

    Without loops, a text prints at most its own characters plus each value it
    names, once per mention (numbers are bounded by MAX_NUMBER, case changes by
    _CASE_GROWTH): one short line naming a long variable a thousand times is
    refused here instead of filling the memory."""
    bound = len(text)
    for count, value in uses:
        bound += count * growth * len(str(value))
    if bound > MAX_TEXT_CHARS:
        raise TemplateProblem(_TOO_BIG.format(what=f"một đoạn chữ quá dài (có thể quá {MAX_TEXT_CHARS:,} ký tự)"
                                                   .replace(",", ".")))


_MISSING = object()


@lru_cache(maxsize=16384)
def _render(source: str, values: tuple) -> str:
    template, names, _ = _compile(source)
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

        used = Counter(_PLAIN_VARIABLE.findall(text))
        _check_length(text, ((count, context.get(name, "")) for name, count in used.items()), growth=1)
        return _PLAIN_VARIABLE.sub(value, text)
    if _INTERNALS.search(text):  # ''.__class__, cycler.__init__, x._private: never a variable
        raise TemplateProblem(_REFUSED)
    for statement in _STATEMENT.findall(text):
        if statement not in _ALLOWED_STATEMENTS:  # loops could run for ever; nothing else is needed
            raise TemplateProblem(
                f"lệnh `{{% {statement} %}}` không dùng được trong nội dung; chỉ dùng được biến {{{{ ten_bien }}}} "
                "và `{% if … %}…{% endif %}`.")
    if _LONG_NUMBER.search(text):
        raise TemplateProblem(_TOO_BIG.format(what="một số quá lớn (quá 10^15)"))
    try:
        _, names, counts = _compile(text)
        _check_length(text, ((count, context[name]) for name, count in zip(names, counts) if name in context))
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


MAX_VARIABLE_DEPTH = 8  # a variable naming a variable naming …: real plans go two deep


def variables_of(text: str) -> tuple[str, ...]:
    """The variables a text names (none when it cannot be parsed: rendering says why)."""
    if not needs_rendering(text):
        return ()
    if not needs_rendering(_PLAIN_VARIABLE.sub("", text)):
        return tuple(dict.fromkeys(_PLAIN_VARIABLE.findall(text)))
    if _INTERNALS.search(text) or _LONG_NUMBER.search(text):
        return ()
    try:
        return _compile(text)[1]
    except (TemplateError, TemplateProblem):
        return ()


def resolve_variables(context: dict[str, Any], bien: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """``context`` with the plan's variables added, each one rendered first:
    ``ten_day_du: "xã {{ ten_xa }}"`` means the commune's name, not the braces.

    Returns the context and, per variable that cannot be rendered (a loop, an
    undefined name, a refused expression), the Vietnamese reason."""
    context = dict(context)
    context.update(bien)
    problems: dict[str, str] = {}
    state: dict[str, str] = {}  # name -> "open" while rendering it, "done" after

    def resolve(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            loop = " → ".join(chain[chain.index(name):] + (name,))
            raise TemplateProblem(f"các biến dùng lẫn nhau thành vòng lặp ({loop}). Hãy viết thẳng giá trị của "
                                  "một biến.")
        if len(chain) >= MAX_VARIABLE_DEPTH:
            raise TemplateProblem(f"biến lồng biến quá {MAX_VARIABLE_DEPTH} cấp ({' → '.join(chain)}). Hãy viết "
                                  "thẳng giá trị.")
        state[name] = "open"
        for used in variables_of(bien[name]):
            if used in bien:
                resolve(used, chain + (name,))
        context[name] = render_text(bien[name], context)
        state[name] = "done"

    for name, value in bien.items():
        if isinstance(value, str) and needs_rendering(value):
            try:
                resolve(name, ())
            except TemplateProblem as exc:
                problems[name] = str(exc)
                state = {k: v for k, v in state.items() if v == "done"}
    return context, problems
