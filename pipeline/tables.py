"""The standard budget tables (部门预算公开表) of one department, as plain data.

Every figure is derived from the clean workbook (收支预算, 三公经费, 政府采购, 项目 and the
two 科目 sheets, 支出功能分类 and 基本支出经济分类); nothing is typed in a template.
``build_tables(book, context)`` gives the list that the template context holds as ``公开表``
(also reachable by name or number: ``公开表.一般公共预算支出表``, ``公开表["公开05表"]``).

Each table is a dict:

- ``表号``: "公开01表" … "公开11表"; ``名称``: "部门收支总表" …; ``标题``: department and year
  with the name, "永清县经开区2022年部门收支总表"; ``编制单位``: the 单位全称; ``单位``: "万元"
  ("" for 项目绩效目标表, which has no amounts);
- ``横向``: true for a wide table, printed on a landscape page; ``列数``: its number of columns;
  ``列类型``: each column's kind, "编码" (科目编码), "名称" (a name, indented by its level),
  "金额" (an amount to the fen, as :func:`pipeline.figures.fmt` prints it) or "文字";
- ``表头``: the header rows as published, top to bottom; each row a list of cells
  ``{"文字", "跨列", "跨行"}`` placed left to right past the cells that rows above span into
  (as in HTML): 部门收支总表's first row is 收入 (跨列 2) | 支出 (跨列 2);
- ``行``: the body rows, ``合计行``: the totals rows printed after them (computed, never
  typed). Each row: ``格`` (the texts of its cells, one per column, amounts formatted),
  ``值`` (the same cells as values: an amount or a quantity a Decimal, "" for a blank, else text),
  ``科目编码``, ``名称``, ``级次`` (类/款/项, "" for a row that is not a 科目), ``缩进`` (0 for
  类, 1 for 款, 2 for 项) and ``缩进文字`` (two full-width spaces per level, to put before
  the name where a template cannot indent), ``合计`` (true in 合计行), ``续上`` (the
  columns whose cell is one with the row above's: 项目绩效目标表's 项目名称 and 绩效目标 over a
  project's rows, its 一级指标 over a group's; print them merged down). A totals row of a
  table with 科目编码 and 科目名称 columns has its label in the first cell and the second
  empty: print the two merged;
- ``空表``: true when the department has no such money; the table then has no rows, and
  ``注`` holds its standard note ("某某局2022年无政府性基金预算拨款安排的支出，故本表为空表。",
  worded in :func:`pipeline.wording.empty_note`), else ``注`` is "";
- ``说明``: the sentence of the explanation that quotes the table's figures (worded in
  pipeline/wording.py), such as "2022年一般公共预算支出X万元，其中：一般公共服务支出（类）Y万元，
  占Z%；……。"; for an empty table the note's sentence without "故本表为空表";
- ``可用``: false when the workbook lacks a sheet the table is made from (``缺少``: their
  names, such as ["支出功能分类"]); such a table keeps 表号, 名称, 标题, 编制单位, 单位, 横向,
  列数, 列类型, 表头, 可用 and 缺少, and a template reading any other field of it fails
  with :class:`NotComputable` (a WorkbookError) naming the tables and the missing sheets,
  as the tables workbook does — never a blank table.

政府性基金预算支出表 and 国有资本经营预算支出表 are computable without 支出功能分类 where
收支预算 has no income of that source (they are empty then), and so is
一般公共预算基本支出表 without 基本支出经济分类 where 支出功能分类 has no 一般公共预算
basic expense. 一般公共预算“三公”经费支出表, 政府采购预算表 and 项目绩效目标表 need no 科目
sheet. 项目绩效目标表's rows are its indicators, one a row (项目名称, 绩效目标, 一级/二级/三级指标,
绩效指标描述, 指标值, 指标值确定依据); a template may print them from ``项目表`` as the other
templates do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from .budget import (
    FUNDING_SOURCES,
    SANGONG_CARS,
    SANGONG_ITEMS,
    SOURCE_NAMES,
    budget_rows,
    records,
    total,
)
from .context import Sourced, ref
from .errors import WorkbookError
from .figures import figure, fmt
from .subjects import (
    ECONOMIC_AMOUNTS,
    ECONOMIC_LEVELS,
    GENERAL,
    classes,
    function_rows,
    rolled_up,
    source_of_income,
)
from .wording import empty_note, no_money, share_list
from .workbook_format import ECONOMIC_SHEET, FISCAL_SOURCES, FUNCTION_SHEET, GENERAL_BASE

UNIT = "万元"
FUND, CAPITAL = FUNDING_SOURCES[1:3]
INDENT = {"类": 0, "款": 1, "项": 2}
# the fields an uncomputable table keeps (the rest raise NotComputable)
ALWAYS = ("表号", "名称", "标题", "编制单位", "单位", "横向", "列数", "列类型", "表头", "可用", "缺少")
WIDE = 6  # more columns than this: a landscape page


class NotComputable(WorkbookError):
    """The workbook lacks the 科目 sheets some standard tables are made from, and a template
    printed one of them or the tables workbook was asked for (see :func:`not_computable`)."""

    sheets: list[str] = []  # the sheets it lacks


def not_computable(file: str, tables: Iterable[dict]) -> NotComputable:
    """The one refusal of tables the workbook lacks sheets for, wherever they are asked
    for: a template that prints one, or the tables workbook (``--tables``, the web page)."""
    lacking = list(tables)
    sheets = list(dict.fromkeys(s for t in lacking for s in dict.__getitem__(t, "缺少")))
    named = "、".join(f"“{s}”" for s in sheets)
    listed = "、".join(f"{dict.__getitem__(t, '表号')} {dict.__getitem__(t, '名称')}" for t in lacking)
    refusal = NotComputable(
        f"{file}: 无法生成公开表：{listed} 由工作表{named}算出，工作簿中没有"
        f"{'这张表' if len(sheets) == 1 else '这些表'}（或没有填写）：请按 docs/workbook.md 加上{named}"
        "（带公开表用的空白工作簿有它们）；不公开这些表的地区，选用不印公开表的模板"
        "（如 disclosure、sections12），也不要另外写出公开表工作簿")
    refusal.sheets = sheets
    return refusal


class Unavailable(Sourced):
    """A table that cannot be computed: it holds only the fields of :data:`ALWAYS` (so
    ``表.items()`` lists no rows), and reading any other (``表.行``, ``表.get("行")``) raises
    :func:`not_computable`."""

    file = ""  # the workbook's name, for the message
    unavailable: tuple[dict, ...] = ()  # every table of the workbook that cannot be computed

    def refusal(self) -> NotComputable:
        return not_computable(self.file, self.unavailable or (self,))

    def __getitem__(self, key: Any) -> Any:
        if key in ALWAYS:
            return super().__getitem__(key)
        raise self.refusal()

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key]


def table_keys() -> list[str]:
    """What reaches a table of 公开表 as a field: its 名称 and its 表号 ("公开05表")."""
    return [key for name, (number, _, _) in SHAPES.items() for key in (name, f"公开{number:02d}表")]


class Tables(list):
    """The list of tables, each also reachable by its 名称 or 表号."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for table in self:
                if key in (dict.__getitem__(table, "名称"), dict.__getitem__(table, "表号")):
                    return table
            raise KeyError(key)
        return super().__getitem__(key)


# ---- cells and rows ------------------------------------------------------------------


def cell(text: str, columns: int = 1, rows: int = 1) -> dict[str, Any]:
    """One header cell."""
    return {"文字": text, "跨列": columns, "跨行": rows}


def row(cells: Iterable[Any], code: str = "", name: str = "", level: str = "",
        is_total: bool = False, shows: tuple[str, ...] = (), joined: tuple[int, ...] = (),
        fields: dict[str, tuple[str, ...]] | None = None) -> Sourced:
    """A body or totals row; Decimal cells are formatted in 格 and kept in 值; ``shows``: the
    workbook cells its 格 prints, ``fields``: those of its other fields (科目编码, 名称);
    ``joined``: the columns whose cell is one with the row above's (merged down when printed)."""
    indent = INDENT.get(level, 0)
    values = [c if isinstance(c, Decimal) else "" if c is None else str(c) for c in cells]
    texts = [figure(c) if isinstance(c, Decimal) else c for c in values]
    return Sourced({"格": texts, "值": values, "科目编码": code, "名称": name, "级次": level, "缩进": indent,
                    "缩进文字": "　　" * indent if level else "", "合计": is_total, "续上": list(joined)},
                   {**(fields or {}), "格": shows, "值": shows})


def subject_row(m: Maker, sheet: str, r: dict, amounts: Iterable[Decimal | None],
                columns: tuple[str, ...]) -> Sourced:
    """A 科目 row: 科目编码, 科目名称, the amounts; it shows the cells of ``sheet`` that its
    row fills of 科目编码, 科目名称 and the amount ``columns`` it prints as they stand — not
    an amount a 类 or 款 row leaves blank (summed from its children, whose cells it does
    not show) nor one derived from others (公开05表's 项目支出)."""
    code, name = r["科目编码"], str(r.get("科目名称") or "")
    given = m.given(sheet, r)
    code_cells, name_cells = ref(m.book, sheet, given, "科目编码"), ref(m.book, sheet, given, "科目名称")
    amount_cells = tuple(c for column in columns for c in ref(m.book, sheet, given, column))
    return row([code, name, *amounts], code, name, r["级次"], shows=(*code_cells, *name_cells, *amount_cells),
               fields={"科目编码": code_cells, "名称": name_cells})


def total_row(label: str, amounts: Iterable[Decimal | None], blanks: int = 1) -> Sourced:
    """合计 in the first cell, ``blanks`` empty cells (the 科目名称 column), then the amounts."""
    return row([label, *[""] * blanks, *amounts], name=label, is_total=True)


def amount(r: dict, column: str) -> Decimal:
    return r.get(column) or Decimal(0)


def sum_of(rows: Iterable[dict], column: str | Callable[[dict], Decimal]) -> Decimal:
    get = column if callable(column) else (lambda r: amount(r, column))
    return total(get(r) for r in rows)


def expense(r: dict) -> Decimal:
    return amount(r, "基本支出") + amount(r, "项目支出")


def subject_code(header: str = "科目") -> list[dict[str, Any]]:
    """The two header cells over 科目编码 | 科目名称."""
    return [cell("科目编码"), cell(f"{header}名称")]


# ---- one table -----------------------------------------------------------------------


class Maker:
    """What every table is made from: the book, the context, the rolled-up 科目 rows."""

    def __init__(self, book: dict, context: dict) -> None:
        self.book = book
        self.context = context
        self.year = context["年度"]
        self.department = context["部门简称"]
        function = records(book, FUNCTION_SHEET)
        economic = records(book, ECONOMIC_SHEET)
        self.function = function_rows(function) if function else None
        self.economic = rolled_up(economic, ECONOMIC_AMOUNTS, ECONOMIC_LEVELS) if economic else None
        self.income = budget_rows(book, "收入")
        self.records = {sheet: {r["_row"]: r for r in records(book, sheet) if "_row" in r}
                        for sheet in (FUNCTION_SHEET, ECONOMIC_SHEET)}

    def given(self, sheet: str, r: dict) -> dict | None:
        """The record of ``sheet`` a rolled-up 科目 row was made from, as filled in."""
        return self.records[sheet].get(r.get("_row"))

    def incomes_of(self, source: str) -> list[dict]:
        """The income rows of 收支预算 that count towards one funding source."""
        return [r for r in self.income.values() if source_of_income(r) == source]

    def income_of(self, source: str) -> Decimal:
        """What 收支预算's incomes give to one funding source."""
        return total(r["本年"] for r in self.incomes_of(source))

    def table(self, name: str, body: Callable[[], tuple[list[Sourced], list[Sourced], str]] | None,
              missing: tuple[str, ...] = (), empty_what: str | None = None) -> Sourced:
        """The table; ``body`` gives (rows, totals rows, 说明) and is not called when
        ``missing`` names sheets the workbook lacks; ``empty_what`` is the money the table
        is about, for the note of an empty table (its rows are then none)."""
        number, kinds, header = SHAPES[name]
        head = {"表号": f"公开{number:02d}表", "名称": name, "标题": f"{self.department}{self.year}年{name}",
                "编制单位": self.context["单位全称"], "单位": UNIT if "金额" in kinds else "", "横向": len(kinds) > WIDE,
                "列数": len(kinds), "列类型": list(kinds),
                "表头": [[dict(c) for c in cells] for cells in header]}  # a copy each: shared by none
        if missing:
            unavailable = Unavailable({**head, "可用": False, "缺少": list(missing)})
            unavailable.file = str(self.book.get("file", ""))
            return unavailable
        assert body is not None
        rows, totals, sentence = body()
        empty = not rows and empty_what is not None
        if empty:
            sentence = no_money(self.department, self.year, empty_what) + "。"
            totals = []
        return Sourced({**head, "可用": True, "缺少": [], "行": rows, "合计行": totals, "空表": empty,
                        "注": empty_note(self.department, self.year, empty_what) if empty else "",
                        "说明": sentence})

    def needs(self, *sheets: str) -> tuple[str, ...]:
        have = {FUNCTION_SHEET: self.function is not None, ECONOMIC_SHEET: self.economic is not None}
        return tuple(s for s in sheets if not have[s])

    def income_shows(self, source: str) -> tuple[str, ...]:
        """The cells of 收支预算 (项目, 本年) that a funding source's income shows."""
        return tuple(c for r in self.incomes_of(source) for f in ("项目", "本年")
                     for c in ref(self.book, "收支预算", r, f))


AMOUNT_HEADER_ROWS = 2  # 科目 tables: 科目 spanning 编码/名称 on top, the amounts spanning both rows


def subject_header(amounts: list[str], over: str = "功能分类科目") -> list[list[dict]]:
    return [[cell(over, 2), *(cell(a, rows=AMOUNT_HEADER_ROWS) for a in amounts)], subject_code()]


# name → (number, the columns' kinds, the header rows as published)
SHAPES: dict[str, tuple[int, list[str], list[list[dict[str, Any]]]]] = {
    "部门收支总表": (1, ["文字", "金额", "文字", "金额"],
                [[cell("收入", 2), cell("支出", 2)],
                 [cell("项目"), cell("预算数"), cell("项目"), cell("预算数")]]),
    "部门收入总表": (2, ["编码", "名称", *["金额"] * (1 + len(FUNDING_SOURCES))],
                subject_header(["合计", *SOURCE_NAMES.values()])),
    "部门支出总表": (3, ["编码", "名称", "金额", "金额", "金额"], subject_header(["合计", "基本支出", "项目支出"])),
    "财政拨款收支总表": (4, ["文字", "金额", "文字", "金额", "金额", "金额", "金额"],
                  [[cell("收入", 2), cell("支出", 5)],
                   [cell("项目", rows=2), cell("预算数", rows=2), cell("项目", rows=2), cell("合计", rows=2),
                    cell("财政拨款", 3)],
                   [cell("一般公共预算"), cell("政府性基金预算"), cell("国有资本经营预算")]]),
    "一般公共预算支出表": (5, ["编码", "名称", "金额", "金额", "金额"],
                   subject_header(["合计", "基本支出", "项目支出"])),
    "一般公共预算基本支出表": (6, ["编码", "名称", "金额", "金额", "金额"],
                     subject_header(["合计", "人员经费", "公用经费"], "部门预算支出经济分类科目")),
    "一般公共预算“三公”经费支出表": (7, ["文字", *["金额"] * 6],
                         [[cell("项目", rows=2), cell("合计", rows=2), cell(SANGONG_ITEMS[0], rows=2),
                           cell(SANGONG_CARS, 3), cell(SANGONG_ITEMS[3], rows=2)],
                          [cell("小计"), *(cell(n) for n in SANGONG_ITEMS[1:3])]]),
    "政府性基金预算支出表": (8, ["编码", "名称", "金额"], subject_header(["金额"])),
    "国有资本经营预算支出表": (9, ["编码", "名称", "金额"], subject_header(["金额"])),
    "政府采购预算表": (10, ["文字", "金额", "文字", "文字", "文字", "文字", "金额", *["金额"] * (1 + len(FUNDING_SOURCES))],
                [[cell("政府采购项目来源", 2), cell("采购物品名称", rows=2), cell("政府采购目录序号", rows=2),
                  cell("计量单位", rows=2), cell("数量", rows=2), cell("单价", rows=2),
                  cell("政府采购金额", 1 + len(FUNDING_SOURCES))],
                 [cell("项目名称"), cell("预算资金"), cell("合计"), *(cell(s) for s in SOURCE_NAMES.values())]]),
    "项目绩效目标表": (11, ["文字"] * 8,
                [[cell("项目名称"), cell("绩效目标"), cell("一级指标"), cell("二级指标"), cell("三级指标"),
                  cell("绩效指标描述"), cell("指标值"), cell("指标值确定依据")]]),
}


def build_tables(book: dict, context: dict) -> Tables:
    """The standard tables of one validated workbook, in their published order."""
    m = Maker(book, context)
    tables = Tables([
        income_and_expense(m), income_table(m), expense_table(m), fiscal_table(m),
        general_table(m), general_base_table(m), sangong_table(m),
        source_table(m, "政府性基金预算支出表", FUND, "政府性基金预算拨款"),
        source_table(m, "国有资本经营预算支出表", CAPITAL, "国有资本经营预算拨款"),
        procurement_table(m), performance_table(m),
    ])
    unavailable = tuple(t for t in tables if isinstance(t, Unavailable))
    for t in unavailable:  # a refusal names every table that cannot be made, not only its own
        t.unavailable = unavailable
    return tables


def lacking_sheets(tables: Iterable[dict]) -> list[str]:
    """The 科目 sheets the workbook lacks for some of its tables."""
    return list(dict.fromkeys(s for t in tables for s in dict.__getitem__(t, "缺少")))


def published_cells(tables: Iterable[dict]) -> set[str]:
    """Every workbook cell the tables show (their rows and totals rows): what the tables
    workbook publishes. Every table must be computable."""
    return {c for t in tables for line in (*t["行"], *t["合计行"])
            for cells in getattr(line, "_cells", {}).values() for c in cells}


def income_and_expense(m: Maker) -> Sourced:
    """01 部门收支总表: 收入 by funding source on the left (every source, 0 where the department
    has none), 支出 by 功能分类 类 on the right."""
    def body():
        spent = classes(m.function)
        incomes = [(income_name(s), m.income_of(s), m.income_shows(s)) for s in FUNDING_SOURCES]
        rows = []
        for i in range(max(len(incomes), len(spent))):
            left = list(incomes[i][:2]) if i < len(incomes) else ["", ""]
            right = [spent[i]["科目名称"], expense(spent[i])] if i < len(spent) else ["", ""]
            rows.append(row([*left, *right], shows=incomes[i][2] if i < len(incomes) else ()))
        got, used = total(v for _, v, _ in incomes), sum_of(spent, expense)
        sentence = (f"{m.year}年收入预算总计{fmt(got)}{UNIT}，支出预算总计{fmt(used)}{UNIT}。"
                    + included(share_list([(n, v) for n, v, _ in incomes if v], got, shares=False),
                               share_list(_class_items(spent, expense), used, shares=False)))
        return rows, [row(["收入总计", got, "支出总计", used], is_total=True)], sentence

    return m.table("部门收支总表", body, m.needs(FUNCTION_SHEET))


def income_name(source: str) -> str:
    """A funding source's income as the tables' 收入 column names it: "一般公共预算拨款收入"."""
    return f"{SOURCE_NAMES[source]}收入"


def _class_items(rows: list[dict], get: Callable[[dict], Decimal]) -> list[tuple[str, Decimal]]:
    """(名称（类）, amount) of each 类 with money."""
    return [(f"{r['科目名称']}（类）", get(r)) for r in classes(rows) if get(r)]


def income_table(m: Maker) -> Sourced:
    """02 部门收入总表: every 功能分类 row by funding source."""
    def body():
        rows = [subject_row(m, FUNCTION_SHEET, r, [total(amount(r, s) for s in FUNDING_SOURCES),
                                *(amount(r, s) for s in FUNDING_SOURCES)], FUNDING_SOURCES) for r in m.function]
        top = classes(m.function)
        sums = [sum_of(top, s) for s in FUNDING_SOURCES]
        got = total(sums)
        sentence = (f"{m.year}年收入预算{fmt(got)}{UNIT}，其中："
                    f"{share_list([(SOURCE_NAMES[s], v) for s, v in zip(FUNDING_SOURCES, sums) if v], got)}。")
        return rows, [total_row("合计", [got, *sums])], sentence

    return m.table("部门收入总表", body, m.needs(FUNCTION_SHEET))


def expense_table(m: Maker) -> Sourced:
    """03 部门支出总表: every 功能分类 row, 合计 = 基本支出 + 项目支出."""
    def body():
        rows = [subject_row(m, FUNCTION_SHEET, r, [expense(r), amount(r, "基本支出"), amount(r, "项目支出")],
                            ("基本支出", "项目支出")) for r in m.function]
        top = classes(m.function)
        base, projects = sum_of(top, "基本支出"), sum_of(top, "项目支出")
        used = base + projects
        sentence = (f"{m.year}年支出预算{fmt(used)}{UNIT}，其中："
                    f"{share_list([('基本支出', base), ('项目支出', projects)], used)}。")
        return rows, [total_row("合计", [used, base, projects])], sentence

    return m.table("部门支出总表", body, m.needs(FUNCTION_SHEET))


def fiscal_table(m: Maker) -> Sourced:
    """04 财政拨款收支总表: the three granted sources' income (收支预算) on the left, their
    expense by 功能分类 类 on the right."""
    def fiscal(r: dict) -> Decimal:
        return total(amount(r, s) for s in FISCAL_SOURCES)

    def body():
        spent = [r for r in classes(m.function) if fiscal(r)]
        incomes = [(income_name(s), m.income_of(s)) for s in FISCAL_SOURCES]
        rows = []
        for i in range(max(len(incomes), len(spent))):
            left = list(incomes[i]) if i < len(incomes) else ["", ""]
            right = ([spent[i]["科目名称"], fiscal(spent[i]), *(amount(spent[i], s) for s in FISCAL_SOURCES)]
                     if i < len(spent) else ["", "", "", "", ""])
            rows.append(row([*left, *right]))
        got = total(v for _, v in incomes)
        used = sum_of(spent, fiscal)
        if not got and not spent:  # no 财政拨款 money: the table is empty, with its note
            return [], [], ""
        sentence = (f"{m.year}年财政拨款收入预算总计{fmt(got)}{UNIT}，支出预算总计{fmt(used)}{UNIT}。"
                    + included(share_list([i for i in incomes if i[1]], got, shares=False),
                               share_list(_class_items(spent, fiscal), used, shares=False)))
        totals = [row(["收入总计", got, "支出总计", used,
                       *(sum_of(spent, s) for s in FISCAL_SOURCES)], is_total=True)]
        return rows, totals, sentence

    return m.table("财政拨款收支总表", body, m.needs(FUNCTION_SHEET), empty_what="财政拨款收支")


def included(incomes: str, expenses: str) -> str:
    """“收入包括：…；支出包括：…。” of a 收支总表's explanation, each part only where it lists
    something (never “包括：无”)."""
    parts = [f"{side}包括：{listed}" for side, listed in (("收入", incomes), ("支出", expenses)) if listed]
    return "；".join(parts) + "。" if parts else ""


def general_table(m: Maker) -> Sourced:
    """05 一般公共预算支出表: 功能分类 rows with 一般公共预算拨款, to 项; 基本支出 is
    一般公共预算拨款中的基本支出, 项目支出 the rest."""
    def base(r: dict) -> Decimal | None:
        return r.get(GENERAL_BASE)

    def projects(r: dict) -> Decimal | None:
        b = base(r)
        return None if b is None else amount(r, GENERAL) - b

    def body():
        paid = [r for r in m.function if amount(r, GENERAL)]
        rows = [subject_row(m, FUNCTION_SHEET, r, [amount(r, GENERAL), base(r), projects(r)], (GENERAL, GENERAL_BASE))
                for r in paid]
        top = classes(paid)
        used = sum_of(top, GENERAL)
        b, p = sum_of(top, lambda r: base(r) or Decimal(0)), sum_of(top, lambda r: projects(r) or Decimal(0))
        sentence = (f"{m.year}年一般公共预算支出{fmt(used)}{UNIT}，其中："
                    f"{share_list(_class_items(top, lambda r: amount(r, GENERAL)), used)}。")
        return rows, [total_row("合计", [used, b, p])], sentence

    return m.table("一般公共预算支出表", body, m.needs(FUNCTION_SHEET), empty_what="一般公共预算拨款安排的支出")


def general_base_table(m: Maker) -> Sourced:
    """06 一般公共预算基本支出表: 基本支出经济分类 to 款, 人员经费 and 公用经费."""
    def body():
        if m.economic is None:  # computable only when there is no such money (see below)
            return [], [], ""
        rows = [subject_row(m, ECONOMIC_SHEET, r, [amount(r, "人员经费") + amount(r, "公用经费"), amount(r, "人员经费"),
                                amount(r, "公用经费")], ECONOMIC_AMOUNTS) for r in m.economic]
        top = classes(m.economic)
        staff, office = sum_of(top, "人员经费"), sum_of(top, "公用经费")
        used = staff + office
        parts = []
        for label, column in (("人员经费", "人员经费"), ("公用经费", "公用经费")):
            value = staff if column == "人员经费" else office
            if not value:
                continue
            names = "、".join(r["科目名称"] for r in m.economic if r["级次"] == "款" and amount(r, column))
            parts.append(f"{share_list([(label, value)], used)}" + (f"，主要包括：{names}" if names else ""))
        sentence = f"{m.year}年一般公共预算基本支出{fmt(used)}{UNIT}，其中：{'；'.join(parts)}。"
        return rows, [total_row("合计", [used, staff, office])], sentence

    # without 基本支出经济分类 the table is empty where 支出功能分类 shows no such money
    paid = m.function is not None and sum_of(classes(m.function), lambda r: r.get(GENERAL_BASE) or 0)
    missing = (ECONOMIC_SHEET,) if m.economic is None and (m.function is None or paid) else ()
    return m.table("一般公共预算基本支出表", body, missing, empty_what="一般公共预算拨款安排的基本支出")


def sangong_table(m: Maker) -> Sourced:
    """07 一般公共预算“三公”经费支出表: 本年 (and 上年, where given) of the four items."""
    sangong = m.context["三公经费"]
    by_name = {r["项目"]: r for r in records(m.book, "三公经费")}

    def shows(field: str) -> tuple[str, ...]:
        return tuple(c for n in SANGONG_ITEMS for c in ref(m.book, "三公经费", by_name.get(n), field))

    def figures(field: str) -> list[Decimal | None]:
        """合计, 因公出国（境）费, 公务用车购置及运维费, 购置费, 运维费, 公务接待费."""
        abroad, buy, run, guests = (by_name.get(n, {}).get(field) for n in SANGONG_ITEMS)
        return [total((abroad, buy, run, guests)), abroad, total((buy, run)), buy, run, guests]

    def body():
        rows = [row(["本年预算", *figures("本年")], name="本年预算", shows=shows("本年"))]
        if sangong["合计"]["有上年"]:
            rows.append(row(["上年预算", *figures("上年")], name="上年预算", shows=shows("上年")))
        sentence = f"{m.year}年一般公共预算“三公”经费支出{sangong['合计']['本年']}{UNIT}。"
        return rows, [], sentence

    return m.table("一般公共预算“三公”经费支出表", body)


def source_table(m: Maker, name: str, source: str, money: str) -> Sourced:
    """08 政府性基金预算支出表, 09 国有资本经营预算支出表: 功能分类 rows paid from one source."""
    def body():
        if m.function is None:  # no income of this source: an empty table
            return [], [], ""
        paid = [r for r in m.function if amount(r, source)]
        rows = [subject_row(m, FUNCTION_SHEET, r, [amount(r, source)], (source,)) for r in paid]
        used = sum_of(classes(paid), source)
        label = name.removesuffix("表")
        sentence = (f"{m.year}年{label}{fmt(used)}{UNIT}，其中："
                    f"{share_list(_class_items(paid, lambda r: amount(r, source)), used)}。")
        return rows, [total_row("合计", [used])], sentence

    missing = m.needs(FUNCTION_SHEET) if m.income_of(source) else ()
    return m.table(name, body, missing, empty_what=f"{money}安排的支出")


def procurement_table(m: Maker) -> Sourced:
    """10 政府采购预算表: the 政府采购 sheet as the context gives it."""
    procurement = m.context["政府采购"]
    fields = ("项目名称", "预算资金", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价",
              "合计", *FUNDING_SOURCES)

    def body():
        given = records(m.book, "政府采购")  # the figures as Decimal (the context's are texts)
        rows = [row([total(g.get(s) for s in FUNDING_SOURCES) if f == "合计"
                     else g[f] if isinstance(g.get(f), Decimal) else r[f] for f in fields],
                    name=r["采购物品名称"], shows=tuple(c for f in r._cells for c in r._cells[f]))
                for r, g in zip(procurement["行"], given)]
        sums = [total(g.get(s) for g in given) for s in FUNDING_SOURCES]
        totals = [row(["合计", *[""] * 6, total(sums), *sums], name="合计", is_total=True)]
        return rows, totals, f"{m.year}年政府采购预算{procurement['合计']}{UNIT}。"

    return m.table("政府采购预算表", body, empty_what="政府采购预算")


def performance_table(m: Maker) -> Sourced:
    """11 项目绩效目标表: each project's indicators, one a row, the columns of the document's
    project tables; 项目名称 and 绩效目标 span a project's rows, 一级指标 its group's."""
    def body():
        rows = []
        for project in m.context["项目表"]:
            for g, group in enumerate(project["指标组"]):
                for i, ind in enumerate(group["指标"]):
                    below = (0, 1) if g or i else ()  # the project's cells continue from above
                    rows.append(row([project["项目名称"], project["绩效目标"], group["一级指标"],
                                     ind["二级指标"], ind["三级指标"], ind["指标描述"], ind["指标值"],
                                     ind["确定依据"]],
                                    name=project["项目名称"], joined=(*below, 2) if i else below))
        return rows, [], f"{m.year}年共{len(m.context['项目表'])}个项目编制了绩效目标。"

    return m.table("项目绩效目标表", body, empty_what="项目绩效目标")
