"""Stage 3, build the context: everything the template prints, derived from the clean data.

Totals, 增加/减少/持平 wording, the numbering of items and tables and the merge groups
of indicator tables are computed here, never typed in the workbook. The context is
plain JSON-able data: strings, lists and dicts with Chinese keys, so that a template
reads ``{{ 部门简称 }}`` or ``{% for 项目 in 项目表 %}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .budget import (
    FUNDING_SOURCES,
    PROCUREMENT_SOURCES,
    SANGONG_CARS,
    SANGONG_EXTRAS,
    SANGONG_ITEMS,
    SOURCE_NAMES,
    base_expense,
    budget_rows,
    records,
    total,
)
from .figures import cn_number, figure, fmt, is_number, to_decimal
from .subjects import source_of_income
from .wording import NOTHING_ELSE, change, group_change, no_last_year, place_word

UNIT = "万元"


def build_context(book: dict, tables: bool = True) -> Sourced:
    """The template's context for one clean workbook (see docs/template.md); with
    ``tables`` false, without the standard tables (公开表), for a template that does not
    print them."""
    sheets = book["sheets"]
    info = _kv(sheets["基本信息"])
    year = int(to_decimal(info["年度"]))
    last = str(year - 1)
    new_department = info.get("新设部门") == "是"
    context: dict[str, Any] = {
        "部门简称": info["部门简称"],
        "单位全称": info["单位全称"],
        "地区": info["地区"],
        "部门层级": place_word(info["地区"], info.get("部门层级")) or "",
        "年度": str(year),
        "上年": last,
        "公开依据": info["公开依据"],
        "金额单位": UNIT,
        "新设部门": new_department,
        "无上年说明": no_last_year(new_department, str(year)),
        "部门职责": _paragraphs(book, "部门职责"),
        "机构设置": _rows(book, "机构设置"),
    }
    context.update(_budget(book, last))
    context["机关运行经费"] = _running_costs(book, last)
    context["三公经费"] = _sangong(book, last)
    context["整体绩效"] = _performance(book)
    context["整体绩效指标"] = _indicator_groups(book, "整体绩效指标", records(book, "整体绩效指标"))
    context["项目表"] = _projects(book)
    # the count of projects of 项目支出's sentence, left out where the 项目 sheet is empty
    context["项目安排"] = f"，安排{len(context['项目表'])}个项目" if context["项目表"] else ""
    context["政府采购"] = _procurement(book)
    context["国有资产"] = _assets(book, year)
    context["名词解释"] = _rows(book, "名词解释")
    for i, row in enumerate(context["名词解释"], start=1):
        row["序号"] = str(i)
    context["其他说明"] = _paragraphs(book, "其他说明") or [NOTHING_ELSE]
    context["有上年"] = _any_last_year(context)
    basics = {k: ref(book, "基本信息", info, k) for k in info}
    built = Sourced(context, {
        **basics,
        "上年": basics.get("年度", ()),
        "无上年说明": basics.get("新设部门", ()),
        "部门职责": _paragraph_cells(book, "部门职责"),
        "其他说明": _paragraph_cells(book, "其他说明"),
    })
    if tables:
        add_tables(book, built)
    return built


def add_tables(book: dict, context: Sourced) -> None:
    """The standard tables (公开表) added to a context built without them."""
    from .tables import build_tables  # it builds on this module's Sourced

    context["公开表"] = build_tables(book, context)


# ---- where each value comes from -----------------------------------------------------


class Sourced(dict):
    """A dict of the context that knows which workbook cells each of its keys shows
    (``_cells``: key -> cell references such as "三公经费!C5"), so that a render can tell
    which filled cells a template leaves out (see pipeline/coverage.py)."""

    def __init__(self, values: dict[str, Any], cells: dict[str, tuple[str, ...]] | None = None):
        super().__init__(values)
        self._cells = {k: v for k, v in (cells or {}).items() if v}


def ref(book: dict, sheet: str, record: dict | None, field: str) -> tuple[str, ...]:
    """The cell of a record's field as ("sheet!C7",), or () when it holds nothing."""
    if record is None or record.get(field) is None:
        return ()
    data = book["sheets"][sheet]
    if "_row" in record:
        return (f"{sheet}!{data['columns'].get(field, '')}{record['_row']}",)
    row = data.get("rows", {}).get(field)  # a key/value sheet
    return (f"{sheet}!{data['columns'].get('内容', 'B')}{row}",) if row else ()


def _kv(data: dict) -> dict[str, Any]:
    return data["records"][0] if data["records"] else {}


def _rows(book: dict, sheet: str) -> list[Sourced]:
    """A table sheet's records, empty cells as "", each field tied to its cell."""
    return _rows_of(book, sheet, records(book, sheet))


def _paragraphs(book: dict, sheet: str) -> list[str]:
    return [r["段落"] for r in records(book, sheet) if r.get("段落")]


def _paragraph_cells(book: dict, sheet: str) -> tuple[str, ...]:
    return tuple(c for r in records(book, sheet) for c in ref(book, sheet, r, "段落"))


def _figure(name: str, current: Decimal | None, previous: Decimal | None, reason: str | None,
            last: str, cells: dict[str, tuple[str, ...]] | None = None) -> Sourced:
    """An amount with last year's and its worded change (see pipeline/wording.py).

    ``cells`` names the cells of 本年, 上年 and 增减原因: 上年 shows through any part of the
    change, the reason through the parts that print it."""
    cells = cells or {}
    worded = change(current, previous, reason, last)
    return _figure_of(name, current, previous, reason, worded, cells)


def _figure_of(name, current, previous, reason, worded, cells) -> Sourced:
    reasons = cells.get("增减原因", ())
    because = reasons if worded.get("原因") else ()
    listed = cells.get("其中", ())
    shown = {"原因": because, "句子": because + listed, "其中": listed, "变动项": listed}
    return Sourced(
        {"名称": name, "本年": figure(current), "上年": figure(previous), "增减原因": reason or "",
         "有上年": previous is not None and current is not None,
         "增减": Sourced(worded, shown)},
        {"本年": cells.get("本年", ()), "上年": cells.get("上年", ()), "增减原因": reasons,
         "增减": cells.get("上年", ()) + cells.get("各项上年", ()), "*": cells.get("*", ())},
    )


def _row_figure(book: dict, sheet: str, row: dict | None, last: str, name: str) -> Sourced:
    if row is None:
        return _figure(name, None, None, None, last)
    cells = {f: ref(book, sheet, row, f) for f in ("本年", "上年", "增减原因")}
    figure = _figure(name, row["本年"], row["上年"], row["增减原因"], last, cells)
    figure._cells["*"] = ref(book, sheet, row, "项目")  # the item's name, shown with any field
    return figure


def _total(name: str, items: list[Sourced], current: Decimal | None, previous: Decimal | None,
           last: str, reason: str | None = None,
           cells: dict[str, tuple[str, ...]] | None = None) -> Sourced:
    """A total with its items' changes worded together (wording.group_change); ``reason``
    and ``cells`` are the total's own row, where the workbook has one."""
    worded = group_change(change(current, previous, reason, last),
                          [(i["名称"], i["增减"]) for i in items], last)
    moved = [i for i in items if i["增减"]["方向"] not in ("", "持平")]
    # the sentence names each moved item ("其中：基本支出减少…") with its change and reason
    listed = tuple(c for i in moved
                   for c in (*i._cells.get("*", ()), *i._cells.get("增减", ()), *i["增减"]._cells.get("原因", ())))
    lasts = tuple(c for i in items for c in i._cells.get("增减", ()))  # the total's change shows them
    return _figure_of(name, current, previous, reason, worded,
                      {**(cells or {}), "其中": listed, "各项上年": lasts})


def _any_last_year(context: dict) -> bool:
    figures = [*context["收入"]["来源"], context["支出"]["合计"], context["机关运行经费"],
               *context["三公经费"]["项目"]]
    return any(f["有上年"] for f in figures)


# ---- sections ------------------------------------------------------------------------


def _budget(book: dict, last: str) -> dict[str, Any]:
    sheet = "收支预算"
    income, expense = budget_rows(book, "收入"), budget_rows(book, "支出")
    sources = [_row_figure(book, sheet, r, last, name) for name, r in income.items()]
    income_last = [r["上年"] for r in income.values()]
    got = total(r["本年"] for r in income.values())
    had = total(income_last) if None not in income_last else None
    income_total = _total("收入合计", sources, got, had, last)
    by_source = _funding_sources(book, income, last)
    source_total = _total("收入合计", by_source, got, had, last)
    staff, office, projects = (_row_figure(book, sheet, expense.get(n), last, n)
                               for n in ("人员经费", "公用经费", "项目支出"))
    base_row = expense.get("基本支出", {})
    base = _total("基本支出", [staff, office], base_expense(expense, "本年"),
                  base_expense(expense, "上年"), last, base_row.get("增减原因"),
                  {**{f: ref(book, sheet, base_row, f) for f in ("本年", "上年", "增减原因")},
                   "*": ref(book, sheet, base_row, "项目")})
    project_row = expense.get("项目支出", {})
    both = (base_expense(expense, "本年"), project_row.get("本年"))
    lasts = (base_expense(expense, "上年"), project_row.get("上年"))
    expense_total = _total("支出合计", [base, projects], _sum(both), _sum(lasts), last)
    return {
        "收入": Sourced({"合计": income_total, "来源": sources,
                         "资金来源": by_source, "资金来源合计": source_total}),
        "支出": Sourced({"合计": expense_total, "基本支出": base, "人员经费": staff,
                         "公用经费": office, "项目支出": projects, "分类": [base, projects]}),
    }


def _funding_sources(book: dict, income: dict[str, dict], last: str) -> list[Sourced]:
    """The incomes of 收支预算 summed by funding source (pipeline.subjects.source_of_income),
    each named as published (一般公共预算拨款, …, 单位资金): one figure for each source that
    an income row counts towards; its reason joins the reasons of its rows that changed."""
    sheet = "收支预算"
    out = []
    for source in FUNDING_SOURCES:
        rows = [r for r in income.values() if source_of_income(r) == source]
        if not rows:
            continue
        lasts = [r["上年"] for r in rows]
        moved = [r for r in rows if r["增减原因"] and r["上年"] is not None and r["本年"] != r["上年"]]
        cells = {f: tuple(c for r in rows for c in ref(book, sheet, r, f)) for f in ("本年", "上年")}
        cells["增减原因"] = tuple(c for r in moved for c in ref(book, sheet, r, "增减原因"))
        cells["*"] = tuple(c for r in rows for c in ref(book, sheet, r, "项目"))
        out.append(_figure(SOURCE_NAMES[source], total(r["本年"] for r in rows),
                           total(lasts) if None not in lasts else None,
                           "，".join(r["增减原因"].strip() for r in moved) or None, last, cells))
    return out


def _sum(values: tuple[Decimal | None, ...]) -> Decimal | None:
    """The sum, or None when any part is unknown."""
    return None if None in values else total(values)


def _running_costs(book: dict, last: str) -> Sourced:
    sheet = "机关运行经费"
    data = _kv(book["sheets"][sheet])
    cells = {f: ref(book, sheet, data, f) for f in ("本年", "上年", "增减原因")}
    figure = _figure("机关运行经费", data.get("本年"), data.get("上年"), data.get("增减原因"), last, cells)
    figure["主要用途"] = data.get("主要用途") or ""
    figure._cells["主要用途"] = ref(book, sheet, data, "主要用途")
    return figure


def _sangong(book: dict, last: str) -> Sourced:
    sheet = "三公经费"
    by_name = {r["项目"]: r for r in records(book, sheet)}
    items = {name: _row_figure(book, sheet, by_name.get(name), last, name)
             for name in SANGONG_ITEMS + SANGONG_EXTRAS}
    def summed(name: str, names: tuple[str, ...]) -> Sourced:
        present = [by_name[n] for n in names if n in by_name]
        lasts = [r["上年"] for r in present]
        return _total(name, [items[n] for n in names], total(r["本年"] for r in present),
                      total(lasts) if present and None not in lasts else None, last)

    four = [items[n] for n in SANGONG_ITEMS]
    extras = [items[n] for n in SANGONG_EXTRAS if n in by_name]
    return Sourced({
        "合计": summed("“三公”经费", SANGONG_ITEMS),
        "项目": four,
        "因公出国境费": items["因公出国（境）费"],
        "公务用车购置费": items["公务用车购置费"],
        "公务用车运维费": items["公务用车运维费"],
        "公务用车": summed(SANGONG_CARS, SANGONG_ITEMS[1:3]),
        "公务接待费": items["公务接待费"],
        "培训费": items["培训费"],
        "会议费": items["会议费"],
        "其他": extras,
        "有培训费会议费": bool(extras),
    })


def _performance(book: dict) -> Sourced:
    sheet = "整体绩效"
    data = _kv(book["sheets"][sheet])
    return Sourced({
        "总体绩效目标": data.get("总体绩效目标") or "",
        "分项绩效目标": _numbered(_rows(book, "分项绩效目标")),
        "保障措施": _numbered(_rows(book, "保障措施")),
        "结束语": data.get("结束语") or "",
    }, {k: ref(book, sheet, data, k) for k in ("总体绩效目标", "结束语")})


def _numbered(items: list[Sourced]) -> list[Sourced]:
    """Number the items at the levels of a published document's headings (一、 （一） 1. （1））:
    序号 （一）（二）…, 数字序号 1. 2. … and 括号数字序号 （1）（2）…, for a template to take the
    level below the heading the items stand under."""
    for i, item in enumerate(items, start=1):
        item["序号"] = f"（{cn_number(i)}）"
        item["数字序号"] = f"{i}."
        item["括号数字序号"] = f"（{i}）"
    return items


def _indicator(row: Sourced, r: dict) -> Sourced:
    """An indicator's row of the context (``row``, made of its record ``r`` by _rows_of)
    with its value worded and its 指标值 columns."""
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
    cells = row._cells
    value_cells = (*cells.get("符号", ()), *cells.get("值", ()), *cells.get("单位", ()))
    cells.update({"评分标准": cells.get("评（扣）分标准", ()), "指标值": value_cells,
                  "符号列": cells.get("符号", ()), "值列": cells.get("值", ()),
                  "单位列": (*cells.get("值", ()), *cells.get("单位", ()))})
    return row


def _rows_of(book: dict, sheet: str, rows: list[dict]) -> list[Sourced]:
    """Records as the context's rows, empty cells as "", each filled field tied to its
    cell (what :func:`ref` gives, for a table sheet's records)."""
    if not rows:
        return []
    prefix = {k: f"{sheet}!{c}" for k, c in book["sheets"][sheet]["columns"].items()}
    out = []
    for r in rows:
        number = str(r["_row"])
        row = Sourced({k: ("" if v is None else v) for k, v in r.items() if k[:1] != "_"})
        row._cells = {k: (prefix.get(k, f"{sheet}!") + number,) for k, v in r.items()
                      if v is not None and k[:1] != "_"}
        out.append(row)
    return out


def _indicator_groups(book: dict, sheet: str, rows: list[dict]) -> list[Sourced]:
    """Consecutive rows of one 一级指标 form a group: its cell is merged over them."""
    groups: list[Sourced] = []
    for r, row in zip(rows, _rows_of(book, sheet, rows)):
        if not groups or groups[-1]["一级指标"] != r["一级指标"]:
            groups.append(Sourced({"一级指标": r["一级指标"], "指标": []}))
            groups[-1]._cells["一级指标"] = ()
        groups[-1]["指标"].append(_indicator(row, r))
        groups[-1]._cells["一级指标"] += row._cells.get("一级指标", ())
    return groups


def _projects(book: dict) -> list[Sourced]:
    by_project: dict[str, list[dict]] = {}
    for r in records(book, "项目指标"):
        by_project.setdefault(r["项目名称"], []).append(r)
    out = []
    for i, p in enumerate(records(book, "项目"), start=1):
        names = (*ref(book, "项目", p, "项目名称"),
                 *(c for r in by_project.get(p["项目名称"], []) for c in ref(book, "项目指标", r, "项目名称")))
        out.append(Sourced({
            "序号": str(i),
            "项目名称": p["项目名称"],
            "表名": f"{i}.{p['项目名称']}绩效目标表",
            "绩效目标": p["绩效目标"],
            "指标组": _indicator_groups(book, "项目指标", by_project.get(p["项目名称"], [])),
        }, {"项目名称": names, "表名": names, "绩效目标": ref(book, "项目", p, "绩效目标")}))
    return out


def _procurement(book: dict) -> Sourced:
    rows = records(book, "政府采购")
    out_rows = _rows_of(book, "政府采购", rows)
    for r, row in zip(rows, out_rows):
        for k, v in row.items():
            if isinstance(v, Decimal):
                row[k] = figure(v)
        row["合计"] = figure(total(r[s] for s in PROCUREMENT_SOURCES))
    sums = Sourced({s: figure(total(r[s] for r in rows)) for s in PROCUREMENT_SOURCES})
    sums["合计"] = figure(total(r[s] for r in rows for s in PROCUREMENT_SOURCES))
    return Sourced({"合计": sums["合计"], "分项合计": sums, "行": out_rows, "有数据": bool(rows)})


def _assets(book: dict, year: int) -> Sourced:
    rows = records(book, "国有资产")
    notes_sheet = "国有资产说明"
    notes = _kv(book["sheets"][notes_sheet])
    out_rows = []
    for r in rows:
        row = Sourced({"项目": r["项目"], "数量": figure(r["数量"]), "价值": figure(r["价值"]),
                       "其中项": r.get("其中项") == "是"},
                      {k: ref(book, "国有资产", r, k) for k in ("项目", "数量", "价值", "其中项")})
        out_rows.append(row)
    # a “其中” mark shows only through the total it keeps a row out of
    marks = tuple(c for r in rows for c in ref(book, "国有资产", r, "其中项"))
    return Sourced({
        "资产总额": figure(total(r["价值"] for r in rows if r.get("其中项") != "是")),
        "行": out_rows,
        "截止日期": f"{year - 1}年12月31日",
        "拟购置金额": figure(notes.get("拟购置固定资产金额")),
        "拟购置说明": notes.get("拟购置固定资产说明") or "",
    }, {"资产总额": marks,
        "拟购置金额": ref(book, notes_sheet, notes, "拟购置固定资产金额"),
        "拟购置说明": ref(book, notes_sheet, notes, "拟购置固定资产说明")})
