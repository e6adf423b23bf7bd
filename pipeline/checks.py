"""Rules across fields and sheets that a per-row schema cannot express.

Each rule is a small function ``(book) -> list[Finding]`` registered in ``RULES``;
``book`` is the validator's clean data. Messages show both sides and the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .budget import (
    EXPENSE_ITEMS,
    PROCUREMENT_SOURCES,
    SANGONG_EXTRAS,
    SANGONG_ITEMS,
    base_expense,
    budget_rows,
    records,
    total,
)
from .errors import Finding
from .figures import fmt, is_number, to_decimal
from .indicator_sets import allowed_second_levels, first_levels
from .subjects import income_rule, source_of_income, sources_named
from .wording import SAME, change, place_word
from .workbook_format import (
    ECONOMIC_SHEET,
    FISCAL_SOURCES,
    FUNCTION_SHEET,
    FUNDING_SOURCES,
    SOURCE_COLUMN,
)

Rule = Callable[[dict], list[Finding]]
REASON_NOT_PRINTED = "增减原因不印出"  # the rule's id; pipeline.coverage does not tell its cells again
RULES: list[tuple[tuple[str, ...], Rule, bool]] = []  # (sheets the rule reads, rule, judges_rows)


def rule(*sheets: str, judges_rows: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule with the sheets it reads: it runs when those sheets passed their
    own row checks (a rule over half-valid rows would report false problems). A rule that
    ``judges_rows`` says whether a sheet's rows are the items they should be (each known,
    each once, none missing): it runs first, and its errors keep the other rules off that
    sheet (a total over an income entered twice is not the department's total)."""
    def register(function: Rule) -> Rule:
        RULES.append((sheets, function, judges_rows))
        return function
    return register


def run_all(book: dict, sheets_with_errors: set[str] = frozenset()) -> list[Finding]:
    findings: list[Finding] = []
    blocked = set(sheets_with_errors)
    for first in (True, False):
        for sheets, check, judges_rows in RULES:
            if judges_rows is first and not blocked.intersection(sheets):
                findings.extend(check(book))
        blocked.update(f.sheet for f in findings if f.level == "error")
    return findings


# ---- helpers -------------------------------------------------------------------------


def cell(book: dict, sheet: str, record: dict | None, field: str) -> str:
    """The address of a record's field, e.g. "C7" ("" when there is no such record)."""
    if record is None:
        return ""
    return f"{book['sheets'][sheet]['columns'].get(field, '')}{record['_row']}"


def kv_cell(book: dict, sheet: str, key: str) -> str:
    data = book["sheets"][sheet]
    row = data.get("rows", {}).get(key)
    return f"{data['columns'].get('内容', 'B')}{row}" if row else ""


def error(book, sheet, where, rule_id, message, level="error") -> Finding:
    return Finding(book["file"], sheet, where, rule_id, message, level)


def mismatch(label_a: str, a: Decimal, label_b: str, b: Decimal, sign: str = "≠") -> str:
    return f"{label_a} {fmt(a)} {sign} {label_b} {fmt(b)}（相差 {fmt(abs(a - b))} 万元）"


def income_towards(book: dict, source: str) -> tuple[Decimal, str]:
    """What 收支预算's incomes give to a funding source (pipeline.subjects.source_of_income),
    and how a message names them: “计入基金预算拨款的收入 收支预算!C3 政府性基金预算拨款收入”."""
    incomes = [r for r in budget_rows(book, "收入").values() if source_of_income(r) == source]
    named = " + ".join(f"{cell(book, '收支预算', r, '本年')} {r['项目']}" for r in incomes)
    return (total(r["本年"] for r in incomes),
            f"计入{source}的收入 收支预算!{named}" if incomes else f"计入{source}的收入（收支预算中没有）")


def sources_known(book: dict) -> bool:
    """Does every income of 收支预算 count towards a known source? (Where one does not, it is
    told at that income, and no source's total is compared: each would repeat that problem.)"""
    return all(source_of_income(r) is not None for r in budget_rows(book, "收入").values())


def how_incomes_count(source: str) -> str:
    """The end of a message on a source's income: which incomes count towards it."""
    return f"收支预算中{income_rule(source)}计入{source}，请核对收入的资金来源或名称"


# ---- 收支预算 -------------------------------------------------------------------------


@rule("收支预算", judges_rows=True)
def budget_items(book: dict) -> list[Finding]:
    """收支预算: known 支出 items, each once; at least one 收入 source."""
    out, seen = [], {}
    sheet = "收支预算"
    for r in records(book, sheet):
        key = (r["类别"], r["项目"])
        if key in seen:
            out.append(error(book, sheet, cell(book, sheet, r, "项目"), "项目重复",
                             f"“{r['类别']}—{r['项目']}”填了两次（另见第{seen[key]}行）"))
        seen[key] = r["_row"]
        if r["类别"] == "支出" and r["项目"] not in EXPENSE_ITEMS:
            out.append(error(book, sheet, cell(book, sheet, r, "项目"), "支出项目",
                             f"支出项目“{r['项目']}”不认识；只能填：{'、'.join(EXPENSE_ITEMS)}"))
    expenses = budget_rows(book, "支出")
    for item in ("人员经费", "公用经费", "项目支出"):
        if item not in expenses:
            out.append(error(book, sheet, "", "缺少支出项目",
                             f"缺少“{item}”一行：类别填“支出”，项目填“{item}”"))
    if not budget_rows(book, "收入"):
        out.append(error(book, sheet, "", "缺少收入",
                         "没有收入行：每个收入来源一行，类别填“收入”（没有的来源填 0）"))
    return out


@rule("收支预算")
def this_year_filled(book: dict) -> list[Finding]:
    """Every row of 收支预算 but the derived 基本支出 has its 本年 (the totals still compare)."""
    sheet = "收支预算"
    return [error(book, sheet, cell(book, sheet, r, "本年"), "必填",
                  f"“{r['项目']}”的本年金额必须填写（没有就填 0）")
            for r in records(book, sheet)
            if r["本年"] is None and (r["类别"], r["项目"]) != ("支出", "基本支出")]


@rule("收支预算")
def income_source_known(book: dict) -> list[Finding]:
    """Each income counts towards one funding source: its 资金来源, else the one source its
    name tells. Where none is told, an error when the source matters (科目 sheets, 政府采购),
    else a warning."""
    out, sheet = [], "收支预算"
    matters = any(book["sheets"].get(s) for s in (FUNCTION_SHEET, ECONOMIC_SHEET)) or records(book, "政府采购")
    column = SOURCE_COLUMN if book["sheets"][sheet]["columns"].get(SOURCE_COLUMN) else "项目"
    for r in budget_rows(book, "收入").values():
        if source_of_income(r) is not None:
            continue
        named = sources_named(r["项目"])
        why = (f"名称同时像{'和'.join(named)}" if named else "名称看不出资金来源")
        out.append(error(book, sheet, cell(book, sheet, r, column), "收入资金来源",
                         f"收入“{r['项目']}”的{why}：请在“{SOURCE_COLUMN}”列选填"
                         f"{'、'.join(FUNDING_SOURCES)}之一（上年结转按结转资金的来源填）"
                         + ("" if matters else "；公开表和政府采购按资金来源分列收入"),
                         "error" if matters else "warning"))
    for r in budget_rows(book, "支出").values():
        if r.get(SOURCE_COLUMN):
            out.append(error(book, sheet, cell(book, sheet, r, SOURCE_COLUMN), "支出资金来源",
                             f"支出“{r['项目']}”填了资金来源“{r[SOURCE_COLUMN]}”：资金来源只说明收入，"
                             "支出行的这一格不会用到，请清空", "warning"))
    return out


@rule("收支预算")
def base_is_staff_plus_office(book: dict) -> list[Finding]:
    """基本支出 = 人员经费 + 公用经费, where all three are given."""
    out = []
    rows = budget_rows(book, "支出")
    base = rows.get("基本支出")
    if base is None or "人员经费" not in rows or "公用经费" not in rows:
        return out
    for year in ("本年", "上年"):
        staff, office = rows["人员经费"][year], rows["公用经费"][year]
        if base[year] is not None and staff is not None and office is not None:
            if base[year] != staff + office:
                out.append(error(book, "收支预算", cell(book, "收支预算", base, year), "基本支出构成",
                                 mismatch(f"{year}基本支出", base[year],
                                          "人员经费+公用经费", staff + office)))
    return out


@rule("收支预算")
def income_equals_expense(book: dict) -> list[Finding]:
    """收支平衡: 收入合计 = 支出合计, this year and (where given) last year."""
    out = []
    income, expense = budget_rows(book, "收入"), budget_rows(book, "支出")
    if not income or "项目支出" not in expense:
        return out
    where = next(iter(income.values()))
    for year in ("本年", "上年"):
        incomes = [r[year] for r in income.values()]
        base, projects = base_expense(expense, year), expense["项目支出"][year]
        if base is None or projects is None:
            continue  # no 上年 at all is a new department; half of one is reported below
        if year == "上年" and any(v is None for v in incomes):
            continue  # last year's income by source is optional
        if total(incomes) != base + projects:
            out.append(error(book, "收支预算", cell(book, "收支预算", where, year), "收支平衡",
                             mismatch(f"{year}支出合计", base + projects,
                                      f"{year}收入合计", total(incomes))))
    return out


@rule("收支预算", "机关运行经费")
def running_costs_within_office(book: dict) -> list[Finding]:
    """机关运行经费 ≤ 公用经费 (it is paid out of 公用经费)."""
    running = records(book, "机关运行经费")
    office = budget_rows(book, "支出").get("公用经费")
    if not running or office is None or office["本年"] is None:
        return []
    amount = running[0]["本年"]
    if amount is not None and amount > office["本年"]:
        return [error(book, "机关运行经费", kv_cell(book, "机关运行经费", "本年"), "机关运行经费",
                      mismatch("机关运行经费", amount, "公用经费", office["本年"], "＞"))]
    return []


# ---- 三公经费 -------------------------------------------------------------------------


@rule("三公经费", judges_rows=True)
def sangong_items(book: dict) -> list[Finding]:
    """三公经费: the four items, each exactly once; 培训费/会议费 may follow."""
    out, seen = [], set()
    sheet = "三公经费"
    for r in records(book, sheet):
        if r["项目"] not in SANGONG_ITEMS + SANGONG_EXTRAS:
            out.append(error(book, sheet, cell(book, sheet, r, "项目"), "三公项目",
                             f"“{r['项目']}”不是三公经费的项目；只能填："
                             f"{'、'.join(SANGONG_ITEMS + SANGONG_EXTRAS)}"))
        elif r["项目"] in seen:
            out.append(error(book, sheet, cell(book, sheet, r, "项目"), "项目重复",
                             f"“{r['项目']}”填了两次"))
        seen.add(r["项目"])
    for item in SANGONG_ITEMS:
        if item not in seen:
            out.append(error(book, sheet, "", "缺少三公项目",
                             f"缺少“{item}”一行（没有这项支出就填 0）"))
    return out


@rule("收支预算", "三公经费", "机关运行经费")
def sangong_needs_fiscal_money(book: dict) -> list[Finding]:
    """“三公”经费 and 机关运行经费 are paid from 财政拨款: above 0 they need an income that
    counts towards 一般公共预算拨款, 基金预算拨款 or 国有资本经营预算拨款 (the document would
    otherwise print 财政拨款 spending beside a department that has none)."""
    incomes = budget_rows(book, "收入").values()
    if not sources_known(book):
        return []
    if total(r["本年"] for r in incomes if source_of_income(r) in FISCAL_SOURCES):
        return []
    why = (f"只能由财政拨款安排，但收支预算中没有计入{'、'.join(FISCAL_SOURCES)}的收入："
           "请核对这一金额，或收入的资金来源")
    out = [error(book, "三公经费", cell(book, "三公经费", r, "本年"), "三公无财政拨款",
                 f"“三公”经费的{r['项目']} {fmt(r['本年'])} 万元{why}")
           for r in records(book, "三公经费") if r["项目"] in SANGONG_ITEMS and r["本年"]]
    running = records(book, "机关运行经费")
    if running and running[0]["本年"]:
        out.append(error(book, "机关运行经费", kv_cell(book, "机关运行经费", "本年"), "机关运行经费无财政拨款",
                         f"机关运行经费 {fmt(running[0]['本年'])} 万元{why}"))
    return out


# ---- 项目与指标 -----------------------------------------------------------------------


def scattered(rows: list[dict], key: Callable[[dict], Any]) -> list[dict]:
    """Rows whose key appeared before, in a run that other rows had ended."""
    out, ended, current = [], set(), object()
    for r in rows:
        k = key(r)
        if k != current:
            if k in ended:
                out.append(r)
            ended.add(current)
            current = k
    return out


@rule("项目", "项目指标")
def projects_and_indicators(book: dict) -> list[Finding]:
    """Project names unique; every project has indicators; no indicator for an unknown project;
    a project's indicator rows, and its rows of one 一级指标, stand together."""
    out = []
    names: dict[str, dict] = {}
    for r in records(book, "项目"):
        if r["项目名称"] in names:
            out.append(error(book, "项目", cell(book, "项目", r, "项目名称"), "项目名称重复",
                             f"项目“{r['项目名称']}”出现两次（另见第{names[r['项目名称']]['_row']}行）"))
        else:
            names[r["项目名称"]] = r
    known = []
    for r in records(book, "项目指标"):
        if r["项目名称"] in names:
            known.append(r)
        else:
            from difflib import get_close_matches  # only for a name that is not found

            close = get_close_matches(r["项目名称"], list(names), n=1, cutoff=0.6)
            hint = f"是不是“{close[0]}”？" if close else "请核对名称是否一字不差"
            out.append(error(book, "项目指标", cell(book, "项目指标", r, "项目名称"), "未知项目",
                             f"项目“{r['项目名称']}”不在“项目”表中：{hint}"))
    for r in scattered(known, lambda r: r["项目名称"]):
        out.append(error(book, "项目指标", cell(book, "项目指标", r, "项目名称"), "指标不连续",
                         f"项目“{r['项目名称']}”的指标行被其他项目隔开：同一项目的行请排在一起"))
    for r in scattered(known, lambda r: (r["项目名称"], r["一级指标"])):
        out.append(error(book, "项目指标", cell(book, "项目指标", r, "一级指标"), "一级指标不连续",
                         f"项目“{r['项目名称']}”的“{r['一级指标']}”各行没有排在一起：同一一级指标的行请相邻，"
                         "表中才能合并单元格"))
    with_rows = {r["项目名称"] for r in known}
    for name, r in names.items():
        if name not in with_rows:
            out.append(error(book, "项目", cell(book, "项目", r, "项目名称"), "项目无指标",
                             f"项目“{name}”在“项目指标”表中没有任何指标"))
    return out


@rule("整体绩效指标")
def department_groups_together(book: dict) -> list[Finding]:
    """整体绩效指标: the rows of one 一级指标 stand together (their cell is merged)."""
    return [
        error(book, "整体绩效指标", cell(book, "整体绩效指标", r, "一级指标"), "一级指标不连续",
              f"“{r['一级指标']}”各行没有排在一起：同一一级指标的行请相邻，表中才能合并单元格")
        for r in scattered(records(book, "整体绩效指标"), lambda r: r["一级指标"])
    ]


@rule("整体绩效指标", "项目指标")
def indicator_levels(book: dict) -> list[Finding]:
    """一级/二级 from the allowed sets, each 二级 under its own 一级; comparisons need numbers."""
    out = []
    for sheet in ("整体绩效指标", "项目指标"):
        for r in records(book, sheet):
            first, second = r["一级指标"], r["二级指标"]
            allowed = allowed_second_levels(first)
            if not allowed:
                out.append(error(book, sheet, cell(book, sheet, r, "一级指标"), "一级指标",
                                 f"一级指标“{first}”不在允许的范围内：可填 {'、'.join(first_levels())}"))
            elif second not in allowed:
                out.append(error(book, sheet, cell(book, sheet, r, "二级指标"), "二级指标",
                                 f"二级指标“{second}”不属于一级指标“{first}”：可填 {'、'.join(allowed)}"))
            value = r["值"]
            if r.get("符号") and not is_number(value):
                percent = isinstance(value, str) and value.endswith("%") and is_number(value[:-1])
                fix = (f"请在“值”中填 {value[:-1]}，在“单位”中填 %（单元格格式设为“常规”）" if percent
                       else "比较需要数值，定性指标请把符号留空")
                out.append(error(book, sheet, cell(book, sheet, r, "值"), "指标值",
                                 f"填了符号“{r['符号']}”，值“{value}”却不是数字：{fix}"))
    return out


# ---- 国有资产 -------------------------------------------------------------------------


@rule("国有资产")
def asset_subrows(book: dict) -> list[Finding]:
    """A “其中” row must follow the row it belongs to."""
    rows = records(book, "国有资产")
    if rows and rows[0].get("其中项") == "是":
        return [error(book, "国有资产", cell(book, "国有资产", rows[0], "其中项"), "其中项",
                      "第一行不能是“其中”项：它应排在所属的那一行下面")]
    return []


# ---- warnings: publishable, but worth a second look ----------------------------------

COUNT_UNITS = {"人数": ("人", "人次", "名"), "次数": ("次", "场", "期"), "天数": ("天", "日")}


@rule("整体绩效指标", "项目指标")
def suspicious_indicator_values(book: dict) -> list[Finding]:
    """Percentages above 100 with = or ≥; a count whose unit is of another kind."""
    out = []
    for sheet in ("整体绩效指标", "项目指标"):
        for r in records(book, sheet):
            unit = (r.get("单位") or "").replace("％", "%")
            if unit == "%" and r.get("符号") in ("=", "＝", "≥", ">=") and is_number(r["值"]):
                if to_decimal(r["值"]) > 100:
                    out.append(error(book, sheet, cell(book, sheet, r, "值"), "百分比超过100",
                                     f"指标值 {r['符号']}{r['值']}% 超过 100%：请核对", "warning"))
            for word, units in COUNT_UNITS.items():
                if word in r["三级指标"] and unit and unit not in units:
                    out.append(error(book, sheet, cell(book, sheet, r, "单位"), "单位不符",
                                     f"三级指标“{r['三级指标']}”是{word}，单位却是“{unit}”："
                                     f"通常应为 {'、'.join(units)}", "warning"))
    return out


@rule("项目", "项目指标")
def projects_cover_output_and_satisfaction(book: dict) -> list[Finding]:
    """A project without any 产出 or any 满意度 indicator is unusual."""
    firsts: dict[str, set[str]] = {}
    for r in records(book, "项目指标"):
        firsts.setdefault(r["项目名称"], set()).add(r["一级指标"])
    out = []
    for r in records(book, "项目"):
        present = firsts.get(r["项目名称"])
        if not present:
            continue
        for needed in ("产出指标", "满意度指标"):
            if needed not in present:
                out.append(error(book, "项目", cell(book, "项目", r, "项目名称"), "指标不全",
                                 f"项目“{r['项目名称']}”没有{needed}：请核对", "warning"))
    return out


@rule("收支预算", "项目")
def project_expense_without_projects(book: dict) -> list[Finding]:
    """项目支出 > 0 with an empty 项目 sheet: publishable (some departments publish no
    project's targets), but the document then names no project."""
    projects = budget_rows(book, "支出").get("项目支出")
    if projects is None or not projects["本年"] or records(book, "项目"):
        return []
    return [error(book, "收支预算", cell(book, "收支预算", projects, "本年"), "项目支出无项目",
                  f"项目支出 {fmt(projects['本年'])} 万元，“项目”表却没有填写任何项目：文档中没有项目绩效目标表。"
                  "请在“项目”表中逐个填写项目及其绩效指标；"
                  "不公开项目绩效目标的部门可以不填", "warning")]


@rule("收支预算", "项目")
def projects_without_project_expense(book: dict) -> list[Finding]:
    """Projects listed while 项目支出 is 0: the document would say projects have targets and
    that they cost nothing."""
    projects = budget_rows(book, "支出").get("项目支出")
    listed = records(book, "项目")
    if projects is None or projects["本年"] is None or projects["本年"] != 0 or not listed:
        return []
    return [error(book, "收支预算", cell(book, "收支预算", projects, "本年"), "项目支出为0却有项目",
                  f"项目支出为 0，“项目”表却填写了 {len(listed)} 个项目：文档会既说这些项目编制了绩效目标，"
                  "又说项目支出0万元。请核对项目支出，或删去这些项目", "warning")]


ZERO_WITH_WORDS = (  # (sheet, amount key, its name, its description's key, what the document then says)
    ("机关运行经费", "本年", "机关运行经费本年数", "主要用途", "机关运行经费预算0万元，主要用于……"),
    ("国有资产说明", "拟购置固定资产金额", "拟购置固定资产金额", "拟购置固定资产说明",
     "拟购置固定资产总额为0万元，主要为……"),
)


@rule("机关运行经费", "国有资产说明")
def zero_amounts_with_descriptions(book: dict) -> list[Finding]:
    """An amount of 0 whose description is filled in: the sentence describes nothing."""
    out = []
    for sheet, amount, named, words, printed in ZERO_WITH_WORDS:
        record = (records(book, sheet) or [{}])[0]  # a key/value sheet's one record
        if record.get(amount) == 0 and record.get(words):
            out.append(error(book, sheet, kv_cell(book, sheet, words), "金额为0却有说明",
                             f"{named}为 0，却填写了{words}：文档会印出“{printed}”。请核对金额，或删去{words}",
                             "warning"))
    return out


@rule("国有资产")
def assets_left_blank(book: dict) -> list[Finding]:
    """Rows of 国有资产 without any 数量 or 价值: the document says the assets are worth 0."""
    rows = records(book, "国有资产")
    if not rows or any(r.get("数量") is not None or r.get("价值") is not None for r in rows):
        return []
    return [error(book, "国有资产", cell(book, "国有资产", rows[0], "数量"), "资产未填",
                  "国有资产表的数量和价值都没有填写：文档会说上年末固定资产金额为 0 万元、表中各项为空。"
                  "请填写实际的数量和价值，没有的填 0", "warning")]


@rule("项目指标")
def repeated_indicators(book: dict) -> list[Finding]:
    """The same indicator row twice in one project (a copy-paste slip)."""
    out, seen = [], {}
    fields = ("项目名称", "一级指标", "二级指标", "三级指标", "指标描述", "符号", "值", "单位", "确定依据")
    for r in records(book, "项目指标"):
        key = tuple(r.get(f) for f in fields)
        if key in seen:
            out.append(error(book, "项目指标", cell(book, "项目指标", r, "三级指标"), "重复指标",
                             f"与第{seen[key]}行完全相同：同一项目的指标重复填写了，请删除一行", "warning"))
        else:
            seen[key] = r["_row"]
    return out


@rule("收支预算")
def budget_unchanged_from_last_year(book: dict) -> list[Finding]:
    """Every 本年 equal to its 上年: usually a rolled-over workbook not yet updated."""
    rows = [r for r in records(book, "收支预算") if r["本年"] is not None and r["上年"] is not None]
    if len(rows) >= 2 and all(r["本年"] == r["上年"] for r in rows):
        return [error(book, "收支预算", cell(book, "收支预算", rows[0], "本年"), "与上年相同",
                      "本年预算数与上年完全相同：如果这是从去年结转（rollover）的工作簿，"
                      "请把标黄的本年数改为本年预算", "warning")]
    return []


@rule("政府采购")
def procurement_price_times_quantity(book: dict) -> list[Finding]:
    """政府采购: 数量 × 单价 should be the row's 合计 of funding sources."""
    out = []
    for r in records(book, "政府采购"):
        if r["数量"] is None or r["单价"] is None:
            continue
        funded = total(r[s] for s in PROCUREMENT_SOURCES)
        if r["数量"] * r["单价"] != funded:
            out.append(error(book, "政府采购", cell(book, "政府采购", r, "单价"), "采购金额",
                             mismatch("数量×单价", r["数量"] * r["单价"], "各资金来源合计", funded),
                             "warning"))
    return out


@rule("政府采购", "收支预算")
def procurement_within_its_sources(book: dict) -> list[Finding]:
    """政府采购: each funding source's total at most the incomes of 收支预算 that count
    towards it (the published procurement table would name money the department has not)."""
    out, sheet = [], "政府采购"
    rows = records(book, sheet)
    if not sources_known(book):
        return out
    for source in PROCUREMENT_SOURCES:
        paying = [r for r in rows if r[source]]
        spent = total(r[source] for r in paying)
        income, where = income_towards(book, source)
        if spent > income:
            cells = " + ".join(f"{cell(book, sheet, r, source)} {fmt(r[source])}" for r in paying)
            out.append(error(book, sheet, cell(book, sheet, paying[0], source), "采购资金来源",
                             mismatch(f"政府采购的{source}" + (f"合计（{cells}）" if len(paying) > 1 else ""),
                                      spent, where, income, "＞")
                             + f"：采购资金不能多于部门这一来源的收入；{how_incomes_count(source)}"))
    return out


# ---- 上年: all or nothing, and what a new department leaves empty -------------------


def _last_year_cells(book: dict) -> list[tuple[str, dict, str]]:
    """(sheet, record, field) of every 上年 the workbook can hold."""
    out = [("收支预算", r, "上年") for r in records(book, "收支预算")]
    out += [("三公经费", r, "上年") for r in records(book, "三公经费")]
    out += [("机关运行经费", r, "上年") for r in records(book, "机关运行经费")]
    return out


@rule("基本信息", "收支预算", "三公经费", "机关运行经费")
def new_department_has_no_last_year(book: dict) -> list[Finding]:
    """新设部门 = 是: no 上年 anywhere; otherwise no 上年 anywhere is worth a warning."""
    info = records(book, "基本信息")
    new = bool(info) and info[0].get("新设部门") == "是"
    filled = [(s, r, f) for s, r, f in _last_year_cells(book) if r.get(f) is not None]
    if new:
        return [error(book, s, kv_cell(book, s, f) if "_row" not in r else cell(book, s, r, f), "新设部门",
                      "基本信息中“新设部门”填了“是”，这里却填了上年数：新设部门没有上年预算，请把上年留空"
                      "（或把“新设部门”改为“否”）") for s, r, f in filled]
    if not filled:
        return [error(book, "收支预算", "", "没有上年数",
                      "整个工作簿没有填写任何上年数，文档将不作比上年增减的说明：如果本部门是本年新设的，"
                      "请在基本信息中把“新设部门”填为“是”；否则请填写各表的上年数", "warning")]
    return []


def _partial(book: dict, sheet: str, rows: list[dict], what: str) -> list[Finding]:
    """Some of a group's 上年 filled and some not: the total cannot be compared."""
    empty = [r for r in rows if r.get("上年") is None]
    if not empty or len(empty) == len(rows):
        return []
    return [error(book, sheet, cell(book, sheet, r, "上年"), "上年不全",
                  f"{what}的上年数有的填了、有的没填：合计无法与上年比较。请补上“{r['项目']}”的上年数"
                  "（上年没有这项就填 0）；新设部门则全部留空") for r in empty]


@rule("收支预算", "三公经费")
def last_year_all_or_nothing(book: dict) -> list[Finding]:
    """Within 收入, 支出 and the four 三公 items, 上年 is filled for all or for none."""
    out = _partial(book, "收支预算", list(budget_rows(book, "收入").values()), "收入各来源")
    expense = budget_rows(book, "支出")
    parts = [expense[n] for n in ("人员经费", "公用经费") if n in expense]
    given_base = expense.get("基本支出", {}).get("上年") is not None
    out += _partial(book, "收支预算", [r for r in parts if not given_base] + (
        [expense["项目支出"]] if "项目支出" in expense else []), "支出")
    sangong = [r for r in records(book, "三公经费") if r["项目"] in SANGONG_ITEMS]
    out += _partial(book, "三公经费", sangong, "“三公”经费四项")
    return out


@rule("基本信息")
def place_word_known(book: dict) -> list[Finding]:
    """县直/市直/区直 comes from 地区 (or is given as 部门层级)."""
    info = records(book, "基本信息")
    if info and not place_word(info[0]["地区"], info[0].get("部门层级")):
        return [error(book, "基本信息", kv_cell(book, "基本信息", "地区"), "部门层级",
                      f"无法从地区“{info[0]['地区']}”看出是县、市还是区：请在基本信息中加一行“部门层级”，"
                      "填“县直”“市直”或“区直”等")]
    return []


@rule("收支预算", "三公经费", "机关运行经费")
def reasons_without_a_change(book: dict) -> list[Finding]:
    """A typed 增减原因 for a figure that did not change, or has no 上年, is not printed."""
    out = []
    for sheet, r, _ in _last_year_cells(book):
        reason = r.get("增减原因")
        if not reason:
            continue
        current = r.get("本年")
        if sheet == "收支预算" and r["项目"] == "基本支出" and current is None:
            current = base_expense(budget_rows(book, "支出"), "本年")
        worded = change(current, r.get("上年"), reason, "上年")
        where = kv_cell(book, sheet, "增减原因") if "_row" not in r else cell(book, sheet, r, "增减原因")
        name = r.get("项目") or sheet
        if not worded["方向"]:
            out.append(error(book, sheet, where, REASON_NOT_PRINTED,
                             f"“{name}”没有上年数，不作比较，填写的增减原因不会印出：请补上年数或删去原因",
                             "warning"))
        elif worded["方向"] == SAME:
            out.append(error(book, sheet, where, REASON_NOT_PRINTED,
                             f"“{name}”与上年持平，持平不写原因，填写的增减原因不会印出：请核对金额或删去原因",
                             "warning"))
    return out


@rule("基本信息")
def basis_without_its_own_ending(book: dict) -> list[Finding]:
    """公开依据 is printed as "按照{公开依据}规定": typed with 规定 it would read 规定规定."""
    info = records(book, "基本信息")
    basis = (info[0].get("公开依据") or "") if info else ""
    if basis.rstrip("。，, ").endswith("规定"):
        return [error(book, "基本信息", kv_cell(book, "基本信息", "公开依据"), "公开依据",
                      f"公开依据“{basis}”以“规定”结尾，文中会印成“按照……规定规定”：请只填文件名，"
                      "如“《预算法》、《地方预决算公开操作规程》”", "warning")]
    return []
