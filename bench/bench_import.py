"""Speed of ``kehoach import`` on a ten-page plan, against opening the same file.

    pip install -e .
    python bench/bench_import.py [--quick]

The plan: data/dong-tuyen-2024.yaml (five pages rendered) with its body
written twice and its first two parts a third time, rendered by kehoach: eleven
pages of A4 (LibreOffice counts 11; the issue asks for ten) with the header table, headings,
bullets, the signature table. Measured in one process, warm:

- floor: python-docx opening the file and reading every paragraph's text
  (what any reader of the file must pay);
- kehoach import: the whole import from the .docx to the plan file's text
  (open, read formats, recognise, write the YAML) and its validation, as
  ``kehoach import`` does it, without the final file write.

Then the same for a Quyết định with the plan it issues (the sample, rendered), and for
three real Word files (two plans with appendices, a Báo cáo), each against its own floor.

Target: under one second for the import (issue 16); the ratio to the floor
says how much the recognition itself costs. Medians of several runs.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "dong-tuyen-2024.yaml"


def median_ms(func, repeat: int) -> float:
    func()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def ten_pages(folder: Path) -> Path:
    from kehoach.api import load_plan_text, render_bytes

    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data["phan"] = data["phan"] * 2 + data["phan"][:2]
    path = folder / "muoi-trang.docx"
    path.write_bytes(render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))))
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    repeat = 3 if parser.parse_args().quick else 15

    import docx

    from kehoach.importing import _validate, read_plan_data
    from kehoach.importing.yaml_out import dump

    with tempfile.TemporaryDirectory() as work:
        source = ten_pages(Path(work))

        def floor() -> None:
            document = docx.Document(str(source))
            for paragraph in document.paragraphs:
                paragraph.text  # noqa: B018 - reading is the point
            for table in document.tables:
                for cell in table._cells:
                    cell.text  # noqa: B018

        def kehoach_import() -> None:
            data, notes, _ = read_plan_data(source, str(source))
            text, _ = dump(data, notes, [])
            _validate(text, "muoi-trang.yaml")

        paragraphs = len(docx.Document(str(source)).paragraphs)
        print(f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()} "
              f"{platform.release()}")
        print(f"\nimport of a ten-page plan ({paragraphs} body paragraphs, {source.stat().st_size:,} bytes), "
              "median ms")
        base = median_ms(floor, repeat)
        ours = median_ms(kehoach_import, repeat)
        print(f"  floor (python-docx: open, read every text)  {base:8.1f}")
        print(f"  kehoach import (to a validated plan file)    {ours:8.1f}   {ours / base:.2f} x floor   "
              f"(target < 1000 ms)")
        # The other kinds and the real Word files, each against the floor of the same file: a Quyết định
        # with the plan it issues (one more validation to settle its "(Ban hành kèm theo …)" lines), real
        # plans with appendices, a real Báo cáo.
        others = [("Quyết định + kế hoạch kèm theo (mẫu)", _rendered(Path(work), ROOT / "data" /
                                                                  "dong-tuyen-2024.quyet-dinh.yaml"))]
        real = ROOT / "tests" / "fixtures"
        others += [(name, real / folder / name) for folder, name in (
            ("real-plans", "ke-hoach-thuc-hien-de-an-08.docx"),
            ("real-plans", "KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx"),
            ("real-documents", "BC-1883-DKT_8.4.2026_Ket-qua-kiem-tra-chap-hanh.docx"))]
        worst = ours
        for name, path in others:
            def floor_of(path=path) -> None:
                document = docx.Document(str(path))
                for paragraph in document.paragraphs:
                    paragraph.text  # noqa: B018
                for table in document.tables:
                    for cell in table._cells:
                        cell.text  # noqa: B018

            def import_of(path=path) -> None:
                data, notes, _ = read_plan_data(path, str(path))
                _validate(dump(data, notes, [])[0], "nhap.yaml")

            base_of, ours_of = median_ms(floor_of, repeat), median_ms(import_of, repeat)
            worst = max(worst, ours_of)
            print(f"  {name[:44]:44} {ours_of:8.1f}   {ours_of / base_of:.2f} x its floor ({base_of:.1f})")
        if worst >= 1000:
            sys.exit(1)


def _rendered(folder: Path, plan: Path) -> Path:
    from kehoach.api import load_plan, render_bytes

    path = folder / (plan.stem + ".docx")
    path.write_bytes(render_bytes(load_plan(plan)))
    return path


if __name__ == "__main__":
    main()
