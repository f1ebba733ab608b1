"""Reading a plan file: the mistakes a clerk makes in YAML, each named where it is and said once.

A companion of test_loader_rules.py: each case below is a file as a clerk may write it
(a digit string without quotes, a text reused with an alias, a quote in a comment, a
line separator pasted from a web page), with the message and the place the clerk is promised.
"""

from __future__ import annotations

import pytest

from kehoach.errors import InvalidInput
from kehoach.plan.loader import load_file, load_yaml


def problems(text: str):
    with pytest.raises(InvalidInput) as info:
        load_yaml(text, "k.yaml")
    return info.value.problems


def the_problem(text: str):
    (problem,) = problems(text)
    return problem.message, (problem.line, problem.column)


def test_a_group_reused_by_its_alias_in_several_places_is_read_in_each():
    """An alias is a loop only inside the group it names; once that group is built, it may be reused freely."""
    text = "chung: &c\n  don_vi: Văn phòng\nmot: *c\nhai: *c\nba: [*c, *c]\n"
    data = load_yaml(text, "k.yaml").data
    assert data["mot"] == data["hai"] == data["ba"][0] == data["ba"][1] == {"don_vi": "Văn phòng"}


@pytest.mark.parametrize("written, read_as", [("0204", 132), ("1_000", 1000), ("+5", 5), ("0x1F", 31)])
def test_digits_yaml_would_change_are_kept_as_written_and_said(written, read_as):
    """0204 is octal to YAML (132): the clerk's number would change without a word; it is kept and named."""
    loaded = load_yaml(f"so: {written}\nnam: 2026\n", "k.yaml", collect=True)
    assert loaded.data == {"so": written, "nam": 2026}
    (problem,) = loaded.problems
    assert problem.message == (f"`{written}` không có dấu nháy nên YAML đọc thành số {read_as}, khác với chữ số "
                               f"đã viết. Hãy viết trong dấu nháy: \"{written}\".")
    assert (problem.line, problem.column, problem.path) == (1, 5, "so")
    with pytest.raises(InvalidInput):  # without collect, the file is refused
        load_yaml(f"so: {written}\n", "k.yaml")


def test_digits_in_quotes_or_yaml_own_spelling_are_read_without_a_word():
    loaded = load_yaml('so: "0204"\nnam: 2026\nam: -3\nle: 1.5\n', "k.yaml", collect=True)
    assert loaded.data == {"so": "0204", "nam": 2026, "am": -3, "le": 1.5} and loaded.problems == []


@pytest.mark.parametrize("tag", ["seq", "map", "set", "omap", "pairs"])
def test_a_single_word_tagged_as_a_list_or_a_group_is_refused(tag):
    loaded = load_yaml(f"a: 1\nb: !!{tag} x\n", "k.yaml", collect=True)
    assert loaded.data == {"a": 1, "b": None}
    (problem,) = loaded.problems
    assert problem.message.startswith(f"kiểu dữ liệu `tag:yaml.org,2002:{tag}` không được phép trong tệp kế hoạch")
    assert (problem.line, problem.column, problem.path) == (2, 4, "b")


@pytest.mark.parametrize("text", ["", "\n\n", "# chỉ có chú thích\n# thêm một dòng\n"])
def test_a_file_without_a_plan_is_said_to_be_empty_at_its_first_line(text):
    message, where = the_problem(text)
    assert message.startswith("tệp trống. Hãy dùng `kehoach init`") and where == (1, 1)


def test_load_file_refuses_a_duplicate_key_unless_asked_to_collect(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_text("so: 5\nso: 6\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_file(plan)
    assert [(p.line, p.column) for p in info.value.problems] == [(2, 1)]
    loaded = load_file(plan, collect=True)
    assert loaded.data == {"so": 5} and len(loaded.problems) == 1


SYNTAX = [  # what the clerk wrote, where the message points, how it starts
    ("a colon in the text of the last line, no line end after it", "a: 1\nb: Kế hoạch: phòng chống", (2, 12),
     "nội dung có dấu hai chấm `: `"),
    ("a colon in the text before a template", "trich_yeu: Kế hoạch: {{ ten_xa }}\n", (1, 20),
     "nội dung có dấu hai chấm `: `"),
    ("a template on the last line, no line end after it", "a: 1\nb: {{ ten }} x", (2, 14),
     "nội dung bắt đầu bằng `{{` phải đặt trong dấu nháy kép"),
    ("a colon in the value of an explicit key", "? a\n: b: c: d\n", (2, 7), "nội dung có dấu hai chấm `: `"),
    ("a key without a space after its colon, indented too far", "a:\n  b: 1\n   c:\n", (3, 5),
     "thụt lề không thẳng hàng: dòng này lùi vào"),
    ("a %YAML line written twice", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", (2, 1),
     "cú pháp YAML sai (found duplicate %YAML directive)"),
    ("a quote in a comment that has a colon", "# ví dụ: \"x\nb: \"y\nc: 1\nd: \"z\" w\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a quote right after a comment's #", "a: 1 # \"ghi chú\nb: \"x\nc: 1\nd: \"y\" z\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a closed quote with a colon inside", "a: \"Kế hoạch: phòng chống\"\nb: \"x\nc: 1\nd: \"y\" z\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a closed quote, then a comment with quotes", "a: \"x\" # ghi chú \"y\"\nb: \"x\nc: 1\nd: \"y\" z\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("an inch mark inside a text is no quote", "a: Màn hình 24\"\nb: \"x\nc: 1\nd: \"y\" z\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
]


@pytest.mark.parametrize("name, text, where, start", SYNTAX, ids=[s[0] for s in SYNTAX])
def test_each_syntax_mistake_is_named_where_it_is(name, text, where, start):
    message, at = the_problem(text)
    assert message.startswith(start) and at == where


@pytest.mark.parametrize("text", ["a: 1\u2028b: x: y", "a: 1\u2028b: x: y\n", "a: 1\u2029\u2029b: {{ x }} y",
                                  "a: \"x\u2028b: 1\nc: \"y\" z"])
def test_a_line_separator_pasted_from_a_web_page_gives_a_message_not_a_traceback(text):
    """YAML counts U+2028 and U+2029 as line ends, Python's split on "\\n" does not: the line YAML names
    may lie past the last "\\n"; the message is still said, in Vietnamese, at YAML's line."""
    message, (line, column) = the_problem(text)
    assert line >= 1 and column >= 1
    assert "Traceback" not in message and message.endswith(".")
