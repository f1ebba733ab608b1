"""The plan a Quyết định issues (``ke_hoach:``), read and validated.

Either the name of a plan file beside the Quyết định (the plan stays the one
source: it renders on its own, or attached here), or the plan written in
place under ``ke_hoach:``, which takes the header, the variables and the
layout of the Quyết định for whatever it does not say itself. A named file
must sit in the Quyết định's folder or below it: a path that leaves it is
refused, as is anything but a .yaml file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kehoach.errors import InvalidInput, Problem
from kehoach.plan.located import Loaded, format_path
from kehoach.plan.loader import load_file
from kehoach.plan.model import Plan
from kehoach.plan.validation import validate

# What a plan written in place takes from its Quyết định when it does not say it.
INHERITED = ("bien", "co_quan", "dia_danh", "nam", "ngay_ky", "noi_nhan", "nguoi_ky", "trinh_bay")
PREFIX = ("ke_hoach",)


@dataclass
class Attached:
    plan: Plan
    loaded: Loaded
    warnings: list[Problem] = field(default_factory=list)
    inherited: tuple[str, ...] = ()  # keys a plan written in place takes from its Quyết định

    def own(self, problems: list[Problem]) -> list[Problem]:
        """The problems of the plan itself: an inherited key was judged where the Quyết định writes it."""
        return [p for p in problems if not p.path or re.split(r"[.\[]", p.path, maxsplit=1)[0] not in self.inherited]


def attached_plan(plan: Plan, loaded: Loaded) -> Attached:
    """The plan issued by the Quyết định ``plan``; InvalidInput with every problem."""
    value = plan.ke_hoach
    if value is None:
        raise InvalidInput([loaded.problem((), "quyết định ban hành kế hoạch cần khóa `ke_hoach`: tên tệp kế hoạch "
                                                "(ví dụ `ke_hoach: ke-hoach-2025.yaml`) hoặc nội dung kế hoạch; "
                                                "quyết định không ban hành kế hoạch thì ghi các điều (`dieu`).")])
    if isinstance(value, str):
        return _from_file(value, loaded)
    return _in_place(value, loaded)


def _from_file(name: str, loaded: Loaded) -> Attached:
    folder = Path(loaded.file).resolve().parent
    where = loaded.problem(PREFIX, "")
    relative = Path(name.strip())

    def refuse(message: str) -> InvalidInput:
        return InvalidInput([replace(where, message=message)])

    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise refuse(f"`{name}`: hãy ghi tên tệp kế hoạch nằm cùng thư mục với quyết định (hoặc thư mục con), "
                     "không ghi đường dẫn tuyệt đối hay `..`.")
    if relative.suffix.lower() not in (".yaml", ".yml"):
        raise refuse(f"`{name}`: kế hoạch kèm theo là một tệp .yaml.")
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder):  # a link that leads out of the folder
        raise refuse(f"`{name}`: tệp này nằm ngoài thư mục của quyết định.")
    if not target.is_file():
        raise refuse(f"không tìm thấy tệp kế hoạch `{name}` cạnh quyết định. Hãy kiểm tra lại tên tệp.")
    stat = target.stat()
    attached = _load_file(str(target), os.path.relpath(target), stat.st_mtime_ns, stat.st_size)
    if attached.plan.loai != "ke-hoach":
        raise refuse(f"`{name}` là một văn bản loại `{attached.plan.loai}`, không phải kế hoạch.")
    return attached


@lru_cache(maxsize=8)
def _load_file(path: str, shown: str, _mtime_ns: int, _size: int) -> Attached:
    """Read once per batch: every row of a table attaches the same file."""
    from kehoach.plan.text import legacy_encodings

    loaded = load_file(path, collect=True)
    loaded.file = shown
    found = loaded.problems + legacy_encodings(loaded, False)
    plan = validate(loaded)
    if any(p.severity == "loi" for p in found):
        raise InvalidInput(found)
    return Attached(plan, loaded, found)


def _in_place(data: dict, loaded: Loaded) -> Attached:
    merged = {key: loaded.data[key] for key in INHERITED if key in loaded.data and key not in data}
    merged.update(data)
    size = len(PREFIX)
    sub = Loaded(merged, {path[size:]: pos for path, pos in loaded.positions.items() if path[:size] == PREFIX},
                 loaded.file, {path[size:]: span for path, span in loaded.spans.items() if path[:size] == PREFIX},
                 loaded.text)
    for key in merged:  # an inherited key is reported where the Quyết định writes it
        if key not in data and (key,) in loaded.positions:
            sub.positions[(key,)] = loaded.positions[(key,)]
    try:
        plan = validate(sub)
    except InvalidInput as exc:
        raise InvalidInput([_prefixed(p, data) for p in exc.problems]) from None
    return Attached(plan, _PrefixedLoaded(sub, tuple(data)), [], tuple(key for key in merged if key not in data))


def _prefixed(problem: Problem, data: dict) -> Problem:
    """A problem of the plan in place, named by its path in the Quyết định."""
    if problem.path and problem.path.split(".")[0].split("[")[0] in data:
        return replace(problem, path=format_path(PREFIX) + "." + problem.path)
    return problem


class _PrefixedLoaded(Loaded):
    """The plan in place as a Loaded whose problems name their path in the Quyết định."""

    def __init__(self, sub: Loaded, own: tuple) -> None:
        super().__init__(sub.data, sub.positions, sub.file, sub.spans, sub.text, sub.problems)
        self._own = own

    def problem(self, path, message: str, severity: str = "loi", code: str = "") -> Problem:
        found = super().problem(path, message, severity, code)
        return _prefixed(found, dict.fromkeys(self._own))
