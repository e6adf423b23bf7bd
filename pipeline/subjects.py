"""The structure of budget subject codes (科目编码), as data.

支出功能分类 (政府收支分类科目) has three levels whose codes grow by two digits — 类 3 digits
(201), 款 5 (20103), 项 7 (2010301); 部门预算支出经济分类 has 类 3 (301) and 款 5 (30101). The
code lists change a little every year, so only the structure is declared here; names come
from the workbook.

Each income row of 收支预算 counts towards one funding source (资金来源) of 支出功能分类: the
one its 资金来源 cell names, else the one the words of its name tell (“一般公共预算收入” →
一般公共预算拨款, see workbook_format.INCOME_SOURCE_WORDS); a name without such words, or with
words of two sources, tells none (validation asks for 资金来源).
"""

from __future__ import annotations

from decimal import Decimal

from .budget import SANGONG_ITEMS
from .workbook_format import (
    FUNDING_SOURCES,
    GENERAL_BASE,
    INCOME_SOURCE_WORDS,
    SOURCE_COLUMN,
    words_of,
)

# digits of a code → the level's name, per classification
FUNCTION_LEVELS: dict[int, str] = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS: dict[int, str] = {3: "类", 5: "款"}

# the amount columns of 支出功能分类 that roll up plainly (一般公共预算拨款中的基本支出 is derived
# where blank, see general_base)
FUNCTION_AMOUNTS = ("基本支出", "项目支出", *FUNDING_SOURCES)
GENERAL = FUNDING_SOURCES[0]  # 一般公共预算拨款
ECONOMIC_AMOUNTS = ("人员经费", "公用经费")  # the amount columns of 基本支出经济分类

# 经济分类 类 whose 款 are 人员经费 (the rest of 基本支出 is 公用经费)
STAFF_CLASSES = ("301", "303")

# 经济分类 款 → the “三公” item that includes it (三公 covers 财政拨款 of 基本 and 项目支出, so
# the 款 of 基本支出 can be at most the item)
SANGONG_CODES: dict[str, str] = dict(zip(("30212", "31013", "30231", "30217"), SANGONG_ITEMS))


# a code column's kind (pipeline/workbook_format.py) → the levels of its classification
CODE_KINDS: dict[str, dict[int, str]] = {"function_code": FUNCTION_LEVELS, "economic_code": ECONOMIC_LEVELS}
SAMPLE_CODES = ("2010301", "30101")  # one code of the lowest level of each, for messages
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def code_text(value: object) -> object:
    """A 科目编码 cell as its digits: a whole number typed as a number (2010301, 2010301.0) is
    its digits, text is trimmed with full-width digits made plain; anything else (a number
    with a decimal part, a logical value) is returned as it is, for :func:`code_problem`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) or (isinstance(value, (float, Decimal)) and value == int(value)):
        return str(int(value))
    if isinstance(value, str):
        return value.strip().translate(FULLWIDTH_DIGITS)
    return value


def code_problem(value: object, levels: dict[int, str]) -> str | None:
    """Why a 科目编码 cell is not a code of the classification ``levels``, or None."""
    code = code_text(value)
    if isinstance(code, str) and level_of(code, levels):
        return None
    lengths = "、".join(f"{name}{n}位" for n, name in levels.items())
    sample = next(c for c in SAMPLE_CODES if len(c) == max(levels))
    rule = f"科目编码是{lengths}数字，如 {'、'.join(sample[:n] for n in levels)}"
    if isinstance(value, bool):
        return f"是逻辑值 {'TRUE' if value else 'FALSE'}：{rule}"
    if isinstance(code, (float, Decimal)):
        return f"{value} 带有小数部分：{rule}"
    if isinstance(code, str) and code.isascii() and code.isdigit():
        return f"“{code}”是{len(code)}位数字：{rule}"
    return f"“{value}”含有数字以外的字符：{rule}"


def level_of(code: str, levels: dict[int, str]) -> str | None:
    """类/款/项 of a well-formed code, None for a code of another length or not all digits."""
    if not code.isascii() or not code.isdigit():
        return None
    return levels.get(len(code))


def parent_of(code: str) -> str | None:
    """The code one level up (20103 → 201), None for a 类."""
    return code[:-2] if len(code) > 3 else None


def sources_named(name: str) -> list[str]:
    """The funding sources whose words (workbook_format.INCOME_SOURCE_WORDS) an income's name has."""
    return [source for source, words in INCOME_SOURCE_WORDS.items() if any(w in name for w in words)]


def source_of_income(record: dict) -> str | None:
    """The funding source an income row of 收支预算 counts towards: its 资金来源, else the one
    source its name's words tell; None when neither tells (no such word, or words of two)."""
    if record.get(SOURCE_COLUMN):
        return record[SOURCE_COLUMN]
    named = sources_named(record["项目"])
    return named[0] if len(named) == 1 else None


def income_rule(source: str) -> str:
    """How an income of 收支预算 counts towards ``source``, for messages:
    “资金来源填“基金预算拨款”（或未填而名称含“政府性基金”“基金预算”）的收入”."""
    return f"{SOURCE_COLUMN}填“{source}”（或未填而名称含{words_of(source)}）的收入"


def children_of(rows: list[dict]) -> dict[str, list[dict]]:
    """The rows under each code (a 类's key is its code, "" holds the 类 themselves); a row whose
    parent is not listed sits under that parent's code all the same."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(parent_of(row["科目编码"]) or "", []).append(row)
    return out


def classes(rows: list[dict]) -> list[dict]:
    """The 类 among rows of a 科目 sheet (codes of 3 digits)."""
    return [row for row in rows if len(row["科目编码"]) == 3]


def rolled_up(records: list[dict], columns: tuple[str, ...], levels: dict[int, str]) -> list[dict]:
    """The rows of a 科目 sheet in code order, each a copy with "级次" (类/款/项) and, for each of
    ``columns``, its amount — a blank amount of a row with children is the sum of its children's
    (themselves rolled up first), a blank amount of a row without children is 0.

    Rows whose code is malformed are left out (validation refuses them); an amount given on a
    row with children is kept as given (validation compares it with the children's sum).
    """
    rows = {}
    for record in records:
        code = str(record.get("科目编码") or "").strip()
        if level_of(code, levels) is not None and code not in rows:
            rows[code] = {**record, "科目编码": code, "级次": levels[len(code)]}
    children = children_of(list(rows.values()))
    for code in sorted(rows, key=len, reverse=True):  # deepest level first
        row = rows[code]
        for column in columns:
            if row.get(column) is None:
                row[column] = sum((child[column] for child in children.get(code, ())), Decimal(0))
    return [rows[code] for code in sorted(rows)]


def general_base_bounds(row: dict) -> tuple[Decimal, Decimal]:
    """The least and the most 一般公共预算拨款中的基本支出 a row of 支出功能分类 can have, from its
    基本支出, 项目支出 and 一般公共预算拨款 (blank = 0): at most 一般公共预算拨款 and at most
    基本支出; at least what of 一般公共预算拨款 项目支出 cannot take (一般公共预算拨款 − 项目支出).
    (The row's sources are taken to sum to 基本支出 + 项目支出, which validation checks.)"""
    base, projects, general = (row.get(c) or Decimal(0) for c in ("基本支出", "项目支出", GENERAL))
    return max(Decimal(0), general - projects), min(general, base)


def general_base(row: dict) -> Decimal | None:
    """一般公共预算拨款中的基本支出 of one row of 支出功能分类: as given, else the one value the
    row's other amounts leave — 0 where the row has no 一般公共预算拨款 or no 基本支出, all of
    基本支出 where 一般公共预算拨款 is its only source, all of 一般公共预算拨款 where it has no
    项目支出 — else None: a row with 一般公共预算拨款 and another source and both 基本支出 and
    项目支出 must give it (the split of 一般公共预算拨款 between 基本支出 and 项目支出 is then
    not in the other figures).

    ``row`` holds amounts as Decimal or None (blank); for a row with children use the rows
    of :func:`function_rows`, whose blank amounts are already summed from the children.
    """
    given = row.get(GENERAL_BASE)
    if given is not None:
        return given
    least, most = general_base_bounds(row)
    return least if least == most else None


def function_rows(records: list[dict]) -> list[dict]:
    """The rows of 支出功能分类 as :func:`rolled_up` gives them, with 一般公共预算拨款中的基本支出
    filled in too: as given; on a row without children as :func:`general_base` determines it;
    on a row with children the sum of theirs. None where it is neither given nor determined
    (validation refuses such a row, so a valid workbook has no None)."""
    rows = rolled_up(records, FUNCTION_AMOUNTS, FUNCTION_LEVELS)
    children = children_of(rows)
    for row in sorted(rows, key=lambda r: len(r["科目编码"]), reverse=True):  # deepest level first
        if row.get(GENERAL_BASE) is not None:
            continue
        below = children.get(row["科目编码"])
        if below is None:
            row[GENERAL_BASE] = general_base(row)
        elif all(child[GENERAL_BASE] is not None for child in below):
            row[GENERAL_BASE] = sum((child[GENERAL_BASE] for child in below), Decimal(0))
        else:
            row[GENERAL_BASE] = None
    return rows
