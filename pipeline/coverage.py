"""Which filled cells a template leaves out of the document.

Every dict of the context knows which workbook cells each of its keys shows
(:class:`pipeline.context.Sourced`). A render through :func:`tracked` records the keys the
template reads; :func:`left_out` turns the filled cells that no read key shows into one
warning each: "模板 sections12 不使用：三公经费!C6（培训费的上年）". A figure's 上年 counts as
shown when any part of its change is printed; a typed reason when the sentence that
carries it is printed.
"""

from __future__ import annotations

from typing import Any

from .errors import Finding
from .workbook_format import SHEETS

# cells that steer the wording rather than appear in it
NOT_PRINTED = {("基本信息", "新设部门"), ("基本信息", "部门层级"), ("收支预算", "类别")}
LABELS = ("项目", "三级指标", "项目名称", "名称", "名词", "单位名称", "采购物品名称")  # names a row


class _Tracked(dict):
    """A copy of a context dict that adds the cells of every key a template reads."""

    def __init__(self, source: dict, used: set[str]) -> None:
        super().__init__({k: _track(v, used) for k, v in source.items()})
        self._cells = getattr(source, "_cells", {})
        self._used = used

    def __getitem__(self, key: Any) -> Any:
        self._used.update(self._cells.get(key, ()))
        self._used.update(self._cells.get("*", ()))  # shown with any of its fields (a name)
        return super().__getitem__(key)


def _track(value: Any, used: set[str]) -> Any:
    if isinstance(value, dict):
        return _Tracked(value, used)
    if isinstance(value, list):
        return [_track(v, used) for v in value]
    return value


def tracked(context: dict[str, Any], top_level: set[str]) -> tuple[dict[str, Any], set[str]]:
    """A context to render with, and the set of cells the render shows (filled in as the
    template reads). ``top_level`` names the variables the template uses at the top."""
    used: set[str] = set()
    for name in top_level:
        used.update(getattr(context, "_cells", {}).get(name, ()))
    return {k: _track(v, used) for k, v in context.items()}, used


def filled_cells(book: dict) -> dict[str, str]:
    """Every filled cell of the workbook's content sheets → what it holds, for messages
    ("三公经费!C6" → "培训费的上年")."""
    out: dict[str, str] = {}
    for sheet in SHEETS:
        data = book["sheets"].get(sheet.name)
        if not data or getattr(sheet, "optional", False):
            continue
        columns = data["columns"]
        if sheet.kind == "kv":
            for key, row in data.get("rows", {}).items():
                record = data["records"][0] if data["records"] else {}
                if record.get(key) is not None and (sheet.name, key) not in NOT_PRINTED:
                    out[f"{sheet.name}!{columns.get('内容', 'B')}{row}"] = key
            continue
        headers = [c.header for c in sheet.columns]
        label_field = next((h for h in LABELS if h in headers), headers[0] if headers else "")
        for record in data["records"]:
            label = record.get(label_field)
            for field, value in record.items():
                if field.startswith("_") or value is None or (sheet.name, field) in NOT_PRINTED:
                    continue
                if sheet.kind == "paragraphs" or not label:
                    what = field
                else:
                    what = str(label) if field == label_field else f"{label}的{field}"
                out[f"{sheet.name}!{columns.get(field, '')}{record['_row']}"] = what
    return out


def left_out(book: dict, used: set[str], template_name: str) -> list[Finding]:
    """One warning per filled cell the template did not show."""
    findings = []
    for ref, what in filled_cells(book).items():
        if ref in used:
            continue
        sheet, cell = ref.split("!", 1)
        findings.append(Finding(book["file"], sheet, cell, "模板未使用",
                                f"模板 {template_name} 不使用：{sheet}!{what}——这一格的内容不会出现在文档中"
                                "（换用印出它的模板，或在模板中加入它）", "warning"))
    return findings
