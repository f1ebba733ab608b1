"""Read a plan file into plain data, keeping the position of every node.

The file is untrusted: it is read with PyYAML's *safe* composer only (no tag
can build a Python object), its size, the number of nodes and characters
that aliases may expand to and the depth of nesting are bounded, an alias of
its own ancestor and a bad merge key are user errors, duplicate keys are refused (PyYAML would silently
keep the last one), and all text is normalised to Unicode NFC (TCVN
6909:2001). Positions are 1-based ``(line, column)`` keyed by the path of
the node, e.g. ``("phan", 0, "muc", 1)``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kehoach.errors import InvalidInput, Problem
from kehoach.plan.files import read_bounded
from kehoach.plan.located import Loaded, PathKey, format_path
from kehoach.plan.text import control_characters

# libyaml's parser when PyYAML was built with it (most wheels are): the same
# safe composer, several times faster. Both give node positions.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BASE_LOADER):
    """The safe loader, resolving most tags without its regular expressions.

    The composer asks for the tag of every node. A quoted text, or a plain one whose first character
    starts none of the safe resolvers' patterns (a letter of a Vietnamese word: "Thực hiện…"), is a
    text; groups and lists are what they are. Anything else is resolved as PyYAML does."""

    _FIRST = frozenset(key for key in yaml.SafeLoader.yaml_implicit_resolvers if key)
    _PLAIN = not yaml.SafeLoader.yaml_path_resolvers and None not in yaml.SafeLoader.yaml_implicit_resolvers

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self._PLAIN:
            if kind is ScalarNode:
                if not implicit[0] or (value and value[0] not in self._FIRST):
                    return self.DEFAULT_SCALAR_TAG
            elif kind is MappingNode:
                return self.DEFAULT_MAPPING_TAG
            elif kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)


_SAFE_LOADER = _SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_NUMBER_DIGITS = 30  # converting a 10^6-digit number takes Python minutes (3.10) or is refused (3.11+)
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000  # after alias expansion (a real plan has a few hundred): a "billion laughs" stops here
# Characters of text after alias expansion: a thousand aliases of one long
# text are few nodes but hundreds of MB; without aliases a file holds at most
# MAX_FILE_BYTES characters, so twice that leaves room for honest reuse.
MAX_CHARS = 2 * MAX_FILE_BYTES
MAX_DEPTH = 64  # groups within groups; a real plan nests about ten deep

def _too_large(size: int, file: str) -> None:
    raise InvalidInput([Problem(
        f"tệp quá lớn ({size:,} byte); một kế hoạch không vượt quá {MAX_FILE_BYTES:,} byte. "
        "Hãy kiểm tra lại có đúng tệp kế hoạch không.".replace(",", "."), file)])


def read_text(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM), CRLF line ends, NFC."""
    if len(raw) > MAX_FILE_BYTES:
        _too_large(len(raw), file)
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InvalidInput([Problem(
            "đây là một tệp Word (hoặc tệp nén), không phải tệp kế hoạch .yaml. Hãy chỉ tệp .yaml; "
            "muốn kiểm tra thể thức một văn bản Word thì dùng `kehoach check`.", file, 1, 1)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput([Problem(
            "tệp được lưu bằng mã UTF-16 (Unicode của Notepad cũ). Hãy mở tệp bằng Notepad, chọn "
            "'Lưu thành' (Save As) và chọn mã hóa UTF-8.", file, 1, 1)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput([Problem(
            "tệp không được mã hóa UTF-8. Hãy mở tệp bằng Notepad, chọn "
            "'Lưu thành' (Save As) và chọn mã hóa UTF-8.", file, line, column)]) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    problems = control_characters(text, file)
    if problems:
        raise InvalidInput(problems)
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.count = 0
        self.chars = 0
        self.open: set[int] = set()  # ids of the nodes being built: an alias of an ancestor is a loop
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []
        self.spans: dict[PathKey, tuple[int, int]] = {}

    def _mark(self, node: Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _refuse(self, node: Node, message: str) -> InvalidInput:
        line, column = self._mark(node)
        return InvalidInput([Problem(message, self.file, line, column)])

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._refuse(node, "tệp có quá nhiều phần tử (có thể do dùng bí danh '*' lồng nhau). "
                                     "Hãy viết trực tiếp nội dung thay vì dùng bí danh.")
        if len(path) > MAX_DEPTH:
            raise self._refuse(node, f"các nhóm lồng nhau quá sâu (quá {MAX_DEPTH} cấp). Hãy viết phẳng hơn.")
        if id(node) in self.open:
            raise self._refuse(node, "bí danh `*` trỏ vào chính nhóm đang chứa nó (vòng lặp không có điểm dừng). "
                                     "Hãy viết trực tiếp nội dung thay vì dùng bí danh.")
        self.positions.setdefault(path, self._mark(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self.open.add(id(node))
        try:
            return self._collection(node, path)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: Node, path: PathKey) -> Any:
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                return self._bad_tag(node, path)
            result: dict[Any, Any] = {}
            try:
                self.constructor.flatten_mapping(node)
            except ConstructorError as exc:  # `<<: 5`: a merge key needs a group of keys
                mark = exc.problem_mark or node.start_mark
                raise InvalidInput([Problem(
                    "khóa gộp `<<` chỉ nhận một nhóm khóa (hoặc bí danh của một nhóm khóa), ví dụ `<<: *chung`.",
                    self.file, mark.line + 1, mark.column + 1)]) from None
            except RecursionError:  # a group merged into itself
                raise self._refuse(node, "khóa gộp `<<` trỏ vào chính nhóm đang chứa nó. Hãy viết trực tiếp "
                                         "nội dung.") from None
            for key_node, value_node in node.value:
                key = self.build(key_node, path + ("<khóa>",))
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    line, column = self._mark(key_node)
                    self.problems.append(Problem(
                        "tên khóa phải là chữ (ví dụ `trich_yeu`).", self.file, line, column, format_path(path)))
                    continue
                key = str(key)
                if key in result:
                    line, column = self._mark(key_node)
                    first = self.positions.get(path + (key,), (None, None))[0]
                    self.problems.append(Problem(
                        f"khóa `{key}` bị lặp lại (đã có ở dòng {first}). Hãy xóa một trong hai "
                        "hoặc gộp nội dung lại.", self.file, line, column, format_path(path + (key,))))
                    continue
                # A value problem points at a scalar value itself; a block value
                # (a list, a group of keys) is pointed at by its key.
                anchor = value_node if isinstance(value_node, ScalarNode) and value_node.value != "" else key_node
                self.positions[path + (key,)] = self._mark(anchor)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._bad_tag(node, path)
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self._bad_tag(node, path)  # pragma: no cover - PyYAML composes only these three kinds

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            limit = f"{MAX_CHARS:,}".replace(",", ".")
            raise self._refuse(node, f"nội dung của tệp, sau khi thay các bí danh `*`, dài quá {limit} ký tự. "
                                     "Hãy viết trực tiếp nội dung thay vì lặp lại bí danh của một đoạn dài.")
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if node.tag == _STR_TAG:  # most plan values: no constructor needed
            return node.value
        if node.tag in (_INT_TAG, _FLOAT_TAG) and len(node.value) > MAX_NUMBER_DIGITS:
            line, column = self._mark(node)
            self.problems.append(Problem(f"số có quá {MAX_NUMBER_DIGITS} chữ số; không có số nào trong kế hoạch dài "
                                         "như vậy. Nếu đây là chữ, hãy đặt trong dấu nháy kép.",
                                         self.file, line, column, format_path(path)))
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            return self._bad_tag(node, path)
        if isinstance(value, bytes):
            return self._bad_tag(node, path)
        if isinstance(value, int) and not isinstance(value, bool) and not node.style \
                and node.value.strip() != str(value):
            # 0204 is octal to YAML (132), 1_000 is 1000: the clerk's digits would be changed silently.
            line, column = self._mark(node)
            self.problems.append(Problem(
                f"`{node.value}` không có dấu nháy nên YAML đọc thành số {value}, khác với chữ số đã viết. "
                f"Hãy viết trong dấu nháy: \"{node.value}\".", self.file, line, column, format_path(path)))
            return node.value
        return value

    def _bad_tag(self, node: Node, path: PathKey) -> None:
        line, column = self._mark(node)
        self.problems.append(Problem(
            f"kiểu dữ liệu `{node.tag}` không được phép trong tệp kế hoạch. Hãy xóa thẻ `!` "
            "và viết giá trị bình thường.", self.file, line, column, format_path(path)))
        return None


def load_yaml(text: str, file: str, *, collect: bool = False) -> Loaded:
    """Parse YAML text into data plus positions; raise InvalidInput on any problem.

    With ``collect``, problems of individual nodes (a duplicate key, a refused
    tag) are kept in ``Loaded.problems`` instead, so that validation can add
    its own and the clerk sees them all at once; a file that cannot be parsed
    at all still raises."""
    try:
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise InvalidInput([_syntax_problem(exc, text, file)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks
        raise InvalidInput([Problem(f"tệp YAML không đọc được: {exc}", file)]) from None
    if root is None:
        raise InvalidInput([Problem(
            "tệp trống. Hãy dùng `kehoach init` để tạo tệp mẫu, hoặc chép một tệp trong `data/`.", file, 1, 1)])
    builder = _Builder(file)
    data = builder.build(root, ())
    if builder.problems and not collect:
        raise InvalidInput(builder.problems)
    return Loaded(data, builder.positions, file, builder.spans, text, builder.problems)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    source_line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    problem = exc.problem or ""
    value_start = source_line.split(": ", 1)[-1].lstrip(" -") if source_line else ""
    if value_start.startswith("{{") or value_start.startswith("{%"):
        message = ("nội dung bắt đầu bằng `{{` phải đặt trong dấu nháy kép, "
                   "ví dụ: \"{{ ten_xa }} là …\".")
    elif "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "found character '\\t'" in problem:
        message = "dòng này thụt lề bằng phím Tab. YAML chỉ cho phép dấu cách: hãy thay Tab bằng dấu cách."
    elif exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        # PyYAML reads on to the end of the file; the quote that is never closed is where it opened.
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        quote = "'" if text[exc.context_mark.index:exc.context_mark.index + 1] == "'" else '"'
        kind = "nháy đơn" if quote == "'" else "nháy kép"
        message = f"dấu {kind} `{quote}` mở ở đây chưa được đóng. Hãy thêm dấu `{quote}` ở cuối nội dung."
    elif (quote := _unclosed_quote(text, line or 0)) is not None:
        line, column = quote
        message = "dấu nháy kép `\"` mở ở đây chưa được đóng. Hãy thêm dấu `\"` ở cuối nội dung."
    elif "mapping values are not allowed" in problem and column is not None \
            and column - 1 > source_line.find(": ") >= 0:
        message = ("nội dung có dấu hai chấm `: `. Hãy đặt cả nội dung trong dấu nháy kép, ví dụ: "
                   "trich_yeu: \"Kế hoạch: phòng chống thiên tai\".")
    elif "mapping values are not allowed" in problem:
        message = "thụt lề không thẳng hàng: dòng này lùi vào khác các dòng cùng cấp ở trên. Hãy sửa cho thẳng cột."
    elif "could not find expected ':'" in problem:
        message = "thiếu dấu hai chấm `:` sau tên khóa, hoặc một dòng nội dung bị xuống dòng sai thụt lề."
    elif "found undefined alias" in problem:
        message = "bí danh `*` chưa được định nghĩa bằng `&` ở phía trên."
    elif "expected <block end>" in problem or "did not find expected" in problem:
        message = "thụt lề không thẳng hàng. Các mục cùng cấp phải bắt đầu ở cùng một cột."
    elif "found unexpected end of stream" in problem or "while scanning a quoted scalar" in (exc.context or ""):
        message = "thiếu dấu nháy đóng. Hãy kiểm tra dấu \" hoặc ' đã được đóng lại."
    else:
        message = f"cú pháp YAML sai ({problem}). Hãy kiểm tra thụt lề và dấu hai chấm ở dòng này."
    return Problem(message, file, line, column)


def _unclosed_quote(text: str, upto: int) -> tuple[int, int] | None:
    """The first line before ``upto`` whose double-quoted value is never closed."""
    for number, line in enumerate(text.split("\n")[:upto], start=1):
        stripped = line.split("#", 1)[0] if '"' not in line.split("#", 1)[0] else line
        value = stripped.split(": ", 1)[1] if ": " in stripped else stripped.lstrip(" -")
        if value.startswith('"') and (value.replace('\\"', "").count('"') % 2 == 1):
            return number, line.index('"') + 1
    return None


def read_file(path: Path | str, what: str = "tệp kế hoạch") -> bytes:
    """A plan file's bytes (at most MAX_FILE_BYTES, from a regular file only),
    with every way of failing said in Vietnamese."""
    return read_bounded(path, MAX_FILE_BYTES, what)


def load_file(path: Path | str, *, collect: bool = False) -> Loaded:
    return load_yaml(read_text(read_file(path), str(path)), str(path), collect=collect)
