"""One plan, many communes: ``kehoach batch``.

Every row is merged into the plan (variables, then field overrides), then
goes through exactly what ``render`` does: validation, content checks,
composition, the writer, an atomic write. A bad row is reported with its row
and column and never stops the others.

The work is spread over all CPU cores. Each worker parses the plan file once
and keeps it; the main process streams rows to the workers with a bounded
number in flight, so memory stays flat however long the table is. Output
names are decided in the main process, in table order, so the same table
gives the same files whatever the number of workers.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach.errors import InvalidInput, Interrupted, KehoachError, OutputError, Problem, os_reason
from kehoach.jobs.faults import (Stopped, guard_worker, leftover_temp_files, remove_own_temp_files, stop_requests,
                                 writing)
from kehoach.plan.located import Loaded, format_path, iter_strings
from kehoach.plan.loader import load_yaml, read_file, read_text
from kehoach.jobs.communes import FILE_NAME_COLUMN, Row, parse_path, read_table

# Names Windows will not create, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_LIST_FIELDS = {"can_cu", "mo_dau", "ket_thuc", "noi_nhan", "ten", "chu_quan", "doan", "chu_tri", "phoi_hop"}


# ------------------------------------------------------------- file names --


def slugify(text: str) -> str:
    """``Xã Đồng Tuyền`` → ``xa-dong-tuyen``: ASCII, no separators, no dots."""
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80].strip("-")
    return slug or "khong-ten"


class FileNames:
    """Safe, unique output names, decided in table order."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def name_for(self, row: Row) -> str:
        cells = row.cells
        if str(cells.get(FILE_NAME_COLUMN, "")).strip():
            base = slugify(cells[FILE_NAME_COLUMN])
        elif str(cells.get("ten_xa", "")).strip():
            base = "xa-" + slugify(cells["ten_xa"])
        elif str(cells.get("dia_danh", "")).strip():
            base = slugify(cells["dia_danh"])
        else:
            base = f"dong-{row.number}"
        if base in _RESERVED:
            base += "-tep"
        name, n = base, 2
        while name in self.used:  # "Hòa Bình" and "Hoà Bình", or two rows for one commune
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name + ".docx"


# ----------------------------------------------------------------- merging --


def _cell_value(path: tuple, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if path[-1] in _LIST_FIELDS and not isinstance(path[-1], int):
            parts = [p.strip() for p in re.split(r"\n|\|", value)]
            return [p for p in parts if p]
    return value


def _set(data: dict, path: tuple, value: Any, copied: set[int]) -> None:
    """Set ``path`` in ``data``, copying only the containers on the way (the
    plan's own data is shared by every row and never changed)."""
    node: Any = data
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise KeyError(part)
            child = node[part]
        else:
            if not isinstance(node, dict):
                raise KeyError(part)
            child = node.get(part)
            if child is None:
                child = [] if isinstance(nxt, int) else {}
                copied.add(id(child))
        if not isinstance(child, (dict, list)):
            raise KeyError(part)
        if id(child) not in copied:
            child = dict(child) if isinstance(child, dict) else list(child)
            copied.add(id(child))
        node[part] = child
        node = child
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last > len(node):
            raise KeyError(last)
        if last == len(node):
            node.append(value)
        else:
            node[last] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise KeyError(last)


def merge_row(base: Any, row: Row, plan_keys: Iterable[str]) -> tuple[Any, dict[tuple, str], list[Problem]]:
    """The plan data for one row, which column set which path, and problems with headers."""
    data = dict(base)
    copied = {id(data)}
    origins: dict[tuple, str] = {}
    problems: list[Problem] = []
    keys = set(plan_keys)
    for header, raw in row.cells.items():
        if header == FILE_NAME_COLUMN or raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            path = parse_path(header)
        except ValueError:
            problems.append(Problem("tên cột không hợp lệ: dùng chữ thường không dấu, '_', '.', ví dụ `ten_xa` "
                                    "hoặc `nguoi_ky.ho_ten`.", column=row.columns.get(header), path=f"cột `{header}`"))
            continue
        if len(path) == 1 and path[0] not in keys:
            path = ("bien",) + path  # a plain name is a variable
        clash = next((other for other in origins if other[:len(path)] == path or path[:len(other)] == other), None)
        if clash is not None:  # `ten_xa` and `bien` (or `bien.ten_xa`): which one wins would be an accident
            problems.append(Problem(f"cột `{header}` và cột `{origins[clash]}` cùng thay `{format_path(clash)}`; "
                                    "hãy giữ một trong hai cột.", column=row.columns.get(header),
                                    path=f"cột `{header}`"))
            continue
        value = _cell_value(path, raw)
        try:
            _set(data, path, value, copied)
        except KeyError:
            problems.append(Problem(f"kế hoạch không có chỗ `{format_path(path)}` để thay.",
                                    column=row.columns.get(header), path=f"cột `{header}`"))
            continue
        origins[path] = header
    return data, origins, problems


def row_strings(base_strings: dict[tuple, str], data: Any, origins: dict[tuple, str]) -> tuple[list, list]:
    """The row's texts: the plan's, with the overridden subtrees replaced.

    Returns (all (path, text) pairs, the row's own (path, text, container, key))."""
    strings = dict(base_strings)
    own = []
    for origin in origins:
        for path in [p for p in strings if p[:len(origin)] == origin]:
            del strings[path]
        parent = data
        for part in origin[:-1]:
            parent = parent[part]
        value = parent[origin[-1]]
        if isinstance(value, str):
            own.append((origin, value, parent, origin[-1]))
        else:
            own.extend(iter_strings(value, origin))
    for path, text, _, _ in own:
        strings[path] = text
    return list(strings.items()), own


# ------------------------------------------------------------------ worker --


@dataclass
class Task:
    row: int
    cells: dict[str, Any]
    columns: dict[str, int]
    target: str


@dataclass
class Outcome:
    row: int
    target: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[str] | None = None  # with check: what `kehoach check` says of the written document
    check_errors: int = 0


_STATE: dict[str, Any] = {}


def _init_worker(plan_text: str, plan_file: str, table_file: str, outdir: str, options: dict) -> None:
    from kehoach.plan.text import legacy_encodings
    from kehoach.plan.model import Plan
    from kehoach.plan.validation import validate

    base = load_yaml(plan_text, plan_file)
    if options.get("convert_legacy"):  # the plan's own texts are converted once, not once per row
        legacy_encodings(base, True)
    try:  # a plan that is valid on its own is validated once; each row then only its own keys
        plan = validate(base)
    except InvalidInput:  # the table fills something the plan leaves out: validate every row in full
        plan = None
    _STATE.update(base=base, plan=plan, table=table_file, outdir=Path(outdir), options=options,
                  keys=tuple(Plan.model_fields), strings={path: text for path, text, _, _ in iter_strings(base.data)})


def _relocate(problem: Problem, row: Row, origins: dict[tuple, str], table: str) -> str:
    """A problem caused by a cell is reported at the cell; others at the plan, with the row."""
    path = tuple(parse_path_loose(problem.path))
    for origin, header in origins.items():
        if path[:len(origin)] == origin or origin[:len(path)] == path and path:
            column = row.columns.get(header) or None
            where = f"{table}:{row.number}" + (f":{column}" if column else "")
            kind = "lỗi" if problem.severity == "loi" else "cảnh báo"
            return f"{where}: cột `{header}`: {kind}: {problem.message}"
    return f"{problem} (dòng {row.number} của bảng)"


def parse_path_loose(text: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return parts


def process(task: Task) -> Outcome:
    """Validate, check, compose, write one row. Runs in a worker (or inline)."""
    from kehoach.api import LoadedPlan, prepare_loaded
    from kehoach.docx.writer import write_docx
    from kehoach.plan.text import legacy_encodings
    from kehoach.jobs.output import write_document
    from kehoach.plan.validation import revalidate, validate

    base: Loaded = _STATE["base"]
    table, options = _STATE["table"], _STATE["options"]
    row = Row(task.row, task.cells, task.columns)
    data, origins, problems = merge_row(base.data, row, _STATE["keys"])
    strings, own = row_strings(_STATE["strings"], data, origins)
    outcome = Outcome(task.row, task.target, False)
    outcome.problems = [f"{table}:{row.number}" + (f":{p.column}" if p.column else "") + f": {p.path}: lỗi: "
                        f"{p.message}" for p in problems]
    loaded = Loaded(data, base.positions, base.file, base.spans, base.text)
    try:
        legacy = legacy_encodings(loaded, options.get("convert_legacy", False), own)
        if any(p.severity == "loi" for p in legacy):
            raise InvalidInput(legacy)
        base_plan = _STATE["plan"]
        plan = revalidate(base_plan, loaded, {o[0] for o in origins}) if base_plan is not None else validate(loaded)
        prepared = prepare_loaded(LoadedPlan(loaded, plan, legacy), strict=options.get("strict", False),
                                  strings=strings)
        outcome.warnings = [_relocate(w, row, origins, table) for w in prepared.warnings]
        if outcome.problems:
            return outcome
        if not options.get("dry_run"):
            target = _STATE["outdir"] / task.target
            write_document(target, write_docx(prepared.document), force=options.get("force", False), durable=False)
            if options.get("check"):  # checked as it is written, by the worker that wrote it
                from kehoach.check.audit import audit_file

                findings = audit_file(target)
                outcome.findings = [f"{target}: {f}" for f in findings]
                outcome.check_errors = sum(f.severity == "loi" for f in findings)
        outcome.ok = True
    except InvalidInput as exc:
        outcome.problems += [_relocate(p, row, origins, table) for p in exc.problems]
    except KehoachError as exc:
        outcome.problems = [f"{table}:{row.number}: lỗi: {exc}"]
    return outcome


# -------------------------------------------------------------------- run --


@dataclass
class BatchReport:
    outcomes: list[Outcome]
    outdir: Path

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def _pool_worker(parent: int, stop: Any, *initargs: Any) -> None:
    """A pool worker: dies with its parent, ignores Ctrl-C (see faults.py), then loads the plan."""
    guard_worker(parent)
    _STATE["stop"] = stop
    _init_worker(*initargs)


def process_chunk(tasks: list[Task]) -> list[Outcome]:
    """The rows of one chunk; after a stop request, the row being written is finished and no other taken."""
    stop = _STATE.get("stop")
    outcomes = []
    for task in tasks:
        if stop is not None and stop.is_set():
            break
        try:
            with writing():
                outcomes.append(process(task))
        except Stopped:  # SIGTERM (the parent died): no temp file may stay behind
            if "outdir" in _STATE:
                remove_own_temp_files(_STATE["outdir"] / task.target)
            os._exit(128 + 15)
    return outcomes


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _bounded(executor: ProcessPoolExecutor, tasks: Iterator[Task], limit: int, chunk: int) -> Iterator[Outcome]:
    """Results in table order, with at most ``limit`` chunks of rows in flight.

    Rows travel in chunks: one round trip per row cost as much as a render."""
    from kehoach.jobs.parallel import in_order

    return in_order(executor, process_chunk, _chunks(tasks, chunk), limit)


def _rows(base: Loaded, table: Path | None, province: str | None,
          variables: dict[str, str] | None) -> tuple[str, Callable[[], Iterable[Row]]]:
    """Where rows are reported, and how to read them (twice: once to count, once to run)."""
    if province is not None:
        from kehoach.jobs.province import province_rows

        units, label = province_rows(province, base.data, table, variables)
        return label, lambda: units
    if variables:
        from kehoach.jobs.province import OPTION

        raise InvalidInput([Problem(f"`{OPTION}` đặt tên biến cho các cột của danh mục đơn vị hành chính, nên chỉ dùng "
                                    "cùng `--tinh`. Với bảng của bạn, hãy đặt tên cột trong bảng đúng tên biến của "
                                    "kế hoạch.", OPTION)])
    if table is None:
        raise InvalidInput([Problem("cần bảng các xã (tệp .csv, .yaml, .xlsx) hoặc `--tinh` để soạn cho mọi đơn vị "
                                    "của một tỉnh.")])
    return str(table), lambda: read_table(table)


def run_batch(plan: Path | str, table: Path | str | None, outdir: Path | str, *, workers: int | None = None,
              dry_run: bool = False, force: bool = False, strict: bool = False, convert_legacy: bool = False,
              progress: Callable[[int, int], None] | None = None, check: bool = False,
              province: str | None = None, variables: dict[str, str] | None = None) -> BatchReport:
    """``province``: one row per unit of that province in the official list (``table`` then adds columns);
    ``variables``: the plan's own names for the list's columns (``{"ten_phuong": "ten_xa"}``)."""
    plan, outdir = Path(plan), Path(outdir)
    table = Path(table) if table is not None else None
    from kehoach.plan.text import legacy_encodings

    text = read_text(read_file(plan), str(plan))
    base = load_yaml(text, str(plan))  # a broken plan file fails once, here, not once per row
    legacy = [p for p in legacy_encodings(base, False) if p.severity == "loi"]
    if legacy and not convert_legacy:
        raise InvalidInput(legacy)
    # A first, cheap pass over the whole table: a broken table (a bad row, a
    # broken sheet) stops the batch before any document is written, and the
    # progress bar knows the end.
    label, rows = _rows(base, table, province, variables)
    total = sum(1 for _ in rows())
    if not dry_run:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{outdir}: không tạo được thư mục ({os_reason(exc)}).") from None
    names = FileNames()
    tasks = (Task(row.number, row.cells, row.columns, names.name_for(row)) for row in rows())
    options = {"dry_run": dry_run, "force": force, "strict": strict, "convert_legacy": convert_legacy,
               "check": check}
    initargs = (text, str(plan), label, str(outdir), options)
    workers = workers or os.cpu_count() or 1
    outcomes: list[Outcome] = []
    stop = None
    started = time.time()
    if workers == 1:
        _init_worker(*initargs)
        stream: Iterator[Outcome] = map(process, tasks)
        executor = None
    else:
        import multiprocessing

        method = "fork" if sys.platform.startswith("linux") else None
        context = multiprocessing.get_context(method)
        stop = context.Event()
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_pool_worker,
                                       initargs=(os.getpid(), stop) + initargs)
        stream = _bounded(executor, tasks, workers * 3, chunk=16)
    try:
        with stop_requests():  # SIGTERM is a stop request, as Ctrl-C is
            for outcome in stream:
                outcomes.append(outcome)
                if progress:
                    progress(len(outcomes), total)
    except (KeyboardInterrupt, BrokenProcessPool) as exc:
        raise _stopped(exc, executor, stop, outdir, names, started, total, dry_run) from None
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    if not dry_run:
        _sync_folder(outdir)
    return BatchReport(outcomes, outdir)


def _stopped(exc: BaseException, executor: ProcessPoolExecutor | None, stop: Any, outdir: Path, names: FileNames,
             started: float, total: int, dry_run: bool) -> KehoachError:
    """After Ctrl-C, SIGTERM or a worker killed: let the rows being written finish, remove any
    temp file left, and say truly what is on disk."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
    try:
        if stop is not None:
            stop.set()
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        left = [] if dry_run else leftover_temp_files(outdir, (name + ".docx" for name in names.used))
    finally:
        signal.signal(signal.SIGINT, previous)
    done = 0 if dry_run else sum(1 for name in names.used if _written_since(outdir / (name + ".docx"), started))
    if dry_run:
        state = "Chạy thử: không có tệp nào được ghi."
    elif left:
        state = (f"Các văn bản đã ghi xong đều đầy đủ, nhưng còn {len(left)} tệp tạm không xóa được: "
                 + ", ".join(map(str, left)) + ". Hãy xóa chúng.")
    else:
        state = f"Các văn bản đã ghi xong đều đầy đủ; không còn tệp ghi dở hay tệp tạm nào trong {outdir}."
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted(f"Đã dừng theo yêu cầu; lần chạy này đã ghi {done} trong {total} văn bản. {state} Chạy "
                           "lại cùng lệnh để soạn nốt (văn bản đã ghi và chưa sửa sẽ được ghi lại y hệt).")
    return OutputError(f"Một tiến trình soạn văn bản bị dừng đột ngột (có thể do hết bộ nhớ hoặc bị tắt từ bên "
                       f"ngoài); đã dừng cả lượt sau khi ghi {done} trong {total} văn bản. {state}")


def _written_since(path: Path, started: float) -> bool:
    try:
        return path.stat().st_mtime >= started - 1
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """One flush of the folder for the whole batch, instead of one per file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
