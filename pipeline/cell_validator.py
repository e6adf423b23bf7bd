"""The rules of one cell as cerberus checks them, with the clerk's Chinese messages.

Validation (pipeline/validate.py) passes most rows by the fast path of pipeline/row_checks.py;
only a row in doubt comes here, so a workbook without problems never loads cerberus (with
what it imports, a sixth of a single run). The fast path may only say "valid" where this
validator would too: tests/test_row_checks.py holds it to that.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cerberus import Validator

from .characters import text_problem
from .figures import MAX_PLACES, TOO_LARGE, NotANumber, decimal_places, fmt, is_number, to_decimal
from .subjects import CODE_KINDS, code_problem

EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA")


class SheetValidator(Validator):
    """Cerberus with the workbook's own rules; messages are the clerk's Chinese."""

    def _validate_amount(self, constraint, field, value):
        """{'type': 'boolean'}"""
        number = self._non_negative(constraint, field, value, "金额", "金额只填数字（单位万元），如 13.5")
        if number is not None and decimal_places(number) > MAX_PLACES:
            self._error(field, f"金额 {number} 超过6位小数：以万元为单位时最小到分（0.000001万元）")

    def _validate_quantity(self, constraint, field, value):
        """{'type': 'boolean'}"""
        self._non_negative(constraint, field, value, "数量", "数量只填数字，如 3")

    def _non_negative(self, constraint, field, value, what: str, hint: str) -> Decimal | None:
        """The value as a number ≥ 0, or None after reporting why it is not one."""
        if not constraint or value is None or _excel_error(self, field, value):
            return None
        try:
            number = to_decimal(value)
        except NotANumber:
            self._error(field, f"“{value}”不是数字：{hint}")
            return None
        if number < 0:
            self._error(field, f"{what} {fmt(number)} 是负数：{what}不能为负")
            return None
        if number >= TOO_LARGE:
            self._error(field, _too_large(what, number))
            return None
        return number

    def _validate_year(self, constraint, field, value):
        """{'type': 'boolean'}"""
        if not constraint or value is None:
            return
        try:
            year = to_decimal(value)
        except NotANumber:
            year = None
        if year is None or year != int(year) or not 2000 <= year <= 2100:
            self._error(field, f"“{value}”不是年份：填四位数字，如 2021")

    def _validate_xml_safe(self, constraint, field, value):
        """{'type': 'boolean'}"""
        if constraint and _excel_error(self, field, value):
            return
        if constraint and isinstance(value, str) and (problem := text_problem(value)):
            self._error(field, problem)

    def _validate_subject_code(self, constraint, field, value):
        """{'type': 'string'}"""
        if value is None or _excel_error(self, field, value):
            return
        problem = code_problem(value, CODE_KINDS[constraint])
        if problem:
            self._error(field, problem)

    def _validate_indicator_value(self, constraint, field, value):
        """{'type': 'boolean'}"""
        if not constraint:
            return
        if isinstance(value, bool):
            self._error(field, f"是逻辑值 {'TRUE' if value else 'FALSE'}：请填数值或定性文字")
        elif isinstance(value, str):
            self._validate_xml_safe(True, field, value)
        elif is_number(value) and abs(to_decimal(value)) >= TOO_LARGE:
            self._error(field, _too_large("数值", to_decimal(value)))
        elif is_number(value) and decimal_places(to_decimal(value)) > MAX_PLACES:
            self._error(field, f"数值 {to_decimal(value)} 超过6位小数：请保留到合理的位数（常见于公式算出的值）")


def _too_large(what: str, number: Decimal) -> str:
    """"“本年”是 13 位数 1000000000000，太大：…" (a number of many digits by their count)."""
    digits = number.adjusted() + 1
    shown = f"是 {digits} 位数 {fmt(number)}" if digits <= 20 else f"是一个 {digits} 位数"
    unit = "（万元）" if what == "金额" else ""
    return (f"{shown}，太大：{what}不能达到 {TOO_LARGE:,}{unit}；请核对是否多填了位数"
            + ("，或把按元的金额填成了万元" if what == "金额" else ""))


def _excel_error(validator: SheetValidator, field: str, value: Any) -> bool:
    """Report an Excel error value (#N/A, #DIV/0! …) left by a failed formula."""
    if isinstance(value, str) and value in EXCEL_ERRORS:
        validator._error(field, f"是 Excel 错误值 {value}（公式出错）：请修正公式或直接填写内容")
        return True
    return False
