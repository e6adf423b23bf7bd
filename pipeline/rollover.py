"""Start next year's workbook from this year's.

The 上年 columns take this year's figures (基本支出 computed where it was derived) and the
year moves on. Everything else stays as a starting point, and every cell that still holds
last year's content is marked: filled yellow, with a note, and listed in the sheet 待核对
(工作表 | 单元格 | 栏目 | 上年内容 | 已核对). No document is generated until each listed cell
has been edited or its row confirmed with 是 (pipeline/review.py checks this).

Marked are this year's figures (every amount and quantity but 上年), the texts written for
last year's budget (``TEXTS``), and any other text naming last year or the year before
(公开依据: any year at all, since the regulations it cites change).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .budget import base_expense, budget_rows
from .checks import cell, kv_cell
from .errors import WorkbookError
from .review import shown
from .workbook_format import BY_NAME, CONFIRMED, REVIEW_SHEET, SHEETS, Sheet

MARK_FILL = "FFF2CC"
AUTHOR = "gendisclosure"
MARK_NOTE = "沿用上一年度的数，请改为本年预算数"
REASON_NOTE = "上一年度的说明，请按本年的增减情况修改"
TEXT_NOTE = "上一年度的内容，请改为本年的内容"
VALUE_NOTE = "上一年度的指标值，请改为本年的目标值"
YEAR_NOTE = "提到了年份“{}”，可能是上一年度的内容，请核对"
ASSET_NOTE = "{}年末的数，请改为{}年末的数"
REVIEW_HINT = "；如确认无需修改，在“{}”表第{}行“已核对”列填“{}”（改后或确认后可清除底色）"

# texts written for last year's budget, marked whatever they say: (sheet, column or key) → note
TEXTS = {
    ("收支预算", "增减原因"): REASON_NOTE,
    ("机关运行经费", "主要用途"): TEXT_NOTE,
    ("机关运行经费", "增减原因"): REASON_NOTE,
    ("三公经费", "增减原因"): REASON_NOTE,
    ("整体绩效", "总体绩效目标"): TEXT_NOTE,
    ("整体绩效", "结束语"): TEXT_NOTE,
    ("分项绩效目标", "绩效目标"): TEXT_NOTE,
    ("分项绩效目标", "绩效指标"): TEXT_NOTE,
    ("保障措施", "内容"): TEXT_NOTE,
    ("整体绩效指标", "值"): VALUE_NOTE,
    ("项目", "绩效目标"): TEXT_NOTE,
    ("项目指标", "值"): VALUE_NOTE,
    ("政府采购", "采购物品名称"): TEXT_NOTE,
    ("国有资产说明", "拟购置固定资产说明"): TEXT_NOTE,
    ("其他说明", "段落"): TEXT_NOTE,
}
ANY_YEAR = {("基本信息", "公开依据")}  # texts marked when they name any year
# never marked: a project's name repeated on each of its indicator rows must equal the
# name on sheet 项目 (an error otherwise), which is marked where it names a year
REPEATED = {("项目指标", "项目名称")}
CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Mark:
    """A cell that still holds last year's content."""

    sheet: str
    ref: str  # e.g. "C6"
    field: str  # its column header, or its key on a 项目/内容 sheet
    content: str  # what it holds, as review.shown writes it
    note: str


def rollover(workbook: str | Path, year: int | None, target: str | Path) -> Path:
    """Write next year's workbook to ``target``; the source must be valid."""
    import openpyxl

    from .api import load
    from .write import write_atomic

    book = load(workbook)  # a rolled-over figure must be a checked figure
    old_year = int(book["sheets"]["基本信息"]["records"][0]["年度"])
    year = year or old_year + 1
    if year <= old_year:
        raise WorkbookError(f"{workbook}: 新年度 {year} 应晚于工作簿的年度 {old_year}")
    if year > old_year + 1:  # its 上年 columns would hold a year that is not the year before
        raise WorkbookError(f"{workbook}: 新年度只能是工作簿年度 {old_year} 的下一年 {old_year + 1}，不能是 {year}："
                            f"新工作簿的上年数取自 {old_year} 年的本年数，{year} 年的上年是 {year - 1} 年；"
                            f"请从 {year - 1} 年的工作簿生成，或从空白工作簿开始填写")
    found = marks(book, old_year)  # before any value moves
    source = openpyxl.load_workbook(workbook)
    _clear_marks(source)
    _move_on(book, source, year)
    _carry(book, source)
    _mark(source, found)
    buffer = io.BytesIO()
    source.save(buffer)
    return write_atomic(target, buffer.getvalue())


# ---- which cells -------------------------------------------------------------------------


def marks(book: dict, old_year: int) -> list[Mark]:
    """Every filled cell of a valid workbook of ``old_year`` that carries that year's content,
    in reading order."""
    recent = _year_words(old_year, old_year - 1)
    any_year = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
    out = []
    for sheet in SHEETS:
        if sheet.written_by_rollover or sheet.name not in book["sheets"]:
            continue
        for field, kind, ref, value in _filled(book, sheet):
            if (sheet.name, field) in REPEATED:
                continue
            note = _note(sheet.name, field, kind, value, old_year)
            if note is None and isinstance(value, str):
                pattern = any_year if (sheet.name, field) in ANY_YEAR else recent
                mention = pattern.search(unicodedata.normalize("NFKC", value))
                note = YEAR_NOTE.format(mention.group()) if mention else None
            if note:
                out.append(Mark(sheet.name, ref, field, shown(value), note))
    return out


def _note(sheet: str, field: str, kind: str, value: Any, old_year: int) -> str | None:
    if kind in ("amount", "quantity") and field != "上年":
        if sheet == "国有资产":  # the assets at the end of the year before the budget year
            return ASSET_NOTE.format(old_year - 1, old_year)
        return MARK_NOTE
    return TEXTS.get((sheet, field))


def _filled(book: dict, sheet: Sheet) -> Iterator[tuple[str, str, str, Any]]:
    """(field, kind, cell, value) of every filled cell of a sheet, in reading order."""
    data = book["sheets"][sheet.name]
    if sheet.kind == "kv":
        for record in data["records"]:
            for key in sheet.keys:
                if record.get(key.header) is not None:
                    yield key.header, key.kind, kv_cell(book, sheet.name, key.header), record[key.header]
        return
    for record in data["records"]:
        for column in sheet.columns:
            if record.get(column.header) is not None:
                yield (column.header, column.kind, cell(book, sheet.name, record, column.header),
                       record[column.header])


def _year_words(*years: int) -> re.Pattern:
    """The years as digits (not inside a longer number) or in Chinese digits (二〇二一, 二零二一)."""
    words = []
    for year in years:
        words.append(rf"(?<![0-9]){year}(?![0-9])")
        chinese = "".join(CN_DIGITS[int(d)] for d in str(year))
        words += [chinese, chinese.replace("〇", "零")]
    return re.compile("|".join(dict.fromkeys(words)))


# ---- the new year's figures --------------------------------------------------------------


def _move_on(book: dict, source, year: int) -> None:
    """The year moves on; a department new last year is new no more."""
    info = book["sheets"]["基本信息"]
    column = info["columns"]["内容"]
    source["基本信息"][f"{column}{info['rows']['年度']}"].value = year
    if "新设部门" in info["rows"]:
        source["基本信息"][f"{column}{info['rows']['新设部门']}"].value = None


def _carry(book: dict, source) -> None:
    """The 上年 columns take this year's figures."""
    def put(sheet: str, ref: str, value) -> None:
        source[sheet][ref].value = None if value is None else value.normalize()

    budget = book["sheets"]["收支预算"]
    expenses = budget_rows(book, "支出")
    for r in budget["records"]:
        this = r["本年"]
        if r["类别"] == "支出" and r["项目"] == "基本支出" and this is None:
            this = base_expense(expenses, "本年")
        put("收支预算", f"{budget['columns']['上年']}{r['_row']}", this)

    running = book["sheets"]["机关运行经费"]
    column, rows = running["columns"]["内容"], running["rows"]
    if "上年" not in rows:  # add the row right below the sheet's last item
        below = max(rows.values()) + 1
        source["机关运行经费"].insert_rows(below)
        source["机关运行经费"][f"{running['columns']['项目']}{below}"] = "上年"
        rows = {**rows, "上年": below}
    put("机关运行经费", f"{column}{rows['上年']}", running["records"][0]["本年"])

    sangong = book["sheets"]["三公经费"]
    for r in sangong["records"]:
        put("三公经费", f"{sangong['columns']['上年']}{r['_row']}", r["本年"])


# ---- the marks ---------------------------------------------------------------------------


def _is_marked(target) -> bool:
    return target.fill.fill_type == "solid" and str(target.fill.fgColor.rgb).upper().endswith(MARK_FILL)


def _clear_marks(source) -> None:
    """Last rollover's marks and review list go: this rollover makes its own."""
    from openpyxl.styles import PatternFill

    if REVIEW_SHEET in source.sheetnames:
        del source[REVIEW_SHEET]
    for ws in source.worksheets:
        for row in ws.iter_rows(min_row=2):
            for marked in filter(_is_marked, row):
                marked.fill = PatternFill(fill_type=None)
                if marked.comment is not None and marked.comment.author == AUTHOR:
                    marked.comment = None


def _mark(source, found: list[Mark]) -> None:
    """Fill and note each marked cell; list them all in 待核对, the sheet the workbook opens on."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from .blank import write_header

    if not found:
        return
    fill = PatternFill("solid", fgColor=MARK_FILL)
    review = source.create_sheet(REVIEW_SHEET, 0)
    headers = write_header(review, BY_NAME[REVIEW_SHEET])
    for number, mark in enumerate(found, start=2):
        target = source[mark.sheet][mark.ref]
        target.fill = fill
        target.comment = Comment(mark.note + REVIEW_HINT.format(REVIEW_SHEET, number, CONFIRMED), AUTHOR)
        review.append([mark.sheet, mark.ref, mark.field, mark.content, None])
        content = review.cell(number, headers.index("上年内容") + 1)
        content.data_type = "s"  # a text such as "=24" stays text, not a formula
        content.alignment = Alignment(wrap_text=True, vertical="top")
    confirmed = review.cell(1, headers.index("已核对") + 1).column_letter
    check = DataValidation(type="list", formula1=f'"{CONFIRMED},否"', allow_blank=True)
    check.add(f"{confirmed}2:{confirmed}{len(found) + 1}")
    review.add_data_validation(check)
    for ws in source.worksheets:
        ws.sheet_view.tabSelected = False  # one selected sheet: several would be edited together
    source.active = 0
    review.sheet_view.tabSelected = True
