"""Conversions through LibreOffice: .docx → PDF for offices that send and archive PDFs, and
.doc/.odt → .docx for ``import``.

One ``soffice`` call converts all of a worker's documents (a start costs about a second, and
threads of 40-document groups gained nothing on two cores but 40-50 % more CPU). Each call:

- has a profile and a temp folder of its own inside one private work folder (two instances
  sharing a profile lock each other out), removed whatever happens;
- runs in its own process group, killed as a whole on timeout or Ctrl-C, and by a reaper
  process (jobs/reaper.py) when kehoach itself is killed;
- gets a time limit that grows with the size of its documents;
- converts copies named by their place in the list, so each result is matched to its source
  by full path (two ``kh.docx`` in two folders never swap), never by file name.

A group that fails is retried document by document, so one bad file costs only its own result.
Results go in place through a temp file created exclusively (random name, ``O_EXCL``, never
through a symlink) in the destination folder, then renamed over the target. An existing target
that kehoach did not write (a signed scan, a PDF exported by hand) is kept unless ``force``,
and then it is first kept as a backup, exactly like a .docx.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kehoach.errors import OutputError
from kehoach.jobs.reaper import Reaper

SECONDS_PER_START = 60  # a cold LibreOffice start on a slow office PC, with margin
SECONDS_PER_DOCUMENT = 10
SECONDS_PER_MB = 60  # a long plan with tables: a megabyte of .docx is hundreds of pages
MIN_DOCUMENTS_PER_WORKER = 8  # below this a second LibreOffice start costs more than it saves
FORMATS = {"pdf": ("pdf", "writer_pdf_Export"), "docx": ("docx", "MS Word 2007 XML")}

_RUNNING: set[subprocess.Popen] = set()  # every LibreOffice under way, killed if kehoach is stopped
_RUNNING_LOCK = threading.Lock()

_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    if sys.platform == "win32":
        for candidate in _WINDOWS_PATHS:
            if os.path.exists(candidate):
                return candidate
    raise OutputError("không tìm thấy LibreOffice để chuyển văn bản. Hãy cài LibreOffice (miễn phí, libreoffice.org; "
                      "trên Ubuntu/Debian: apt-get install libreoffice-writer), rồi chạy lại; hoặc bỏ `--pdf` và "
                      "dùng Word: Tệp → Lưu thành → PDF.")


def font_note(font: str = "Times New Roman") -> str | None:
    """What the PDF will use when ``font`` is missing from this machine (None when it is there, or
    when the machine cannot say: no fontconfig)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run([fc_match, "-f", "%{family[0]}", font], capture_output=True, text=True, timeout=10,
                               stdin=subprocess.DEVNULL).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not found or found.lower() == font.lower():
        return None
    if found.lower() in ("liberation serif", "tinos"):  # drawn to Times New Roman's metrics
        return (f"máy này không có phông {font}; PDF dùng phông {found} thay thế (cùng kích thước từng chữ: "
                "số trang và chỗ xuống dòng như bản in từ Word).")
    return (f"máy này không có phông {font}; PDF sẽ dùng phông {found} thay thế, khác kích thước chữ: số trang và "
            f"chỗ xuống dòng có thể khác bản in từ Word. Hãy cài phông {font} (hoặc gói fonts-liberation2).")


@dataclass
class Converted:
    """One document's outcome: ``target`` written (and ``backup`` kept), or ``error`` said."""

    source: Path
    target: Path
    error: str | None = None
    backup: Path | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# ------------------------------------------------------------ PDF marks --
# A PDF kehoach wrote carries, in an incremental update LibreOffice's file ends with, the
# fingerprint of everything before it. A signed PDF (a later update) or a PDF from any other
# tool does not match, and is not overwritten without --force.

_MARK_KEY = b"/KehoachNoiDung"
_TRAILER = re.compile(rb"trailer\s*<<(?P<body>.*?)>>\s*startxref\s*(?P<xref>\d+)\s*%%EOF\s*$", re.S)
_MARK = re.compile(_MARK_KEY + rb" \(sha256:(?P<digest>[0-9a-f]{64}):(?P<length>\d+)\)")


def mark_pdf(data: bytes) -> bytes:
    """``data`` with the mark appended as a standard incremental update (unchanged if the file is
    not shaped as LibreOffice writes it: such a PDF is then simply not recognised as kehoach's)."""
    start = data.rfind(b"trailer")
    trailer = _TRAILER.match(data, start) if start >= 0 else None
    if trailer is None:
        return data
    body = trailer["body"]
    size, root = re.search(rb"/Size\s+(\d+)", body), re.search(rb"/Root\s+(\d+\s+\d+\s+R)", body)
    info, ids = re.search(rb"/Info\s+(\d+)\s+(\d+)\s+R", body), re.search(rb"/ID\s*\[[^\]]*\]", body)
    if size is None or root is None:
        return data
    fields = b""
    if info is not None:
        old = re.search(rb"(?:^|\s)" + info[1] + rb"\s+" + info[2] + rb"\s+obj\s*<<(.*?)>>\s*endobj", data, re.S)
        fields = old[1] if old is not None else b""
    number = int(size[1])
    digest = hashlib.sha256(data).hexdigest().encode()
    prefix = data if data.endswith(b"\n") else data + b"\n"
    obj = (b"%d 0 obj\n<<" % number + fields + _MARK_KEY + b" (sha256:" + digest + b":%d)>>\nendobj\n" % len(data))
    xref = len(prefix) + len(obj)
    update = (obj + b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (number, len(prefix))
              + b"trailer\n<</Size %d/Root " % (number + 1) + root[1] + b"/Info %d 0 R" % number
              + (ids[0] if ids is not None else b"") + b"/Prev " + trailer["xref"] + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return prefix + update


def is_kehoach_pdf(data: bytes) -> bool:
    """True when ``data`` is exactly a PDF kehoach wrote: nothing changed, nothing appended since."""
    found = None
    for found in _MARK.finditer(data, max(0, len(data) - 65536)):
        pass
    if found is None:
        return False
    length = int(found["length"])
    original = data[:length]
    return hashlib.sha256(original).hexdigest().encode() == found["digest"] and mark_pdf(original) == data


def _is_ours(target: Path, data: bytes) -> bool:
    if target.suffix.lower() == ".pdf":
        return is_kehoach_pdf(data)
    from kehoach.docx.writer import is_untouched_output

    return is_untouched_output(data)


# ------------------------------------------------------------ placement --

def _install(made: Path, target: Path, *, force: bool, mark: bool) -> Path | None:
    """Put ``made`` at ``target`` (exclusive temp file beside it, then one rename); returns the backup.

    The existing target is looked at as a .docx's is (jobs/output.py): a FIFO or a device is
    refused, a huge file is not read, a link is never read through; with ``force`` what is there
    is kept as the backup by its directory entry (a link stays a link, a 0600 file stays 0600)."""
    from kehoach.jobs.output import existing_bytes, keep_backup, write_atomic

    data = made.read_bytes()
    if mark:
        data = mark_pdf(data)
    backup = None
    if target.is_dir():
        raise OutputError(f"{target}: đây là một thư mục, không ghi đè được.")
    kind, existing = existing_bytes(target)
    if kind != "none" and not (existing and _is_ours(target, existing)):
        if not force:
            raise OutputError(f"{target}: tệp này đã có và không do kehoach ghi (hoặc đã được sửa, ký số sau "
                              "đó). kehoach không ghi đè. Hãy đổi tên tệp cũ, hoặc chạy lại với `--force` "
                              "(tệp cũ được giữ lại cạnh tệp mới).")
        backup = keep_backup(target)
    write_atomic(target, data, durable=True)
    return backup


# ------------------------------------------------------------- running --

def _time_limit(documents: Sequence[Path]) -> float:
    size_mb = sum(_size(d) for d in documents) / 1_000_000
    return SECONDS_PER_START + SECONDS_PER_DOCUMENT * len(documents) + SECONDS_PER_MB * size_mb


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _kill_group(process: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _run_soffice(soffice: str, inputs: list[Path], outdir: Path, work: Path, to: str,
                 tick: Callable[[], None] | None, reaper: Reaper) -> str | None:
    """One LibreOffice call over ``inputs``; the reason it failed, or None."""
    profile = work / "profile"
    temp = work / "tmp"
    temp.mkdir(exist_ok=True)
    extension, filter_name = FORMATS[to]
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
               "--nodefault", "--nolockcheck", "--convert-to", f"{extension}:{filter_name}", "--outdir", str(outdir),
               *map(str, inputs)]
    env = dict(os.environ, TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp), **reaper.environment())
    limit = _time_limit(inputs)
    kwargs = {"start_new_session": True} if sys.platform != "win32" else {
        "creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=env, **kwargs)
    except OSError as exc:
        return f"không chạy được LibreOffice ({exc.strerror})"
    reaper.started(process.pid)  # its group: killed by the reaper if kehoach is killed

    def follow() -> None:  # "convert A -> B using filter : …", one line per document done
        for line in process.stdout:
            if tick is not None and line.startswith(b"convert "):
                tick()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        code = process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        return f"LibreOffice không chuyển xong trong {limit:.0f} giây"
    finally:  # on time-out, Ctrl-C, SIGTERM or success alike: nothing of LibreOffice outlives the call
        _kill_group(process)
        reaper.ended(process.pid)
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
        reader.join(timeout=5)
        if not reader.is_alive():  # else a process that left the group holds the pipe: closing it would wait
            process.stdout.close()  # for that process, which the reaper kills when the conversion ends
    return None if code == 0 else f"LibreOffice dừng với mã {code}"


def _convert_group(soffice: str, sources: list[Path], numbers: list[int], root: Path, to: str,
                   tick: Callable[[], None] | None, reaper: Reaper) -> dict[int, Path | str]:
    """Convert one worker's documents; for each number, the made file or why it failed."""
    work = Path(tempfile.mkdtemp(prefix="call-", dir=root))
    inputs, outdir = work / "in", work / "out"
    inputs.mkdir()
    outdir.mkdir()
    copies = []
    for number, source in zip(numbers, sources):
        # A copy named by its place: results map back by number, whatever the sources are called.
        copy = inputs / f"{number:06d}{source.suffix.lower()}"
        shutil.copyfile(source, copy)
        copies.append(copy)
    extension = FORMATS[to][0]
    failure = _run_soffice(soffice, copies, outdir, work, to, tick, reaper)
    results: dict[int, Path | str] = {}
    missing = []
    for number, copy in zip(numbers, copies):
        made = outdir / f"{number:06d}.{extension}"
        if made.is_file() and made.stat().st_size > 0:
            results[number] = made
        else:
            missing.append((number, copy))
    if len(copies) > 1 and missing:  # one bad document must not cost the others: each alone
        for number, copy in missing:
            alone = Path(tempfile.mkdtemp(prefix="alone-", dir=root))
            (alone / "out").mkdir()
            reason = _run_soffice(soffice, [copy], alone / "out", alone, to, None, reaper)
            made = alone / "out" / f"{number:06d}.{extension}"
            results[number] = made if made.is_file() and made.stat().st_size > 0 else (
                reason or "LibreOffice không tạo được tệp")
    else:
        for number, _copy in missing:
            results[number] = failure or "LibreOffice không tạo được tệp"
    return results


def _kill_running() -> None:
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        _kill_group(process)


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM stops a conversion like Ctrl-C does (LibreOffice, in a session of its own, hears
    neither): the cleanup runs, then kehoach exits."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def stop(signum, frame):  # noqa: ANN001
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def convert(paths: Sequence[Path | str], to: str = "pdf", *, outdir: Path | str | None = None, force: bool = False,
            workers: int = 1, progress: Callable[[int, int], None] | None = None) -> list[Converted]:
    """Each of ``paths`` converted to ``to`` ("pdf" or "docx"), in order, through LibreOffice.

    The result goes beside its source (same name, new extension), or into ``outdir``. Never raises for
    one document: each outcome says its own error. Raises OutputError when LibreOffice is missing or
    the work folder cannot be made."""
    if to not in FORMATS:
        raise ValueError(f"unknown target format {to!r}")
    sources = [Path(p) for p in paths]
    if not sources:
        return []
    soffice = find_soffice()
    extension = FORMATS[to][0]
    if outdir is not None:
        try:
            Path(outdir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{outdir}: không tạo được thư mục ({exc.strerror}).") from None
    targets = [(Path(outdir) if outdir is not None else s.parent) / f"{s.stem}.{extension}" for s in sources]
    outcomes = [Converted(s, t) for s, t in zip(sources, targets)]
    seen: dict[Path, int] = {}
    for i, outcome in enumerate(outcomes):
        key = Path(os.path.abspath(outcome.target))
        if key in seen:  # two sources, one result name: refuse the second rather than overwrite the first
            outcome.error = f"trùng tên tệp kết quả với {sources[seen[key]]}"
        else:
            seen[key] = i
        if not outcome.error and not sources[i].is_file():
            outcome.error = "không tìm thấy tệp"
    todo = [i for i, o in enumerate(outcomes) if o.error is None]
    total = len(todo)
    done = [0]
    lock = threading.Lock()

    def tick() -> None:
        with lock:
            done[0] += 1
            if progress is not None:
                progress(min(done[0], total), total)

    workers = max(1, min(workers, -(-len(todo) // MIN_DOCUMENTS_PER_WORKER) if todo else 1))
    groups = [todo[w::workers] for w in range(workers)]
    try:
        root = Path(tempfile.mkdtemp(prefix="kehoach-lo-"))
    except OSError as exc:
        raise OutputError(f"không tạo được thư mục tạm cho LibreOffice ({exc.strerror}).") from None
    reaper = Reaper(root)  # LibreOffice and this folder do not outlive kehoach, even killed
    try:
        results: dict[int, Path | str] = {}
        threads = []
        errors: list[BaseException] = []

        def run(group: list[int]) -> None:
            try:
                results.update(_convert_group(soffice, [sources[i] for i in group], group, root, to, tick, reaper))
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                errors.append(exc)

        groups = [g for g in groups if g]
        with _terminate_as_interrupt():
            if len(groups) == 1:  # in this thread: Ctrl-C reaches the wait, which kills LibreOffice
                run(groups[0])
            else:
                for group in groups:
                    thread = threading.Thread(target=run, args=(group,), daemon=True)
                    thread.start()
                    threads.append(thread)
                try:
                    for thread in threads:
                        thread.join()
                finally:
                    _kill_running()
                    for thread in threads:
                        thread.join(timeout=10)
        if errors:
            raise errors[0]
        for i in todo:
            made = results.get(i, "LibreOffice không tạo được tệp")
            outcome = outcomes[i]
            if isinstance(made, str):
                outcome.error = made
                continue
            try:
                outcome.backup = _install(made, outcome.target, force=force, mark=(to == "pdf"))
            except OutputError as exc:
                outcome.error = str(exc).removeprefix(f"{outcome.target}: ")
        if progress is not None and total:
            progress(total, total)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        reaper.close()
    return outcomes


def to_pdf(documents: Sequence[Path | str], workers: int = 1, *, force: bool = False,
           progress: Callable[[int, int], None] | None = None) -> list[Converted]:
    """A PDF beside each document (same name, .pdf)."""
    return convert(documents, "pdf", force=force, workers=workers, progress=progress)


def convert_to_docx(document: Path, work: Path) -> Path:
    """A .doc or .odt as a .docx inside the folder ``work`` (``import`` reads old Word files this way)."""
    document = Path(document)
    try:
        outcome = convert([document], "docx", outdir=work)[0]
    except OutputError:
        if shutil.which("soffice") or shutil.which("libreoffice"):
            raise
        raise OutputError(f"{document}: cần LibreOffice để đọc tệp {document.suffix} (Word cũ, OpenDocument). Hãy "
                          "cài LibreOffice (miễn phí, libreoffice.org; trên Ubuntu/Debian: apt-get install "
                          "libreoffice-writer), hoặc mở tệp bằng Word, lưu thành .docx rồi chạy lại.") from None
    if not outcome.ok:
        raise OutputError(f"{document}: LibreOffice không đọc được tệp này ({outcome.error}); hãy mở bằng Word, "
                          "lưu thành .docx rồi chạy lại.")
    return outcome.target
