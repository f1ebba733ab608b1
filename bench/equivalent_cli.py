"""The equivalent-stack CLI kehoach's cold start is compared with: Typer + PyYAML + pydantic + Jinja2.

What a Python developer would write for the same job, plainly: parse the YAML, validate it with
pydantic models of the same shape, render document.xml with Jinja2, zip it, write it atomically.
No lazy imports, no tricks: the usual way such a CLI is written.

    python bench/equivalent_cli.py render data/dong-tuyen-2024.yaml -o /tmp/x.docx
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Annotated, Any, Optional, Union

import jinja2
import typer
import yaml
from pydantic import BaseModel, ConfigDict, Field

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class CoQuan(Loose):
    chu_quan: list[str] = Field(default_factory=list)
    ten: list[str]


class NgayKy(Loose):
    ngay: Optional[int] = None
    thang: Optional[int] = None
    nam: Optional[int] = None


class Y(Loose):
    noi_dung: str
    y: list[Union[str, "Y"]] = Field(default_factory=list)


class HoatDong(Loose):
    noi_dung: Optional[str] = None
    chu_tri: Optional[str] = None
    phoi_hop: Union[str, list[str], None] = None
    thoi_gian: Any = None


class KinhPhi(Loose):
    nguon: str
    so_tien: Optional[int] = None


class Muc(Loose):
    tieu_de: Optional[str] = None
    don_vi: Optional[str] = None
    noi_dung: Optional[str] = None
    doan: list[str] = Field(default_factory=list)
    y: list[Union[str, Y]] = Field(default_factory=list)
    hoat_dong: list[HoatDong] = Field(default_factory=list)
    kinh_phi: list[KinhPhi] = Field(default_factory=list)
    nhiem_vu: list[str] = Field(default_factory=list)
    muc: list["Muc"] = Field(default_factory=list)


class NguoiKy(Loose):
    thay_mat: Optional[str] = None
    quyen_han: Optional[str] = None
    cap_truong: Optional[str] = None
    chuc_vu: Optional[str] = None
    ho_ten: str


class Plan(Loose):
    bien: dict[str, Any] = Field(default_factory=dict)
    co_quan: CoQuan
    so: Optional[Any] = None
    ky_hieu: str
    dia_danh: str
    nam: int
    ngay_ky: Optional[NgayKy] = None
    trich_yeu: str
    can_cu: list[str] = Field(default_factory=list)
    mo_dau: list[str] = Field(default_factory=list)
    phan: list[Muc]
    ket_thuc: list[str] = Field(default_factory=list)
    noi_nhan: list[str]
    nguoi_ky: NguoiKy


TEMPLATE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
{%- macro p(text, bold=False) -%}
<w:p><w:r>{% if bold %}<w:rPr><w:b/></w:rPr>{% endif %}<w:t xml:space="preserve">{{ text | e }}</w:t></w:r></w:p>
{%- endmacro -%}
{%- macro muc(m, label) -%}
{{ p(label ~ " " ~ (m.tieu_de or m.don_vi or m.noi_dung or ""), true) }}
{%- for d in m.doan %}{{ p(d) }}{% endfor -%}
{%- for y in m.y %}{{ p("- " ~ (y if y is string else y.noi_dung)) }}{% endfor -%}
{%- for h in m.hoat_dong %}{{ p("- " ~ h.noi_dung) }}{% endfor -%}
{%- for c in m.muc %}{{ muc(c, label ~ loop.index ~ ".") }}{% endfor -%}
{%- endmacro -%}
{% for line in plan.co_quan.ten %}{{ p(line | upper, true) }}{% endfor -%}
{{ p("KẾ HOẠCH", true) }}{{ p(plan.trich_yeu, true) }}
{%- for d in plan.mo_dau %}{{ p(d) }}{% endfor -%}
{%- for m in plan.phan %}{{ muc(m, loop.index ~ ".") }}{% endfor -%}
{{ p("Nơi nhận:", true) }}{% for n in plan.noi_nhan %}{{ p("- " ~ n ~ ";") }}{% endfor -%}
{{ p(plan.nguoi_ky.ho_ten, true) }}
</w:body></w:document>"""


@app.command()
def render(
    plan: Annotated[Path, typer.Argument(help="plan")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="output")] = None,
    force: Annotated[bool, typer.Option("--force", help="overwrite")] = False,
) -> None:
    """Render a plan."""
    data = yaml.load(plan.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    model = Plan.model_validate(data)
    environment = jinja2.Environment(autoescape=False)
    xml = environment.from_string(TEMPLATE).render(plan=model)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    target = output or plan.with_suffix(".docx")
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_bytes(buffer.getvalue())
    os.replace(temp, target)
    typer.echo(f"wrote {target}")


@app.command()
def check(document: Annotated[Path, typer.Argument(help="document")]) -> None:
    """A second command, so the CLI is a group like kehoach's."""
    typer.echo(str(document))


if __name__ == "__main__":
    app()
