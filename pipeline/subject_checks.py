"""Rules over the 科目 sheets (支出功能分类, 基本支出经济分类), registered with the others.

A 科目编码's own form (3/5/7 or 3/5 digits) is a cell's rule (pipeline/schemas.py); here:
the codes of a sheet are unique and every 款 and 项 has its 类 and 款 listed; a row with
children holds their sum (or is left blank), one without carries an amount; each row of
支出功能分类 spends what its funding sources give, and its 一般公共预算拨款中的基本支出 is
given where the other figures leave it open (pipeline.subjects.general_base); the sheets'
totals agree with 收支预算, and 基本支出经济分类 with the 一般公共预算拨款 of 基本支出.

A sheet whose codes are duplicated or lack a parent gets only those errors: its totals,
summed over a broken tree, would report differences that are not there.
"""

from __future__ import annotations

from .budget import base_expense, budget_rows, records, total
from .checks import cell, error, how_incomes_count, income_towards, mismatch, rule, sources_known
from .errors import Finding
from .figures import fmt
from .subjects import (
    ECONOMIC_AMOUNTS,
    ECONOMIC_LEVELS,
    FUNCTION_AMOUNTS,
    FUNCTION_LEVELS,
    GENERAL,
    SANGONG_CODES,
    STAFF_CLASSES,
    children_of,
    classes,
    function_rows,
    general_base_bounds,
    parent_of,
    rolled_up,
)
from .workbook_format import ECONOMIC_SHEET, FUNCTION_SHEET, FUNDING_SOURCES, GENERAL_BASE

LEVELS = {FUNCTION_SHEET: FUNCTION_LEVELS, ECONOMIC_SHEET: ECONOMIC_LEVELS}
AMOUNTS = {FUNCTION_SHEET: (*FUNCTION_AMOUNTS, GENERAL_BASE), ECONOMIC_SHEET: ECONOMIC_AMOUNTS}
BUDGET = "收支预算"


# ---- the tree of codes ---------------------------------------------------------------


def _named(row: dict, levels: dict[int, str]) -> str:
    """“项 2010301”, as the messages name a row."""
    return f"{levels[len(row['科目编码'])]} {row['科目编码']}"


def _code_problems(book: dict, sheet: str) -> list[Finding]:
    """Codes listed twice; a 款 or 项 whose 类 or 款 is not listed (each missing one once)."""
    levels, out = LEVELS[sheet], []
    rows = records(book, sheet)
    first: dict[str, dict] = {}
    for r in rows:
        code = r["科目编码"]
        if code in first:
            out.append(error(book, sheet, cell(book, sheet, r, "科目编码"), "科目编码重复",
                             f"{_named(r, levels)} 填了两次（另见第{first[code]['_row']}行）：每个科目只填一行"))
        else:
            first[code] = r
    told: set[str] = set()
    for r in rows:
        code = parent_of(r["科目编码"])
        while code is not None and code not in first and code not in told:
            told.add(code)
            out.append(error(book, sheet, cell(book, sheet, r, "科目编码"), "上级科目",
                             f"{_named(r, levels)} 的上级{levels[len(code)]} {code} 没有列出："
                             f"请加上{levels[len(code)]} {code} 一行（科目名称照当年科目填写），"
                             "或核对这一行的科目编码"))
            code = parent_of(code)
    return out


@rule(FUNCTION_SHEET)
def function_codes(book: dict) -> list[Finding]:
    """支出功能分类: codes unique, each 款 under a listed 类 and each 项 under a listed 款."""
    return _code_problems(book, FUNCTION_SHEET)


@rule(ECONOMIC_SHEET)
def economic_codes(book: dict) -> list[Finding]:
    """基本支出经济分类: codes unique, each 款 under a listed 类."""
    return _code_problems(book, ECONOMIC_SHEET)


def _tree(book: dict, sheet: str) -> list[dict] | None:
    """The sheet's rows rolled up (pipeline.subjects), or None when its codes are unsound."""
    rows = records(book, sheet)
    if _code_problems(book, sheet):
        return None
    if sheet == FUNCTION_SHEET:
        return function_rows(rows)
    return rolled_up(rows, ECONOMIC_AMOUNTS, ECONOMIC_LEVELS)


def _sums_hold(book: dict, sheet: str, tree: list[dict]) -> bool:
    """Every amount typed on a row with children is their sum (else the totals, which take
    the typed amount, would repeat that difference)."""
    typed = {r["_row"]: r for r in records(book, sheet)}
    children = children_of(tree)
    for row in tree:
        for column in AMOUNTS[sheet]:
            given = typed[row["_row"]].get(column)
            parts = [child.get(column) for child in children.get(row["科目编码"], ())]
            if parts and given is not None and None not in parts and given != total(parts):
                return False
    return True


def _funded(tree: list[dict]) -> bool:
    """Every row without children spends what its funding sources give (else the totals that
    row feeds would repeat its difference, each as a problem of its own)."""
    children = children_of(tree)
    return all(row["基本支出"] + row["项目支出"] == total(row[s] for s in FUNDING_SOURCES)
               for row in tree if row["科目编码"] not in children)


# ---- each row ------------------------------------------------------------------------


def _rows_and_children(book: dict, sheet: str) -> list[Finding]:
    """A row with children: each amount blank or their sum; a row without: some amount."""
    tree = _tree(book, sheet)
    if tree is None:
        return []
    levels, out = LEVELS[sheet], []
    children = children_of(tree)
    typed = {r["_row"]: r for r in records(book, sheet)}  # rolled-up rows hold sums where blank
    for row in tree:
        below = children.get(row["科目编码"])
        if below is None:
            out += _childless(book, sheet, row)
            continue
        lower = levels[len(below[0]["科目编码"])]
        for column in AMOUNTS[sheet]:
            given = typed[row["_row"]].get(column)
            parts = [child.get(column) for child in below]
            if given is None or None in parts:
                continue
            if given != total(parts):
                out.append(error(book, sheet, cell(book, sheet, row, column), "上下级不符",
                                 mismatch(f"{_named(row, levels)} 的{column}", given,
                                          f"下级各{lower}之和", total(parts))
                                 + f"：{row['级次']}行的金额可以留空，由程序加总；填了就要等于下级之和"))
    return out


def _childless(book: dict, sheet: str, row: dict) -> list[Finding]:
    """A row without children: of the sheet's lowest level (项 of 支出功能分类, 款 of
    经济分类), with some money."""
    levels = LEVELS[sheet]
    where, name = cell(book, sheet, row, "科目编码"), f"{_named(row, levels)}（{row['科目名称']}）"
    lowest = max(levels)
    if len(row["科目编码"]) < lowest:
        below = "、".join(levels[n] for n in levels if len(row["科目编码"]) < n)
        return [error(book, sheet, where, "科目级次",
                      f"{name}没有下级科目：{sheet}编列到{levels[lowest]}，金额填在{levels[lowest]}上，"
                      f"请在这一行下面列出它的{below}（编码以 {row['科目编码']} 开头），"
                      f"{row['级次']}行的金额可以留空")]
    amounts = [c for c in AMOUNTS[sheet] if c != GENERAL_BASE]
    if any(row.get(c) for c in amounts):
        return []
    typed = {r["_row"]: r for r in records(book, sheet)}[row["_row"]]
    if any(typed.get(c) is not None for c in amounts):
        return [error(book, sheet, where, "科目无金额",
                      f"{name}的金额都为0：没有资金的科目不必列出，请删去这一行"
                      "（留着会在部门收入总表、部门支出总表中印出一行0）")]
    return [error(book, sheet, where, "科目无金额",
                  f"{name}没有填写金额：请填写金额，或删除这一行")]


@rule(FUNCTION_SHEET)
def function_rows_and_children(book: dict) -> list[Finding]:
    """支出功能分类: 类/款 amounts blank or their children's sum; a 项 carries an amount."""
    return _rows_and_children(book, FUNCTION_SHEET)


@rule(ECONOMIC_SHEET)
def economic_rows_and_children(book: dict) -> list[Finding]:
    """基本支出经济分类: 类 amounts blank or their 款's sum; a 款 carries an amount."""
    return _rows_and_children(book, ECONOMIC_SHEET)


@rule(FUNCTION_SHEET)
def funding_of_each_row(book: dict) -> list[Finding]:
    """Each row without children: its funding sources sum to 基本支出 + 项目支出, and its
    一般公共预算拨款中的基本支出 is within what the other figures allow, given where they
    leave it open."""
    tree = _tree(book, FUNCTION_SHEET)
    if tree is None:
        return []
    sheet, out = FUNCTION_SHEET, []
    children = children_of(tree)
    for row in tree:
        if row["科目编码"] in children:
            continue  # a parent holds its children's sums, checked above
        name = f"{_named(row, FUNCTION_LEVELS)}（{row['科目名称']}）"
        spent, funded = row["基本支出"] + row["项目支出"], total(row[s] for s in FUNDING_SOURCES)
        if spent != funded:
            out.append(error(book, sheet, cell(book, sheet, row, GENERAL), "资金来源合计",
                             mismatch(f"{name}各资金来源之和", funded, "基本支出+项目支出", spent)))
        out += _general_base(book, row, name)
    return out


def _general_base(book: dict, row: dict, name: str) -> list[Finding]:
    sheet, where = FUNCTION_SHEET, cell(book, FUNCTION_SHEET, row, GENERAL_BASE)
    given = row[GENERAL_BASE]
    least, most = general_base_bounds(row)
    if given is None:
        return [error(book, sheet, where, "一般公共预算拨款中的基本支出",
                      f"{name}同时有一般公共预算拨款和其他资金来源，又同时有基本支出和项目支出："
                      f"“{GENERAL_BASE}”必须填写（一般公共预算拨款 {fmt(row[GENERAL])} 中用于基本支出的部分，"
                      f"不少于 {fmt(least)}、不多于 {fmt(most)}）")]
    out = []
    for bound, label in ((row[GENERAL], "一般公共预算拨款"), (row["基本支出"], "基本支出")):
        if given > bound:
            out.append(error(book, sheet, where, "一般公共预算拨款中的基本支出",
                             mismatch(f"{name}的{GENERAL_BASE}", given, label, bound, "＞")))
    if given < least:
        out.append(error(book, sheet, where, "一般公共预算拨款中的基本支出",
                         mismatch(f"{name}一般公共预算拨款中的项目支出（一般公共预算拨款 {fmt(row[GENERAL])} − "
                                  f"{GENERAL_BASE} {fmt(given)}）", row[GENERAL] - given,
                                  "项目支出", row["项目支出"], "＞")))
    return out


# ---- the sheets against 收支预算 -------------------------------------------------------


def _budget_cell(book: dict, item: str) -> str:
    """“C8” of an 支出 item's 本年 in 收支预算."""
    return cell(book, BUDGET, budget_rows(book, "支出").get(item), "本年")


def _base_source(book: dict) -> str:
    """Where 收支预算's 基本支出 comes from: its own cell, or 人员经费 + 公用经费."""
    given = budget_rows(book, "支出").get("基本支出", {}).get("本年")
    if given is not None:
        return f"{BUDGET}!{_budget_cell(book, '基本支出')} 基本支出"
    return f"{BUDGET}!{_budget_cell(book, '人员经费')}+{_budget_cell(book, '公用经费')} 人员经费+公用经费"


def _column(book: dict, sheet: str, header: str) -> str:
    return book["sheets"][sheet]["columns"].get(header, "")


@rule(FUNCTION_SHEET, BUDGET)
def function_reconciles_budget(book: dict) -> list[Finding]:
    """Σ 类 基本支出 and 项目支出 are 收支预算's; each funding source's Σ 类 is the incomes
    of 收支预算 that count towards it (pipeline.subjects.source_of_income)."""
    tree = _tree(book, FUNCTION_SHEET)
    if not tree or not _sums_hold(book, FUNCTION_SHEET, tree) or not _funded(tree):
        return []
    sheet, out = FUNCTION_SHEET, []
    top = classes(tree)
    expense = budget_rows(book, "支出")
    expected = {"基本支出": (base_expense(expense, "本年"), _base_source(book)),
                "项目支出": (expense.get("项目支出", {}).get("本年"),
                         f"{BUDGET}!{_budget_cell(book, '项目支出')} 项目支出")}
    for source in FUNDING_SOURCES if sources_known(book) else ():
        expected[source] = income_towards(book, source)
    for column, (amount, where) in expected.items():
        summed = total(row[column] for row in top)
        if amount is not None and summed != amount:
            how = f"：{how_incomes_count(column)}" if column in FUNDING_SOURCES else ""
            out.append(error(book, sheet, _column(book, sheet, column), "与收支预算核对",
                             mismatch(f"各类的{column}合计", summed, where, amount) + how))
    return out


@rule(ECONOMIC_SHEET, FUNCTION_SHEET)
def economic_needs_function(book: dict) -> list[Finding]:
    """基本支出经济分类 alone cannot be checked nor published: it splits the 一般公共预算拨款
    of 支出功能分类's 基本支出."""
    if records(book, ECONOMIC_SHEET) and not records(book, FUNCTION_SHEET):
        return [error(book, ECONOMIC_SHEET, "", "缺少支出功能分类",
                      f"填了“{ECONOMIC_SHEET}”，却没有“{FUNCTION_SHEET}”表（或它是空的）：经济分类是"
                      f"支出功能分类中一般公共预算拨款的基本支出的细分，要与它核对，公开表也要两张一起用。"
                      f"请补上“{FUNCTION_SHEET}”表，或删去“{ECONOMIC_SHEET}”表")]
    return []


@rule(ECONOMIC_SHEET, FUNCTION_SHEET, BUDGET)
def economic_reconciles(book: dict) -> list[Finding]:
    """Σ(人员经费 + 公用经费) = Σ 类 一般公共预算拨款中的基本支出; where all of 基本支出 is
    一般公共预算拨款, 人员经费 and 公用经费 are 收支预算's."""
    economic, function = _tree(book, ECONOMIC_SHEET), _tree(book, FUNCTION_SHEET)
    if not economic or not function or not _sums_hold(book, ECONOMIC_SHEET, economic) \
            or not _sums_hold(book, FUNCTION_SHEET, function) or not _funded(function):
        return []
    top, sheet = classes(function), ECONOMIC_SHEET
    general_base = [row[GENERAL_BASE] for row in top]
    if None in general_base:
        return []  # a row of 支出功能分类 lacks it: told there
    staff, office = (total(row[c] for row in classes(economic)) for c in ECONOMIC_AMOUNTS)
    column = _column(book, FUNCTION_SHEET, GENERAL_BASE)
    if staff + office != total(general_base):
        return [error(book, sheet, _column(book, sheet, "人员经费"), "与支出功能分类核对",
                      mismatch("各类的人员经费+公用经费合计", staff + office,
                               f"{FUNCTION_SHEET}!{column} 列各类的{GENERAL_BASE}合计", total(general_base)))]
    out = []
    if total(general_base) == total(row["基本支出"] for row in top):
        expense = budget_rows(book, "支出")
        for item, amount in zip(ECONOMIC_AMOUNTS, (staff, office)):
            given = expense.get(item, {}).get("本年")
            if given is not None and amount != given:
                out.append(error(book, sheet, _column(book, sheet, item), "与收支预算核对",
                                 mismatch(f"各类的{item}合计", amount, f"{BUDGET}!{_budget_cell(book, item)} {item}", given)
                                 + "：基本支出全部由一般公共预算拨款安排时，两者应相等"))
    return out


@rule(ECONOMIC_SHEET)
def staff_and_office_classes(book: dict) -> list[Finding]:
    """人员经费 outside the 类 of STAFF_CLASSES, or 公用经费 inside them: a warning, since
    provinces count some 款 differently."""
    tree = _tree(book, ECONOMIC_SHEET)
    if tree is None:
        return []
    sheet, out = ECONOMIC_SHEET, []
    children = children_of(tree)
    classes = "、".join(STAFF_CLASSES)
    for row in tree:
        if row["科目编码"] in children:
            continue
        staff_class = row["科目编码"][:3] in STAFF_CLASSES
        name = f"{_named(row, ECONOMIC_LEVELS)}（{row['科目名称']}）"
        if row["人员经费"] and not staff_class:
            out.append(error(book, sheet, cell(book, sheet, row, "人员经费"), "人员经费科目",
                             f"{name}填了人员经费 {fmt(row['人员经费'])}：人员经费通常只在类 {classes}"
                             "（工资福利支出、对个人和家庭的补助）中；各地口径不同，请核对", "warning"))
        if row["公用经费"] and staff_class:
            out.append(error(book, sheet, cell(book, sheet, row, "公用经费"), "公用经费科目",
                             f"{name}填了公用经费 {fmt(row['公用经费'])}：类 {classes}"
                             "（工资福利支出、对个人和家庭的补助）通常是人员经费；各地口径不同，请核对", "warning"))
    return out


@rule(ECONOMIC_SHEET, "三公经费")
def sangong_covers_its_economic_lines(book: dict) -> list[Finding]:
    """A 款 of 基本支出经济分类 that a “三公” item includes (pipeline.subjects.SANGONG_CODES)
    more than that item: a warning, since the sheets may be of different drafts."""
    tree = _tree(book, ECONOMIC_SHEET)
    if tree is None:
        return []
    sheet, out = ECONOMIC_SHEET, []
    items = {r["项目"]: r for r in records(book, "三公经费")}
    for row in tree:
        item = items.get(SANGONG_CODES.get(row["科目编码"], ""))
        if item is None or item["本年"] is None:
            continue
        spent = row["人员经费"] + row["公用经费"]
        if spent > item["本年"]:
            column = "公用经费" if row["公用经费"] else "人员经费"
            out.append(error(book, sheet, cell(book, sheet, row, column), "三公经费与经济分类",
                             mismatch(f"{_named(row, ECONOMIC_LEVELS)}（{row['科目名称']}）的一般公共预算基本支出", spent,
                                      f"三公经费!{cell(book, '三公经费', item, '本年')} {item['项目']}", item["本年"], "＞")
                             + "：“三公”经费包括财政拨款安排的基本支出和项目支出，经济分类中的这一款不应多于它；请核对",
                             "warning"))
    return out
