"""The command line: a thin click layer over :mod:`pipeline.api`.

Exit codes: 0 成功; 1 工作簿、模板或输出有误（已说明原因，未写任何文件）; 2 命令用法错误.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DisclosureError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


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
      gendisclosure inputs/2021.xlsx            生成 outputs/2021.docx
      gendisclosure inputs/2021.xlsx -o 输出     生成到“输出”文件夹
      gendisclosure check inputs/2021.xlsx      只检查，不生成
    """


def _fail(error: DisclosureError, debug: bool) -> None:
    if debug:
        raise error
    click.echo(str(error), err=True)
    sys.exit(error.exit_code)


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs"), show_default=True, help="输出文件夹")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="使用另一个 .docx 模板（默认使用自带模板）")
@click.option("--debug", is_flag=True, help="出错时显示程序内部的详细信息")
def generate(workbook: Path, outdir: Path, template: Path | None, debug: bool) -> None:
    """检查工作簿并生成公开说明文档。"""
    from .api import generate as run

    try:
        result = run(workbook, outdir, template)
    except DisclosureError as error:
        _fail(error, debug)
        return
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"已生成 {result.output}")


@main.command()
@click.argument("workbooks", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="有警告也算不通过（退出码 1）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果，便于其他程序读取")
@click.option("--debug", is_flag=True, help="出错时显示程序内部的详细信息")
def check(workbooks: tuple[Path, ...], strict: bool, as_json: bool, debug: bool) -> None:
    """只检查工作簿，不生成任何文件。"""
    import json

    from .api import load

    report, failed = [], False
    for workbook in workbooks:
        try:
            book = load(workbook)
            status, message, findings = "ok", f"{workbook}: 检查通过", book["warnings"]
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
