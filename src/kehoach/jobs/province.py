"""A batch for every unit of a province, from the official list: ``kehoach batch PLAN --tinh "Lào Cai"``,
and the list as a table to start from: ``kehoach danh-muc``.

Each unit of the province in the list in force on the plan's signing date
becomes one row, whose variables give its official name and kind:

    ten_xa, loai_xa, ma_xa    "Cốc San", "xã", "02746" (the statistics office's code)
    don_vi                    "xã Cốc San"
    ten_tinh, loai_tinh       "Lào Cai", "tỉnh"
    ten_huyen, loai_huyen     (list before 01/7/2025 only) "Lào Cai", "thành phố"

A table may add columns for some units (signer, number…); its rows are
joined to the units by ``ma_xa`` (the official code) or else by ``ten_xa``
(and ``loai_xa`` when two units share a name). A row that matches no unit
is an error at its row and column, with the closest official name.

A plan written with its own variable names (``{{ ten_phuong }}``, ``{{ loai }}``)
names them for the columns: ``--bien ten_phuong=ten_xa --bien loai=loai_xa``
(``variable_names``). The columns keep their own names too.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from pathlib import Path
from typing import Any

from kehoach.errors import InvalidInput, Problem
from kehoach.jobs.communes import FILE_NAME_COLUMN, Row, read_table
from kehoach.units.names import fold_key, spelling_key

CODE, NAME, KIND = "ma_xa", "ten_xa", "loai_xa"
# Every column a unit of the list gives (the district's only in the list before 01/7/2025).
COLUMNS = (CODE, NAME, KIND, "don_vi", "ten_tinh", "loai_tinh", "ten_huyen", "loai_huyen")
_VARIABLE = re.compile(r"[a-z_][a-z0-9_]*")
OPTION = "--bien"


def variable_names(pairs: list[str] | None) -> dict[str, str]:
    """``["ten_phuong=ten_xa", …]`` → {"ten_phuong": "ten_xa"}: the clerk's variable for a column of the list."""
    names: dict[str, str] = {}
    problems = []
    for pair in pairs or ():
        variable, equals, column = (part.strip() for part in pair.partition("="))
        if not equals or not variable or not column:
            problems.append(f"`{pair}`: cần dạng TÊN_BIẾN=CỘT, ví dụ `{OPTION} ten_phuong=ten_xa`.")
        elif column not in COLUMNS:
            problems.append(f"`{column}` không phải một cột của danh mục. Các cột: {', '.join(COLUMNS)}.")
        elif not _VARIABLE.fullmatch(variable):
            problems.append(f"tên biến `{variable}` chỉ gồm chữ thường không dấu, số và '_'.")
        elif variable in COLUMNS:
            problems.append(f"`{variable}` đã là tên một cột của danh mục (dùng được ngay trong kế hoạch); "
                            "hãy đặt tên khác cho biến của bạn.")
        elif variable in names:
            problems.append(f"biến `{variable}` được đặt hai lần (`{names[variable]}` và `{column}`).")
        else:
            names[variable] = column
    if problems:
        raise InvalidInput([Problem(message, OPTION) for message in problems])
    return names


def signing_day(data: Any) -> dt.date:
    """The signing date of a plan's raw data (the 1st of the month when only the month is known)."""
    from pydantic import ValidationError

    from kehoach.plan.model import NgayKy, signing_date

    year = data.get("nam") if isinstance(data, dict) and isinstance(data.get("nam"), int) else dt.date.today().year
    try:
        ngay_ky = NgayKy.model_validate(data["ngay_ky"]) if isinstance(data, dict) and data.get("ngay_ky") else None
    except ValidationError:
        ngay_ky = None
    day, month, year = signing_date(ngay_ky, year)
    if month is None and year == 2025:
        return dt.date(2025, 7, 1)  # unknown month of 2025: the list a province batch is most likely for
    return dt.date(year, month or 1, day or 1)


def find_province(name: str, day: dt.date):
    """The province named, in the list in force on ``day``; an error with the closest names otherwise."""
    from kehoach.units import catalogue

    units = catalogue.list_on(day)
    province = units.province(name)
    if province is not None:
        return units, province
    if units.new and (old := [u for u in catalogue.old_list().provinces if fold_key(u.name) == fold_key(name)]):
        merged = catalogue.successors(old[0])[0]
        raise InvalidInput([Problem(f"{old[0].full} đã hợp nhất vào {merged.full} từ ngày 01/7/2025: dùng "
                                    f"`--tinh \"{merged.name}\"`.", "--tinh")])
    names = [p.name for p in units.provinces]
    close = [n for n in names if fold_key(n) == fold_key(name)] or difflib.get_close_matches(name, names, n=2,
                                                                                              cutoff=0.6)
    hint = f" Có phải {' hay '.join(f'`{n}`' for n in close)}?" if close else ""
    raise InvalidInput([Problem(f"không có tỉnh, thành phố `{name}` trong danh mục đơn vị hành chính áp dụng "
                                f"{units.label}.{hint} Các tỉnh, thành phố: {', '.join(names)}.", "--tinh")])


def unit_cells(unit, new: bool) -> dict[str, str]:
    province = unit.province
    cells = {NAME: unit.name, KIND: unit.kind, CODE: unit.code, "don_vi": unit.full,
             "ten_tinh": province.name, "loai_tinh": province.kind}
    if not new and unit.district is not None:
        cells.update(ten_huyen=unit.district.name, loai_huyen=unit.district.kind)
    return cells


def province_rows(name: str, data: Any, table: Path | None,
                  variables: dict[str, str] | None = None) -> tuple[list[Row], str]:
    """One row per unit of the province (joined with the table's rows), and the name to report rows under.

    ``variables``: the clerk's own names for columns of the list (``variable_names``)."""
    units, province = find_province(name, signing_day(data))
    members = units.children(province)
    variables = variables or {}
    if missing := [f"`{c}`" for c in variables.values() if c in ("ten_huyen", "loai_huyen") and units.new]:
        raise InvalidInput([Problem(f"danh mục đơn vị hành chính áp dụng {units.label} không có cấp huyện: không có "
                                    f"cột {', '.join(dict.fromkeys(missing))}.", OPTION)])
    extra: dict[int, Row] = {}
    if table is not None:
        extra = _join(members, list(read_table(table)), table, province, units)
    rows = []
    for i, unit in enumerate(members):
        cells = unit_cells(unit, units.new)
        # under bien: even a name the plan uses for a field (`loai`) is the clerk's variable here
        cells.update({f"bien.{variable}": cells[column] for variable, column in variables.items() if column in cells})
        cells[FILE_NAME_COLUMN] = unit.full
        joined = extra.get(id(unit))
        if joined is None:  # numbered as in the table `kehoach danh-muc` writes (the header is line 1)
            rows.append(Row(i + 2, cells, {}))
            continue
        cells.update({k: v for k, v in joined.cells.items() if str(v).strip()})
        rows.append(Row(joined.number, cells, joined.columns))
    return rows, str(table) if table is not None else f"danh mục {province.full}"


def _code(value: Any) -> str:
    text = str(value).strip()
    return text.zfill(5) if text.isdigit() else text  # Excel drops the leading zeros of 02746


def _join(members: list, rows: list[Row], table: Path, province, units) -> dict[int, Row]:
    by_code = {u.code: u for u in members}
    by_name: dict[str, list] = {}
    for unit in members:
        by_name.setdefault(spelling_key(unit.name), []).append(unit)
    joined: dict[int, Row] = {}
    problems = []
    for row in rows:
        code, name = str(row.cells.get(CODE, "")).strip(), str(row.cells.get(NAME, "")).strip()
        kind = str(row.cells.get(KIND, "")).strip().lower()
        if code:
            found = [by_code[_code(code)]] if _code(code) in by_code else []
            column, shown = CODE, code
        elif name:
            found = [u for u in by_name.get(spelling_key(name), []) if not kind or u.kind == kind]
            column, shown = NAME, name
        else:
            problems.append(Problem(f"dòng này không có `{CODE}` hay `{NAME}` để ghép với một đơn vị của "
                                    f"{province.full}.", str(table), row.number, 1))
            continue
        if len(found) == 1 and id(found[0]) not in joined:
            joined[id(found[0])] = row
            continue
        if len(found) > 1:
            message = (f"{province.full} có {len(found)} đơn vị tên `{shown}` "
                       f"({', '.join(u.full for u in found)}): thêm cột `{KIND}` hoặc dùng `{CODE}`.")
        elif found:
            message = f"{found[0].full} đã có ở một dòng trước của bảng."
        else:
            close = units.similar(shown, None, province) if column == NAME else []
            hint = f" Có phải `{close[0].name}` ({close[0].full})?" if close else _former(shown, members, units)
            message = (f"`{shown}` không phải một đơn vị của {province.full} trong danh mục đơn vị hành chính "
                       f"áp dụng {units.label}.{hint} Xem `kehoach danh-muc --tinh \"{province.name}\"`.")
        problems.append(Problem(message, str(table), row.number, row.columns.get(column) or None,
                                f"cột `{column}`"))
    if problems:
        raise InvalidInput(problems)
    return joined


def _former(name: str, members: list, units) -> str:
    """" Đơn vị cũ, nay thuộc xã Cốc San." for a unit of the old list that went into one of ``members``."""
    from kehoach.units import catalogue

    if not units.new:
        return ""
    ours = {id(u) for u in members}
    for old in catalogue.old_list().named(name, None):
        news = [u for u in catalogue.successors(old) if id(u) in ours]
        if news and old.level == 3:
            where = old.where()
            return f" {where[:1].upper()}{where[1:]} là đơn vị cũ, từ ngày 01/7/2025 thuộc {news[0].full}."
    return ""


# --------------------------------------------------------------- danh-muc --


def unit_table(name: str | None, before_reform: bool) -> str:
    """The list (one province, or all) as CSV text, with the columns a batch table uses."""
    from kehoach.units import catalogue

    units = catalogue.old_list() if before_reform else catalogue.new_list()
    if name is not None:
        _, province = find_province(name, dt.date(2025, 6, 30) if before_reform else catalogue.REFORM)
        members = units.children(province)
    else:
        members = [u for u in units.units if u.level == 3]
    header = [CODE, NAME, KIND, "ten_tinh", "loai_tinh"] + ([] if units.new else ["ten_huyen", "loai_huyen"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for unit in members:
        cells = unit_cells(unit, units.new)
        writer.writerow([cells.get(h, "") for h in header])
    return out.getvalue()
