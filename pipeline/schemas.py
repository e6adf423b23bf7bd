"""Cerberus schemas, one per sheet: what each field must hold.

Table and paragraph sheets are checked one record (row) at a time; key/value sheets
(基本信息, 机关运行经费, 整体绩效, 国有资产说明) are checked as one document whose fields are
the keys in column 项目. Custom rules (``amount``, ``year``, ``xml_safe``, ``symbol``) live
in :mod:`pipeline.validate`; rules that compare several fields or sheets live in
:mod:`pipeline.checks`.
"""

from __future__ import annotations

from .indicator_sets import SYMBOLS

TEXT = {"type": "string", "nullable": True, "xml_safe": True}  # optional text
REQUIRED_TEXT = {"type": "string", "nullable": False, "required": True, "xml_safe": True}
AMOUNT = {"amount": True, "nullable": True}  # optional amount in 万元, ≥ 0, ≤ 6 decimals
REQUIRED_AMOUNT = {"amount": True, "nullable": False, "required": True}
QUANTITY = {"quantity": True, "nullable": True}  # optional count or area, ≥ 0
INDICATOR_VALUE = {"nullable": False, "required": True, "indicator_value": True}

SCHEMAS: dict[str, dict] = {
    "基本信息": {
        "部门简称": REQUIRED_TEXT,  # how the text names the department: 永清县经开区
        "单位全称": REQUIRED_TEXT,  # the full official name of the unit
        "地区": REQUIRED_TEXT,  # the county: 永清县
        "年度": {"year": True, "nullable": False, "required": True},  # budget year, e.g. 2021
        "公开依据": REQUIRED_TEXT,  # the regulations cited in the opening sentence
        "部门层级": TEXT,  # 县直 / 市直 / 区直 …; empty: from the last character of 地区
        "新设部门": {**TEXT, "allowed": ["是", "否"]},  # 是: set up this year, no 上年 anywhere
    },
    "部门职责": {
        "段落": REQUIRED_TEXT,  # one paragraph of the duties section
    },
    "机构设置": {
        "单位名称": REQUIRED_TEXT,  # name of the unit
        "单位性质": REQUIRED_TEXT,  # 行政单位 / 事业单位 …
        "单位规格": TEXT,  # rank: 副处级 …
        "经费保障形式": TEXT,  # 财政拨款（行政）…
    },
    "收支预算": {
        "类别": {**REQUIRED_TEXT, "allowed": ["收入", "支出"]},  # income or expenditure row
        "项目": REQUIRED_TEXT,  # income source, or 人员经费/公用经费/基本支出/项目支出
        "本年": AMOUNT,  # this year's budget; may be empty only for 基本支出 (derived)
        "上年": AMOUNT,  # last year's budget, for the comparison
        "增减原因": TEXT,  # typed reason for the change against last year
    },
    "机关运行经费": {
        "本年": REQUIRED_AMOUNT,  # this year's 机关运行经费
        "上年": AMOUNT,  # last year's, for a comparison
        "主要用途": TEXT,  # the uses listed in brackets
        "增减原因": TEXT,  # reason for a change
    },
    "三公经费": {
        "项目": REQUIRED_TEXT,  # one of the four 三公 items (or 培训费/会议费 for other layouts)
        "本年": REQUIRED_AMOUNT,  # this year's budget
        "上年": AMOUNT,  # last year's budget; empty for a new department
        "增减原因": TEXT,  # reason for a change
    },
    "整体绩效": {
        "总体绩效目标": REQUIRED_TEXT,  # the department's overall goal
        "结束语": TEXT,  # closing paragraph of the 绩效文本
    },
    "分项绩效目标": {
        "名称": REQUIRED_TEXT,  # name of the sub-goal
        "绩效目标": REQUIRED_TEXT,  # its goal
        "绩效指标": REQUIRED_TEXT,  # its indicator text
    },
    "保障措施": {
        "内容": REQUIRED_TEXT,  # one measure, without its number
    },
    "整体绩效指标": {
        "一级指标": REQUIRED_TEXT,  # first level, from the allowed sets
        "二级指标": REQUIRED_TEXT,  # second level, under its own first level
        "三级指标": REQUIRED_TEXT,  # the indicator's name
        "评（扣）分标准": TEXT,  # scoring rule
        "指标描述": TEXT,  # description
        "符号": {**TEXT, "allowed": list(SYMBOLS)},  # comparison sign, empty = qualitative
        "值": INDICATOR_VALUE,  # number, or the qualitative target's text
        "单位": TEXT,  # unit of the number
        "确定依据": TEXT,  # basis of the target value
    },
    "项目": {
        "项目名称": REQUIRED_TEXT,  # the project's name, unique in the workbook
        "绩效目标": REQUIRED_TEXT,  # the project's goal
    },
    "项目指标": {
        "项目名称": REQUIRED_TEXT,  # which project (a name from sheet 项目)
        "一级指标": REQUIRED_TEXT,  # first level, from the allowed sets
        "二级指标": REQUIRED_TEXT,  # second level, under its own first level
        "三级指标": REQUIRED_TEXT,  # the indicator's name
        "指标描述": TEXT,  # description
        "符号": {**TEXT, "allowed": list(SYMBOLS)},  # comparison sign, empty = none
        "值": INDICATOR_VALUE,  # number, or the qualitative target's text
        "单位": TEXT,  # unit of the number
        "确定依据": TEXT,  # basis of the target value
    },
    "政府采购": {
        "项目名称": REQUIRED_TEXT,  # the project the purchase is funded from
        "预算资金": AMOUNT,  # that project's budget
        "采购物品名称": REQUIRED_TEXT,  # what is bought
        "政府采购目录序号": TEXT,  # catalogue number
        "计量单位": TEXT,  # unit of quantity
        "数量": QUANTITY,  # quantity
        "单价": AMOUNT,  # unit price
        "一般公共预算拨款": AMOUNT,  # funding by source …
        "基金预算拨款": AMOUNT,
        "国有资本经营预算拨款": AMOUNT,
        "财政专户核拨": AMOUNT,
        "单位资金": AMOUNT,
    },
    "国有资产": {
        "项目": REQUIRED_TEXT,  # asset class as printed in the table
        "数量": QUANTITY,  # quantity (area, vehicles …)
        "价值": AMOUNT,  # value in 万元
        "其中项": {**TEXT, "allowed": ["是", "否"]},  # 是 = a sub-row not counted in the total
    },
    "国有资产说明": {
        "拟购置固定资产金额": REQUIRED_AMOUNT,  # planned purchases of fixed assets this year
        "拟购置固定资产说明": TEXT,  # what they mainly are
    },
    "名词解释": {
        "名词": REQUIRED_TEXT,  # the term
        "解释": REQUIRED_TEXT,  # its explanation
    },
    "其他说明": {
        "段落": TEXT,  # one paragraph of other remarks
    },
    "待核对": {  # optional; written by rollover
        "工作表": REQUIRED_TEXT,  # the sheet of a cell carried over from last year
        "单元格": REQUIRED_TEXT,  # its address when rolled over, e.g. C6
        "栏目": REQUIRED_TEXT,  # its column header (its key on a 项目/内容 sheet)
        "上年内容": REQUIRED_TEXT,  # what it held when rolled over
        "已核对": {**TEXT, "allowed": ["是", "否"]},  # 是: checked, stays as it is
    },
}
