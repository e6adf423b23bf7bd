"""Nothing left behind: temporary files of killed runs are removed by the next run, and a
run stopped by Ctrl-C reports every document it wrote."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from pipeline import atomic
from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def sleeper():
    """A running process (its id is alive for the test)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def folder_of(tmp_path, count):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(count):
        shutil.copy(SAMPLE, folder / f"d{i}.xlsx")
    return folder


def test_a_dead_writers_temporary_file_is_removed_and_never_reported(tmp_path, sleeper):
    folder, out, report = folder_of(tmp_path, 2), tmp_path / "out", tmp_path / "report.json"
    out.mkdir()
    dead = out / f"{atomic.TEMP_PREFIX}{dead_pid()}-d0.docx{atomic.TEMP_SUFFIX}"
    alive = out / f"{atomic.TEMP_PREFIX}{sleeper}-d1.docx{atomic.TEMP_SUFFIX}"
    stranger = out / ".d0.docx.1a2b3c.tmp"  # not this program's name: not its to remove
    for leftover in (dead, alive, stranger):
        leftover.write_bytes(b"PK\x03\x04 half a document")
    result = run(folder, "-o", out, "-j", "1", "--report", report)
    assert result.exit_code == 0, result.output
    assert not dead.exists()
    assert alive.exists() and stranger.exists()  # its writer may still finish it
    assert sorted(p.name for p in out.glob("*.docx")) == ["d0.docx", "d1.docx"]
    listed = json.loads(report.read_text(encoding="utf-8"))["workbooks"]
    assert sorted(w["output"] for w in listed) == [str(out / "d0.docx"), str(out / "d1.docx")]
    assert ".tmp" not in report.read_text(encoding="utf-8") and ".tmp" not in result.output


def test_the_temporary_file_is_named_for_its_writer_and_recognised():
    from pathlib import Path

    name = "某某县" * 40 + ".docx"  # 360 bytes in UTF-8: cut, so that the name stays legal
    tmp = atomic.temp_path(Path("out") / name)
    assert tmp.name.startswith(f"{atomic.TEMP_PREFIX}{os.getpid()}-某某县")
    assert tmp.name.endswith(atomic.TEMP_SUFFIX) and len(tmp.name.encode("utf-8")) < 200
    assert atomic.is_temp(tmp.name)
    assert not atomic.is_temp("2021.docx") and not atomic.is_temp(".gendisclosure-x-2021.docx.tmp")


def test_a_temporary_file_left_by_an_earlier_process_with_this_id_is_replaced(tmp_path):
    target = tmp_path / "2021.docx"
    atomic.temp_path(target).write_bytes(b"left by a process that had this id before")
    atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2021.docx"]


def test_a_failed_write_leaves_nothing(tmp_path):
    from pipeline.errors import OutputError

    (tmp_path / "2021.docx").mkdir()  # something in the way
    with pytest.raises(OutputError) as info:
        atomic.write_atomic(tmp_path / "2021.docx", b"data")
    assert str(info.value).startswith(f"{tmp_path / '2021.docx'}: 无法写入")
    assert [p.name for p in tmp_path.iterdir()] == ["2021.docx"]


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_just_after_a_write_still_reports_the_document(tmp_path, monkeypatch):
    import pipeline.write

    folder, out, report = folder_of(tmp_path, 3), tmp_path / "out", tmp_path / "report.json"
    real = pipeline.write.write_together

    def write_then_ctrl_c(files):
        written = real(files)
        if written[0].suffix == ".docx":  # as if Ctrl-C came the moment the document was in place
            os.kill(os.getpid(), signal.SIGINT)
        return written

    monkeypatch.setattr(pipeline.write, "write_together", write_then_ctrl_c)
    result = run(folder, "-o", out, "-j", "1", "--report", report)
    assert result.exit_code == 130, result.output
    written = sorted(p.name for p in out.glob("*.docx"))
    assert written == ["d0.docx"]
    assert "已完成 1 个，未处理 2 个" in result.output
    listed = json.loads(report.read_text(encoding="utf-8"))["workbooks"]
    assert [(w["output"], w["status"]) for w in listed] == [(str(out / "d0.docx"), "generated")]
    assert not [p for p in out.iterdir() if atomic.is_temp(p.name)]


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_before_anything_is_written_stops_at_once(tmp_path, monkeypatch):
    import pipeline.api

    folder, out = folder_of(tmp_path, 3), tmp_path / "out"
    real = pipeline.api.load

    def load_then_ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline.api, "load", load_then_ctrl_c)
    result = run(folder, "-o", out, "-j", "1")
    assert result.exit_code == 130, result.output
    assert "已完成 0 个，未处理 3 个" in result.output
    assert not out.exists() or not any(out.iterdir())
