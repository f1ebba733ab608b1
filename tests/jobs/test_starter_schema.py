"""kehoach init and kehoach schema."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.plan.loader import load_file
from kehoach.plan.schema import generate, packaged_schema_text, schema_text

from kehoach.api import load_plan_text
from tests.conftest import DATA, open_docx, render_path
from tests.plans import every_key_plans

runner = CliRunner()


def _json_ready(node):
    """YAML data as a JSON document would carry it (dates as text)."""
    if isinstance(node, dict):
        return {k: _json_ready(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_json_ready(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    return node


def test_init_writes_a_commented_plan_that_validates_and_renders(tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    result = runner.invoke(app, ["init", str(target), "--ten-xa", "Tả Phìn", "--nam", "2026",
                                 "--cap-tren", "tỉnh Lào Cai"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=kehoach.schema.json"
    assert (tmp_path / "kehoach.schema.json").read_text(encoding="utf-8") == packaged_schema_text()
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) > 30
    titles = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  - tieu_de:")]
    assert titles == ["Mục đích, yêu cầu", "Nội dung", "Kinh phí thực hiện", "Tổ chức thực hiện", "Chế độ báo cáo"]
    assert runner.invoke(app, ["validate", "--strict", str(target)]).exit_code == 0
    document = open_docx(render_path(target))
    texts = [p.text for p in document.paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "V. CHẾ ĐỘ BÁO CÁO: Các đơn vị có liên quan báo cáo kết quả thực " \
        "hiện 6 tháng (trước ngày 05/6) và năm (trước ngày 05/12) về UBND xã để tổng hợp, báo cáo cấp trên theo " \
        "quy định." in texts
    header = document.tables[0].rows[0].cells[0].text
    assert "XÃ TẢ PHÌN" in header


def test_init_never_overwrites(tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    target.write_text("của tôi", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1 and "không bao giờ ghi đè" in result.output
    assert target.read_text(encoding="utf-8") == "của tôi"


def test_init_quotes_whatever_the_commune_name_is(tmp_path):
    target = tmp_path / "k.yaml"
    assert runner.invoke(app, ["init", str(target), "--ten-xa", 'Hòa "Bình": #1', "--nam", "2026"]).exit_code == 0
    assert load_file(target).data["bien"]["ten_xa"] == 'Hòa "Bình": #1'


def test_schema_is_valid_json_schema_with_vietnamese_help():
    schema = generate()
    jsonschema.Draft202012Validator.check_schema(schema)
    definitions = [schema, *schema["$defs"].values()]
    for definition in definitions:
        assert definition["title"] and definition["description"]
        body = definition["anyOf"][0] if "anyOf" in definition else definition
        for key, prop in body.get("properties", {}).items():
            assert prop["title"] != key.replace("_", " ").title(), key
            assert prop["description"], key
    assert any(ch in schema["properties"]["trich_yeu"]["title"] for ch in "ếữ")


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_every_sample(path):
    jsonschema.validate(_json_ready(load_file(path).data), generate())


_SCHEMA = None


def _schema():
    global _SCHEMA
    _SCHEMA = _SCHEMA or generate()
    return _SCHEMA


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(every_key_plans(), st.data())
def test_the_schema_accepts_what_the_validator_accepts(plan, data):
    # An editor that marks as wrong a plan kehoach renders sends the clerk looking for a mistake that is not
    # there. Every plan of the generator (every key, every kind), in its long and its short forms.
    if "kinh_gui" in plan:
        recipients = plan["kinh_gui"] if isinstance(plan["kinh_gui"], list) else [plan["kinh_gui"]]
        plan["kinh_gui"] = data.draw(st.sampled_from([
            recipients, recipients[0], {"noi": recipients}, {"noi": recipients[0], "ghi_chu": "(Theo Kế hoạch)"}]))
    load_plan_text(yaml.safe_dump(plan, allow_unicode=True))  # the validator accepts it
    jsonschema.validate(_json_ready(plan), _schema())


def test_every_field_taking_a_text_for_a_list_says_so_in_the_schema():
    from pydantic import BeforeValidator

    from kehoach.plan import model
    from kehoach.plan.schema import LIST_FIELDS_ACCEPTING_TEXT

    for name in dir(model):
        cls = getattr(model, name)
        if isinstance(cls, type) and issubclass(cls, model.Base) and cls is not model.Base:
            for key, field in cls.model_fields.items():
                if any(isinstance(m, BeforeValidator) and m.func is model._as_list for m in field.metadata) \
                        and (name, key) != ("Plan", "mo_dau"):  # mo_dau's entries are models; generate() says so
                    assert (name, key) in LIST_FIELDS_ACCEPTING_TEXT, (name, key)


def test_schema_accepts_the_init_output(tmp_path):
    target = tmp_path / "k.yaml"
    runner.invoke(app, ["init", str(target), "--nam", "2026"])
    jsonschema.validate(_json_ready(load_file(target).data), generate())


def test_schema_rejects_a_typo_like_the_validator():
    data = _json_ready(load_file(DATA / "dong-tuyen-2024.yaml").data)
    data["trich_yue"] = data.pop("trich_yeu")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, generate())


def test_committed_schema_is_up_to_date():
    assert packaged_schema_text() == schema_text(), "run: kehoach schema -o src/kehoach/plan/kehoach.schema.json"


def test_schema_command(tmp_path):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "Kế hoạch"
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == schema_text()
