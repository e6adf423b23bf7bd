"""Which filled cells a template leaves out of the document.

Every dict of the context knows which workbook cells each of its keys shows
(:class:`pipeline.context.Sourced`). Within :func:`recording`, the render's environment
reports each field the template reads (:func:`note`); :func:`left_out` turns the filled cells that no read key shows into one
warning each: "模板 sections12 不使用：三公经费!C6（培训费的上年）". A figure's 上年 counts as
shown when any part of its change is printed; a typed reason when the sentence that
carries it is printed; an item's name when a total's sentence names it ("其中：基本支出减少…").

The optional 科目 sheets (支出功能分类, 基本支出经济分类) feed the standard budget tables
(公开表) and are counted cell by cell like the others, each table row showing the cells it
prints as they stand (see pipeline.tables.subject_row); the cells the tables workbook
publishes count as shown when the run writes it (``--tables``). A sheet none of whose cells
is shown gets one warning, naming how to publish it (or, where the tables cannot be made
from the workbook, which sheet they lack); a sheet shown in part gets one warning per row
that has cells left out, naming them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .checks import REASON_NOT_PRINTED
from .errors import Finding
from .workbook_format import ECONOMIC_SHEET, FUNCTION_SHEET, SHEETS, SOURCE_COLUMN

# cells that steer the wording rather than appear in it (资金来源: which source's line an income joins)
NOT_PRINTED = {("基本信息", "新设部门"), ("基本信息", "部门层级"), ("收支预算", "类别"), ("收支预算", SOURCE_COLUMN)}
SUBJECT_SHEETS = (FUNCTION_SHEET, ECONOMIC_SHEET)  # told once per sheet, see unused_sheets
LABELS = ("项目", "三级指标", "项目名称", "名称", "名词", "单位名称", "采购物品名称")  # names a row


_SHOWN: ContextVar[set[str] | None] = ContextVar("shown_cells", default=None)


def note(obj: Any, key: Any) -> None:
    """Called for every field a template reads: adds the cells that field shows."""
    cells = getattr(obj, "_cells", None)
    if cells:
        shown = _SHOWN.get()
        if shown is not None:
            found, every = cells.get(key), cells.get("*")  # "*": shown with any of its fields (an item's name)
            if found:
                shown.update(found)
            if every:
                shown.update(every)


@contextmanager
def recording(context: dict[str, Any], top_level: set[str]) -> Iterator[set[str]]:
    """Within the block, every field a render reads adds its cells to the yielded set.
    ``top_level`` names the variables the template uses at the top."""
    shown: set[str] = set()
    cells = getattr(context, "_cells", {})
    for name in top_level:
        shown.update(cells.get(name, ()))
    token = _SHOWN.set(shown)
    try:
        yield shown
    finally:
        _SHOWN.reset(token)


def filled_cells(book: dict, shown: Collection[str] = ()) -> dict[str, str]:
    """Every filled cell of the workbook's content sheets but those in ``shown`` → what
    it holds, for messages ("三公经费!C6" → "培训费的上年")."""
    out: dict[str, str] = {}
    for sheet in SHEETS:
        data = book["sheets"].get(sheet.name)
        if not data or getattr(sheet, "optional", False):
            continue
        columns = data["columns"]
        if sheet.kind == "kv":
            record = data["records"][0] if data["records"] else {}
            for key, row in data.get("rows", {}).items():
                ref = f"{sheet.name}!{columns.get('内容', 'B')}{row}"
                if record.get(key) is not None and (sheet.name, key) not in NOT_PRINTED and ref not in shown:
                    out[ref] = key
            continue
        headers = [c.header for c in sheet.columns]
        label_field = next((h for h in LABELS if h in headers), headers[0] if headers else "")
        letters = {field: f"{sheet.name}!{columns.get(field, '')}" for field in headers}
        for record in data["records"]:
            number = record["_row"]
            for field, value in record.items():
                if value is None or field[:1] == "_" or (sheet.name, field) in NOT_PRINTED:
                    continue
                ref = f"{letters.get(field) or f'{sheet.name}!'}{number}"
                if ref in shown:
                    continue
                label = record.get(label_field)
                if sheet.kind == "paragraphs" or not label:
                    out[ref] = field
                else:
                    out[ref] = str(label) if field == label_field else f"{label}的{field}"
    return out


def left_out(book: dict, used: set[str], template_name: str, lacking: Collection[str] = ()) -> list[Finding]:
    """One warning per filled cell the template did not show, one per 科目 sheet it did not
    use at all and one per 科目 row it showed in part; ``used`` holds what the tables
    workbook publishes when the run writes it; ``lacking``: the 科目 sheets the workbook
    lacks for some of its tables (pipeline.tables.lacking_sheets), for the advice."""
    findings = unused_sheets(book, used, template_name, lacking) + unused_rows(book, used, template_name, lacking)
    # a cell whose warning already says why no template prints it (a reason for a figure
    # that did not change) is not told again as the template's doing
    told = {f"{w.sheet}!{w.cell}" for w in book.get("warnings", ()) if w.rule == REASON_NOT_PRINTED}
    for ref, what in filled_cells(book, used).items():
        if ref in told:
            continue
        sheet, cell = ref.split("!", 1)
        findings.append(Finding(book["file"], sheet, cell, "模板未使用",
                                f"模板 {template_name} 不使用：{sheet}!{what}——这一格的内容不会出现在文档中"
                                "（换用印出它的模板，或在模板中加入它）", "warning"))
    return findings


def subject_cells(book: dict, sheet: str) -> dict[int, dict[str, str]]:
    """The filled cells of a 科目 sheet: its rows → each filled column → the cell ("支出功能分类!E7")."""
    data = book["sheets"].get(sheet)
    out: dict[int, dict[str, str]] = {}
    for record in data["records"] if data else ():
        for field, value in record.items():
            if not field.startswith("_") and value is not None:
                out.setdefault(record["_row"], {})[field] = f"{sheet}!{data['columns'].get(field, '')}{record['_row']}"
    return out


def unused_sheets(book: dict, used: set[str], template_name: str, lacking: Collection[str] = ()) -> list[Finding]:
    """One warning per filled 科目 sheet none of whose cells the template showed."""
    findings = []
    for name in SUBJECT_SHEETS:
        cells = [c for row in subject_cells(book, name).values() for c in row.values()]
        if not cells or any(c in used for c in cells):
            continue
        findings.append(Finding(book["file"], name, "", "模板未使用",
                                f"模板 {template_name} 不使用“{name}”表——这张表的内容不会出现在文档中"
                                f"（要公开表，{publish(lacking)}）", "warning"))
    return findings


def publish(lacking: Collection[str]) -> str:
    """How to publish the 科目 sheets: the standard template or the tables workbook — once
    the workbook has the sheets the tables are made from (``lacking``: those it lacks)."""
    how = "换用 standard 模板，或另外写出公开表工作簿：命令行加 --tables 公开表.xlsx，网页上点“下载公开表”"
    if not lacking:
        return "请" + how
    return f"工作簿还要加上{'、'.join(f'“{s}”' for s in lacking)}表（见 docs/workbook.md），再{how}"


def unused_rows(book: dict, used: set[str], template_name: str, lacking: Collection[str] = ()) -> list[Finding]:
    """One warning per row of a 科目 sheet the template shows in part, naming the columns
    whose cells it leaves out (a sheet it does not show at all: :func:`unused_sheets`)."""
    findings = []
    for name in SUBJECT_SHEETS:
        rows = subject_cells(book, name)
        if not any(c in used for row in rows.values() for c in row.values()):
            continue
        for number, row in rows.items():
            missed = {field: c for field, c in row.items() if c not in used}
            if not missed:
                continue
            record = next(r for r in book["sheets"][name]["records"] if r["_row"] == number)
            subject = f"{record.get('科目编码') or ''} {record.get('科目名称') or ''}".strip()
            findings.append(Finding(
                book["file"], name, "、".join(c.split("!", 1)[1] for c in missed.values()), "模板未使用",
                f"模板 {template_name} 不使用：{name}第{number}行（{subject}）的{'、'.join(missed)}——"
                f"{'这一格' if len(missed) == 1 else '这些格'}的内容不会出现在文档中"
                f"（换用印出它的模板；要公开表，{publish(lacking)}）", "warning"))
    return findings
