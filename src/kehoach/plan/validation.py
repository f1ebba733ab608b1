"""Loaded data → Plan, with every pydantic problem reworded in Vietnamese.

Pydantic's messages are English and name internal types; clerks get one
sentence per problem, with the file position of the node it is about, and
a suggestion when a key looks like a typo of a known one.
"""

from __future__ import annotations

import difflib
import typing
from functools import lru_cache

from pydantic import BaseModel, ValidationError

from kehoach.plan import model
from kehoach.errors import InvalidInput, Problem
from kehoach.plan.located import Loaded, format_path

# pydantic error type -> Vietnamese message; {…} are filled from the error's context.
MESSAGES = {
    "missing": "thiếu khóa bắt buộc `{field}`.",
    "string_type": "cần một đoạn chữ ở đây.",
    "string_too_short": "không được để trống.",
    "int_type": "cần một số nguyên ở đây.",
    "int_parsing": "cần một số nguyên ở đây (chỉ gồm chữ số).",
    "int_from_float": "cần một số nguyên, không có phần thập phân.",
    "float_type": "cần một số ở đây.",
    "float_parsing": "cần một số ở đây (dùng dấu chấm cho phần thập phân, ví dụ 1.27).",
    "finite_number": "cần một số bình thường ở đây, ví dụ 1.27; `.nan` và `.inf` không phải số dùng được.",
    "bool_type": "cần `true` (có) hoặc `false` (không).",
    "bool_parsing": "cần `true` (có) hoặc `false` (không).",
    "list_type": "cần một danh sách; mỗi mục viết trên một dòng bắt đầu bằng `- `.",
    "dict_type": "cần một nhóm khóa dạng `khoa: giá trị` ở đây.",
    "model_type": "cần một nhóm khóa dạng `khoa: giá trị` ở đây.",
    "model_attributes_type": "cần một nhóm khóa dạng `khoa: giá trị` ở đây.",
    "literal_error": "giá trị không hợp lệ; chọn một trong: {expected}.",
    "greater_than_equal": "giá trị phải từ {ge} trở lên.",
    "greater_than": "giá trị phải lớn hơn {gt}.",
    "less_than_equal": "giá trị không được vượt quá {le}.",
    "less_than": "giá trị phải nhỏ hơn {lt}.",
    "too_short": "cần ít nhất {min_length} mục.",
    "too_long": "chỉ được nhiều nhất {max_length} mục.",
    "extra_forbidden": "khóa `{field}` không có trong mẫu kế hoạch.",
    "date_type": "cần một ngày, ví dụ 15/11/2024.",
    "none_required": "khóa này không nhận giá trị.",
    "string_pattern_mismatch": "giá trị viết không đúng dạng (ví dụ đúng: thư điện tử `ten@coquan.gov.vn`, "
                               "trang `coquan.gov.vn`, điện thoại `0214 3840 123`, ký hiệu người soạn `PL`).",
}


@lru_cache(maxsize=1)
def known_keys() -> tuple[str, ...]:
    names: set[str] = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            names.update(obj.model_fields)
    return tuple(sorted(names))


def _model_of(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside ``list[X]``, ``X | None``, ``Annotated[X, …]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def keys_at(path: tuple) -> tuple[str, ...]:
    """The keys allowed in the mapping at ``path`` (for suggestions)."""
    current: type[BaseModel] | None = model.Plan
    for part in path:
        if current is None:
            break
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        current = _model_of(field.annotation) if field else None
    return tuple(current.model_fields) if current is not None else known_keys()


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    loc = error.get("loc") or ()
    field = str(loc[-1]) if loc else ""
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error", error.get("msg", "")))
        return text[0].lower() + text[1:] if text else "giá trị không hợp lệ."
    template = MESSAGES.get(kind)
    if template is None:
        return f"giá trị không hợp lệ ({error.get('msg', kind)})."
    if kind == "literal_error":
        ctx["expected"] = ctx.get("expected", "").replace("'", "`").replace(" or ", ", ")
    message = template.format(field=field, **ctx)
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, keys_at(tuple(loc[:-1])), n=1, cutoff=0.6)
        if close:
            message += f" Có phải ý bạn là `{close[0]}`?"
        else:
            allowed = ", ".join(f"`{k}`" for k in keys_at(tuple(loc[:-1])))
            message += f" Các khóa dùng được ở đây: {allowed}."
    return message


def validate(loaded: Loaded) -> model.Plan:
    """Every problem of the file at once, or the valid Plan."""
    if not isinstance(loaded.data, dict):
        raise InvalidInput([loaded.problem((), "tệp kế hoạch phải là một nhóm khóa (`co_quan:`, `trich_yeu:` …), "
                                                "không phải một danh sách hay một dòng chữ.")])
    try:
        return model.Plan.model_validate(loaded.data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, loaded)) from None


def revalidate(base: model.Plan, loaded: Loaded, keys: set[str]) -> model.Plan:
    """``base`` with the top-level ``keys`` taken from ``loaded.data`` and validated.

    A batch row changes a few keys of an already valid plan: validating only
    those is twenty times faster and gives the same result, because Plan has
    field validators only (no validator across fields: keep it so).
    """
    plan = base.model_copy()
    validator = model.Plan.__pydantic_validator__
    problems: list[Problem] = []
    for key in sorted(keys):
        try:
            validator.validate_assignment(plan, key, loaded.data.get(key))
        except ValidationError as exc:
            problems += problems_of(exc, loaded)
    if problems:
        raise InvalidInput(problems)
    return plan


_KINDS = {"string_type": "một đoạn chữ", "int_type": "một số nguyên", "int_parsing": "một số nguyên",
          "float_type": "một số", "float_parsing": "một số", "bool_type": "true/false", "bool_parsing": "true/false",
          "list_type": "một danh sách", "dict_type": "một nhóm khóa", "model_type": "một nhóm khóa",
          "model_attributes_type": "một nhóm khóa", "date_type": "một ngày"}


def _real_path(loc: tuple, data: object) -> tuple:
    """The keys and indices of ``loc`` that exist in the data; pydantic adds the
    names of union members and validators (``int``, ``constrained-str``…)."""
    path = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, (dict, list)) and (isinstance(part, int) or not _is_branch(str(part))):
            path.append(part)  # a missing key: keep it, it names what is missing or unknown
            node = None
            continue
        else:
            continue
        path.append(part)
    return tuple(path)


def _is_branch(name: str) -> bool:
    return name.startswith(("function-", "tagged-", "constrained-", "lax-", "json-")) or name in (
        "str", "int", "float", "bool", "list", "dict", "date", "datetime", "none") or "[" in name


def problems_of(exc: ValidationError, loaded: Loaded) -> list[Problem]:
    """Pydantic's errors as positioned Vietnamese problems; the alternatives of
    one value ("a text or a number") become one problem."""
    grouped: dict[tuple, list[dict]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(_real_path(tuple(error["loc"]), loaded.data), []).append(error)
    problems: list[Problem] = []
    seen = set()
    for path, errors in grouped.items():
        kinds = [_KINDS[e["type"]] for e in errors if e["type"] in _KINDS]
        if len(errors) > 1 and len(kinds) == len(errors):
            messages = [f"cần {' hoặc '.join(dict.fromkeys(kinds))} ở đây."]
        else:
            messages = [_message(e) for e in errors]
        for error, message in zip(errors, messages):
            target = path[:-1] if error["type"] == "missing" else path
            found = loaded.problem(target, message)
            problem = Problem(found.message, found.file, found.line, found.column, format_path(path), found.severity)
            key = (problem.line, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems
