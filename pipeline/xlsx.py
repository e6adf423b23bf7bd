"""The .xlsx package, read in one streaming pass per part, within the limits.

Every part is inflated as a stream and counted while it inflates (a zip bomb stops at
the limit, never after); XML with a DTD or entity declarations is refused; rows are
counted from the rows themselves and a row number beyond the limit is refused at once.
Nothing here judges the data: a value that cannot be what its cell says it is comes back
as a :class:`Malformed` value with the reason, for validation to report at its cell.
"""

from __future__ import annotations

import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from .limits import LIMITS, Limits

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
PERCENT_FORMAT_IDS = {9: 0, 10: 2}
LAST_EXCEL_DAY = 2_958_465  # 9999-12-31
TEXT, PHONETIC, VALUE = MAIN + "t", MAIN + "rPh", MAIN + "v"


class PackageProblem(Exception):
    """The package cannot be read (a Chinese sentence without the file's name)."""


@dataclass(frozen=True)
class Malformed:
    """A cell value that is not what its cell claims (kept for validation to report)."""

    reason: str  # Chinese, e.g. "数值超出范围（1E+999）"

    def __str__(self) -> str:
        return self.reason


@dataclass
class RawSheet:
    """One sheet as stored: its cells by row, and the facts of its structure."""

    name: str
    state: str = "visible"  # visible | hidden | veryHidden
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # rows holding a value
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 1 = A
    merged: list[str] = field(default_factory=list)  # "A3:A5"
    formulas_without_value: dict[str, str] = field(default_factory=dict)  # "C7" → "1+2"
    problem: str = ""  # the sheet could not be read at all (then ``rows`` is empty)


_COLUMNS: dict[str, int] = {}  # "AB" → 28, filled as references are met


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27 (the letters of a cell reference, digits ignored)."""
    letters = letters.rstrip("0123456789")
    known = _COLUMNS.get(letters)
    if known is not None:
        return known
    n = 0
    for ch in letters:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    if len(_COLUMNS) < 20_000 and len(letters) <= 3:
        _COLUMNS[letters] = n
    return n


def column_letters(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes, decoded exactly once (``_x005F_x0041_`` → ``_x0041_``)."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Budget:
    """Inflated bytes so far, against the per-part and total limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.total = limits, 0


class _Inflating:
    """A zip member as a stream that refuses to inflate beyond the limits."""

    def __init__(self, stream: IO[bytes], part: str, budget: _Budget) -> None:
        self.stream, self.part, self.budget, self.size, self.elements = stream, part, budget, 0, 0
        self.problem: Exception | None = None  # lxml turns a reader's exception into its own

    def read(self, n: int = -1) -> bytes:
        try:
            return self._read(n)
        except Exception as exc:
            self.problem = exc
            raise

    def _read(self, n: int) -> bytes:
        data = self.stream.read(n if n and n > 0 else 1 << 16)
        self.size += len(data)
        self.budget.total += len(data)
        self.elements += data.count(b"<") - data.count(b"</")
        limits = self.budget.limits
        if self.elements > limits.elements:
            raise PackageProblem(f"工作簿的部件 {self.part} 含有超过 {limits.elements:,} 个XML元素（上限），"
                                 "不像一个部门的预算工作簿：可能是损坏或恶意构造的文件")
        if self.size > limits.part_bytes:
            raise PackageProblem(f"工作簿的部件 {self.part} 解压后超过 {limits.part_bytes // (1024 * 1024)} MB"
                                 "（上限），不像一个部门的预算工作簿：可能是损坏或恶意构造的文件")
        if self.budget.total > limits.total_bytes:
            raise PackageProblem(f"工作簿解压后的内容超过 {limits.total_bytes // (1024 * 1024)} MB（上限），"
                                 "不像一个部门的预算工作簿：可能是损坏或恶意构造的文件")
        return data


class Package:
    """An open .xlsx: its parts read as streams within the limits."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits = LIMITS) -> None:
        self.zip, self.limits, self.budget = archive, limits, _Budget(limits)
        self.names = set(archive.namelist())

    def elements(self, part: str, tags: tuple[str, ...]) -> Iterator[Any]:
        """The elements of a part with these tags, each at its end, dropped after use with
        whatever ended before it; the element limit bounds what can pile up in between."""
        from lxml import etree

        try:
            handle = self.zip.open(part)
        except KeyError:
            return
        except (NotImplementedError, RuntimeError, zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise PackageProblem(_zip_problem(part, exc)) from None
        with handle:
            stream = _Inflating(handle, part, self.budget)
            events = etree.iterparse(stream, events=("end",), tag=tags, resolve_entities=False,
                                     load_dtd=False, no_network=True, remove_comments=True,
                                     remove_pis=True)
            checked = False
            try:
                for _, element in events:
                    if not checked:
                        _refuse_declarations(element)
                        checked = True
                    yield element
                    element.clear()
                    parent = element.getparent()
                    if parent is not None:
                        while parent[0] is not element:
                            del parent[0]  # what ended before it, wanted or not
                        del parent[0]
                if not checked and getattr(events, "root", None) is not None:
                    _refuse_declarations(events.root)
            except etree.XMLSyntaxError as exc:
                if isinstance(stream.problem, PackageProblem):
                    raise stream.problem from None
                if stream.problem is not None:
                    raise PackageProblem(_zip_problem(part, stream.problem)) from None
                raise PackageProblem(_xml_problem(part, exc)) from None
            except (NotImplementedError, RuntimeError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise PackageProblem(_zip_problem(part, exc)) from None


def _refuse_declarations(element: Any) -> None:
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise PackageProblem("工作簿包含不允许的XML声明（DOCTYPE/ENTITY）：Excel 不会写出这样的文件，"
                             "可能是恶意构造的文件；请用 Excel 或 WPS 重新保存")


def _zip_problem(part: str, exc: Exception) -> str:
    if isinstance(exc, NotImplementedError):
        return (f"工作簿的部件 {part} 使用了不支持的压缩方式（{exc}）：请用 Excel 或 WPS 打开，"
                "另存为 .xlsx 后再试")
    if isinstance(exc, RuntimeError) and "encrypt" in str(exc).lower():
        return "工作簿的内容被加密：请在 Excel 或 WPS 中取消密码，另存为 .xlsx 后再试"
    return f"工作簿已损坏，无法解压部件 {part}：请用 Excel 或 WPS 打开后另存为 .xlsx 再试"


def _xml_problem(part: str, exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    where = f"第{line}行" if line else ""
    return (f"工作簿的部件 {part} 的XML内容损坏或含有非法字符（{where}{type(exc).__name__}）："
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再试")


# ---- the package's parts ---------------------------------------------------------------


def sheets_of(package: Package) -> list[tuple[str, str, str]]:
    """(name, state, part) of every sheet, in workbook order."""
    targets = {}
    for rel in package.elements("xl/_rels/workbook.xml.rels", (REL + "Relationship",)):
        targets[rel.get("Id")] = rel.get("Target") or ""
    out = []
    for sheet in package.elements("xl/workbook.xml", (MAIN + "sheet",)):
        name = sheet.get("name")
        target = targets.get(sheet.get(OFFICE_REL + "id") or "", "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if name and part in package.names:
            out.append((name, sheet.get("state") or "visible", part))
    return out


def shared_strings(package: Package) -> list[str]:
    """The shared-string table, escapes decoded once, phonetic runs left out."""
    strings: list[str] = []
    text_tag, phonetic_tag = MAIN + "t", MAIN + "rPh"
    for si in package.elements("xl/sharedStrings.xml", (MAIN + "si",)):
        strings.append(unescape("".join(t.text or "" for t in si.iter(text_tag)
                                        if t.getparent().tag != phonetic_tag)))
        if len(strings) > package.limits.shared_strings:
            raise PackageProblem(f"共享字符串表超过 {package.limits.shared_strings:,} 条（上限）："
                                 "不像一个部门的预算工作簿")
    return strings


def format_kinds(package: Package) -> list[tuple[str, int] | None]:
    """For each cell style (index ``s``): ("date", 0), ("percent", decimals) or None."""
    formats: dict[int, str] = {}
    kinds: list[tuple[str, int] | None] = []
    in_cell_xfs = False
    for element in package.elements("xl/styles.xml", (MAIN + "numFmt", MAIN + "cellXfs")):
        if element.tag == MAIN + "numFmt":
            formats[_int(element.get("numFmtId"))] = element.get("formatCode") or ""
        else:
            in_cell_xfs = True
            kinds = [_kind(_int(xf.get("numFmtId")), formats) for xf in element.iter(MAIN + "xf")]
    return kinds if in_cell_xfs else []


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _kind(number_format: int, custom: dict[int, str]) -> tuple[str, int] | None:
    if number_format in PERCENT_FORMAT_IDS:
        return ("percent", PERCENT_FORMAT_IDS[number_format])
    if number_format in DATE_FORMAT_IDS:
        return ("date", 0)
    code = custom.get(number_format)
    if not code:
        return None
    section = code.split(";")[0]
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)  # literals and [..] say nothing
    if re.search(r"[dmyhsDMYHS]", bare.replace("General", "")):
        return ("date", 0)
    if "%" in bare:
        decimals = re.search(r"\.([0#?]+)", bare)
        return ("percent", len(decimals.group(1)) if decimals else 0)
    return None


# ---- one sheet -------------------------------------------------------------------------


def read_sheet(package: Package, name: str, state: str, part: str, strings: list[str],
               kinds: list[tuple[str, int] | None]) -> RawSheet:
    """The sheet's rows (values by column, within the column limit) and structure facts."""
    limits = package.limits
    sheet = RawSheet(name, state)
    row_tag, col_tag, merge_tag, cell_tag = MAIN + "row", MAIN + "col", MAIN + "mergeCell", MAIN + "c"
    expected, count = 1, 0
    for element in package.elements(part, (row_tag, col_tag, merge_tag)):
        if element.tag == col_tag:
            if element.get("hidden") in ("1", "true"):
                first, last = _int(element.get("min")), min(_int(element.get("max")), limits.columns)
                sheet.hidden_columns.update(range(max(first, 1), last + 1))
            continue
        if element.tag == merge_tag:
            if element.get("ref"):
                sheet.merged.append(element.get("ref"))
            continue
        number = _int(element.get("r")) or expected
        count += 1
        if number > limits.rows or count > limits.rows:
            raise PackageProblem(f"工作表“{name}”的行数超过 {limits.rows:,} 行（上限，第{number}行）："
                                 "远超一个部门预算的规模，请检查是否误填或误粘贴了大量数据"
                                 "（也可能是整列设置了格式，删除多余的行后再试）")
        expected = number + 1
        if element.get("hidden") in ("1", "true"):
            sheet.hidden_rows.add(number)
        values: list[Any] = [None] * limits.columns
        position, filled = 0, False
        for cell in element.iter(cell_tag):
            ref = cell.get("r")
            position = column_number(ref) if ref else position + 1
            if not 0 < position <= limits.columns:
                continue
            value = _value(cell, strings, kinds, limits)
            if value is None and cell.find(MAIN + "f") is not None:
                formula = cell.findtext(MAIN + "f") or ""
                sheet.formulas_without_value[f"{column_letters(position)}{number}"] = formula
                filled = True  # the row holds something, even if the file lacks its value
            if value is not None:
                values[position - 1] = value
                filled = True
        if filled:
            sheet.rows.append((number, values))
    return sheet


def _value(cell: Any, strings: list[str], kinds: list, limits: Limits) -> Any:
    """A cell's value as Excel shows it: text, int/float, bool, an error code, a date or
    percentage as its text; a :class:`Malformed` where the cell contradicts itself."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(MAIN + "is")
        if inline is None:
            return None
        text = "".join(t.text or "" for t in inline.iter(TEXT) if t.getparent().tag != PHONETIC)
        return _text(unescape(text), limits)
    raw = cell.findtext(VALUE)
    if not raw:  # no <v>, or an empty one (a formula saved without its result)
        return None
    if kind == "s":
        index = _int(raw) if raw.isdigit() else -1
        if not 0 <= index < len(strings):
            return Malformed(f"共享字符串序号 {raw[:20]} 无效（文件已损坏）")
        return _text(strings[index], limits)
    if kind == "n":
        number = _number(raw)
        if isinstance(number, Malformed):
            return number
        style = _int(cell.get("s"))
        shown = kinds[style] if 0 <= style < len(kinds) else None
        return _as_displayed(number, shown, limits) if shown else number
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind in ("str", "e", "d"):
        return _text(unescape(raw), limits)
    return Malformed(f"单元格类型“{kind[:10]}”无法识别")


def _text(text: str, limits: Limits) -> Any:
    if len(text) > limits.cell_characters:
        return Malformed(f"单元格文字有 {len(text):,} 个字符，超过 {limits.cell_characters:,} 个（上限）")
    return text


def _number(raw: str) -> int | float | Malformed:
    text = raw.strip()
    try:
        if text.lstrip("-").isdigit() and len(text) <= 18:
            return int(text)
        number = float(text)  # Excel stores 17 digits; the float's repr is what was typed
    except ValueError:
        return Malformed(f"单元格类型是数字，内容却是“{text[:30]}”")
    if math.isnan(number):
        return Malformed(f"单元格类型是数字，内容却是“{text[:30]}”")
    if not math.isfinite(number):
        return Malformed(f"数值超出范围（{text[:30]}）")
    return number


def _as_displayed(value: int | float, kind: tuple[str, int], limits: Limits) -> Any:
    """A date or percentage cell as the clerk sees it: "2021-12-31", "33.33%"."""
    name, decimals = kind
    if name == "date":
        if not 0 <= value <= LAST_EXCEL_DAY:
            return Malformed(f"设置为日期格式的数值 {value} 超出日期范围")
        serial = value if value >= 61 else value + 1  # Excel counts 1900-02-29
        moment = datetime(1899, 12, 30) + timedelta(days=serial)
        return moment.strftime("%Y-%m-%d")
    if decimals > limits.number_format_decimals:
        return Malformed(f"百分比格式显示 {decimals} 位小数，超过 {limits.number_format_decimals} 位（上限）")
    try:
        shown = (Decimal(format(value, ".15g")) * 100).quantize(Decimal(1).scaleb(-decimals),
                                                                rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return Malformed(f"百分数 {value} 超出范围")
    return f"{format(shown, 'f')}%"
