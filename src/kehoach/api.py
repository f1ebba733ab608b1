"""The library's entry points: one function per job, no printing.

    load_plan(path)            -> Loaded + Plan (raises InvalidInput)
    render_document(path, out) -> the path written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.compose import compose
from kehoach.docx_writer import write_docx
from kehoach.loader import Loaded, load_file, load_yaml, read_text
from kehoach.model import Plan
from kehoach.output import write_atomic
from kehoach.validation import validate


@dataclass
class LoadedPlan:
    loaded: Loaded
    plan: Plan


def load_plan(path: Path | str) -> LoadedPlan:
    loaded = load_file(path)
    return LoadedPlan(loaded, validate(loaded))


def load_plan_text(text: str, file: str = "<văn bản>") -> LoadedPlan:
    loaded = load_yaml(read_text(text.encode("utf-8"), file), file)
    return LoadedPlan(loaded, validate(loaded))


def check_plan(path: Path | str) -> LoadedPlan:
    """Everything ``render`` would refuse, without writing: load, validate, compose."""
    result = load_plan(path)
    compose(result.plan, result.loaded)
    return result


def render_bytes(result: LoadedPlan) -> bytes:
    return write_docx(compose(result.plan, result.loaded))


def default_output(path: Path | str) -> Path:
    return Path(path).with_suffix(".docx")


def render_document(path: Path | str, output: Path | str | None = None) -> Path:
    result = load_plan(path)
    data = render_bytes(result)
    target = Path(output) if output else default_output(path)
    write_atomic(target, data)
    return target
