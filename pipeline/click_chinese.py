"""click in Chinese: the help layout (a Chinese character counts as two columns, a line may
break between two), usage errors worded in Chinese with what to do, the help option's own
text, and parameter types whose complaints are Chinese. Every command of pipeline.cli is
made with these classes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

# ---- usage errors in Chinese -----------------------------------------------------------

# click's own sentences (the texts of click ≥ 8.0), each with what to do instead (patterns
# compiled by re when a usage error is first worded)
_CLICK_SENTENCES = [
    (r"(?s)Got unexpected extra arguments? \((.*)\)",
     "多余的参数 {0}：请去掉多余的部分；文件名中有空格时，请用引号把整个文件名括起来"),
    (r"Option '(.*)' requires (?:an argument|\d+ arguments)",
     "选项 {0} 后面缺少值：请在 {0} 后面写上它的值（见 --help）"),
    (r"Option '(.*)' does not take a value",
     "选项 {0} 不带值：请去掉 {0} 后面的“=…”"),
    (r"No such command '(.*)'", "没有命令“{0}”：可用的命令见 --help"),
    (r"Missing command", "缺少命令：可用的命令见 --help"),
]


def usage_error_text(error: click.UsageError) -> str:
    lines = []
    if error.ctx is not None:
        lines += [error.ctx.get_usage(), f"查看帮助：{error.ctx.command_path} --help", ""]
    lines.append(f"错误：{_usage_problem(error)}")
    return "\n".join(lines)


def _usage_problem(error: click.UsageError) -> str:
    if isinstance(error, click.MissingParameter) and error.param is not None:
        name = _name_of(error.param)
        return f"缺少{name}：请在命令后面写上{name}（写法见 --help）"
    if isinstance(error, click.NoSuchOption):
        if error.possibilities:
            return f"没有选项 {error.option_name}，是不是 {' 或 '.join(sorted(error.possibilities))}？"
        return f"没有选项 {error.option_name}：请去掉它，可用的选项见 --help"
    if isinstance(error, click.BadParameter) and error.param is not None:
        if isinstance(error.param, click.Option):
            return f"{_name_of(error.param)} 的值有误：{error.message}"
        return f"{_name_of(error.param)}有误：{error.message}"
    for pattern, sentence in _CLICK_SENTENCES:
        found = re.search(pattern, error.message)
        if found:
            return sentence.format(*found.groups())
    return error.message


def _name_of(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "选项 " + "/".join(param.opts)
    return (param.metavar or (param.name or "").upper()).rstrip(".")


class Whole(click.ParamType):
    """A whole number, at least ``low`` and at most ``high``."""

    name = "integer"

    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        wanted = (f" {self.low} 到 {self.high} 之间的整数" if self.high is not None
                  else f"不小于 {self.low} 的整数")
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(f"要求{wanted}，给的是“{value}”", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(f"要求{wanted}，给的是 {number}", param, ctx)
        return number


class PathArg(click.ParamType):
    """A path; ``want`` "file" refuses an existing folder, "folder" an existing file."""

    name = "path"

    def __init__(self, want: str = "any") -> None:
        self.want = want

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(value)
        if self.want == "file" and path.is_dir():
            self.fail(f"{path} 是文件夹，这里要给一个文件", param, ctx)
        if self.want == "folder" and path.exists() and not path.is_dir():
            self.fail(f"{path} 是文件，这里要给一个文件夹", param, ctx)
        return path


# ---- help in Chinese -------------------------------------------------------------------

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』”’…%.])")
_NO_BREAK_AFTER = frozenset("（《「『“‘[(")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if _wide(c) else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """What a line may break between: runs of Latin letters, digits and signs; single
    Chinese characters (with punctuation that must not start or end a line); spaces."""
    tokens: list[str] = []
    for char in text:
        if tokens:
            last = tokens[-1][-1]
            if (char in _NO_BREAK_BEFORE or last in _NO_BREAK_AFTER
                    or (char.isspace() and last.isspace())
                    or not (char.isspace() or last.isspace() or _wide(char) or _wide(last))):
                tokens[-1] += char
                continue
        tokens.append(char)
    return tokens


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for token in _tokens(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if line.strip() and _width(line) + _width(token) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    lines.append(line.rstrip())
    return lines


def _join_lines(lines: Sequence[str]) -> str:
    """One paragraph from its source lines: a space between two lines, unless one side
    is Chinese."""
    text = ""
    for line in (raw.strip() for raw in lines):
        if text and line and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


class _Formatter(click.HelpFormatter):
    """click's help layout, in Chinese, measured in terminal columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{' ' * self.current_indent}{'用法：' if prefix is None else prefix}{prog} "
        lines = _wrap(args, max(self.width - _width(head), 20))
        self.write(f"{head}{lines[0]}".rstrip() + "\n")
        for line in lines[1:]:
            self.write(" " * _width(head) + line + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for number, block in enumerate(re.split(r"\n[ \t]*\n", text.strip("\n"))):
            if number:
                self.write("\n")
            lines = block.splitlines()
            if lines and lines[0].strip() == "\b":  # click's mark for "keep these lines"
                rows = lines[1:]
            else:
                rows = _wrap(_join_lines(lines), width)
            for row in rows:
                self.write(f"{indent}{row}\n" if row.strip() else "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(_width(first) for first, _ in rows), col_max) + col_spacing
        hanging = " " * (self.current_indent + first_col)
        text_width = max(self.width - self.current_indent - first_col, 10)
        for first, second in rows:
            self.write(f"{' ' * self.current_indent}{first}")
            if not second:
                self.write("\n")
                continue
            if _width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _width(first)))
            else:
                self.write("\n" + hanging)
            lines = _wrap(_join_lines(second.splitlines()), text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(hanging + line + "\n")


class ChineseContext(click.Context):
    formatter_class = _Formatter


def chinese_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "显示本帮助并退出"
    return option


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return chinese_help(super().get_help_option(ctx))


class ChineseGroup(click.Group):
    """A group of subcommands (``template list``), with the Chinese help of the others."""

    context_class = ChineseContext
    command_class = ChineseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return chinese_help(super().get_help_option(ctx))
