"""The approved budget (批复): the bureau's workbook of approved figures, read and checked
like a department's, and every department's figures compared with it to the fen.

The format is ``workbook_format.APPROVED`` (docs/approved.md): a sheet 批复, one department a
row, matched to a workbook by 单位全称 (部门简称 accepted); a figure left empty is not
compared. A figure of a workbook that differs from its approved figure is an error naming
both files, both cells and both amounts; a workbook whose department is not in the 批复 is
an error too (it cannot be checked); a department of the 批复 without a workbook is a
warning of the county.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .county import Department, Names, closest, matches, same_name
from .errors import Finding, WorkbookError
from .figures import fmt
from .workbook_format import APPROVED, KEY_FIGURES

RULE = "批复数"  # a figure that differs from the 批复
MATCH_RULE = "批复对应"  # a workbook not found (or not found once) in the 批复
YEAR_RULE = "批复年度"  # the 批复's row is of another year
MISSING_RULE = "批复无工作簿"  # a department of the 批复 without a workbook
YUAN = Decimal(10_000)
TOO_LARGE = Decimal(100_000)  # 万元: plausibility.LIMITS.department_total


@dataclass(frozen=True)
class ApprovedRow:
    """One department of the 批复."""

    row: int
    full: str
    short: str
    year: int | None
    amounts: dict[str, Decimal | None]
    cells: dict[str, str]  # column header → cell, e.g. "支出合计" → "E5"


@dataclass
class Approved:
    """A checked 批复 workbook."""

    file: str  # as named in messages
    rows: list[ApprovedRow]  # a county.Names: indexed by 单位全称 and 部门简称
    warnings: list[Finding] = field(default_factory=list)
    sha256: str = ""

    def __post_init__(self) -> None:
        self.rows = Names(self.rows)


def read_approved(path: str | Path, label: str | None = None) -> Approved:
    """Read and check a 批复 workbook with the department workbooks' reader and rules; raise
    WorkbookError listing every problem at its cell."""
    from .read import read_workbook
    from .validate import validate_table

    file = label or str(path)
    raw = read_workbook(path, file, (APPROVED,))
    sheet = raw["sheets"].get(APPROVED.name)
    if sheet is None:
        others = "、".join(f"“{n}”" for n in raw["names"]) or "（没有）"
        raise WorkbookError(f"{file}: 不是批复工作簿", [Finding(
            file, "", "", "缺少工作表",
            f"没有名为“{APPROVED.name}”的工作表（工作簿中的工作表：{others}）：请把批复数所在的"
            f"工作表改名为“{APPROVED.name}”，格式见 docs/approved.md，或用 gendisclosure init "
            "--approved 批复.xlsx 生成空白的批复工作簿")])
    data, findings = validate_table(file, APPROVED, sheet)
    columns = data["columns"]
    rows: list[ApprovedRow] = []
    seen: dict[str, int] = {}
    for record in data["records"]:
        number = record["_row"]
        full = str(record["单位全称"])
        key = same_name(full)
        where = f"{columns.get('单位全称', 'A')}{number}"
        if key in seen:
            findings.append(Finding(file, APPROVED.name, where, "单位重复",
                                    f"“{full}”填了两次（另见第{seen[key]}行）：每个单位只填一行"))
            continue
        seen[key] = number
        year = record.get("年度")
        rows.append(ApprovedRow(
            number, full, str(record.get("部门简称") or ""), int(year) if year is not None else None,
            {name: record.get(name) for name, _ in KEY_FIGURES},
            {header: f"{letter}{number}" for header, letter in columns.items()}))
        findings += _implausible(file, rows[-1])
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise WorkbookError(f"{file}: 批复工作簿有 {len(errors)} 处错误，请改正后再核对", findings)
    return Approved(file, rows, findings, _sha256(path))


def _implausible(file: str, row: ApprovedRow) -> list[Finding]:
    """A 批复 exported in 元: its totals are far beyond a department's (a warning)."""
    for name in ("支出合计", "收入合计"):
        value = row.amounts.get(name)
        if value is not None and value > TOO_LARGE:
            return [Finding(file, APPROVED.name, row.cells.get(name, ""), "金额单位",
                            f"{name} {fmt(value)} 万元大得不像一个部门的预算：金额单位应为万元，"
                            "按元导出的批复数请除以 10000", "warning")]
    return []


def _sha256(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


# ---- a department against its 批复 ----------------------------------------------------------


def compare(department: Department, approved: Approved) -> list[Finding]:
    """Every figure of a valid department's workbook that differs from its 批复 (errors), or
    why it cannot be compared."""
    file = department.file
    basics = department.cells.get("单位全称", "")
    sheet, _, where = basics.partition("!")
    rows = matches(approved.rows, department.full, department.short)
    if not rows:
        named = f"单位全称“{department.full}”" + (f"、部门简称“{department.short}”"
                                                 if department.short != department.full else "")
        return [Finding(file, sheet, where, MATCH_RULE,
                        f"{named}在 {approved.file} 中没有，无法核对批复数：请核对单位全称与批复是否"
                        f"一字不差{closest(approved.rows, department.full)}")]
    if len(rows) > 1:
        lines = "、".join(f"第{r.row}行" for r in rows)
        return [Finding(file, sheet, where, MATCH_RULE,
                        f"“{department.full}”在 {approved.file} 中对应到 {lines}：请在批复中填写"
                        "各单位的单位全称，使每个工作簿只对应一行")]
    row = rows[0]
    if row.year is not None and department.year is not None and row.year != department.year:
        year_sheet, _, year_cell = department.cells.get("年度", "").partition("!")
        return [Finding(file, year_sheet, year_cell, YEAR_RULE,
                        f"年度 {department.year} ≠ {approved.file} 第{row.row}行（{row.cells.get('年度', '')}）"
                        f"年度 {row.year}：请用本年度的批复核对")]
    found = []
    for name, how in KEY_FIGURES:
        theirs = row.amounts.get(name)
        if theirs is None:
            continue  # left empty in the 批复: not compared
        ours = department.amount(name)
        sheet_of, cells = department.where(name)
        approved_side = f"{approved.file} 第{row.row}行（{row.cells.get(name, '')}）{name} {fmt(theirs)} 万元"
        if ours is None:
            found.append(Finding(file, sheet_of, cells, RULE,
                                 f"工作簿没有{name}（{how}），而 {approved_side}"))
        elif ours != theirs:
            found.append(Finding(file, sheet_of, cells, RULE,
                                 f"{name} {fmt(ours)} 万元 ≠ {approved_side}"
                                 f"（相差 {fmt(abs(ours - theirs))} 万元{_unit_hint(ours, theirs)}）"))
    return found


def _unit_hint(ours: Decimal, theirs: Decimal) -> str:
    if theirs and ours == theirs * YUAN:
        return "；工作簿的数是批复的 10000 倍：工作簿可能按元填写了，金额应以万元为单位"
    if ours and theirs == ours * YUAN:
        return "；批复的数是工作簿的 10000 倍：批复可能是按元导出的，请换算为万元"
    return ""


def missing(approved: Approved, departments: list[Department]) -> list[Finding]:
    """A warning for each department of the 批复 that no workbook names."""
    named: set[int] = set()
    for department in departments:
        if department.full or department.short:
            named.update(r.row for r in matches(approved.rows, department.full, department.short))
    return [Finding(approved.file, APPROVED.name, row.cells.get("单位全称", ""), MISSING_RULE,
                    f"批复中的“{row.full}”（第{row.row}行）没有对应的部门工作簿：请收齐该部门的工作簿，"
                    "或核对其工作簿“基本信息”中的单位全称", "warning")
            for row in approved.rows if row.row not in named]
