"""Reading a plan file: the limits a clerk is promised, and where each problem is said to be.

The limits are the promised numbers, not read back from the loader: a plan file
of up to 1 000 000 bytes is read, and aliases may expand to 20 000 nodes at most.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kehoach.errors import InvalidInput
from kehoach.plan.loader import load_file, load_yaml, read_file, read_text
from kehoach.plan.located import format_path, iter_strings


def problems(call, *args, **kwargs):
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value.problems


def test_a_text_of_one_million_bytes_is_read_and_one_byte_more_is_refused():
    assert len(read_text(b"#" * 1_000_000, "k.yaml")) == 1_000_000
    (problem,) = problems(read_text, b"#" * 1_000_001, "k.yaml")
    assert problem.message.startswith("tệp quá lớn (1.000.001 byte); một kế hoạch không vượt quá 1.000.000 byte.")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "k.yaml"
    big.write_bytes(b"#" * 1_000_001)
    monkeypatch.setattr(os, "read", lambda *a: pytest.fail("read a file that is too large"))
    (problem,) = problems(read_file, big)
    assert "1.000.001 byte" in problem.message and problem.file == str(big)
    exact = tmp_path / "ok.yaml"
    exact.write_bytes(b"#" * 1_000_000)
    monkeypatch.undo()
    assert len(read_file(exact)) == 1_000_000


def test_twenty_thousand_nodes_are_read_and_one_more_is_refused_where_it_is():
    assert len(load_yaml("- a\n" * 19_999, "k.yaml").data) == 19_999  # the list and its items: 20 000 nodes
    (problem,) = problems(load_yaml, "- a\n" * 20_000, "k.yaml")
    assert "quá nhiều phần tử" in problem.message and (problem.line, problem.column) == (20_000, 3)


def test_groups_nest_64_deep_and_no_deeper():
    assert load_yaml("[" * 65 + "]" * 65, "k.yaml").data is not None  # the innermost list is 64 levels down
    (problem,) = problems(load_yaml, "[" * 66 + "]" * 66, "k.yaml")
    assert "quá sâu (quá 64 cấp)" in problem.message and (problem.line, problem.column) == (1, 66)


def test_text_after_aliases_is_two_million_characters_at_most():
    long = "x" * 999_999  # the key "a", the text, the key "b", the alias of the text: 2 000 000 characters
    assert len(load_yaml(f"a: &x {long}\nb: [*x]\n", "k.yaml").data["b"][0]) == 999_999
    (problem,) = problems(load_yaml, f"a: &x {long}\nbb: [*x]\n", "k.yaml")
    assert "dài quá 2.000.000 ký tự" in problem.message


def test_a_number_has_thirty_digits_at_most():
    assert load_yaml("a: " + "1" * 30, "k.yaml").data == {"a": int("1" * 30)}
    loaded = load_yaml("a: " + "1" * 31, "k.yaml", collect=True)
    (problem,) = loaded.problems
    assert problem.message.startswith("số có quá 30 chữ số") and (problem.line, problem.column) == (1, 4)


def test_positions_are_lines_and_columns_from_one():
    loaded = load_yaml("so: 5\nco_quan:\n  ten: [A, B]\ntrich_yeu:\n", "k.yaml")
    assert loaded.positions[("so",)] == (1, 5)
    assert loaded.positions[("co_quan",)] == (2, 1)  # a block value is pointed at by its key
    assert loaded.positions[("co_quan", "ten", 1)] == (3, 12)
    assert loaded.positions[("trich_yeu",)] == (4, 1)  # an empty value too
    assert loaded.position(("co_quan", "ten", 5, "x")) == (3, 3)  # the nearest ancestor that has one
    assert loaded.position(("khong_co",)) == (1, 1)  # the root
    assert loaded.spans[("so",)] == (4, 5)


def test_a_duplicate_key_names_the_line_of_the_first():
    (problem,) = problems(load_yaml, "so: 5\nnam: 2025\nso: 6\n", "k.yaml")
    assert "khóa `so` bị lặp lại (đã có ở dòng 1)" in problem.message
    assert (problem.line, problem.column, problem.path) == (3, 1, "so")


def test_keys_must_be_words_and_a_number_key_becomes_text():
    (problem,) = problems(load_yaml, "true: 5\n", "k.yaml")
    assert "tên khóa phải là chữ" in problem.message and (problem.line, problem.column) == (1, 1)
    assert load_yaml("2025: x\n", "k.yaml").data == {"2025": "x"}


@pytest.mark.parametrize("text", ["a: !!binary aGVsbG8=\n", "a: !!python/object:os.system x\n",
                                  "a: !!set {x}\n", "a: !custom [1]\n"])
def test_tags_that_build_objects_are_refused(text):
    (problem,) = problems(load_yaml, text, "k.yaml")
    assert "không được phép trong tệp kế hoạch" in problem.message and problem.line == 1


def test_collect_keeps_every_problem_for_the_validation_to_add_to():
    loaded = load_yaml("so: 5\nso: 6\nx: !!binary aGVsbG8=\n", "k.yaml", collect=True)
    assert [p.line for p in loaded.problems] == [2, 3] and loaded.data == {"so": 5, "x": None}


@pytest.mark.parametrize("raw, start", [
    (b"\xff\xfes\x00o\x00", "tệp được lưu bằng mã UTF-16"), (b"\xfe\xff\x00s\x00o", "tệp được lưu bằng mã UTF-16"),
    (b"PK\x03\x04rest", "đây là một tệp Word"), (b"\xd0\xcf\x11\xe0rest", "đây là một tệp Word"),
])
def test_files_that_are_not_plain_text_say_what_they_are(raw, start):
    (problem,) = problems(read_text, raw, "k.yaml")
    assert problem.message.startswith(start) and (problem.line, problem.column) == (1, 1)


def test_a_byte_that_is_not_utf8_is_pointed_at():
    (problem,) = problems(read_text, "so: 5\nten: B\xecnh\n".encode("latin-1"), "k.yaml")
    assert "không được mã hóa UTF-8" in problem.message and (problem.line, problem.column) == (2, 7)


def test_bom_and_every_line_end_are_read_as_one_text():
    assert read_text(b"\xef\xbb\xbfa: 1\r\nb: 2\rc: 3\n", "k.yaml") == "a: 1\nb: 2\nc: 3\n"
    assert read_text("Ho\u0300a".encode("utf-8"), "k.yaml") == "Hòa"  # NFC


def test_paths_are_written_the_way_the_messages_show_them():
    assert format_path(("phan", 0, "muc", 12, "tieu_de")) == "phan[0].muc[12].tieu_de"
    assert format_path((3, "a")) == "[3].a" and format_path(()) == ""


def test_every_text_is_found_with_where_it_sits():
    data = {"a": "x", "b": [1, "y", {"c": "z"}], "d": None}
    found = [(path, text) for path, text, _, _ in iter_strings(data)]
    assert found == [(("a",), "x"), (("b", 1), "y"), (("b", 2, "c"), "z")]
    assert list(iter_strings("x")) == []


def test_missing_file_folder_and_unreadable_file_are_said_in_vietnamese(tmp_path, monkeypatch):
    (problem,) = problems(read_file, tmp_path / "khong-co.yaml")
    assert problem.message.startswith("không tìm thấy tệp")
    (problem,) = problems(read_file, tmp_path)
    assert problem.message.startswith("đây là một thư mục")
    locked = tmp_path / "k.yaml"
    locked.write_text("so: 5\n", encoding="utf-8")

    def denied(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    (problem,) = problems(read_file, locked)
    assert problem.message == "không đọc được tệp (không có quyền truy cập)."


def test_load_file_reads_decodes_and_parses(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_bytes(b"\xef\xbb\xbfso: 5\r\n")
    loaded = load_file(plan)
    assert loaded.data == {"so": 5} and loaded.file == str(plan) and loaded.text == "so: 5\n"


SYNTAX = [  # what the clerk wrote, where the message points, how it starts
    ("jinja", "a: 1\nb: {{ ten }} x\n", (2, 14), "nội dung bắt đầu bằng `{{` phải đặt trong dấu nháy kép"),
    ("jinja statement", "a: 1\nb: {% if x %}y{% endif %}\n", (2, 5), "nội dung bắt đầu bằng `{{`"),
    ("tab", "a:\n\tb: 1\n", (2, 1), "dòng này thụt lề bằng phím Tab"),
    ("double quote never closed", "a: 1\nb: \"mở\nc: 2\n", (2, 4), "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("single quote never closed", "a: 1\nb: 'mở\nc: 2\n", (2, 4), "dấu nháy đơn `'` mở ở đây chưa được đóng"),
    ("double quote closed by a later one", "a: 1\nb: \"x\nc: 1\nd: \"y\" z\n", (2, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("an escaped quote does not close", "a: \"x \\\" y\nb: 1\nc: \"y\" z\n", (1, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a quote in a list item", "- \"x\n- 1\n- \"y\" z\n", (1, 3), "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a # inside the quotes is no comment", "a: \"x # y\nb: 1\nc: \"y\" z\n", (1, 4),
     "dấu nháy kép `\"` mở ở đây chưa được đóng"),
    ("a colon in the text", "a: 1\nb: Kế hoạch: phòng chống\n", (2, 12), "nội dung có dấu hai chấm `: `"),
    ("a line indented too far", "a:\n  b: 1\n   c: 2\n", (3, 5), "thụt lề không thẳng hàng: dòng này lùi vào"),
    ("a key without its colon", "a: 1\nb\nc: 2\n", (3, 1), "thiếu dấu hai chấm `:` sau tên khóa"),
    ("an alias never defined", "a: *x\n", (1, 4), "bí danh `*` chưa được định nghĩa"),
    ("a line indented too little", "a:\n  - 1\n b: 2\n", (3, 2), "thụt lề không thẳng hàng. Các mục cùng cấp"),
    ("anything else", "a: 1\n%bad\n", (2, 5), "cú pháp YAML sai (found unknown directive name)"),
]


@pytest.mark.parametrize("name, text, where, start", SYNTAX, ids=[s[0] for s in SYNTAX])
def test_each_syntax_mistake_is_named_where_it_is(name, text, where, start):
    (problem,) = problems(load_yaml, text, "k.yaml")
    assert problem.message.startswith(start) and (problem.line, problem.column) == where


def test_a_comment_with_a_quote_after_a_value_is_not_an_open_quote():
    (problem,) = problems(load_yaml, "a: 1 # ghi chú \"\nb: \"x\nc: 1\nd: \"y\" z\n", "k.yaml")
    assert (problem.line, problem.column) == (2, 4)


def test_a_group_that_contains_itself_is_refused_where_it_starts():
    (problem,) = problems(load_yaml, "a: &x\n  b: *x\n", "k.yaml")
    assert "trỏ vào chính nhóm đang chứa nó" in problem.message and (problem.line, problem.column) == (1, 4)


def test_merge_keys_merge_and_a_merge_of_a_number_is_pointed_at():
    assert load_yaml("c: &c {x: 1}\nd:\n  <<: *c\n  y: 2\n", "k.yaml").data["d"] == {"x": 1, "y": 2}
    (problem,) = problems(load_yaml, "a: 1\nd:\n  <<: 5\n", "k.yaml")
    assert problem.message.startswith("khóa gộp `<<` chỉ nhận một nhóm khóa") and (problem.line, problem.column) == (3, 7)


def test_a_bad_byte_right_after_a_first_empty_line_is_at_its_column():
    (problem,) = problems(read_text, b"\n\xff", "k.yaml")
    assert (problem.line, problem.column) == (2, 1)
