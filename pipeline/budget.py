"""The budget sheet's figures as the rules, the context and rollover all read them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal


def records(book: dict, sheet: str) -> list[dict]:
    return book["sheets"][sheet]["records"]


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
