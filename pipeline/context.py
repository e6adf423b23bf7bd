"""Stage 3, build the context: everything the template prints, derived from the clean data.

Totals, 增加/减少/持平 wording, the numbering of items and tables and the merge groups
of indicator tables are computed here, never typed in the workbook. The context is
plain JSON-able data: strings, lists and dicts with Chinese keys, so that a template
reads ``{{ 部门简称 }}`` or ``{% for 项目 in 项目表 %}``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .budget import (
    PROCUREMENT_SOURCES,
    SANGONG_EXTRAS,
    SANGONG_ITEMS,
    base_expense,
    budget_rows,
    total,
)
from .figures import change, cn_number, fmt, is_number, to_decimal

UNIT = "万元"


def build_context(book: dict) -> dict[str, Any]:
    """The template's context for one clean workbook (see docs/template.md)."""
    sheets = book["sheets"]
    info = _kv(sheets["基本信息"])
    year = int(to_decimal(info["年度"]))
    context: dict[str, Any] = {
        "部门简称": info["部门简称"],
        "单位全称": info["单位全称"],
        "地区": info["地区"],
        "年度": str(year),
        "上年": str(year - 1),
        "公开依据": info["公开依据"],
        "金额单位": UNIT,
        "部门职责": _paragraphs(sheets["部门职责"]),
        "机构设置": [_strip(r) for r in sheets["机构设置"]["records"]],
    }
    last = str(year - 1)
    context.update(_budget(book, last))
    context["机关运行经费"] = _running_costs(_kv(sheets["机关运行经费"]), last)
    context["三公经费"] = _sangong(sheets["三公经费"]["records"], last)
    context["整体绩效"] = _performance(sheets)
    context["整体绩效指标"] = _indicator_groups(sheets["整体绩效指标"]["records"])
    context["项目表"] = _projects(sheets["项目"]["records"], sheets["项目指标"]["records"])
    context["政府采购"] = _procurement(sheets["政府采购"]["records"])
    context["国有资产"] = _assets(sheets["国有资产"]["records"], _kv(sheets["国有资产说明"]), year)
    context["名词解释"] = [
        {"序号": str(i), "名词": r["名词"], "解释": r["解释"]}
        for i, r in enumerate(sheets["名词解释"]["records"], start=1)
    ]
    context["其他说明"] = _paragraphs(sheets["其他说明"])
    return context


# ---- helpers -------------------------------------------------------------------------


def _kv(data: dict) -> dict[str, Any]:
    return data["records"][0] if data["records"] else {}


def _strip(record: dict) -> dict:
    """A record without its bookkeeping, empty cells as ""."""
    return {k: ("" if v is None else v) for k, v in record.items() if not k.startswith("_")}


def _paragraphs(data: dict) -> list[str]:
    return [r["段落"] for r in data["records"] if r.get("段落")]


def _figure(current: Decimal | None, previous: Decimal | None, reason: str | None,
            last_year: str) -> dict:
    """An amount with last year's and the worded change (when last year is known)."""
    figure = {"本年": fmt(current), "上年": fmt(previous), "增减原因": reason or ""}
    if current is None or previous is None:
        figure["增减"] = {"方向": "", "金额": "", "文字": "", "比上年": ""}
        return figure
    worded = change(current, previous, UNIT)
    worded["比上年"] = (f"与{last_year}年持平" if worded["方向"] == "持平"
                      else f"比{last_year}年{worded['文字']}")
    figure["增减"] = worded
    return figure


def _numbered(items: list[dict]) -> list[dict]:
    """Add （一）（二）… numbering in one consistent style."""
    for i, item in enumerate(items, start=1):
        item["序号"] = f"（{cn_number(i)}）"
    return items


# ---- sections ------------------------------------------------------------------------


def _budget(book: dict, last: str) -> dict[str, Any]:
    income, expense = budget_rows(book, "收入"), budget_rows(book, "支出")
    sources = [
        {"名称": name, **_figure(r["本年"], r["上年"], r["增减原因"], last)} for name, r in income.items()
    ]
    this_base, last_base = base_expense(expense, "本年"), base_expense(expense, "上年")
    projects = expense["项目支出"]
    base_row = expense.get("基本支出", {})
    this_total = this_base + projects["本年"]
    last_total = (
        last_base + projects["上年"] if last_base is not None and projects["上年"] is not None else None
    )
    incomes_last = [r["上年"] for r in income.values()]
    return {
        "收入": {
            "合计": fmt(total(r["本年"] for r in income.values())),
            "上年合计": fmt(total(incomes_last)) if None not in incomes_last else "",
            "来源": sources,
        },
        "支出": {
            "合计": _figure(this_total, last_total, None, last),
            "基本支出": _figure(this_base, last_base, base_row.get("增减原因"), last),
            "人员经费": _row_figure(expense["人员经费"], last),
            "公用经费": _row_figure(expense["公用经费"], last),
            "项目支出": _row_figure(projects, last),
        },
    }


def _row_figure(row: dict, last: str) -> dict:
    return _figure(row["本年"], row["上年"], row["增减原因"], last)


def _running_costs(data: dict, last: str) -> dict:
    figure = _figure(data.get("本年"), data.get("上年"), data.get("增减原因"), last)
    figure["主要用途"] = data.get("主要用途") or ""
    if data.get("本年") is not None and data.get("上年"):
        rate = abs(data["本年"] - data["上年"]) / data["上年"] * 100
        figure["增减"]["百分比"] = format(rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return figure


def _sangong(rows: list[dict], last: str) -> dict:
    by_name = {r["项目"]: r for r in rows}

    def item(name: str) -> dict:
        r = by_name.get(name)
        return _figure(None, None, None, last) if r is None else _row_figure(r, last)

    def summed(names: tuple[str, ...]) -> dict:
        present = [by_name[n] for n in names if n in by_name]
        reasons = "；".join(r["增减原因"] for r in present if r["增减原因"])
        return _figure(total(r["本年"] for r in present), total(r["上年"] for r in present), reasons, last)

    context = {
        "因公出国境费": item("因公出国（境）费"),
        "公务用车购置费": item("公务用车购置费"),
        "公务用车运维费": item("公务用车运维费"),
        "公务用车": summed(("公务用车购置费", "公务用车运维费")),
        "公务接待费": item("公务接待费"),
        "合计": summed(SANGONG_ITEMS),
        "培训费": item("培训费"),
        "会议费": item("会议费"),
    }
    context["有培训费会议费"] = any(n in by_name for n in SANGONG_EXTRAS)
    return context


def _performance(sheets: dict) -> dict:
    data = _kv(sheets["整体绩效"])
    return {
        "总体绩效目标": data.get("总体绩效目标") or "",
        "分项绩效目标": _numbered([_strip(r) for r in sheets["分项绩效目标"]["records"]]),
        "保障措施": _numbered([_strip(r) for r in sheets["保障措施"]["records"]]),
        "结束语": data.get("结束语") or "",
    }


def _indicator(r: dict) -> dict:
    row = _strip(r)
    row.pop("项目名称", None)  # the group's project says it
    value = r["值"]
    numeric = is_number(value)
    shown = value if isinstance(value, str) else fmt(to_decimal(value))
    row["值"] = shown
    row["定性"] = not numeric
    row["指标值"] = f"{r.get('符号') or ''}{shown}{r.get('单位') or ''}"
    row["评分标准"] = row.pop("评（扣）分标准", "")
    # the three 指标值 columns of a table that splits 符号 | 值 | 单位; a qualitative
    # target reads 文字描述 | (empty) | its text
    row["符号列"] = row["符号"] or ("文字描述" if not numeric else "")
    row["值列"] = "" if not numeric else shown
    row["单位列"] = shown if not numeric else row["单位"]
    return row


def _indicator_groups(rows: list[dict]) -> list[dict]:
    """Consecutive rows of one 一级指标 form a group: its cell is merged over them."""
    groups: list[dict] = []
    for r in rows:
        if not groups or groups[-1]["一级指标"] != r["一级指标"]:
            groups.append({"一级指标": r["一级指标"], "指标": []})
        groups[-1]["指标"].append(_indicator(r))
    return groups


def _projects(projects: list[dict], indicators: list[dict]) -> list[dict]:
    by_project: dict[str, list[dict]] = {}
    for r in indicators:
        by_project.setdefault(r["项目名称"], []).append(r)
    return [
        {
            "序号": str(i),
            "项目名称": p["项目名称"],
            "表名": f"{i}.{p['项目名称']}绩效目标表",
            "绩效目标": p["绩效目标"],
            "指标组": _indicator_groups(by_project.get(p["项目名称"], [])),
        }
        for i, p in enumerate(projects, start=1)
    ]



def _procurement(rows: list[dict]) -> dict:
    out_rows = []
    for r in rows:
        row = {k: (fmt(v) if isinstance(v, Decimal) else v) for k, v in _strip(r).items()}
        row["合计"] = fmt(total(r[s] for s in PROCUREMENT_SOURCES))
        out_rows.append(row)
    sums = {s: fmt(total(r[s] for r in rows)) for s in PROCUREMENT_SOURCES}
    sums["合计"] = fmt(total(r[s] for r in rows for s in PROCUREMENT_SOURCES))
    return {"合计": sums["合计"], "分项合计": sums, "行": out_rows, "有数据": bool(rows)}


def _assets(rows: list[dict], notes: dict, year: int) -> dict:
    out_rows = [
        {
            "项目": r["项目"],
            "数量": fmt(r["数量"]),
            "价值": fmt(r["价值"]),
            "其中项": r.get("其中项") == "是",
        }
        for r in rows
    ]
    return {
        "资产总额": fmt(total(r["价值"] for r in rows if r.get("其中项") != "是")),
        "行": out_rows,
        "截止日期": f"{year - 1}年12月31日",
        "拟购置金额": fmt(notes.get("拟购置固定资产金额")),
        "拟购置说明": notes.get("拟购置固定资产说明") or "",
    }
