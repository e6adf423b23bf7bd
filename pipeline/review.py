"""The review of a rolled-over workbook: no cell may publish last year's content unseen.

``gendisclosure rollover`` lists every cell it carried from last year in the optional sheet
待核对 (工作表 | 单元格 | 栏目 | 上年内容 | 已核对). A listed cell that still holds its 上年内容,
while its row's 已核对 is not 是, is an error: the clerk edits the cell or confirms the row.

Cells are found by sheet, column (栏目) and content, not by address alone: after a row has
been inserted or deleted, last year's content is looked for in the nearest row of the same
column, so that moving rows neither hides it nor blames a cell that was edited.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from .budget import records
from .checks import cell, error, kv_cell, rule
from .errors import Finding
from .figures import fmt, to_decimal
from .workbook_format import BY_NAME, CONFIRMED, REVIEW_SHEET, headers_of

SHOWN_CHARACTERS = 30  # how much of a long 上年内容 a message quotes
ADDRESS = r"([A-Z]{1,3})([1-9][0-9]*)"


def shown(value: Any) -> str | None:
    """A cell's content as text, alike whether read from its sheet or from 上年内容."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return fmt(to_decimal(value))
    return None if value is None else str(value)


class _Cell(NamedTuple):
    row: int
    ref: str
    content: str | None


@rule()  # also while some rows of 待核对 have errors: those are reported, the others checked
def unreviewed_cells(book: dict) -> list[Finding]:
    """Every listed cell still holding last year's content and not confirmed: one error each."""
    if REVIEW_SHEET not in book["sheets"]:
        return []
    out: list[Finding] = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for entry in records(book, REVIEW_SHEET):
        problem = _entry_problem(book, entry)
        if problem:
            field, message = problem
            out.append(error(book, REVIEW_SHEET, cell(book, REVIEW_SHEET, entry, field), "待核对", message))
        else:
            groups.setdefault((entry["工作表"], entry["栏目"]), []).append(entry)
    for (sheet, field), entries in groups.items():
        for entry, here in _still_there(entries, _cells(book, sheet, field)):
            if entry["已核对"] != CONFIRMED:
                out.append(error(book, sheet, here.ref, "待核对", _message(entry, here)))
    return out


def _entry_problem(book: dict, entry: dict) -> tuple[str, str] | None:
    """(field, message) when a row of 待核对 names no cell this workbook has."""
    n = entry["_row"]
    sheet = BY_NAME.get(entry["工作表"])
    if sheet is None or sheet.written_by_rollover or entry["工作表"] not in book["sheets"]:
        return "工作表", f"第{n}行的工作表“{entry['工作表']}”不在本工作簿中：请核对名称，或删除这一行"
    fields = [k.header for k in sheet.keys] if sheet.kind == "kv" else list(headers_of(sheet))
    if entry["栏目"] not in fields:
        return "栏目", (f"第{n}行的栏目“{entry['栏目']}”不是工作表“{sheet.name}”的"
                        f"{'项目' if sheet.kind == 'kv' else '列'}：可填 {'、'.join(fields)}")
    if not re.fullmatch(ADDRESS, entry["单元格"]):
        return "单元格", f"第{n}行的单元格“{entry['单元格']}”不是单元格地址：应为列字母加行号，如 C6"
    return None


def _cells(book: dict, sheet: str, field: str) -> list[_Cell]:
    """The cells of one column (one key of a 项目/内容 sheet), with their content now."""
    data = book["sheets"][sheet]
    if BY_NAME[sheet].kind == "kv":
        row = data.get("rows", {}).get(field)
        if row is None or not data["records"]:
            return []
        return [_Cell(row, kv_cell(book, sheet, field), shown(data["records"][0][field]))]
    return [_Cell(r["_row"], cell(book, sheet, r, field), shown(r.get(field))) for r in data["records"]]


def _still_there(entries: list[dict], cells: list[_Cell]) -> list[tuple[dict, _Cell]]:
    """Each entry whose 上年内容 a cell still holds, with that cell: first where it was left,
    then (rows inserted or deleted) the nearest cell not already taken by another entry."""
    taken: set[int] = set()
    found: dict[int, _Cell] = {}
    for i, entry in enumerate(entries):
        row = _row_of(entry)
        here = next((c for c in cells if c.row == row and c.content == entry["上年内容"]), None)
        if here is not None:
            taken.add(here.row)
            found[i] = here
    for i, entry in enumerate(entries):
        if i in found:
            continue
        free = [c for c in cells if c.row not in taken and c.content == entry["上年内容"]]
        if free:
            here = min(free, key=lambda c: abs(c.row - _row_of(entry)))
            taken.add(here.row)
            found[i] = here
    return [(entries[i], found[i]) for i in sorted(found)]


def _row_of(entry: dict) -> int:
    return int(re.fullmatch(ADDRESS, entry["单元格"]).group(2))


def _message(entry: dict, here: _Cell) -> str:
    content = entry["上年内容"]
    if len(content) > SHOWN_CHARACTERS:
        content = content[:SHOWN_CHARACTERS] + "…"
    moved = "" if here.row == _row_of(entry) else f"（结转时在 {entry['单元格']}）"
    return (f"仍是上一年度的内容“{content}”{moved}：请改为本年的内容；如确认无需修改，"
            f"在“{REVIEW_SHEET}”表第{entry['_row']}行“已核对”列填“{CONFIRMED}”")
