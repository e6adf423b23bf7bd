"""What ``gendisclosure`` does with workbooks and folders (the generate command), without
click: the command line's generate command and the entry point's usual command
(``gendisclosure X.xlsx``, pipeline.__main__) both call :func:`generate`.

It checks the options together, finds the workbooks, hands them to pipeline.batch and says
what happened, line by line (a progress bar for many workbooks on a terminal). A lone
workbook begins to be read in a second process while this one loads the template engine
(pipeline.read_ahead). Problems are raised (errors.UsageProblem for options that do not go
together) for pipeline.exits to tell.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from . import OLD_WORKBOOK_SUFFIX, WORKBOOK_SUFFIXES
from .errors import Interrupted, UsageProblem, WorkbookError
from .exits import debugging, say

if TYPE_CHECKING:
    from .read_ahead import ReadAhead


class Request(NamedTuple):
    """The generate command's arguments, as the command line's options name them."""

    paths: tuple[Path, ...]  # workbooks and folders
    outdir: Path = Path("outputs")
    jobs: int | None = None  # worker processes; None: as many as CPUs
    template: Path | None = None
    report: Path | None = None  # the JSON manifest
    skip_unchanged: bool = False
    pdf: bool = False
    tables: Path | None = None  # the tables workbook of the one workbook given
    with_tables: bool = False  # each document's tables workbook beside it
    approved: Path | None = None  # the 批复 workbook
    summary: Path | None = None  # the county summary workbook to write
    previous_summary: Path | None = None


def generate(request: Request) -> int:
    """Generate the documents of the request's workbooks; 1 when one of them failed."""
    ahead = _read_ahead(request.paths)
    try:
        return _generate(request, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _generate(request: Request, ahead: ReadAhead | None) -> int:
    paths, outdir, report, summary = request.paths, request.outdir, request.report, request.summary
    approved, previous_summary = request.approved, request.previous_summary
    from . import batch
    from .render import resolve_template

    if request.skip_unchanged and not report:
        raise UsageProblem("--skip-unchanged 需要同时给出 --report（上次的清单）")
    if summary is not None and summary.suffix.lower() != ".xlsx":
        raise UsageProblem("汇总工作簿的文件名要以 .xlsx 结尾，例如 --summary 汇总.xlsx")
    if report is not None and report.suffix.lower() != ".json":
        raise UsageProblem("清单的文件名要以 .json 结尾，例如 --report 清单.json")
    for path in paths:
        refuse_hidden_extension(path)
    template = resolve_template(request.template)
    review = review_of(approved, previous_summary)
    skipped: list[Path] = []
    work = _not_bureau_files(batch.find_workbooks(paths, outdir, skipped), approved, summary, previous_summary)
    for path in skipped:
        say(f"跳过 {path}：这是本程序写出的公开表工作簿（同一文件夹里有它的工作簿）")
    if not work:
        raise WorkbookError(f"{'、'.join(map(str, paths))}: 没有找到任何 .xlsx 工作簿")
    _ask_for_tables(work, request.tables, request.with_tables, any(path.is_dir() for path in paths))
    if ahead is not None and len(work) == 1 and work[0].workbook == ahead.path:
        work[0].ahead = ahead
    _refuse_overwriting(work, report, summary, approved, previous_summary)
    if debugging():
        _generate_for_debugging(work, template, review)
        return 0
    previous = batch.read_report(report) if request.skip_unchanged and report else None
    show = _Progress(len(work))
    try:
        outcomes = batch.run(work, template, request.jobs or batch.default_workers(), show, previous,
                             review=review, meanwhile=_summary_preload(summary),
                             details=any(x is not None for x in (report, review, summary)))
    except KeyboardInterrupt as stop:
        finished = getattr(stop, "outcomes", [])
        show.close()
        if report:
            batch.write_report(report, finished, template)
        raise Interrupted(f"已中断：已完成 {len(finished)} 个，未处理 {len(work) - len(finished)} 个；"
                          "已写出的文件都是完整的。") from stop
    finally:
        show.close()
    if report:
        batch.write_report(report, outcomes, template)
    _county(outcomes, review, summary)
    if request.pdf:
        _convert_to_pdf(outcomes)
    counts = batch.summary(outcomes)
    if len(work) > 1:
        say(f"共 {len(work)} 个工作簿：生成 {counts['generated']}，跳过 {counts['skipped']}，"
            f"失败 {counts['failed']}，警告 {counts['warnings']} 条")
        for outcome in outcomes:
            if outcome.status == "failed":
                say(f"失败：{outcome.input}", err=True)
    return 1 if counts["failed"] else 0


def _read_ahead(paths: tuple[Path, ...]) -> ReadAhead | None:
    """A lone workbook begins to be read and checked in a second process while this one
    loads the template engine (pipeline.read_ahead)."""
    if len(paths) != 1 or debugging() or not paths[0].is_file():
        return None
    from .read_ahead import start

    return start(paths[0])


# ---- the workbooks' names -----------------------------------------------------------


def with_extension(path: Path) -> Path | None:
    """``r5.xlsx`` for ``r5`` (Windows hides extensions, so a clerk types names without)."""
    for suffix in (*WORKBOOK_SUFFIXES, OLD_WORKBOOK_SUFFIX):
        guess = Path(f"{path}{suffix}")
        if guess.is_file():
            return guess
    return None


def refuse_hidden_extension(path: Path) -> None:
    """A missing file whose name plus .xlsx exists: say which file it may be."""
    if path.exists():
        return
    guess = with_extension(path)
    if guess is not None:
        raise WorkbookError(f"文件 {path} 不存在；是不是 {guess}？")


def _not_bureau_files(work: list[Any], *files: Path | None) -> list[Any]:
    """The jobs less the 批复 and summaries, when they lie in a folder given to the run."""
    bureau = {f.resolve() for f in files if f is not None}
    return [job for job in work if job.workbook.resolve() not in bureau]


def _ask_for_tables(work: list[Any], tables: Path | None, with_tables: bool, folder: bool) -> None:
    """Each job told where its tables workbook goes: ``--tables`` for the one workbook
    given (not a folder), ``--with-tables`` beside each document."""
    from .api import tables_path

    if tables is not None and with_tables:
        raise UsageProblem("--tables 和 --with-tables 只用一个：一个工作簿用 --tables 公开表.xlsx，"
                               "整个文件夹用 --with-tables")
    if tables is not None:
        if len(work) != 1 or folder:
            given = "一个文件夹" if folder and len(work) == 1 else f"{len(work)}个工作簿"
            raise UsageProblem(f"--tables 只用于一个工作簿（这次给了{given}）：多个工作簿或整个文件夹"
                                   "请用 --with-tables，在每个文档旁写出“文档名.公开表.xlsx”")
        if tables.suffix.lower() != ".xlsx":
            raise UsageProblem("公开表工作簿的文件名要以 .xlsx 结尾，例如 --tables 公开表.xlsx")
        if tables.resolve() == work[0].workbook.resolve():
            raise UsageProblem("公开表工作簿不能覆盖原工作簿：请用 --tables 指定另一个文件名")
        work[0].tables = tables
    elif with_tables:
        for job in work:
            job.tables = tables_path(job.output)


def _refuse_overwriting(work: list[Any], report: Path | None, summary: Path | None,
                        *read: Path | None) -> None:
    """The manifest and the summary never take the place of a file the run reads or writes,
    nor of an existing file that is not an earlier manifest or summary (a clerk's workbook)."""
    if report is None and summary is None:
        return
    from .batch import is_report
    from .summary import is_summary_workbook

    taken: dict[Path, str] = {}
    for job in work:
        taken[job.workbook.resolve()] = f"工作簿 {job.workbook}"
        taken[job.output.resolve()] = f"要生成的文档 {job.output}"
        if job.tables is not None:
            taken[job.tables.resolve()] = f"要生成的公开表 {job.tables}"
    for path in read:
        if path is not None:
            taken[path.resolve()] = f"要读取的 {path}"
    if report is not None and summary is not None and report.resolve() == summary.resolve():
        raise UsageProblem("--report 和 --summary 不能是同一个文件")
    for option, path, ours, what in (("--report", report, is_report, "清单"),
                                     ("--summary", summary, is_summary_workbook, "汇总工作簿")):
        if path is None:
            continue
        if path.resolve() in taken:
            raise UsageProblem(f"{option} {path} 会覆盖{taken[path.resolve()]}：请另给一个文件名")
        if path.exists() and not ours(path):
            raise UsageProblem(f"{option} {path}：这个文件已存在，但不是本程序写出的{what}，未覆盖："
                                   "请另给一个文件名")


# ---- the run ------------------------------------------------------------------------


class _Progress:
    """A progress bar on a terminal for more than a handful of workbooks; plain lines otherwise."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.bar: Any = None
        if total > 5 and sys.stderr.isatty():
            import click  # its progress bar, for many workbooks only

            self.bar = click.progressbar(length=total, label="生成中", file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, outcome: Any) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            if outcome.status == "failed":
                say("", err=True)
                for line in outcome.messages:
                    say(line, err=True)
            return
        prefix = f"[{self.done}/{self.total}] " if self.total > 1 else ""
        if outcome.status == "generated":
            say(f"{prefix}已生成 {outcome.output}")
            if outcome.tables_output:
                say(f"{prefix}已生成 {outcome.tables_output}")
        elif outcome.status == "skipped":
            say(f"{prefix}未变化，跳过 {outcome.input}")
        elif self.total > 1:
            say(f"{prefix}失败 {outcome.input}（原因见下）")
        for line in outcome.messages:
            say(line, err=True)
        if outcome.status != "skipped":
            for line in outcome.warnings:
                say(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _generate_for_debugging(work: list[Any], template: Path, review: Any = None) -> None:
    """--debug: one by one in this process, letting the first exception through."""
    from .api import produce
    from .render import Renderer

    renderer = Renderer(template)
    for job in work:
        result = produce(job.workbook, job.output, renderer, review=review, tables=job.tables)
        say(f"已生成 {result.output}")
        if result.tables is not None:
            say(f"已生成 {result.tables}")


def _convert_to_pdf(outcomes: list[Any]) -> None:
    from .pdf import to_pdf

    documents = [Path(o.output) for o in outcomes
                 if o.status == "generated" or (o.status == "skipped" and not Path(o.output).with_suffix(".pdf").exists())]
    for written in to_pdf(documents):
        say(f"已生成 {written}")


# ---- the finance bureau's review: 批复, last year's summary, the county summary ----------


def review_of(approved: Path | None, previous: Path | None) -> Any:
    """The 批复 and last year's summary, read and checked (None when neither is given); a
    broken one stops the run before any document is written."""
    if approved is None and previous is None:
        return None
    from .api import read_review

    for path in (approved, previous):
        if path is not None:
            refuse_hidden_extension(path)
    review = read_review(approved, previous)
    for finding in review.approved.warnings if review.approved else []:
        say(str(finding), err=True)
    return review


def _summary_preload(summary: Path | None) -> Callable[[], None] | None:
    if summary is None:
        return None
    from .summary import preload

    return preload


def _county(outcomes: list[Any], review: Any, summary: Path | None) -> None:
    """The county's own findings (departments of the 批复 without a workbook), and the
    summary workbook when asked for."""
    if review is None and summary is None:
        return
    from .county import report_of_outcome, same_department

    reports = sorted((report_of_outcome(o) for o in outcomes), key=lambda r: r.file)
    departments = [r.department for r in reports]
    county = (review.missing(departments) if review is not None else []) + same_department(departments)
    for finding in county:
        say(str(finding), err=True)
    if summary is None:
        return
    from .summary import summary_workbook
    from .write import write_atomic

    write_atomic(summary, summary_workbook(reports, review, county))
    say(f"已写出汇总 {summary}")
