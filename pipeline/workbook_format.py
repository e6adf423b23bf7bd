"""The workbook format: which sheets a department's workbook has and what each column holds.

This is the one place that names sheets and columns. The reader, the validator, the
documentation (docs/workbook.md) and the blank-workbook writer all follow it.

Three kinds of sheet:
- ``kv``: two columns 项目 | 内容, one fact per row, looked up by the 项目 text;
- ``table``: a header row (row 1) and one record per row below it;
- ``paragraphs``: one column 段落, one paragraph per row.
"""

from __future__ import annotations

from typing import NamedTuple

from .indicator_sets import PREFERRED_SYMBOLS, SYMBOLS, first_levels, second_levels
from .wording import NOTHING_ELSE

YES_NO = ("是", "否")
# the funding sources (资金来源) of 收支预算's incomes, of 支出功能分类 and of the procurement table,
# in their order
FUNDING_SOURCES = ("一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金")
FISCAL_SOURCES = FUNDING_SOURCES[:3]  # 财政拨款: the sources the finance bureau grants
SOURCE_COLUMN = "资金来源"  # 收支预算: the funding source an income counts towards
# 资金来源 left blank: the words of an income's name that tell its source; a name with words of
# exactly one source counts towards it, any other name must fill 资金来源
INCOME_SOURCE_WORDS: dict[str, tuple[str, ...]] = dict(zip(FUNDING_SOURCES, (
    ("一般公共预算", "公共财政"),
    ("政府性基金", "基金预算"),
    ("国有资本",),
    ("财政专户", "专户管理"),
    ("事业收入", "经营收入", "上级补助", "附属单位", "其他收入", "其他来源", "单位资金"),
)))


def words_of(source: str) -> str:
    """The words that tell an income of ``source``, for docs and messages: “政府性基金”“基金预算”."""
    return "".join(f"“{w}”" for w in INCOME_SOURCE_WORDS[source])


SOURCE_NOTE = ("收入计入的资金来源，公开表按它分列；可空（整列也可以不要），空时按收入名称判断："
               + "，".join(f"名称含{words_of(s)}为{s}" for s in FUNDING_SOURCES)
               + "；名称看不出来源（如“财政拨款收入”“上年结转”）或同时像两种来源的，必须填写。"
               "上年结转不单列（公开表没有它的来源列），按结转资金的来源填写，如一般公共预算的结转填一般公共预算拨款。"
               "支出行不填")


class Column(NamedTuple):  # records of the declaration: tuples are made faster than dataclasses
    header: str  # the header text in row 1, exactly as the clerk sees it
    # text | amount (万元) | quantity (a count or area) | int | indicator_value |
    # function_code / economic_code (a 科目编码 of 支出功能分类 / 经济分类, see pipeline/subjects.py)
    kind: str = "text"
    required: bool = False  # must every record fill it?
    note: str = ""  # what goes in it, for docs and the blank workbook
    allowed: tuple[str, ...] = ()  # the only values accepted (empty: any)
    offered: tuple[str, ...] = ()  # the blank workbook's drop-down, where it differs from allowed
    may_be_absent: bool = False  # may a workbook leave the whole column out (its cells then blank)?

    @property
    def choices(self) -> tuple[str, ...]:
        """What the blank workbook's drop-down list offers."""
        return self.offered or self.allowed


class Sheet(NamedTuple):
    name: str
    kind: str  # kv | table | paragraphs
    purpose: str
    columns: tuple[Column, ...] = ()
    # for kv sheets: the keys (项目) the sheet holds, as Columns (header = the key)
    keys: tuple[Column, ...] = ()
    required_rows: bool = False  # must the sheet hold at least one record?
    optional: bool = False  # may a workbook leave the sheet out altogether?
    # written by rollover for the clerk's review (待核对), not filled in: left out of the blank
    # workbook, never carried into next year nor marked there, named by no row of 待核对
    written_by_rollover: bool = False


KV_HEADERS = ("项目", "内容")
REVIEW_SHEET = "待核对"  # written by rollover: the cells still holding last year's content
CONFIRMED = "是"  # 已核对 of a cell the clerk has checked and keeps as it is
EXAMPLE_MARK = "【示例】"  # a blank workbook's example rows start with this; they must not stay
GUIDE_SHEET = "说明"  # the blank workbook's first sheet: how to fill it in (never read)
PARAGRAPH_HEADER = "段落"
FUNCTION_SHEET = "支出功能分类"  # optional: 科目-level data for the standard tables (公开表)
ECONOMIC_SHEET = "基本支出经济分类"
GENERAL_BASE = "一般公共预算拨款中的基本支出"

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "基本信息",
        "kv",
        "部门名称、年度等基本事实，每行一项。",
        keys=(
            Column("部门简称", required=True, note="文中称呼本部门的名称，如“永清县经开区”"),
            Column("单位全称", required=True, note="主管单位的正式名称"),
            Column("地区", required=True, note="所在县（市、区），如“永清县”"),
            Column("年度", "int", required=True, note="预算年度，四位数字，如 2021"),
            Column("公开依据", required=True, note="开头“按照……规定”中的文件名，原样照录"),
            Column("部门层级", note="表名中的“县直”“市直”“区直”等；可空，空时按地区的最后一个字"
                   "（县→县直，市→市直，区→区直，旗→旗直）"),
            Column("新设部门", note="本年新设、没有上年预算的部门填“是”（各表的上年都留空）；其他部门留空或填“否”", allowed=YES_NO),
        ),
    ),
    Sheet(
        "部门职责",
        "paragraphs",
        "“部门职责”一节的正文，每行一段。",
        columns=(Column(PARAGRAPH_HEADER, required=True, note="一段文字"),),
        required_rows=True,
    ),
    Sheet(
        "机构设置",
        "table",
        "部门机构设置情况表，每个单位一行。",
        columns=(
            Column("单位名称", required=True, note="单位全称"),
            Column("单位性质", required=True, note="如 行政单位、事业单位"),
            Column("单位规格", note="如 副处级"),
            Column("经费保障形式", note="如 财政拨款（行政）"),
        ),
        required_rows=True,
    ),
    Sheet(
        "收支预算",
        "table",
        "收入按来源、支出按人员经费/公用经费/基本支出/项目支出，各填本年和上年（万元）。",
        columns=(
            Column("类别", required=True, note="收入 或 支出", allowed=("收入", "支出")),
            Column("项目", required=True, note="收入来源名称，或 人员经费、公用经费、基本支出、项目支出"),
            Column("本年", "amount", note="本年预算数（万元）；基本支出可空，由人员经费+公用经费算出"),
            Column("上年", "amount", note="上年预算数（万元），用于比上年增减"),
            Column("增减原因", note="与上年相比增减的主要原因，如“主要为人员经费支出”"),
            Column(SOURCE_COLUMN, note=SOURCE_NOTE, allowed=FUNDING_SOURCES, may_be_absent=True),
        ),
    ),
    Sheet(
        "机关运行经费",
        "kv",
        "机关运行经费的金额与用途。",
        keys=(
            Column("本年", "amount", required=True, note="本年机关运行经费（万元）"),
            Column("上年", "amount", note="上年机关运行经费（万元）"),
            Column("主要用途", note="括号里列出的主要用途，如“日常维修、办公用房水电费”"),
            Column("增减原因", note="与上年相比增减的原因"),
        ),
    ),
    Sheet(
        "三公经费",
        "table",
        "财政拨款“三公”经费，每项一行，本年和上年（万元）。",
        columns=(
            Column("项目", required=True, note="因公出国（境）费、公务用车购置费、公务用车运维费、公务接待费"),
            Column("本年", "amount", required=True, note="本年预算数（万元）"),
            Column("上年", "amount", note="上年预算数（万元）；四项都填或都不填（新设部门）"),
            Column("增减原因", note="与上年相比增减的原因"),
        ),
    ),
    Sheet(
        "整体绩效",
        "kv",
        "部门整体绩效目标的总体目标与结束语。",
        keys=(
            Column("总体绩效目标", required=True, note="总体绩效目标的全文"),
            Column("结束语", note="绩效文本末尾的一段话，可空"),
        ),
    ),
    Sheet(
        "分项绩效目标",
        "table",
        "部门整体的分项绩效目标，每项一行，序号自动生成。",
        columns=(
            Column("名称", required=True, note="分项名称，如“乡村建设规划、事务管理工作”"),
            Column("绩效目标", required=True, note="该分项的绩效目标"),
            Column("绩效指标", required=True, note="该分项的绩效指标"),
        ),
        required_rows=True,
    ),
    Sheet(
        "保障措施",
        "table",
        "工作保障措施，每条一行，序号自动生成。",
        columns=(Column("内容", required=True, note="一条措施的全文，不写序号"),),
        required_rows=True,
    ),
    Sheet(
        "整体绩效指标",
        "table",
        "部门整体支出绩效指标表，每个三级指标一行；同一一级指标的行连续排列。",
        columns=(
            Column("一级指标", required=True, note="如 部门产出、部门效果", offered=tuple(first_levels())),
            Column("二级指标", required=True, note="如 数量、质量、时效、成本、满意度", offered=tuple(second_levels())),
            Column("三级指标", required=True, note="指标名称"),
            Column("评（扣）分标准", note="如 按照计划比率评定"),
            Column("指标描述", note="绩效指标描述"),
            Column("符号", note="≥ ≤ = ＞ ＜ 之一（也认 >= <= > <，按原样印出）；定性指标留空", allowed=SYMBOLS, offered=PREFERRED_SYMBOLS),
            Column("值", "indicator_value", required=True, note="数值，或定性指标的文字"),
            Column("单位", note="如 件、%、人；定性指标留空"),
            Column("确定依据", note="指标值确定依据"),
        ),
        required_rows=True,
    ),
    Sheet(
        "项目",
        "table",
        "项目支出的项目，每个项目一行，按公开顺序排列；表号自动生成。",
        columns=(
            Column("项目名称", required=True, note="项目名称，不含“绩效目标表”字样"),
            Column("绩效目标", required=True, note="该项目的绩效目标全文"),
        ),
    ),
    Sheet(
        "项目指标",
        "table",
        "各项目的绩效指标，每个三级指标一行；同一项目、同一一级指标的行连续排列。",
        columns=(
            Column("项目名称", required=True, note="与“项目”表中的项目名称一致"),
            Column("一级指标", required=True, note="产出指标、效果指标（或效益指标）、满意度指标、成本指标", offered=tuple(first_levels())),
            Column("二级指标", required=True, note="如 数量指标、质量指标、社会效益指标", offered=tuple(second_levels())),
            Column("三级指标", required=True, note="指标名称"),
            Column("指标描述", note="绩效指标描述"),
            Column("符号", note="≥ ≤ = ＞ ＜ 之一（也认 >= <= > <，按原样印出）；定性指标或不比较时留空", allowed=SYMBOLS, offered=PREFERRED_SYMBOLS),
            Column("值", "indicator_value", required=True, note="数值，或定性指标的文字"),
            Column("单位", note="如 人、%、个；定性指标留空"),
            Column("确定依据", note="指标值确定依据"),
        ),
    ),
    Sheet(
        "政府采购",
        "table",
        "部门政府采购预算，每个采购品目一行；没有政府采购则不填行。",
        columns=(
            Column("项目名称", required=True, note="政府采购项目来源：项目名称"),
            Column("预算资金", "amount", note="政府采购项目来源：预算资金（万元）"),
            Column("采购物品名称", required=True, note="采购物品名称"),
            Column("政府采购目录序号", note="政府采购目录序号"),
            Column("计量单位", note="如 台、套"),
            Column("数量", "quantity", note="数量"),
            Column("单价", "amount", note="单价（万元）"),
            Column("一般公共预算拨款", "amount", note="万元"),
            Column("基金预算拨款", "amount", note="万元"),
            Column("国有资本经营预算拨款", "amount", note="万元"),
            Column("财政专户核拨", "amount", note="万元"),
            Column("单位资金", "amount", note="万元"),
        ),
    ),
    Sheet(
        "国有资产",
        "table",
        "上年末固定资产占用情况，每类一行；“其中”行不计入资产总额。",
        columns=(
            Column("项目", required=True, note="如 1、房屋（平方米）；2、车辆（台、辆）"),
            Column("数量", "quantity", note="数量（面积、台数等），可空"),
            Column("价值", "amount", note="价值（万元），可空"),
            Column("其中项", note="填“是”表示这一行是上一行的“其中”，不计入资产总额", allowed=YES_NO),
        ),
    ),
    Sheet(
        "国有资产说明",
        "kv",
        "本年度拟购置固定资产的情况。",
        keys=(
            Column("拟购置固定资产金额", "amount", required=True, note="本年度拟购置固定资产总额（万元）"),
            Column("拟购置固定资产说明", note="“主要为……”后面的内容"),
        ),
    ),
    Sheet(
        "名词解释",
        "table",
        "名词解释，每个名词一行，序号自动生成。",
        columns=(
            Column("名词", required=True, note="如 基本支出"),
            Column("解释", required=True, note="解释全文，以“指……”开头"),
        ),
        required_rows=True,
    ),
    Sheet(
        "其他说明",
        "paragraphs",
        f"其他需要说明的事项，每行一段；没有则留空，文中写“{NOTHING_ELSE}”",
        columns=(Column(PARAGRAPH_HEADER, note="一段文字"),),
    ),
    Sheet(
        FUNCTION_SHEET,
        "table",
        "本年支出按支出功能分类科目（政府收支分类科目），类、款、项每级一行，用于公开表"
        "（部门收支总表、部门收入总表、部门支出总表、一般公共预算支出表等）。没有公开表的地区整张表可以不要。"
        "类、款行的金额可空，由下级行加总；填了就要等于下级之和。",
        columns=(
            Column("科目编码", "function_code", required=True, note="类3位、款5位、项7位数字，如 201、20103、2010301；"
                   "款的前3位是已列出的类，项的前5位是已列出的款"),
            Column("科目名称", required=True, note="照当年政府收支分类科目的名称填写，如“行政运行”"),
            Column("基本支出", "amount", note="万元"),
            Column("项目支出", "amount", note="万元"),
            *(Column(source, "amount", note=f"资金来源：{source}（万元）；各来源之和等于基本支出 + 项目支出")
              for source in FUNDING_SOURCES),
            Column(GENERAL_BASE, "amount",
                   note="一般公共预算拨款中用于基本支出的部分（万元）；只有一行同时有一般公共预算拨款和其他来源、"
                   "又同时有基本支出和项目支出时才需要填，其他情况可空，由程序算出"),
        ),
        optional=True,
    ),
    Sheet(
        ECONOMIC_SHEET,
        "table",
        "一般公共预算拨款安排的基本支出按部门预算支出经济分类科目，类、款每级一行，用于“一般公共预算基本支出表”。"
        "没有公开表的地区整张表可以不要；有本表就要有“支出功能分类”表（本表的合计与其中一般公共预算拨款的基本支出核对）。"
        "类行的金额可空，由下级行加总；填了就要等于下级之和。",
        columns=(
            Column("科目编码", "economic_code", required=True,
                   note="类3位、款5位数字，如 301、30101；款的前3位是已列出的类"),
            Column("科目名称", required=True, note="照当年经济分类科目的名称填写，如“基本工资”"),
            Column("人员经费", "amount", note="万元"),
            Column("公用经费", "amount", note="万元"),
        ),
        optional=True,
    ),
    Sheet(
        REVIEW_SHEET,
        "table",
        "由 gendisclosure rollover 生成，普通工作簿没有这张表：列出沿用上一年度内容的单元格（已标黄）。"
        "逐格改为本年的内容，或确认无需修改后在“已核对”列填“是”；还有单元格既没改也没确认时，不生成文档。",
        columns=(
            Column("工作表", required=True, note="单元格所在的工作表"),
            Column("单元格", required=True, note="结转时的单元格地址，如 C6"),
            Column("栏目", required=True, note="单元格所在的列名（项目/内容表为项目名）；增删行、调整列后仍据此找到它"),
            Column("上年内容", required=True, note="结转时单元格的内容"),
            Column("已核对", note=f"确认该单元格无需修改时填“{CONFIRMED}”", allowed=YES_NO),
        ),
        optional=True,
        written_by_rollover=True,
    ),
)


BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in SHEETS}


def headers_of(sheet: Sheet) -> tuple[str, ...]:
    """The header row the sheet must carry in row 1."""
    if sheet.kind == "kv":
        return KV_HEADERS
    return tuple(c.header for c in sheet.columns)


def workbook_markdown() -> str:
    """docs/workbook.md, written from SHEETS (a test keeps the two in step)."""
    lines = [
        "# 工作簿格式 · Workbook format",
        "",
        "一个工作簿 = 一个部门一个年度。每张工作表第1行是表头（列名必须一字不差），从第2行起填数据；",
        "列的顺序可以调整；多余的工作表和列不会进入文档，其中填了内容的，检查时给出警告。金额一律以**万元**为单位，最多6位小数（到分）。",
        "合计、增减（增加/减少/持平）、各种序号和表号都由程序计算，不要填写。",
        "",
        "One workbook per department and year. Row 1 of each sheet holds the headers, data starts in",
        "row 2. Amounts are in 万元 with at most 6 decimals. Totals, changes and numbering are computed.",
        "",
        "三种工作表：**项目/内容表**（两列“项目”“内容”，每行一项）、**明细表**（每行一条记录）、",
        "**段落表**（一列“段落”，每行一段）。",
        "",
        f"空白工作簿（`gendisclosure init 新工作簿.xlsx`）含下列各表（“{REVIEW_SHEET}”除外），但不含只用于公开表的"
        f"“{FUNCTION_SHEET}”“{ECONOMIC_SHEET}”：要公开表（公开01–09表）的地区加 `--with-tables`，"
        "生成带这两张表（含示例行）的工作簿。",
        "",
    ]
    kinds = {"kv": "项目/内容表", "table": "明细表", "paragraphs": "段落表"}
    for sheet in SHEETS:
        optional = "，可选" if sheet.optional else ""
        lines += [f"## {sheet.name}（{kinds[sheet.kind]}{optional}）", "", sheet.purpose, ""]
        if sheet.kind == "kv":
            lines += ["| 项目 | 必填 | 内容 |", "| --- | --- | --- |"]
            items = sheet.keys
        else:
            lines += ["| 列 | 必填 | 内容 |", "| --- | --- | --- |"]
            items = sheet.columns
        for c in items:
            kind = {"amount": "，金额（万元）", "quantity": "，数字"}.get(c.kind, "")
            lines.append(f"| {c.header} | {'是' if c.required else ''} | {c.note}{kind} |")
        lines.append("")
    return "\n".join(lines)


# ---- the finance bureau's workbooks: the approved budget (批复) and the county summary ------

# The figures of a department the bureau compares: with its 批复 (each a column of the 批复
# workbook), with last year's summary (their 上年 against last year's 本年), and in the county
# summary. (name, how a department's workbook gives it)
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("收入合计", "“收支预算”各收入来源本年数之和"),
    ("支出合计", "基本支出 + 项目支出"),
    ("基本支出", "“收支预算”的基本支出，未填时为人员经费 + 公用经费"),
    ("项目支出", "“收支预算”的项目支出"),
    ("三公经费合计", "“三公经费”四项本年数之和"),
    ("因公出国（境）费", "“三公经费”表中这一项的本年数"),
    ("公务用车购置费", "“三公经费”表中这一项的本年数"),
    ("公务用车运维费", "“三公经费”表中这一项的本年数"),
    ("公务接待费", "“三公经费”表中这一项的本年数"),
    ("机关运行经费", "“机关运行经费”表的本年"),
    ("政府采购合计", "“政府采购”表各资金来源之和"),
)
NO_LAST_YEAR = ("政府采购合计",)  # figures a workbook gives without last year's
APPROVED_SHEET = "批复"
SUMMARY_SHEET = "汇总"

APPROVED = Sheet(
    APPROVED_SHEET,
    "table",
    "财政部门批复的各部门预算数（批复数），每个部门一行，金额以万元为单位。",
    columns=(
        Column("单位全称", required=True,
               note="与部门工作簿“基本信息”中的单位全称一字不差，据此找到对应的工作簿"),
        Column("部门简称", note="可空；单位全称对不上时，按部门简称对应"),
        Column("年度", "int", note="可空；填了就要与工作簿的年度相同"),
        *(Column(name, "amount", note=f"工作簿中对应的数：{how}；留空则不核对")
          for name, how in KEY_FIGURES),
    ),
    required_rows=True,
)

# what is read back from last year's county summary (gendisclosure --summary): its first
# sheet has these columns among others, one department a row and a totals row (部门 “合计”)
PREVIOUS_SUMMARY = Sheet(
    SUMMARY_SHEET,
    "table",
    "上一年度的县级汇总工作簿（gendisclosure --summary 写出）的“汇总”表。",
    columns=(
        Column("部门", note="部门简称"),
        Column("单位全称", note="单位全称"),
        Column("年度", "int", note="预算年度"),
        Column("状态", note="已生成、未变化（跳过）、失败……"),
        *(Column(name, "amount", note=f"{name}本年数（万元）") for name, _ in KEY_FIGURES),
    ),
)

# every sheet the reader and the validator know, of every kind of workbook
FORMATS: tuple[Sheet, ...] = (*SHEETS, APPROVED, PREVIOUS_SUMMARY)
FORMAT_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in FORMATS}


def approved_columns_markdown() -> str:
    """The column table of docs/approved.md, written from APPROVED (a test keeps them in step)."""
    lines = ["| 列 | 必填 | 内容 |", "| --- | --- | --- |"]
    for c in APPROVED.columns:
        kind = {"amount": "，金额（万元）", "int": "，四位数字"}.get(c.kind, "")
        lines.append(f"| {c.header} | {'是' if c.required else ''} | {c.note}{kind} |")
    return "\n".join(lines)
