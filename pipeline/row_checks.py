"""The fast path of validation: a plain predicate per column, compiled from the format.

Most rows are valid, and cerberus spends most of validation re-checking them. Each
column's kind, requiredness and allowed values (pipeline/workbook_format.py) become one
small function here; a row all of whose cells pass is valid. A row with any doubt goes
to cerberus (pipeline/cell_validator.py), which alone words the messages — so the fast path
may only ever say "valid" where cerberus would too (a property test holds it to that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from .characters import text_problem
from .figures import MAX_PLACES, TOO_LARGE, NotANumber, decimal_places, to_decimal
from .subjects import CODE_KINDS, code_problem
from .workbook_format import FORMAT_BY_NAME, Column

Check = Callable[[Any], bool]
EXCEL_ERROR = r"#[A-Z/0!?]+[!?A-Z]*\Z"  # #N/A, #DIV/0!, #VALUE! … (all sent to cerberus)


def _excel_error(text: str) -> bool:
    return text[:1] == "#" and re.match(EXCEL_ERROR, text) is not None  # compiled when a text starts so


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and _excel_error(value):
        return None
    try:
        return to_decimal(value)
    except NotANumber:
        return None


def _amount(value: Any) -> bool:
    number = _number(value)
    return number is not None and 0 <= number < TOO_LARGE and decimal_places(number) <= MAX_PLACES


def _quantity(value: Any) -> bool:
    number = _number(value)
    return number is not None and 0 <= number < TOO_LARGE


def _year(value: Any) -> bool:
    number = _number(value)
    return number is not None and number == int(number) and 2000 <= number <= 2100


def _text(value: Any) -> bool:
    return isinstance(value, str) and text_problem(value) is None and not _excel_error(value)


def _indicator_value(value: Any) -> bool:
    if isinstance(value, str):
        return _text(value)
    number = _number(value)
    return number is not None and abs(number) < TOO_LARGE and decimal_places(number) <= MAX_PLACES


def _code(levels: dict[int, str]) -> Check:
    return lambda value: code_problem(value, levels) is None


KINDS: dict[str, Check] = {"text": _text, "amount": _amount, "quantity": _quantity, "int": _year,
                           "indicator_value": _indicator_value,
                           **{kind: _code(levels) for kind, levels in CODE_KINDS.items()}}


def column_check(column: Column) -> Check:
    """True only for a value cerberus accepts in this column."""
    kind = KINDS[column.kind]
    allowed = frozenset(column.allowed)
    required = column.required

    def check(value: Any) -> bool:
        if value is None:
            return not required
        if allowed and value not in allowed:
            return False
        return kind(value)
    return check


@cache
def row_check(sheet_name: str) -> Callable[[dict], bool]:
    """True only for a record (table row) cerberus accepts as a whole."""
    return _all_of(FORMAT_BY_NAME[sheet_name].columns)


@cache
def key_check(sheet_name: str) -> Callable[[dict], bool]:
    """True only for a key/value sheet's document (every key of the sheet, a missing one as
    None) that cerberus accepts as a whole."""
    return _all_of(FORMAT_BY_NAME[sheet_name].keys)


def _all_of(columns: tuple[Column, ...]) -> Callable[[dict], bool]:
    checks = [(c.header, column_check(c)) for c in columns]

    def check(record: dict) -> bool:
        for header, test in checks:
            if not test(record.get(header)):
                return False
        return True
    return check
