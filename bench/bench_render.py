"""kehoach's speed, measured against the floor and a peer in the same run.

    pip install -e . -r bench/requirements.txt
    python bench/bench_render.py [--quick]

Compares, on the same plan (data/dong-tuyen-2024.yaml) and in one process:

- kehoach: the whole render, warm, from the YAML text to the .docx bytes
  (load, validate, content checks, compose, write);
- floor: the fastest way to make the same document: yaml.load with libyaml,
  one Jinja2 template that writes word/document.xml from the raw data, and a
  minimal zip package (fonts, sizes and header table left out);
- docxtpl: a docxtpl template of comparable content, rendered with the same
  data (what a Python user would otherwise pick).

Then the batch of 3,321 communes (every commune-level unit since 1 July
2025), and the cold start of `kehoach render` and `kehoach --help` next to a
bare `python -c pass` on the same machine. Every figure is the median of
several runs; ratios are computed within this run only.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "dong-tuyen-2024.yaml"
COMMUNES = 3321


def median_ms(func, repeat: int, number: int) -> float:
    func()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        runs.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(runs)


# --------------------------------------------------------------- kehoach --

def kehoach_render(text: str) -> bytes:
    from kehoach.api import load_plan_text, render_bytes

    return render_bytes(load_plan_text(text))


# ----------------------------------------------------------------- floor --

FLOOR_DOCUMENT = jinja2.Template("""\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
{%- macro p(text, bold=False) -%}
<w:p><w:r>{% if bold %}<w:rPr><w:b/></w:rPr>{% endif %}<w:t xml:space="preserve">{{ text | e }}</w:t></w:r></w:p>
{%- endmacro -%}
{%- macro items(list, mark) -%}{% for y in list %}{% if y is string %}{{ p(mark ~ " " ~ y) }}{% else %}\
{{ p(mark ~ " " ~ y.noi_dung) }}{{ items(y.y or [], "+") }}{% endif %}{% endfor %}{%- endmacro -%}
{%- macro muc(m, label) -%}
{{ p(label ~ " " ~ (m.tieu_de or m.don_vi or "") ~ (": " ~ m.noi_dung if m.noi_dung else ""), true) }}
{%- for d in m.doan or [] %}{{ p(d) }}{% endfor -%}
{{ items(m.y or [], "-") }}{{ items(m.nhiem_vu or [], "-") }}
{%- for k in m.kinh_phi or [] %}{{ p(k.nguon) }}{% endfor -%}
{%- for c in m.muc or [] %}{{ muc(c, label ~ loop.index ~ ".") }}{% endfor -%}
{%- endmacro -%}
{% for line in plan.co_quan.ten %}{{ p(line | upper, true) }}{% endfor -%}
{{ p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true) }}{{ p("Độc lập - Tự do - Hạnh phúc", true) }}
{{- p("Số:      /" ~ plan.ky_hieu) }}{{ p(plan.dia_danh ~ ", ngày      tháng 02 năm " ~ plan.nam) }}
{{- p("KẾ HOẠCH", true) }}{{ p(plan.trich_yeu, true) }}
{%- for d in plan.mo_dau or [] %}{{ p(d) }}{% endfor -%}
{%- for m in plan.phan %}{{ muc(m, loop.index ~ ".") }}{% endfor -%}
{%- for d in plan.ket_thuc or [] %}{{ p(d ~ "./.") }}{% endfor -%}
{{ p("Nơi nhận:", true) }}{% for n in plan.noi_nhan %}{{ p("- " ~ n ~ ";") }}{% endfor -%}
{{ p(plan.nguoi_ky.ho_ten, true) }}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>""")

FLOOR_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}


def floor_render(text: str) -> bytes:
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    xml = FLOOR_DOCUMENT.render(plan=data)
    # The text with its variables, as kehoach would print it (a plain replace: the floor has no sandbox).
    for name, value in (data.get("bien") or {}).items():
        xml = xml.replace("{{ " + name + " }}", str(value))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, part in FLOOR_PARTS.items():
            archive.writestr(name, part)
        archive.writestr("word/document.xml", xml.replace("{{ nam }}", str(data["nam"])))
    return buffer.getvalue()


# --------------------------------------------------------------- docxtpl --

def docxtpl_template(folder: Path) -> Path:
    """A docxtpl template with the same parts, built once with python-docx."""
    import docx

    document = docx.Document()
    for line in ("{% for line in agency %}{{ line }}{% endfor %}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số:      /{{ ky_hieu }}", "{{ place_date }}", "KẾ HOẠCH",
                 "{{ trich_yeu }}"):
        document.add_paragraph(line)
    document.add_paragraph("{%p for para in body %}")
    document.add_paragraph("{{ para }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("{%p for n in noi_nhan %}")
    document.add_paragraph("- {{ n }};")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ signer }}")
    path = folder / "template.docx"
    document.save(path)
    return path


def flatten(data: dict) -> list[str]:
    out = list(data.get("mo_dau") or [])

    def walk(muc: dict, label: str) -> None:
        out.append(f"{label} {muc.get('tieu_de') or muc.get('don_vi') or ''}")
        out.extend(muc.get("doan") or [])
        for y in (muc.get("y") or []) + (muc.get("nhiem_vu") or []):
            out.append("- " + (y if isinstance(y, str) else y["noi_dung"]))
        for i, child in enumerate(muc.get("muc") or [], 1):
            walk(child, f"{label}{i}.")

    for i, muc in enumerate(data["phan"], 1):
        walk(muc, f"{i}.")
    out.extend(data.get("ket_thuc") or [])
    return out


def docxtpl_render(template_path: Path, text: str) -> bytes:
    from docxtpl import DocxTemplate

    data = yaml.load(text, Loader=yaml.CSafeLoader)
    template = DocxTemplate(str(template_path))
    template.render({"agency": data["co_quan"]["ten"], "ky_hieu": data["ky_hieu"], "place_date": data["dia_danh"],
                     "trich_yeu": data["trich_yeu"], "body": flatten(data), "noi_nhan": data["noi_nhan"],
                     "signer": data["nguoi_ky"]["ho_ten"]})
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------- batch --

def batch_run(folder: Path, workers: int | None) -> tuple[float, float]:
    """Seconds for the whole batch and peak memory (MB) of its largest process."""
    table = folder / "xa.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ten_xa", "cap_tren", "nguoi_ky.ho_ten"])
        for i in range(COMMUNES):
            writer.writerow([f"Hòa Bình {i + 1}", "tỉnh Lào Cai", f"Nguyễn Văn {i + 1}"])
    out = folder / "ra"
    shutil.rmtree(out, ignore_errors=True)
    code = ("import resource, sys, time\n"
            "from kehoach.jobs.batch import run_batch\n"
            "t = time.perf_counter()\n"
            f"r = run_batch({str(PLAN)!r}, {str(table)!r}, {str(out)!r}, workers={workers!r})\n"
            "t = time.perf_counter() - t\n"
            "assert not r.failed and len(r.outcomes) == " + str(COMMUNES) + "\n"
            "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024\n"
            "print(t, peak)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, peak = map(float, result.stdout.split())
    return seconds, peak


def cold(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs (for a smoke test)")
    args = parser.parse_args()
    repeat, number, batches = (3, 5, 1) if args.quick else (7, 20, 3)
    text = PLAN.read_text(encoding="utf-8")

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = docxtpl_template(folder)
        ours = median_ms(lambda: kehoach_render(text), repeat, number)
        floor = median_ms(lambda: floor_render(text), repeat, number)
        peer = median_ms(lambda: docxtpl_render(template, text), repeat, max(1, number // 4))
        print("\nwarm render of data/dong-tuyen-2024.yaml (median ms per document)")
        print(f"  floor (Jinja2 document.xml + minimal zip) {floor:8.2f}")
        print(f"  kehoach                                   {ours:8.2f}   {ours / floor:5.2f} x floor   (target <= 2.5)")
        print(f"  docxtpl                                   {peer:8.2f}   {peer / ours:5.2f} x kehoach (target >= 5)")

        runs = [batch_run(folder, None) for _ in range(batches)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        print(f"\nbatch of {COMMUNES} communes, all cores (median of {batches})")
        print(f"  {seconds:6.2f} s   ({seconds / COMMUNES * 1000:.2f} ms per commune; target < 10 s)")
        print(f"  peak memory of the largest process {peak:6.1f} MB (target < 300 MB)")

        out = folder / "x.docx"
        kehoach = shutil.which("kehoach") or "kehoach"
        base = cold([sys.executable, "-c", "pass"], repeat)
        render = cold([kehoach, "render", str(PLAN), "-o", str(out), "--force"], repeat)
        help_ = cold([kehoach, "--help"], repeat)
        print(f"\ncold start (median ms of {repeat})")
        print(f"  python -c pass              {base:7.1f}")
        print(f"  kehoach --help              {help_:7.1f}   (+{help_ - base:.0f} over python; target < 150)")
        print(f"  kehoach render (Đồng Tuyền) {render:7.1f}   (+{render - base:.0f} over python; target < 200)")


if __name__ == "__main__":
    main()
