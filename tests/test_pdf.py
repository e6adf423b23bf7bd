"""--pdf: PDFs beside the documents through LibreOffice (skipped where it is absent)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE

from pipeline.cli import main
from pipeline.pdf import find_soffice, find_uno_python

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@needs_libreoffice
def test_pdf_is_written_beside_each_document(tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "a" / "经开区.xlsx")
    shutil.copy(SAMPLE, folder / "经开区.xlsx")  # same name in another folder
    result = run(folder, "-o", tmp_path / "out", "--pdf", "--template", "sections12")
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.pdf"))
    assert pdfs == ["a/经开区.pdf", "经开区.pdf"]
    assert (tmp_path / "out" / "经开区.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "经开区.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        listing = text[text.index("项目绩效目标表目录"):]  # the list of tables is filled in
        assert "1.经开区编外人员资金绩效目标表" in listing
        if find_uno_python(find_soffice()):  # with page numbers where indexes can be updated
            import re

            assert re.search(r"1\.经开区编外人员资金绩效目标表\.{3,}\s*\d+", listing)


def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    import pipeline.pdf

    monkeypatch.setattr(pipeline.pdf, "find_soffice", lambda: None)
    result = run(SAMPLE, "-o", tmp_path, "--pdf")
    assert result.exit_code == 1
    assert "找不到 LibreOffice（soffice），无法生成 PDF" in result.output
    assert (tmp_path / "2021.docx").is_file()  # the documents themselves are written


@needs_libreoffice
def test_plain_conversion_is_the_fallback(tmp_path, monkeypatch):
    import pipeline.pdf

    monkeypatch.setattr(pipeline.pdf, "find_uno_python", lambda soffice: None)
    result = run(SAMPLE, "-o", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2021.pdf").read_bytes().startswith(b"%PDF")


@needs_libreoffice
def test_pdf_that_cannot_be_written_is_a_clear_error(tmp_path):
    (tmp_path / "2021.pdf").mkdir()  # something in the way
    result = run(SAMPLE, "-o", tmp_path, "--pdf")
    assert result.exit_code == 1
    assert "无法写入 PDF" in result.output
    assert not list(tmp_path.glob(".*.tmp"))


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_wide_tables_do_not_break_numbers_or_dates(sample, tmp_path):
    """Six-decimal amounts, catalogue numbers and the asset table's date each stay on one line."""
    from conftest import edit

    row = ["办公设备购置项目资金", 323.845678, "台式计算机", "A02010199", "台", 2, 161.922839,
           300, 0, 0, 23.845678, 0]
    for ref, value in zip("ABCDEFGHIJKL", row):
        edit(sample, "政府采购", f"{ref}2", value)
    # the 财政专户核拨 it is paid from, out of the sample's 一般公共预算收入 (3308.233094)
    edit(sample, "收支预算", "C2", 3284.387416)
    edit(sample, "收支预算", "C4", 23.845678)
    from pipeline.api import generate
    from pipeline.pdf import to_pdf

    documents = [generate(sample, tmp_path / t, template=t).output for t in ("disclosure", "sections12")]
    for pdf in to_pdf(documents):  # one LibreOffice process for both
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = text.replace(" ", "")
        for whole in ("323.845678", "161.922839", "23.845678", "A02010199", "2020年12月31日"):
            assert whole in flat, (pdf, whole)


FAKE_SOFFICE = """#!/bin/sh
# stands in for LibreOffice: starts a worker of its own, as soffice does, and never finishes
sleep 300 &
echo $! >> "$FAKE_SOFFICE_PIDS"
wait
"""


def _alive(pid: int) -> bool:
    """A process that still runs (a zombie left for the system to reap does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc and POSIX process groups")
def test_ctrl_c_while_converting_stops_libreoffice(tmp_path):
    """Ctrl-C while LibreOffice converts: the run ends with 已中断 and exit code 130, and the
    LibreOffice it started (with the processes that started) is stopped, not left writing
    into a removed folder; the temporary folder is gone."""
    import os
    import signal
    import sys
    import time

    fake = tmp_path / "bin"
    fake.mkdir()
    for name in ("soffice", "python3"):  # python3: no LibreOffice bridge either (plain conversion)
        (fake / name).write_text(FAKE_SOFFICE if name == "soffice" else "#!/bin/sh\nexit 1\n")
        (fake / name).chmod(0o755)
    pids = tmp_path / "pids.txt"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "FAKE_SOFFICE_PIDS": str(pids),
           "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    run_ = subprocess.Popen([sys.executable, "-m", "pipeline.cli", str(SAMPLE), "-o", str(tmp_path / "out"),
                             "--pdf"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not (pids.is_file() and pids.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pids.is_file(), "the program never started LibreOffice"
        worker = int(pids.read_text().split()[0])
        assert _alive(worker)
        run_.send_signal(signal.SIGINT)
        out, err = run_.communicate(timeout=30)
        time.sleep(0.2)
        left_running = _alive(worker)
    finally:
        if run_.poll() is None:
            run_.kill()
        if worker is not None and _alive(worker):
            os.kill(worker, signal.SIGKILL)
    assert run_.returncode == 130, err
    assert "已中断" in err
    assert "Traceback" not in err
    assert not left_running, "LibreOffice's process was left running"
    assert (tmp_path / "out" / "2021.docx").is_file()  # the document came first and stays
    assert not list((tmp_path / "out").glob("*.pdf"))
    assert not list(temp.iterdir())  # the temporary folder is removed
