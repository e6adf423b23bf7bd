"""A blank workbook in the project's format, for a clerk to fill without a manual.

An 说明 sheet first; every sheet of the format with its header row frozen and styled,
sensible widths, amount cells checked as numbers, drop-down lists for 一级指标, 二级指标
and 符号, fixed items (三公经费, 收支预算, 国有资产 rows, 项目/内容 keys) written in, the
standard glossary filled in, and example rows marked 【示例】 (refused until changed).
"""

from __future__ import annotations

import re
from pathlib import Path

from .budget import EXPENSE_ITEMS, SANGONG_ITEMS
from .glossary import STANDARD_GLOSSARY
from .subjects import CODE_KINDS
from .workbook_format import (
    ECONOMIC_SHEET,
    EXAMPLE_MARK,
    FUNCTION_SHEET,
    GUIDE_SHEET,
    SHEETS,
    Sheet,
    headers_of,
)

# 待核对 is left out: it lists what a rollover carried from last year, and a new workbook
# has carried nothing (an empty list would only ask what belongs in it). The optional 科目
# sheets are in only when asked for (``init --with-tables``), for the counties that publish
# the standard tables: elsewhere their example rows would only be errors to delete.
FILLED_IN = tuple(sheet for sheet in SHEETS if not sheet.written_by_rollover)
SUBJECT_SHEETS = (FUNCTION_SHEET, ECONOMIC_SHEET)
AMOUNT_ROWS = 300  # rows below the header that get the amount check and drop-downs
HEADER_FILL, EXAMPLE_FONT_COLOR, NOTE_FILL = "DDEBF7", "808080", "FFF2CC"

PREFILLED: dict[str, list[list]] = {
    "收支预算": [
        ["收入", "一般公共预算收入"], ["收入", "基金预算收入"], ["收入", "财政专户核拨收入"],
        ["收入", "其他来源收入"], *(["支出", item] for item in EXPENSE_ITEMS),
    ],
    "三公经费": [[item] for item in SANGONG_ITEMS],
    "国有资产": [["1、房屋（平方米）"], ["其中：办公用房（平方米）", None, None, "是"],
                 ["2、车辆（台、辆）"], ["3、单价在20万元以上的设备"], ["4、其他固定资产"]],
    "名词解释": [list(item) for item in STANDARD_GLOSSARY],
}

EXAMPLES: dict[str, list[list]] = {
    "部门职责": [[f"{EXAMPLE_MARK}根据《……职能配置、内设机构和人员编制规定》，本部门的主要职责是：……"]],
    "机构设置": [[f"{EXAMPLE_MARK}某某县某某局", "行政单位", "正科级", "财政拨款（行政）"]],
    "分项绩效目标": [[f"{EXAMPLE_MARK}某项重点工作", "完成……，提升……", "……按计划完成"]],
    "保障措施": [[f"{EXAMPLE_MARK}加强支出管理。通过优化支出结构……，确保支出进度达到序时进度要求。"]],
    "整体绩效指标": [[f"{EXAMPLE_MARK}部门产出", "数量", "工作目标完成件数", "按照计划比率评定",
                      "工作目标完成件数", "≥", 40, "件", "计划标准"]],
    "项目": [[f"{EXAMPLE_MARK}某某项目", "1.通过……，确保……。2.提高……。"]],
    "项目指标": [
        [f"{EXAMPLE_MARK}某某项目", "产出指标", "数量指标", "服务人数", "服务人数", "=", 24, "人", "项目预算文件"],
        [f"{EXAMPLE_MARK}某某项目", "产出指标", "时效指标", "完成时间", "完成时间", None, "按工作计划及时完成",
         None, "工作计划"],
        [f"{EXAMPLE_MARK}某某项目", "满意度指标", "服务对象满意度指标", "群众满意度", "满意人数占调查人数的比例",
         "≥", 95, "%", "调查问卷"],
    ],
    "政府采购": [[f"{EXAMPLE_MARK}某某项目", 5, "台式计算机", "A02010104", "台", 2, 2.5, 5, 0, 0, 0, 0]],
    # a 类 and a 款 left blank (summed from the 项), a 项 paid from two sources
    FUNCTION_SHEET: [
        ["201", f"{EXAMPLE_MARK}一般公共服务支出"],
        ["20103", f"{EXAMPLE_MARK}政府办公厅（室）及相关机构事务"],
        ["2010301", f"{EXAMPLE_MARK}行政运行", 80, 20, 90, None, None, None, 10, 80],
    ],
    ECONOMIC_SHEET: [
        ["301", f"{EXAMPLE_MARK}工资福利支出"],
        ["30101", f"{EXAMPLE_MARK}基本工资", 50],
        ["302", f"{EXAMPLE_MARK}商品和服务支出"],
        ["30201", f"{EXAMPLE_MARK}办公费", None, 30],
    ],
}

GUIDE = [
    "这是部门预算信息公开说明的工作簿。每张工作表填一类内容，填好后运行：gendisclosure 本文件.xlsx",
    "金额一律以“万元”为单位，最多 6 位小数（到分）；没有的金额填 0。",
    "合计、比上年增减（增加/减少/持平）、各种序号和表号都由程序计算，不要填写。",
    "灰色、以“【示例】”开头的行是示例：请改成本部门的内容并去掉“【示例】”，或删除这一行。",
    "表格中间不要留空行，不要合并单元格，不要隐藏行；第 1 行的列名不要改动。",
    "填好后先运行 gendisclosure check 本文件.xlsx 检查，按提示修改，再生成文档。",
    f"“{FUNCTION_SHEET}”“{ECONOMIC_SHEET}”两张表只用于部门预算公开表（公开01–09表）：不公开这些表的地区，"
    "删去这两张表即可。",
]
# the guide's last line when the 科目 sheets are left out
GUIDE_WITHOUT_TABLES = (f"本工作簿没有“{FUNCTION_SHEET}”“{ECONOMIC_SHEET}”两张表，它们只用于部门预算公开表"
                        "（公开01–09表）：要公开这些表，请用 gendisclosure init 新工作簿.xlsx --with-tables "
                        "生成带这两张表的工作簿，把它们复制过来（格式见 docs/workbook.md）。")


def blank_sheets(tables: bool = False) -> tuple[Sheet, ...]:
    """The sheets of a blank workbook: the 科目 sheets only with ``tables``."""
    return tuple(s for s in FILLED_IN if tables or s.name not in SUBJECT_SHEETS)


DEPARTMENT_CHARACTERS = 60  # a 部门简称 given to init or the web page's blank workbook


def department_problem(department: str | None) -> str | None:
    """Why a 部门简称 cannot go into a blank workbook (None when it can): too long, or with a
    character that is invisible, reverses the text, or that Excel cannot save."""
    from .errors import UNSAFE, printable

    if department is None:
        return None
    if len(department) > DEPARTMENT_CHARACTERS:
        return f"部门简称过长（{len(department)} 个字，最多 {DEPARTMENT_CHARACTERS} 个）：请填部门的简称"
    if re.search(UNSAFE, department):
        return f"部门简称“{printable(department)}”含有不可见或无效的字符：请删除后重新输入"
    return None


def write_blank(path: str | Path, year: int | None = None, department: str | None = None,
                tables: bool = False) -> Path:
    """Write the blank workbook to ``path`` (atomically); return the path. With ``tables``
    it has the 科目 sheets of the standard tables too, with their example rows."""
    from openpyxl import Workbook

    from .write import write_atomic

    problem = department_problem(department)
    if problem:
        from .errors import DisclosureError

        raise DisclosureError(problem)
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    _guide(guide, tables)
    for sheet in blank_sheets(tables):
        ws = book.create_sheet(sheet.name)
        _sheet(ws, sheet, year, department)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())


def _guide(ws, tables: bool) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(["填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in GUIDE if tables else [*GUIDE[:-1], GUIDE_WITHOUT_TABLES]:
        ws.append([line])
    ws.append([])
    ws.append(["工作表", "填写内容"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in blank_sheets(tables):
        ws.append([sheet.name, sheet.purpose])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sheet(ws, sheet: Sheet, year: int | None, department: str | None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font

    headers = write_header(ws, sheet)
    if sheet.kind == "kv":
        for key in sheet.keys:
            value = {"年度": year, "部门简称": department}.get(key.header)
            ws.append([key.header, value])
            ws.cell(ws.max_row, 1).comment = Comment(key.note, "gendisclosure")
        ws.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 80
    for values in PREFILLED.get(sheet.name, []):
        ws.append(values)
    for values in EXAMPLES.get(sheet.name, []):
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.font = Font(italic=True, color=EXAMPLE_FONT_COLOR)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _checks(ws, sheet, list(headers))


def write_header(ws, sheet: Sheet) -> list[str]:
    """Row 1 of a sheet: its headers, styled and frozen, each with its note; sensible widths."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headers = list(headers_of(sheet))
    ws.append(headers)
    ws.freeze_panes = "A2"
    notes = {c.header: c.note for c in sheet.columns}
    for i, header in enumerate(headers, start=1):
        cell = ws.cell(1, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if notes.get(header):
            cell.comment = Comment(notes[header], "gendisclosure")
        ws.column_dimensions[get_column_letter(i)].width = _width(header)
    return headers


LONG_TEXT = {"段落", "内容", "绩效目标", "绩效指标", "解释", "指标描述", "上年内容"}
SHORT = {"符号", "单位", "类别", "其中项", "计量单位", "已核对"}


def _width(header: str) -> int:
    """Column width in characters: wide for paragraphs, narrow for signs and units."""
    if header in LONG_TEXT:
        return 60
    if header in SHORT:
        return 10
    return max(14, len(header) * 2 + 4)


def _checks(ws, sheet: Sheet, headers: list[str]) -> None:
    """Excel's own data validation: amounts are numbers ≥ 0, drop-downs for the indicators."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def cells(header: str) -> str:
        letter = get_column_letter(headers.index(header) + 1)
        return f"{letter}2:{letter}{AMOUNT_ROWS + 1}"

    for column in sheet.columns:
        if column.kind in CODE_KINDS:
            _code_cells(ws, cells(column.header), column.kind)
    for kind, message in (("amount", "这里填金额：只填数字（万元），不能为负。"),
                          ("quantity", "这里填数量：只填数字，不能为负。")):
        columns = [c.header for c in sheet.columns if c.kind == kind]
        if columns:
            check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   allow_blank=True, showErrorMessage=True, error=message)
            for header in columns:
                check.add(cells(header))
            ws.add_data_validation(check)
    if sheet.kind == "kv" and any(k.kind == "amount" for k in sheet.keys):
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                               allow_blank=True, showErrorMessage=True, error="这里填金额（万元）。")
        for i, key in enumerate(sheet.keys, start=2):
            if key.kind == "amount":
                check.add(f"B{i}")
        ws.add_data_validation(check)
    # drop-downs from the format's allowed or offered values
    targets = [(c, cells(c.header)) for c in sheet.columns]
    if sheet.kind == "kv":
        targets = [(k, f"B{i}") for i, k in enumerate(sheet.keys, start=2)]
    for column, where in targets:
        if column.choices:
            drop = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"',
                                  allow_blank=True, showErrorMessage=bool(column.allowed),
                                  error=f"请从下拉列表中选择{column.header}。")
            drop.add(where)
            ws.add_data_validation(drop)


def _code_cells(ws, where: str, kind: str) -> None:
    """A 科目编码 column: stored as text (as typed, never 2.01E+6), refused at any other length."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first = where.split(":")[0]
    lengths = sorted(CODE_KINDS[kind])
    for row in ws[where]:
        for target in row:
            target.number_format = "@"
    check = DataValidation(type="custom", allow_blank=True, showErrorMessage=True,
                           formula1=f"OR({','.join(f'LEN({first})={n}' for n in lengths)})",
                           error=f"科目编码是{'、'.join(map(str, lengths))}位数字。")
    check.add(where)
    ws.add_data_validation(check)


APPROVED_GUIDE = [
    "这是财政部门批复数（批复）的工作簿：每个部门一行，金额以万元为单位，最多 6 位小数（到分）。",
    "单位全称要与部门工作簿“基本信息”中的单位全称一字不差；对不上时按部门简称对应。",
    "某一列留空则不核对这一项；年度可空，填了就要与工作簿的年度相同。第 1 行的列名不要改动。",
    "从预算管理一体化系统导出的表可以直接粘贴到“批复”表中（按列名对齐），多余的列会被忽略。",
    "填好后：gendisclosure 各部门文件夹 --approved 本文件.xlsx --summary 汇总.xlsx，详见 docs/approved.md。",
]


def write_blank_approved(path: str | Path) -> Path:
    """A blank 批复 workbook (the format of workbook_format.APPROVED) written atomically."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .workbook_format import APPROVED
    from .write import write_atomic

    book = Workbook()
    ws = book.active
    ws.title = APPROVED.name
    headers = write_header(ws, APPROVED)
    _checks(ws, APPROVED, headers)
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["填写说明"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in APPROVED_GUIDE:
        guide.append([line])
    guide.append([])
    guide.append(["列", "填写内容"])
    for column in APPROVED.columns:
        guide.append([column.header, column.note])
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 90
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())
