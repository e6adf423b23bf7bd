"""Amounts: Decimal in, exact text out (changes are worded in pipeline/wording.py).

Amounts are 万元 with at most 6 decimal places (one 分 = 0.000001 万元). They are
printed as entered: no float noise, no padding (3308.233094, 13.545, 0).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_PLACES = 6  # one 分 is 0.000001 万元
# below it, every number of a workbook and any sum of them stay exact in Decimal's 28 digits
TOO_LARGE = Decimal(10) ** 12  # 1 万亿 (of 万元: 10^16 元)
FULLWIDTH = str.maketrans("０１２３４５６７８９．－，＋", "0123456789.-,+")
CN_DIGITS = "零一二三四五六七八九"
THOUSANDS = r"-?\d{1,3}(,\d{3})+(\.\d+)?"  # 1,234.5 (commas only between thousands)


class NotANumber(ValueError):
    pass


def to_decimal(value: object) -> Decimal:
    """A cell value as Decimal: numbers as Excel shows them, text with full-width digits.

    Raises NotANumber for anything that is not a plain number (such as "约13万元").
    """
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel shows 15 significant digits: 0.30000000000000004 (a formula's 0.1+0.2) is 0.3
        return Decimal(format(value, ".15g"))
    text = str(value).translate(FULLWIDTH).strip()
    if "," in text:
        if not re.fullmatch(THOUSANDS, text):
            raise NotANumber(str(value))
        text = text.replace(",", "")
    if not text or any(c in text for c in "eEnN_ "):  # no exponents, NaN, inf or spacing
        raise NotANumber(str(value))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NotANumber(str(value)) from None
    if not number.is_finite():
        raise NotANumber(str(value))
    return number


def is_number(value: object) -> bool:
    try:
        to_decimal(value)
    except NotANumber:
        return False
    return True


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def fmt(number: Decimal | None) -> str:
    """Print an amount as entered: 3308.233094, 13.545, 0 (never 0.000 or 1E+2)."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class Figure(str):
    """An amount of the context as printed (fmt's text), marked as a number: a template
    compares, sorts and takes the largest of figures by their value, never as texts
    ("908.86" > "1530.2"); see render._Environment.compare."""

    __slots__ = ()


def figure(number: Decimal | None) -> str:
    """An amount for the context: fmt's text marked as a :class:`Figure`; "" for none."""
    return "" if number is None else Figure(fmt(number))


NUMBER_TEXT = r"-?\d+(\.\d+)?"  # a number as fmt prints it, or as a template writes one


def value_of(value: object) -> Decimal | None:
    """A figure, a number or a text such as "0" or "12.5" as Decimal (a comparison's
    operand); None for anything else, true and false too."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str) and re.fullmatch(NUMBER_TEXT, value):
        return Decimal(value)
    return None


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for （一）-style numbering, n < 100)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")
