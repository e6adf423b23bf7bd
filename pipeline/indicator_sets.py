"""Allowed indicator levels and comparison signs, kept as data.

A (一级, 二级) pair is accepted when any framework below lists it. Places and years use
different frameworks; add one here (a plain dict) rather than writing code.
"""

from __future__ import annotations

# 符号 of an indicator value. The ASCII spellings (>=, <=, >, <) are accepted as written,
# because published tables use them; they mean the same as ≥ ≤ ＞ ＜.
SYMBOLS: tuple[str, ...] = ("≥", "≤", "=", "＞", "＜", ">=", "<=", ">", "<", "＝")
PREFERRED_SYMBOLS = SYMBOLS[:5]  # offered in the blank workbook's drop-down

_OUTCOMES = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]

FRAMEWORKS: dict[str, dict[str, list[str]]] = {
    # 财政部项目支出绩效目标的经典框架（“效益指标”常写作“效果指标”）
    "经典框架": {
        "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": _OUTCOMES,
        "效果指标": _OUTCOMES,
        "满意度指标": ["服务对象满意度指标"],
    },
    # 财预〔2021〕101号：成本指标单列为一级指标
    "2021年框架": {
        "产出指标": ["数量指标", "质量指标", "时效指标"],
        "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
        "效益指标": _OUTCOMES,
        "满意度指标": ["服务对象满意度指标"],
    },
    # 部门整体支出绩效指标（如永清县 2021 年的样式）
    "部门整体": {
        "部门产出": ["数量", "质量", "时效", "成本"],
        "部门效果": ["经济效益", "社会效益", "生态效益", "可持续影响", "满意度"],
    },
}


def allowed_second_levels(first: str) -> list[str]:
    """Every 二级 that some framework lists under this 一级 (empty if the 一级 is unknown)."""
    seen: list[str] = []
    for framework in FRAMEWORKS.values():
        for second in framework.get(first, []):
            if second not in seen:
                seen.append(second)
    return seen


def second_levels() -> list[str]:
    """Every 二级 of every framework, in order of appearance."""
    seen: list[str] = []
    for framework in FRAMEWORKS.values():
        for seconds in framework.values():
            seen.extend(s for s in seconds if s not in seen)
    return seen


def first_levels() -> list[str]:
    seen: list[str] = []
    for framework in FRAMEWORKS.values():
        for first in framework:
            if first not in seen:
                seen.append(first)
    return seen
