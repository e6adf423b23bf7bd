"""The command line: a thin click layer over :mod:`pipeline.api`.

Exit codes: 0 成功; 1 工作簿、模板或输出有误（已说明原因，有错的工作簿不写文件）; 2 命令用法错误;
130 被中断（已写出的文件完整）.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DisclosureError

EXIT_OK, EXIT_INVALID = 0, 1  # usage errors exit with 2 through click


class DefaultGroup(click.Group):
    """`gendisclosure X.xlsx` means `gendisclosure generate X.xlsx`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["generate", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gendisclosure")
def main() -> None:
    """把部门预算工作簿（.xlsx）生成部门预算信息公开情况说明（.docx）。

    \b
    用法示例：
      gendisclosure inputs/2021.xlsx              生成 outputs/2021.docx
      gendisclosure inputs/2022 -o outputs/2022   整个文件夹一次生成
      gendisclosure check inputs/2021.xlsx        只检查，不生成
      gendisclosure init 新工作簿.xlsx             生成空白工作簿
      gendisclosure rollover 2021.xlsx -o 2022.xlsx   从今年的工作簿开始明年的
    """


def _fail(error: DisclosureError, debug: bool) -> None:
    if debug:
        raise error
    click.echo(str(error), err=True)
    sys.exit(error.exit_code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs"), show_default=True, help="输出文件夹（文件夹结构与输入一致）")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="同时处理的工作簿数，默认等于 CPU 核数；-j 1 在本进程内逐个处理")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="使用另一个 .docx 模板，或自带模板的名称（sections12：十二节式）")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="把每个工作簿的结果写入 JSON 清单（输入输出的 sha256、状态、消息、用时）")
@click.option("--skip-unchanged", is_flag=True,
              help="跳过输入、模板和程序版本都与上次清单（--report）相同的工作簿")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 在每个 .docx 旁生成 PDF")
@click.option("--debug", is_flag=True,
              help="逐个处理，在第一个错误处停下并显示程序内部的详细信息（不写清单、不转 PDF）")
def generate(paths: tuple[Path, ...], outdir: Path, jobs: int | None, template: Path | None,
             report: Path | None, skip_unchanged: bool, pdf: bool, debug: bool) -> None:
    """检查工作簿并生成公开说明文档；可给多个工作簿或文件夹。"""
    from . import batch
    from .render import resolve_template

    if skip_unchanged and not report:
        raise click.UsageError("--skip-unchanged 需要同时给出 --report（上次的清单）")
    try:
        template = resolve_template(template)
        work = batch.find_workbooks(paths, outdir)
        if debug:
            _generate_for_debugging(work, template)
            return
        previous = batch.read_report(report) if skip_unchanged and report else None
        show = _Progress(len(work))
        try:
            outcomes = batch.run(work, template, jobs or batch.default_workers(), show, previous)
        except KeyboardInterrupt as stop:
            finished = getattr(stop, "outcomes", [])
            show.close()
            click.echo(f"已中断：已完成 {len(finished)} 个，未处理 {len(work) - len(finished)} 个；"
                       "已写出的文件都是完整的。", err=True)
            if report:
                batch.write_report(report, finished, template)
            sys.exit(130)
        show.close()
        if report:
            batch.write_report(report, outcomes, template)
        if pdf:
            _convert_to_pdf(outcomes)
    except DisclosureError as error:
        _fail(error, debug)
        return
    if not work:
        click.echo("没有找到任何 .xlsx 工作簿", err=True)
        sys.exit(EXIT_INVALID)
    counts = batch.summary(outcomes)
    if len(work) > 1:
        click.echo(f"共 {len(work)} 个工作簿：生成 {counts['generated']}，跳过 {counts['skipped']}，"
                   f"失败 {counts['failed']}，警告 {counts['warnings']} 条")
        for outcome in outcomes:
            if outcome.status == "failed":
                click.echo(f"失败：{outcome.input}", err=True)
    sys.exit(EXIT_INVALID if counts["failed"] else EXIT_OK)


def _convert_to_pdf(outcomes) -> None:
    from .pdf import to_pdf

    documents = [Path(o.output) for o in outcomes
                 if o.status == "generated" or (o.status == "skipped" and not Path(o.output).with_suffix(".pdf").exists())]
    for written in to_pdf(documents):
        click.echo(f"已生成 {written}")


class _Progress:
    """A progress bar on a terminal for more than a handful of workbooks; plain lines otherwise."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.bar = None
        if total > 5 and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="生成中", file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            if outcome.status == "failed":
                click.echo("", err=True)
                for line in outcome.messages:
                    click.echo(line, err=True)
            return
        prefix = f"[{self.done}/{self.total}] " if self.total > 1 else ""
        if outcome.status == "generated":
            click.echo(f"{prefix}已生成 {outcome.output}")
        elif outcome.status == "skipped":
            click.echo(f"{prefix}未变化，跳过 {outcome.input}")
        elif self.total > 1:
            click.echo(f"{prefix}失败 {outcome.input}（原因见下）")
        for line in outcome.messages:
            click.echo(line, err=True)
        if outcome.status != "skipped":
            for line in outcome.warnings:
                click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _generate_for_debugging(work, template: Path) -> None:
    """--debug: one by one in this process, letting the first exception through."""
    from .api import produce
    from .render import Renderer

    renderer = Renderer(template)
    for job in work:
        result = produce(job.workbook, job.output, renderer)
        click.echo(f"已生成 {result.output}")


@main.command()
@click.argument("workbooks", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="有警告也算不通过（退出码 1）")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="同时检查这个模板：标签语法、未知变量（用各工作簿的数据试套）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果，便于其他程序读取")
@click.option("--debug", is_flag=True, help="出错时显示程序内部的详细信息")
def check(workbooks: tuple[Path, ...], strict: bool, template: Path | None, as_json: bool,
          debug: bool) -> None:
    """只检查工作簿（和模板），不生成任何文件。"""
    import json

    from .api import check_template, load
    from .context import build_context

    if not workbooks:
        raise click.UsageError("请给出要检查的工作簿（检查模板时也要给一个工作簿，用它的数据试套模板）")
    report, failed = [], False
    for workbook in workbooks:
        try:
            book = load(workbook)
            context = build_context(book)  # what generation would compute next
            unused = check_template(template, book, context) if template else []
            status, message, findings = "ok", f"{workbook}: 检查通过", book["warnings"] + unused
        except DisclosureError as error:
            if debug:
                raise
            status, message, findings = "invalid", error.message, error.findings
        if status == "ok" and strict and findings:
            status, message = "invalid", f"{workbook}: 有 {len(findings)} 条警告，按 --strict 视为不通过"
        failed = failed or status != "ok"
        report.append({"workbook": str(workbook), "status": status, "message": message,
                       "findings": [f.as_dict() for f in findings]})
        if not as_json:
            stream_err = status != "ok"
            if stream_err:
                click.echo(message, err=True)
            for finding in findings:
                click.echo(str(finding), err=True)
            if not stream_err:
                click.echo(message)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--debug", is_flag=True, help="出错时显示程序内部的详细信息")
def context(workbook: Path, debug: bool) -> None:
    """以 JSON 打印工作簿生成的全部模板变量（供编写模板时参考）。"""
    import json

    from .api import context_of

    try:
        data = context_of(workbook)
    except DisclosureError as error:
        _fail(error, debug)
        return
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), help="预算年度，写入“基本信息”")
@click.option("--department", help="部门简称，写入“基本信息”")
@click.option("--force", is_flag=True, help="文件已存在时覆盖")
def init(path: Path, year: int | None, department: str | None, force: bool) -> None:
    """生成一个空白工作簿，按其中的“说明”填写。"""
    from .blank import write_blank

    if path.suffix.lower() != ".xlsx":
        raise click.UsageError("空白工作簿的文件名要以 .xlsx 结尾")
    if path.exists() and not force:
        click.echo(f"{path}: 文件已存在，未覆盖（要覆盖请加 --force）", err=True)
        sys.exit(EXIT_INVALID)
    try:
        write_blank(path, year, department)
    except DisclosureError as error:
        _fail(error, False)
    click.echo(f"已生成空白工作簿 {path}：请按“说明”工作表填写，填好后运行 gendisclosure check {path}")


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), help="新的预算年度（默认下一年）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="新工作簿的文件名")
@click.option("--debug", is_flag=True, help="出错时显示程序内部的详细信息")
def rollover(workbook: Path, year: int | None, output: Path, debug: bool) -> None:
    """从今年的工作簿开始明年的：上年数填好，沿用去年的内容标黄并列入“待核对”表。"""
    from .rollover import rollover as roll

    if output.resolve() == workbook.resolve():
        raise click.UsageError("新工作簿不能覆盖原工作簿：请用 -o 指定另一个文件名")
    try:
        roll(workbook, year, output)
    except DisclosureError as error:
        _fail(error, debug)
        return
    click.echo(f"已生成 {output}：上年数已填入；沿用去年内容的单元格已标黄，并列在“待核对”表中。"
               "请逐一改为新年度的内容，或确认无需修改后在“已核对”列填“是”——全部核对后才能生成文档")


if __name__ == "__main__":
    main()
