"""A county's departments as the finance bureau reviews them: each workbook's key figures
with the cells they come from, and the review against the approved budget (批复) and last
year's summary.

A :class:`Department` is plain data (it travels from a batch's worker processes and is kept
in the ``--report`` manifest): 部门简称, 单位全称, 年度 and, for a valid workbook, the figures
of ``workbook_format.KEY_FIGURES`` as exact text with their cells, e.g. 支出合计 本年
"3308.233094" from "收支预算!C6+C7+C9". Amounts compare as Decimal, never as floats.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .budget import PROCUREMENT_SOURCES, SANGONG_ITEMS, budget_rows, records
from .checks import cell, kv_cell
from .errors import CountsFindings, DisclosureError, Finding, WorkbookError, findings_of
from .workbook_format import KEY_FIGURES

if TYPE_CHECKING:
    from .approved import Approved
    from .summary import Previous

YEARS = ("this", "last")


@dataclass
class Department:
    """One workbook's department and key figures (JSON-able; see the module's text)."""

    file: str  # the workbook as named in messages
    short: str = ""  # 部门简称
    full: str = ""  # 单位全称
    year: int | None = None
    new: bool = False  # 新设部门: no 上年 to compare
    cells: dict[str, str] = field(default_factory=dict)  # "单位全称" → "基本信息!B3"
    # figure → {"this": "3308.233094", "last": "2871.516773", "this_cells": "收支预算!C6+C7+C9",
    # "last_cells": …}; empty for a workbook that did not pass its checks
    figures: dict[str, dict[str, str]] = field(default_factory=dict)
    projects: int | None = None  # 项目 (project tables)
    indicators: int | None = None  # 整体绩效指标 and 项目指标 rows

    def amount(self, name: str, which: str = "this") -> Decimal | None:
        text = self.figures.get(name, {}).get(which, "")
        return Decimal(text) if text else None

    def where(self, name: str, which: str = "this") -> tuple[str, str]:
        """(sheet, cells) a figure comes from, e.g. ("收支预算", "C6+C7+C9")."""
        text = self.figures.get(name, {}).get(f"{which}_cells", "")
        sheet, _, cells = text.partition("!")
        return (sheet, cells) if cells else ("", "")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, file: str = "") -> Department:
        data = dict(data or {})
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known.setdefault("file", file)
        return cls(**known)

    @property
    def name(self) -> str:
        """What the bureau calls the department: 部门简称, else 单位全称, else the file."""
        return self.short or self.full or Path(self.file).stem


def department_of(book: dict, context: dict) -> Department:
    """The department and key figures of a valid workbook (its clean data and context)."""
    def basic(key: str) -> str:
        where = kv_cell(book, "基本信息", key)
        return f"基本信息!{where}" if where else ""

    figures: dict[str, dict[str, str]] = {}

    def at(sheet: str, record: dict | None, name: str) -> str:
        """The cell of a field that holds a value ("" for none)."""
        return cell(book, sheet, record, name) if record and record.get(name) is not None else ""

    def put(name: str, figure: dict, sheet: str, this: list[str], last: list[str]) -> None:
        figures[name] = {"this": str(figure.get("本年", "")), "last": str(figure.get("上年", "")),
                         "this_cells": cells_of(sheet, this), "last_cells": cells_of(sheet, last)}

    budget = "收支预算"
    income = [r for r in records(book, budget) if r["类别"] == "收入"]
    put("收入合计", context["收入"]["合计"], budget, [at(budget, r, "本年") for r in income],
        [at(budget, r, "上年") for r in income])
    expense = budget_rows(book, "支出")

    def base(year: str) -> list[str]:
        row = expense.get("基本支出")
        if row is not None and row[year] is not None:
            return [at(budget, row, year)]
        return [at(budget, expense.get(n), year) for n in ("人员经费", "公用经费")]

    def project(year: str) -> list[str]:
        return [at(budget, expense.get("项目支出"), year)]

    spending = context["支出"]
    put("支出合计", spending["合计"], budget, base("本年") + project("本年"),
        base("上年") + project("上年"))
    put("基本支出", spending["基本支出"], budget, base("本年"), base("上年"))
    put("项目支出", spending["项目支出"], budget, project("本年"), project("上年"))
    sangong = "三公经费"
    by_item = {r["项目"]: r for r in records(book, sangong)}
    items = {f["名称"]: f for f in context["三公经费"]["项目"]}

    def item_cells(names: tuple[str, ...], year: str) -> list[str]:
        return [at(sangong, by_item.get(n), year) for n in names]

    put("三公经费合计", context["三公经费"]["合计"], sangong, item_cells(SANGONG_ITEMS, "本年"),
        item_cells(SANGONG_ITEMS, "上年"))
    for name in SANGONG_ITEMS:
        put(name, items[name], sangong, item_cells((name,), "本年"), item_cells((name,), "上年"))
    running = "机关运行经费"
    put(running, context[running], running, [kv_cell(book, running, "本年")],
        [kv_cell(book, running, "上年")] if context[running]["上年"] else [])
    procurement = "政府采购"
    letters = book["sheets"][procurement]["columns"]
    bought = records(book, procurement)
    put("政府采购合计", {"本年": context[procurement]["合计"]}, procurement,
        [f"{letters.get(s, '')}{r['_row']}" for s in PROCUREMENT_SOURCES for r in bought
         if r.get(s) is not None], [])
    assert set(figures) == {name for name, _ in KEY_FIGURES}
    return Department(
        file=book["file"], short=str(context["部门简称"]), full=str(context["单位全称"]),
        year=int(context["年度"]), new=bool(context["新设部门"]),
        cells={k: basic(k) for k in ("部门简称", "单位全称", "年度")},
        figures=figures, projects=len(context["项目表"]),
        indicators=len(records(book, "项目指标")) + len(records(book, "整体绩效指标")),
    )


def typed_department(workbook: str | Path, label: str | None = None) -> Department:
    """部门简称, 单位全称 and 年度 as typed in a workbook that did not pass its checks (so
    that the bureau still sees whose it is); empty where even that cannot be read."""
    from .read import read_workbook
    from .structure import records_of
    from .workbook_format import BY_NAME

    file = label or str(workbook)
    department = Department(file)
    sheet = BY_NAME["基本信息"]
    try:
        raw = read_workbook(workbook, file, (sheet,))
    except DisclosureError:
        return department
    data = records_of(file, sheet, raw["sheets"].get(sheet.name), [])
    typed = {str(r.get("项目")): r.get("内容") for r in (data or {}).get("records", [])}
    department.short = _text(typed.get("部门简称"))
    department.full = _text(typed.get("单位全称"))
    year = typed.get("年度")
    if isinstance(year, (int, float)) and not isinstance(year, bool) and year == int(year):
        department.year = int(year)
    elif isinstance(year, str) and year.strip().isdigit():
        department.year = int(year.strip())
    return department


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, bool) else str(value).strip()


# ---- cell references ----------------------------------------------------------------------

_REF = re.compile(r"([A-Z]{1,3})([0-9]+)\Z")


def cells_of(sheet: str, refs: list[str]) -> str:
    """"收支预算!C2:C5" for C2 C3 C4 C5; "收支预算!C6+C7+C9"; "政府采购!H2:L9" for a block of
    whole columns; "" when there is no cell. Runs of one column become ranges."""
    from .xlsx import column_letters, column_number

    cells = [_REF.match(r) for r in refs if r]
    parsed = [(column_number(m.group(1)), int(m.group(2))) for m in cells if m]
    if not parsed:
        return ""
    by_column: dict[int, list[int]] = {}
    for column, row in parsed:
        by_column.setdefault(column, []).append(row)
    runs = {c: _runs(sorted(set(rows))) for c, rows in by_column.items()}
    columns = sorted(runs)
    first = runs[columns[0]]
    if (len(columns) > 1 and len(first) == 1 and columns == list(range(columns[0], columns[-1] + 1))
            and all(runs[c] == first for c in columns)):
        (low, high), = first
        return f"{sheet}!{column_letters(columns[0])}{low}:{column_letters(columns[-1])}{high}"
    parts = []
    for column, row in parsed:  # in the order given, each run once
        for low, high in runs[column]:
            if low <= row <= high:
                letters = column_letters(column)
                text = f"{letters}{low}" if low == high else f"{letters}{low}:{letters}{high}"
                if text not in parts:
                    parts.append(text)
    return f"{sheet}!{'+'.join(parts)}"


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


# ---- which row of the 批复 (or of last year's summary) is a department's -------------------


class Named(Protocol):
    full: str
    short: str


N = TypeVar("N", bound=Named)
_SPACES = re.compile(r"\s+")
_PARENS = str.maketrans("()", "（）")


def same_name(text: str | None) -> str:
    """A name as compared: spaces (also full-width) dropped, half-width brackets as full-width."""
    return _SPACES.sub("", (text or "").translate(_PARENS))


def matches(rows: list[N], full: str, short: str) -> list[N]:
    """The rows naming this department: by 单位全称; failing that, by 部门简称 (either
    side's short name against the other's full or short name). ``rows`` may be a
    :class:`Names` index of them, for many look-ups."""
    index = rows if isinstance(rows, Names) else Names(rows)
    return index.find(full, short)


class Names(list):
    """Rows with 单位全称 and 部门简称, indexed by name as compared (see :func:`matches`)."""

    def __init__(self, rows: list) -> None:
        super().__init__(rows)
        self.by_full: dict[str, list[int]] = {}
        self.by_short: dict[str, list[int]] = {}
        for position, row in enumerate(rows):
            self.by_full.setdefault(same_name(row.full), []).append(position)
            if same_name(row.short):
                self.by_short.setdefault(same_name(row.short), []).append(position)

    def find(self, full: str, short: str) -> list:
        full, short = same_name(full), same_name(short)
        if full and full in self.by_full:
            return [self[p] for p in self.by_full[full]]
        found: set[int] = set()
        for name in {full, short} - {""}:
            found.update(self.by_full.get(name, ()), self.by_short.get(name, ()))
        return [self[p] for p in sorted(found)]


def closest(rows: list[N], full: str) -> str:
    """"；最接近的是“…”" for a name not found, or ""."""
    import difflib

    names = [r.full for r in rows if r.full]
    close = difflib.get_close_matches(full, names, n=1, cutoff=0.6)
    return f"；最接近的是“{close[0]}”" if close else ""


# ---- the review ---------------------------------------------------------------------------


@dataclass
class Review:
    """What each department is checked against besides its own rules: the 批复 (a figure
    that differs is an error) and last year's summary (上年 that is not last year's 本年 is a
    warning). Picklable: a batch hands it to each worker process."""

    approved: Approved | None = None
    previous: Previous | None = None
    seen: Department | None = None  # the department of the workbook checked last

    def check(self, book: dict, context: dict) -> list[Finding]:
        """Review one valid workbook: raise WorkbookError when it differs from the 批复 (its
        document must not be published), else return the warnings. The department is kept
        in ``seen``."""
        department = self.seen = department_of(book, context)
        found = self.compare(department)
        errors = [f for f in found if f.level == "error"]
        if errors:
            from .validate import _position

            everything = sorted([*book.get("warnings", []), *found], key=_position)
            raise WorkbookError(f"{book['file']}: 与批复数核对有 {len(errors)} 处不符，未生成文档",
                                everything)
        return found

    def compare(self, department: Department) -> list[Finding]:
        """The findings of one department against the 批复 and last year's summary."""
        found: list[Finding] = []
        # imported where used: a run without --approved or --previous-summary loads neither
        if self.approved is not None:
            from .approved import compare as against_approved

            found += against_approved(department, self.approved)
        if self.previous is not None and department.figures:
            from .summary import compare_last_year

            found += compare_last_year(department, self.previous)
        return found

    def missing(self, departments: list[Department]) -> list[Finding]:
        """Departments of the 批复 without a workbook (warnings naming the 批复's cell)."""
        from .approved import missing

        return missing(self.approved, departments) if self.approved is not None else []

    @property
    def sha256(self) -> str:
        """The files reviewed against, as one hash ("" for none): a workbook generated
        against other ones is not skipped as unchanged."""
        files = [x.sha256 for x in (self.approved, self.previous) if x is not None]
        return hashlib.sha256("\0".join(files).encode()).hexdigest() if files else ""

    @property
    def active(self) -> bool:
        return self.approved is not None or self.previous is not None


def same_department(departments: list[Department]) -> list[Finding]:
    """Workbooks of one department for one year (the same 单位全称 and 年度) in one run:
    each after the first is told, since the county's totals would count it twice."""
    first: dict[tuple[str, int | None], Department] = {}
    out = []
    for department in departments:
        if not department.full:
            continue
        key = (department.full, department.year)
        if key in first:
            where = department.cells.get("单位全称", "")
            sheet, _, cell = where.partition("!")
            out.append(Finding(department.file, sheet, cell, "部门重复",
                               f"单位全称“{department.full}”与 {first[key].file} 相同：同一部门同一年度有两个"
                               "工作簿，全县汇总会把它算两次；请删去多余的一个，或改正单位全称", "warning"))
        else:
            first[key] = department
    return out


# ---- one department's row of the county summary --------------------------------------------

STATUS_WORDS = {  # how the summary says what became of a workbook
    "generated": "已生成",
    "skipped": "未变化（跳过）",
    "failed": "失败",
    "ok": "通过",
    "invalid": "未通过",
    "absent": "无工作簿",
}
PUBLISHED = ("generated", "skipped", "ok")


@dataclass
class DepartmentReport(CountsFindings):
    """One workbook of the county (or a department of the 批复 without one): what became of
    it, its department and figures, and every finding."""

    file: str
    status: str  # a key of STATUS_WORDS
    department: Department
    findings: list[Finding] = field(default_factory=list)
    output: str = ""  # the document written ("" when none)
    reviewed: bool = False  # findings already hold those of the Review


def report_of(workbook: str | Path, label: str | None = None) -> DepartmentReport:
    """One workbook checked (nothing written): its status "ok" or "invalid", department,
    figures and findings (what the bureau's page keeps per workbook)."""
    from .api import load
    from .context import build_context

    file = label or str(workbook)
    try:
        book = load(workbook, label)
        context = build_context(book)
    except WorkbookError as error:
        findings = findings_of(error, file)
        return DepartmentReport(file, "invalid", typed_department(workbook, file), findings)
    return DepartmentReport(file, "ok", department_of(book, context), list(book["warnings"]))


def report_of_outcome(outcome: Any) -> DepartmentReport:
    """A batch run's outcome of one workbook (batch.Outcome) as a row of the summary."""
    findings = [Finding(**{k: f.get(k, "") for k in ("file", "sheet", "cell", "rule", "message")},
                        level=f.get("level", "error")) for f in outcome.findings]
    return DepartmentReport(outcome.input, outcome.status,
                            Department.from_dict(outcome.department, outcome.input), findings,
                            outcome.output if outcome.status != "failed" else "", reviewed=True)
