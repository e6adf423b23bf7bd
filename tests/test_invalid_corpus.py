"""Every broken workbook of tests/fixtures/invalid/ is refused: exit code 1, the message
names the file, sheet and cell, no traceback, and nothing is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from make_invalid import CASES, TARGET

from pipeline.cli import main


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_with_its_message(case, tmp_path):
    path = TARGET / (case.name + case.suffix)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "程序内部错误" not in result.output
    assert case.message in result.output
    location = f"{path} {case.where}" if case.where else f"{path}:"
    assert location in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports_the_same(case):
    for extra in ([], ["--json"]):
        result = CliRunner().invoke(main, ["check", str(TARGET / (case.name + case.suffix)), *extra])
        assert result.exit_code == 1
        assert "程序内部错误" not in result.output
        assert case.message in result.output or extra


def test_corpus_is_in_step_with_the_cases():
    assert sorted(p.name for p in TARGET.iterdir()) == sorted(c.name + c.suffix for c in CASES)


def test_huge_workbook_is_refused(tmp_path):
    import openpyxl

    path = tmp_path / "huge.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("项目指标")
    for i in range(100_000):
        sheet.append(["项目", i])
    book.save(path)
    result = CliRunner().invoke(main, [str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "工作表“项目指标”的行数超过 20,000 行（上限" in result.output


# words a Chinese message may hold: programs and formats the clerk knows, parts of the package
KNOWN_WORDS = {"Excel", "WPS", "Word", "XML", "xlsx", "xls", "docx", "DOCTYPE", "ENTITY", "xl", "worksheets",
               "sharedStrings", "workbook", "styles", "xml", "rels", "yyyy", "mm", "dd", "TRUE", "FALSE"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_message_is_chinese(case):
    import re

    path = TARGET / (case.name + case.suffix)
    result = CliRunner().invoke(main, ["check", str(path)])
    said = result.output.replace(str(path), "")
    # what the cell holds (quoted), cells, characters, options
    said = re.sub(r"“[^”]*”|[A-Z]{1,3}\d+|U\+[0-9A-F]+|sheet\d+|--?[a-z-]+", "", said)
    assert not set(re.findall(r"[A-Za-z]{2,}", said)) - KNOWN_WORDS, said
