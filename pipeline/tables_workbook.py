"""The standard budget tables (公开表) as an Excel workbook (``--tables 公开表.xlsx``).

Many counties upload the tables as Excel beside the explanation: one sheet per table, laid
out for printing — A4, landscape where the table is wide, fitted to the page's width; the
table's number, its title merged across, the department and 单位：万元; every cell of the
table bordered; the header rows repeated on each printed page; 类/款/项 names indented;
cells that are one over several rows (a project's name and goal) merged down; an empty table
printed with its note. Amounts (and quantities) are numbers (a reader may add them up)
written as their exact digits — the Decimal values the tables carry (``值``), never through
a float or back from a formatted text — and shown with one number of decimals per column — the most
any amount of the column has, at least two (every fen) — so that the decimal points align.
Equal input gives equal bytes: no clock in the file.

The tables themselves (which rows, which totals) come from :mod:`pipeline.tables`; this
module only lays them out.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from typing import Any

from .errors import printable
from .figures import fmt
from .xlsx_dates import dated

TABLES_SUFFIX = ".公开表.xlsx"  # a batch's tables workbook beside each document: X.公开表.xlsx
FEN = 2  # an amount column shows at least the fen
TITLE_SIZE, TEXT_SIZE = 16, 10
FIRST_HEADER_ROW = 4  # under 表号, 标题 and the line of 编制单位 and 单位
WIDTH_LEAST = {"编码": 12, "名称": 24, "金额": 10, "文字": 10}  # a column's width in characters,
WIDTH_MOST = 46  # from its contents (a wide table's text columns: WIDE_TEXT_MOST, longer texts wrap)
WIDE_TEXT_MOST = 24
HEADER_MOST = 12  # a header wider than this wraps (6 Chinese characters a line)
CHINESE_WIDTH = 0.8  # a column's width units a unit of _columns takes (a Chinese character: 1.6), about
PORTRAIT_WIDTH = 110  # columns wider than this together are printed on a landscape page
# A4 less the margins (0.5 inch each side), in Excel's width units (7 pixels of 96 a inch)
PAGE_WIDTH = {False: (8.27 - 1) * 96 / 7, True: (11.69 - 1) * 96 / 7}
LEAST_SCALE = 0.7  # a table that fits one page's width only below this is printed 2 pages wide
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31  # Excel's limit


def tables_workbook(tables: list[dict[str, Any]], year: int) -> bytes:
    """The workbook of the tables of :func:`pipeline.tables.build_tables` (one sheet each,
    in order) as .xlsx bytes, dated ``year``. Every table must be computable (``可用``)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    styles = _Styles()
    names: set[str] = set()
    for table in tables:
        _table(book.create_sheet(sheet_name(table, names)), table, styles)
    book.properties.creator = "gendisclosure"
    book.properties.title = f"{year}年部门预算公开表"
    buffer = io.BytesIO()
    book.save(buffer)
    return dated(buffer.getvalue(), year)


def sheet_name(table: dict[str, Any], taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in ``taken``
    (which it joins): "公开01表 部门收支总表", shortened when too long."""
    base = NOT_IN_SHEET_NAMES.sub("", printable(f"{table['表号']} {table['名称']}".strip()))
    base = base.strip("'") or "表"
    name, number = base[:SHEET_NAME_LENGTH], 1
    while name.lower() in {n.lower() for n in taken}:
        number += 1
        suffix = f"({number})"
        name = base[:SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(name)
    return name


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name="宋体", size=TITLE_SIZE, bold=True)
        self.text = Font(name="宋体", size=TEXT_SIZE)
        self.bold = Font(name="宋体", size=TEXT_SIZE, bold=True)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.indented = [Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * n)
                         for n in range(3)]  # 类, 款, 项: two characters a level, as published


def _table(ws: Any, table: dict[str, Any], styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    kinds = list(table["列类型"])
    width = len(kinds)
    last = get_column_letter(width)
    body = [*table["行"], *table["合计行"]]
    formats = _amount_formats(kinds, body)
    widths = _widths(table, body, formats)
    for index, columns in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = columns
    _text(ws, 1, 1, table["表号"], styles.text, styles.left)
    _text(ws, 2, 1, table["标题"], styles.title, styles.center)
    _merge(ws, 2, 1, 2, width)
    ws.row_dimensions[2].height = 32
    split = max(1, width - 1) if table["单位"] else width  # 编制单位 on the left, 单位 in the last column
    _text(ws, 3, 1, f"编制单位：{table['编制单位']}", styles.text, styles.left)
    _merge(ws, 3, 1, 3, split)
    if width > 1 and table["单位"]:
        _text(ws, 3, split + 1, f"单位：{table['单位']}", styles.text, styles.right)
        _merge(ws, 3, split + 1, 3, width)
    row = _header(ws, table["表头"], FIRST_HEADER_ROW, styles, widths)
    ws.print_title_rows = f"{FIRST_HEADER_ROW}:{row - 1}"
    ws.freeze_panes = f"A{row}"
    runs: dict[int, int] = {}  # column → the row its cell merged down starts at
    for line in body or [None]:  # an empty table keeps one bordered row under its header
        _body_row(ws, row, kinds, line, styles, formats)
        _merge_down(ws, row, line, runs)
        row += 1
    _merge_down(ws, row, None, runs)
    if table["注"]:
        _text(ws, row, 1, table["注"], styles.text, styles.left)
        _merge(ws, row, 1, row, width)
        lines = -(-_columns(table["注"]) // int(sum(widths) - 2))  # wrapped across the table
        ws.row_dimensions[row].height = 15 * max(lines, 1) + 6
    _page(ws, table["横向"] or sum(widths) > PORTRAIT_WIDTH, widths)
    ws.print_area = f"A1:{last}{row}"


def _body_row(ws: Any, row: int, kinds: list[str], line: dict[str, Any] | None,
              styles: _Styles, formats: dict[int, str]) -> None:
    """One row of the table's body: amounts and quantities as numbers, from the row's 值
    (``formats``: each amount column's number format), names indented by level, a totals row bold with its label across
    科目编码 and 科目名称; a cell that continues the one above is left empty (merged)."""
    texts = list(line["格"]) if line is not None else [""] * len(kinds)
    values = list(line["值"]) if line is not None else texts
    total = line is not None and line["合计"]
    joined = set(line["续上"]) if line is not None else set()
    for column, (kind, text, value) in enumerate(zip(kinds, texts, values), start=1):
        cell = ws.cell(row, column)
        cell.border = styles.border
        cell.font = styles.bold if total else styles.text
        if text == "" or column - 1 in joined:
            continue
        if isinstance(value, Decimal):  # an amount, or a quantity in a text column (数量)
            _amount(cell, value, formats.get(column - 1, "General"))
            cell.alignment = styles.right
            continue
        cell.value = printable(text)
        cell.data_type = "s"  # text stays text: never a formula
        if kind == "名称" and line is not None and line["级次"]:
            cell.alignment = styles.indented[min(line["缩进"], 2)]
        else:
            cell.alignment = styles.center if kind == "编码" or total else styles.left
    if total and kinds[:2] == ["编码", "名称"] and texts[1:2] == [""]:
        _merge(ws, row, 1, row, 2)


def _amount_formats(kinds: list[str], body: list[dict[str, Any]]) -> dict[int, str]:
    """Each amount column's number format: as many decimals as the most any of its amounts
    has (as the document prints it), at least :data:`FEN`: "0.00", "0.000000"."""
    formats = {}
    for index, kind in enumerate(kinds):
        if kind == "金额":
            texts = [line["格"][index] for line in body if line["格"][index]]
            places = max([FEN, *(len(t.partition(".")[2]) for t in texts)])
            formats[index] = "0." + "0" * places
    return formats


def _merge_down(ws: Any, row: int, line: dict[str, Any] | None, runs: dict[int, int]) -> None:
    """Merge each cell that ``line`` (at ``row``) no longer continues down from where it
    started; None ends every run (after the last row)."""
    joined = set(line["续上"]) if line is not None else set()
    for column in [c for c in runs if c not in joined]:
        start = runs.pop(column)
        _merge(ws, start, column + 1, row - 1, column + 1)
    if line is not None:
        for column in range(len(line["格"])):
            if column not in joined:
                runs[column] = row


def _widths(table: dict[str, Any], body: list[dict[str, Any]], formats: dict[int, str]) -> list[float]:
    """Each column as wide as its longest text (an amount as shown, with its column's
    decimals) or header (a Chinese character two), within bounds (longer texts and headers
    wrap); the 科目名称 column (else the first text column, else every column) wider still
    where the title or the line of 编制单位 needs it."""
    kinds = list(table["列类型"])
    widths = [float(WIDTH_LEAST.get(kind, WIDTH_LEAST["文字"])) for kind in kinds]
    for line in body:
        for index, text in enumerate(line["格"]):
            if index in formats and text:
                shown = len(text.partition(".")[0]) + len(formats[index]) - 1  # digits, point, decimals
                widths[index] = max(widths[index], shown + 2)
            else:
                widths[index] = max(widths[index], _columns(text) + 2 + 2 * line["缩进"])
    if table["横向"]:
        widths = [min(w, WIDE_TEXT_MOST) if kind == "文字" else w for w, kind in zip(widths, kinds)]
    taken: set[tuple[int, int]] = set()
    for offset, cells in enumerate(table["表头"]):
        column = 0
        for cell in cells:
            while (offset, column) in taken:
                column += 1
            taken.update((offset + r, column + c) for r in range(cell["跨行"]) for c in range(cell["跨列"]))
            if cell["跨列"] == 1:
                widths[column] = max(widths[column], min(_columns(cell["文字"]) + 2, HEADER_MOST))
            column += cell["跨列"]
    widths = [min(w, WIDTH_MOST) for w in widths]
    need = max(_columns(table["标题"]) * TITLE_SIZE / TEXT_SIZE + 4,
               _columns(f"编制单位：{table['编制单位']}单位：{table['单位']}") + 6)
    short = need - sum(widths)
    if short > 0:
        wider = ([kinds.index("名称")] if "名称" in kinds else [kinds.index("文字")] if "文字" in kinds
                 else list(range(len(kinds))))
        for index in wider:
            widths[index] += short / len(wider)
    return [round(w, 1) for w in widths]


def _columns(text: str) -> int:
    return sum(2 if ord(c) > 0x2e7f else 1 for c in str(text))


def _merge(ws: Any, top: int, left: int, bottom: int, right: int) -> None:
    if (top, left) != (bottom, right):
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _page(ws: Any, landscape: bool, widths: list[float]) -> None:
    """A4, fitted to the page's width (to two pages' where one would print it smaller than
    :data:`LEAST_SCALE`), as many pages down as needed, centred."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1 if PAGE_WIDTH[landscape] / sum(widths) >= LEAST_SCALE else 2
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _header(ws: Any, header: list[list[dict[str, Any]]], top: int, styles: _Styles,
            widths: list[float]) -> int:
    """The header rows from ``top``: each cell placed left to right past the cells that
    rows above span into, bordered, its span merged, a row as tall as its wrapped texts
    need; returns the row after them."""
    taken: set[tuple[int, int]] = set()
    for offset, cells in enumerate(header):
        row, column, lines = top + offset, 1, 1
        for cell in cells:
            while (row, column) in taken:
                column += 1
            rows, columns = cell["跨行"], cell["跨列"]
            if rows == 1:
                room = sum(widths[column - 1:column - 1 + columns])
                lines = max(lines, math.ceil(_columns(cell["文字"]) * CHINESE_WIDTH / room))
            _text(ws, row, column, cell["文字"], styles.bold, styles.center)
            for r in range(row, row + rows):
                for c in range(column, column + columns):
                    taken.add((r, c))
                    ws.cell(r, c).border = styles.border
            _merge(ws, row, column, row + rows - 1, column + columns - 1)
            column += columns
        if lines > 1:
            ws.row_dimensions[row].height = 14 * lines + 4
    return top + len(header)


def _text(ws: Any, row: int, column: int, text: str, font: Any, alignment: Any) -> None:
    cell = ws.cell(row, column)
    cell.value = printable(text)
    cell.data_type = "s"  # text stays text: never a formula
    cell.font, cell.alignment = font, alignment


def _amount(cell: Any, value: Decimal, number_format: str) -> None:
    """A number cell holding the amount's exact digits (openpyxl would write a Decimal
    through a float, "%.16g"): Excel reads "3308.233094" as the figure of the document."""
    cell.value = value
    cell.number_format = number_format
    cell._value = fmt(value)  # written as it stands; data_type stays "n"
