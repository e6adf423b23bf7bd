"""How a template compares, orders and adds amounts (figures).

Amounts are texts in the context (figures.Figure, printed as typed), so Python would order
"908.86" above "1530.2" and never find "0" == 0. The render's environment (render.py)
sends every comparison of a template (template_bounds' compiled ``a < b``), every
comparison test (``selectattr('本年', 'gt', 0)``), sort, max, min and a list's own sort()
through :func:`by_value`, which compares figures by their value and refuses to order one
against a word or a blank; sum refuses texts. The comparisons a sort or max makes are
counted as steps of the render first (pipeline.template_bounds).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from jinja2 import pass_environment
from jinja2.exceptions import TemplateRuntimeError
from jinja2.filters import ignore_case, make_attrgetter, make_multi_attrgetter

from .figures import Figure, value_of
from .template_bounds import COMPARISONS, budget


class TemplateMistake(TemplateRuntimeError):
    """What a template cannot do with its data, told in Chinese (not one of Jinja's messages)."""


SYMBOLS = {"eq": "==", "ne": "!=", "lt": "<", "lteq": "<=", "gt": ">", "gteq": ">="}
COMPARISON_TESTS = {  # Jinja's tests of each comparison, as in selectattr('本年', 'gt', 0)
    "eq": ("==", "eq", "equalto"), "ne": ("!=", "ne"), "lt": ("<", "lt", "lessthan"), "lteq": ("<=", "le"),
    "gt": (">", "gt", "greaterthan"), "gteq": (">=", "ge")}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def by_value(op: str, left: Any, right: Any) -> Any:
    """A template's comparison: a figure (an amount of the context, a text) with another or
    with a number by their value, "908.86" < "1530.2" and "0" == 0; other texts as texts (names,
    codes). A figure or number is not ordered against a word or a blank (a 上年 not filled in):
    told, never a text order nor a silent false."""
    if not (isinstance(left, Figure) or isinstance(right, Figure) or _is_number(left) or _is_number(right)):
        return COMPARISONS[op](left, right)
    a, b = value_of(left), value_of(right)
    if a is not None and b is not None:
        return COMPARISONS[op](a, b)
    word = left if a is None else right
    if op in ("eq", "ne") or not isinstance(word, str):
        return COMPARISONS[op](left, right)  # a figure equals no word; Undefined and the like tell their own
    why = ("一边是空的（没有填写的金额，如没有上年数时的“上年”）：请先用 有上年 判断是否有数" if not word.strip()
           else f"“{word}”不是数")
    raise TemplateMistake(f"模板比较“{left}” {SYMBOLS[op]} “{right}”的大小，{why}；金额只能与金额或数比较大小")


class ByValue:
    """A sort key ordered as a template compares (figures by their value)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: ByValue) -> Any:
        return by_value("lt", self.key, other.key)

    def __gt__(self, other: ByValue) -> Any:
        return by_value("gt", self.key, other.key)

    def __eq__(self, other: object) -> Any:
        return isinstance(other, ByValue) and by_value("eq", self.key, other.key)

    __hash__ = None  # type: ignore[assignment]


def _case(value: Any) -> Any:
    """Jinja's sort and max ignore case: not a figure's (lower() would make it a plain text)."""
    return value if isinstance(value, Figure) else ignore_case(value)


def count_comparisons(count: int, sorting: bool = True) -> None:
    """Counts the comparisons ordering ``count`` items takes (about n·log₂n for a sort, n for
    the largest) as steps of the render, before they are made: each is a call of Python here,
    not C's, and a sort of a huge list would otherwise run far past the render's time limit."""
    budget().step(count * max(1, count.bit_length()) if sorting else count, "call")


@pass_environment
def _sort(environment: Any, value: Any, reverse: bool = False, case_sensitive: bool = False,
          attribute: str | int | None = None) -> list[Any]:
    """Jinja's sort, figures by their value."""
    items = list(value)
    count_comparisons(len(items))
    key = make_multi_attrgetter(environment, attribute, postprocess=None if case_sensitive else _case)
    return sorted(items, key=lambda item: [ByValue(k) for k in key(item)], reverse=reverse)


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    @pass_environment
    def extreme(environment: Any, value: Any, case_sensitive: bool = False, attribute: str | int | None = None) -> Any:
        """Jinja's max or min, figures by their value."""
        items = list(value)
        if not items:
            return environment.undefined("No aggregated item, sequence was empty.")
        count_comparisons(len(items), sorting=False)
        key = make_attrgetter(environment, attribute, postprocess=None if case_sensitive else _case)
        return pick(items, key=lambda item: ByValue(key(item)))

    return extreme


@pass_environment
def _sum(environment: Any, iterable: Any, attribute: str | int | None = None, start: Any = 0) -> Any:
    """Jinja's sum, refusing texts: amounts are texts, which it cannot add (the totals are
    in the context)."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    items = list(iterable)
    texts = [item for item in items if isinstance(item, str)]
    if texts:
        shown = "、".join(f"“{text}”" for text in texts[:3]) + ("……" if len(texts) > 3 else "")
        raise TemplateMistake(f"模板用 sum 相加{shown}：金额、年度等是文字，不能相加；"
                              "需要的合计已经算好（如 三公经费.合计.本年，见 docs/template.md）")
    return sum(items, start)


def _test(op: str) -> Callable[[Any, Any], Any]:
    return lambda value, other: by_value(op, value, other)


FILTERS = {"sort": _sort, "max": _extreme(max), "min": _extreme(min), "sum": _sum}  # in place of Jinja's
TESTS = {name: _test(op) for op, names in COMPARISON_TESTS.items() for name in names}
