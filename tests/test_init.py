"""`gendisclosure init`: a blank workbook in the same format, refused until filled."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import SAMPLE
from textdump import docx_blocks

from pipeline.blank import FILLED_IN
from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def headers(path) -> dict[str, list]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {name: [c.value for c in next(book[name].iter_rows(max_row=1))]
            for name in book.sheetnames if name != "说明"}


def test_blank_workbook_has_the_sample_format(tmp_path):
    blank = tmp_path / "blank.xlsx"
    assert run("init", blank).exit_code == 0
    assert openpyxl.load_workbook(blank).sheetnames[0] == "说明"
    assert headers(blank) == headers(SAMPLE)


def test_untouched_blank_workbook_says_what_to_fill(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("init", blank, "--year", "2022", "--department", "某某局")
    result = run("check", blank)
    assert result.exit_code == 1
    for expected in ("基本信息!B3: “单位全称”必须填写",
                     "项目!A2: 第2行是示例行（以“【示例】”开头）",
                     "收支预算!C2: “一般公共预算收入”的本年金额必须填写（没有就填 0）",
                     "三公经费!B2: “本年”必须填写"):
        assert expected in result.output
    assert "部门简称" not in result.output and "年度" not in result.output  # given on the command line


def test_blank_workbook_filled_in_renders_like_the_sample(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("init", blank)
    book, sample = openpyxl.load_workbook(blank), openpyxl.load_workbook(SAMPLE)
    for sheet in FILLED_IN:  # the clerk types the sample's data over the blank's rows
        target = book[sheet.name]
        target.delete_rows(2, target.max_row)
        for row in sample[sheet.name].iter_rows(min_row=2, values_only=True):
            target.append(row)
    book.save(blank)
    made = run(blank, "-o", tmp_path / "a")
    assert made.exit_code == 0, made.output
    run(SAMPLE, "-o", tmp_path / "b")
    assert docx_blocks(tmp_path / "a" / "blank.docx") == docx_blocks(tmp_path / "b" / "2021.docx")


def test_init_does_not_overwrite(tmp_path):
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(b"mine")
    result = run("init", blank)
    assert result.exit_code == 1 and "文件已存在" in result.output
    assert blank.read_bytes() == b"mine"


def test_drop_downs_come_from_the_format(tmp_path):
    """Every column and key the format limits to a list of values offers that list."""
    from pipeline.workbook_format import SHEETS

    blank = tmp_path / "blank.xlsx"
    assert run("init", blank).exit_code == 0
    book = openpyxl.load_workbook(blank)
    offered = {(name, dv.formula1.strip('"')) for name in book.sheetnames
               for dv in book[name].data_validations.dataValidation if dv.type == "list"}
    assert ("收支预算", "收入,支出") in offered
    assert ("基本信息", "是,否") in offered
    assert ("项目指标", "≥,≤,=,＞,＜") in offered
    for sheet in SHEETS:
        for column in (sheet.keys if sheet.kind == "kv" else sheet.columns):
            if column.choices and sheet.name in book.sheetnames:
                assert (sheet.name, ",".join(column.choices)) in offered, (sheet.name, column.header)
