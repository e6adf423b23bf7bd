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


SUBJECT_HEADERS = {  # the 科目 sheets, which the sample does not have
    "支出功能分类": ["科目编码", "科目名称", "基本支出", "项目支出", "一般公共预算拨款", "基金预算拨款",
                 "国有资本经营预算拨款", "财政专户核拨", "单位资金", "一般公共预算拨款中的基本支出"],
    "基本支出经济分类": ["科目编码", "科目名称", "人员经费", "公用经费"],
}


def test_blank_workbook_has_the_sample_format(tmp_path):
    blank = tmp_path / "blank.xlsx"
    assert run("init", blank).exit_code == 0
    assert openpyxl.load_workbook(blank).sheetnames[0] == "说明"
    # the sample leaves out the optional 资金来源 column of 收支预算 (its names tell the sources)
    sample = headers(SAMPLE)
    sample["收支预算"] = [*sample["收支预算"], "资金来源"]
    assert headers(blank) == sample  # the optional 科目 sheets only when asked for
    guide = [row[0] for row in openpyxl.load_workbook(blank)["说明"].iter_rows(values_only=True)]
    assert any(line and "--with-tables" in line for line in guide)
    with_tables = tmp_path / "with.xlsx"
    assert run("init", with_tables, "--with-tables").exit_code == 0
    assert headers(with_tables) == {**sample, **SUBJECT_HEADERS}


def test_blank_subject_sheets_have_examples_and_keep_codes_as_text(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("init", blank, "--with-tables")
    book = openpyxl.load_workbook(blank)
    for name in SUBJECT_HEADERS:
        sheet = book[name]
        assert sheet["A2"].value and sheet["B2"].value.startswith("【示例】"), name
        assert sheet["A2"].number_format == "@" and sheet["A300"].number_format == "@", name
        assert sheet["A1"].comment is not None and "位" in sheet["A1"].comment.text
    lengths = {dv.formula1 for dv in book["支出功能分类"].data_validations.dataValidation if dv.type == "custom"}
    assert lengths == {"OR(LEN(A2)=3,LEN(A2)=5,LEN(A2)=7)"}
    result = run("check", blank)
    for name, rows in (("支出功能分类", (2, 3, 4)), ("基本支出经济分类", (2, 3, 4, 5))):
        for row in rows:
            # the cell that holds the mark: the name (the code is a real code)
            assert f"{name}!B{row}: 第{row}行是示例行（“科目名称”以“【示例】”开头）" in result.output


def test_untouched_blank_workbook_says_what_to_fill(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("init", blank, "--year", "2022", "--department", "某某局")
    result = run("check", blank)
    assert result.exit_code == 1
    for expected in ("基本信息!B3: “单位全称”必须填写",
                     "项目!A2: 第2行是示例行（“项目名称”以“【示例】”开头）",
                     "收支预算!C2: “一般公共预算收入”的本年金额必须填写（没有就填 0）",
                     "三公经费!B2: “本年”必须填写"):
        assert expected in result.output
    assert "部门简称" not in result.output and "年度" not in result.output  # given on the command line
    assert "分类" not in result.output  # no 科目 sheet to delete where the tables are not published


def test_blank_workbook_filled_in_renders_like_the_sample(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("init", blank)
    book, sample = openpyxl.load_workbook(blank), openpyxl.load_workbook(SAMPLE)
    for sheet in FILLED_IN:  # the clerk types the sample's data over the blank's rows
        if sheet.name in SUBJECT_HEADERS:  # not in a blank workbook without --with-tables
            assert sheet.name not in book.sheetnames
            continue
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


def test_a_department_name_with_characters_a_workbook_cannot_hold_is_refused(tmp_path):
    """An escape, a non-character (Excel cannot save it) or a right-to-left override (the
    name would print backwards): told, nothing written, never an internal error."""
    for name, shown in (("a\x1bb", "a\\x1bb"), ("a\ufffeb", "a\\ufffeb"), ("\u202e经开区", "\\u202e经开区")):
        result = run("init", tmp_path / "x.xlsx", "--year", "2022", "--department", name)
        assert result.exit_code == 1, result.output
        assert f"部门简称“{shown}”含有不可见或无效的字符：请删除后重新输入" in result.output
        assert not (tmp_path / "x.xlsx").exists()


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
