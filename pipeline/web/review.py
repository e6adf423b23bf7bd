"""The finance bureau's page against the approved budget (批复) and last year's summary.

Both files are read when the server starts (a broken one refuses the start, with the
command line's messages) and read again whenever their content changes (by sha256, as the
folder's workbooks are). Every workbook of the folder, as last read, is checked against
them with the library's own comparisons: a figure that differs from its 批复 is an error
of that workbook, worded as on the command line; a 批复 department without a workbook is a
finding of the county.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import api
from ..errors import DisclosureError, Finding, WorkbookError

if TYPE_CHECKING:
    from ..county import DepartmentReport, Review


@dataclass
class Checked:
    """The folder's workbooks as last read, each checked against the review."""

    entries: list[api.FolderEntry]  # each summary's findings hold the review's too
    reviewed: dict[str, list[Finding]] = field(default_factory=dict)  # label → the review's findings
    county: list[Finding] = field(default_factory=list)  # 批复 departments without a workbook …
    review: Review | None = None

    def reports(self) -> list[DepartmentReport]:
        return [e.summary.report for e in self.entries if e.summary.report is not None]


class ReviewFiles:
    """The 批复 and last year's summary given to ``serve`` (either may be None)."""

    def __init__(self, approved: Path | None = None, previous: Path | None = None) -> None:
        self.approved, self.previous = approved, previous
        self._lock = threading.Lock()
        self._hashes: tuple[str, ...] | None = None
        self._review: Review | None = None
        self._problem: WorkbookError | None = None
        self.refresh()
        if self._problem is not None:
            raise self._problem

    @property
    def active(self) -> bool:
        return self.approved is not None or self.previous is not None

    def files(self) -> list[Path]:
        """The files given (to be left out when they lie in the folder)."""
        return [path for path in (self.approved, self.previous) if path is not None]

    def refresh(self) -> None:
        """Read the files again if their content changed since they were last read."""
        if not self.active:
            return
        with self._lock:
            hashes = tuple(_sha256(path) for path in self.files())
            if hashes == self._hashes:
                return
            try:
                self._review, self._problem = api.read_review(self.approved, self.previous), None
            except WorkbookError as error:
                self._review, self._problem = None, error
            except DisclosureError as error:  # any other reason it cannot be read
                self._review, self._problem = None, WorkbookError(error.message, error.findings)
            self._hashes = hashes

    def current(self) -> Review | None:
        """The review to check against now (None when no file was given); raises the
        WorkbookError of a file that cannot be used as it is now."""
        self.refresh()
        with self._lock:
            if self._problem is not None:
                raise self._problem
            return self._review

    def for_generation(self) -> Review | None:
        """:meth:`current`, as a copy of its own (a run records the department it checked
        last in its review; the page's requests check with the shared one meanwhile)."""
        review = self.current()
        return copy.copy(review) if review is not None else None

    @property
    def problem(self) -> WorkbookError | None:
        with self._lock:
            return self._problem

    def check(self, entries: list[api.FolderEntry]) -> Checked:
        """``entries`` without the review's own files, checked against it as it is now."""
        given = {path.resolve() for path in self.files()}
        entries = [e for e in entries if e.path.resolve() not in given]
        with self._lock:
            review = self._review
        if review is None:
            return Checked(entries)
        reviewed: dict[str, list[Finding]] = {}
        out = []
        for entry in entries:
            report = entry.summary.report
            found = review.compare(report.department) if report and report.department.figures else []
            reviewed[entry.label] = api.reading_order(found)
            if found:
                findings = api.reading_order([*entry.summary.findings, *found])
                entry = entry._replace(summary=entry.summary._replace(findings=findings))
            out.append(entry)
        departments = [e.summary.report.department for e in entries if e.summary.report]
        own = review.approved.warnings if review.approved is not None else []
        return Checked(out, reviewed, [*own, *review.missing(departments)], review)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # gone: read_review says so in Chinese
