"""Many workbooks in one run: find them, generate each (in parallel), report on all.

One bad workbook never stops the others. Each worker process compiles the template
once and reuses it for every document it renders. Outputs mirror the input folders
under the output folder; a manifest (``--report``) records per workbook its input and
output hashes, status, messages and timing, and lets a rerun skip what has not changed.
With ``--with-tables`` each document gets its tables workbook beside it (X.公开表.xlsx,
pipeline.api.tables_path); such files are never taken for departments' workbooks.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import OLD_WORKBOOK_SUFFIX, WORKBOOK_SUFFIXES, __version__

if TYPE_CHECKING:
    from .county import Review
    from .errors import Finding
    from .read_ahead import ReadAhead


@dataclass
class Job:
    workbook: Path
    output: Path
    tables: Path | None = None  # the tables workbook (公开表) to write too
    ahead: ReadAhead | None = None  # the workbook being read meanwhile (one job, in this process)


@dataclass
class Outcome:
    """What happened to one workbook; one entry of the manifest."""

    input: str
    output: str
    status: str  # generated | failed | skipped
    input_sha256: str = ""
    output_sha256: str = ""
    template_sha256: str = ""
    tool_version: str = __version__
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    review_sha256: str = ""  # the 批复 and last year's summary it was checked against
    department: dict[str, Any] = field(default_factory=dict)  # county.Department, for --summary
    findings: list[dict[str, Any]] = field(default_factory=list)  # every finding, as in check --json
    tables_output: str = ""  # the tables workbook written beside the document
    tables_sha256: str = ""
    lacking_sheets: list[str] = field(default_factory=list)  # the 科目 sheets its tables workbook needs


def find_workbooks(paths: Iterable[Path], outdir: Path, skipped: list[Path] | None = None) -> list[Job]:
    """Every workbook named or inside a named folder (recursively), with its output path.

    Excel's ``~$`` lock files and hidden files or folders are skipped, and so is the tables
    workbook this program writes beside a document (X.公开表.xlsx where X.xlsx is a workbook
    of the same folder; appended to ``skipped``, for the run to say so); old .xls files
    are kept, to be reported as failures.
    A folder's structure is mirrored under ``outdir``.
    """
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            from .tables_workbook import TABLES_SUFFIX

            # .xls files are included so that the run reports them (with how to convert);
            # .xlsm (saved with macros) is read as the .xlsx it also is
            found_files = [p for p in path.rglob("*")
                           if p.suffix.lower() in (*WORKBOOK_SUFFIXES, OLD_WORKBOOK_SUFFIX)]
            converted = {p.with_suffix("") for p in found_files if p.suffix.lower() != OLD_WORKBOOK_SUFFIX}
            # an .xls already saved as .xlsx beside it is the old copy: leave it out
            found_files = [p for p in found_files
                           if p.suffix.lower() != OLD_WORKBOOK_SUFFIX or p.with_suffix("") not in converted]
            for found in sorted(found_files):
                relative = found.relative_to(path)
                if any(part.startswith((".", "~$")) for part in relative.parts):
                    continue
                if found.name.endswith(TABLES_SUFFIX) \
                        and found.with_name(found.name[:-len(TABLES_SUFFIX)]) in converted:
                    if skipped is not None:
                        skipped.append(found)
                    continue
                jobs.append(Job(found, outdir / relative.with_suffix(".docx")))
        else:
            jobs.append(Job(path, outdir / (path.stem + ".docx")))
    _refuse_shared_outputs(jobs)
    return jobs


def _refuse_shared_outputs(jobs: list[Job]) -> None:
    from .errors import DisclosureError

    owner: dict[Path, Path] = {}
    for job in jobs:
        target = job.output.resolve()
        if target in owner:
            raise DisclosureError(
                f"{owner[target]} 和 {job.workbook} 会写到同一个文件 {job.output}："
                "请把它们放在不同的文件夹里、给出文件夹一次处理，或分两次用不同的 -o 运行"
            )
        owner[target] = job.workbook


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---- one workbook ----------------------------------------------------------------------


class Worker:
    """Generates documents with one compiled template (one per process); with a review
    (the 批复, last year's summary), a workbook that differs from its 批复 fails. Without
    ``details`` (and no review) an outcome leaves out its department's figures and its
    findings, which only the report, the 批复 and the county summary need."""

    def __init__(self, template: Path, review: Review | None = None, details: bool = True) -> None:
        from .render import Renderer

        self.template = template
        self.renderer = Renderer(template)
        self.template_sha256 = self.renderer.sha256
        self.details = details or review is not None
        if review is None and self.details:
            from .county import Review

            review = Review()  # reviews against nothing, keeping each department's figures
        self.review = review
        self.review_sha256 = review.sha256 if review is not None else ""

    def run(self, job: Job) -> Outcome:
        """Generate one document; every problem becomes the outcome's messages."""
        from .api import produce
        from .errors import DisclosureError, Finding, findings_of

        start = time.perf_counter()
        outcome = Outcome(str(job.workbook), str(job.output), "failed",
                          template_sha256=self.template_sha256, review_sha256=self.review_sha256)
        if self.review is not None:
            self.review.seen = None
        findings: list[Finding] = []
        before = _stamp(job.output)
        try:
            outcome.input_sha256 = sha256(job.workbook) if job.workbook.is_file() else ""
            loaded = job.ahead.loaded() if job.ahead is not None else None
            result = produce(job.workbook, job.output, self.renderer, review=self.review,
                             tables=job.tables, loaded=loaded)
            outcome.status = "generated"
            outcome.output_sha256 = hashlib.sha256(result.document).hexdigest()
            if result.tables is not None:
                outcome.tables_output = str(result.tables)
                outcome.tables_sha256 = hashlib.sha256(result.tables_bytes).hexdigest()
            outcome.warnings = [str(w) for w in result.warnings]
            findings = list(result.warnings)
        except DisclosureError as error:
            outcome.messages = [error.message, *(str(f) for f in error.findings if f.level == "error")]
            outcome.lacking_sheets = list(getattr(error, "sheets", []))  # tables.NotComputable
            outcome.warnings = [str(f) for f in error.findings if f.level == "warning"]
            findings = findings_of(error, str(job.workbook))
        except Exception as error:  # a bug must not stop the other workbooks
            outcome.messages = [f"{job.workbook}: 程序内部错误（{type(error).__name__}: {error}），"
                                "请用 --debug 单独运行此工作簿并报告问题"]
            findings = [Finding(str(job.workbook), "", "", "程序内部错误", outcome.messages[0])]
        if self.details:
            self._add_details(outcome, job, findings)
        if outcome.status == "failed" and before is not None and _stamp(job.output) == before:
            outcome.messages.append(f"注意：{job.output} 是以前生成的旧文档，未被更新")
        outcome.seconds = round(time.perf_counter() - start, 4)
        return outcome

    def _add_details(self, outcome: Outcome, job: Job, findings: list[Finding]) -> None:
        """The department's figures (as reviewed, or as typed where it failed) and findings."""
        from .county import typed_department

        department = self.review.seen if self.review is not None else None
        if department is None:
            department = typed_department(job.workbook, str(job.workbook))
        outcome.department = department.as_dict()
        outcome.findings = [f.as_dict() for f in findings]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another (inode, size, time), None if there is
    no file (a folder of the same name is no old document)."""
    import stat

    try:
        found = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


_worker: Worker | None = None  # the compiled template of this worker process


def _start_worker(template: Path, review: Review | None = None, details: bool = True) -> None:
    global _worker
    # the parent decides when to stop; a worker finishes the document it is writing
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _worker = Worker(template, review, details)


def _run_in_worker(job: Job) -> Outcome:
    assert _worker is not None
    return _worker.run(job)


# ---- many workbooks --------------------------------------------------------------------


def unchanged(job: Job, previous: dict[str, dict], template_sha: str,
              review_sha: str = "") -> Outcome | None:
    """The previous outcome, if input, template, tool, output and what the workbook was
    reviewed against (批复, last year's summary) are all as they were."""
    before = previous.get(str(job.workbook))
    if not before or before.get("status") not in ("generated", "skipped"):
        return None
    if before.get("review_sha256", "") != review_sha:
        return None
    if (before.get("template_sha256") != template_sha or before.get("tool_version") != __version__
            or not job.workbook.is_file() or not job.output.is_file()
            or before.get("output") != str(job.output)):
        return None
    if sha256(job.workbook) != before.get("input_sha256"):
        return None
    if sha256(job.output) != before.get("output_sha256"):
        return None
    if job.tables is not None and (before.get("tables_output") != str(job.tables)
                                   or not job.tables.is_file()
                                   or sha256(job.tables) != before.get("tables_sha256")):
        return None
    fields = {k: before[k] for k in Outcome.__dataclass_fields__ if k in before}
    return Outcome(**{**fields, "status": "skipped", "seconds": 0.0})


def run(
    jobs: list[Job],
    template: Path,
    workers: int,
    on_outcome: Callable[[Outcome], None],
    previous: dict[str, dict] | None = None,
    review: Review | None = None,
    meanwhile: Callable[[], None] | None = None,
    details: bool = True,
) -> list[Outcome]:
    """Generate every job; call ``on_outcome`` as each finishes. With ``review``, each
    workbook is checked against the 批复 and last year's summary before its document is
    written (see county.Review). ``meanwhile`` runs in a thread of this process once the
    worker processes are running (work for the time this process only waits, such as
    imports the caller needs afterwards; never before the workers are forked, so that no
    import is half done in them). Ctrl-C/SIGTERM stop the
    run after the documents being written are complete (KeyboardInterrupt is re-raised
    with the finished outcomes attached as ``.outcomes``, every document written among
    them). Temporary files left in the output folders by killed runs are removed first.
    Without ``details`` (no manifest, 批复 or county summary wanted) the outcomes leave out
    their departments' figures and findings, so that the run's memory does not grow with the
    number of workbooks."""
    from .atomic import sweep

    for folder in sorted({job.output.parent for job in jobs}):
        sweep(folder)
    outcomes: list[Outcome] = []
    local = Worker(template, review, details)
    todo: list[Job] = []
    for job in jobs:
        skipped = (unchanged(job, previous or {}, local.template_sha256, local.review_sha256)
                   if previous else None)
        if skipped:
            outcomes.append(skipped)
            on_outcome(skipped)
        else:
            todo.append(job)
    with _Interrupts() as interrupts:
        try:
            if workers <= 1 or len(todo) <= 1:
                for job in todo:
                    interrupts.watch_writes()
                    outcome = _compact(local.run(job))
                    interrupts.hold()  # a document written is recorded before the run stops
                    outcomes.append(outcome)
                    on_outcome(outcome)
                    interrupts.release()
            else:
                _run_pool(todo, template, workers, outcomes, on_outcome, interrupts, review,
                          meanwhile, details)
        except KeyboardInterrupt as stop:
            stop.outcomes = outcomes  # type: ignore[attr-defined]
            raise
    return outcomes


def _run_pool(todo, template, workers, outcomes, on_outcome, interrupts, review=None,
              meanwhile=None, details=True) -> None:
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), initializer=_start_worker,
                               initargs=(template, review, details))
    pending = {pool.submit(_run_in_worker, job) for job in todo}  # a finished one is let go
    if meanwhile is not None:  # every worker is forked by now (they start on the first submit)
        threading.Thread(target=meanwhile, name="gendisclosure-meanwhile", daemon=True).start()
    try:
        for future in as_completed(set(pending)):
            outcome = _compact(future.result())
            interrupts.hold()
            outcomes.append(outcome)
            on_outcome(outcome)
            pending.discard(future)
            interrupts.release()
    except KeyboardInterrupt:
        interrupts.hold()  # a second Ctrl-C does not cut the documents being finished short
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)  # documents being written are finished, not cut off
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                outcome = future.result()
                outcomes.append(outcome)
                on_outcome(outcome)
        raise
    finally:
        pool.shutdown(wait=True)


def _compact(outcome: Outcome) -> Outcome:
    """An outcome as this process keeps it until the run ends (one per workbook, for the
    report and the county summary): the short texts of its department and findings — keys,
    levels, sheet and cell names, figures, repeated in every outcome — shared between
    outcomes instead of copied from each worker's answer."""
    outcome.department = _shared(outcome.department)
    outcome.findings = _shared(outcome.findings)
    return outcome


def _shared(value: Any) -> Any:
    if isinstance(value, dict):
        return {_shared(k): _shared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared(v) for v in value]
    if isinstance(value, str) and len(value) <= 40:
        return sys.intern(value)
    return value


class _Interrupts:
    """Ctrl-C and SIGTERM during a run raise KeyboardInterrupt at once, except from the
    moment a document begins to be written until its outcome is recorded: then just after,
    so that the report and the count hold every document that was written."""

    def __init__(self) -> None:
        self.previous: dict[int, object] = {}
        self.writes: int | None = None  # atomic.writes_begun() when the job began
        self.holding = False
        self.pending = False

    def __enter__(self) -> _Interrupts:
        import threading

        if threading.current_thread() is threading.main_thread():  # where signals arrive
            for signum in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(signum) is signal.SIG_IGN:
                    continue  # ignored by whoever started the run (nohup): stays ignored
                self.previous[signum] = signal.signal(signum, self._arrived)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def watch_writes(self) -> None:
        """A job begins in this process: hold interrupts once it begins to write."""
        from .atomic import writes_begun

        self.writes = writes_begun()

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        """The outcome is recorded: an interrupt that came meanwhile stops the run now."""
        self.holding, self.writes = False, None
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt

    def _arrived(self, signum: int, frame: object) -> None:
        from .atomic import writes_begun

        if self.holding or (self.writes is not None and writes_begun() != self.writes):
            self.pending = True
            return
        raise KeyboardInterrupt


def write_report(path: Path, outcomes: list[Outcome], template: Path) -> None:
    from .write import write_atomic

    order = sorted(outcomes, key=lambda o: o.input)
    data = {
        "tool_version": __version__,
        "template": str(template),
        "summary": summary(outcomes),
        "workbooks": [asdict(o) for o in order],
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def read_report(path: Path) -> dict[str, dict]:
    """The previous manifest's entries by input path ({} when there is none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["input"]: entry for entry in data.get("workbooks", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def is_report(path: Path) -> bool:
    """Is the file a manifest this program wrote (JSON with its ``workbooks`` list)?"""
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(64 * 1024 * 1024))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get("workbooks"), list)


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    return {
        "generated": sum(o.status == "generated" for o in outcomes),
        "skipped": sum(o.status == "skipped" for o in outcomes),
        "failed": sum(o.status == "failed" for o in outcomes),
        "warnings": sum(len(o.warnings) for o in outcomes),
    }


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
