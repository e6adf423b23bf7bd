"""How every command ends: errors, Ctrl-C and bugs are mapped to messages and exit codes in
one place, and whatever a workbook holds is printed escaped."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import edit

from pipeline.cli import main
from pipeline.errors import DisclosureError, Finding, WorkbookError, printable


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def raising(error):
    def stand_in(*args, **kwargs):
        raise error

    return stand_in


# what each command calls, and its arguments (paths under tmp_path)
COMMANDS = {
    "generate": ("pipeline.batch.run", lambda s, t: [s, "-o", t / "out", "-j", "1"]),
    "check": ("pipeline.api.load", lambda s, t: ["check", s]),
    "context": ("pipeline.api.context_of", lambda s, t: ["context", s]),
    "init": ("pipeline.blank.write_blank", lambda s, t: ["init", t / "new.xlsx"]),
    "rollover": ("pipeline.rollover.rollover", lambda s, t: ["rollover", s, "-o", t / "2022.xlsx"]),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_in_every_command_exits_130(command, sample, tmp_path, monkeypatch):
    target, arguments = COMMANDS[command]
    monkeypatch.setattr(target, raising(KeyboardInterrupt()))
    result = run(*arguments(sample, tmp_path))
    assert result.exit_code == 130, result.output
    assert "已中断" in result.output
    assert "Traceback" not in result.output and "Aborted" not in result.output


def test_ctrl_c_in_check_exits_130(sample, monkeypatch):
    monkeypatch.setattr("pipeline.api.load", raising(KeyboardInterrupt()))
    result = run("check", sample)
    assert result.exit_code == 130
    assert result.output.strip() == "已中断"


def test_ctrl_c_during_a_batch_says_what_was_finished(sample, tmp_path, monkeypatch):
    from pipeline.batch import Outcome

    done = Outcome(str(sample), str(tmp_path / "out" / "2021.docx"), "generated")

    def interrupted(jobs, template, workers, on_outcome, previous=None, **review):
        on_outcome(done)
        stop = KeyboardInterrupt()
        stop.outcomes = [done]
        raise stop

    monkeypatch.setattr("pipeline.batch.run", interrupted)
    other = tmp_path / "other.xlsx"
    other.write_bytes(sample.read_bytes())
    report = tmp_path / "report.json"
    result = run(sample, other, "-o", tmp_path / "out", "--report", report)
    assert result.exit_code == 130
    assert "已中断：已完成 1 个，未处理 1 个；已写出的文件都是完整的。" in result.output
    assert [w["input"] for w in json.loads(report.read_text(encoding="utf-8"))["workbooks"]] == [str(sample)]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bug_is_reported_briefly_with_exit_1(command, sample, tmp_path, monkeypatch):
    target, arguments = COMMANDS[command]
    monkeypatch.setattr(target, raising(RuntimeError("坏了")))
    result = run(*arguments(sample, tmp_path))
    assert result.exit_code == 1
    assert result.output.strip() == ("程序内部错误（RuntimeError: 坏了）："
                                     "请把这条信息和所用的工作簿发给维护人员")
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", COMMANDS)
def test_debug_lets_a_bug_through(command, sample, tmp_path, monkeypatch):
    target, arguments = COMMANDS[command]
    monkeypatch.setattr(target, raising(RuntimeError("坏了")))
    if command == "generate":  # --debug generates in this process, without batch.run
        monkeypatch.setattr("pipeline.api.produce", raising(RuntimeError("坏了")))
    result = run(*arguments(sample, tmp_path), "--debug")
    assert isinstance(result.exception, RuntimeError)
    assert str(result.exception) == "坏了"


def test_debug_lets_a_workbook_error_through_in_check(sample, monkeypatch):
    monkeypatch.setattr("pipeline.api.load", raising(WorkbookError("x.xlsx: 有错")))
    assert run("check", sample).exit_code == 1
    result = run("check", sample, "--debug")
    assert isinstance(result.exception, WorkbookError)


def test_exit_code_comes_from_the_error(sample, monkeypatch):
    class Special(DisclosureError):
        exit_code = 3

    monkeypatch.setattr("pipeline.api.context_of", raising(Special("特别的错误")))
    result = run("context", sample)
    assert result.exit_code == 3
    assert result.output.strip() == "特别的错误"


def test_init_refuses_to_overwrite_with_exit_1(tmp_path):
    existing = tmp_path / "have.xlsx"
    existing.write_bytes(b"mine")
    result = run("init", existing)
    assert result.exit_code == 1
    assert f"{existing}: 文件已存在，未覆盖（要覆盖请加 --force）" in result.output


# ---- messages safe to print ------------------------------------------------------------

HOSTILE = Finding("坏.xlsx", "收支预算", "C2", "本年", "“本年”“\x1b[2J”不是数字")


def test_control_characters_are_escaped_in_plain_and_json_output(sample, monkeypatch):
    monkeypatch.setattr("pipeline.api.load", raising(WorkbookError("坏.xlsx: 有错\x1b]0;标题\x07", [HOSTILE])))
    plain = run("check", sample)
    assert plain.exit_code == 1
    assert "“\\x1b[2J”不是数字" in plain.output
    assert "有错\\x1b]0;标题\\x07" in plain.output
    assert "\x1b" not in plain.output and "\x07" not in plain.output
    as_json = run("check", "--json", sample)
    assert "\x1b" not in as_json.output
    entry = json.loads(as_json.output)[0]
    assert entry["message"] == "坏.xlsx: 有错\\x1b]0;标题\\x07"
    assert entry["findings"][0]["message"] == "“本年”“\\x1b[2J”不是数字"


def test_an_escape_typed_into_a_cell_is_shown_escaped(sample, tmp_path):
    edit(sample, "收支预算", "C2", "_x001B_[2J\u202e")  # how .xlsx stores ESC; read back as ESC
    for result in (run("check", sample), run("check", "--json", sample),
                   run(sample, "-o", tmp_path / "out")):
        assert result.exit_code == 1
        assert "\x1b" not in result.output and "\u202e" not in result.output
        assert "\\x1b[2J\\u202e" in result.output.replace("\\\\", "\\")


def test_escapes_of_every_kind():
    text = "a\x00b\rc\x7fd\x9be\u202ef\u2066g\u200bh\ufeffi\U000e0041j"
    assert printable(text) == "a\\x00b\\x0dc\\x7fd\\x9be\\u202ef\\u2066g\\u200bh\\ufeffi\\U000e0041j"


def test_every_character_escaped_alone_is_escaped_in_any_text():
    """Each character that printing escapes is escaped wherever it stands, also in a text
    whose other characters need nothing (every code point, alone and between words)."""
    import re

    from pipeline.errors import UNSAFE

    for code in range(0x110000):
        if re.match(UNSAFE, chr(code)):
            assert printable(f"第一行\n甲{chr(code)}乙\t") != f"第一行\n甲{chr(code)}乙\t", hex(code)


def test_what_stays_as_it_is():
    text = "C:\\预算\\2021.xlsx 第一行\n第二行\t“引号”（括号）€ 😀"
    assert printable(text) == text
    assert printable(printable("\x1b\ud800")) == printable("\x1b\ud800")  # twice is once


def test_a_newline_from_a_cell_is_shown_as_a_mark_in_the_line_and_kept_in_the_json():
    finding = Finding("a.xlsx", "项目", "B2", "r", "“第一行\n第二行”太长")
    assert str(finding) == "a.xlsx 项目!B2: “第一行⏎第二行”太长"  # one finding, one line
    assert finding.as_dict()["message"] == "“第一行\n第二行”太长"


def test_the_findings_keep_what_the_workbook_holds():
    assert HOSTILE.message == "“本年”“\x1b[2J”不是数字"  # only their text forms escape
    error = WorkbookError("x\x1b", [HOSTILE])
    assert error.message == "x\\x1b"
    assert str(error) == "x\\x1b\n坏.xlsx 收支预算!C2: “本年”“\\x1b[2J”不是数字"


def test_a_lone_surrogate_prints_without_error(sample, monkeypatch):
    broken = Finding("坏\udcb5.xlsx", "项目", "A2", "r", "名称“\ud800”")
    assert str(broken) == "坏\\udcb5.xlsx 项目!A2: 名称“\\ud800”"
    str(broken).encode("utf-8")  # no UnicodeEncodeError
    monkeypatch.setattr("pipeline.api.load", raising(WorkbookError("坏\udcb5.xlsx: 有错", [broken])))
    for arguments in (["check", sample], ["check", "--json", sample]):
        result = run(*arguments)
        assert result.exit_code == 1, result.output
        assert "\\ud800" in result.output


def test_context_json_escapes_what_a_terminal_would_act_on(sample, monkeypatch):
    data = {"部门简称": "局\u202e\x9b\ud800", "说明": "\x1b[2J"}
    monkeypatch.setattr("pipeline.api.context_of", lambda workbook: data)
    result = run("context", sample)
    assert result.exit_code == 0
    assert not any(c in result.output for c in "\u202e\x9b\x1b")
    assert json.loads(result.output) == data  # the same data for a JSON reader


def test_a_bug_message_is_escaped_too(sample, monkeypatch):
    monkeypatch.setattr("pipeline.api.load", raising(ValueError("could not convert '\x1b[2J'")))
    result = run("check", sample)
    assert result.exit_code == 1
    assert "程序内部错误（ValueError: could not convert '\\x1b[2J'）" in result.output


def test_what_the_system_refuses_is_said_in_chinese(sample, tmp_path):
    """An output folder under a file, and a full disk: the reason in the clerk's words."""
    import errno

    from pipeline.errors import os_reason

    (tmp_path / "报表").write_text("not a folder")
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path / "报表" / "2021")])
    assert result.exit_code == 1
    assert "无法写入输出文件夹（路径中的某一段是文件，不是文件夹）" in result.output
    assert "Not a directory" not in result.output
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间已满"
    assert os_reason(OSError(999, "Odd thing")) == "系统错误：Odd thing"


def test_reasons_that_are_not_about_files():
    import errno
    import socket

    from pipeline.errors import os_reason

    # a host name's lookup has numbers of its own (2 is EAI_AGAIN on macOS, not ENOENT)
    assert os_reason(socket.gaierror(2, "Temporary failure")) == "找不到这个主机名或地址"
    assert os_reason(OSError(errno.EADDRINUSE, "in use"), network=True) == "端口已被其他程序占用"
    assert os_reason(OSError(errno.EINVAL, "bad"), network=True) == "这个地址不能用来启动网页"
    too_long = OSError(errno.ENOENT, "The filename or extension is too long")
    too_long.winerror = 206  # what Windows says of a path over its length
    assert os_reason(too_long) == "文件名或路径太长"


def test_a_workbook_the_system_will_not_let_be_read(sample, monkeypatch):
    """Even where the tests run with every right (root), the message is checked."""
    from pathlib import Path

    real_open = Path.open

    def refuse(path, *args, **kwargs):
        if path == sample:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = CliRunner().invoke(main, ["check", str(sample)])
    assert result.exit_code == 1
    assert f"{sample}: 无法读取文件（没有权限）" in result.output


def test_a_disk_failing_mid_read_is_not_called_a_damaged_workbook(sample, monkeypatch):
    import errno
    import zipfile

    real_open = zipfile.ZipFile.open

    def failing(self, name, *args, **kwargs):
        if str(getattr(name, "filename", name)).startswith("xl/worksheets/"):
            raise OSError(errno.EIO, "Input/output error")
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", failing)
    result = CliRunner().invoke(main, ["check", str(sample)])
    assert result.exit_code == 1
    assert f"{sample}: 无法读取工作簿的部件 xl/worksheets/sheet1.xml（读写出错（磁盘或网络驱动器故障））" in result.output
    assert "已损坏" not in result.output


def test_ctrl_c_while_the_program_loads_ends_as_ctrl_c_does_later():
    """The script's entry point catches Ctrl-C during the import of the command line."""
    import subprocess
    import sys

    code = ("import sys\n"
            "class Interrupting:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'pipeline.cli':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupting())\n"
            "from pipeline.__main__ import run\n"
            "run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          timeout=60)
    assert done.returncode == 130
    assert done.stderr == "已中断\n"
