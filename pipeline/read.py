"""Stage 1, read: the workbook's cells as plain data, each value with its cell address.

Nothing here judges the data; it only finds the sheets and columns the format names
and hands their rows on. Problems that make reading impossible (no such file, not a
workbook, a sheet or column missing) are reported as findings, all of them together.
"""

from __future__ import annotations

import ast
import itertools
import operator
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import Finding, WorkbookError
from .figures import fmt, to_decimal
from .inspect_xlsx import MAX_ROWS, SheetFacts, file_kind_problem, sheet_facts
from .workbook_format import SHEETS, Sheet, headers_of

Record = dict[str, Any]  # header -> value, plus "_row": the sheet row number


def read_workbook(path: str | Path, label: str | None = None) -> dict[str, Any]:
    """Read a workbook into ``{"file", "sheets": {name: {"columns", "records"}}}``.

    ``columns`` maps each header to its column letter, so that any value can be
    traced back to its cell as ``columns[header] + str(record["_row"])``.
    ``label`` is how the file is named in messages (defaults to the path as given).
    """
    path = Path(path)
    file = label or str(path)
    _check_file(path, file)
    facts = _facts(path, file)

    import openpyxl  # imported here: it is the slowest import of the tool

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError(
            f"{file}: 无法读取工作簿（{type(exc).__name__}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再试。"
        ) from exc
    try:
        findings: list[Finding] = []
        sheets = {}
        for sheet in SHEETS:
            if sheet.name not in book.sheetnames:
                if sheet.optional:
                    continue  # absent from ``sheets``: later stages look it up with .get
                findings.append(
                    Finding(file, sheet.name, "", "缺少工作表",
                            f"缺少工作表“{sheet.name}”（{sheet.purpose}）")
                )
                continue
            sheets[sheet.name] = _read_sheet(
                book[sheet.name], sheet, file, facts.get(sheet.name, SheetFacts()), findings
            )
    finally:
        book.close()
    if findings:
        raise WorkbookError(f"{file}: 工作簿结构不符合格式要求", findings)
    return {"file": file, "sheets": sheets}


def _check_file(path: Path, file: str) -> None:
    if not path.exists():
        raise WorkbookError(f"{file}: 文件不存在")
    if path.is_dir():
        raise WorkbookError(f"{file}: 这是一个文件夹，不是工作簿")
    if path.name.startswith("~$"):
        raise WorkbookError(f"{file}: 这是 Excel 打开工作簿时生成的临时锁文件，不是工作簿")
    if path.suffix.lower() == ".xls":
        raise WorkbookError(
            f"{file}: 这是旧版 .xls 格式。请在 Excel 或 WPS 中打开，"
            "选择“文件—另存为”，保存类型选“Excel 工作簿(*.xlsx)”后再试。"
        )
    problem = file_kind_problem(path)
    if problem:
        raise WorkbookError(f"{file}: {problem}")


def _facts(path: Path, file: str) -> dict[str, SheetFacts]:
    try:
        facts = sheet_facts(path)
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(f"{file}: 工作簿已损坏，无法读取（{exc}）。请用 Excel 或 WPS 打开后另存为 .xlsx") from exc
    for name, fact in facts.items():
        if fact.rows > MAX_ROWS:
            raise WorkbookError(
                f"{file}: 工作表“{name}”有 {fact.rows} 行，远超一个部门预算的规模（上限 {MAX_ROWS} 行）："
                "请检查是否误填或误粘贴了大量数据（也可能是整列设置了格式，删除多余的行后再试）"
            )
    return facts


def _read_sheet(ws, sheet: Sheet, file: str, facts: SheetFacts,
                findings: list[Finding]) -> dict[str, Any]:
    from openpyxl.utils import get_column_letter

    expected = headers_of(sheet)
    rows = _rows(ws, MAX_COLUMNS)
    number, header_row = next(rows, (1, []))
    index = _header_index(header_row, expected) if number == 1 else {}
    columns = {h: get_column_letter(i + 1) for h, i in index.items()}
    missing = [h for h in expected if h not in index]
    if missing:
        following = [r for _, r in itertools.islice(rows, 11)]
        first_rows = [header_row, *following] if number == 1 else [[], header_row, *following]
        findings.append(_header_problem(file, sheet, first_rows, expected, missing))
        return {"columns": columns, "records": []}
    records: list[Record] = []
    blank_rows: list[int] = []
    expected_number = 2
    for number, row in rows:
        blank_rows.extend(range(expected_number, number))  # rows absent from the file are blank
        expected_number = number + 1
        record: Record = {"_row": number}
        for header, i in index.items():
            value = row[i]
            if value is None and f"{columns[header]}{number}" in facts.formulas_without_value:
                value = _uncached_formula(file, sheet.name, f"{columns[header]}{number}",
                                          facts.formulas_without_value, findings)
            record[header] = clean_text(value)
        if any(record[h] is not None for h in index):
            if blank_rows:
                findings.append(Finding(file, sheet.name, f"A{blank_rows[0]}", "空行",
                                        f"第{blank_rows[0]}行是空行，下面还有数据：表格中间不能有空行，"
                                        "请删除空行（空行以下的内容可能被漏掉）"))
                blank_rows = []
            records.append(record)
        else:
            blank_rows.append(number)
    _structure_problems(file, sheet, facts, records, findings)
    return {"columns": columns, "records": records}


SPREADSHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


MAX_COLUMNS = 40  # the widest sheet has 12 columns; further columns are not read


def _rows(ws, last_column: int):
    """(row number, values) for the rows of a read-only sheet that hold cells.

    openpyxl opens the package and reads its shared strings; the cells are taken from
    the sheet's XML here, because openpyxl's per-cell parsing costs most of a document's
    generation time. Values are what openpyxl's ``values_only`` gives for the types a
    budget workbook holds: text, numbers (ints or floats), booleans, error codes.
    """
    from lxml import etree

    strings = ws._shared_strings
    formats = _format_kinds(ws.parent)
    row_tag, cell_tag = SPREADSHEET_NS + "row", SPREADSHEET_NS + "c"
    value_tag, inline_tag, text_tag = SPREADSHEET_NS + "v", SPREADSHEET_NS + "is", SPREADSHEET_NS + "t"
    expected = 1
    with ws._get_source() as source:
        for _, row in etree.iterparse(source, events=("end",), tag=row_tag):
            number = int(row.get("r") or expected)
            values: list[Any] = [None] * last_column
            position = 0
            for cell in row.iter(cell_tag):
                ref = cell.get("r")
                position = _column_of(ref) if ref else position + 1
                if position <= last_column:
                    value = _cell_value(cell, strings, value_tag, inline_tag, text_tag)
                    kind = formats.get(int(cell.get("s") or 0)) if isinstance(value, (int, float)) else None
                    values[position - 1] = _as_displayed(value, kind) if kind else value
            row.clear()
            expected = number + 1
            yield number, values


def _format_kinds(book) -> dict[int, tuple[str, int]]:
    """Cell style index → ("date", 0) or ("percent", decimals shown), for the styles that
    change what a stored number means."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format

    kinds: dict[int, tuple[str, int]] = {}
    for index, style in enumerate(book._cell_styles):
        number_format = BUILTIN_FORMATS.get(style.numFmtId)
        if number_format is None and style.numFmtId >= BUILTIN_FORMATS_MAX_SIZE:
            custom = style.numFmtId - BUILTIN_FORMATS_MAX_SIZE
            number_format = book._number_formats[custom] if custom < len(book._number_formats) else None
        if not number_format:
            continue
        if is_date_format(number_format):
            kinds[index] = ("date", 0)
            continue
        # a literal "%" ("0\"%\"", 0\%) or one inside [..] does not scale the number
        section = number_format.split(";")[0]
        bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
        if "%" in bare:
            decimals = re.search(r"\.([0#?]+)", bare)
            kinds[index] = ("percent", len(decimals.group(1)) if decimals else 0)
    return kinds


def _as_displayed(value: int | float, kind: tuple[str, int]) -> str:
    """A date or percentage cell as the clerk sees it: "2021-12-31", "33.33%"."""
    name, decimals = kind
    if name == "date":
        from openpyxl.utils.datetime import from_excel

        moment = from_excel(value)
        return moment.strftime("%Y-%m-%d") if hasattr(moment, "strftime") else str(moment)
    shown = (to_decimal(value) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{format(shown, 'f')}%"


def _column_of(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


def _cell_value(cell, strings, value_tag, inline_tag, text_tag) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(inline_tag)
        if inline is None:
            return None
        return "".join(t.text or "" for t in inline.iter(text_tag)
                       if t.getparent().tag != SPREADSHEET_NS + "rPh")
    value = cell.findtext(value_tag)
    if not value:  # no <v>, or an empty one: a formula saved without its result
        return None
    if kind == "s":
        return strings[int(value)]
    if kind == "n":
        if value.lstrip("-").isdigit():
            return int(value)
        return float(value)  # Excel stores 17 digits; the float's repr is what was typed
    if kind == "b":
        return value == "1"
    return value  # str (a formula's text result), e (an error code such as #N/A), d


def _header_index(row: tuple, expected: tuple[str, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, value in enumerate(row):
        text = clean_text(value)
        if isinstance(text, str) and text in expected and text not in index:
            index[text] = i
    return index


def _header_problem(file, sheet, first_rows, expected, missing) -> Finding:
    """Missing columns, or a header that has slipped below row 1."""
    for number, row in enumerate(first_rows[1:], start=2):
        if len(_header_index(row, expected)) == len(expected):
            return Finding(file, sheet.name, f"A{number}", "表头位置",
                           f"表头应在第1行，现在在第{number}行：请删除表头上方的行")
    return Finding(file, sheet.name, "1", "缺少列",
                   f"第1行缺少列：{'、'.join(missing)}（应有：{'、'.join(expected)}）")


def _structure_problems(file, sheet, facts, records, findings) -> None:
    used = {r["_row"] for r in records}
    for ref in facts.merged:
        rows = [int("".join(ch for ch in part if ch.isdigit())) for part in ref.split(":")]
        if max(rows) >= 2:
            findings.append(Finding(file, sheet.name, ref, "合并单元格",
                                    f"数据区域有合并单元格 {ref}：每一行都要各自填写，请取消合并"
                                    "（开始—合并后居中—取消合并单元格）并把内容填到每一行"))
    for number in facts.hidden_rows:
        if number in used:
            findings.append(Finding(file, sheet.name, f"A{number}", "隐藏行",
                                    f"第{number}行被隐藏，但其内容会被公开：请取消隐藏并核对；"
                                    "不需要的行请删除"))


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}


def _uncached_formula(file, sheet_name, ref, formulas, findings) -> Any:
    """A formula saved without its result: compute plain arithmetic, refuse the rest."""
    formula = formulas[ref]
    try:
        return fmt(_arithmetic(ast.parse(formula, mode="eval").body))
    except (SyntaxError, ValueError, ZeroDivisionError, InvalidOperation, TypeError):
        findings.append(Finding(file, sheet_name, ref, "公式无结果",
                                f"这里是公式“={formula}”，但文件中没有保存计算结果（常见于程序生成的工作簿）："
                                "请用 Excel 或 WPS 打开并保存一次，或直接填写数值"))
        return None


def _arithmetic(node) -> Decimal:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_arithmetic(node.operand)
    raise ValueError("not plain arithmetic")


def clean_text(value: Any) -> Any:
    """Trim text (spaces, tabs, full-width U+3000); empty text becomes None.

    Excel stores characters XML cannot carry as ``_xHHHH_``; they are decoded here so
    that validation sees (and refuses) them.
    """
    if isinstance(value, str):
        if "_x" in value:
            from openpyxl.utils.escape import unescape

            value = unescape(value)
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None
    return value
