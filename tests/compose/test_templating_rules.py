"""The sandbox, rule by rule: what a clerk's text may use, and the exact text it prints."""

from __future__ import annotations

import pytest

from kehoach.compose.templating import TemplateProblem, needs_rendering, render_text

CONTEXT = {"nam": 2025, "ten": "Xã A & B <Đông>"}


def test_values_print_as_written_never_html_escaped():
    assert render_text("{% if nam %}{{ ten }}{% endif %}", CONTEXT) == "Xã A & B <Đông>"
    assert render_text("{{ ten }}", CONTEXT) == "Xã A & B <Đông>"


def test_a_trailing_line_break_of_a_statement_text_is_dropped_like_jinja_does():
    assert render_text("{% if nam %}có{% endif %}\n", CONTEXT) == "có"


def test_a_comment_is_rendered_away():
    assert needs_rendering("{# ghi chú #}") and render_text("a{# ghi chú #}b", CONTEXT) == "ab"


def test_no_python_global_is_reachable_even_as_a_value():
    for name in ("lipsum", "cycler", "joiner", "namespace", "range", "dict"):
        with pytest.raises(TemplateProblem, match=f"biến `{name}` chưa được khai báo"):
            render_text(f"{{{{ {name}|string }}}}", CONTEXT)


def test_only_harmless_tests_are_allowed():
    assert render_text("{% if ten is defined and x is undefined %}có{% endif %}", CONTEXT) == "có"
    assert render_text("{% if nam is number and ten is string and none is none %}có{% endif %}",
                       {**CONTEXT, "none": None}) == "có"
    with pytest.raises(TemplateProblem):
        render_text("{% if ten is callable %}có{% endif %}", CONTEXT)


def test_an_undefined_variable_names_the_known_ones_or_says_there_are_none():
    with pytest.raises(TemplateProblem) as info:
        render_text("{{ ten_xa|upper }}", CONTEXT)
    assert "biến `ten_xa` chưa được khai báo" in str(info.value) and "`nam`, `ten`" in str(info.value)
    with pytest.raises(TemplateProblem) as info:
        render_text("{{ ten_xa }}", {})
    assert str(info.value).endswith("hoặc dùng một biến đã có: (chưa có biến nào).")


def test_statements_other_than_if_and_raw_are_refused_by_name():
    with pytest.raises(TemplateProblem, match=r"lệnh `\{% for %\}` không dùng được"):
        render_text("{% for x in ten %}{{ x }}{% endfor %}", CONTEXT)
    with pytest.raises(TemplateProblem, match=r"lệnh `\{% set %\}` không dùng được"):
        render_text("{%- set x = 1 %}", CONTEXT)
    assert render_text("{% raw %}{{ ten }}{% endraw %}", CONTEXT) == "{{ ten }}"


def test_a_broken_expression_says_how_to_write_one():
    with pytest.raises(TemplateProblem, match="viết sai"):
        render_text("{{ ten + }}", CONTEXT)
    with pytest.raises(TemplateProblem, match="không tính được"):
        render_text("{{ nam // 0 }}", CONTEXT)
    with pytest.raises(TemplateProblem, match="không được phép"):
        render_text("{{ ten.center(5) }}", CONTEXT)
