"""A county folder for the finance bureau's tests: the ten departments of
tests/fixtures/departments and the sample inputs/2021.xlsx, and a 批复 workbook written here.

The figures a 批复 holds are worked out here from the workbooks' cells with openpyxl and
Decimal, independently of the program (no pipeline module is used).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from conftest import SAMPLE

DEPARTMENTS = Path(__file__).parent / "fixtures" / "departments"
SANGONG = ("因公出国（境）费", "公务用车购置费", "公务用车运维费", "公务接待费")
SOURCES = ("一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金")
APPROVED_HEADERS = ("单位全称", "部门简称", "年度", "收入合计", "支出合计", "基本支出", "项目支出",
                    "三公经费合计", *SANGONG, "机关运行经费", "政府采购合计")
FIGURES = APPROVED_HEADERS[3:]


def build_county(folder: Path) -> Path:
    """folder/in: the eleven department workbooks (file names as in the fixtures)."""
    target = folder / "in"
    target.mkdir(parents=True)
    for path in sorted(DEPARTMENTS.glob("*.xlsx")):
        shutil.copy(path, target / path.name)
    shutil.copy(SAMPLE, target / "2021.xlsx")
    return target


def amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def _rows(book: Any, sheet: str) -> list[dict]:
    if sheet not in book.sheetnames:
        return []
    rows = book[sheet].iter_rows(values_only=True)
    header = next(rows, ())
    return [dict(zip(header, r)) for r in rows if any(v is not None for v in r)]


def figures(path: Path) -> dict[str, Any]:
    """部门简称, 单位全称, 年度 and every figure of the 批复 (本年, and 上年 as "X上年") of
    one department's workbook, from its cells."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    info = {r["项目"]: r["内容"] for r in _rows(book, "基本信息")}
    budget = _rows(book, "收支预算")
    expense = {r["项目"]: r for r in budget if r["类别"] == "支出"}
    sangong = {r["项目"]: r for r in _rows(book, "三公经费")}
    running = {r["项目"]: r["内容"] for r in _rows(book, "机关运行经费")}
    out: dict[str, Any] = {"部门简称": info["部门简称"], "单位全称": info["单位全称"],
                           "年度": int(info["年度"])}
    for year, suffix in (("本年", ""), ("上年", "上年")):
        def total(values: list[Decimal | None]) -> Decimal | None:
            return None if None in values else sum(values, Decimal(0))

        base_row = expense.get("基本支出", {})
        base = amount(base_row.get(year))
        if base is None:
            base = total([amount(expense[n][year]) for n in ("人员经费", "公用经费")])
        project = amount(expense["项目支出"][year])
        items = {n: amount(sangong[n][year]) for n in SANGONG}
        out.update({
            f"收入合计{suffix}": total([amount(r[year]) for r in budget if r["类别"] == "收入"]),
            f"支出合计{suffix}": total([base, project]),
            f"基本支出{suffix}": base,
            f"项目支出{suffix}": project,
            f"三公经费合计{suffix}": total(list(items.values())),
            **{f"{n}{suffix}": v for n, v in items.items()},
            f"机关运行经费{suffix}": amount(running.get(year)),
        })
    out["政府采购合计"] = sum((amount(r[s]) or Decimal(0) for r in _rows(book, "政府采购")
                             for s in SOURCES), Decimal(0))
    return out


def write_approved(path: Path, rows: list[list[Any]], sheet: str = "批复",
                   headers: tuple[str, ...] = APPROVED_HEADERS) -> Path:
    """A 批复 workbook as the bureau's system exports it: amounts as numbers (floats)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    book.save(path)
    return path


def approved_row(department: dict[str, Any], **changed: Any) -> list[Any]:
    """The 批复 row that agrees with a department's figures, with ``changed`` columns."""
    values = {"单位全称": department["单位全称"], "部门简称": department["部门简称"],
              "年度": department["年度"], **{n: department[n] for n in FIGURES}, **changed}
    return [values.get(h) for h in APPROVED_HEADERS]


def in_yuan(source: Path, target: Path, full: str, short: str) -> Path:
    """A copy of a workbook with every amount typed in 元 (×10000), under another name."""
    book = openpyxl.load_workbook(source)
    book["基本信息"]["B2"] = short
    book["基本信息"]["B3"] = full
    for sheet, columns in (("收支预算", "CD"), ("三公经费", "BC"), ("政府采购", "BGHIJKL")):
        ws = book[sheet]
        for letter in columns:
            for row in range(2, ws.max_row + 1):
                cell = ws[f"{letter}{row}"]
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.value = cell.value * 10000
    ws = book["机关运行经费"]
    for row in range(2, ws.max_row + 1):
        if ws[f"A{row}"].value in ("本年", "上年") and isinstance(ws[f"B{row}"].value, (int, float)):
            ws[f"B{row}"].value = ws[f"B{row}"].value * 10000
    book.save(target)
    return target
