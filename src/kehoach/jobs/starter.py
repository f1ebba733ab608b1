"""A new plan file to start from: ``kehoach init``.

The starter is ``templates/khoi_tao.yaml.j2``: the usual skeleton of a
commune Kế hoạch with every field explained in Vietnamese comments, valid
and ready to render; ``--loai`` gives the other kinds' starters
(``khoi_tao.quyet-dinh.yaml.j2``, ``…bao-cao…``, ``…cong-van…``), each as
valid and renderable as it is. Next to it goes the JSON Schema, named in the file's
first line, so that VS Code (YAML extension) completes keys and shows help.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from kehoach.errors import OutputError
from kehoach.jobs.output import write_atomic
from kehoach.compose.phrases import templates_dir
from kehoach.plan.schema import PACKAGED_NAME, packaged_schema_text


KINDS = ("ke-hoach", "quyet-dinh", "bao-cao", "cong-van")
DEFAULT_NAMES = {kind: f"{kind}.yaml" for kind in KINDS}


def template_name(kind: str) -> str:
    return "khoi_tao.yaml.j2" if kind == "ke-hoach" else f"khoi_tao.{kind}.yaml.j2"


def starter_text(*, ten_xa: str, nam: int, cap_tren: str, file_name: str, schema: str, kind: str = "ke-hoach") -> str:
    env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    # Values from the command line become YAML double-quoted strings: whatever
    # a clerk types as the commune name cannot break the file.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    template = env.from_string((templates_dir() / template_name(kind)).read_text(encoding="utf-8"))
    return template.render(ten_xa=ten_xa, nam=nam, cap_tren=cap_tren, file_name=file_name, schema=schema)


def write_starter(target: Path | str | None, *, ten_xa: str, nam: int, cap_tren: str,
                  kind: str = "ke-hoach") -> list[Path]:
    """Write the starter of ``kind`` (never over an existing file) and the schema beside it."""
    if kind not in KINDS:
        raise OutputError(f"`--loai {kind}`: loại văn bản là một trong {', '.join(KINDS)}.")
    target = Path(target) if target is not None else Path(DEFAULT_NAMES[kind])
    if target.exists():
        raise OutputError(f"{target}: tệp đã có; kehoach init không bao giờ ghi đè. Hãy chọn tên khác.")
    if not 2000 <= nam <= 2100:
        raise OutputError(f"năm {nam} nằm ngoài khoảng 2000–2100.")
    written = []
    text = starter_text(ten_xa=ten_xa, nam=nam, cap_tren=cap_tren, file_name=target.name, schema=PACKAGED_NAME,
                        kind=kind)
    write_atomic(target, text.encode("utf-8"))
    written.append(target)
    schema = target.with_name(PACKAGED_NAME)
    if not schema.exists():
        write_atomic(schema, packaged_schema_text().encode("utf-8"))
        written.append(schema)
    return written
