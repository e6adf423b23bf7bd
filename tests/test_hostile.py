"""Crafted files: each ends in a clear refusal within bounded time and memory, never an
internal error, and leaves the output folder as it was. Built here, small on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE
from textdump import docx_blocks

from pipeline.cli import main

# VmHWM, the peak of this process's own memory (getrusage's ru_maxrss would carry the
# test process's peak over the fork and exec)
MEASURE = """
import sys
from pipeline.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print("MAXRSS_KB", peak, file=sys.stderr)
sys.exit(code)
"""
pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")


def measured(*args: str) -> tuple[int, str, float, float]:
    """Exit code, output, seconds and peak memory (MB) of one run in its own process."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.monotonic() - start
    peak = int(done.stderr.rsplit("MAXRSS_KB", 1)[1].split()[0]) / 1024
    return done.returncode, done.stdout + done.stderr, seconds, peak


def rewrite(source: Path, target: Path, sheet_part_edit) -> Path:
    """A copy of ``source`` with the 项目指标 sheet's XML replaced by ``sheet_part_edit``."""
    import openpyxl

    part = f"xl/worksheets/sheet{openpyxl.load_workbook(source).sheetnames.index('项目指标') + 1}.xml"
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, sheet_part_edit(data) if name == part else data)
    return target


def refused_within_bounds(path: Path, out: Path, message: str) -> None:
    code, output, seconds, peak = measured(str(path), "-o", str(out))
    assert code == 1, output
    assert message in output and str(path) in output, output
    assert "程序内部错误" not in output and "Traceback" not in output
    assert seconds < 10, seconds
    assert peak < 500, peak
    assert not out.exists() or not any(out.iterdir())


def test_forged_row_number_is_refused_at_once(tmp_path):
    path = rewrite(SAMPLE, tmp_path / "forged.xlsx",
                   lambda xml: xml.replace(b"</sheetData>", b'<row r="2147483647"><c r="A2147483647" '
                                           b't="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    refused_within_bounds(path, tmp_path / "out", "行数超过 20,000 行（上限，第2147483647行）")


def test_zip_bomb_stops_while_inflating(tmp_path):
    filler = b"<x/>" * (300 * 1024 * 1024 // 4)  # 300 MB of elements, about 0.3 MB deflated
    path = rewrite(SAMPLE, tmp_path / "bomb.xlsx",
                   lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + filler))
    assert path.stat().st_size < 2 * 1024 * 1024
    refused_within_bounds(path, tmp_path / "out", "个XML元素（上限）")


def test_inflating_stops_at_the_part_limit(tmp_path):
    """A part that inflates beyond the limit is refused while inflating (few, long elements)."""
    filler = b"<x>" + b"y" * (1024 * 1024) + b"</x>"
    path = rewrite(SAMPLE, tmp_path / "wide.xlsx",
                   lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + filler * 300))
    refused_within_bounds(path, tmp_path / "out", "解压后超过 64 MB")


def test_rows_are_counted_not_taken_from_the_dimension(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(300, 30_300))
    path = rewrite(SAMPLE, tmp_path / "many.xlsx",
                   lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"))
    refused_within_bounds(path, tmp_path / "out", "行数超过 20,000 行")


def test_typed_escape_text_is_decoded_once(sample, tmp_path):
    """Typed “_x0041_” is stored by Excel as _x005F_x0041_ and must print as typed."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["项目"]["B2"] = "编号ESCAPEMARK"
    book.save(sample)
    with zipfile.ZipFile(sample) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(sample, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data.replace(b"ESCAPEMARK", b"_x005F_x0041_"))
    result = CliRunner().invoke(main, [str(sample), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "编号_x0041_" in docx_blocks(tmp_path / "out" / "2021.docx")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_in_a_folder_is_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.xlsx")
    locked = folder / "b.xlsx"
    shutil.copy(SAMPLE, locked)
    locked.chmod(0)
    result = CliRunner().invoke(main, [str(folder), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    assert f"{locked}: 无法读取文件（没有权限）" in result.output
    assert (tmp_path / "out" / "a.docx").exists()


def test_a_folder_named_like_a_workbook_is_named(tmp_path):
    folder = tmp_path / "假的.xlsx"
    folder.mkdir()
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code in (1, 2)
    assert str(folder) in result.output and "文件夹" in result.output


def test_limits_are_documented_as_declared():
    from pipeline.limits import limits_markdown

    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert limits_markdown() in doc, "copy pipeline.limits.limits_markdown() into docs/validation.md"


def test_every_corpus_file_is_refused_within_bounds(tmp_path):
    """The whole broken corpus in one process: each refused, in bounded time and memory."""
    from make_invalid import CASES, TARGET

    files = [str(TARGET / (c.name + c.suffix)) for c in CASES]
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", MEASURE, "check", *files], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.monotonic() - start
    peak = int(done.stderr.rsplit("MAXRSS_KB", 1)[1].split()[0]) / 1024
    assert done.returncode == 1
    assert "程序内部错误" not in done.stdout + done.stderr
    assert seconds < 10 * len(files) ** 0.5, seconds  # ~0.2 s a file here
    assert peak < 500, peak
