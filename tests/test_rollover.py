"""`gendisclosure rollover`: next year's workbook starts from this year's."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import SAMPLE
from make_invalid import TARGET
from textdump import docx_blocks

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_rolled_workbook_renders_for_the_new_year(tmp_path):
    rolled = tmp_path / "2022.xlsx"
    result = run("rollover", SAMPLE, "--year", "2022", "-o", rolled)
    assert result.exit_code == 0, result.output
    assert run(rolled, "-o", tmp_path / "out").exit_code == 0
    text = docx_blocks(tmp_path / "out" / "2022.docx")
    assert "永清县经开区2022年部门预算\n信息公开情况说明" in text
    assert ("2022年预算收支安排3308.233094万元，较2021年预算持平，其中：基本支出持平，主要为人员经费支出；"
            "项目支出持平，主要为本级项目支出。") in text
    assert any("与2021年相持平，无增减变化。" in b for b in text)


def test_last_year_columns_take_this_years_figures_and_this_year_is_marked(tmp_path):
    rolled = tmp_path / "2022.xlsx"
    run("rollover", SAMPLE, "-o", rolled)  # the year defaults to the next one
    book = openpyxl.load_workbook(rolled)
    budget = book["收支预算"]
    assert book["基本信息"]["B5"].value == 2022
    assert str(budget["D6"].value) == "952.56377"  # 人员经费: 上年 ← 本年
    assert str(budget["D8"].value) == "1086.054294"  # 基本支出: derived this year, given next year
    assert budget["C6"].value == 952.56377 and budget["C6"].fill.fgColor.rgb.endswith("FFF2CC")
    assert "请改为本年预算数" in budget["C6"].comment.text
    assert str(book["机关运行经费"]["B3"].value) == "133.490524"


def test_rollover_refuses_an_invalid_workbook_and_an_earlier_year(tmp_path):
    bad = run("rollover", TARGET / "收支不平衡.xlsx", "-o", tmp_path / "x.xlsx")
    assert bad.exit_code == 1 and "收支预算!C2" in bad.output
    assert not (tmp_path / "x.xlsx").exists()
    early = run("rollover", SAMPLE, "--year", "2020", "-o", tmp_path / "y.xlsx")
    assert early.exit_code == 1 and "应晚于工作簿的年度 2021" in early.output


def test_rollover_adds_a_missing_last_year_row(tmp_path):
    import shutil

    source = tmp_path / "2021.xlsx"
    shutil.copy(SAMPLE, source)
    book = openpyxl.load_workbook(source)
    book["机关运行经费"].delete_rows(3)  # the 上年 row, which is optional
    book.save(source)
    rolled = tmp_path / "2022.xlsx"
    assert run("rollover", source, "-o", rolled).exit_code == 0
    sheet = openpyxl.load_workbook(rolled)["机关运行经费"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[-1] == ["上年", 133.490524]  # right below the last item, no gap
    assert run("check", rolled).exit_code == 0
