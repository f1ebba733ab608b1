"""Untrusted input: hostile YAML, template injection, legacy text, huge files."""

from __future__ import annotations

import tracemalloc

import pytest

from kehoach.api import load_plan, load_plan_text, prepare_loaded, render_bytes
from kehoach.errors import InvalidInput
from kehoach.plan.loader import MAX_FILE_BYTES
from kehoach.compose.templating import TemplateProblem, render_text

from tests.conftest import open_docx
from tests.plans import MINIMAL

CONTEXT = {"nam": 2025, "ten_xa": "Hòa Bình"}

INJECTIONS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ten_xa|attr('__class__') }}",
    "{{ ten_xa._TemplateReference__context }}",
    "{{ config.items() }}",
    "{{ range(10**9)|list }}",
    "{{ 'a' * 1000000000 }}",
    "{{ ten_xa.center(100000000) }}",
    "{{ ten_xa.format(1) }}",
    "{% for x in range(100) %}{% for y in range(100) %}z{% endfor %}{% endfor %}",
    "{% set x = ten_xa %}{{ x }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% macro m() %}{% endmacro %}",
    "{{ ten_xa|replace('a', ten_xa) }}",
]


@pytest.mark.parametrize("source", INJECTIONS)
def test_template_injection_fails_safely(source):
    with pytest.raises(TemplateProblem) as info:
        render_text(source, CONTEXT)
    message = str(info.value)
    assert message and "Traceback" not in message
    assert any(word in message for word in ("không được phép", "không dùng được", "chưa được khai báo", "viết sai"))


def test_plain_variables_and_if_still_work():
    assert render_text("xã {{ ten_xa }} năm {{ nam }}", CONTEXT) == "xã Hòa Bình năm 2025"
    assert render_text("{{ ten_xa|upper }} {{ ten_xa.lower() }}", CONTEXT) == "HÒA BÌNH hòa bình"
    assert render_text("{% if nam > 2024 %}mới{% else %}cũ{% endif %}", CONTEXT) == "mới"
    assert render_text("{{ nam_truoc | default(nam - 1) }}", CONTEXT) == "2024"


def test_injection_in_a_plan_names_the_field():
    text = MINIMAL.replace("Một ý", '"{{ cycler.__init__.__globals__ }}"')
    with pytest.raises(InvalidInput) as info:
        prepare_loaded(load_plan_text(text, "k.yaml"))
    (problem,) = info.value.problems
    assert problem.path == "phan[0].y[0].noi_dung" and problem.line == 13 and "không được phép" in problem.message


def test_billion_laughs_is_refused_fast_with_flat_memory(tmp_path, monkeypatch):
    path = tmp_path / "lol.yaml"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    path.write_text("\n".join(lines), encoding="utf-8")
    # Work is bounded by counting, not timing (speed lives in bench/): the
    # reader gives up after MAX_NODES nodes instead of expanding 9**10 of them.
    from kehoach.plan import loader

    calls = 0
    real_build = loader._Builder.build

    def counting_build(self, node, path):
        nonlocal calls
        calls += 1
        return real_build(self, node, path)

    monkeypatch.setattr(loader._Builder, "build", counting_build)
    with pytest.raises(InvalidInput) as info:
        load_plan(path)
    assert "bí danh" in info.value.problems[0].message
    assert calls <= loader.MAX_NODES + 1
    tracemalloc.start()
    with pytest.raises(InvalidInput):
        load_plan(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"trich_yeu: " + b"a" * (MAX_FILE_BYTES + 10))
    with pytest.raises(InvalidInput) as info:
        load_plan(path)
    assert "quá lớn" in info.value.problems[0].message


def test_yaml_tags_never_construct_objects(tmp_path):
    marker = tmp_path / "pwned"
    for tag in (f"!!python/object/apply:os.system ['touch {marker}']",
                f"!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
                "!!python/name:os.system", "!!set {a, b}", "!custom x"):
        with pytest.raises(InvalidInput) as info:
            load_plan_text(MINIMAL.replace("so: 5", f"so: {tag}"))
        assert "không được phép" in info.value.problems[0].message
    assert not marker.exists()


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert load_plan(path).plan.trich_yeu == "Phòng chống thiên tai năm {{ nam }}"


def test_text_is_normalised_to_nfc():
    decomposed = "Pho\u0300ng cho\u0302\u0301ng"  # "Phòng chống" in NFD, as some Mac editors save
    result = load_plan_text(MINIMAL.replace("Phòng chống", decomposed))
    assert result.plan.trich_yeu.startswith("Phòng chống")


def test_legacy_text_converted_on_request():
    pytest.importorskip("viparse")
    text = MINIMAL.replace("Một ý", "Tæ chøc tuyªn truyÒn phßng chèng thiªn tai")
    with pytest.raises(InvalidInput) as info:
        load_plan_text(text)
    assert "TCVN3" in info.value.problems[0].message and "--chuyen-ma" in info.value.problems[0].message
    result = load_plan_text(text, convert_legacy=True)
    assert any("đã chuyển" in w.message for w in result.warnings)
    doc = open_docx(render_bytes(result))
    assert any(p.text == "- Tổ chức tuyên truyền phòng chống thiên tai" for p in doc.paragraphs)


def test_unicode_vietnamese_with_a_stray_symbol_is_not_legacy():
    pytest.importorskip("viparse")
    result = load_plan_text(MINIMAL.replace("Một ý", "Nhiệt độ trên 39°C ± 1, ông Müller hỗ trợ"))
    assert not result.warnings


@pytest.mark.parametrize("source", ["xã {{ ten_xa }} năm {{nam}}", "{{ ten_xa }}", "không có biến",
                                    "{{ ten_xa|upper }} {{ nam }}", "{% if nam %}{{ ten_xa }}{% endif %}"])
def test_plain_variables_render_exactly_as_jinja_would(source):
    from jinja2 import Environment, StrictUndefined

    expected = Environment(undefined=StrictUndefined).from_string(source).render(CONTEXT)
    assert render_text(source, CONTEXT) == expected


def test_plain_undefined_variable_has_the_same_message_as_jinja():
    with pytest.raises(TemplateProblem) as plain:
        render_text("{{ ten_huyen }}", CONTEXT)
    with pytest.raises(TemplateProblem) as jinja:
        render_text("{{ ten_huyen | upper }}", CONTEXT)
    assert str(plain.value) == str(jinja.value)
