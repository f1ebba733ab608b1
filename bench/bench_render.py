"""kehoach's speed, side by side with its floors and peers, in one run.

    pip install -e . -r bench/requirements.txt
    python bench/bench_render.py [--quick] [--only render,batch,check,pdf,cold] [--instructions]

Every section compares kehoach with a baseline measured in the same run (the machine is shared:
absolute times move, ratios much less; run it several times and read the ranges):

- render: the whole warm render, YAML text to .docx bytes, of the same document again and again
  (kehoach's caches help) and of a NEW document each time (the plan with another commune name),
  against the floor (yaml.load with libyaml, one Jinja2 template writing document.xml, a minimal
  zip) and docxtpl with a template of comparable content;
- batch: `run_batch` over 100 → 10,000 communes, all cores: time, files/s, peak memory of the main
  process and of the largest worker, against the floor written by the same number of processes;
- check: `audit` of each file against python-docx's own open of it (CPU time, per file and per
  paragraph), then `kehoach check DIR/` over the batch's 3,321 documents against writing them;
- pdf: kehoach's PDF step against one `soffice --convert-to pdf` call over the same documents
  (wall time and CPU of every process, per document);
- cold: whole-process start of each command next to `python -c pass` and an equivalent-stack CLI
  (bench/equivalent_cli.py: Typer + PyYAML + pydantic + Jinja2), wall and CPU (user + sys), with an
  importtime breakdown; a plan naming no unit against the same plan naming one (issue 15: the lists
  of units are read only when needed); with --instructions, the instruction count of each (valgrind),
  which a busy machine does not move.
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
# the kehoach installed beside this Python (a venv's), else the one on PATH
KEHOACH = shutil.which("kehoach", path=str(Path(sys.executable).parent)) or shutil.which("kehoach") or "kehoach"


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

BATCH_CODE = """
import json, os, resource, sys, time
from kehoach.jobs.batch import run_batch
t = time.perf_counter()
r = run_batch(sys.argv[1], sys.argv[2], sys.argv[3])
t = time.perf_counter() - t
assert not r.failed, [o.problems for o in r.failed][:2]
print(json.dumps({"seconds": t, "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

FLOOR_BATCH_CODE = """
import json, os, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
sys.path.insert(0, sys.argv[4])
from bench_render import floor_render
text = open(sys.argv[1], encoding="utf-8").read()
n, out = int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)

def one(i):
    data = floor_render(text.replace("Đồng Tuyển", f"Hòa Bình {i}"))
    path = os.path.join(out, f"xa-{i}.docx")
    with open(path + ".tmp", "wb") as handle:
        handle.write(data)
    os.replace(path + ".tmp", path)

t = time.perf_counter()
with ProcessPoolExecutor(os.cpu_count()) as pool:
    list(pool.map(one, range(n), chunksize=16))
print(json.dumps({"seconds": time.perf_counter() - t,
                  "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def communes_table(folder: Path, n: int) -> Path:
    table = folder / f"xa-{n}.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ten_xa", "cap_tren", "nguoi_ky.ho_ten"])
        for i in range(n):
            writer.writerow([f"Hòa Bình {i + 1}", "tỉnh Lào Cai", f"Nguyễn Văn {i + 1}"])
    return table


def run_json(code: str, *args: str) -> dict:
    import json

    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def section_batch(folder: Path, sizes: list[int]) -> Path:
    print("\nbatch, all cores: kehoach run_batch against the floor written by as many processes")
    print(f"  {'communes':>9} {'kehoach s':>10} {'floor s':>8} {'ratio':>6} {'files/s':>8} "
          f"{'main MB':>8} {'worker MB':>10}")
    kept = None
    for n in sizes:
        table = communes_table(folder, n)
        out = folder / f"ra-{n}"
        ours = run_json(BATCH_CODE, str(PLAN), str(table), str(out))
        floor_out = folder / f"san-{n}"
        floor = run_json(FLOOR_BATCH_CODE, str(PLAN), str(n), str(floor_out), str(Path(__file__).parent))
        shutil.rmtree(floor_out, ignore_errors=True)
        print(f"  {n:>9} {ours['seconds']:>10.2f} {floor['seconds']:>8.2f} {ours['seconds'] / floor['seconds']:>6.2f} "
              f"{n / ours['seconds']:>8.0f} {ours['main_mb']:>8.1f} {ours['worker_mb']:>10.1f}")
        if n == COMMUNES:
            kept = out
        else:
            shutil.rmtree(out, ignore_errors=True)
    return kept


# ------------------------------------------------------------------ check --

def cpu_ms(func, repeat: int = 7, number: int = 10) -> float:
    func()
    best = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(number):
            func()
        best.append((time.process_time() - start) / number * 1000)
    return min(best)


def section_check(folder: Path, batch_dir: Path | None, quick: bool) -> None:
    import docx

    from kehoach.check.audit import audit
    from kehoach.docx.reader import DocxReader

    print("\ncheck: audit of a file against python-docx's own open of it (CPU ms, best of 7)")
    files = []
    for sample in sorted([PLAN, *(ROOT / "data" / "examples").glob("*.yaml")]):
        path = folder / f"{sample.stem}.docx"
        path.write_bytes(kehoach_render(sample.read_text(encoding="utf-8")))
        files.append(path)
    shared = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), ROOT)
    for extra in (shared / "examples" / "real-plans" / "KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx",
                  shared / "reference" / "nd30-phu-luc-III.docx"):
        if extra.exists():
            files.append(extra)
    print(f"  {'file':<46} {'paras':>6} {'open':>7} {'check':>7} {'ratio':>6} {'us/para':>8}")
    for path in files:
        paragraphs = len(DocxReader(path).paragraphs)
        opened = cpu_ms(lambda: docx.Document(str(path)), number=5 if quick else 10)
        checked = cpu_ms(lambda: audit(path), number=5 if quick else 10)
        print(f"  {path.name[:46]:<46} {paragraphs:>6} {opened:>7.2f} {checked:>7.2f} {checked / opened:>6.2f} "
              f"{checked / paragraphs * 1000:>8.1f}   (target ratio <= 3)")
    if batch_dir is not None:
        kehoach = KEHOACH
        start = time.perf_counter()
        usage = resource_children()
        subprocess.run([kehoach, "check", str(batch_dir)], capture_output=True)
        wall = time.perf_counter() - start
        cpu = resource_children() - usage
        count = len(list(batch_dir.glob("*.docx")))
        print(f"  kehoach check DIR/ over the batch's {count} documents: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"({count / wall:.0f} files/s; target < 10 s)")


def resource_children() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -------------------------------------------------------------------- pdf --

PDF_CODE = """
import json, sys, time
from kehoach.jobs.pdf import to_pdf
t = time.perf_counter()
made = to_pdf(sys.argv[2:], workers=int(sys.argv[1]), force=True)
assert all(o.ok for o in made), [o.error for o in made if not o.ok]
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def section_pdf(folder: Path, count: int) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("\npdf: LibreOffice not found, skipped")
        return
    print(f"\npdf: {count} documents, kehoach's PDF step against one `soffice --convert-to pdf` call "
          "(wall and CPU of every process)")
    samples = sorted([PLAN, *(ROOT / "data" / "examples").glob("*.yaml")])
    docs_dir = folder / "pdf"
    docs_dir.mkdir(exist_ok=True)
    documents = []
    for i in range(count):
        sample = samples[i % len(samples)]
        path = docs_dir / f"vb-{i:03d}.docx"
        path.write_bytes(kehoach_render(sample.read_text(encoding="utf-8")))
        documents.append(str(path))
    rows = []
    before, start = resource_children(), time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder / "lo-out"), *documents], capture_output=True)
    base = (time.perf_counter() - start, resource_children() - before)
    rows.append(("one soffice call", base))
    from kehoach.cli import PDF_WORKERS

    for workers in sorted({PDF_WORKERS, os.cpu_count() or 1}):
        before, start = resource_children(), time.perf_counter()
        run_json(PDF_CODE, str(workers), *documents)
        label = f"kehoach, {workers} worker(s)" + (" (default)" if workers == PDF_WORKERS else "")
        rows.append((label, (time.perf_counter() - start, resource_children() - before)))
    print(f"  {'':<32} {'wall s':>7} {'CPU s':>7} {'wall x':>7} {'CPU x':>6} {'ms/doc':>7}")
    for name, (wall, cpu) in rows:
        print(f"  {name:<32} {wall:>7.2f} {cpu:>7.2f} {wall / base[0]:>7.2f} {cpu / base[1]:>6.2f} "
              f"{wall / count * 1000:>7.0f}   (target <= 1.1)")


# ------------------------------------------------------------------- cold --

def cold(args: list[str], repeat: int) -> tuple[float, float]:
    """Median wall ms and CPU ms (user + sys of the process and its children) of ``repeat`` runs."""
    runs, used = [], []
    for _ in range(repeat):
        before = resource_children()
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        runs.append((time.perf_counter() - start) * 1000)
        used.append((resource_children() - before) * 1000)
    return statistics.median(runs), statistics.median(used)


def importtime(args: list[str]) -> list[tuple[int, str]]:
    """(cumulative µs, module) of the top-level imports of one run."""
    result = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True)
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if not name.startswith("  ") and cumulative.strip().isdigit():
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)


NO_UNITS = ROOT / "data" / "examples" / "hcm-trien-khai-luat-viec-lam-2025.yaml"
# The same plan naming one unit in Nơi nhận: spelt as the official list does (found by a search of the
# list's text, no list built), and misspelt (the list is built to find the closest names).
WITH_UNIT = ("noi_nhan:\n", "noi_nhan:\n  - UBND phường Sài Gòn\n")
MISSPELT_UNIT = ("noi_nhan:\n", "noi_nhan:\n  - UBND phường Sài Gòng\n")


def compile_bytecode() -> None:
    """Bytecode for kehoach, as `pip install` of a wheel leaves it: an editable install (or
    PYTHONDONTWRITEBYTECODE) would otherwise compile every module again at every cold start."""
    import compileall

    import kehoach

    compileall.compile_dir(str(Path(kehoach.__file__).parent), quiet=1)


def loads_lists(args: list[str]) -> bool:
    """Whether a run imports the lists of units (kehoach.units.catalogue)."""
    result = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True)
    return "kehoach.units.catalogue" in result.stderr


INSTRUCTION_RUNS = ("python -c pass", "equivalent CLI render", "kehoach --help", "kehoach check", "kehoach render",
                    "render, names no unit", "render, names a unit", "render, a misspelt unit")


def instruction_count(args: list[str], folder: Path) -> float:
    """Millions of instructions of one run (and its children) under callgrind: the same on a busy machine."""
    out = folder / "callgrind"
    out.mkdir(exist_ok=True)
    result = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                             f"--callgrind-out-file={out}/cg.%p", *args], capture_output=True, text=True)
    total = sum(int(line.split()[-1]) for line in result.stderr.splitlines() if "Collected :" in line)
    shutil.rmtree(out, ignore_errors=True)
    return total / 1e6


def section_cold(folder: Path, repeat: int, instructions: bool = False) -> None:
    kehoach = KEHOACH
    out = folder / "cold.docx"
    docx_file = folder / "cold-check.docx"
    docx_file.write_bytes(kehoach_render(PLAN.read_text(encoding="utf-8")))
    equivalent = [sys.executable, str(Path(__file__).parent / "equivalent_cli.py")]
    no_units = NO_UNITS.read_text(encoding="utf-8")
    with_unit, misspelt = folder / "mot-don-vi.yaml", folder / "sai-ten.yaml"
    with_unit.write_text(no_units.replace(*WITH_UNIT), encoding="utf-8")
    misspelt.write_text(no_units.replace(*MISSPELT_UNIT), encoding="utf-8")
    runs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "equivalent CLI --help": equivalent + ["--help"],
        "equivalent CLI render": equivalent + ["render", str(PLAN), "-o", str(folder / "eq.docx")],
        "kehoach --version": [kehoach, "--version"],
        "kehoach --help": [kehoach, "--help"],
        "kehoach check": [kehoach, "check", str(docx_file)],
        "kehoach validate": [kehoach, "validate", str(PLAN)],
        "kehoach render": [kehoach, "render", str(PLAN), "-o", str(out), "--force"],
        # issue 15: a plan that names no commune or district (only its city) reads no list of units;
        # the same plan naming one ward, spelt right (the list's text searched) and misspelt (the list built).
        "render, names no unit": [kehoach, "render", str(NO_UNITS), "-o", str(folder / "hcm.docx"), "--force"],
        "render, names a unit": [kehoach, "render", str(with_unit), "-o", str(folder / "hcm1.docx"), "--force"],
        "render, a misspelt unit": [kehoach, "render", str(misspelt), "-o", str(folder / "hcm2.docx"), "--force"],
    }
    lists = {name: loads_lists(["-m", "kehoach", *args[1:]]) for name, args in runs.items()
             if name.startswith("render, ")}
    times = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for _ in range(3):  # interleaved rounds: a busy moment of the machine hits every command alike
        for name, args in runs.items():
            wall, used = cold(args, max(1, repeat // 3))
            times[name].append(wall)
            cpu[name].append(used)
    median = {name: statistics.median(t) for name, t in times.items()}
    median_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    print(f"\ncold start (median ms over {3 * max(1, repeat // 3)} runs, interleaved; CPU = user + sys)")
    print(f"  {'':<24} {'wall':>7} {'CPU':>7}")
    for name, value in median.items():
        note = ""
        if name == "kehoach render":
            note = (f"   {value / median['equivalent CLI render']:.2f} x equivalent CLI wall, "
                    f"{median_cpu[name] / median_cpu['equivalent CLI render']:.2f} x CPU (target <= 1.0; <= 200 ms)")
        elif name == "kehoach --help":
            note = f"   {value / median['equivalent CLI --help']:.2f} x equivalent CLI --help"
        elif name in lists:
            base = median_cpu["render, names no unit"]
            note = (f"   lists of units {'imported' if lists[name] else 'not imported'}"
                    + ("" if name.endswith("no unit") else f"; {median_cpu[name] / base:.2f} x CPU of no unit"))
        print(f"  {name:<24} {value:7.1f} {median_cpu[name]:7.1f}{note}")
    if instructions and shutil.which("valgrind"):
        counted = {name: instruction_count(runs[name], folder) for name in INSTRUCTION_RUNS}
        print("\ninstructions of one whole-process run (valgrind --tool=callgrind, millions; load does not move them)")
        for name, value in counted.items():
            note = ""
            if name == "kehoach render":
                note = f"   {value / counted['equivalent CLI render']:.2f} x equivalent CLI render (target <= 1.0)"
            elif name.startswith("render, a") or name == "render, names a unit":
                note = f"   {value / counted['render, names no unit']:.2f} x names no unit"
            print(f"  {name:<24} {value:8.1f}{note}")
    print("\nimporttime of `kehoach render` (cumulative ms of the top-level imports, one run)")
    rows = importtime(["-m", "kehoach", "render", str(PLAN), "-o", str(out), "--force"])
    for micros, name in rows[:12]:
        print(f"  {micros / 1000:7.1f}  {name}")


# ----------------------------------------------------------------- render --

def variants(text: str, n: int) -> list[str]:
    """``n`` different plans: the same content for another commune each (no cache can help)."""
    return [text.replace("Đồng Tuyển", f"Hòa Bình {i}") for i in range(n)]


def section_render(folder: Path, repeat: int, number: int) -> None:
    text = PLAN.read_text(encoding="utf-8")
    template = docxtpl_template(folder)
    print("\nwarm render of data/dong-tuyen-2024.yaml (median ms per document)")
    same_ours = median_ms(lambda: kehoach_render(text), repeat, number)
    same_floor = median_ms(lambda: floor_render(text), repeat, number)
    new_texts = variants(text, repeat * number + 1)

    def each(render):
        pending = iter(new_texts)
        return lambda: render(next(pending))

    new_ours = median_ms(each(kehoach_render), repeat, number)
    new_floor = median_ms(each(floor_render), repeat, number)
    peer = median_ms(lambda: docxtpl_render(template, text), repeat, max(1, number // 4))
    print(f"  {'':<38} {'floor':>7} {'kehoach':>8} {'ratio':>6}")
    print(f"  {'same document again':<38} {same_floor:7.2f} {same_ours:8.2f} {same_ours / same_floor:6.2f}")
    print(f"  {'a new document each time':<38} {new_floor:7.2f} {new_ours:8.2f} {new_ours / new_floor:6.2f}"
          "   (target <= 1.3)")
    print(f"  docxtpl {peer:.2f} ms: {peer / same_ours:.1f} x kehoach")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs and sizes (a smoke test)")
    parser.add_argument("--only", default="render,batch,check,pdf,cold", help="sections, comma-separated")
    parser.add_argument("--instructions", action="store_true",
                        help="cold start: also count instructions with valgrind (a few minutes)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    repeat, number = (3, 5) if args.quick else (7, 20)
    sizes = [100, 1000, COMMUNES] if args.quick else [100, 1000, COMMUNES, 10000]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load average {os.getloadavg()[0]:.1f} at start")
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "render" in only:
            section_render(folder, repeat, number)
        batch_dir = section_batch(folder, sizes) if "batch" in only else None
        if "check" in only:
            section_check(folder, batch_dir, args.quick)
        if "pdf" in only:
            section_pdf(folder, 10 if args.quick else 40)
        if "cold" in only:
            section_cold(folder, 9 if args.quick else 21, args.instructions)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
