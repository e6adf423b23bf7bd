"""The finance bureau's folder: every workbook read once per content, and one generation
of all documents at a time, with its progress.

Reading runs in a thread of its own; a request waits for it a moment and otherwise
answers with what is known so far, so that the page can show the progress of a first
reading of a large folder. Summaries are kept by file and content hash: a refresh reads
again only the workbooks that changed (120 unchanged workbooks: hashing only). Given a 批复
(and last year's summary), every reading checks the workbooks against them as they are
then (pipeline.web.review), and a generation writes no document that differs from its 批复.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import api
from .review import Checked, ReviewFiles


def entry_key(entry: api.FolderEntry) -> str:
    """The name of a workbook in the page's links: its place and content, never a path."""
    return hashlib.sha256(f"{entry.label}\0{entry.sha256}".encode()).hexdigest()[:24]


@dataclass
class Reading:
    """What a request learns of the folder."""

    entries: list[api.FolderEntry]
    busy: bool
    done: int
    total: int
    problem: str = ""
    checked: Checked | None = None  # the entries against the 批复 (None before the first reading)


class FolderIndex:
    def __init__(self, folder: Path, outdir: Path, approved: Path | None = None,
                 previous: Path | None = None) -> None:
        """Raises WorkbookError when the 批复 or last year's summary cannot be used."""
        self.folder = Path(folder)
        self.outdir = Path(outdir)
        self.review = ReviewFiles(approved, previous)
        self._checked: Checked | None = None
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], api.Summary] = {}  # used by the reading thread only
        self._entries: list[api.FolderEntry] = []
        self._read_once = False
        self._thread: threading.Thread | None = None
        self._progress = (0, 0)
        self._problem = ""
        self.generation = Generation(self)

    # ---- reading ----------------------------------------------------------------------

    def refresh(self, wait: float = 1.5) -> Reading:
        """Read the folder again (what changed), waiting at most ``wait`` seconds."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._progress = (0, self._progress[1])
                self._thread = threading.Thread(target=self._read, name="gendisclosure-folder",
                                                daemon=True)
                self._thread.start()
            thread = self._thread
        thread.join(wait)
        return self.state()

    def state(self) -> Reading:
        with self._lock:
            busy = self._thread is not None and self._thread.is_alive()
            done, total = self._progress
            return Reading(list(self._entries), busy, done, total, self._problem, self._checked)

    def entries(self) -> list[api.FolderEntry]:
        """The workbooks as last read (read now if they never were)."""
        if not self._read_once:
            self.refresh(wait=600)
        with self._lock:
            return list(self._entries)

    def checked(self) -> Checked:
        """The workbooks as last read, checked against the 批复 (read now if they never were)."""
        self.entries()
        with self._lock:
            assert self._checked is not None
            return self._checked

    def find(self, key: str) -> api.FolderEntry | None:
        return next((e for e in self.entries() if entry_key(e) == key), None)

    def _read(self) -> None:
        try:
            entries = api.folder_summary(self.folder, self._cache, self._count)
            problem = ""
        except Exception as error:  # the folder went away, cannot be listed …
            entries, problem = [], f"无法读取文件夹 {self.folder}：{error}"
        keep = {(e.label, e.sha256) for e in entries}
        for key in [k for k in self._cache if k not in keep]:
            del self._cache[key]
        self.review.refresh()
        checked = self.review.check(entries)
        with self._lock:
            self._entries, self._problem, self._read_once = checked.entries, problem, True
            self._checked = checked
            self._progress = (len(entries), len(entries))

    def _count(self, done: int, total: int) -> None:
        with self._lock:
            self._progress = (done, total)


@dataclass
class Progress:
    running: bool = False
    done: int = 0
    total: int = 0
    generated: int = 0
    failed: int = 0
    warnings: int = 0
    failures: list[str] = field(default_factory=list)  # the workbooks that failed
    reasons: dict[str, str] = field(default_factory=dict)  # failed workbook → why (its first message)
    problem: str = ""
    started: float = 0.0
    finished: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "running": self.running, "done": self.done, "total": self.total,
            "generated": self.generated, "failed": self.failed, "warnings": self.warnings,
            "failures": self.failures, "reasons": self.reasons, "problem": self.problem,
            "seconds": round((self.finished or time.time()) - self.started, 1) if self.started else 0,
            "finished_at": datetime.fromtimestamp(self.finished).strftime("%H:%M:%S") if self.finished else "",
        }


class Generation:
    """Generating every document of the folder into the output folder, one run at a time.

    Workbooks are done one after another in the server's process (no pool of processes
    forked from a threaded server); each run compiles its template once (pipeline.batch).
    """

    def __init__(self, index: FolderIndex) -> None:
        self.index = index
        self._lock = threading.Lock()
        self._progress = Progress()

    def start(self, template: str | None, tables: bool = False) -> bool:
        """Begin a run (with ``tables``, each document's tables workbook too); False when one
        is running already. Raises the WorkbookError of a 批复 that cannot be used as it is
        now: nothing is generated unchecked."""
        review = self.index.review.for_generation()
        skip = {path.resolve() for path in self.index.review.files()}
        with self._lock:
            if self._progress.running:
                return False
            total = [p for p in api.folder_workbooks(self.index.folder) if p.resolve() not in skip]
            self._progress = Progress(running=True, started=time.time(), total=len(total))
        threading.Thread(target=self._run, args=(template, review, tables), name="gendisclosure-generate",
                         daemon=True).start()
        return True

    def progress(self) -> dict[str, Any]:
        with self._lock:
            return self._progress.as_dict()

    def _run(self, template: str | None, review: Any, tables: bool) -> None:
        try:
            api.generate_folder(self.index.folder, self.index.outdir, template, workers=1,
                                on_outcome=self._outcome, review=review,
                                skip=self.index.review.files(), tables=tables)
        except Exception as error:
            with self._lock:
                self._progress.problem = f"生成中断：{error}"
        finally:
            with self._lock:
                self._progress.running = False
                self._progress.finished = time.time()

    def _outcome(self, outcome: Any) -> None:
        with self._lock:
            progress = self._progress
            progress.done += 1
            progress.warnings += len(outcome.warnings)
            if outcome.status == "failed":
                progress.failed += 1
                label = Path(outcome.input)
                try:
                    label = label.resolve().relative_to(self.index.folder.resolve())
                except ValueError:
                    pass
                progress.failures.append(label.as_posix())
                if outcome.lacking_sheets:  # in the page's words, not the command line's
                    named = "、".join(f"“{sheet}”" for sheet in outcome.lacking_sheets)
                    progress.reasons[label.as_posix()] = (
                        f"工作簿没有{named}（或没有填写），算不出公开表：请该部门照带公开表用的空白工作簿加上这些表；"
                        "不公开这些表的地区，请取消勾选“同时生成公开表工作簿”")
                elif outcome.messages:  # said without the server's path of the workbook
                    reason = outcome.messages[0]
                    prefix = f"{outcome.input}: "
                    progress.reasons[label.as_posix()] = reason[len(prefix):] if reason.startswith(prefix) else reason
            else:
                progress.generated += 1
