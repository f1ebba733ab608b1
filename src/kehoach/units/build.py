"""Regenerate kehoach's copy of the official lists of administrative units.

    pip install --no-deps vietnamadminunits==1.0.4
    python -m kehoach.units.build            # rewrites src/kehoach/units/data/*.tsv
    python -m kehoach.units.build --check    # exit 1 if the shipped files differ

The source is the data of the ``vietnamadminunits`` package (MIT licence, ©
2025 Tran Ngoc Minh Hieu), built by its author from the national statistics
office's list (danhmuchanhchinh.gso.gov.vn) and the official merger map
(sapnhap.bando.com.vn). Its files are read directly from where pip put them
(``dataset.db``: the two lists; ``converter_2025.json``: which old unit went
into which new one). The package itself is never imported: its code loads
geopy, shapely and tqdm, which kehoach does not need. This script is not
used at run time; kehoach reads only the two small files it writes.

Three files, tab-separated, one unit a line, each under the line of the unit
above it (``T`` province, ``H`` district, ``X`` commune-level unit):

- ``truoc-2025.tsv``: the list in force until 30/6/2025 (63 provinces, 696
  districts, 10,035 communes, wards and towns). A province line ends with
  the code of the province it belongs to since 01/7/2025; a commune line
  (and a district line for an island district without communes) with the
  code(s) of the new unit(s) that took it over, the main one first.
- ``tu-2025.tsv``: the list in force since 01/7/2025 (34 provinces, 3,321
  communes, wards and special zones);
- ``tinh.tsv``: the provinces of both, so that a plan naming only its
  province is checked without reading either list.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

SOURCE = "vietnamadminunits"
HERE = Path(__file__).resolve().parent
OUT = HERE / "data"

_KINDS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu"}


def _source_files() -> tuple[str, Path, Path]:
    try:
        dist = metadata.distribution(SOURCE)
    except metadata.PackageNotFoundError:
        sys.exit(f"cần gói {SOURCE}: pip install --no-deps {SOURCE}==1.0.4")
    return (dist.version, Path(dist.locate_file(f"{SOURCE}/data/dataset.db")),
            Path(dist.locate_file(f"{SOURCE}/data/converter_2025.json")))


def _split(full: str) -> tuple[str, str]:
    """"Xã Đồng Tuyển" → ("xã", "Đồng Tuyển"); "Phường 1" keeps "1"."""
    # The full name decides the kind: the source's type column has a few slips
    # ("Phường Việt Hòa" typed "Xã"; the statistics office's list says phường).
    found = [k for k in _KINDS if full.lower().startswith(k + " ")]
    if not found:
        raise ValueError(f"unexpected unit name {full!r}")
    kind = max(found, key=len)
    name = full[len(kind) + 1:].strip()
    return kind, name


def _header(version: str, what: str) -> list[str]:
    return [f"# {what}",
            f"# Nguồn: gói {SOURCE} {version} (giấy phép MIT, © 2025 Tran Ngoc Minh Hieu), lập từ danh mục của",
            "# Tổng cục Thống kê (danhmuchanhchinh.gso.gov.vn) và bảng sắp xếp (sapnhap.bando.com.vn).",
            "# Tệp được sinh bởi `python -m kehoach.units.build`; đừng sửa tay."]


def build(version: str, db: Path, converter: Path) -> dict[str, str]:
    """The two files' texts, from the source's data files."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    new_rows = connection.execute(
        "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardShort, wardKey "
        "FROM admin_units ORDER BY provinceCode, wardCode").fetchall()
    old_rows = connection.execute(
        "SELECT provinceCode, province, provinceKey, districtCode, district, districtType, districtKey, "
        "wardCode, ward, wardType, wardShort, wardKey FROM admin_units_legacy "
        "ORDER BY provinceCode, districtCode, wardCode").fetchall()
    connection.close()
    mapping = json.loads(converter.read_text(encoding="utf-8"))

    new_province_code = {}
    new_ward_code = {}
    new_lines = _header(version, "Danh mục đơn vị hành chính từ ngày 01/7/2025 (34 tỉnh, thành phố; 3.321 xã, "
                                 "phường, đặc khu).")
    last = None
    for p_code, province, p_key, w_code, ward, w_kind, w_short, w_key in new_rows:
        if p_code != last:
            kind, name = _split(province)
            new_lines.append(f"T\t{p_code}\t{kind}\t{name}")
            new_province_code[p_key] = p_code
            last = p_code
        kind, name = _split(ward)
        new_lines.append(f"X\t{w_code}\t{kind}\t{name}")
        new_ward_code[(p_key, w_key)] = w_code

    province_of_old = {old: new for new, olds in mapping["DICT_PROVINCE"].items() for old in olds}
    successors: dict[str, list[str]] = {}
    for p_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for w_key, olds in wards.items():
            for old in olds:
                successors.setdefault(old, []).append(new_ward_code[(p_key, w_key)])
    for p_key, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            ordered = sorted(news, key=lambda n: (not n["isDefaultNewWard"], n["newWardKey"]))
            successors.setdefault(old, []).extend(new_ward_code[(p_key, n["newWardKey"])] for n in ordered)

    old_lines = _header(version, "Danh mục đơn vị hành chính trước ngày 01/7/2025 (63 tỉnh, thành phố; 696 "
                                 "huyện; 10.035 xã, phường, thị trấn), với đơn vị mới mà mỗi đơn vị nhập vào.")
    last_p = last_d = None
    for (p_code, province, p_key, d_code, district, d_kind, d_key, w_code, ward, w_kind, w_short,
         w_key) in old_rows:
        if p_code != last_p:
            kind, name = _split(province)
            old_lines.append(f"T\t{p_code}\t{kind}\t{name}\t{new_province_code[province_of_old[p_key]]}")
            last_p, last_d = p_code, None
        if d_code != last_d:
            kind, name = _split(district)
            line = f"H\t{d_code}\t{kind}\t{name}"
            if ward is None:  # an island district without communes: it became a special zone
                line += "\t" + ",".join(successors[f"{p_key}_{d_key}_"])
            old_lines.append(line)
            last_d = d_code
        if ward is None:
            continue
        kind, name = _split(ward)
        old_lines.append(f"X\t{w_code}\t{kind}\t{name}\t{','.join(successors[f'{p_key}_{d_key}_{w_key}'])}")
    provinces = ["# Các tỉnh, thành phố của hai danh mục (cu: trước ngày 01/7/2025, moi: từ ngày đó), để kiểm tra",
                 "# một tên tỉnh mà không phải đọc cả danh mục. Sinh cùng truoc-2025.tsv và tu-2025.tsv."]
    provinces += ["cu\t" + line[2:] for line in old_lines if line.startswith("T\t")]
    provinces += ["moi\t" + line[2:] for line in new_lines if line.startswith("T\t")]
    return {"truoc-2025.tsv": "\n".join(old_lines) + "\n", "tu-2025.tsv": "\n".join(new_lines) + "\n",
            "tinh.tsv": "\n".join(provinces) + "\n"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh lại danh mục đơn vị hành chính của kehoach.")
    parser.add_argument("--check", action="store_true", help="chỉ so sánh với tệp đang có")
    parser.add_argument("--out", type=Path, default=OUT, help="thư mục ghi (mặc định: thư mục dữ liệu của gói)")
    args = parser.parse_args(argv)
    files = build(*_source_files())
    differ = []
    for name, text in files.items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                differ.append(name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    if differ:
        print("khác với dữ liệu của gói nguồn: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
