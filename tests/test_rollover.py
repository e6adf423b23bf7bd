"""`gendisclosure rollover`: next year's workbook starts from this year's, and nothing of
last year's reaches the new document unless the clerk changed or confirmed it."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, edit
from make_invalid import TARGET
from textdump import docx_blocks

from pipeline.api import load
from pipeline.errors import WorkbookError
from pipeline.workbook_format import REVIEW_SHEET

HINT = "如确认无需修改，在“待核对”表第{}行“已核对”列填“是”"


def run(*args):
    from pipeline.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def rolled(tmp_path):
    target = tmp_path / "2022.xlsx"
    result = run("rollover", SAMPLE, "--year", "2022", "-o", target)
    assert result.exit_code == 0, result.output
    return target


def review_rows(path) -> list[list]:
    sheet = openpyxl.load_workbook(path)[REVIEW_SHEET]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def unreviewed(path) -> set[str]:
    """"sheet!cell" of every cell reported as still holding last year's content."""
    try:
        load(path)
    except WorkbookError as error:
        return {f"{f.sheet}!{f.cell}" for f in error.findings if f.rule == "待核对"}
    return set()


def confirm_all(path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[REVIEW_SHEET]
    for row in range(2, sheet.max_row + 1):
        sheet[f"E{row}"] = "是"
    book.save(path)


def test_unedited_rolled_workbook_is_refused_until_reviewed(rolled, tmp_path):
    refused = run(rolled, "-o", tmp_path / "out")
    assert refused.exit_code == 1
    for expected in (
        "收支预算!C6: 仍是上一年度的内容“952.56377”：请改为本年的内容；" + HINT.format(6),
        "收支预算!E8: 仍是上一年度的内容“主要为人员经费支出”：请改为本年的内容；" + HINT.format(8),
        "三公经费!B4: 仍是上一年度的内容“13.545”",
        "整体绩效!B2: 仍是上一年度的内容“2021年经开区将在县委、县政府的正确领导下，紧紧围绕统筹推…”",
    ):
        assert expected in refused.output
    assert not (tmp_path / "out" / "2022.docx").exists()

    edit(rolled, "收支预算", "E8", "主要为人员经费调整")  # edited cells need no confirmation
    edit(rolled, "整体绩效", "B2", "2022年经开区将继续……")
    confirm_all(rolled)
    made = run(rolled, "-o", tmp_path / "out")
    assert made.exit_code == 0, made.output
    assert "永清县经开区2022年部门预算\n信息公开情况说明" in docx_blocks(tmp_path / "out" / "2022.docx")


def test_review_sheet_lists_each_marked_cell_with_its_content(rolled):
    rows = review_rows(rolled)
    assert openpyxl.load_workbook(rolled).sheetnames[0] == REVIEW_SHEET
    assert rows[:3] == [["收支预算", "C2", "本年", "3308.233094", None],
                        ["收支预算", "C3", "本年", "0", None],
                        ["收支预算", "C4", "本年", "0", None]]
    listed = {(sheet, cell) for sheet, cell, *_ in rows}
    for expected in (("收支预算", "E9"), ("机关运行经费", "B2"), ("整体绩效", "B3"), ("分项绩效目标", "C8"),
                     ("保障措施", "A13"), ("整体绩效指标", "G2"), ("项目", "B35"), ("项目指标", "G243"),
                     ("国有资产", "C6"), ("国有资产说明", "B2"), ("国有资产说明", "B3")):
        assert expected in listed
    assert ("收支预算", "D6") not in listed and ("收支预算", "C8") not in listed  # 上年; empty
    assert ("部门职责", "A2") not in listed and ("名词解释", "B2") not in listed  # standing texts
    assert ("项目指标", "A173") not in listed  # a project's name repeated; checked against 项目


def test_text_naming_the_old_year_is_listed(sample, tmp_path):
    edit(sample, "名词解释", "B2", "指县级财政2021年拨付的资金。")
    target = tmp_path / "2022.xlsx"
    assert run("rollover", sample, "-o", target).exit_code == 0
    assert ["名词解释", "B2", "解释", "指县级财政2021年拨付的资金。", None] in review_rows(target)
    note = openpyxl.load_workbook(target)["名词解释"]["B2"].comment.text
    assert note.startswith("提到了年份“2021”，可能是上一年度的内容，请核对；")
    assert "名词解释!B2" in unreviewed(target)


def test_editing_one_marked_cell_clears_exactly_that_cell(rolled):
    before = unreviewed(rolled)
    edit(rolled, "项目指标", "G2", 25)  # was 24, like many 值 cells
    assert before - unreviewed(rolled) == {"项目指标!G2"}
    assert unreviewed(rolled) <= before


def test_confirming_one_row_clears_exactly_that_cell(rolled):
    before = unreviewed(rolled)
    edit(rolled, REVIEW_SHEET, "E4", "是")  # 收支预算!C4, 0 like C3 and C5
    assert before - unreviewed(rolled) == {"收支预算!C4"}


def test_a_deleted_row_does_not_hide_last_years_content(rolled):
    book = openpyxl.load_workbook(rolled)
    book["保障措施"].delete_rows(3)  # the texts below move up a row
    book.save(rolled)
    with pytest.raises(WorkbookError) as info:
        load(rolled, label="2022.xlsx")
    found = [str(f) for f in info.value.findings if f.sheet == "保障措施"]
    assert len(found) == 11
    assert found[1].startswith("2022.xlsx 保障措施!A3: 仍是上一年度的内容“信访稳定。做好群众的来信来访，")
    assert "（结转时在 A4）" in found[1]


def test_a_review_row_naming_no_cell_is_an_error(rolled):
    edit(rolled, REVIEW_SHEET, "A2", "收支")
    edit(rolled, REVIEW_SHEET, "E3", "已核")
    with pytest.raises(WorkbookError) as info:
        load(rolled, label="2022.xlsx")
    found = [str(f) for f in info.value.findings]
    assert [f for f in found if "待核对!" in f] == [
        "2022.xlsx 待核对!A2: 第2行的工作表“收支”不在本工作簿中：请核对名称，或删除这一行",
        "2022.xlsx 待核对!E3: “已核对”填了“已核”，只能填：是、否",
    ]
    assert any(f.startswith("2022.xlsx 收支预算!C4: 仍是上一年度的内容") for f in found)  # the rest is checked


def test_last_year_columns_take_this_years_figures_and_this_year_is_marked(tmp_path):
    rolled = tmp_path / "2022.xlsx"
    run("rollover", SAMPLE, "-o", rolled)  # the year defaults to the next one
    book = openpyxl.load_workbook(rolled)
    budget = book["收支预算"]
    assert book["基本信息"]["B5"].value == 2022
    assert str(budget["D6"].value) == "952.56377"  # 人员经费: 上年 ← 本年
    assert str(budget["D8"].value) == "1086.054294"  # 基本支出: derived this year, given next year
    assert budget["C6"].value == 952.56377 and budget["C6"].fill.fgColor.rgb.endswith("FFF2CC")
    assert "请改为本年预算数" in budget["C6"].comment.text and HINT.format(6) in budget["C6"].comment.text
    assert str(book["机关运行经费"]["B3"].value) == "133.490524"


def test_rolling_a_reviewed_workbook_starts_a_new_review(rolled, tmp_path):
    confirm_all(rolled)
    edit(rolled, "名词解释", "B2", "指县级财政当年拨付的资金（2022年）。")
    again = tmp_path / "2023.xlsx"
    assert run("rollover", rolled, "-o", again).exit_code == 0
    rows = review_rows(again)
    assert len(rows) > 300 and all(row[4] is None for row in rows)
    assert ["名词解释", "B2", "解释", "指县级财政当年拨付的资金（2022年）。", None] in rows
    book = openpyxl.load_workbook(again)
    assert book["基本信息"]["B5"].value == 2023 and book.sheetnames.count(REVIEW_SHEET) == 1
    stale = book["项目"]["A30"]  # names 2020 only: marked in 2022, not any more in 2023
    assert ["项目", "A30"] not in [row[:2] for row in rows]
    assert stale.fill.fill_type is None and stale.comment is None


def test_rollover_refuses_an_invalid_workbook_and_an_earlier_year(tmp_path):
    bad = run("rollover", TARGET / "收支不平衡.xlsx", "-o", tmp_path / "x.xlsx")
    assert bad.exit_code == 1 and "收支预算!C2" in bad.output
    assert not (tmp_path / "x.xlsx").exists()
    early = run("rollover", SAMPLE, "--year", "2020", "-o", tmp_path / "y.xlsx")
    assert early.exit_code == 1 and "应晚于工作簿的年度 2021" in early.output


def test_rollover_refuses_to_skip_a_year(tmp_path):
    """2021's figures as 2024's 上年 would be printed as 2023's budget: refused."""
    skipped = run("rollover", SAMPLE, "--year", "2024", "-o", tmp_path / "2024.xlsx")
    assert skipped.exit_code == 1
    assert "新年度只能是工作簿年度 2021 的下一年 2022，不能是 2024" in skipped.output
    assert "请从 2023 年的工作簿生成" in skipped.output
    assert not (tmp_path / "2024.xlsx").exists()


def test_rollover_adds_a_missing_last_year_row(sample, tmp_path):
    book = openpyxl.load_workbook(sample)
    book["机关运行经费"].delete_rows(3)  # the 上年 row, which is optional
    book.save(sample)
    rolled = tmp_path / "2022.xlsx"
    assert run("rollover", sample, "-o", rolled).exit_code == 0
    sheet = openpyxl.load_workbook(rolled)["机关运行经费"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[-1] == ["上年", 133.490524]  # right below the last item, no gap
    confirm_all(rolled)
    assert run("check", rolled).exit_code == 0
