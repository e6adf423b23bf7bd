"""A lone workbook read and checked in a forked copy while the template engine loads: the
user sees exactly what a run without the copy shows, whatever happens to the copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import ROOT, edit
from textdump import docx_blocks

from pipeline import read_ahead
from pipeline.api import loaded_context
from pipeline.cli import main
from pipeline.errors import WorkbookError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


def no_children_left() -> bool:
    """No child process of this one, running or ended unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_copy_returns_the_workbook_load_returns(sample):
    with read_ahead.ReadAhead(sample) as ahead:
        book, context = ahead.loaded()
    here = loaded_context(sample)
    assert (book, context) == here and context._cells == here.context._cells
    assert "公开表" not in context
    assert no_children_left()


def test_a_broken_workbook_raises_the_same_error_with_every_finding(sample):
    edit(sample, "收支预算", "C2", "约13万元")
    edit(sample, "项目", "A2", None)
    with pytest.raises(WorkbookError) as here:
        loaded_context(sample)
    with pytest.raises(WorkbookError) as there:
        read_ahead.ReadAhead(sample).loaded()
    assert str(there.value) == str(here.value)
    assert "收支预算!C2" in str(there.value)
    assert there.value.findings == here.value.findings
    assert no_children_left()


def test_a_killed_copy_is_read_again_here(sample):
    ahead = read_ahead.ReadAhead(sample)
    os.kill(ahead.pid, signal.SIGKILL)
    assert ahead.loaded() == loaded_context(sample)
    assert no_children_left()


def test_a_fault_of_the_program_in_the_copy_shows_as_it_would_here(sample, monkeypatch):
    import pipeline.read

    calls = []

    def broken(*args, **kwargs):
        calls.append(os.getpid())
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline.read, "read_workbook", broken)
    with pytest.raises(ZeroDivisionError):
        read_ahead.ReadAhead(sample).loaded()
    assert os.getpid() in calls  # raised again in this process, with its own traceback


def test_closing_without_asking_ends_the_copy(sample):
    ahead = read_ahead.ReadAhead(sample)
    ahead.close()
    ahead.close()
    assert no_children_left()


def test_the_command_reads_ahead_and_writes_the_same_document(sample, tmp_path, monkeypatch):
    started = []  # forked whatever threads other tests left running in this process
    monkeypatch.setattr(read_ahead, "start", lambda path: started.append(path) or read_ahead.ReadAhead(path))
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path / "one")])
    assert result.exit_code == 0, result.output
    assert started == [sample]
    monkeypatch.setattr(read_ahead, "start", lambda path: None)
    alone = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path / "two")])
    assert alone.exit_code == 0, alone.output
    assert result.output.replace("one", "two") == alone.output
    assert docx_blocks(tmp_path / "one" / "2021.docx") == docx_blocks(tmp_path / "two" / "2021.docx")
    assert no_children_left()


def test_a_usage_error_after_the_copy_began_leaves_no_process(sample, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(read_ahead, "start", lambda path: started.append(read_ahead.ReadAhead(path)) or started[0])
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path), "--report", str(tmp_path / "r.txt")])
    assert result.exit_code == 2
    assert "清单的文件名要以 .json 结尾" in result.output
    assert started and started[0].pid is None  # ended with the command
    assert no_children_left()
    assert not list(tmp_path.glob("*.docx"))


def test_no_process_to_be_had_reads_here(sample, monkeypatch, tmp_path):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refused)
    assert read_ahead.start(sample) is None
    assert len(os.listdir("/proc/self/fd")) == before  # the pipe closed again
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and (tmp_path / "2021.docx").is_file()


def test_one_processor_reads_here(sample, monkeypatch):
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)  # whatever other tests left running
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert read_ahead.start(sample) is None
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    ahead = read_ahead.start(sample)
    assert ahead is not None
    ahead.close()


KILLED_PARENT = """
import os, sys, time
from pathlib import Path
import pipeline.api
from pipeline import read_ahead

pipeline.api.loaded_context = lambda *args: time.sleep(60)  # a workbook that takes long to read
ahead = read_ahead.ReadAhead(Path(sys.argv[1]))
print(ahead.pid, flush=True)
time.sleep(60)
"""


def test_the_copy_ends_with_a_killed_program(sample):
    # killed (SIGKILL, or SIGTERM before the run began): no copy reads on for nobody
    program = subprocess.Popen([sys.executable, "-c", KILLED_PARENT, str(sample)], stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    copy = int(program.stdout.readline())
    program.kill()
    program.wait()
    program.stdout.close()
    deadline = time.monotonic() + 10
    while running(copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(copy)


def running(pid: int) -> bool:
    """The process exists and has not ended (an ended one may wait, unreaped, for init)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_a_program_started_with_sigchld_ignored_reads_ahead_as_usual(sample, tmp_path, monkeypatch):
    # ignored by the starting process and inherited: the system reaps the copy itself
    monkeypatch.setattr(read_ahead, "start", read_ahead.ReadAhead)
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path)])
    finally:
        signal.signal(signal.SIGCHLD, before)
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and "程序内部错误" not in result.output
    assert (tmp_path / "2021.docx").is_file()


def test_the_copy_answers_where_no_thread_can_be_had(sample, monkeypatch):
    # its watch for this process's end is a thread: a system refusing one still gets the answer
    import threading

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    with read_ahead.ReadAhead(sample) as ahead:
        assert ahead._receive()[0] == "loaded"  # not read again here


CLOSED_STREAMS = """
import os, sys
from pathlib import Path
from pipeline import read_ahead

with read_ahead.ReadAhead(Path(sys.argv[1])) as ahead:
    os.write(2, ahead._receive()[0].encode())
"""


def test_the_copy_answers_a_program_started_with_its_input_and_output_closed(sample):
    # the pipe then takes the numbers of standard streams, which the copy points elsewhere
    def closed_streams():
        os.close(0)
        os.close(1)

    done = subprocess.run([sys.executable, "-c", CLOSED_STREAMS, str(sample)], stderr=subprocess.PIPE,
                          text=True, preexec_fn=closed_streams, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=60)
    assert done.stderr == "loaded"  # not read a second time in the program


def test_a_large_answer_is_held_once_while_it_is_unpickled(sample):
    # a workbook of thousands of indicator rows: its answer comes in many pieces
    import pickle
    import tracemalloc

    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book["项目指标"]
    last = [cell.value for cell in sheet[sheet.max_row]]
    for n in range(4000):
        sheet.append([*last[:3], f"{last[3]}{n}", *last[4:]])
    book.save(sample)
    size = len(pickle.dumps(("loaded", loaded_context(sample)), protocol=pickle.HIGHEST_PROTOCOL))
    assert size > 2 << 20
    with read_ahead.ReadAhead(sample) as ahead:
        tracemalloc.start()
        try:
            answer = ahead.loaded()
            kept, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert answer.book["file"] == str(sample)
    assert peak - kept < 2.2 * size  # the pieces, then the whole, then objects: never two copies


def test_too_many_open_files_is_not_a_damaged_workbook(sample, monkeypatch):
    # the copy needs a few more file descriptors: at the system's limit the clerk is told why
    import errno
    import zipfile

    def no_more_files(*args, **kwargs):
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(zipfile, "ZipFile", no_more_files)
    with pytest.raises(WorkbookError) as refused:
        loaded_context(sample)
    assert "同时打开的文件太多" in str(refused.value)
    assert "损坏" not in str(refused.value)
