"""The 科目 sheets (支出功能分类, 基本支出经济分类): read, checked against each other and against
收支预算, refused at the cell with a Chinese message; carried by rollover.

The workbooks come from tests/make_subjects.py (清河县文化广电和旅游局 2022: 一般公共预算
2100.064501, 政府性基金 200, 事业收入 11 + 其他收入 128; 人员经费 812.364501, 公用经费 96.5,
项目支出 1530.2). Its 支出功能分类 rows, as a clerk would read them off the sheet:

    row  code     基本支出     项目支出  一般公共预算  基金  单位资金  其中基本
    2    201      (blank: the sums of 20103)
    3    20103    672.559731  1330.2   1863.759731        139
    4    2010301  672.559731  139      672.559731         139       672.559731
    5    2010302              1191.2   1191.2
    6/7  208 / 20805
    8    2080505  109.06374            109.06374
    9/10 210 / 21011
    11   2101101  54.53187             54.53187
    12/13 212 / 21208
    14   2120803              200               200
    15/16 221 / 22102
    17   2210201  72.70916             72.70916

and 收支预算 holds incomes in C2–C5 (一般公共预算拨款收入, 政府性基金预算拨款收入, 事业收入,
其他收入), 人员经费 C6, 公用经费 C7, 基本支出 C8 (blank, computed), 项目支出 C9.
"""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from make_subjects import NO_FUND_OR_CAPITAL, SUBJECTS, find_row, write_with_subjects

from pipeline.api import load
from pipeline.errors import WorkbookError
from pipeline.workbook_format import REVIEW_SHEET

FUNCTION, ECONOMIC = "支出功能分类", "基本支出经济分类"
# the columns of 支出功能分类 by letter, as a row of make_subjects holds them
A, C, D, E, F, G, J = 0, 2, 3, 4, 5, 6, 9
OWN_FUNDS = 8  # column I, 单位资金


def findings(path, level: str = "error") -> list[str]:
    try:
        book = load(path, label="x.xlsx")
    except WorkbookError as error:
        return [str(f) for f in error.findings if f.level == level]
    return [str(f) for f in book["warnings"] if f.level == level]


def broken(tmp_path, edit, dept=SUBJECTS) -> list[str]:
    return findings(write_with_subjects(dept, tmp_path / "x.xlsx", edit))


def cell_of(sheets: dict, sheet: str, code: str) -> list:
    """The row (a list, changed in place) of a 科目编码."""
    return sheets[sheet][find_row(sheets[sheet], code)]


# ---- consistent workbooks -------------------------------------------------------------


@pytest.mark.parametrize("dept", [SUBJECTS, NO_FUND_OR_CAPITAL], ids=lambda d: d.name)
def test_consistent_department_passes_without_a_word_on_its_subject_sheets(tmp_path, dept):
    book = load(write_with_subjects(dept, tmp_path / "x.xlsx"))
    assert not [w for w in book["warnings"] if w.sheet in (FUNCTION, ECONOMIC)]
    codes = [r["科目编码"] for r in book["sheets"][FUNCTION]["records"]]
    assert codes[:4] == ["201", "20103", "2010301", "2010302"]


def test_sample_without_subject_sheets_passes_as_before():
    book = load(SAMPLE)
    assert FUNCTION not in book["sheets"] and ECONOMIC not in book["sheets"]
    assert not [w for w in book["warnings"] if w.sheet in (FUNCTION, ECONOMIC)]


def test_function_sheet_alone_is_fine(tmp_path):
    def drop(sheets):
        del sheets[ECONOMIC]
    assert broken(tmp_path, drop) == []


def test_economic_sheet_alone_is_refused(tmp_path):
    def drop(sheets):
        del sheets[FUNCTION]
    assert broken(tmp_path, drop) == [
        "x.xlsx 基本支出经济分类: 填了“基本支出经济分类”，却没有“支出功能分类”表（或它是空的）：经济分类是"
        "支出功能分类中一般公共预算拨款的基本支出的细分，要与它核对，公开表也要两张一起用。"
        "请补上“支出功能分类”表，或删去“基本支出经济分类”表"]


# ---- codes ----------------------------------------------------------------------------


def test_code_typed_as_a_number_is_its_digits(tmp_path):
    def as_numbers(sheets):
        cell_of(sheets, FUNCTION, "201")[A] = 201
        cell_of(sheets, FUNCTION, "2101101")[A] = 2101101
        cell_of(sheets, ECONOMIC, "30101")[A] = 30101.0
    path = write_with_subjects(SUBJECTS, tmp_path / "x.xlsx", as_numbers)
    assert isinstance(openpyxl.load_workbook(path)[FUNCTION]["A11"].value, int)
    book = load(path)
    codes = {r["科目编码"] for r in book["sheets"][FUNCTION]["records"]}
    assert {"201", "2101101"} <= codes
    assert "30101" in {r["科目编码"] for r in book["sheets"][ECONOMIC]["records"]}


def test_code_with_spaces_is_trimmed(tmp_path):
    def spaced(sheets):
        cell_of(sheets, FUNCTION, "2101101")[A] = " 2101101 "
    assert broken(tmp_path, spaced) == []


@pytest.mark.parametrize("typed, message", [
    ("21011011", "“科目编码”“21011011”是8位数字：科目编码是类3位、款5位、项7位数字，如 201、20103、2010301"),
    ("2101a01", "“科目编码”“2101a01”含有数字以外的字符：科目编码是类3位、款5位、项7位数字，如 201、20103、2010301"),
    (2101101.5, "“科目编码”2101101.5 带有小数部分：科目编码是类3位、款5位、项7位数字，如 201、20103、2010301"),
])
def test_malformed_code_is_refused_at_its_cell(tmp_path, typed, message):
    def malformed(sheets):
        cell_of(sheets, FUNCTION, "2101101")[A] = typed
    # the row is refused, so the sheet's sums are not checked (款 21011 would look empty)
    assert broken(tmp_path, malformed) == [f"x.xlsx 支出功能分类!A11: {message}"]


def test_economic_code_of_a_function_length_is_refused(tmp_path):
    def seven(sheets):
        cell_of(sheets, ECONOMIC, "30101")[A] = "3010101"
    assert broken(tmp_path, seven) == [
        "x.xlsx 基本支出经济分类!A3: “科目编码”“3010101”是7位数字：科目编码是类3位、款5位数字，如 301、30101"]


def test_item_under_an_unlisted_section_is_refused(tmp_path):
    def unlisted(sheets):
        del sheets[FUNCTION][find_row(sheets[FUNCTION], "20805")]
    assert broken(tmp_path, unlisted) == [
        "x.xlsx 支出功能分类!A7: 项 2080505 的上级款 20805 没有列出：请加上款 20805 一行（科目名称照当年科目填写），"
        "或核对这一行的科目编码"]


def test_item_under_the_wrong_section_and_class_is_refused(tmp_path):
    def wrong(sheets):
        cell_of(sheets, FUNCTION, "2080505")[A] = "2090505"
    assert broken(tmp_path, wrong) == [
        "x.xlsx 支出功能分类!A8: 项 2090505 的上级款 20905 没有列出：请加上款 20905 一行（科目名称照当年科目填写），"
        "或核对这一行的科目编码",
        "x.xlsx 支出功能分类!A8: 项 2090505 的上级类 209 没有列出：请加上类 209 一行（科目名称照当年科目填写），"
        "或核对这一行的科目编码"]


def test_code_listed_twice_is_refused(tmp_path):
    def twice(sheets):
        cell_of(sheets, FUNCTION, "2101101")[A] = "2080505"
    assert broken(tmp_path, twice)[0] == "x.xlsx 支出功能分类!A11: 项 2080505 填了两次（另见第8行）：每个科目只填一行"


# ---- amounts --------------------------------------------------------------------------


def test_parent_not_equal_to_its_children_is_refused(tmp_path):
    def parent(sheets):
        cell_of(sheets, FUNCTION, "20103")[C] = "700"
    # only this: the totals, which would take the typed 700, are not compared
    assert broken(tmp_path, parent) == [
        "x.xlsx 支出功能分类!C3: 款 20103 的基本支出 700 ≠ 下级各项之和 672.559731（相差 27.440269 万元）："
        "款行的金额可以留空，由程序加总；填了就要等于下级之和"]


def test_class_not_equal_to_its_sections_is_refused(tmp_path):
    def parent(sheets):
        cell_of(sheets, ECONOMIC, "302")[3] = "96"
    assert broken(tmp_path, parent) == [
        "x.xlsx 基本支出经济分类!D7: 类 302 的公用经费 96 ≠ 下级各款之和 96.5（相差 0.5 万元）："
        "类行的金额可以留空，由程序加总；填了就要等于下级之和"]


def test_row_without_children_or_amounts_is_refused(tmp_path):
    def empty(sheets):
        sheets[FUNCTION].append(["2010399", "其他政府办公厅（室）及相关机构事务支出"] + [None] * 8)
    assert broken(tmp_path, empty) == [
        "x.xlsx 支出功能分类!A18: 项 2010399（其他政府办公厅（室）及相关机构事务支出）没有填写金额："
        "请填写金额，或删除这一行"]


def test_sources_not_equal_to_spending_are_refused(tmp_path):
    def short(sheets):
        cell_of(sheets, FUNCTION, "2101101")[E] = "50"
        cell_of(sheets, FUNCTION, "21011")[E] = "50"
    found = broken(tmp_path, short)
    assert ("x.xlsx 支出功能分类!E11: 项 2101101（行政单位医疗）各资金来源之和 50 ≠ 基本支出+项目支出 54.53187"
            "（相差 4.53187 万元）") in found


def test_general_base_is_required_where_the_split_is_open(tmp_path):
    def missing(sheets):
        cell_of(sheets, FUNCTION, "2010301")[J] = None
    # 672.559731 of 一般公共预算 and 139 of 单位资金 pay 672.559731 of 基本 and 139 of 项目:
    # at least 672.559731 − 139 = 533.559731 of it is 基本支出, at most 672.559731
    assert broken(tmp_path, missing) == [
        "x.xlsx 支出功能分类!J4: 项 2010301（行政运行）同时有一般公共预算拨款和其他资金来源，又同时有基本支出和项目支出："
        "“一般公共预算拨款中的基本支出”必须填写（一般公共预算拨款 672.559731 中用于基本支出的部分，"
        "不少于 533.559731、不多于 672.559731）"]


def test_general_base_beyond_its_bounds_is_refused(tmp_path):
    def over(sheets):
        cell_of(sheets, FUNCTION, "2080505")[J] = "120"
    found = broken(tmp_path, over)
    assert ("x.xlsx 支出功能分类!J8: 项 2080505（机关事业单位基本养老保险缴费支出）的一般公共预算拨款中的基本支出 120 ＞ "
            "一般公共预算拨款 109.06374（相差 10.93626 万元）") in found
    assert ("x.xlsx 支出功能分类!J8: 项 2080505（机关事业单位基本养老保险缴费支出）的一般公共预算拨款中的基本支出 120 ＞ "
            "基本支出 109.06374（相差 10.93626 万元）") in found

    def under(sheets):
        cell_of(sheets, FUNCTION, "2010301")[J] = "500"
    assert ("x.xlsx 支出功能分类!J4: 项 2010301（行政运行）一般公共预算拨款中的项目支出（一般公共预算拨款 672.559731 − "
            "一般公共预算拨款中的基本支出 500） 172.559731 ＞ 项目支出 139（相差 33.559731 万元）") in broken(tmp_path, under)


# ---- against 收支预算 -------------------------------------------------------------------


def test_base_and_project_totals_not_reconciling_are_refused(tmp_path):
    def moved(sheets):  # 1 万元 of 一般行政管理事务 moved from 项目支出 to 基本支出
        row = cell_of(sheets, FUNCTION, "2010302")
        row[C], row[D] = "1", "1190.2"
        row = cell_of(sheets, FUNCTION, "20103")
        row[C], row[D] = "673.559731", "1329.2"
    found = broken(tmp_path, moved)
    assert ("x.xlsx 支出功能分类!C: 各类的基本支出合计 909.864501 ≠ 收支预算!C6+C7 人员经费+公用经费 908.864501"
            "（相差 1 万元）") in found
    assert "x.xlsx 支出功能分类!D: 各类的项目支出合计 1529.2 ≠ 收支预算!C9 项目支出 1530.2（相差 1 万元）" in found
    # the 基本支出 paid from 一般公共预算 grew as well: 人员经费 + 公用经费 no longer cover it
    assert ("x.xlsx 基本支出经济分类!C: 各类的人员经费+公用经费合计 908.864501 ≠ 支出功能分类!J 列各类的"
            "一般公共预算拨款中的基本支出合计 909.864501（相差 1 万元）") in found


def test_source_column_not_equal_to_its_income_is_refused(tmp_path):
    def own(sheets):  # the 政府性基金 project typed as 单位资金
        row = cell_of(sheets, FUNCTION, "2120803")
        row[F], row[OWN_FUNDS] = None, "200"
    assert broken(tmp_path, own) == [
        "x.xlsx 支出功能分类!F: 各类的基金预算拨款合计 0 ≠ 计入基金预算拨款的收入 收支预算!C3 政府性基金预算拨款收入 200"
        "（相差 200 万元）：收支预算中资金来源填“基金预算拨款”（或未填而名称含“政府性基金”“基金预算”）的收入"
        "计入基金预算拨款，请核对收入的资金来源或名称",
        "x.xlsx 支出功能分类!I: 各类的单位资金合计 339 ≠ 计入单位资金的收入 收支预算!C4 事业收入 + C5 其他收入 139"
        "（相差 200 万元）：收支预算中资金来源填“单位资金”（或未填而名称含“事业收入”“经营收入”“上级补助”“附属单位”"
        "“其他收入”“其他来源”“单位资金”）的收入计入单位资金，请核对收入的资金来源或名称"]


def test_source_without_any_income_is_refused(tmp_path):
    def capital(sheets):  # 国有资本经营 money the budget does not have
        row = cell_of(sheets, FUNCTION, "2010302")
        row[E], row[G] = "1181.2", "10"
        cell_of(sheets, FUNCTION, "20103")[E] = "1853.759731"
    found = broken(tmp_path, capital)
    assert ("x.xlsx 支出功能分类!G: 各类的国有资本经营预算拨款合计 10 ≠ 计入国有资本经营预算拨款的收入（收支预算中没有） 0"
            "（相差 10 万元）：收支预算中资金来源填“国有资本经营预算拨款”（或未填而名称含“国有资本”）的收入"
            "计入国有资本经营预算拨款，请核对收入的资金来源或名称") in found


def test_economic_totals_against_staff_and_office(tmp_path):
    def staff(sheets):  # 1 万元 of 办公费 typed as 人员经费
        row = cell_of(sheets, ECONOMIC, "30201")
        row[2], row[3] = "1", "27.95"
    assert broken(tmp_path, staff) == [
        "x.xlsx 基本支出经济分类!C: 各类的人员经费合计 813.364501 ≠ 收支预算!C6 人员经费 812.364501（相差 1 万元）："
        "基本支出全部由一般公共预算拨款安排时，两者应相等",
        "x.xlsx 基本支出经济分类!D: 各类的公用经费合计 95.5 ≠ 收支预算!C7 公用经费 96.5（相差 1 万元）："
        "基本支出全部由一般公共预算拨款安排时，两者应相等"]


def test_staff_costs_outside_the_staff_classes_are_a_warning(tmp_path):
    def swapped(sheets):  # 水费 moved under 人员经费, 退休费 under 公用经费: totals still agree
        water = cell_of(sheets, ECONOMIC, "30205")
        pension = cell_of(sheets, ECONOMIC, "30302")
        water[2], water[3], pension[2], pension[3] = "48.25", None, "73.604676", "48.25"
    path = write_with_subjects(SUBJECTS, tmp_path / "x.xlsx", swapped)
    assert findings(path, "warning") == [
        "x.xlsx 基本支出经济分类!C9: 警告：款 30205（水费）填了人员经费 48.25：人员经费通常只在类 301、303"
        "（工资福利支出、对个人和家庭的补助）中；各地口径不同，请核对",
        "x.xlsx 基本支出经济分类!D12: 警告：款 30302（退休费）填了公用经费 48.25：类 301、303"
        "（工资福利支出、对个人和家庭的补助）通常是人员经费；各地口径不同，请核对"]


# ---- rollover ---------------------------------------------------------------------------


def test_rollover_carries_the_subject_sheets_and_marks_their_figures(tmp_path):
    from pipeline.cli import main

    source = write_with_subjects(SUBJECTS, tmp_path / "2022.xlsx")
    target = tmp_path / "2023.xlsx"
    result = CliRunner().invoke(main, ["rollover", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book[FUNCTION]["A4"].value == "2010301" and book[FUNCTION]["C4"].value == 672.559731
    listed = [[c.value for c in row][:4] for row in book[REVIEW_SHEET].iter_rows(min_row=2)]
    assert [FUNCTION, "C4", "基本支出", "672.559731"] in listed
    assert [FUNCTION, "J4", "一般公共预算拨款中的基本支出", "672.559731"] in listed
    assert [ECONOMIC, "C3", "人员经费", "324.9458"] in listed
    assert not [row for row in listed if row[0] in (FUNCTION, ECONOMIC) and row[2] in ("科目编码", "科目名称")]
    assert book[FUNCTION]["C4"].fill.fgColor.rgb.endswith("FFF2CC")
    assert book[FUNCTION]["A4"].fill.fill_type is None
    unreviewed = {f"{f.sheet}!{f.cell}" for f in _errors(target) if f.rule == "待核对"}
    assert {"支出功能分类!C4", "支出功能分类!E8", "基本支出经济分类!D8"} <= unreviewed


def _errors(path) -> list:
    with pytest.raises(WorkbookError) as info:
        load(path)
    return info.value.findings


# ---- 一般公共预算拨款中的基本支出 where it is not typed ------------------------------------


@pytest.mark.parametrize("row, expected", [
    ({"基本支出": "30", "项目支出": "20", "基金预算拨款": "50"}, "0"),  # no 一般公共预算拨款
    ({"项目支出": "20", "一般公共预算拨款": "15", "单位资金": "5"}, "0"),  # no 基本支出
    ({"基本支出": "30", "项目支出": "20", "一般公共预算拨款": "50"}, "30"),  # the only source
    ({"基本支出": "30", "一般公共预算拨款": "25", "单位资金": "5"}, "25"),  # no 项目支出
    ({"基本支出": "30", "项目支出": "20", "一般公共预算拨款": "40", "单位资金": "10"}, None),  # open
    ({"基本支出": "30", "项目支出": "20", "一般公共预算拨款": "40", "单位资金": "10",
      "一般公共预算拨款中的基本支出": "25"}, "25"),  # typed
])
def test_general_base_is_derived_only_where_one_value_is_possible(row, expected):
    from decimal import Decimal

    from pipeline.subjects import general_base

    amounts = {k: Decimal(v) for k, v in row.items()}
    assert general_base(amounts) == (None if expected is None else Decimal(expected))


def test_function_rows_sum_the_derived_general_base_of_the_children():
    from decimal import Decimal

    from pipeline.subjects import function_rows

    rows = function_rows([
        {"科目编码": "201", "_row": 2},
        {"科目编码": "20103", "_row": 3},
        {"科目编码": "2010301", "_row": 4, "基本支出": Decimal(80), "一般公共预算拨款": Decimal(80)},
        {"科目编码": "2010302", "_row": 5, "项目支出": Decimal(30), "一般公共预算拨款": Decimal(20),
         "单位资金": Decimal(10)},
    ])
    assert [(r["科目编码"], r["级次"], r["一般公共预算拨款中的基本支出"], r["一般公共预算拨款"]) for r in rows] == [
        ("201", "类", 80, 100), ("20103", "款", 80, 100), ("2010301", "项", 80, 80), ("2010302", "项", 0, 20)]


# ---- what a new user ran into -------------------------------------------------------------


def test_wrong_header_is_named_at_its_cell(tmp_path):
    def renamed(sheets):
        sheets[FUNCTION][0][A] = "科目代码"
    assert broken(tmp_path, renamed) == [
        "x.xlsx 支出功能分类!A1: 第1行缺少列：科目编码（应有：科目编码、科目名称、基本支出、项目支出、一般公共预算拨款、"
        "基金预算拨款、国有资本经营预算拨款、财政专户核拨、单位资金、一般公共预算拨款中的基本支出）；"
        "表头 A1“科目代码”不是本表的列名：请改为缺少的列名（一字不差）"]


def test_missing_header_is_named_where_it_would_be_added(tmp_path):
    def dropped(sheets):
        for row in sheets[ECONOMIC]:
            del row[3]
    assert broken(tmp_path, dropped) == [
        "x.xlsx 基本支出经济分类!D1: 第1行缺少列：公用经费（应有：科目编码、科目名称、人员经费、公用经费）："
        "请在表头末尾加上缺少的列"]


def test_row_of_zeros_is_told_it_need_not_be_listed(tmp_path):
    def zeros(sheets):
        sheets[FUNCTION].append(["2010399", "其他政府办公厅（室）及相关机构事务支出", "0", "0", "0"] + [None] * 5)
    assert broken(tmp_path, zeros) == [
        "x.xlsx 支出功能分类!A18: 项 2010399（其他政府办公厅（室）及相关机构事务支出）的金额都为0："
        "没有资金的科目不必列出，请删去这一行（留着会在部门收入总表、部门支出总表中印出一行0）"]


def test_class_without_sections_is_refused_at_its_code(tmp_path):
    def flat(sheets):  # 住房公积金 typed on its 类, 款 and 项 deleted
        rows = sheets[FUNCTION]
        housing = cell_of(sheets, FUNCTION, "2210201")
        del rows[find_row(rows, "2210201")], rows[find_row(rows, "22102")]
        cell_of(sheets, FUNCTION, "221")[2:] = housing[2:]
    assert broken(tmp_path, flat) == [
        "x.xlsx 支出功能分类!A15: 类 221（住房保障支出）没有下级科目：支出功能分类编列到项，金额填在项上，"
        "请在这一行下面列出它的款、项（编码以 221 开头），类行的金额可以留空"]


def test_section_without_items_is_refused(tmp_path):
    def flat(sheets):  # 行政单位医疗 typed on its 款
        rows = sheets[FUNCTION]
        medical = cell_of(sheets, FUNCTION, "2101101")
        del rows[find_row(rows, "2101101")]
        cell_of(sheets, FUNCTION, "21011")[2:] = medical[2:]
    assert broken(tmp_path, flat) == [
        "x.xlsx 支出功能分类!A10: 款 21011（行政事业单位医疗）没有下级科目：支出功能分类编列到项，金额填在项上，"
        "请在这一行下面列出它的项（编码以 21011 开头），款行的金额可以留空"]


def test_row_whose_sources_do_not_add_up_is_the_one_error(tmp_path):
    def short(sheets):  # 行政单位医疗 funded 50 of its 54.53187: its 款 and 类 are blank
        cell_of(sheets, FUNCTION, "2101101")[E] = "50"
    assert broken(tmp_path, short) == [
        "x.xlsx 支出功能分类!E11: 项 2101101（行政单位医疗）各资金来源之和 50 ≠ 基本支出+项目支出 54.53187"
        "（相差 4.53187 万元）"]


def test_economic_line_above_its_sangong_item_is_a_warning(tmp_path):
    def hosting(sheets):  # 差旅费 19.3 typed under 公务接待费, whose 三公 item is 3.045
        row = cell_of(sheets, ECONOMIC, "30211")
        row[A], row[1] = "30217", "公务接待费"
    path = write_with_subjects(SUBJECTS, tmp_path / "x.xlsx", hosting)
    assert findings(path, "warning") == [
        "x.xlsx 基本支出经济分类!D10: 警告：款 30217（公务接待费）的一般公共预算基本支出 19.3 ＞ 三公经费!B5 公务接待费 3.045"
        "（相差 16.255 万元）：“三公”经费包括财政拨款安排的基本支出和项目支出，经济分类中的这一款不应多于它；请核对"]
    book = openpyxl.load_workbook(path)
    book["三公经费"]["B5"] = 19.3  # the whole item in 基本支出: no more than it
    book.save(path)
    assert [w for w in findings(path, "warning") if "三公" in w] == []
