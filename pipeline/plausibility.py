"""Warnings for figures a county department is unlikely to have: most often a workbook
filled in 元 instead of 万元.

The thresholds are data (``LIMITS``, documented in docs/validation.md). Each rule reports
its problem once per sheet, at the first (or the largest) cell that shows it, with the
number of amounts that share it: a workbook filled in 元 gives a handful of warnings, not
one per cell. Any 上年 may be empty (a new department): only given figures are compared.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .budget import SANGONG_ITEMS, base_expense, budget_rows, records, total
from .checks import cell, error, kv_cell, rule
from .errors import Finding
from .figures import fmt
from .workbook_format import BY_NAME, SHEETS


class Limits(NamedTuple):  # a record of settings: a tuple is made faster than a dataclass
    # 收入合计 or 支出合计 of one department (万元): a whole county's general budget is
    # 10^5–10^6 万元 and 10^4 万元 is already a large department, so 10^5 (10 亿元) in one
    # department is a county's whole budget, or 元 typed as 万元.
    department_total: Decimal = Decimal(100_000)
    # any single amount of 机关运行经费, 三公经费, 政府采购, 国有资产, 国有资产说明 (万元):
    # no single figure of a department exceeds what its whole budget plausibly is.
    single_amount: Decimal = Decimal(100_000)
    # the four 三公 items together (万元): usually below 100 万元 for a department; five
    # times that leaves room for a large one.
    sangong_total: Decimal = Decimal(500)
    # 本年 against 上年 of one figure (either way): budgets do not grow or shrink tenfold
    # in a year; one year typed in 元 and the other in 万元 differ ten-thousandfold.
    year_ratio: Decimal = Decimal(10)
    # every non-zero amount of 收支预算 a whole multiple of this: whole 万元 figures
    # typed in 元 (3300000 for 330 万元).
    yuan_multiple: Decimal = Decimal(10_000)


LIMITS = Limits()
YEARS = ("本年", "上年")
UNIT = "金额单位应为万元："
DIVIDE = "请核对；按元填写的金额请除以 10000 改为万元"
ROW_NAMES = ("项目", "采购物品名称")  # the field that names a row of a table with amounts
# sheets whose amounts are checked one by one; 收支预算 is bounded by its totals instead
SINGLE_AMOUNT_SHEETS = tuple(
    s.name for s in SHEETS
    if s.name != "收支预算" and any(c.kind == "amount" for c in s.columns + s.keys)
)


def _amounts(book: dict, sheet: str, fields: tuple[str, ...] | None = None) -> list[tuple[str, str, Decimal]]:
    """(cell, what it is, amount) of a sheet's given amounts in reading order; ``fields``
    limits the columns (or keys) looked at."""
    spec = BY_NAME[sheet]
    items = spec.keys if spec.kind == "kv" else spec.columns
    names = [c.header for c in items if c.kind == "amount" and (fields is None or c.header in fields)]
    if spec.kind == "kv":
        return [(kv_cell(book, sheet, n), n, r[n]) for r in records(book, sheet) for n in names
                if r[n] is not None]
    out = []
    for r in records(book, sheet):
        label = next((r[f] for f in ROW_NAMES if r.get(f)), None)
        out += [(cell(book, sheet, r, n), f"“{label}”的{n}" if label else f"“{n}”", r[n])
                for n in names if r[n] is not None]
    return out


def _count(n: int, what: str = "个金额") -> str:
    return f"（本表共 {n} {what}如此）" if n > 1 else ""


# ---- sizes --------------------------------------------------------------------------


@rule("收支预算")
def department_too_large(book: dict) -> list[Finding]:
    """收入合计 or 支出合计 beyond a county department's size (本年, then 上年)."""
    income, expense = budget_rows(book, "收入"), budget_rows(book, "支出")
    for year in YEARS:
        totals = {"收入合计": total(r[year] for r in income.values())}
        base, projects = base_expense(expense, year), expense.get("项目支出", {}).get(year)
        if base is not None and projects is not None:
            totals["支出合计"] = base + projects
        name, amount = max(totals.items(), key=lambda item: item[1])
        if amount > LIMITS.department_total:
            column = [(where, value) for where, field, value in _amounts(book, "收支预算", (year,))]
            where = max(column, key=lambda item: item[1])[0]
            return [error(book, "收支预算", where, "金额过大",
                          f"{UNIT}{year}{name} {fmt(amount)} 万元，超过一个县级部门预算的合理规模"
                          f"（{fmt(LIMITS.department_total)} 万元），像是按“元”填写的：{DIVIDE}", "warning")]
    return []


def _large_amounts(book: dict, sheet: str) -> list[tuple[str, str, Decimal]]:
    return [a for a in _amounts(book, sheet) if a[2] > LIMITS.single_amount]


def _single_amounts_rule(sheet: str) -> Callable[[dict], list[Finding]]:
    def single_amounts_too_large(book: dict) -> list[Finding]:
        """One amount of the sheet beyond a department's whole plausible budget."""
        large = _large_amounts(book, sheet)
        if not large:
            return []
        where, field, amount = large[0]
        return [error(book, sheet, where, "金额过大",
                      f"{UNIT}{field} {fmt(amount)} 万元超过 {fmt(LIMITS.single_amount)} 万元，"
                      f"一个县级部门不大可能有这样的数额，像是按“元”填写的{_count(len(large))}：{DIVIDE}",
                      "warning")]
    return single_amounts_too_large


for _sheet in SINGLE_AMOUNT_SHEETS:
    rule(_sheet)(_single_amounts_rule(_sheet))


@rule("三公经费")
def sangong_too_large(book: dict) -> list[Finding]:
    """The four 三公 items together beyond a department's usual 三公 (unless one amount
    is already reported as too large)."""
    if _large_amounts(book, "三公经费"):
        return []
    items = [r for r in records(book, "三公经费") if r["项目"] in SANGONG_ITEMS]
    for year in YEARS:
        amount = total(r[year] for r in items)
        if amount > LIMITS.sangong_total:
            biggest = max((r for r in items if r[year] is not None), key=lambda r: r[year])
            return [error(book, "三公经费", cell(book, "三公经费", biggest, year), "金额过大",
                          f"{UNIT}{year}“三公”经费合计 {fmt(amount)} 万元，超过 {fmt(LIMITS.sangong_total)} 万元"
                          f"（一个部门的“三公”经费通常不到 100 万元），像是按“元”填写的：{DIVIDE}", "warning")]
    return []


@rule("收支预算", "三公经费")
def sangong_above_base_expense(book: dict) -> list[Finding]:
    """本年 三公 (four items) larger than 本年 基本支出, which mostly pays for it."""
    base = base_expense(budget_rows(book, "支出"), "本年")
    items = [r for r in records(book, "三公经费") if r["项目"] in SANGONG_ITEMS]
    amount = total(r["本年"] for r in items)
    if base is None or not items or amount <= base:
        return []
    biggest = max(items, key=lambda r: r["本年"])
    return [error(book, "三公经费", cell(book, "三公经费", biggest, "本年"), "三公大于基本支出",
                  f"{UNIT}本年“三公”经费合计 {fmt(amount)} 万元大于本年基本支出 {fmt(base)} 万元，"
                  "而“三公”经费通常只是基本支出的一小部分：请核对两张表是否都以万元填写", "warning")]


# ---- 本年 against 上年 ---------------------------------------------------------------


def _pairs(book: dict, sheet: str) -> list[tuple[str, str, Decimal | None, Decimal | None]]:
    """(cell, name, 本年, 上年) of each figure the sheet compares with last year; the cell is
    本年's, or 上年's where 本年 is left to be computed."""
    if sheet == "机关运行经费":
        return [(kv_cell(book, sheet, "本年"), "机关运行经费", r["本年"], r["上年"]) for r in records(book, sheet)]
    expense = budget_rows(book, "支出") if sheet == "收支预算" else {}
    out = []
    for r in records(book, sheet):
        this, last = r["本年"], r["上年"]
        if r is expense.get("基本支出"):  # 基本支出 may be left to 人员经费 + 公用经费
            this, last = base_expense(expense, "本年"), base_expense(expense, "上年")
        typed = "本年" if r["本年"] is not None else "上年"  # point at a filled cell
        out.append((cell(book, sheet, r, typed), r["项目"], this, last))
    return out


def _times(a: Decimal, b: Decimal) -> str:
    return fmt((a / b).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _year_ratio_rule(sheet: str) -> Callable[[dict], list[Finding]]:
    def this_year_tenfold_last_year(book: dict) -> list[Finding]:
        """本年 more than ten times 上年, or less than a tenth of it."""
        far = [(where, name, this, last) for where, name, this, last in _pairs(book, sheet)
               if this and last and not 1 / LIMITS.year_ratio <= this / last <= LIMITS.year_ratio]
        if not far:
            return []
        where, name, this, last = far[0]
        if this > last:
            how = f"是上年 {fmt(last)} 万元的 {_times(this, last)} 倍"
        else:
            how = f"只有上年 {fmt(last)} 万元的 1/{_times(last, this)}"
        return [error(book, sheet, where, "本年与上年相差悬殊",
                      f"{UNIT}“{name}”本年 {fmt(this)} 万元{how}（相差超过 {fmt(LIMITS.year_ratio)} 倍）"
                      f"{_count(len(far), '项')}，像是其中一年按“元”填写的：请核对本年和上年是否都以万元填写",
                      "warning")]
    return this_year_tenfold_last_year


for _sheet in ("收支预算", "机关运行经费", "三公经费"):
    rule(_sheet)(_year_ratio_rule(_sheet))


# ---- the shape of the figures -------------------------------------------------------


@rule("收支预算")
def whole_ten_thousands(book: dict) -> list[Finding]:
    """Every non-zero amount of 收支预算 a whole multiple of 10 000: 元 typed as 万元."""
    given = [(where, value) for where, _, value in _amounts(book, "收支预算") if value]
    if not given or any(value % LIMITS.yuan_multiple for _, value in given):
        return []
    where, value = given[0]
    return [error(book, "收支预算", where, "元当万元",
                  f"{UNIT}收支预算的 {len(given)} 个非零金额都是 {fmt(LIMITS.yuan_multiple)} 的整数倍"
                  f"（如 {fmt(value)}），像是把按“元”的金额填成了万元：{DIVIDE}", "warning")]


@rule("收支预算")
def last_year_all_zero(book: dict) -> list[Finding]:
    """Every given 上年 of 收支预算 is 0 while 本年 is not: a new department typed 0s."""
    rows = records(book, "收支预算")
    last = [r for r in rows if r["上年"] is not None]
    if not last or any(r["上年"] for r in last) or not any(r["本年"] for r in rows):
        return []
    return [error(book, "收支预算", cell(book, "收支预算", last[0], "上年"), "上年全为0",
                  "上年金额都是 0，本年却有预算：如果本部门是本年新设的，请把各表的上年留空（不要填 0），"
                  "并在“基本信息”表中把“新设部门”填为“是”；否则请填写上年预算数", "warning")]
