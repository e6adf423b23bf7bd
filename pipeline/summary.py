"""The county summary workbook (``--summary 汇总.xlsx``), and last year's read back.

Three sheets: 汇总 (a row per department: status, counts of errors and warnings, the key
figures with 上年 and change, projects, indicators, files; a totals row; amounts to the
fen; frozen header, filters, increases in red and decreases in green), 问题 (every finding
of every department, filterable) and 图表 (native Excel charts over the 汇总 sheet, which a
reviewer can restyle). Equal input gives equal bytes: no clock, no machine in the file.

Year over year (``--previous-summary``): last year's summary (or ``--report`` manifest)
gives each department's published 本年; this year's 上年 must equal it, else a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .county import (
    PUBLISHED,
    STATUS_WORDS,
    Department,
    DepartmentReport,
    Names,
    Review,
    matches,
)
from .errors import Finding, WorkbookError, printable
from .figures import fmt
from .workbook_format import KEY_FIGURES, NO_LAST_YEAR, PREVIOUS_SUMMARY, SUMMARY_SHEET

LAST_YEAR_RULE = "上年数"  # 上年 differs from last year's published 本年
LAST_YEAR_MATCH_RULE = "上年对应"  # the department is not (once) in last year's summary
FINDINGS_SHEET, CHARTS_SHEET = "问题", "图表"
TOTAL = "合计"  # 部门 of the totals row
AMOUNT_FORMAT = "#,##0.00####"  # thousands separated, 2 to 6 decimals: to the fen (万元)
CHANGE_FORMAT = "+#,##0.00####;-#,##0.00####;0"
COUNT_FORMAT = "0"
INCREASE, DECREASE = "C00000", "00A050"  # red up, green down, as Chinese tables colour them
HEADER_FILL, TOTAL_FILL, PROBLEM_FILL, WARNING_FILL = "DDEBF7", "F2F2F2", "F8CBAD", "FFF2CC"
CHANGED = ("收入合计", "支出合计", "基本支出", "项目支出", "三公经费合计")  # with an 增减 column
SANGONG = ("三公经费合计", "因公出国（境）费", "公务用车购置费", "公务用车运维费", "公务接待费")
LEVEL_WORDS = {"error": "错误", "warning": "警告"}


# ---- the columns of the 汇总 sheet ---------------------------------------------------------


@dataclass(frozen=True)
class SummaryColumn:
    header: str
    kind: str  # text | int | count | amount | change
    width: int


def summary_columns() -> list[SummaryColumn]:
    """The 汇总 sheet's columns in order (its first columns, and every 本年 figure, carry
    the headers PREVIOUS_SUMMARY reads back next year)."""
    columns = [SummaryColumn("部门", "text", 18), SummaryColumn("单位全称", "text", 28),
               SummaryColumn("年度", "int", 7), SummaryColumn("状态", "text", 14),
               SummaryColumn("错误数", "count", 7), SummaryColumn("警告数", "count", 7),
               SummaryColumn("批复核对", "text", 14), SummaryColumn("上年核对", "text", 14)]
    for name, _ in KEY_FIGURES:
        columns.append(SummaryColumn(name, "amount", 15))
        if name not in NO_LAST_YEAR:
            columns.append(SummaryColumn(f"{name}上年", "amount", 15))
        if name in CHANGED:
            columns.append(SummaryColumn(f"{name}增减", "change", 14))
    columns += [SummaryColumn("项目数", "count", 7), SummaryColumn("绩效指标数", "count", 9),
                SummaryColumn("工作簿", "text", 30), SummaryColumn("输出文件", "text", 30)]
    assert {c.header for c in PREVIOUS_SUMMARY.columns} <= {c.header for c in columns}
    return columns


FINDING_COLUMNS = (("部门", 18), ("单位全称", 28), ("工作簿", 30), ("工作表", 12), ("单元格", 14),
                   ("级别", 6), ("规则", 12), ("说明", 100))


# ---- the workbook --------------------------------------------------------------------------


def preload() -> None:
    """Import what writing the summary needs (openpyxl takes 0.3–0.5 s to import): a batch
    does it while its parent process only waits for the workers (batch.run's meanwhile).

    openpyxl imports numpy where it is installed, only to accept numpy numbers as cell
    values, which the summary never holds; numpy is half of that time. In a batch's parent
    nothing else imports meanwhile, so numpy is kept out of openpyxl's import there."""
    import sys

    keep_out = "numpy" not in sys.modules and "openpyxl" not in sys.modules
    if keep_out:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy → ImportError
    try:
        import openpyxl.cell  # noqa: F401
        import openpyxl.chart  # noqa: F401
        import openpyxl.formatting.rule  # noqa: F401
        import openpyxl.styles  # noqa: F401
        import openpyxl.workbook  # noqa: F401
    finally:
        if keep_out and sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]



def summary_workbook(reports: list[DepartmentReport], review: Review | None = None,
                     county: list[Finding] | None = None) -> bytes:
    """The summary of ``reports`` (one per workbook, in the order given) as .xlsx bytes.

    ``review``: the 批复 and last year's summary: each report whose findings do not hold
    its review yet is reviewed here, and the 批复's departments without a workbook get a
    row. ``county``: findings of no one workbook (added to the 问题 sheet)."""
    from openpyxl import Workbook

    rows = _rows(reports, review)
    county = list(county or [])
    if review is not None and review.approved is not None and not any(
            f.rule == "批复无工作簿" for f in county):
        county += review.missing([r.department for r, _ in rows])
    rows += [(_absent(f, review), [f]) for f in county if f.rule == "批复无工作簿"]
    years = [r.department.year for r, _ in rows if r.department.year]
    year = max(years) if years else 2000
    book = Workbook(write_only=True)
    columns = summary_columns()
    summary = book.create_sheet(SUMMARY_SHEET)
    findings = book.create_sheet(FINDINGS_SHEET)
    summary_rows = _summary_sheet(summary, columns, rows, review)
    finding_rows = _findings_sheet(findings, rows, [f for f in county if f.rule != "批复无工作簿"])
    _charts_sheet(book.create_sheet(CHARTS_SHEET), summary, columns, rows)
    book.properties.creator = "gendisclosure"
    book.properties.title = f"{year}年部门预算公开汇总"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue(), year, {summary.path.lstrip("/"): summary_rows,
                                            findings.path.lstrip("/"): finding_rows})


def _rows(reports: list[DepartmentReport], review: Review | None
          ) -> list[tuple[DepartmentReport, list[Finding]]]:
    """Each report with its findings, the review's added where they are not yet."""
    out = []
    for report in reports:
        findings = list(report.findings)
        if review is not None and not report.reviewed and report.department.figures:
            findings += review.compare(report.department)
        out.append((report, findings))
    return out


def _absent(finding: Finding, review: Review | None) -> DepartmentReport:
    """The row of a 批复 department without a workbook."""
    assert review is not None and review.approved is not None
    row = next(r for r in review.approved.rows if r.cells.get("单位全称") == finding.cell)
    return DepartmentReport("", "absent", Department("", row.short, row.full, row.year),
                            [finding])


class _Styles:
    """The few styles of the summary, made once; ``id`` gives the workbook's number of a
    style for the rows written as XML (see :class:`_Rows`)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws, self.cell = ws, WriteOnlyCell
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self.problem_fill = PatternFill("solid", fgColor=PROBLEM_FILL)
        self.warning_fill = PatternFill("solid", fgColor=WARNING_FILL)
        self.centered = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrapped = Alignment(vertical="top", wrap_text=True)
        self._ids: dict[tuple, int] = {}

    def id(self, kind: str = "text", font: Any = None, fill: Any = None, alignment: Any = None) -> int:
        key = (kind, id(font), id(fill), id(alignment))
        if key not in self._ids:
            cell = self.cell(self.ws)
            if NUMBER_FORMATS.get(kind):
                cell.number_format = NUMBER_FORMATS[kind]
            for name, value in (("font", font), ("fill", fill), ("alignment", alignment)):
                if value is not None:
                    setattr(cell, name, value)
            self._ids[key] = cell.style_id  # registers the style with the workbook
        return self._ids[key]


class _Rows:
    """Rows of a sheet as SpreadsheetML, spliced into the saved workbook (openpyxl writes a
    cell in some 30 µs; a county's summary has thousands). Values are data, never
    formulas: text is escaped (errors.printable) and written as an inline string; amounts
    are written as their exact digits."""

    def __init__(self, width: int) -> None:
        from openpyxl.utils import get_column_letter

        self.letters = [get_column_letter(i) for i in range(1, width + 1)]
        self.parts: list[str] = []
        self.count = 1  # the header, written by openpyxl

    def add(self, cells: list[tuple[Any, int]]) -> None:
        self.count += 1
        number = self.count
        out = [f'<row r="{number}">']
        for letter, (value, style) in zip(self.letters, cells):
            ref = f"{letter}{number}"
            styled = f' s="{style}"' if style else ""
            if value is None:
                if style:
                    out.append(f'<c r="{ref}"{styled}/>')
            elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                text = fmt(value) if isinstance(value, Decimal) else str(value)
                out.append(f'<c r="{ref}"{styled}><v>{text}</v></c>')
            else:
                text = _xml_text(str(value))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                out.append(f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>')
        out.append("</row>")
        self.parts.append("".join(out))

    def xml(self) -> str:
        return "".join(self.parts)


_NOT_XML = re.compile("[\ufffe\uffff]")  # what errors.printable leaves that XML refuses


def _xml_text(text: str) -> str:
    """Text as XML character data (not through xml.sax.saxutils: it imports urllib)."""
    text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", printable(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _summary_sheet(ws: Any, columns: list[SummaryColumn], rows: list, review: Review | None) -> _Rows:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    styles = _Styles(ws)
    last = len(rows) + 1
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    for index, column in enumerate(columns, start=1):
        if column.kind == "change" and rows:
            letter = get_column_letter(index)
            where = f"{letter}2:{letter}{last}"
            ws.conditional_formatting.add(where, CellIsRule(operator="greaterThan", formula=["0"],
                                                            font=Font(color=INCREASE)))
            ws.conditional_formatting.add(where, CellIsRule(operator="lessThan", formula=["0"],
                                                            font=Font(color=DECREASE)))
    _header(ws, [(c.header, c.width) for c in columns], styles)
    plain = [styles.id(c.kind) for c in columns]
    problem, warning = styles.id(fill=styles.problem_fill), styles.id(fill=styles.warning_fill)
    out = _Rows(len(columns))
    totals: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for report, findings in rows:
        counts[report.status] = counts.get(report.status, 0) + 1
        values = _values(report, findings, review)
        cells = []
        for column, style in zip(columns, plain):
            value = values.get(column.header)
            if column.kind in ("amount", "change", "count") and value is not None:
                totals[column.header] = totals.get(column.header, 0) + value
            if column.header == "状态" and report.status in ("failed", "invalid", "absent"):
                style = problem
            elif column.header in ("批复核对", "上年核对") and value and value != "一致":
                style = problem if "不符" in value else warning
            cells.append((value, style))
        out.add(cells)
    totals["部门"] = TOTAL
    totals["状态"] = "，".join(f"{STATUS_WORDS[s]} {n}" for s, n in _in_order(counts))
    out.add([(totals.get(c.header), styles.id(c.kind, styles.bold, styles.total_fill))
             for c in columns])
    return out


def _values(report: DepartmentReport, findings: list[Finding], review: Review | None
            ) -> dict[str, Any]:
    department = report.department
    values: dict[str, Any] = {
        "部门": department.short or (Path(report.file).stem if report.file else ""),
        "单位全称": department.full, "年度": department.year,
        "状态": STATUS_WORDS.get(report.status, report.status),
        "错误数": sum(f.level == "error" for f in findings),
        "警告数": sum(f.level != "error" for f in findings),
        "批复核对": approved_state(report, findings, review),
        "上年核对": last_year_state(report, findings, review),
        "项目数": department.projects, "绩效指标数": department.indicators,
        "工作簿": report.file, "输出文件": report.output,
    }
    for name, _ in KEY_FIGURES:
        this, last = department.amount(name), department.amount(name, "last")
        values[name] = this
        values[f"{name}上年"] = last
        values[f"{name}增减"] = this - last if this is not None and last is not None else None
    return values


def approved_state(report: DepartmentReport, findings: list[Finding], review: Review | None) -> str:
    from .approved import MATCH_RULE, RULE, YEAR_RULE

    if review is None or review.approved is None:
        return ""
    if report.status == "absent":
        return "无工作簿"
    if any(f.rule == MATCH_RULE for f in findings):
        return "批复中没有"
    if any(f.rule == YEAR_RULE for f in findings):
        return "年度不符"
    if not report.department.figures:
        return "未核对（工作簿有错）"
    different = sum(f.rule == RULE for f in findings)
    return f"不符 {different} 处" if different else "一致"


def last_year_state(report: DepartmentReport, findings: list[Finding], review: Review | None) -> str:
    if review is None or review.previous is None or report.status == "absent":
        return ""
    if report.department.new:
        return "新设部门"
    if not report.department.figures:
        return "未核对（工作簿有错）"
    if any(f.rule == LAST_YEAR_MATCH_RULE for f in findings):
        return "未核对"
    different = sum(f.rule == LAST_YEAR_RULE for f in findings)
    return f"不符 {different} 处" if different else "一致"


def _findings_sheet(ws: Any, rows: list, county: list[Finding]) -> _Rows:
    styles = _Styles(ws)
    count = sum(len(findings) for _, findings in rows) + len(county)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{count + 1}"
    _header(ws, list(FINDING_COLUMNS), styles)
    wrapped = styles.id(alignment=styles.wrapped)
    out = _Rows(len(FINDING_COLUMNS))
    for report, findings in rows:
        department = report.department
        name = department.short or (Path(report.file).stem if report.file else "")
        for f in findings:
            out.add([(name, 0), (department.full, 0), *_finding_cells(f, wrapped)])
    for f in county:
        out.add([(None, 0), (None, 0), *_finding_cells(f, wrapped)])
    return out


def _finding_cells(finding: Finding, wrapped: int) -> list[tuple[Any, int]]:
    return [(finding.file, 0), (finding.sheet, 0), (finding.cell, 0),
            (LEVEL_WORDS.get(finding.level, finding.level), 0), (finding.rule, 0),
            (finding.message, wrapped)]


def _charts_sheet(ws: Any, summary: Any, columns: list[SummaryColumn], rows: list) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    counts: dict[str, int] = {}
    for report, _ in rows:
        counts[report.status] = counts.get(report.status, 0) + 1
    _header(ws, [("状态", 16), ("部门数", 8)], _Styles(ws))
    for status, count in _in_order(counts):
        ws.append([_text_cell(ws, STATUS_WORDS.get(status, status)), count])
    n = len(rows)
    if not n:
        return
    index = {c.header: i for i, c in enumerate(columns, start=1)}
    names = Reference(summary, min_col=index["部门"], min_row=2, max_row=n + 1)
    height = max(7.5, 0.8 * n + 3)  # centimetres: every department's name shown

    status = BarChart()
    status.type = "col"
    status.title = "各状态的部门数"
    status.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(counts) + 1), titles_from_data=True)
    status.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(counts) + 1))
    status.legend = None
    status.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                      showLegendKey=False, showPercent=False)
    status.height, status.width = 7.5, 12
    _axes_shown(status)
    ws.add_chart(status, "D2")

    spending = BarChart()
    spending.type = "bar"
    spending.title = "各部门支出合计（万元）"
    spending.add_data(Reference(summary, min_col=index["支出合计"], min_row=1, max_row=n + 1),
                      titles_from_data=True)
    spending.set_categories(names)
    spending.legend = None
    spending.height, spending.width = height, 18
    spending.x_axis.scaling.orientation = "maxMin"  # the first department on top
    spending.y_axis.number_format = "#,##0"
    _axes_shown(spending)
    ws.add_chart(spending, "D18")

    sangong = BarChart()
    sangong.type = "bar"
    sangong.grouping = "stacked"
    sangong.overlap = 100
    sangong.title = "各部门“三公”经费（万元，按项目堆叠）"
    for item in SANGONG[1:]:
        sangong.add_data(Reference(summary, min_col=index[item], min_row=1, max_row=n + 1),
                         titles_from_data=True)
    sangong.set_categories(names)
    sangong.height, sangong.width = height, 18
    sangong.x_axis.scaling.orientation = "maxMin"
    sangong.legend.position = "t"
    sangong.y_axis.number_format = "#,##0.00"
    _axes_shown(sangong)
    ws.add_chart(sangong, "O18")


def _in_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Departments by status, the statuses in the order of STATUS_WORDS."""
    return [(s, counts[s]) for s in STATUS_WORDS if counts.get(s)]


def _axes_shown(chart: Any) -> None:
    """openpyxl ≥ 3.1 hides axes unless told (delete=True); a reviewer wants them."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _header(ws: Any, columns: list[tuple[str, int]], styles: _Styles) -> None:
    """Row 1: bold on blue, centred; the columns' widths (set before any row is written)."""
    from openpyxl.utils import get_column_letter

    for index, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    cells = []
    for header, _ in columns:
        cell = _text_cell(ws, header)
        cell.font, cell.fill, cell.alignment = styles.bold, styles.header_fill, styles.centered
        cells.append(cell)
    ws.append(cells)


NUMBER_FORMATS = {"amount": AMOUNT_FORMAT, "change": CHANGE_FORMAT, "count": COUNT_FORMAT,
                  "int": COUNT_FORMAT}


def _text_cell(ws: Any, text: str) -> Any:
    """A cell openpyxl writes holding text as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=printable(text))
    cell.data_type = "s"
    return cell


def _fixed(data: bytes, year: int, rows: dict[str, _Rows]) -> bytes:
    """The saved workbook with the rows written as XML put in their sheets, dated
    (xlsx_dates.dated) so that equal input gives equal bytes."""
    from .xlsx_dates import dated

    def splice(name: str, content: bytes) -> bytes:
        if name not in rows:
            return content
        end = content.rindex(b"</sheetData>")
        return content[:end] + rows[name].xml().encode("utf-8") + content[end:]

    return dated(data, year, splice)


# ---- last year's summary, read back --------------------------------------------------------

FAILED_WORDS = {STATUS_WORDS[s] for s in STATUS_WORDS if s not in PUBLISHED}


@dataclass(frozen=True)
class PreviousRow:
    """One department of last year's summary (or manifest)."""

    where: str  # "第5行" of the summary, or the manifest's workbook
    full: str
    short: str
    year: int | None
    published: bool  # its document was generated (figures of a failed one were not published)
    amounts: dict[str, Decimal | None]
    cells: dict[str, str]  # header → cell (summary only)

    def at(self, name: str) -> str:
        cell = self.cells.get(name)
        return f"{self.where}（{cell}）" if cell else self.where


@dataclass
class Previous:
    file: str
    rows: list[PreviousRow]  # a county.Names: indexed by 单位全称 and 部门简称
    sha256: str = ""

    def __post_init__(self) -> None:
        self.rows = Names(self.rows)


def is_summary_workbook(path: Path) -> bool:
    """Is the file a summary workbook this program wrote (its 汇总 and 问题 sheets)? Looked
    up in the workbook's list of sheets, without reading the sheets."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            listed = part.read(1 << 20).decode("utf-8", "replace")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError):
        return False
    return all(f'name="{sheet}"' in listed for sheet in (SUMMARY_SHEET, FINDINGS_SHEET))


def read_previous(path: str | Path, label: str | None = None) -> Previous:
    """Last year's summary workbook (its 汇总 sheet, read and checked like any workbook) or
    ``--report`` manifest (.json); raises WorkbookError naming what is wrong."""
    from .read import read_workbook
    from .validate import validate_table

    path = Path(path)
    file = label or str(path)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = ""
    if path.suffix.lower() == ".json":
        return Previous(file, _manifest_rows(path, file), sha)
    raw = read_workbook(path, file, (PREVIOUS_SUMMARY,))
    sheet = raw["sheets"].get(PREVIOUS_SUMMARY.name)
    if sheet is None:
        raise WorkbookError(f"{file}: 不是汇总工作簿：没有“{PREVIOUS_SUMMARY.name}”工作表"
                            "（应是上一年度 gendisclosure --summary 写出的汇总，或 --report 写出的清单）")
    data, findings = validate_table(file, PREVIOUS_SUMMARY, sheet)
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise WorkbookError(f"{file}: 上年汇总有 {len(errors)} 处错误", findings)
    rows = []
    for record in data["records"]:
        if record.get("部门") == TOTAL and not record.get("单位全称"):
            continue
        number = record["_row"]
        year = record.get("年度")
        rows.append(PreviousRow(
            f"第{number}行", str(record.get("单位全称") or ""), str(record.get("部门") or ""),
            int(year) if year is not None else None, record.get("状态") not in FAILED_WORDS,
            {name: record.get(name) for name, _ in KEY_FIGURES},
            {h: f"{letter}{number}" for h, letter in data["columns"].items()}))
    return Previous(file, rows, sha)


def _manifest_rows(path: Path, file: str) -> list[PreviousRow]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["workbooks"]
        assert isinstance(entries, list)
    except (OSError, ValueError, KeyError, TypeError, AssertionError, RecursionError):
        raise WorkbookError(f"{file}: 不是 gendisclosure 的清单（--report 写出的 JSON）") from None
    rows = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("department"), dict):
            continue  # a manifest from before departments were recorded
        department = Department.from_dict(entry["department"], str(entry.get("input", "")))
        rows.append(PreviousRow(
            f"中的“{entry.get('input', '')}”", department.full, department.short, department.year,
            entry.get("status") in PUBLISHED,
            {name: department.amount(name) for name, _ in KEY_FIGURES}, {}))
    return rows


def compare_last_year(department: Department, previous: Previous) -> list[Finding]:
    """Warnings where this year's 上年 is not last year's published 本年."""
    if department.new:
        return []  # a new department has no 上年
    file = department.file
    sheet, _, where = department.cells.get("单位全称", "").partition("!")
    rows = matches(previous.rows, department.full, department.short)
    if len(rows) != 1:
        said = "没有本单位" if not rows else f"有 {len(rows)} 行对应本单位"
        return [Finding(file, sheet, where, LAST_YEAR_MATCH_RULE,
                        f"上年汇总 {previous.file} 中{said}（单位全称“{department.full}”），上年数未核对",
                        "warning")]
    row = rows[0]
    if row.year is not None and department.year is not None and row.year != department.year - 1:
        return [Finding(file, sheet, where, LAST_YEAR_MATCH_RULE,
                        f"上年汇总 {previous.file} {row.where}是 {row.year} 年度的，本工作簿是 "
                        f"{department.year} 年度：上年数应与 {department.year - 1} 年度的汇总核对，未核对",
                        "warning")]
    if not row.published:
        return [Finding(file, sheet, where, LAST_YEAR_MATCH_RULE,
                        f"上年汇总 {previous.file} {row.where}中本单位没有生成文档（未公开），上年数未核对",
                        "warning")]
    found = []
    for name, _ in KEY_FIGURES:
        if name in NO_LAST_YEAR:
            continue
        ours, theirs = department.amount(name, "last"), row.amounts.get(name)
        if ours is None or theirs is None or ours == theirs:
            continue
        last_sheet, cells = department.where(name, "last")
        found.append(Finding(
            file, last_sheet, cells, LAST_YEAR_RULE,
            f"{name}上年 {fmt(ours)} 万元 ≠ 上年汇总 {previous.file} {row.at(name)}"
            f"{row.year or ''}{'年' if row.year else ''}{name} {fmt(theirs)} 万元（相差 {fmt(abs(ours - theirs))} 万元）："
            "上年数应等于上一年度公开的本年数，请核对是否抄错了列", "warning"))
    return found
