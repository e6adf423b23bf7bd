"""Plausibility warnings: a workbook filled in 元 instead of 万元, and other unlikely figures."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from click.testing import CliRunner
from conftest import SAMPLE, edit

from pipeline.api import load
from pipeline.cli import main
from pipeline.workbook_format import SHEETS

RULES = {"金额过大", "本年与上年相差悬殊", "元当万元", "三公大于基本支出", "上年全为0"}


def warnings(path) -> list[str]:
    return [str(w) for w in load(path, label="2021.xlsx")["warnings"] if w.rule in RULES]


def edits(path, sheet: str, cells: dict) -> None:
    for ref, value in cells.items():
        edit(path, sheet, ref, value)


def times_ten_thousand(path) -> None:
    """Every amount of the workbook as if typed in 元."""
    book = openpyxl.load_workbook(path)
    for sheet in SHEETS:
        if sheet.name not in book.sheetnames:
            continue
        ws = book[sheet.name]
        if sheet.kind == "kv":
            keys = {k.header for k in sheet.keys if k.kind == "amount"}
            cells = [row[1] for row in ws.iter_rows(min_row=2) if row[0].value in keys]
        else:
            amounts = {c.header for c in sheet.columns if c.kind == "amount"}
            columns = [i for i, c in enumerate(ws[1]) if c.value in amounts]
            cells = [row[i] for row in ws.iter_rows(min_row=2) for i in columns]
        for c in cells:
            if c.value is not None:
                c.value = float(Decimal(str(c.value)) * 10000)
    book.save(path)


def test_workbook_in_yuan_fails_the_strict_check(sample):
    times_ten_thousand(sample)
    strict = CliRunner().invoke(main, ["check", "--strict", str(sample)])
    assert strict.exit_code == 1
    assert "金额单位应为万元：本年收入合计 33082330.94 万元" in strict.output
    assert "收支预算!C2" in strict.output and "按“元”填写" in strict.output
    plain = CliRunner().invoke(main, ["check", str(sample)])
    assert plain.exit_code == 0, plain.output  # warnings: the document may still be made
    assert len([line for line in plain.output.splitlines() if "万元：" in line]) <= 5


def test_sample_has_no_plausibility_warnings(sample):
    assert warnings(sample) == []


def test_new_department_without_last_year_has_no_plausibility_warnings(sample):
    book = openpyxl.load_workbook(sample)
    book["基本信息"].append(["新设部门", "是"])
    for ref in ("D8", "D9", "E8", "E9"):
        book["收支预算"][ref] = None
    for row in range(2, 6):
        book["三公经费"][f"C{row}"] = None
    book.save(sample)
    assert warnings(sample) == []


def test_department_total_beyond_a_county_department(sample):
    edits(sample, "收支预算", {"C2": 103308.233094, "C9": 102222.1788, "D9": 100000})
    assert warnings(sample) == [
        "2021.xlsx 收支预算!C2: 警告：金额单位应为万元：本年收入合计 103308.233094 万元，"
        "超过一个县级部门预算的合理规模（100000 万元），像是按“元”填写的：请核对；按元填写的金额请除以 10000 改为万元"
    ]


def test_single_amount_beyond_a_department(sample):
    edits(sample, "国有资产", {"C4": 150000, "C6": 200000})
    edit(sample, "国有资产说明", "B2", 120000)
    assert warnings(sample) == [
        "2021.xlsx 国有资产!C4: 警告：金额单位应为万元：“2、车辆（台、辆）”的价值 150000 万元超过 100000 万元，"
        "一个县级部门不大可能有这样的数额，像是按“元”填写的（本表共 2 个金额如此）：请核对；"
        "按元填写的金额请除以 10000 改为万元",
        "2021.xlsx 国有资产说明!B2: 警告：金额单位应为万元：拟购置固定资产金额 120000 万元超过 100000 万元，"
        "一个县级部门不大可能有这样的数额，像是按“元”填写的：请核对；按元填写的金额请除以 10000 改为万元",
    ]


def test_sangong_beyond_a_department(sample):
    edits(sample, "三公经费", {"B4": 300, "C4": 300, "B5": 250, "C5": 250})
    assert warnings(sample) == [
        "2021.xlsx 三公经费!B4: 警告：金额单位应为万元：本年“三公”经费合计 550 万元，超过 500 万元"
        "（一个部门的“三公”经费通常不到 100 万元），像是按“元”填写的：请核对；按元填写的金额请除以 10000 改为万元"
    ]


def test_this_year_ten_times_last_year_either_way(sample):
    edit(sample, "三公经费", "B4", 200)
    edits(sample, "收支预算", {"D8": 12000, "D9": 30000})
    assert warnings(sample) == [
        "2021.xlsx 收支预算!D8: 警告：金额单位应为万元：“基本支出”本年 1086.054294 万元只有上年 12000 万元的 1/11"
        "（相差超过 10 倍）（本表共 2 项如此），像是其中一年按“元”填写的：请核对本年和上年是否都以万元填写",
        "2021.xlsx 三公经费!B4: 警告：金额单位应为万元：“公务用车运维费”本年 200 万元是上年 13.545 万元的 15 倍"
        "（相差超过 10 倍），像是其中一年按“元”填写的：请核对本年和上年是否都以万元填写",
    ]


def test_every_budget_amount_a_whole_ten_thousand(sample):
    edits(sample, "收支预算", {"C2": 40000, "C6": 10000, "C7": 10000, "D8": 20000, "C9": 20000, "D9": 20000})
    assert warnings(sample) == [
        "2021.xlsx 收支预算!C2: 警告：金额单位应为万元：收支预算的 6 个非零金额都是 10000 的整数倍（如 40000），"
        "像是把按“元”的金额填成了万元：请核对；按元填写的金额请除以 10000 改为万元"
    ]


def test_sangong_larger_than_base_expense(sample):
    edits(sample, "收支预算", {"C2": 2455.669324, "C6": 100})  # 基本支出 233.490524, still balanced
    edits(sample, "三公经费", {"B4": 150, "C4": 150, "B5": 150, "C5": 150})
    assert warnings(sample) == [
        "2021.xlsx 三公经费!B4: 警告：金额单位应为万元：本年“三公”经费合计 300 万元大于本年基本支出 233.490524 万元，"
        "而“三公”经费通常只是基本支出的一小部分：请核对两张表是否都以万元填写"
    ]


def test_last_year_all_zero_is_a_new_department(sample):
    edits(sample, "收支预算", {"D8": 0, "D9": 0})
    assert warnings(sample) == [
        "2021.xlsx 收支预算!D8: 警告：上年金额都是 0，本年却有预算：如果本部门是本年新设的，请把各表的上年留空"
        "（不要填 0），并在“基本信息”表中把“新设部门”填为“是”；否则请填写上年预算数"
    ]


def test_sentences_that_would_describe_nothing_are_warned_of(sample):
    """An amount of 0 with its description filled in, projects with 项目支出 0, and assets
    without a single figure: each sentence would contradict itself or say 0 for a blank."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["机关运行经费"]["B2"] = 0  # 主要用途 stays filled
    book["国有资产"]["B4"], book["国有资产"]["C4"], book["国有资产"]["C6"] = None, None, None  # every figure
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"]]
    assert ("2021.xlsx 机关运行经费!B4: 警告：机关运行经费本年数为 0，却填写了主要用途：文档会印出"
            "“机关运行经费预算0万元，主要用于……”。请核对金额，或删去主要用途") in warnings
    assert ("2021.xlsx 国有资产!B2: 警告：国有资产表的数量和价值都没有填写：文档会说上年末"
            "固定资产金额为 0 万元、表中各项为空。请填写实际的数量和价值，没有的填 0") in warnings
    assert [str(w) for w in load(SAMPLE, label="2021.xlsx")["warnings"] if w.rule == "金额为0却有说明"] == [
        "2021.xlsx 国有资产说明!B3: 警告：拟购置固定资产金额为 0，却填写了拟购置固定资产说明：文档会印出"
        "“拟购置固定资产总额为0万元，主要为……”。请核对金额，或删去拟购置固定资产说明"]


def test_projects_with_no_project_expense_are_warned_of(sample):
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["收支预算"]["C9"] = 0
    book["收支预算"]["C2"] = 3308.233094 - 2222.1788
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"] if w.rule == "项目支出为0却有项目"]
    assert warnings == ["2021.xlsx 收支预算!C9: 警告：项目支出为 0，“项目”表却填写了 34 个项目：文档会既说这些项目"
                        "编制了绩效目标，又说项目支出0万元。请核对项目支出，或删去这些项目"]
