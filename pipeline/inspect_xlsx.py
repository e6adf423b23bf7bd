"""A quick look inside the .xlsx package before openpyxl loads it.

openpyxl's fast read-only mode does not report merged cells, hidden rows or formulas
without a saved result, and it would happily start on a sheet of a million rows. The
package's XML says all of this cheaply, so it is scanned here first.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import unescape

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and encrypted .xlsx files
MAX_ROWS = 20_000  # far beyond any real department (the sample has 243 rows at most)
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class SheetFacts:
    rows: int = 0  # the last used row, from <dimension>
    merged: list[str] = field(default_factory=list)  # e.g. ["A3:A5"]
    hidden_rows: list[int] = field(default_factory=list)
    formulas_without_value: dict[str, str] = field(default_factory=dict)  # "C7" -> "1+2"


def file_kind_problem(path: Path) -> str | None:
    """Why this file cannot be a readable .xlsx, or None if it may be one."""
    size = path.stat().st_size
    if size == 0:
        return "文件是空的（0 字节）：请确认保存完整后再试"
    if size > MAX_BYTES:
        return f"文件太大（{size // (1024 * 1024)} MB），不像一个部门的预算工作簿：请检查是否选错了文件"
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_SIGNATURE:
        if path.suffix.lower() == ".xls":
            return None  # reported by the caller with conversion advice
        return ("工作簿设置了打开密码（已加密）或是旧版 .xls 格式：请在 Excel 或 WPS 中取消密码"
                "（文件—信息—保护工作簿—用密码进行加密，清空密码），另存为 .xlsx 后再试")
    if not zipfile.is_zipfile(path):
        return "不是 .xlsx 工作簿（文件内容不是 Excel 格式，可能只是改了扩展名）"
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            return "这是一个 Word 文档（.docx）改了扩展名，不是 Excel 工作簿"
        return "不是 .xlsx 工作簿（压缩包里没有 Excel 的内容）"
    return None


def sheet_facts(path: Path) -> dict[str, SheetFacts]:
    """Facts per sheet name, read from the package's XML without loading the cells."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        targets = {
            m.group("id"): m.group("target")
            for m in re.finditer(r'<Relationship\b(?=[^>]*\bId="(?P<id>[^"]+)")'
                                 r'(?=[^>]*\bTarget="(?P<target>[^"]+)")[^>]*>', rels)
        }
        facts: dict[str, SheetFacts] = {}
        for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
            tag = m.group(0)
            name = re.search(r'\bname="([^"]*)"', tag)
            rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
            if not name or not rid:
                continue
            target = targets.get(rid.group(1) or rid.group(2), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in z.namelist():
                continue
            facts[unescape(name.group(1), {"&quot;": '"'})] = _scan(z, part)
    return facts


def _scan(z: zipfile.ZipFile, part: str) -> SheetFacts:
    facts = SheetFacts()
    with z.open(part) as handle:
        head = handle.read(4096).decode("utf-8", "ignore")
    dim = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    if dim:
        facts.rows = int(dim.group(1))
        if facts.rows > MAX_ROWS:
            return facts  # refused by the caller before anything else is read
    xml = z.read(part).decode("utf-8", "replace")
    if not dim:
        last = re.findall(r'<row\b[^>]*\br="(\d+)"', xml[-20000:])
        facts.rows = int(last[-1]) if last else 0
        if facts.rows > MAX_ROWS:
            return facts
    facts.merged = re.findall(r'<mergeCell\b[^>]*\bref="([^"]+)"', xml)
    facts.hidden_rows = [
        int(r) for r in re.findall(r'<row\b(?=[^>]*\bhidden="(?:1|true)")[^>]*\br="(\d+)"', xml)
    ]
    for m in re.finditer(r'<c\b([^>]*)>(.*?)</c>', xml, re.S):
        body = m.group(2)
        if "<f" in body and not re.search(r"<v>[^<]+</v>", body):
            ref = re.search(r'\br="([A-Z]+\d+)"', m.group(1))
            formula = re.search(r"<f[^>]*>(.*?)</f>", body, re.S)
            if ref:
                facts.formulas_without_value[ref.group(1)] = unescape(formula.group(1)) if formula else ""
    return facts
