from decimal import Decimal

import pytest

from pipeline.figures import NotANumber, cn_number, decimal_places, fmt, to_decimal
from pipeline.wording import change


@pytest.mark.parametrize(
    "value, expected",
    [
        (952.56377, "952.56377"),  # a float read from Excel, via its shortest repr
        (0.1 + 0.2, "0.3"),  # a formula's float noise: Excel shows 15 significant digits
        (952.56376999999998, "952.56377"),
        ("1,234.5", "1234.5"),  # thousands separators
        ("１３．５", "13.5"),  # full-width digits typed in a text cell
        (" 3308.233094 ", "3308.233094"),
        (2021, "2021"),
    ],
)
def test_to_decimal(value, expected):
    assert str(to_decimal(value)) == expected


@pytest.mark.parametrize("value", ["约13万元", "", "1e3", "NaN", "12 3", True, "1,3,.545", "13,5"])
def test_to_decimal_refuses_non_numbers(value):
    with pytest.raises(NotANumber):
        to_decimal(value)


def test_fmt_prints_amounts_as_entered():
    assert fmt(Decimal("13.545") - Decimal("13.545")) == "0"
    assert fmt(Decimal("3308.233094") - Decimal("2871.516773")) == "436.716321"
    assert fmt(Decimal("100")) == "100"
    assert fmt(Decimal("1.500")) == "1.5"
    assert fmt(None) == ""


def test_change_wording():
    assert change(Decimal("3308.233094"), Decimal("2871.516773"), None, "2020")["文字"] == "增加436.716321万元"
    assert change(Decimal("1086.054294"), Decimal("1125.384073"), None, "2020")["文字"] == "减少39.329779万元"
    same = change(Decimal("13.545"), Decimal("13.545"), "车辆老旧", "2020")
    assert (same["方向"], same["句子"], same["比率"]) == ("持平", "与2020年持平", "")
    new = change(Decimal("5"), Decimal("0"), "新设岗位", "2020")
    assert (new["句子"], new["比率"]) == ("比2020年新增5万元，主要原因是新设岗位", "")


def test_decimal_places():
    assert decimal_places(Decimal("0.0000001")) == 7
    assert decimal_places(Decimal("12.500000")) == 1


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (34, "三十四")])
def test_cn_number(n, text):
    assert cn_number(n) == text
