"""Each income of 收支预算 counts towards one funding source: the one its 资金来源 cell names,
else the one its name's words tell; a name that tells none (财政拨款收入, 上年结转) or two is
refused at its cell once the source matters (the 科目 sheets, 政府采购).

The workbooks come from tests/make_subjects.py: 收支预算 holds B2 一般公共预算拨款收入 2100.064501,
B3 政府性基金预算拨款收入 200, B4 事业收入 11, B5 其他收入 128; 支出功能分类 spends 200 of 基金预算拨款.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from click.testing import CliRunner
from make_subjects import SUBJECTS, write_with_subjects

from pipeline.api import context_of, generate, load
from pipeline.cli import main
from pipeline.errors import WorkbookError


def errors_of(tmp_path, names: dict[int, str], sources: dict[int, str] | None = None) -> list[str]:
    """The errors of the workbook whose income rows (by row number) are renamed, and, given
    ``sources``, with a 资金来源 column (F) holding them."""
    path = write_with_subjects(SUBJECTS, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["收支预算"]
    for row, name in names.items():
        sheet[f"B{row}"] = name
    if sources is not None:
        sheet["F1"] = "资金来源"
        for row, source in sources.items():
            sheet[f"F{row}"] = source
    book.save(path)
    try:
        load(path, label="x.xlsx")
    except WorkbookError as error:
        return [str(f) for f in error.findings if f.level == "error"]
    return []


def test_income_whose_name_tells_no_source_is_refused_at_its_cell(tmp_path):
    found = errors_of(tmp_path, {3: "财政拨款收入"})
    assert found == [  # the one error: no source's total is compared with the incomes meanwhile
        "x.xlsx 收支预算!B3: 收入“财政拨款收入”的名称看不出资金来源：请在“资金来源”列选填一般公共预算拨款、"
        "基金预算拨款、国有资本经营预算拨款、财政专户核拨、单位资金之一（上年结转按结转资金的来源填）"]


def test_carry_over_and_social_insurance_fund_are_not_guessed(tmp_path):
    found = errors_of(tmp_path, {3: "上年结转", 4: "社会保险基金收入"})
    assert [f.split("：")[0] for f in found if "收支预算!B" in f] == [
        "x.xlsx 收支预算!B3: 收入“上年结转”的名称看不出资金来源",
        "x.xlsx 收支预算!B4: 收入“社会保险基金收入”的名称看不出资金来源"]


def test_name_with_words_of_two_sources_is_refused(tmp_path):
    found = errors_of(tmp_path, {4: "一般公共预算其他收入"})
    assert ("x.xlsx 收支预算!B4: 收入“一般公共预算其他收入”的名称同时像一般公共预算拨款和单位资金：请在“资金来源”列选填"
            "一般公共预算拨款、基金预算拨款、国有资本经营预算拨款、财政专户核拨、单位资金之一（上年结转按结转资金的来源填）") in found


def test_declared_source_decides_and_is_checked_against_the_subject_sheets(tmp_path):
    # 财政拨款收入 declared as 基金预算拨款: the 200 of 基金预算拨款 in 支出功能分类 is covered
    assert errors_of(tmp_path, {3: "财政拨款收入"}, {3: "基金预算拨款"}) == []
    # the older name of 一般公共预算 money is recognised without a declaration
    assert errors_of(tmp_path, {2: "公共财政预算拨款收入"}) == []


def test_declared_source_overrides_the_name(tmp_path):
    found = errors_of(tmp_path, {}, {3: "单位资金"})
    assert ("x.xlsx 支出功能分类!F: 各类的基金预算拨款合计 200 ≠ 计入基金预算拨款的收入（收支预算中没有） 0（相差 200 万元）："
            "收支预算中资金来源填“基金预算拨款”（或未填而名称含“政府性基金”“基金预算”）的收入计入基金预算拨款，"
            "请核对收入的资金来源或名称") in found


def test_source_outside_the_list_is_refused(tmp_path):
    found = errors_of(tmp_path, {}, {3: "上年结转"})
    assert any(f.startswith("x.xlsx 收支预算!F3:") and "上年结转" in f for f in found), found


def test_source_on_an_expense_row_is_told_it_is_not_used(tmp_path):
    path = write_with_subjects(SUBJECTS, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    book["收支预算"]["F1"], book["收支预算"]["F6"] = "资金来源", "一般公共预算拨款"
    book.save(path)
    assert [str(w) for w in load(path, label="x.xlsx")["warnings"] if "收支预算!F" in str(w)] == [
        "x.xlsx 收支预算!F6: 警告：支出“人员经费”填了资金来源“一般公共预算拨款”：资金来源只说明收入，"
        "支出行的这一格不会用到，请清空"]


def test_blank_workbook_offers_the_sources(tmp_path):
    blank = tmp_path / "blank.xlsx"
    assert CliRunner().invoke(main, ["init", str(blank)]).exit_code == 0
    sheet = openpyxl.load_workbook(blank)["收支预算"]
    offered = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"一般公共预算拨款,基金预算拨款,国有资本经营预算拨款,财政专户核拨,单位资金"' in offered
    assert [c.value for c in sheet[1]][:6] == ["类别", "项目", "本年", "上年", "增减原因", "资金来源"]


# ---- a department without 财政拨款 money ---------------------------------------------------


def own_funds_only(tmp_path, sangong: str = "0", running: str = "0"):
    """SUBJECTS with every income declared 单位资金 and 支出功能分类 paid from 单位资金 alone;
    三公 items and 机关运行经费 set to ``sangong`` and ``running``."""
    def own(sheets):
        del sheets["基本支出经济分类"]  # 一般公共预算 基本支出 by 经济分类: none
        for row in sheets["支出功能分类"][1:]:
            paid = [Decimal(v) for v in row[4:9] if v]
            row[4:10] = [None] * 4 + [str(sum(paid)) if paid else None, None]
    path = write_with_subjects(SUBJECTS, tmp_path / "own.xlsx", own)
    book = openpyxl.load_workbook(path)
    budget = book["收支预算"]
    budget["F1"] = "资金来源"
    for row in range(2, 6):
        budget[f"F{row}"] = "单位资金"
    for row in range(2, 6):
        book["三公经费"][f"B{row}"] = float(sangong)
    book["机关运行经费"]["B2"] = float(running)
    for row in book["政府采购"].iter_rows(min_row=2):  # paid from 单位资金 too
        row[11].value = sum(c.value or 0 for c in row[7:12])
        for c in row[7:11]:
            c.value = None
    book.save(path)
    return path


def test_department_without_fiscal_money_has_an_empty_fiscal_table(tmp_path):
    path = own_funds_only(tmp_path)
    # 资金来源 says which line an income joins: no cell of it is told it is left out
    result = generate(path, tmp_path / "out", template="standard")
    assert not [w for w in result.warnings if "收支预算!F" in str(w)]
    context = context_of(path)
    fiscal = context["公开表"]["公开04表"]
    assert fiscal["空表"] and fiscal["行"] == [] and fiscal["合计行"] == []
    assert fiscal["注"] == "清河县文化广电和旅游局2022年无财政拨款收支，故本表为空表。"
    assert fiscal["说明"] == "清河县文化广电和旅游局2022年无财政拨款收支。"
    summary = context["公开表"]["公开01表"]["说明"]
    assert "包括：无" not in summary and "支出包括：" in summary
    assert summary.startswith("2022年收入预算总计2439.064501万元，支出预算总计2439.064501万元。"
                              "收入包括：单位资金收入2439.064501万元；")


def test_sangong_and_running_costs_without_fiscal_money_are_refused(tmp_path):
    try:
        load(own_funds_only(tmp_path, sangong="1.5", running="20"), label="x.xlsx")
    except WorkbookError as error:
        found = [str(f) for f in error.findings if f.level == "error"]
    else:
        found = []
    why = ("只能由财政拨款安排，但收支预算中没有计入一般公共预算拨款、基金预算拨款、国有资本经营预算拨款的收入："
           "请核对这一金额，或收入的资金来源")
    assert sorted(found) == sorted([
        f"x.xlsx 三公经费!B2: “三公”经费的因公出国（境）费 1.5 万元{why}",
        f"x.xlsx 三公经费!B3: “三公”经费的公务用车购置费 1.5 万元{why}",
        f"x.xlsx 三公经费!B4: “三公”经费的公务用车运维费 1.5 万元{why}",
        f"x.xlsx 三公经费!B5: “三公”经费的公务接待费 1.5 万元{why}",
        f"x.xlsx 机关运行经费!B2: 机关运行经费 20 万元{why}"])
