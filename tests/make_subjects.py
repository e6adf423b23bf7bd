"""科目 sheets (支出功能分类, 基本支出经济分类) for a department of tests/make_departments.py.

``subject_sheets(dept)`` gives the two sheets as rows, consistent with the department's
收支预算: 基本支出 and 项目支出 summed over the 类 are the department's; each funding source's
column sums to the incomes that count towards it; all of 基本支出 is paid from
一般公共预算拨款, so 基本支出经济分类 splits 人员经费 and 公用经费 exactly as 收支预算 gives
them. The 功能分类 sheet lists 类, 款 and 项; 类 amounts are left blank (the tool sums them),
款 amounts of 20103 are typed (and equal their 项), and the one row that needs
一般公共预算拨款中的基本支出 (行政运行, with 单位资金 in 项目支出) gives it.

``write_with_subjects(dept, path)`` writes the department's workbook with both sheets;
``edit`` changes the rows first, for tests of one wrong cell. Two departments are named:
SUBJECTS (一般公共预算, 政府性基金 and 单位资金) and NO_FUND_OR_CAPITAL (一般公共预算 and
财政专户, neither 政府性基金 nor 国有资本经营 money: their tables are empty).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from make_departments import BAZHOU, QINGHE, Department, base_total, number, write_workbook

FUNCTION_HEADERS = ["科目编码", "科目名称", "基本支出", "项目支出", "一般公共预算拨款", "基金预算拨款",
                    "国有资本经营预算拨款", "财政专户核拨", "单位资金", "一般公共预算拨款中的基本支出"]
ECONOMIC_HEADERS = ["科目编码", "科目名称", "人员经费", "公用经费"]

# the income rows of the corpus by the funding source they count towards (the rest: 单位资金)
INCOME_SOURCES = {
    "一般公共预算拨款收入": "一般公共预算拨款",
    "政府性基金预算拨款收入": "基金预算拨款",
    "国有资本经营预算拨款收入": "国有资本经营预算拨款",
    "财政专户管理资金收入": "财政专户核拨",
}

NAMES = {
    "201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务", "2010301": "行政运行",
    "2010302": "一般行政管理事务", "2010350": "事业运行",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗",
    "212": "城乡社区支出", "21208": "国有土地使用权出让收入安排的支出", "2120803": "城市建设支出",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
    "223": "国有资本经营预算支出", "22301": "解决历史遗留问题及改革成本支出",
    "2230199": "其他解决历史遗留问题及改革成本支出",
    "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30108": "机关事业单位基本养老保险缴费",
    "30113": "住房公积金", "302": "商品和服务支出", "30201": "办公费", "30211": "差旅费", "30205": "水费",
    "303": "对个人和家庭的补助", "30302": "退休费",
}

SUBJECTS = QINGHE
NO_FUND_OR_CAPITAL = BAZHOU
Rows = dict[str, list[list]]


def text(amount: Decimal) -> str:
    """An amount as a clerk types it: no padding zeros."""
    return format(amount.normalize(), "f") if amount else "0"


def share(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(Decimal("0.000001"), rounding=ROUND_DOWN)


def source_totals(dept: Department) -> dict[str, Decimal]:
    totals = dict.fromkeys(FUNCTION_HEADERS[4:9], Decimal(0))
    for income in dept.income:
        totals[INCOME_SOURCES.get(income.name, "单位资金")] += Decimal(income.this)
    return totals


def function_leaves(dept: Department) -> dict[str, dict[str, Decimal]]:
    """The 项 of 支出功能分类: code → column → amount (blank columns absent)."""
    base, projects = base_total(dept, "this"), Decimal(dept.projects_expense.this)
    sources = source_totals(dept)
    general = sources["一般公共预算拨款"]
    assert general >= base, f"{dept.name}: 基本支出 is not all 一般公共预算拨款"
    pension, medical, housing = share(base, 12), share(base, 6), share(base, 8)
    running = base - pension - medical - housing
    own = sources["单位资金"]
    leaves = {
        "2010301": {"基本支出": running, "项目支出": own, "一般公共预算拨款": running, "单位资金": own,
                    "一般公共预算拨款中的基本支出": running},
        "2010302": {"项目支出": general - base, "一般公共预算拨款": general - base},
        "2010350": {"项目支出": sources["财政专户核拨"], "财政专户核拨": sources["财政专户核拨"]},
        "2080505": {"基本支出": pension, "一般公共预算拨款": pension},
        "2101101": {"基本支出": medical, "一般公共预算拨款": medical},
        "2120803": {"项目支出": sources["基金预算拨款"], "基金预算拨款": sources["基金预算拨款"]},
        "2210201": {"基本支出": housing, "一般公共预算拨款": housing},
        "2230199": {"项目支出": sources["国有资本经营预算拨款"],
                    "国有资本经营预算拨款": sources["国有资本经营预算拨款"]},
    }
    if not own:  # without 单位资金, 行政运行 is 基本支出 only and its split is not typed
        leaves["2010301"] = {"基本支出": running, "一般公共预算拨款": running}
    assert sum(sum(v.get(c, Decimal(0)) for v in leaves.values()) for c in ("基本支出", "项目支出")) \
        == base + projects, dept.name
    return {code: {c: v for c, v in row.items() if v} for code, row in leaves.items()
            if row.get("基本支出") or row.get("项目支出")}


def economic_leaves(dept: Department) -> dict[str, dict[str, Decimal]]:
    """The 款 of 基本支出经济分类: 人员经费 in 301 and 303, 公用经费 in 302."""
    staff, office = Decimal(dept.staff.this), Decimal(dept.office.this)
    wages, allowances, pension, housing = (share(staff, p) for p in (40, 25, 12, 8))
    offices, travel = share(office, 30), share(office, 20)
    leaves = {
        "30101": {"人员经费": wages}, "30102": {"人员经费": allowances}, "30108": {"人员经费": pension},
        "30113": {"人员经费": housing},
        "30201": {"公用经费": offices}, "30205": {"公用经费": office - offices - travel},
        "30211": {"公用经费": travel},
        "30302": {"人员经费": staff - wages - allowances - pension - housing},
    }
    return {code: row for code, row in leaves.items() if any(row.values())}


def _with_parents(leaves: dict[str, dict], levels: tuple[int, ...]) -> list[str]:
    codes = set(leaves)
    for code in leaves:
        codes.update(code[:n] for n in levels if n < len(code))
    return sorted(codes)


def subject_sheets(dept: Department) -> Rows:
    """Both 科目 sheets as rows (row 1 the header); amounts as text, exactly."""
    leaves = function_leaves(dept)
    function = [list(FUNCTION_HEADERS)]
    for code in _with_parents(leaves, (3, 5)):
        amounts = leaves.get(code, {})
        if code == "20103":  # a 款 with its amounts typed, equal to its 项
            below = [row for c, row in leaves.items() if c.startswith(code)]
            amounts = {h: sum((r.get(h, Decimal(0)) for r in below), Decimal(0)) for h in FUNCTION_HEADERS[2:9]}
            amounts = {h: v for h, v in amounts.items() if v}
        function.append([code, NAMES[code], *(text(amounts[h]) if h in amounts else None
                                              for h in FUNCTION_HEADERS[2:])])
    economic = [list(ECONOMIC_HEADERS)]
    eleaves = economic_leaves(dept)
    for code in _with_parents(eleaves, (3,)):
        amounts = eleaves.get(code, {})
        economic.append([code, NAMES[code], *(text(amounts[h]) if h in amounts else None
                                              for h in ECONOMIC_HEADERS[2:])])
    return {"支出功能分类": function, "基本支出经济分类": economic}


def find_row(rows: list[list], code: str) -> int:
    """The index in ``rows`` of the row of a 科目编码 (its sheet row is the index + 1)."""
    return next(i for i, row in enumerate(rows) if row[0] == code)


def write_with_subjects(dept: Department, path: Path,
                        edit: Callable[[Rows], None] | None = None) -> Path:
    """The department's workbook with both 科目 sheets (changed by ``edit`` first, if given;
    a sheet ``edit`` deletes is left out)."""
    import openpyxl

    sheets = subject_sheets(dept)
    if edit is not None:
        edit(sheets)
    write_workbook(dept, path)
    book = openpyxl.load_workbook(path)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([_stored(i, v) for i, v in enumerate(row)])
    book.save(path)
    return path


def _stored(column: int, value):
    """Amounts (from the third column on) as the numbers Excel stores; the rest as typed."""
    if column >= 2 and isinstance(value, str):
        return number(value)
    return value
