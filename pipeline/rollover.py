"""Start next year's workbook from this year's.

The 上年 columns take this year's figures (基本支出 computed where it was derived); the
year moves on; texts stay for editing; this year's figures stay as a starting point,
filled yellow with a note, for the clerk to replace with the new budget.
"""

from __future__ import annotations

import io
from pathlib import Path

MARK_FILL = "FFF2CC"
MARK_NOTE = "沿用上一年度的数，请改为本年预算数（改后可把底色清除）"
REASON_NOTE = "上一年度的说明，请按本年的增减情况修改"


def rollover(workbook: str | Path, year: int | None, target: str | Path) -> Path:
    """Write next year's workbook to ``target``; the source must be valid."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from .api import load
    from .budget import base_expense, budget_rows
    from .errors import WorkbookError
    from .write import write_atomic

    book = load(workbook)  # a rolled-over figure must be a checked figure
    sheets = book["sheets"]
    old_year = int(sheets["基本信息"]["records"][0]["年度"])
    year = year or old_year + 1
    if year <= old_year:
        raise WorkbookError(f"{workbook}: 新年度 {year} 应晚于工作簿的年度 {old_year}")
    source = openpyxl.load_workbook(workbook)
    mark = PatternFill("solid", fgColor=MARK_FILL)

    def at(sheet: str, ref: str):
        return source[sheet][ref]

    def flag(sheet: str, ref: str, note: str = MARK_NOTE) -> None:
        cell = at(sheet, ref)
        cell.fill = mark
        cell.comment = Comment(note, "gendisclosure")

    def carry(sheet: str, this_ref: str, last_ref: str, value) -> None:
        """Last year's column takes this year's figure; this year's is flagged."""
        at(sheet, last_ref).value = None if value is None else value.normalize()
        flag(sheet, this_ref)

    kv = sheets["基本信息"]
    at("基本信息", f"{kv['columns']['内容']}{kv['rows']['年度']}").value = year

    budget = sheets["收支预算"]
    expenses = budget_rows(book, "支出")
    for r in budget["records"]:
        this = r["本年"]
        if r["类别"] == "支出" and r["项目"] == "基本支出" and this is None:
            this = base_expense(expenses, "本年")
        row = r["_row"]
        carry("收支预算", f"{budget['columns']['本年']}{row}", f"{budget['columns']['上年']}{row}", this)
        if r["增减原因"]:
            flag("收支预算", f"{budget['columns']['增减原因']}{row}", REASON_NOTE)

    running = sheets["机关运行经费"]
    column, rows = running["columns"]["内容"], running["rows"]
    if "上年" not in rows:  # add the row right below the sheet's last item
        below = max(rows.values()) + 1
        source["机关运行经费"].insert_rows(below)
        source["机关运行经费"][f"{running['columns']['项目']}{below}"] = "上年"
        rows = {**rows, "上年": below}
    carry("机关运行经费", f"{column}{rows['本年']}", f"{column}{rows['上年']}", running["records"][0]["本年"])

    sangong = sheets["三公经费"]
    for r in sangong["records"]:
        row = r["_row"]
        carry("三公经费", f"{sangong['columns']['本年']}{row}", f"{sangong['columns']['上年']}{row}", r["本年"])
        if r["增减原因"]:
            flag("三公经费", f"{sangong['columns']['增减原因']}{row}", REASON_NOTE)

    plans = sheets["国有资产说明"]
    flag("国有资产说明", f"{plans['columns']['内容']}{plans['rows']['拟购置固定资产金额']}")
    assets = sheets["国有资产"]
    for r in assets["records"]:
        for field in ("数量", "价值"):
            if r[field] is not None:
                flag("国有资产", f"{assets['columns'][field]}{r['_row']}", f"{old_year - 1}年末的数，请改为{old_year}年末的数")

    buffer = io.BytesIO()
    source.save(buffer)
    return write_atomic(target, buffer.getvalue())
