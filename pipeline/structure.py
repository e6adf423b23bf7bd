"""Validation's first step: from the sheets as stored to records, judging their structure.

Which sheet is missing or hidden, where the header is, which column is missing or
hidden, blank rows between data, merged cells, hidden rows, formulas saved without a
result and values the file contradicts: each becomes a finding at its cell. Every sheet
is judged; a sheet whose header cannot be found gives no records, the others go on to
the row and cross-sheet rules, so that one ``check`` lists every problem.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .errors import Finding
from .figures import fmt
from .limits import LIMITS
from .workbook_format import Sheet, headers_of
from .xlsx import Malformed, RawSheet, column_letters

if TYPE_CHECKING:
    import ast

Record = dict[str, Any]  # header -> value, plus "_row": the sheet row number


def records_of(file: str, sheet: Sheet, raw: RawSheet | None,
               findings: list[Finding], names: Collection[str] = ()) -> dict[str, Any] | None:
    """``{"columns": header → letter, "records": [...]}`` for a sheet of the format, or
    None when it is missing or unreadable (reported in ``findings``; ``names``, the
    workbook's sheets, may hold it under a name with a space or full-width letters)."""
    if raw is None:
        if not sheet.optional:
            near = [n for n in names if _plain(n) == _plain(sheet.name) and n != sheet.name]
            hint = (f"：工作簿中有“{near[0]}”，名称多了空格或用了全角字符，请改为“{sheet.name}”（一字不差）"
                    if near else "")
            findings.append(Finding(file, sheet.name, "", "缺少工作表",
                                    f"缺少工作表“{sheet.name}”（{sheet.purpose}）{hint}"))
        return None
    if raw.state != "visible" and len(raw.rows) > 1:  # an empty sheet may stay hidden
        findings.append(Finding(file, sheet.name, "", "隐藏工作表",
                                f"工作表“{sheet.name}”是隐藏的，但其内容会被公开：请取消隐藏并核对"
                                "（右键点工作表标签—取消隐藏）"))
    expected = headers_of(sheet)
    rows = raw.rows
    number, header_row = rows[0] if rows else (1, [])
    index = _header_index(header_row, expected) if number == 1 else {}
    columns = {h: column_letters(i + 1) for h, i in index.items()}
    absent = {c.header for c in sheet.columns if c.may_be_absent and c.header not in index}
    missing = [h for h in expected if h not in index and h not in absent]
    if missing:
        findings.append(_header_problem(file, sheet, rows[:12], expected, missing))
        return None
    findings.extend(_outside_columns(file, sheet, raw, index))
    for header, i in index.items():
        if i + 1 in raw.hidden_columns and any(r[i] is not None for _, r in rows[1:]):
            findings.append(Finding(file, sheet.name, columns[header], "隐藏列",
                                    f"第{columns[header]}列（{header}）是隐藏的，但其内容会被公开："
                                    "请取消隐藏并核对，不需要的内容请删除"))
    records: list[Record] = []
    expected_number = 2
    formulas = raw.formulas_without_value
    for number, row in rows[1:]:
        record: Record = {"_row": number, **dict.fromkeys(absent)}
        for header, i in index.items():
            value = row[i]
            if value is None:
                ref = f"{columns[header]}{number}" if formulas else ""
                if ref in formulas:
                    record[header] = _cell(file, sheet.name, ref,
                                           _formula(file, sheet.name, ref, formulas[ref], findings),
                                           findings)
                else:
                    record[header] = None
            elif isinstance(value, str):
                record[header] = clean_text(value)
            else:
                record[header] = _cell(file, sheet.name, f"{columns[header]}{number}", value, findings)
        if not any(record[h] is not None for h in index):
            continue  # only columns the format does not use
        if number > expected_number and records:
            findings.append(Finding(file, sheet.name, f"A{expected_number}", "空行",
                                    f"第{expected_number}行是空行，下面还有数据：表格中间不能有空行，"
                                    "请删除空行（空行以下的内容可能被漏掉）"))
        expected_number = number + 1
        records.append(record)
    _structure_problems(file, sheet, raw, records, findings)
    return {"columns": columns, "records": records}


def _outside_columns(file: str, sheet: Sheet, raw: RawSheet, index: dict[str, int]) -> list[Finding]:
    """A warning for each visible column outside the sheet's own that holds something (a 备注
    added beside the table), and for a value right of the columns read: it reaches no document."""
    out = []
    # a hidden column outside the format, like a hidden sheet, holds what a drop-down lists
    for position in sorted(raw.filled_columns - raw.hidden_columns - {i + 1 for i in index.values()}):
        cells = [(number, row[position - 1]) for number, row in raw.rows if row[position - 1] is not None]
        filled = [number for number, value in cells if number > 1 and clean_text(value) is not None]
        if not filled:
            continue  # a title alone says nothing the document lacks
        letter = column_letters(position)
        title = clean_text(cells[0][1]) if cells[0][0] == 1 else None
        named = f"（“{title}”）" if isinstance(title, str) else ""
        out.append(Finding(file, sheet.name, f"{letter}{filled[0]}", "表外内容",
                           f"第{letter}列{named}不是这张表的栏目，其中 {len(filled)} 格的内容不会出现在文档中："
                           "需要公开的内容请填到对应的栏目，不需要的请删除", "warning"))
    if raw.beyond:
        out.append(Finding(file, sheet.name, raw.beyond, "表外内容",
                           f"这一格在第 {LIMITS.columns} 列以右，不是这张表的栏目，其中的内容不会出现在文档中："
                           "需要公开的内容请填到对应的栏目，不需要的请删除", "warning"))
    return out


def outside_sheets(file: str, others: dict[str, str]) -> list[Finding]:
    """A warning for each visible sheet outside the format that holds something (``others``:
    name → state; the blank workbook's 说明 aside, and hidden sheets, such as the lists of a
    drop-down): its content reaches no document."""
    from .workbook_format import GUIDE_SHEET, SHEETS

    if not others:
        return []
    misnamed = {_plain(sheet.name) for sheet in SHEETS}  # told as the sheet it should be (records_of)
    return [Finding(file, name, "", "表外内容",
                    f"工作表“{name}”不是工作簿规定的表，其中的内容不会出现在文档中："
                    "需要公开的内容请填到对应的表，不需要的表请删除（只供下拉列表等使用的表可以隐藏）", "warning")
            for name, state in others.items()
            if name != GUIDE_SHEET and state == "visible" and _plain(name) not in misnamed]


def _plain(name: str) -> str:
    """A sheet's name as it looks: full-width letters as half-width, no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name).split())


def _cell(file: str, sheet: str, ref: str, value: Any, findings: list[Finding]) -> Any:
    """A stored value as the record holds it: text trimmed; a malformed one reported."""
    if isinstance(value, Malformed):
        findings.append(Finding(file, sheet, ref, "单元格内容无效",
                                f"{value}：请删除这一格后重新输入"))
        return None
    return clean_text(value)


def clean_text(value: Any) -> Any:
    """Trim text (spaces, tabs, full-width U+3000); empty text becomes None; line breaks
    of any platform become one kind."""
    if isinstance(value, str):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip() or None
    return value


def _header_index(row: list[Any], expected: tuple[str, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, value in enumerate(row):
        text = clean_text(value)
        if isinstance(text, str) and text in expected and text not in index:
            index[text] = i
    return index


def _header_problem(file: str, sheet: Sheet, rows: list[tuple[int, list[Any]]],
                    expected: tuple[str, ...], missing: list[str]) -> Finding:
    """Missing columns, or a header that has slipped below row 1."""
    for number, row in rows:
        if number > 1 and len(_header_index(row, expected)) == len(expected):
            return Finding(file, sheet.name, f"A{number}", "表头位置",
                           f"表头应在第1行，现在在第{number}行：请删除表头上方的行")
    header = rows[0][1] if rows and rows[0][0] == 1 else []
    strays = [(column_letters(i + 1), text) for i, text in enumerate(map(clean_text, header))
              if text is not None and text not in expected]
    message = f"第1行缺少列：{'、'.join(missing)}（应有：{'、'.join(expected)}）"
    if strays:  # the cell of the first header that is not one of the sheet's
        letter, text = strays[0]
        named = "、".join(f"{c}1“{t}”" for c, t in strays)
        return Finding(file, sheet.name, f"{letter}1", "缺少列",
                       f"{message}；表头 {named}不是本表的列名：请改为缺少的列名（一字不差）")
    filled = [i for i, value in enumerate(header) if clean_text(value) is not None]
    return Finding(file, sheet.name, f"{column_letters(filled[-1] + 2 if filled else 1)}1", "缺少列",
                   f"{message}：请在表头末尾加上缺少的列")


def _structure_problems(file: str, sheet: Sheet, raw: RawSheet, records: list[Record],
                        findings: list[Finding]) -> None:
    used = {r["_row"] for r in records}
    for ref in raw.merged:
        rows = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in ref.split(":")]
        if max(rows) >= 2:
            findings.append(Finding(file, sheet.name, ref, "合并单元格",
                                    f"数据区域有合并单元格 {ref}：每一行都要各自填写，请取消合并"
                                    "（开始—合并后居中—取消合并单元格）并把内容填到每一行"))
    hidden = raw.hidden_rows & used
    if raw.filtered and (filtered := sorted(n for n in hidden if n in _rows_of(raw.filtered))):
        findings.append(Finding(file, sheet.name, f"A{filtered[0]}", "筛选",
                                f"这张表设置了筛选（{raw.filtered}），有 {len(filtered)} 行没有显示"
                                f"（第{_row_list(filtered)}行），但其内容会被公开：请清除筛选后核对全部行"
                                "（数据—清除，或再点一次 数据—筛选 取消筛选）；不需要的行请删除"))
        hidden -= set(filtered)
    for number in sorted(hidden):
        findings.append(Finding(file, sheet.name, f"A{number}", "隐藏行",
                                f"第{number}行被隐藏，但其内容会被公开：请取消隐藏并核对；"
                                "不需要的行请删除"))


def _rows_of(ref: str) -> range:
    """The rows a range such as "A1:I29" spans (to the sheet's end when it names none)."""
    numbers = [int(n) for n in re.findall(r"\d+", ref)]
    return range(min(numbers, default=1), max(numbers) + 1 if len(numbers) > 1 else LIMITS.rows + 1)


def _row_list(numbers: list[int]) -> str:
    """"9—29" for rows 9 to 29, "3、5、9—12" for rows with gaps (the first eight runs)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = "、".join(str(a) if a == b else f"{a}—{b}" for a, b in runs[:8])
    return shown + ("等" if len(runs) > 8 else "")


# ---- formulas saved without their result ------------------------------------------------

def _formula(file: str, sheet: str, ref: str, formula: str, findings: list[Finding]) -> Any:
    """A formula saved without its result: plain arithmetic is worked out, the rest refused."""
    value = _worked_out(formula)
    if value is None:
        findings.append(Finding(file, sheet, ref, "公式无结果",
                                f"这里是公式“={formula[:60]}”，但文件中没有保存计算结果（常见于程序生成的工作簿）："
                                "请用 Excel 或 WPS 打开并保存一次，或直接填写数值"))
    return value


def _worked_out(formula: str) -> str | None:
    """Plain arithmetic (+ − × ÷ on numbers) as text, or None for anything else."""
    if len(formula) > LIMITS.formula_characters:
        return None
    import ast  # loaded for the first formula saved without its result only

    try:
        return fmt(_arithmetic(ast.parse(formula, mode="eval").body))
    except (SyntaxError, ValueError, ZeroDivisionError, InvalidOperation, TypeError,
            RecursionError, MemoryError, OverflowError):
        return None


def _arithmetic(tree: ast.AST) -> Decimal:
    """The value of plain arithmetic, worked out left to right without recursion: whether
    a deeply nested formula (=------1) has a value must not depend on how deep the reader's
    own call stack happens to be (the command line, the web page, a read-ahead copy)."""
    import ast

    operators = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
                 ast.Div: operator.truediv}
    values: list[Decimal] = []
    todo: list[tuple[ast.AST, bool]] = [(tree, False)]  # (node, its operands are worked out)
    while todo:
        node, ready = todo.pop()
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            values.append(Decimal(str(node.value)))
        elif isinstance(node, ast.BinOp) and type(node.op) in operators:
            if ready:
                right, left = values.pop(), values.pop()
                values.append(operators[type(node.op)](left, right))
            else:
                todo += [(node, True), (node.right, False), (node.left, False)]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            if ready:
                values.append(-values.pop())
            else:
                todo += [(node, True), (node.operand, False)]
        else:
            raise ValueError("not plain arithmetic")
    return values[0]
