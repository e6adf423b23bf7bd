"""The library API: one function per thing a user does; the CLI is a thin layer over it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from .errors import CountsFindings, Finding, WorkbookError

if TYPE_CHECKING:
    from collections.abc import Collection

    from .context import Sourced
    from .county import DepartmentReport, Review
    from .render import Renderer


class Result(NamedTuple):  # records of this module are tuples: made faster than dataclasses
    """What one generation produced."""

    workbook: Path
    output: Path
    warnings: list[Finding]
    document: bytes = b""  # the .docx written to ``output``
    tables: Path | None = None  # the tables workbook (公开表) written beside it, if asked for
    tables_bytes: bytes = b""


def load(workbook: str | Path, label: str | None = None) -> dict[str, Any]:
    """Read and validate a workbook; return clean data (raises WorkbookError)."""
    from .read import read_workbook
    from .validate import validate

    return validate(read_workbook(workbook, label, others=True))


class Loaded(NamedTuple):
    """A workbook read and checked, and its context without the standard tables (公开表),
    which pipeline.context.add_tables adds for a template that prints them."""

    book: dict[str, Any]
    context: Sourced


def loaded_context(workbook: str | Path, label: str | None = None) -> Loaded:
    """Read and validate a workbook and build its context without 公开表 (raises WorkbookError)."""
    from .context import build_context

    book = load(workbook, label)
    return Loaded(book, build_context(book, tables=False))


def context_of(workbook: str | Path, label: str | None = None) -> dict[str, Any]:
    """The template context of one workbook."""
    from .context import build_context

    book = load(workbook, label)
    context = build_context(book)
    return context


def output_path(workbook: str | Path, outdir: str | Path) -> Path:
    """outputs/2021.docx for inputs/2021.xlsx."""
    return Path(outdir) / (Path(workbook).stem + ".docx")


def tables_path(document: str | Path) -> Path:
    """outputs/2021.公开表.xlsx beside outputs/2021.docx: where a batch writes each
    department's tables workbook (``--with-tables``)."""
    from .tables_workbook import TABLES_SUFFIX

    document = Path(document)
    return document.with_name(document.stem + TABLES_SUFFIX)


def generate(
    workbook: str | Path,
    outdir: str | Path = "outputs",
    template: str | Path | None = None,
    label: str | None = None,
    tables: str | Path | None = None,
) -> Result:
    """Read → validate → build context → render → write one department's document, and
    with ``tables`` its standard budget tables (公开表) as a workbook there.

    Nothing is written unless every stage succeeded.
    """
    from .render import Renderer, resolve_template

    return produce(workbook, output_path(workbook, outdir), Renderer(resolve_template(template)), label,
                   tables=Path(tables) if tables is not None else None)


def produce(workbook: str | Path, output: Path, renderer: Renderer, label: str | None = None,
            review: Review | None = None, tables: Path | None = None,
            loaded: Loaded | None = None) -> Result:
    """The pipeline for one workbook with an already compiled template (see batch); with
    ``review``, a workbook that differs from its 批复 is refused before anything is written;
    with ``tables``, the tables workbook is written too: both files are put in place
    together, or neither is. ``loaded`` is the workbook already read, checked and made a
    context of (see pipeline.read_ahead)."""
    from .write import write_together

    rendered = _rendered(workbook, renderer, label, review=review, tables=tables is not None, loaded=loaded)
    files = [(output, rendered.document)] + ([(tables, rendered.tables)] if tables is not None else [])
    written = write_together(files)
    return Result(Path(workbook), written[0], rendered.warnings, rendered.document,
                  written[1] if tables is not None else None, rendered.tables)


class _Rendered(NamedTuple):
    document: bytes
    warnings: list[Finding]
    tables: bytes = b""


def render_document(workbook: str | Path, renderer: Renderer, label: str | None = None,
                    guard: AbstractContextManager[Any] | None = None,
                    review: Review | None = None) -> tuple[bytes, list[Finding]]:
    """The .docx of one workbook and its warnings, written nowhere (the web page sends it).

    ``guard`` is held while ``renderer`` renders: a lock where threads share one renderer.
    ``review`` (county.Review) compares the workbook with the 批复 and last year's summary
    first: a figure that differs from its 批复 raises WorkbookError.
    """
    rendered = _rendered(workbook, renderer, label, guard, review)
    return rendered.document, rendered.warnings


def _rendered(workbook: str | Path, renderer: Renderer, label: str | None = None,
              guard: AbstractContextManager[Any] | None = None, review: Review | None = None,
              tables: bool = False, loaded: Loaded | None = None) -> _Rendered:
    from .context import add_tables

    book, context = loaded or loaded_context(workbook, label)
    if tables or "公开表" in renderer.names:
        add_tables(book, context)
    reviewed = review.check(book, context) if review is not None else []
    made = tables_of(book, context) if tables else b""
    from .render import RenderingLimit, UnprintableValue, shipped_templates

    with guard or nullcontext():
        try:
            document, shown = renderer.render_showing(context, int(context["年度"]))
        except UnprintableValue as error:  # named with the workbook's file
            raise WorkbookError(f"{book['file']}: {error.message}") from error
        except RenderingLimit as error:  # a shipped template's loops are the workbook's rows
            if renderer.path.parent.resolve() != shipped_templates().resolve():
                raise
            raise WorkbookError(f"{book['file']}: 工作簿的内容太多，生成的文档超出限制（{error.limit}）："
                                "请检查是否误填或误粘贴了大量内容（项目、指标或很长的文字）") from error
    unused = _left_out(book, context, shown, renderer.path.stem, published=tables)
    return _Rendered(document, book["warnings"] + reviewed + unused, made)


def _left_out(book: dict[str, Any], context: dict[str, Any], shown: set[str], template: str,
              published: bool = False) -> list[Finding]:
    """The warnings for filled cells the document leaves out; with ``published``, what the
    tables workbook shows counts as shown."""
    from .coverage import SUBJECT_SHEETS, left_out

    tables = context.get("公开表")
    if tables is None and not published and not any(book["sheets"].get(s) for s in SUBJECT_SHEETS):
        return left_out(book, shown, template)  # no 科目 sheet: the tables' advice is not needed
    from .tables import build_tables, lacking_sheets, published_cells

    if tables is None:
        tables = build_tables(book, context)  # for the advice on an unused 科目 sheet
    used = shown | published_cells(tables) if published else shown
    return left_out(book, used, template, lacking_sheets(tables))


def tables_of(book: dict[str, Any], context: dict[str, Any]) -> bytes:
    """The standard budget tables (公开表) of a validated workbook as .xlsx bytes (equal
    bytes for an equal workbook). A table the workbook lacks a 科目 sheet for raises
    WorkbookError naming the tables and the sheets, as a template printing it does."""
    from .tables import not_computable
    from .tables_workbook import tables_workbook

    tables = context["公开表"]
    lacking = [t for t in tables if not t["可用"]]
    if lacking:
        raise not_computable(book["file"], lacking)
    return tables_workbook(tables, int(context["年度"]))


def tables_document(workbook: str | Path, label: str | None = None) -> tuple[bytes, list[Finding]]:
    """The tables workbook of one workbook and the workbook's warnings, written nowhere (the
    web page sends it); raises WorkbookError as :func:`load` and :func:`tables_of`."""
    from .context import build_context

    book = load(workbook, label)
    return tables_of(book, build_context(book)), list(book["warnings"])


def check_template(renderer: Renderer, book: dict[str, Any], context: dict[str, Any]) -> list[Finding]:
    """Try a compiled template on one workbook: raises TemplateProblem naming every unknown
    top-level variable, or what fails on this workbook's data; returns a warning for each
    filled cell of the workbook that the template leaves out."""
    problem = renderer.unknown_problem(context)
    if problem:
        raise problem
    _, shown = renderer.render_showing(context)
    return _left_out(book, context, shown, renderer.path.stem)


def shipped_templates() -> list[tuple[str, str]]:
    """(name, one-line description) of each template shipped with the tool; the
    description is the .docx's own “备注” property (File → Properties in Word)."""
    import re
    import zipfile
    from html import unescape

    from .render import shipped_templates as folder

    out = []
    for path in sorted(folder().glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
        found = re.search(r"<dc:description>([^<]*)</dc:description>", core)
        out.append((path.stem, unescape(found.group(1)) if found else ""))
    return out


def export_template(name: str, target: str | Path, force: bool = False) -> Path:
    """Copy a shipped template out for editing in Word, WPS or LibreOffice."""
    from .errors import OutputError, TemplateProblem
    from .render import shipped_templates as folder
    from .write import write_atomic

    source = folder() / f"{Path(name).stem}.docx"
    if not source.is_file():
        known = "、".join(n for n, _ in shipped_templates())
        raise TemplateProblem(f"没有名为“{name}”的自带模板：可选 {known}（gendisclosure template list）")
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: 模板的文件名要以 .docx 结尾")
    if target.exists() and not force:
        raise OutputError(f"{target}: 文件已存在，未覆盖（要覆盖请加 --force）")
    return write_atomic(target, source.read_bytes())


# ---- what the web page needs: checks as lists, previews, folders ---------------------------


def check(workbook: str | Path, label: str | None = None, renderer: Renderer | None = None,
          guard: AbstractContextManager[Any] | None = None) -> list[Finding]:
    """Every problem of one workbook, errors and warnings, in reading order; none of level
    "error" means it can be generated. A file that cannot be read at all gives one finding
    for the whole file. With ``renderer``, the document is rendered too (nothing is written)
    and each filled cell its template leaves out is a warning (``guard`` as in
    :func:`render_document`)."""
    from .context import build_context
    from .errors import findings_of

    try:
        if renderer is not None:
            _, findings = render_document(workbook, renderer, label, guard)
        else:
            book = load(workbook, label)
            build_context(book)  # what generation computes next
            findings = list(book["warnings"])
    except WorkbookError as error:
        findings = findings_of(error, label or str(workbook))
    return reading_order(findings)


def reading_order(findings: list[Finding]) -> list[Finding]:
    """Findings as a clerk reads the workbook: by file, the whole file first, then sheet by
    sheet in the format's order, row by row, column by column."""
    import re

    from .workbook_format import SHEETS
    from .xlsx import column_number

    order = {sheet.name: i for i, sheet in enumerate(SHEETS)}
    cell = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")

    def key(finding: Finding) -> tuple[Any, ...]:
        found = cell.match(finding.cell or "")
        row, column = (int(found.group(2)), column_number(found.group(1))) if found else (0, 0)
        return (finding.file, bool(finding.sheet), order.get(finding.sheet, len(order)),
                finding.sheet, row, column)

    return sorted(findings, key=key)


def preview_html(document: bytes) -> str:
    """A generated .docx as an HTML fragment for a web page, every text escaped."""
    from .preview import docx_to_html

    return docx_to_html(document)


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so that PDFs can be made."""
    from .pdf import find_soffice

    return find_soffice() is not None


def pdf_of(document: Path) -> Path:
    """The PDF of one .docx, written beside it (through LibreOffice)."""
    from .pdf import to_pdf

    return to_pdf([Path(document)])[0]


def blank_workbook(target: str | Path, year: int | None = None, department: str | None = None,
                   tables: bool = False) -> Path:
    """A blank workbook to fill in (as ``gendisclosure init``); with ``tables`` it has the
    科目 sheets of the standard tables (公开表) too."""
    from .blank import write_blank

    return write_blank(target, year, department, tables)


def next_year(workbook: str | Path, target: str | Path, year: int | None = None,
              label: str | None = None) -> Path:
    """Next year's workbook from this year's (as ``gendisclosure rollover``); a workbook with
    errors raises WorkbookError naming ``label``."""
    from .rollover import rollover

    load(workbook, label)  # problems are told with the name the clerk knows
    return rollover(workbook, year, target)


class Summary(NamedTuple):
    """One workbook at a glance, for the finance bureau's table of a whole folder."""

    file: str
    department: str
    findings: list[Finding]
    income: str = ""  # 收入合计, 本年, 万元 ("" when the workbook has errors)
    expense: str = ""  # 支出合计
    sangong: str = ""  # “三公”经费合计
    projects: int | None = None
    report: DepartmentReport | None = None  # what :func:`summarize` read (see there)

    errors = CountsFindings.errors
    warnings = CountsFindings.warnings

    @property
    def status(self) -> str:
        """"error", "warning" or "ok"."""
        return "error" if self.errors else "warning" if self.warnings else "ok"


def summarize(workbook: str | Path, label: str | None = None) -> Summary:
    """The figures and problems of one workbook; its department even when it has errors.
    ``report`` keeps its :func:`department_report` (figures with their cells), which the
    bureau's page compares with the 批复 and puts in the county summary."""
    report = department_report(workbook, label)
    department, findings = report.department, reading_order(report.findings)
    if not department.figures:
        return Summary(report.file, department.short or Path(report.file).stem, findings,
                       report=report)

    def this(name: str) -> str:
        return department.figures[name]["this"]

    return Summary(report.file, department.short, findings, this("收入合计"), this("支出合计"),
                   this("三公经费合计"), department.projects, report)


class FolderEntry(NamedTuple):
    """One workbook of a folder: where it is, what it holds, and when it was changed."""

    path: Path
    label: str  # its path inside the folder, with /
    sha256: str
    modified: float  # seconds since the epoch
    summary: Summary


def folder_workbooks(folder: str | Path) -> list[Path]:
    """Every workbook in ``folder`` and its subfolders that truly lies inside it (a link
    pointing elsewhere is left out); Excel's lock files and hidden files are skipped."""
    from .batch import find_workbooks

    root = Path(folder).resolve()
    found = []
    for job in find_workbooks([root], root):
        try:
            inside = job.workbook.resolve().relative_to(root) is not None
        except (ValueError, OSError):
            inside = False
        if inside and job.workbook.is_file():
            found.append(job.workbook)
    return found


def folder_summary(folder: str | Path, cache: dict[tuple[str, str], Summary] | None = None,
                   on_each: Callable[[int, int], None] | None = None) -> list[FolderEntry]:
    """A summary of every workbook in ``folder``. ``cache`` (kept by the caller) holds the
    summaries by file and content hash, so that only new or changed workbooks are read
    again; ``on_each(done, total)`` is called as each workbook is done."""
    import hashlib

    root = Path(folder).resolve()
    cache = {} if cache is None else cache
    workbooks = folder_workbooks(root)
    entries = []
    for number, path in enumerate(workbooks, start=1):
        label = path.relative_to(root).as_posix()
        try:
            data = path.read_bytes()
            modified = path.stat().st_mtime
        except OSError:
            continue  # removed meanwhile
        sha = hashlib.sha256(data).hexdigest()
        summary = cache.get((label, sha))
        if summary is None:
            summary = cache[(label, sha)] = summarize(path, label)
        entries.append(FolderEntry(path, label, sha, modified, summary))
        if on_each is not None:
            on_each(number, len(workbooks))
    return entries


def generate_folder(folder: str | Path, outdir: str | Path, template: str | Path | None = None,
                    workers: int | None = None,
                    on_outcome: Callable[[Any], None] | None = None,
                    review: Review | None = None, skip: Collection[Path] = (),
                    tables: bool = False) -> list[Any]:
    """Generate every workbook of ``folder`` into ``outdir`` (subfolders mirrored), as
    ``gendisclosure 文件夹 -o 输出文件夹`` does; returns each workbook's batch.Outcome. With
    ``review`` (:func:`read_review`), a workbook that differs from its 批复 fails unwritten.
    ``skip``: files of the folder that are no department's workbook (the 批复 itself).
    With ``tables``, each document gets its tables workbook beside it, as ``--with-tables``
    does (a workbook without the 科目 sheets fails, naming them)."""
    from . import batch
    from .render import resolve_template

    root = Path(folder).resolve()
    skipped = {Path(path).resolve() for path in skip}
    jobs = []
    for path in folder_workbooks(root):
        if path.resolve() not in skipped:
            output = Path(outdir) / path.relative_to(root).with_suffix(".docx")
            jobs.append(batch.Job(path, output, tables_path(output) if tables else None))
    return batch.run(jobs, resolve_template(template), workers or batch.default_workers(),
                     on_outcome or (lambda outcome: None), review=review)


SAME_RUN_SECONDS = 2  # a document and its tables workbook are written together, within this


def folder_documents(folder: str | Path, outdir: str | Path) -> list[tuple[str, Path, str]]:
    """(name inside the folder, path, the workbook's name inside the folder) of each
    document in ``outdir`` generated from a workbook of ``folder`` as it is now, and of each
    tables workbook (公开表) written with such a document. A document older than its
    workbook (changed since, and not generated again) and a tables workbook older than its
    document (from an earlier run) are out of date and left out."""
    root = Path(folder).resolve()
    found = []
    for path in folder_workbooks(root):
        workbook = path.relative_to(root)
        relative = workbook.with_suffix(".docx")
        document = Path(outdir) / relative
        made = _modified(document)
        if made is None or made < (_modified(path) or 0):
            continue
        found.append((relative.as_posix(), document, workbook.as_posix()))
        tables = tables_path(document)
        if (_modified(tables) or 0) >= made - SAME_RUN_SECONDS:
            found.append((tables_path(relative).as_posix(), tables, workbook.as_posix()))
    return found


def _modified(path: Path) -> float | None:
    """When a file was last written; None where there is no file."""
    try:
        found = path.stat()
    except OSError:
        return None
    import stat

    return found.st_mtime if stat.S_ISREG(found.st_mode) else None


# ---- the finance bureau's review: the 批复, last year's summary, the county summary ----------


def read_review(approved: str | Path | None = None, previous: str | Path | None = None,
                approved_label: str | None = None, previous_label: str | None = None) -> Review:
    """What departments are checked against: the 批复 workbook (docs/approved.md) and last
    year's summary workbook or ``--report`` manifest, each read and checked (raises
    WorkbookError listing every problem at its cell; the labels name the files in messages).
    The 批复's own warnings are in ``review.approved.warnings``."""
    from .approved import read_approved
    from .county import Review
    from .summary import read_previous

    return Review(read_approved(approved, approved_label) if approved is not None else None,
                  read_previous(previous, previous_label) if previous is not None else None)


def department_report(workbook: str | Path, label: str | None = None) -> DepartmentReport:
    """One workbook checked, nothing written: status ("ok"/"invalid"), department, key
    figures and findings; what :func:`approved_findings` and :func:`county_summary` need."""
    from .county import report_of

    return report_of(workbook, label)


def folder_reports(folder: str | Path, cache: dict[tuple[str, str], DepartmentReport] | None = None,
                   on_each: Callable[[int, int], None] | None = None) -> list[DepartmentReport]:
    """:func:`department_report` of every workbook of ``folder`` (labels are the paths
    inside it); ``cache`` and ``on_each`` as in :func:`folder_summary`."""
    import hashlib

    from .batch import find_workbooks

    root = Path(folder).resolve()
    cache = {} if cache is None else cache
    workbooks = [job.workbook for job in find_workbooks([root], root) if job.workbook.is_file()]
    reports = []
    for number, path in enumerate(workbooks, start=1):
        label = path.relative_to(root).as_posix()
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # removed meanwhile
        report = cache.get((label, sha))
        if report is None:
            report = cache[(label, sha)] = department_report(path, label)
        reports.append(report)
        if on_each is not None:
            on_each(number, len(workbooks))
    return reports


def approved_findings(reports: list[DepartmentReport], review: Review) -> list[Finding]:
    """Every finding of the review: each valid workbook's figures against its 批复 (errors:
    its document must not be published) and its 上年 against last year's summary
    (warnings), a workbook whose department the 批复 lacks (error), and each department of
    the 批复 without a workbook (a warning whose ``file`` is the 批复's label)."""
    found: list[Finding] = []
    for report in reports:
        if report.department.figures:
            found += review.compare(report.department)
    found += review.missing([r.department for r in reports])
    return reading_order(found)


def review_states(report: DepartmentReport, findings: list[Finding], review: Review | None
                  ) -> tuple[str, str]:
    """How the county summary's 批复核对 and 上年核对 columns word one workbook, given all its
    findings (the review's among them): e.g. ("不符 1 处", "一致"); "" where not reviewed."""
    from .summary import approved_state, last_year_state

    return approved_state(report, findings, review), last_year_state(report, findings, review)


def county_summary(reports: list[DepartmentReport], review: Review | None = None) -> bytes:
    """The county summary workbook (.xlsx bytes; byte-identical for equal input): a row
    per department with its figures, every finding, and charts (docs/approved.md)."""
    from .summary import summary_workbook

    return summary_workbook(reports, review)


def blank_approved(target: str | Path) -> Path:
    """A blank 批复 workbook to fill in (as ``gendisclosure init --approved``)."""
    from .blank import write_blank_approved

    return write_blank_approved(target)
