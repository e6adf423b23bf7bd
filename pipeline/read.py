"""Stage 1, read: the workbook's cells as plain data, each value with its cell address.

Nothing here judges the data; it only finds the sheets and columns the format names
and hands their rows on. Problems that make reading impossible (no such file, not a
workbook, a sheet or column missing) are reported as findings, all of them together.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .errors import Finding, WorkbookError
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
                findings.append(
                    Finding(file, sheet.name, "", "缺少工作表",
                            f"缺少工作表“{sheet.name}”（{sheet.purpose}）")
                )
                continue
            sheets[sheet.name] = _read_sheet(book[sheet.name], sheet, file, findings)
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
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{file}: 不是 .xlsx 工作簿（文件内容不是 Excel 格式）")


def _read_sheet(ws, sheet: Sheet, file: str, findings: list[Finding]) -> dict[str, Any]:
    from openpyxl.utils import get_column_letter

    expected = headers_of(sheet)
    rows = ws.iter_rows(values_only=True)
    header_row = next(rows, ())
    index: dict[str, int] = {}
    for i, value in enumerate(header_row):
        text = clean_text(value)
        if isinstance(text, str) and text in expected and text not in index:
            index[text] = i
    columns = {h: get_column_letter(i + 1) for h, i in index.items()}
    missing = [h for h in expected if h not in index]
    if missing:
        findings.append(
            Finding(file, sheet.name, "1", "缺少列",
                    f"第1行缺少列：{'、'.join(missing)}（应有：{'、'.join(expected)}）")
        )
        return {"columns": columns, "records": []}
    records: list[Record] = []
    for number, row in enumerate(rows, start=2):
        record: Record = {"_row": number}
        for header, i in index.items():
            record[header] = clean_text(row[i]) if i < len(row) else None
        if any(record[h] is not None for h in index):
            records.append(record)
    return {"columns": columns, "records": records}


def clean_text(value: Any) -> Any:
    """Trim text (spaces, tabs, full-width U+3000); empty text becomes None.

    Excel stores characters XML cannot carry as ``_xHHHH_``; they are decoded here so
    that validation sees (and refuses) them.
    """
    if isinstance(value, str):
        if "_x" in value:
            from openpyxl.utils.escape import unescape

            value = unescape(value)
        value = value.strip()
        return value or None
    return value
