"""The budget sheet's figures as the rules, the context and rollover all read them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .workbook_format import FUNDING_SOURCES

EXPENSE_ITEMS = ("人员经费", "公用经费", "基本支出", "项目支出")
SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运维费", "公务接待费")
SANGONG_CARS = "公务用车购置及运维费"  # 公务用车购置费 + 公务用车运维费, as the tables and the text name it
SANGONG_EXTRAS = ("培训费", "会议费")  # published beside 三公 by some counties
PROCUREMENT_SOURCES = FUNDING_SOURCES
# each funding source by its published name, as the standard tables and their explanation print it
# (an income row of 收支预算 counts towards one source, see its 资金来源, see pipeline.subjects.source_of_income)
SOURCE_NAMES = dict(zip(FUNDING_SOURCES, ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款",
                                          "财政专户管理资金", "单位资金")))


def records(book: dict, sheet: str) -> list[dict]:
    """The sheet's records; none for an optional sheet the workbook leaves out."""
    data = book["sheets"].get(sheet)
    return data["records"] if data else []


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def budget_rows(book: dict, category: str) -> dict[str, dict]:
    return {r["项目"]: r for r in records(book, "收支预算") if r["类别"] == category}


def base_expense(rows: dict[str, dict], year: str) -> Decimal | None:
    """基本支出 of 本年 or 上年: as given, else 人员经费 + 公用经费."""
    given = rows.get("基本支出", {}).get(year)
    if given is not None:
        return given
    staff, office = rows.get("人员经费", {}).get(year), rows.get("公用经费", {}).get(year)
    if staff is None or office is None:
        return None
    return staff + office
