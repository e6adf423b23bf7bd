"""How much of anything a workbook may hold: the limits, declared once.

Every limit is far beyond a real department (the 2021 sample: 46 KB, 243 rows at most,
12 columns) and far below what would take the tool seconds or hundreds of MB. A file
beyond one is refused with one Chinese message naming the file, the sheet and the limit.
docs/validation.md lists them (a test keeps it in step).
"""

from __future__ import annotations

from typing import NamedTuple


class Limits(NamedTuple):  # a record of settings: a tuple is made faster than a dataclass
    file_bytes: int = 50 * 1024 * 1024  # the .xlsx on disk
    part_bytes: int = 64 * 1024 * 1024  # one part (sheet, shared strings …) once inflated
    total_bytes: int = 256 * 1024 * 1024  # all parts read, once inflated
    elements: int = 1_000_000  # XML elements of one part (20 000 rows × 12 cells × 4 is 960 000)
    rows: int = 20_000  # rows of one sheet, counted from the rows themselves
    columns: int = 40  # columns read (the widest sheet has 12; further ones are ignored)
    cell_characters: int = 32_767  # Excel's own limit for one cell
    shared_strings: int = 1_000_000  # entries of the shared-string table
    formula_characters: int = 1_000  # a formula saved without its result that is worked out
    number_format_decimals: int = 15  # decimals a percent format may show


LIMITS = Limits()

DESCRIPTIONS = {  # field → (what, unit) for docs/validation.md and messages
    "file_bytes": ("工作簿文件大小", "字节"),
    "part_bytes": ("工作簿中单个部件（工作表、共享字符串等）解压后的大小", "字节"),
    "total_bytes": ("工作簿全部部件解压后的总大小", "字节"),
    "elements": ("单个部件中的XML元素数", "个"),
    "rows": ("一张工作表的行数（按实际的行计，不看“dimension”或行号）", "行"),
    "columns": ("读取的列数（更右边的列不读，其中填了内容的给出警告）", "列"),
    "cell_characters": ("一个单元格的字符数", "个字符"),
    "shared_strings": ("共享字符串表的条目数", "条"),
    "formula_characters": ("没有保存结果、由程序计算的公式长度", "个字符"),
    "number_format_decimals": ("百分比格式显示的小数位数", "位"),
}


def limits_markdown() -> str:
    """The limits as a Markdown table (docs/validation.md carries it)."""
    lines = ["| 限制 | 上限 |", "| --- | --- |"]
    for name, (what, unit) in DESCRIPTIONS.items():
        lines.append(f"| {what} | {getattr(LIMITS, name):,} {unit} |")
    return "\n".join(lines)
