"""The command line's own texts: help and usage errors in Chinese, a mistyped command
refused with a suggestion, a file name typed without its hidden extension explained."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from pipeline.cli import main

CLICK_ENGLISH = ("Usage", "Options", "Commands", "Error", "Try ", "Show this message",
                 "Show the version", "Missing", "No such", "Invalid value", "[default",
                 "[required]", "INTEGER", "PATH")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def no_click_english(text: str) -> None:
    for word in CLICK_ENGLISH:
        assert word not in text, word


@pytest.mark.parametrize("command", ["", "generate", "check", "context", "init", "rollover"])
def test_help_is_chinese_and_fits_80_columns(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "选项：" in result.output and "-h, --help" in result.output
    assert "显示本帮助并退出" in result.output
    no_click_english(result.output)
    assert all(columns(line) <= 80 for line in result.output.splitlines())


def test_main_help_lists_the_commands_and_exit_codes():
    result = run("-h")
    assert "命令：" in result.output
    for command in ("check", "context", "generate", "init", "rollover"):
        assert f"  {command}  " in result.output
    assert "显示版本号并退出" in result.output
    assert "退出码：0 成功" in result.output


def test_main_help_examples_line_up_on_a_terminal():
    """Each example's explanation starts in the same terminal column (a Chinese character
    takes two), however many Chinese characters its command holds."""
    import re

    lines = run("-h").output.split("用法示例：")[1].split("选项：")[0].splitlines()
    starts = set()
    for line in lines:
        found = re.match(r"(\s*gendisclosure\S*(?: \S+)*?)(\s{2,})(\S.*)", line)
        if found and found.group(3).strip():
            starts.add(columns(found.group(1)) + len(found.group(2)))
    assert len(starts) == 1, starts


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip().startswith("gendisclosure 版本 ")


def test_no_arguments_shows_the_help_as_a_usage_error():
    result = run()
    assert result.exit_code == 2
    assert result.output.startswith("用法：") and "命令：" in result.output


@pytest.mark.parametrize("arguments, message", [
    (["check", "--nope"], "错误：没有选项 --nope：请去掉它，可用的选项见 --help"),
    (["check", "--stirct", SAMPLE], "错误：没有选项 --stirct，是不是 --strict？"),
    (["context"], "错误：缺少工作簿：请在命令后面写上工作簿"),
    (["generate"], "错误：缺少工作簿或文件夹"),
    (["context", SAMPLE, SAMPLE], f"错误：多余的参数 {SAMPLE}：请去掉多余的部分"),
    ([SAMPLE, "-j", "0"], "错误：选项 -j/--jobs 的值有误：要求不小于 1 的整数，给的是 0"),
    ([SAMPLE, "-j", "很多"], "错误：选项 -j/--jobs 的值有误：要求不小于 1 的整数，给的是“很多”"),
    (["init", "a.xlsx", "--year", "1999"], "要求 2000 到 2100 之间的整数，给的是 1999"),
    ([SAMPLE, "--pdf=yes"], "错误：选项 --pdf 不带值"),
    (["init", "a.xlsx", "--year"], "错误：选项 --year 后面缺少值"),
    (["check", SAMPLE.parent], f"错误：工作簿有误：{SAMPLE.parent} 是文件夹，这里要给一个文件"),
    (["rollover", SAMPLE], "错误：缺少选项 -o：请用 -o 给出新工作簿的文件名"),
])
def test_usage_errors_are_chinese_and_exit_2(arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*arguments)
    assert result.exit_code == 2, result.output
    assert message in result.output
    no_click_english(result.output)
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())  # nothing written


def test_a_usage_error_shows_the_usage_and_where_help_is():
    result = run("check", "--nope")
    lines = result.output.splitlines()
    assert lines[0].startswith("用法：") and lines[0].endswith(" check [选项] 工作簿...")
    assert lines[1].startswith("查看帮助：") and lines[1].endswith(" check --help")


def test_a_mistyped_command_is_refused_with_a_suggestion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "x.xlsx")
    result = run("chek", "x.xlsx")
    assert result.exit_code == 2
    assert "没有命令“chek”，是不是 check？" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]  # nothing generated
    assert "没有命令“Rollover”，是不是 rollover？" in run("Rollover", "x.xlsx").output


@pytest.mark.parametrize("word", ["chek.xlsx", "sub/chek", "2021", "预算"])
def test_a_word_that_may_name_a_workbook_is_taken_as_one(word, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(word)
    assert result.exit_code == 1
    assert "没有命令" not in result.output
    assert f"{word}: 文件不存在" in result.output


def test_a_workbook_named_like_a_command_is_not_taken_for_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "chek.xlsx")
    result = run("chek", "-o", "out")
    assert result.exit_code == 1
    assert "文件 chek 不存在；是不是 chek.xlsx？" in result.output
    shutil.copy(SAMPLE, tmp_path / "chek")
    assert "没有命令" not in run("chek", "-o", "out").output  # an existing file is a workbook


@pytest.mark.parametrize("arguments", [
    ["r5", "-o", "out"],
    ["check", "r5"],
    ["context", "r5"],
    ["rollover", "r5", "-o", "next.xlsx"],
])
def test_a_name_without_its_hidden_extension_is_explained(arguments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "r5.xlsx")
    result = run(*arguments)
    assert result.exit_code == 1
    assert "文件 r5 不存在；是不是 r5.xlsx？" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r5.xlsx"]


def test_a_macro_workbook_without_its_hidden_extension_is_explained(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # saved with macros: r5.xlsm, read as the .xlsx it also is
    shutil.copy(SAMPLE, tmp_path / "r5.xlsm")
    result = run("r5", "-o", "out")
    assert result.exit_code == 1
    assert "文件 r5 不存在；是不是 r5.xlsm？" in result.output


def test_a_doubled_extension_is_explained(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # saved as "r5.xlsx" where Windows hides the extension
    shutil.copy(SAMPLE, tmp_path / "r5.xlsx.xlsx")
    result = run("r5.xlsx", "-o", "out")
    assert result.exit_code == 1
    assert "文件 r5.xlsx 不存在；是不是 r5.xlsx.xlsx？" in result.output


def test_a_missing_file_without_a_near_name_is_reported_as_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "r6")
    assert result.exit_code == 1
    assert "r6: 文件不存在" in result.output and "是不是" not in result.output


def test_check_goes_on_after_a_hinted_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "r5.xlsx")
    result = run("check", "r5", "r5.xlsx")
    assert result.exit_code == 1
    assert "是不是 r5.xlsx？" in result.output and "r5.xlsx: 检查通过" in result.output
