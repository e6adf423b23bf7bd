"""Stage 1, read: the workbook's sheets as stored, with the facts of their structure.

Nothing here judges the data: the sheets the format names come back as rows of values
by column (:class:`pipeline.xlsx.RawSheet`), with their hidden rows and columns, merged
ranges, formulas saved without a result and the sheet's visibility; validation decides
what of that is a problem. Only a file that cannot be read at all (missing, not an
.xlsx, encrypted, damaged, beyond the limits) is refused here, with one message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from . import OLD_WORKBOOK_SUFFIX
from .errors import WorkbookError, disk_fault, os_reason
from .limits import LIMITS
from .workbook_format import SHEETS, Sheet
from .xlsx import (
    Package,
    PackageProblem,
    format_kinds,
    holds_values,
    read_sheet,
    shared_strings,
    sheets_of,
)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and encrypted .xlsx files


def read_workbook(path: str | Path, label: str | None = None,
                  sheets: tuple[Sheet, ...] = SHEETS, others: bool = False) -> dict[str, Any]:
    """``{"file", "sheets": {name: RawSheet}, "names": [...], "others": {name: state}}``:
    the sheets of the format the workbook has (a missing one is simply absent), the names of
    every sheet of the workbook, and with ``others`` each sheet outside the format that holds
    a value, with its state (visible, hidden). ``label`` names the file in messages;
    ``sheets`` is the format read (a department's workbook by default; the 批复 workbook's
    is pipeline.workbook_format.APPROVED)."""
    path = Path(path)
    file = label or str(path)
    _check_file(path, file)
    wanted = {sheet.name for sheet in sheets}
    try:
        with zipfile.ZipFile(path) as archive:
            package = Package(archive, LIMITS)
            every = sheets_of(package)
            parts = [(n, s, p) for n, s, p in every if n in wanted]
            strings = shared_strings(package)
            kinds = format_kinds(package)
            found = {name: read_sheet(package, name, state, part, strings, kinds)
                     for name, state, part in parts}
            filled = {name: state for name, state, part in every
                      if others and name not in wanted and holds_values(package, part)}
    except PackageProblem as problem:
        raise WorkbookError(f"{file}: {problem}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # OSError: a seek to a forged offset…
        if disk_fault(exc):  # … or the disk's
            raise WorkbookError(f"{file}: 无法读取文件（{os_reason(exc)}）") from None
        raise WorkbookError(f"{file}: 工作簿已损坏，无法读取（{type(exc).__name__}）。"
                            "请用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None
    return {"file": file, "sheets": found, "names": [n for n, _, _ in every], "others": filled}


def _check_file(path: Path, file: str) -> None:
    """Refuse what is not a readable .xlsx before opening it."""
    if path.is_dir():
        raise WorkbookError(f"{file}: 这是一个文件夹，不是工作簿")
    if not path.exists():
        raise WorkbookError(f"{file}: 文件不存在")
    if path.name.startswith("~$"):
        raise WorkbookError(f"{file}: 这是 Excel 打开工作簿时生成的临时锁文件，不是工作簿")
    if path.suffix.lower() == OLD_WORKBOOK_SUFFIX:
        raise WorkbookError(
            f"{file}: 这是旧版 .xls 格式。请在 Excel 或 WPS 中打开，"
            "选择“文件—另存为”，保存类型选“Excel 工作簿(*.xlsx)”后再试。"
        )
    try:
        problem = _kind_problem(path)
    except OSError as exc:
        raise WorkbookError(f"{file}: 无法读取文件（{os_reason(exc)}）") from None
    if problem:
        raise WorkbookError(f"{file}: {problem}")


def _kind_problem(path: Path) -> str | None:
    """Why this file cannot be a readable .xlsx, or None if it may be one."""
    size = path.stat().st_size
    if size == 0:
        return "文件是空的（0 字节）：请确认保存完整后再试"
    if size > LIMITS.file_bytes:
        return (f"文件太大（{size // (1024 * 1024)} MB，上限 {LIMITS.file_bytes // (1024 * 1024)} MB），"
                "不像一个部门的预算工作簿：请检查是否选错了文件")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_SIGNATURE:
        return ("工作簿设置了打开密码（已加密）或是旧版 .xls 格式：请在 Excel 或 WPS 中取消密码"
                "（文件—信息—保护工作簿—用密码进行加密，清空密码），另存为 .xlsx 后再试")
    if not zipfile.is_zipfile(path):
        return "不是 .xlsx 工作簿（文件内容不是 Excel 格式，可能只是改了扩展名）"
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        if disk_fault(exc):  # the system's refusal, told as such by the caller
            raise
        return "工作簿已损坏，无法读取：请用 Excel 或 WPS 打开后另存为 .xlsx 再试"
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            return "这是一个 Word 文档（.docx）改了扩展名，不是 Excel 工作簿"
        return "不是 .xlsx 工作簿（压缩包里没有 Excel 的内容）"
    return None
