"""Every 增加/减少/持平 sentence: how a change against last year is worded.

One engine for every template. For one figure (this year, last year, the typed reason)
it gives the direction, the amount, the rate, and the typed reason only where it
explains a change. For a total built from items (三公, 收入 by source, 支出 by kind) it
names each item that moved with its own direction and reason, so an unchanged total
whose items moved never reads "无增减变化". The rules, with an example each, are in
docs/wording.md; the sentences are built here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .figures import figure, fmt

UNIT = "万元"
RISE, FALL, SAME, NEW = "增加", "减少", "持平", "新增"
# a typed reason that already starts like a reason is printed as typed; any other is
# introduced with 主要原因是
REASON_STARTS = ("主要", "原因", "由于", "因为", "因", "系", "是因为", "用于")
REASON_TRIM = "。；;，,. 　"
NOTHING_ELSE = "我部门无其他需要说明的事项。"  # 其他需要说明的事项 when the workbook leaves 其他说明 empty
PLACE_WORDS = {"县": "县直", "市": "市直", "区": "区直", "旗": "旗直", "州": "州直", "盟": "盟直"}


def direction(current: Decimal, previous: Decimal) -> str:
    """增加 / 减少 / 持平, or 新增 when last year was 0."""
    if current == previous:
        return SAME
    if previous == 0:
        return NEW
    return RISE if current > previous else FALL


UNDER_HUNDREDTH = "不足0.01"  # a percentage that is not 0 but rounds to 0.00 ("增长不足0.01%")


def percent(value: Decimal) -> str:
    """A percentage with two decimals, half-up; one that is not 0 but would round to 0.00
    is "不足0.01", so that no sentence calls a real change or share "0.00%"."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return UNDER_HUNDREDTH if value and not rounded else format(rounded, "f")


def rate(current: Decimal, previous: Decimal) -> str:
    """The change in percent of last year (:func:`percent`; "" when last year is 0)."""
    if previous == 0:
        return ""
    return percent(abs(current - previous) / previous * 100)


def reason_phrase(reason: str | None) -> str:
    """A typed reason as a clause: "主要为人员经费支出" as typed, "人员增加" → "主要原因是人员增加"."""
    text = (reason or "").strip().rstrip(REASON_TRIM).strip()
    if not text:
        return ""
    return text if text.startswith(REASON_STARTS) else f"主要原因是{text}"


def change(current: Decimal | None, previous: Decimal | None, reason: str | None,
           last_year: str) -> dict[str, Any]:
    """The worded change of one figure (see docs/wording.md); all "" without a last year."""
    alone = {"变动项": "", "其中": "", "其中有原因": False}  # a total fills these in
    if current is None or previous is None:
        return {"方向": "", "金额": "", "百分比": "", "比率": "", "文字": "", "原因": "",
                "比上年": "", "较上年预算": "", "句子": "", "全部持平": False, **alone}
    way = direction(current, previous)
    amount = figure(abs(current - previous))
    change_rate = rate(current, previous) if way in (RISE, FALL) else ""
    text = SAME if way == SAME else f"{way}{amount}{UNIT}"
    because = reason_phrase(reason) if way != SAME else ""
    if way == SAME:
        versus, versus_budget = f"与{last_year}年持平", f"与{last_year}年预算持平"
    else:
        versus, versus_budget = f"比{last_year}年{text}", f"较{last_year}年预算{text}"
    return {
        "方向": way,
        "金额": amount,
        "百分比": change_rate,
        "比率": f"{'增长' if way == RISE else '下降'}{change_rate}%" if change_rate else "",
        "文字": text,
        "原因": because,
        "比上年": versus,
        "较上年预算": versus_budget,
        "句子": f"{versus}，{because}" if because else versus,
        "全部持平": way == SAME,
        **alone,
    }


def item_clause(name: str, worded: dict[str, Any]) -> str:
    """One moved item inside a total's sentence: "公务接待费减少2万元，主要原因是……"."""
    clause = f"{name}{worded['文字']}"
    return f"{clause}，{worded['原因']}" if worded["原因"] else clause


def group_change(total: dict[str, Any], items: Sequence[tuple[str, dict[str, Any]]],
                 last_year: str) -> dict[str, Any]:
    """The worded change of a total built from items (name, worded change of the item).

    Adds 变动项 (each moved item with its own direction and reason, "；"-separated),
    其中 ("其中：" + 变动项), 其中有原因, 全部持平, and a 句子 that names the moved items:
    "比2020年增加2万元，其中：A增加4万元，……；B减少2万元" / "与2020年持平，其中：……" /
    "与2020年持平，无增减变化"; the template writes the subject ("“三公”经费总额"). A total
    without a last year stays without a sentence.
    """
    worded = dict(total)
    moved = [(name, w) for name, w in items if w["方向"] not in ("", SAME)]
    listed = "；".join(item_clause(name, w) for name, w in moved)
    worded["变动项"] = listed
    worded["其中"] = f"其中：{listed}" if listed else ""
    worded["其中有原因"] = any(w["原因"] for _, w in moved)
    worded["全部持平"] = bool(worded["方向"] == SAME and not moved)
    if not worded["方向"]:
        worded["句子"] = ""
    elif worded["全部持平"]:
        worded["句子"] = f"与{last_year}年持平，无增减变化"
    elif worded["方向"] == SAME:
        worded["句子"] = f"与{last_year}年持平，{worded['其中']}"
    else:  # the total's own reason (if typed) first, then the items that moved
        worded["句子"] = "，".join(p for p in (worded["句子"], worded["其中"]) if p)
    return worded


def no_last_year(new_department: bool, year: str) -> str:
    """The neutral sentence printed instead of a comparison when there is no last year."""
    if new_department:
        return f"本部门为{year}年新设部门，无上年预算数，不作增减比较"
    return "无上年可比数据，不作增减比较"


def place_word(region: str, given: str | None = None) -> str | None:
    """县直 / 市直 / 区直 … for the 地区 (永清县 → 县直), unless the workbook names one."""
    if given:
        return given
    region = (region or "").strip()
    return PLACE_WORDS.get(region[-1:]) if region else None


# ---- the standard tables (公开表): shares and empty tables ------------------------------


def share(part: Decimal, whole: Decimal) -> str:
    """``part`` in percent of ``whole``, two decimals half-up, as :func:`rate` rounds
    ("" when ``whole`` is 0); the shares of a total may add up to 100.01 or 99.99."""
    if not whole:
        return ""
    return percent(part / whole * 100)


def share_list(items: Sequence[tuple[str, Decimal]], whole: Decimal, shares: bool = True) -> str:
    """"A X万元，占p%；B Y万元，占q%" (or "A X万元、B Y万元" without ``shares``) for the items
    of a total as a published explanation lists them."""
    if not shares:
        return "、".join(f"{name}{fmt(value)}{UNIT}" for name, value in items)
    parts = []
    for name, value in items:
        of_whole = share(value, whole)
        parts.append(f"{name}{fmt(value)}{UNIT}" + (f"，占{of_whole}%" if of_whole else ""))
    return "；".join(parts)


def no_money(department: str, year: str, what: str) -> str:
    """"某某局2022年无政府性基金预算拨款安排的支出": why a standard table is empty."""
    return f"{department}{year}年无{what}"


def empty_note(department: str, year: str, what: str | None) -> str:
    """The standard note printed with an empty table (:func:`no_money` + 故本表为空表)."""
    return f"{no_money(department, year, what or '')}，故本表为空表。"
