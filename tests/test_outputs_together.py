"""The document and its tables workbook are put in place together, and a folder's tables
workbooks are skipped aloud."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from make_subjects import SUBJECTS, write_with_subjects

from pipeline import atomic
from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return write_with_subjects(SUBJECTS, tmp_path_factory.mktemp("wb") / "清河.xlsx")


def test_tables_that_cannot_be_written_leave_no_document(workbook, tmp_path):
    out = tmp_path / "out"
    # the tables' folder would be the document itself: the second file cannot be written
    result = run(workbook, "-o", out, "--tables", out / "清河.docx" / "t.xlsx")
    assert result.exit_code != 0
    assert "无法写入" in result.output
    assert not (out / "清河.docx").is_file() and not (out / "清河.docx" / "t.xlsx").exists()
    assert not [p for p in out.rglob("*") if atomic.is_temp(p.name)]


def test_a_failed_rerun_keeps_both_old_files(workbook, tmp_path):
    out = tmp_path / "out"
    assert run(workbook, "-o", out, "--tables", out / "t.xlsx").exit_code == 0
    old_document, old_tables = (out / "清河.docx").read_bytes(), (out / "t.xlsx").read_bytes()
    (out / "清河.docx").write_bytes(b"older")
    (out / "t.xlsx").unlink()
    (out / "t.xlsx").mkdir()  # a folder in the tables' place: it cannot be replaced
    result = run(workbook, "-o", out, "--tables", out / "t.xlsx")
    assert result.exit_code != 0
    assert (out / "清河.docx").read_bytes() == b"older"
    assert old_document and old_tables


def test_the_old_document_note_only_when_the_document_is_old(workbook, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(workbook, folder / "清河.xlsx")
    (out / "清河.公开表.xlsx").mkdir(parents=True)  # the tables cannot be written
    result = run(folder, "-o", out, "-j", 1, "--with-tables")
    assert result.exit_code == 1, result.output
    assert "旧文档" not in result.output  # there was no document before
    assert not (out / "清河.docx").exists()
    (out / "清河.docx").write_bytes(b"older")
    result = run(folder, "-o", out, "-j", 1, "--with-tables")
    assert f"注意：{out / '清河.docx'} 是以前生成的旧文档，未被更新" in result.output
    assert (out / "清河.docx").read_bytes() == b"older"


def test_a_folders_tables_workbooks_are_skipped_aloud(workbook, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(workbook, folder / "清河.xlsx")
    shutil.copy(workbook, folder / "南河.公开表.xlsx")  # no 南河.xlsx: a workbook named so
    result = run(folder, "-o", folder, "-j", 1, "--with-tables")
    assert result.exit_code == 0, result.output
    assert "共 2 个工作簿：生成 2" in result.output
    result = run(folder, "-o", tmp_path / "again", "-j", 1)
    assert f"跳过 {folder / '清河.公开表.xlsx'}" in result.output
    assert "共 2 个工作簿" in result.output  # 清河.xlsx and 南河.公开表.xlsx
