"""The command line: a thin click layer over :mod:`pipeline.api` and the generate
command's work (:mod:`pipeline.generation`).

A command returns its exit status (1 when a workbook it reported on failed) or raises;
:func:`pipeline.exits.exit_status` turns how it ended into a message and the exit status,
click's own exceptions first turned into the program's (:func:`_as_our_errors`). Click's own
texts (usage lines, help, usage errors) are Chinese (pipeline.click_chinese).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from . import OLD_WORKBOOK_SUFFIX, WORKBOOK_SUFFIXES, __version__, generation
from .click_chinese import (
    ChineseCommand,
    ChineseContext,
    ChineseGroup,
    PathArg,
    Whole,
    chinese_help,
    usage_error_text,
)
from .errors import (
    UNSAFE,
    DisclosureError,
    OutputError,
    TemplateProblem,
    UsageProblem,
    printable,
)
from .exits import debug_from_now, debugging, exit_status, say, skip_final_collection
from .generation import refuse_hidden_extension, review_of, with_extension

F = TypeVar("F", bound=Callable[..., Any])

# ---- how a run ends -----------------------------------------------------------------------


def _as_our_errors(run: Callable[[], Any]) -> Any:
    """``run`` with click's exceptions turned into the program's, for exit_status to tell."""
    try:
        return run()
    except click.UsageError as error:
        raise UsageProblem(usage_error_text(error)) from None
    except click.ClickException as error:
        problem = DisclosureError(f"错误：{error.format_message()}")
        problem.exit_code = error.exit_code
        raise problem from None
    except click.Abort:  # click turns Ctrl-C into Abort
        raise KeyboardInterrupt from None


def _note_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        debug_from_now()
    return value


def _debug_option(help: str = "出错时显示程序内部的详细信息") -> Callable[[F], F]:
    return click.option("--debug", is_flag=True, is_eager=True, expose_value=False,
                        callback=_note_debug, help=help)


def _json(data: Any) -> str:
    """JSON text safe to print: what json.dumps leaves raw of errors.UNSAFE (C1 controls,
    bidi marks, lone surrogates) becomes a \\u escape, which a JSON reader reads back. An
    amount kept as Decimal (公开表's 值) is written as its exact digits, as a string."""
    import json

    return re.sub(UNSAFE, _json_escape, json.dumps(data, ensure_ascii=False, indent=2, default=_decimal_text))


def _decimal_text(value: Any) -> str:
    from decimal import Decimal

    from .figures import fmt

    if isinstance(value, Decimal):
        return fmt(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xd800 + high:04x}\\u{0xdc00 + low:04x}"


# ---- the command group -----------------------------------------------------------------


class _Cli(click.Group):
    """`gendisclosure X.xlsx` means `gendisclosure generate X.xlsx`; every run ends in
    :func:`pipeline.exits.exit_status`."""

    context_class = ChineseContext
    command_class = ChineseCommand

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        run = functools.partial(super().main, args=args, prog_name=prog_name,
                                complete_var=complete_var, standalone_mode=False, **extra)
        if not standalone_mode:  # a program calling the group handles errors itself
            return run()
        sys.exit(exit_status(functools.partial(_as_our_errors, run)))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = {*ctx.help_option_names, "--version"}
        if args and args[0] not in self.commands and args[0] not in own:
            if not args[0].startswith("-"):
                meant = self._command_meant(args[0])
                if meant:
                    raise click.UsageError(f"没有命令“{args[0]}”，是不是 {meant}？", ctx)
            args = ["generate", *args]
        return super().parse_args(ctx, args)

    def _command_meant(self, word: str) -> str | None:
        """The command ``word`` is a typo of, unless ``word`` may name a workbook."""
        path = Path(word)
        if "/" in word or "\\" in word or path.suffix.lower() in (*WORKBOOK_SUFFIXES, OLD_WORKBOOK_SUFFIX):
            return None
        if path.exists() or with_extension(path) is not None:
            return None
        import difflib  # only for a word that is neither a command nor a workbook

        close = difflib.get_close_matches(word.lower(), list(self.commands), n=1)
        return close[0] if close else None

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "工作簿或文件夹... [选项]")
        formatter.write_usage(ctx.command_path, "命令 [参数]...", prefix="  或：")

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return chinese_help(super().get_help_option(ctx))


@click.group(cls=_Cli, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             epilog="退出码：0 成功；1 工作簿、模板或输出有误（已说明原因）；2 命令用法错误；"
                    "130 被中断。各命令的选项见 gendisclosure 命令 --help。")
@click.version_option(__version__, "--version", prog_name="gendisclosure",
                      message="%(prog)s 版本 %(version)s", help="显示版本号并退出")
@click.pass_context
def main(ctx: click.Context) -> None:
    """把部门预算工作簿（.xlsx）生成部门预算信息公开情况说明（.docx）。

    Turns department budget workbooks (.xlsx) into disclosure documents (.docx).

    \b
    用法示例：
      gendisclosure inputs/2021.xlsx              生成 outputs/2021.docx
      gendisclosure inputs/2022 -o outputs/2022   整个文件夹一次生成
      gendisclosure inputs/2021.xlsx --tables 公开表.xlsx
                                                  同时把公开表写成 Excel 工作簿
      gendisclosure check inputs/2021.xlsx        只检查，不生成
      gendisclosure init 新工作簿.xlsx            生成空白工作簿
      gendisclosure rollover 2021.xlsx -o 2022.xlsx
                                                  从今年的工作簿开始明年的
      gendisclosure serve                         启动网页版
    """
    if ctx.invoked_subcommand is None:  # nothing given: the help, as a usage error
        click.echo(ctx.get_help(), err=True)
        ctx.exit(2)  # click < 8.2 drops what a group returns; exit_status receives the 2


# ---- generate ----------------------------------------------------------------------------


def _approved_option(help: str) -> Callable[[F], F]:
    return click.option("--approved", type=PathArg("file"), metavar="批复.xlsx",
                        help=f"财政部门的批复数工作簿（格式见 docs/approved.md）：{help}")


def _previous_option() -> Callable[[F], F]:
    return click.option("--previous-summary", "previous_summary", type=PathArg("file"),
                        metavar="上年汇总.xlsx",
                        help="上一年度的汇总工作簿（--summary 写出）或清单（--report 写出）："
                             "各部门的上年数应等于其中的本年数，不符的给出警告")


@main.command(short_help="检查工作簿并生成公开说明（默认命令，可省略 generate）")
@click.argument("paths", nargs=-1, required=True, type=PathArg(), metavar="工作簿或文件夹...")
@click.option("-o", "--outdir", type=PathArg("folder"), default=Path("outputs"), metavar="文件夹",
              help="输出文件夹，默认 outputs（文件夹结构与输入一致）")
@click.option("-j", "--jobs", type=Whole(1), default=None, metavar="个数",
              help="同时处理的工作簿数，默认等于 CPU 核数；-j 1 在本进程内逐个处理")
@click.option("--template", type=PathArg("file"), metavar="模板",
              help="使用另一个 .docx 模板，或自带模板的名称（sections12：十二节式；standard：含公开表）")
@click.option("--report", type=PathArg("file"), metavar="清单.json",
              help="把每个工作簿的结果写入 JSON 清单（输入输出的 sha256、状态、消息、用时）")
@click.option("--skip-unchanged", is_flag=True,
              help="跳过输入、模板和程序版本都与上次清单（--report）相同的工作簿")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 在每个 .docx 旁生成 PDF")
@click.option("--tables", type=PathArg("file"), metavar="公开表.xlsx",
              help="同时把公开表（部门收支总表、一般公共预算支出表等）写成一个 Excel 工作簿，"
                   "每张表一个工作表，可直接打印；只给一个工作簿时用")
@click.option("--with-tables", is_flag=True,
              help="在每个文档旁写出它的公开表工作簿“文档名.公开表.xlsx”（整个文件夹时用）")
@_approved_option("各部门的收支合计、三公经费、机关运行经费等与批复数核对，不符的工作簿不生成")
@click.option("--summary", type=PathArg("file"), metavar="汇总.xlsx",
              help="写出全县汇总工作簿：每个部门一行（状态、各项金额、上年和增减）、全部问题清单、图表")
@_previous_option()
@_debug_option("逐个处理，在第一个错误处停下并显示程序内部的详细信息（不写清单、不转 PDF）")
def generate(paths: tuple[Path, ...], outdir: Path, jobs: int | None, template: Path | None,
             report: Path | None, skip_unchanged: bool, pdf: bool, tables: Path | None,
             with_tables: bool, approved: Path | None, summary: Path | None,
             previous_summary: Path | None) -> int:
    """检查工作簿并生成公开说明文档；可给多个工作簿或文件夹（文件夹含子文件夹）。"""
    request = generation.Request(paths=paths, outdir=outdir, jobs=jobs, template=template, report=report,
                                 skip_unchanged=skip_unchanged, pdf=pdf, tables=tables,
                                 with_tables=with_tables, approved=approved, summary=summary,
                                 previous_summary=previous_summary)
    try:
        return generation.generate(request)
    except UsageProblem as problem:  # shown with the command's usage, as click's own
        raise click.UsageError(problem.message, click.get_current_context()) from None


# ---- the other commands ------------------------------------------------------------------


@main.command(short_help="只检查工作簿（和模板），不生成任何文件")
@click.argument("workbooks", nargs=-1, type=PathArg("file"), metavar="工作簿...")
@click.option("--strict", is_flag=True, help="有警告也算不通过（退出码 1）")
@click.option("--template", type=PathArg("file"), metavar="模板",
              help="同时检查这个模板：标签语法、未知变量（用各工作簿的数据试套）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果，便于其他程序读取")
@_approved_option("与批复数不符的算作错误")
@_previous_option()
@_debug_option()
def check(workbooks: tuple[Path, ...], strict: bool, template: Path | None, as_json: bool,
          approved: Path | None, previous_summary: Path | None) -> int:
    """只检查工作簿（和模板），不生成任何文件。"""
    from .api import check_template, load
    from .context import build_context

    if not workbooks:
        raise click.UsageError("请给出要检查的工作簿（检查模板时也要给一个工作簿，用它的数据试套模板）")
    review = review_of(approved, previous_summary)
    report, failed, checked = [], False, []
    renderer = None
    if template is not None:  # what is wrong with the template whatever the workbook, told first
        from .render import Renderer, resolve_template

        try:
            renderer = Renderer(resolve_template(template))
        except TemplateProblem as problem:
            if debugging():
                raise
            failed = True
            report.append({"template": str(template), "status": "invalid", "message": printable(problem.message),
                           "findings": []})
            if not as_json:
                say(problem.message, err=True)
    for workbook in workbooks:
        try:
            refuse_hidden_extension(workbook)
            book = load(workbook)
            context = build_context(book)  # what generation would compute next
            reviewed = review.check(book, context) if review is not None else []
            unused = check_template(renderer, book, context) if renderer is not None else []
            status, message = "ok", f"{workbook}: 检查通过"
            findings = book["warnings"] + reviewed + unused
        except DisclosureError as error:
            if debugging():
                raise
            status, message, findings = "invalid", error.message, error.findings
        if status == "ok" and strict and findings:
            status, message = "invalid", f"{workbook}: 有 {len(findings)} 条警告，按 --strict 视为不通过"
        failed = failed or status != "ok"
        if review is not None:
            checked.append(review.seen if review.seen and review.seen.file == str(workbook) else None)
        report.append({"workbook": str(workbook), "status": status, "message": printable(message),
                       "findings": [f.as_dict() for f in findings]})
        if not as_json:
            if status != "ok":
                say(message, err=True)
            for finding in findings:
                say(str(finding), err=True)
            if status == "ok":
                say(message)
    if as_json:
        say(_json(report))
    elif review is not None and review.approved is not None and None not in checked:
        others = review.missing(checked)
        if others:
            say(f"提示：{review.approved.file} 中另有 {len(others)} 个单位不在本次检查的工作簿中；"
                 "检查全县时用 gendisclosure 文件夹 --approved 批复.xlsx，逐一列出没有工作簿的单位",
                 err=True)
    return 1 if failed else 0


@main.command(short_help="以 JSON 打印工作簿的全部模板变量")
@click.argument("workbook", type=PathArg("file"), metavar="工作簿")
@_debug_option()
def context(workbook: Path) -> None:
    """以 JSON 打印工作簿生成的全部模板变量（供编写模板时参考）。"""
    from .api import context_of

    refuse_hidden_extension(workbook)
    say(_json(context_of(workbook)))


@main.command(short_help="生成空白工作簿（含填写说明）；--approved 生成空白的批复工作簿")
@click.argument("path", required=False, type=PathArg("file"), metavar="新工作簿.xlsx")
@click.option("--year", type=Whole(2000, 2100), metavar="年度", help="预算年度，写入“基本信息”")
@click.option("--department", metavar="部门简称", help="部门简称，写入“基本信息”")
@click.option("--approved", type=PathArg("file"), metavar="批复.xlsx",
              help="生成空白的批复工作簿，供财政部门填写各部门的批复数（格式见 docs/approved.md）")
@click.option("--with-tables", "with_tables", is_flag=True,
              help="加上公开表（公开01–09表）所需的“支出功能分类”“基本支出经济分类”两张表（含示例行）；"
                   "不公开这些表的地区不用加")
@click.option("--force", is_flag=True, help="文件已存在时覆盖")
@_debug_option()
def init(path: Path | None, year: int | None, department: str | None, approved: Path | None,
         with_tables: bool, force: bool) -> None:
    """生成一个空白工作簿，按其中的“说明”填写；或用 --approved 生成空白的批复工作簿。"""
    from .blank import write_blank, write_blank_approved

    if path is None and approved is None:
        raise click.UsageError("缺少新工作簿.xlsx：请在命令后面写上新工作簿的文件名，"
                               "或用 --approved 批复.xlsx 生成空白的批复工作簿")
    for target in (path, approved):
        if target is not None and target.suffix.lower() != ".xlsx":
            raise click.UsageError("空白工作簿的文件名要以 .xlsx 结尾")
        if target is not None and target.exists() and not force:
            raise OutputError(f"{target}: 文件已存在，未覆盖（要覆盖请加 --force）")
    if path is not None:
        write_blank(path, year, department, with_tables)
        say(f"已生成空白工作簿 {path}：请按“说明”工作表填写，填好后运行 gendisclosure check {path}")
    if approved is not None:
        write_blank_approved(approved)
        say(f"已生成空白的批复工作簿 {approved}：每个部门一行填写批复数（万元），填好后运行 "
             f"gendisclosure 各部门文件夹 --approved {approved} --summary 汇总.xlsx")


@main.command(short_help="从今年的工作簿开始明年的（上年数自动填好）")
@click.argument("workbook", type=PathArg("file"), metavar="工作簿")
@click.option("--year", type=Whole(2000, 2100), metavar="年度", help="新的预算年度（只能是下一年，默认即是）")
@click.option("-o", "--output", type=PathArg("file"), metavar="新工作簿.xlsx",
              help="新工作簿的文件名（必须给出）")
@click.option("--force", is_flag=True, help="新工作簿的文件已存在时覆盖")
@_debug_option()
def rollover(workbook: Path, year: int | None, output: Path | None, force: bool) -> None:
    """从今年的工作簿开始明年的：上年数填好，沿用去年的内容标黄并列入“待核对”表。"""
    from .rollover import rollover as roll

    if output is None:
        raise click.UsageError("缺少选项 -o：请用 -o 给出新工作簿的文件名，例如 -o 2022.xlsx")
    refuse_hidden_extension(workbook)
    if output.resolve() == workbook.resolve():
        raise click.UsageError("新工作簿不能覆盖原工作簿：请用 -o 指定另一个文件名")
    if output.exists() and not force:  # perhaps next year's workbook, already half filled
        raise OutputError(f"{output}: 文件已存在，未覆盖（要覆盖请加 --force）")
    roll(workbook, year, output)
    say(f"已生成 {output}：上年数已填入；沿用去年内容的单元格已标黄，并列在“待核对”表中。"
         "请逐一改为新年度的内容，或确认无需修改后在“已核对”列填“是”——全部核对后才能生成文档")


@main.group(cls=ChineseGroup, short_help="列出或导出自带的模板")
def template() -> None:
    """自带模板：list 列出，export 导出一份供在 Word、WPS 或 LibreOffice 中修改。"""


@template.command("list", short_help="列出自带的模板")
def template_list() -> None:
    """列出自带的模板，每个一行：名称和说明。"""
    from .api import shipped_templates

    for name, description in shipped_templates():
        say(f"{name}\t{description}")


@template.command("export", short_help="导出一个自带模板供修改")
@click.argument("name", metavar="模板名")
@click.option("-o", "--output", type=PathArg("file"), metavar="文件.docx",
              help="导出到的文件名（必须给出）")
@click.option("--force", is_flag=True, help="文件已存在时覆盖")
@_debug_option()
def template_export(name: str, output: Path | None, force: bool) -> None:
    """把自带模板复制出来，在 Word、WPS 或 LibreOffice 中修改后用 --template 使用。"""
    from .api import export_template

    if output is None:
        raise click.UsageError("缺少选项 -o：请用 -o 给出导出的文件名，例如 -o 我的模板.docx")
    written = export_template(name, output, force)
    say(f"已导出模板 {written}：修改后用 gendisclosure 工作簿.xlsx --template {written} 生成，"
         f"先用 gendisclosure check --template {written} 工作簿.xlsx 检查")


@main.command(short_help="启动网页：上传工作簿检查、预览、下载；--folder 查看各部门汇总")
@click.option("--host", default="127.0.0.1", metavar="地址",
              help="监听的地址，默认 127.0.0.1（只有本机能打开）；0.0.0.0 让局域网内其他电脑也能打开"
                   "（须给出 --password-file）")
@click.option("--port", type=Whole(0, 65535), default=8000, metavar="端口",
              help="监听的端口，默认 8000")
@click.option("--folder", type=PathArg("folder"), metavar="文件夹",
              help="各部门工作簿所在的文件夹（含子文件夹）：打开汇总页，可一次全部生成")
@click.option("-o", "--outdir", type=PathArg("folder"), default=Path("outputs"), metavar="文件夹",
              help="汇总页“全部生成”的输出文件夹，默认 outputs")
@click.option("--password-file", type=PathArg("file"), metavar="密码文件",
              help="汇总页的密码（文本文件的第一行，至少 8 个字符）；--host 不是本机时必须给出")
@_approved_option("汇总页逐个部门核对，不符的算作错误、全部生成时不生成；文件改动后自动重新读取")
@_previous_option()
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@_debug_option()
def serve(host: str, port: int, folder: Path | None, outdir: Path, password_file: Path | None,
          approved: Path | None, previous_summary: Path | None, no_browser: bool) -> None:
    """启动网页版：科室人员在浏览器里上传工作簿，逐格查看问题或预览并下载公开说明；
    加 --folder 时财政局可在汇总页查看整个文件夹的工作簿并全部生成、下载全县汇总。按 Ctrl+C 停止。"""
    try:
        from .web.server import interactive, is_loopback
        from .web.server import serve as run
    except ImportError as exc:  # flask or waitress missing: an install from before the web page
        raise DisclosureError(f"网页需要的程序包没有安装（{exc.name}）：请重新安装，"
                              "运行 python3 -m pip install .（Windows：py -m pip install .）") from exc
    if not is_loopback(host) and password_file is None:
        raise click.UsageError(f"--host {host} 让其他电脑也能打开网页，必须同时用 --password-file "
                               "给出汇总页的密码文件（文本文件，第一行是密码，至少 8 个字符）")
    if folder is None and (approved is not None or previous_summary is not None):
        raise click.UsageError("--approved 和 --previous-summary 用于汇总页，要与 --folder 文件夹 一起使用")
    review_of(approved, previous_summary)  # a broken 批复 stops here, as in a batch run
    run(host, port, folder, outdir, password_file, open_browser=not no_browser and interactive(),
        say=say, approved=approved, previous=previous_summary)


def run() -> None:
    """The program as a command (``python -m pipeline.cli``; the gendisclosure script
    enters through pipeline.__main__): the command line, then the run's objects left to the
    process's end (exits.skip_final_collection)."""
    try:
        main()
    finally:
        skip_final_collection()


if __name__ == "__main__":
    run()
