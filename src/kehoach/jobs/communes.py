"""Commune tables for ``kehoach batch``: CSV, a YAML list, or an Excel sheet.

Each row gives what differs for one commune. A column is, by its header:

- ``ten_tep``: the output file name (without ``.docx``), when the commune
  name is not the one wanted;
- a key of the plan (``so``, ``dia_danh``, ``noi_nhan``…) or a dotted path
  (``nguoi_ky.ho_ten``, ``co_quan.ten[1]``, ``bien.ten_xa``): that field is
  replaced;
- any other name (``ten_xa``, ``cap_tren``…): a variable, as if written
  under ``bien:``.

An empty cell changes nothing. A cell for a list (``noi_nhan``, ``can_cu``…)
holds one item per line (Alt+Enter in Excel), or items separated by ``|``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.errors import InvalidInput, Problem

FILE_NAME_COLUMN = "ten_tep"
# Vietnam has about 10,000 communes (3,300 since 2025) and a table needs a few
# columns; an Excel sheet may claim a million rows and 16,384 columns.
MAX_TABLE_ROWS = 20_000
MAX_TABLE_COLUMNS = 200
MAX_EXCEL_BYTES = 20_000_000
_SEGMENT = re.compile(r"^([a-z_][a-z0-9_]*)((?:\[\d+\])*)$")


@dataclass
class Row:
    number: int  # row as a spreadsheet shows it (CSV or sheet); the header is row 1
    cells: dict[str, Any]
    columns: dict[str, int] = field(default_factory=dict)  # header -> 1-based column


def parse_path(header: str) -> tuple[str | int, ...]:
    """``nguoi_ky.ho_ten`` → ("nguoi_ky", "ho_ten"); ``co_quan.ten[1]`` → (…, "ten", 1)."""
    parts: list[str | int] = []
    for segment in header.split("."):
        match = _SEGMENT.match(segment)
        if not match:
            raise ValueError(header)
        parts.append(match[1])
        parts += [int(i) for i in re.findall(r"\[(\d+)\]", match[2])]
    return tuple(parts)


def read_table(path: Path | str) -> Iterator[Row]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        yield from _yaml_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _excel_rows(path)
    else:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[Row]:
    from kehoach.plan.loader import read_file

    raw = read_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([Problem("bảng không được mã hóa UTF-8. Trong Excel hãy chọn 'Lưu thành' → "
                                    "'CSV UTF-8 (phân cách bằng dấu phẩy)'.", str(path))]) from None
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    header = next(reader, None)
    if not header:
        raise InvalidInput([Problem("bảng trống: dòng đầu phải là tên các cột, ví dụ ten_xa,nguoi_ky.ho_ten.",
                                    str(path), 1, 1)])
    header = [h.strip().lstrip("\ufeff") for h in header]
    columns = {name: i + 1 for i, name in enumerate(header) if name}
    # The row as a spreadsheet shows it (header = row 1): a cell with line breaks
    # spans several lines of the file but is one row in Excel.
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise InvalidInput([Problem(f"dòng có {len(values)} ô nhưng bảng chỉ có {len(header)} cột. Nội dung có "
                                        "dấu phẩy thì đặt trong dấu nháy kép.", str(path), number, len(header) + 1)])
        cells = {name: values[i - 1] for name, i in columns.items() if i - 1 < len(values)}
        yield Row(number, cells, columns)


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV (doubled quotes ``""`` inside a quoted cell) with the separator
    the header uses: comma, semicolon (Excel in Vietnamese locale) or tab.

    Not csv.Sniffer: it sees one line, guesses quoting it cannot see, and
    read ``"Nói ""có"", rồi đi"`` as other cells."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    separator = max(counts, key=lambda sep: (counts[sep], sep == ","))

    class Dialect(csv.excel):
        delimiter = separator

    return Dialect


def _guarded(rows: Iterator, broken) -> Iterator:
    """openpyxl's rows, a broken sheet (bad XML, bad cell) said as a user error."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds for a broken sheet
            raise broken(exc) from None
        yield row


def _yaml_rows(path: Path) -> Iterator[Row]:
    from kehoach.plan.loader import load_file

    loaded = load_file(path)
    data = loaded.data
    if isinstance(data, dict) and isinstance(data.get("xa"), list):
        data, prefix = data["xa"], ("xa",)
    else:
        prefix = ()
    if not isinstance(data, list):
        raise InvalidInput([loaded.problem((), "bảng YAML là một danh sách, mỗi xã một mục (có thể đặt dưới khóa "
                                               "`xa:`).")])
    for i, item in enumerate(data):
        line, _ = loaded.position(prefix + (i,))
        if not isinstance(item, dict):
            raise InvalidInput([loaded.problem(prefix + (i,), "mỗi xã là một nhóm khóa, ví dụ `ten_xa: Đồng Tuyển`.")])
        yield Row(line or i + 1, {str(k): v for k, v in item.items()}, {str(k): 0 for k in item})


def _excel_rows(path: Path) -> Iterator[Row]:
    try:
        import openpyxl
    except ImportError:
        raise InvalidInput([Problem("đọc tệp Excel cần gói openpyxl: pip install 'kehoach[excel]'. Hoặc lưu bảng "
                                    "thành CSV UTF-8.", str(path))]) from None
    from kehoach.docx.package import check_xml_parts, open_zip
    from kehoach.plan.files import read_bounded

    file = str(path)
    data = read_bounded(path, MAX_EXCEL_BYTES, "một bảng Excel")
    check_xml_parts(open_zip(data, file, "tệp Excel"), file)  # bounded members, no DTD in any part

    def broken(exc: Exception) -> InvalidInput:
        return InvalidInput([Problem(f"không đọc được tệp Excel ({type(exc).__name__}): tệp hỏng. Hãy mở bằng Excel "
                                     "rồi lưu lại, hoặc lưu bảng thành CSV UTF-8.", file)])

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The sheet's declared size is not trusted: "A1:XFD1048576" in 5 KB made
        # openpyxl pad every row to 16,384 cells and walk a million rows.
        sheet.reset_dimensions()
        rows = _guarded(sheet.iter_rows(max_row=MAX_TABLE_ROWS + 1, max_col=MAX_TABLE_COLUMNS + 1,
                                        values_only=True), broken)
        header = next(rows, None)
    except InvalidInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise broken(exc) from None
    if not header or not any(h not in (None, "") for h in header):
        raise InvalidInput([Problem("trang tính đầu tiên trống: dòng 1 phải là tên các cột.", file, 1, 1)])
    if len(header) > MAX_TABLE_COLUMNS and header[MAX_TABLE_COLUMNS] not in (None, ""):
        raise InvalidInput([Problem(f"bảng có quá {MAX_TABLE_COLUMNS} cột; một bảng các xã chỉ cần vài cột. Hãy "
                                    "xóa các cột thừa.", file, 1, MAX_TABLE_COLUMNS + 1)])
    columns = {str(h).strip(): i + 1 for i, h in enumerate(header) if h is not None and str(h).strip()}
    for number, values in enumerate(rows, start=2):
        if number > MAX_TABLE_ROWS:
            raise InvalidInput([Problem(f"bảng có dữ liệu (hoặc định dạng) quá dòng {MAX_TABLE_ROWS:,}; cả nước chỉ "
                                        "có khoảng 10.000 xã. Hãy xóa các dòng thừa ở cuối trang tính."
                                        .replace(",", "."), file, number, 1)])
        if not any(v not in (None, "") for v in values):
            continue
        cells = {}
        for name, i in columns.items():
            value = values[i - 1] if i - 1 < len(values) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cells[name] = "" if value is None else value
        yield Row(number, cells, columns)
    workbook.close()
