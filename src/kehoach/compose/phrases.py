"""The sentences kehoach writes from typed data, from ``templates/cau_van.j2``.

The template file is kehoach's own, so it renders in a plain (not sandboxed)
environment; plan values reach it only as macro arguments and are printed,
never evaluated. It ships inside the wheel as ``kehoach/templates``; in a
source checkout it is read from the top-level ``templates/`` folder.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined


def templates_dir() -> Path:
    packaged = resources.files("kehoach").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


@lru_cache(maxsize=1)
def _module() -> Any:
    env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    source = (templates_dir() / "cau_van.j2").read_text(encoding="utf-8")
    return env.from_string(source).module


def phrase(name: str, *args: Any) -> str:
    return str(getattr(_module(), name)(*args))
