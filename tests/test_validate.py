"""Validation: each message names file, sheet, cell and the rule, in Chinese."""

from __future__ import annotations

import pytest
from conftest import edit

from pipeline.api import load
from pipeline.errors import WorkbookError


def messages(path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        load(path, label="2021.xlsx")
    return [str(f) for f in info.value.findings if f.level == "error"]


def test_sample_is_valid_with_its_known_quirk_as_warning(sample):
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"]]
    assert "2021.xlsx 项目指标!H215: 警告：三级指标“协管员人数”是人数，单位却是“次”：通常应为 人、人次、名" in warnings


def test_all_problems_reported_together(sample):
    edit(sample, "收支预算", "C2", "约13万元")
    edit(sample, "三公经费", "B3", -1)
    edit(sample, "机构设置", "A2", None)
    found = messages(sample)
    assert "2021.xlsx 机构设置!A2: “单位名称”必须填写" in found
    assert "2021.xlsx 收支预算!C2: “本年”“约13万元”不是数字：金额只填数字（单位万元），如 13.5" in found
    assert "2021.xlsx 三公经费!B3: “本年”金额 -1 是负数：金额不能为负" in found


def test_full_width_digits_are_accepted(sample):
    edit(sample, "收支预算", "C3", "０")
    assert load(sample)["sheets"]["收支预算"]["records"][1]["本年"] == 0


def test_repeated_indicator_is_a_warning(sample):
    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book["项目指标"]
    sheet.insert_rows(3)
    for column in range(1, 10):
        sheet.cell(3, column).value = sheet.cell(2, column).value
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="x.xlsx")["warnings"]]
    assert "x.xlsx 项目指标!D3: 警告：与第2行完全相同：同一项目的指标重复填写了，请删除一行" in warnings


def test_simple_formula_without_result_is_computed(sample):
    from conftest import edit

    edit(sample, "国有资产", "B4", "=1+2")
    rows = load(sample)["sheets"]["国有资产"]["records"]
    assert rows[2]["数量"] == 3


def test_a_deeply_nested_formula_is_worked_out_however_deep_the_call(sample):
    """=------…1 (990 signs, within the formula limit) has its value wherever it is read:
    at the top of a process, or deep in a command's or the web page's calls."""
    edit(sample, "国有资产", "B4", "=" + "-" * 990 + "3")

    def deep(levels: int) -> object:
        return deep(levels - 1) if levels else load(sample)["sheets"]["国有资产"]["records"][2]["数量"]

    assert deep(0) == deep(400) == 3


def test_amounts_stored_by_excel_with_17_digits_read_as_typed(sample):
    """Excel writes 952.56377 as 952.56376999999998 in the file; the clerk typed 952.56377."""
    import zipfile

    with zipfile.ZipFile(sample) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    changed = {n: d.replace(b"<v>952.56377</v>", b"<v>952.56376999999998</v>") for n, d in parts.items()}
    assert changed != parts
    with zipfile.ZipFile(sample, "w") as z:
        for n, d in changed.items():
            z.writestr(n, d)
    staff = load(sample)["sheets"]["收支预算"]["records"][4]
    assert str(staff["本年"]) == "952.56377"


def test_date_and_percent_cells_are_read_as_shown(sample):
    """A date typed in an amount cell is refused; 100% typed in a 值 cell prints as 100%."""
    import datetime

    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["三公经费"]["B2"] = datetime.date(2021, 1, 1)
    book["项目指标"]["F3"] = None
    book["项目指标"]["G3"] = 1
    book["项目指标"]["G3"].number_format = "0%"
    book["项目指标"]["H3"] = None
    book.save(sample)
    found = messages(sample)
    assert "2021.xlsx 三公经费!B2: “本年”“2021-01-01”不是数字：金额只填数字（单位万元），如 13.5" in found
    book["三公经费"]["B2"] = 0
    book["三公经费"]["B2"].number_format = "General"
    book.save(sample)
    rows = load(sample)["sheets"]["项目指标"]["records"]
    assert rows[1]["值"] == "100%"


def test_boolean_and_long_decimal_values_are_refused(sample):
    edit(sample, "项目指标", "G2", True)
    edit(sample, "项目指标", "G3", 1 / 3)
    found = messages(sample)
    assert "2021.xlsx 项目指标!G2: “值”是逻辑值 TRUE：请填数值或定性文字" in found
    assert any("项目指标!G3" in m and "超过6位小数" in m for m in found)


def test_percent_formats_are_read_with_the_decimals_shown(sample):
    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book["项目指标"]
    for ref, value, number_format in (("G3", 1 / 3, "0.00%"), ("G4", 100, '0"%"'), ("G5", 0.125, "0%")):
        sheet[ref] = value
        sheet[ref].number_format = number_format
        sheet[ref.replace("G", "F")] = None  # no comparison sign
    book.save(sample)
    rows = load(sample)["sheets"]["项目指标"]["records"]
    assert [rows[i]["值"] for i in (1, 2, 3)] == ["33.33%", 100, "13%"]  # 12.5 rounds half up


def test_problems_of_every_layer_in_one_check(sample):
    """A blank row, a hidden row, a wrong sum, an unknown 一级指标 and a misspelt project
    name: all five in one check (structure does not hide the cross-sheet rules)."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["整体绩效指标"].insert_rows(4)  # a blank row
    book["名词解释"].row_dimensions[3].hidden = True  # a hidden row
    book["收支预算"]["C9"] = 2222.1789  # 项目支出 off by 0.0001: 收支 no longer balance
    book["项目指标"]["B30"] = "产出"  # not a 一级指标
    book["项目指标"]["A2"] = "经开区编外人员资"  # misspelt: the project lacks its last character
    book.save(sample)
    found = messages(sample)
    text = "\n".join(found)
    assert "整体绩效指标!A4" in text and "空行" in text
    assert "名词解释!A3" in text and "被隐藏" in text
    assert "收支预算!C2" in text and "本年支出合计" in text
    assert "项目指标!B30" in text and "一级指标“产出”不在允许的范围内" in text
    assert "项目指标!A2" in text and "是不是“经开区编外人员资金”" in text


def test_an_item_entered_twice_is_the_only_error_of_its_sheet(sample):
    """A second 一般公共预算收入 row (0) and an unknown 三公 item: the sums over such rows are
    not the department's, so no total is compared with them."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["收支预算"].insert_rows(3)
    for column, value in enumerate(("收入", "一般公共预算收入", 0), start=1):
        book["收支预算"].cell(3, column).value = value
    for column, value in enumerate(("差旅费", 1, 1), start=1):
        book["三公经费"].cell(6, column).value = value
    book.save(sample)
    assert messages(sample) == [
        "2021.xlsx 收支预算!B3: “收入—一般公共预算收入”填了两次（另见第2行）",
        "2021.xlsx 三公经费!A6: “差旅费”不是三公经费的项目；只能填：因公出国（境）费、公务用车购置费、"
        "公务用车运维费、公务接待费、培训费、会议费",
    ]

def test_an_amount_too_large_for_any_budget_is_refused_at_its_cell(sample):
    """1e308 in 收支预算 made the 元-as-万元 check fail inside Decimal (an internal error)."""
    edit(sample, "收支预算", "C2", 1e308)
    edit(sample, "国有资产", "B3", 10**13)
    assert messages(sample) == [
        "2021.xlsx 收支预算!C2: “本年”是一个 309 位数，太大：金额不能达到 1,000,000,000,000（万元）；"
        "请核对是否多填了位数，或把按元的金额填成了万元",
        "2021.xlsx 国有资产!B3: “数量”是 14 位数 10000000000000，太大：数量不能达到 1,000,000,000,000；"
        "请核对是否多填了位数",
    ]

def test_a_mark_that_turns_the_text_backwards_is_refused_at_its_cell(sample):
    edit(sample, "基本信息", "B2", "\u202e区开经县清永")
    assert messages(sample) == ["2021.xlsx 基本信息!B2: “部门简称”含有改变文字方向的不可见字符（U+202E），"
                                "文档中的文字会颠倒显示：请删除这一格后重新输入"]

def test_rows_an_active_filter_hides_are_told_once_with_how_to_clear_the_filter(sample):
    """Excel saves the rows a filter hides as hidden rows; 取消隐藏 does not bring them back,
    so one message says to clear the filter. A row hidden by hand outside the filter's range
    is still told as a hidden row."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book["项目指标"]
    sheet.auto_filter.ref = "A1:I40"
    sheet.auto_filter.add_filter_column(0, ["经开区编外人员资金"])
    for number in [*range(9, 30), 31, 32, 35, 50]:
        sheet.row_dimensions[number].hidden = True
    book.save(sample)
    assert messages(sample) == [
        "2021.xlsx 项目指标!A9: 这张表设置了筛选（A1:I40），有 24 行没有显示（第9—29、31—32、35行），"
        "但其内容会被公开：请清除筛选后核对全部行（数据—清除，或再点一次 数据—筛选 取消筛选）；不需要的行请删除",
        "2021.xlsx 项目指标!A50: 第50行被隐藏，但其内容会被公开：请取消隐藏并核对；不需要的行请删除",
    ]


def test_rows_an_excel_tables_filter_hides_are_told_once_too(sample):
    """A sheet formatted as a table (套用表格格式) keeps its filter in the table's own part."""
    import openpyxl
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table

    book = openpyxl.load_workbook(sample)
    sheet = book["项目指标"]
    table = Table(displayName="指标", ref="A1:I243", autoFilter=AutoFilter(ref="A1:I243"))
    table.autoFilter.add_filter_column(0, ["经开区编外人员资金"])
    sheet.add_table(table)
    for number in range(9, 12):
        sheet.row_dimensions[number].hidden = True
    book.save(sample)
    assert messages(sample) == [
        "2021.xlsx 项目指标!A9: 这张表设置了筛选（A1:I243），有 3 行没有显示（第9—11行），"
        "但其内容会被公开：请清除筛选后核对全部行（数据—清除，或再点一次 数据—筛选 取消筛选）；不需要的行请删除",
    ]


UYGHUR = "قەشقەر مەدەنىيەت ئىدارىسى"


@pytest.mark.parametrize("opener, closer", [("\u2068", "\u2069"), ("\u2067", "\u2069"),
                                            ("\u202b", "\u202c"), ("\u2066\u202b", "\u202c\u2069"),
                                            ("\u2066\u202b", "\u2069")])
def test_direction_marks_closed_within_their_cell_reach_the_document(sample, tmp_path, opener, closer):
    """Isolates (FSI … PDI) and embeddings (RLE … PDF) keep Uyghur or Arabic text from reordering
    the Chinese beside it; they were refused as text that prints backwards."""
    from textdump import docx_blocks

    from pipeline.api import generate

    name = f"河北永清经济开发区管理委员会 {opener}{UYGHUR}{closer}"
    edit(sample, "机构设置", "A2", name)
    assert name in docx_blocks(generate(sample, tmp_path).output)


@pytest.mark.parametrize("text, message", [
    (f"\u202d{UYGHUR}\u202c", "含有改变文字方向的不可见字符（U+202D），文档中从右向左书写的文字（如维吾尔文、阿拉伯文）"
                               "会颠倒显示：请删除这一格后重新输入"),
    (f"管委会 \u2068{UYGHUR}", "含有改变文字方向的不可见字符（U+2068），但这一格中没有与之配对的结束字符（U+2069），"
                              "可能打乱文档中这一格之后同一段文字的显示顺序：请删除这一格后重新输入"),
    (f"管委会 \u2068{UYGHUR}\u202c", "含有文字方向的结束字符（U+202C），但这一格中没有与之配对的开始字符，"
                                     "可能打乱同一段中其他文字的显示顺序：请删除这一格后重新输入"),
    (f"管委会 \u202b{UYGHUR}\u2069", "含有文字方向的结束字符（U+2069），但这一格中没有与之配对的开始字符，"
                                     "可能打乱同一段中其他文字的显示顺序：请删除这一格后重新输入"),
    (f"管委会 {UYGHUR}\u2069", "含有文字方向的结束字符（U+2069），但这一格中没有与之配对的开始字符，"
                              "可能打乱同一段中其他文字的显示顺序：请删除这一格后重新输入"),
])
def test_direction_marks_that_print_backwards_or_spill_over_are_refused_saying_which(sample, text, message):
    edit(sample, "机构设置", "A2", text)
    assert messages(sample) == [f"2021.xlsx 机构设置!A2: “单位名称”{message}"]


def test_a_hidden_column_outside_the_format_holding_a_drop_downs_list_is_not_told(sample):
    """Like a hidden sheet, a hidden column beside the table (or right of the columns read) may
    hold the list of a drop-down; a visible one is still told, and a hidden column of the format
    holding data stays refused."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    sheet = book["机构设置"]
    sheet["Z1"], sheet["Z2"], sheet["Z3"] = "行政单位", "行政单位", "事业单位"
    sheet["BZ1"], sheet["BZ2"] = "规格", "副处级"
    sheet["F2"] = "备注"
    for letter in ("Z", "BZ"):
        sheet.column_dimensions[letter].hidden = True
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"] if w.rule == "表外内容"]
    assert warnings == ["2021.xlsx 机构设置!F2: 警告：第F列不是这张表的栏目，其中 1 格的内容不会出现在文档中："
                        "需要公开的内容请填到对应的栏目，不需要的请删除"]
    edit(sample, "机构设置", "F2", None)
    book = openpyxl.load_workbook(sample)
    book["机构设置"].column_dimensions["B"].hidden = True
    book.save(sample)
    assert messages(sample) == ["2021.xlsx 机构设置!B: 第B列（单位性质）是隐藏的，但其内容会被公开："
                                "请取消隐藏并核对，不需要的内容请删除"]


def test_filled_cells_outside_the_format_are_told_not_to_reach_the_document(sample):
    """A 备注 column beside a table, a note far to the right, an extra sheet: each told once
    (one of any size, read only up to its first value); the blank workbook's 说明, an empty
    extra sheet and a hidden one are not."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["收支预算"]["G1"], book["收支预算"]["G2"], book["收支预算"]["G4"] = "备注", "含追加10万元", "待定"
    book["三公经费"]["AZ3"] = "另见附件"
    book.create_sheet("附表")["B2"] = "其他数字"
    book.create_sheet("说明")["A1"] = "填写说明"
    book.create_sheet("Sheet1")
    lists = book.create_sheet("下拉选项")  # a hidden sheet holding a drop-down's list
    lists["A1"], lists.sheet_state = "是", "hidden"
    ledger = book.create_sheet("明细账")  # more rows than a sheet of the format may hold
    for row in range(1, 20_101):
        ledger.cell(row, 1).value = row
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"] if w.rule == "表外内容"]
    assert warnings == [
        "2021.xlsx 收支预算!G2: 警告：第G列（“备注”）不是这张表的栏目，其中 2 格的内容不会出现在文档中："
        "需要公开的内容请填到对应的栏目，不需要的请删除",
        "2021.xlsx 三公经费!AZ3: 警告：这一格在第 40 列以右，不是这张表的栏目，其中的内容不会出现在文档中："
        "需要公开的内容请填到对应的栏目，不需要的请删除",
        "2021.xlsx 附表: 警告：工作表“附表”不是工作簿规定的表，其中的内容不会出现在文档中："
        "需要公开的内容请填到对应的表，不需要的表请删除（只供下拉列表等使用的表可以隐藏）",
        "2021.xlsx 明细账: 警告：工作表“明细账”不是工作簿规定的表，其中的内容不会出现在文档中："
        "需要公开的内容请填到对应的表，不需要的表请删除（只供下拉列表等使用的表可以隐藏）",
    ]

def test_a_sheet_named_with_a_trailing_space_is_pointed_to(sample):
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["三公经费"].title = "三公经费　"  # a full-width space typed after the name
    book.save(sample)
    found = messages(sample)
    assert len(found) == 1 and found[0].startswith("2021.xlsx 三公经费: 缺少工作表“三公经费”（")
    assert found[0].endswith("：工作簿中有“三公经费　”，名称多了空格或用了全角字符，请改为“三公经费”（一字不差）")


def _purchases(path, *rows) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    for row in rows:
        book["政府采购"].append(row)
    book.save(path)


def test_procurement_from_a_source_without_income_is_refused_at_its_cells(sample):
    # the sample's income is all 一般公共预算收入 (C2); 基金预算收入 C3 and 其他来源收入 C5 are 0
    _purchases(sample,
               ["办公设备购置", 25, "台式计算机", "A02010104", "台", 50, 0.5, 25, 0, 0, 0, 0],
               ["公益金项目", 30, "课桌椅", "A06010199", "套", 100, 0.15, 0, 15, 0, 0, 0],
               ["公益金项目", 30, "书柜", "A06010199", "个", 30, 0.5, 0, 15, 0, 0, 0],
               ["业务经费", 3, "复印机", "A02020100", "台", 2, 1.5, 0, 0, 0, 0, 3])
    assert messages(sample) == [
        "2021.xlsx 政府采购!I3: 政府采购的基金预算拨款合计（I3 15 + I4 15） 30 ＞ 计入基金预算拨款的收入 "
        "收支预算!C3 基金预算收入 0（相差 30 万元）：采购资金不能多于部门这一来源的收入；"
        "收支预算中资金来源填“基金预算拨款”（或未填而名称含“政府性基金”“基金预算”）的收入计入基金预算拨款，"
        "请核对收入的资金来源或名称",
        "2021.xlsx 政府采购!L5: 政府采购的单位资金 3 ＞ 计入单位资金的收入 收支预算!C5 其他来源收入 0"
        "（相差 3 万元）：采购资金不能多于部门这一来源的收入；收支预算中资金来源填“单位资金”（或未填而名称含"
        "“事业收入”“经营收入”“上级补助”“附属单位”“其他收入”“其他来源”“单位资金”）的收入计入单位资金，"
        "请核对收入的资金来源或名称"]


def test_procurement_within_its_sources_passes(sample):
    edit(sample, "收支预算", "C2", 3278.233094)
    edit(sample, "收支预算", "C3", 30)
    _purchases(sample, ["公益金项目", 30, "课桌椅", "A06010199", "套", 200, 0.15, 0, 30, 0, 0, 0])
    assert [f for f in load(sample)["warnings"] if f.sheet == "政府采购"] == []


def test_project_expense_without_projects_is_a_warning(sample):
    import openpyxl

    book = openpyxl.load_workbook(sample)
    for name in ("项目", "项目指标"):
        book[name].delete_rows(2, book[name].max_row)
    book.save(sample)
    warnings = [str(w) for w in load(sample, label="2021.xlsx")["warnings"]]
    assert ("2021.xlsx 收支预算!C9: 警告：项目支出 2222.1788 万元，“项目”表却没有填写任何项目：文档中没有项目绩效目标表。"
            "请在“项目”表中逐个填写项目及其绩效指标；不公开项目绩效目标的部门可以不填") in warnings


def test_a_finding_quoting_a_cell_with_a_line_break_stays_on_one_line(sample):
    edit(sample, "项目指标", "A2", "经开区编外\n人员资金")
    assert "2021.xlsx 项目指标!A2: 项目“经开区编外⏎人员资金”不在“项目”表中：是不是“经开区编外人员资金”？" in messages(sample)


def test_a_target_typed_as_a_percentage_is_told_how_to_enter_it(sample):
    """1 in a cell formatted 0% shows 100%: the value and its unit go in their own columns."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    book["项目指标"]["G3"].value = 1
    book["项目指标"]["G3"].number_format = "0%"
    book.save(sample)
    assert messages(sample) == ["2021.xlsx 项目指标!G3: 填了符号“=”，值“100%”却不是数字：请在“值”中填 100，"
                                "在“单位”中填 %（单元格格式设为“常规”）"]


def test_a_blank_this_year_amount_does_not_hide_the_sums(sample):
    """必填 is a cell's problem, not the sheet's items': the totals are still compared."""
    edit(sample, "收支预算", "C4", None)
    edit(sample, "收支预算", "C2", 4000)
    found = messages(sample)
    assert "2021.xlsx 收支预算!C4: “财政专户核拨收入”的本年金额必须填写（没有就填 0）" in found
    assert any(f.startswith("2021.xlsx 收支预算!C2: 本年支出合计 3308.233094 ≠ 本年收入合计 4000") for f in found)


def test_the_marks_of_right_to_left_text_are_not_refused(sample):
    """Uyghur and Arabic text carries U+200F (RLM) and U+061C (ALM), which turn nothing."""
    edit(sample, "部门职责", "A2", "ئۈرۈمچى ناھىيەسى\u200f (乌鲁木齐县)\u061c")
    load(sample, label="2021.xlsx")
