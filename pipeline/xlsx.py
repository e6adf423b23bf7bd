"""The .xlsx package, read in one streaming pass per part, within the limits.

Every part is inflated as a stream and counted while it inflates (a zip bomb stops at
the limit, never after) and parsed as it comes by expat, whose events go straight to a
small handler per kind of part, so no tree is built; XML with a DTD or entity
declarations is refused; rows are counted from the rows themselves and a row number
beyond the limit is refused at once.
Nothing here judges the data: a value that cannot be what its cell says it is comes back
as a :class:`Malformed` value with the reason, for validation to report at its cell.
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any, NamedTuple
from xml.parsers import expat

from .errors import disk_fault, os_reason
from .limits import LIMITS, Limits

# names as expat gives them with namespace processing: "<namespace>}<local name>"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ESCAPE = r"_x([0-9A-Fa-f]{4})_"  # compiled by re when a text first holds one
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
PERCENT_FORMAT_IDS = {9: 0, 10: 2}
LAST_EXCEL_DAY = 2_958_465  # 9999-12-31
TEXT, PHONETIC, VALUE, FORMULA, INLINE = MAIN + "t", MAIN + "rPh", MAIN + "v", MAIN + "f", MAIN + "is"
ROW, CELL, COL, MERGE = MAIN + "row", MAIN + "c", MAIN + "col", MAIN + "mergeCell"
EXCEL_COLUMNS = 16_384  # XFD, the last column a sheet has
FILTER, FILTER_COLUMN, CUSTOM_VIEW = MAIN + "autoFilter", MAIN + "filterColumn", MAIN + "customSheetView"


class PackageProblem(Exception):
    """The package cannot be read (a Chinese sentence without the file's name)."""


class Malformed(NamedTuple):
    """A cell value that is not what its cell claims (kept for validation to report)."""

    reason: str  # Chinese, e.g. "数值超出范围（1E+999）"

    def __str__(self) -> str:
        return self.reason


class RawSheet:
    """One sheet as stored: its cells by row, and the facts of its structure (filled in by
    the reader; a plain class, as the reader's other records, so that reading a workbook
    needs no dataclass machinery)."""

    __slots__ = ("name", "state", "rows", "hidden_rows", "hidden_columns", "filtered", "merged",
                 "formulas_without_value", "filled_columns", "beyond", "problem")

    def __init__(self, name: str, state: str = "visible") -> None:
        self.name = name
        self.state = state  # visible | hidden | veryHidden
        self.rows: list[tuple[int, list[Any]]] = []  # rows holding a value
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()  # 1 = A
        # the range of each AutoFilter that filters, the sheet's or its tables' ("A1:I29"):
        # Excel saves the rows it hides as hidden rows
        self.filtered = ""
        self.merged: list[str] = []  # "A3:A5"
        self.formulas_without_value: dict[str, str] = {}  # "C7" → "1+2"
        self.filled_columns: set[int] = set()  # the columns (1 = A) holding a value
        self.beyond = ""  # the first cell holding a value right of the columns read ("AZ3"), hidden ones aside
        self.problem = ""  # the sheet could not be read at all (then ``rows`` is empty)

    def __eq__(self, other: object) -> bool:
        return type(other) is RawSheet and all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __repr__(self) -> str:
        return f"RawSheet({self.name!r}, {self.state!r}, {len(self.rows)} rows)"


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
    return re.sub(ESCAPE, lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Budget:
    """Inflated bytes so far, against the per-part and total limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.total = limits, 0


class _Inflating:
    """A zip member as a stream that refuses to inflate beyond the limits."""

    def __init__(self, stream: IO[bytes], part: str, budget: _Budget) -> None:
        self.stream, self.part, self.budget, self.size, self.elements = stream, part, budget, 0, 0

    def read(self, n: int = 1 << 16) -> bytes:
        data = self.stream.read(n)
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


class Handler:
    """What a part's XML events do: ``start`` and ``end`` of each element (its name as
    ``MAIN + "row"``, its attributes as a dict) and ``chars``, its text. ``start`` and
    ``end`` set ``text`` to a list where an element's text is wanted, else to None: the
    text collected is then what lxml calls the element's ``.text`` (up to its first child)."""

    text: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.text = None

    def end(self, name: str) -> None:
        self.text = None

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


class Package:
    """An open .xlsx: its parts read as streams within the limits."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits = LIMITS) -> None:
        self.zip, self.limits, self.budget = archive, limits, _Budget(limits)
        self.names = set(archive.namelist())

    def parse(self, part: str, handler: Handler) -> None:
        """Stream one part through ``handler`` (nothing happens for a part the package lacks)."""
        try:
            handle = self.zip.open(part)
        except KeyError:
            return
        except (NotImplementedError, RuntimeError, zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise PackageProblem(_zip_problem(part, exc)) from None
        with handle:
            stream = _Inflating(handle, part, self.budget)
            parser = _parser(handler)
            try:
                while True:
                    data = stream.read()
                    parser.Parse(data, not data)
                    if not data:
                        break
            except expat.ExpatError as exc:
                raise PackageProblem(_xml_problem(part, exc)) from None
            except (NotImplementedError, RuntimeError, zipfile.BadZipFile, zlib.error, EOFError,
                    OSError) as exc:
                raise PackageProblem(_zip_problem(part, exc)) from None


def _parser(handler: Handler) -> Any:
    """An expat parser feeding ``handler``: namespaces resolved, no DTD, comments and
    processing instructions ignored, consecutive text handed on as one piece."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    return parser


def _refuse_declarations(*_: Any) -> None:
    raise PackageProblem("工作簿包含不允许的XML声明（DOCTYPE/ENTITY）：Excel 不会写出这样的文件，"
                         "可能是恶意构造的文件；请用 Excel 或 WPS 重新保存")


def _zip_problem(part: str, exc: Exception) -> str:
    if disk_fault(exc):
        return f"无法读取工作簿的部件 {part}（{os_reason(exc)}）"
    if isinstance(exc, NotImplementedError):
        return (f"工作簿的部件 {part} 使用了不支持的压缩方式：请用 Excel 或 WPS 打开，"
                "另存为 .xlsx 后再试")
    if isinstance(exc, RuntimeError) and "encrypt" in str(exc).lower():
        return "工作簿的内容被加密：请在 Excel 或 WPS 中取消密码，另存为 .xlsx 后再试"
    return f"工作簿已损坏，无法解压部件 {part}：请用 Excel 或 WPS 打开后另存为 .xlsx 再试"


def _xml_problem(part: str, exc: Exception) -> str:
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f"（第{line}行第{column + 1}个字符处）" if line and column is not None else ""
    return (f"工作簿的部件 {part} 的XML内容损坏或含有非法字符{where}："
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再试")


# ---- the package's parts ---------------------------------------------------------------


def sheets_of(package: Package) -> list[tuple[str, str, str]]:
    """(name, state, part) of every sheet, in workbook order."""
    parts = {rel.get("Id"): part for rel, part in related(package, "xl/workbook.xml")}
    sheets = _Elements(MAIN + "sheet")
    package.parse("xl/workbook.xml", sheets)
    out = []
    for sheet in sheets.found:
        name = sheet.get("name")
        part = parts.get(sheet.get(OFFICE_REL + "id") or "", "")
        if name and part in package.names:
            out.append((name, sheet.get("state") or "visible", part))
    return out


def related(package: Package, part: str) -> list[tuple[dict[str, str], str]]:
    """Each relationship of ``part`` inside the package (its attributes) with the part it
    points to: a target relative to ``part``'s folder, or from the package's root."""
    folder, file = posixpath.split(part)
    relationships = _Elements(REL + "Relationship")
    package.parse(f"{folder}/_rels/{file}.rels", relationships)
    out = []
    for rel in relationships.found:
        target = rel.get("Target") or ""
        if target and rel.get("TargetMode") != "External":
            out.append((rel, target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))))
    return out


class _Elements(Handler):
    """The attributes of every element of one name, in document order."""

    def __init__(self, name: str) -> None:
        self.name, self.found = name, []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == self.name:
            self.found.append(attributes)


def shared_strings(package: Package) -> list[str]:
    """The shared-string table, escapes decoded once, phonetic runs left out."""
    table = _SharedStrings(package.limits)
    package.parse("xl/sharedStrings.xml", table)
    return table.strings


class _SharedStrings(Handler):
    """Each ``si``: the text of its ``t`` elements, except those of phonetic runs (``rPh``)."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.strings = limits, []
        self.names: list[str] = []  # the open elements
        self.pieces: list[list[str]] | None = None  # the texts of the open si

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.text = None
        if name == MAIN + "si":
            self.pieces = []
        elif name == TEXT and self.pieces is not None and self.names[-1] != PHONETIC:
            self.text = []
            self.pieces.append(self.text)
        self.names.append(name)

    def end(self, name: str) -> None:
        self.text = None
        self.names.pop()
        if name == MAIN + "si" and self.pieces is not None:
            self.strings.append(unescape("".join("".join(p) for p in self.pieces)))
            self.pieces = None
            if len(self.strings) > self.limits.shared_strings:
                raise PackageProblem(f"共享字符串表超过 {self.limits.shared_strings:,} 条（上限）："
                                     "不像一个部门的预算工作簿")


def format_kinds(package: Package) -> list[tuple[str, int] | None]:
    """For each cell style (index ``s``): ("date", 0), ("percent", decimals) or None."""
    styles = _Styles()
    package.parse("xl/styles.xml", styles)
    return styles.kinds if styles.in_cell_xfs else []


class _Styles(Handler):
    """Every ``numFmt``; the ``xf`` of ``cellXfs``, judged with the formats met before it ends."""

    def __init__(self) -> None:
        self.formats: dict[int, str] = {}
        self.kinds: list[tuple[str, int] | None] = []
        self.in_cell_xfs = False
        self.open_cell_xfs = 0
        self.ids: list[int] = []  # numFmtId of each xf of the open cellXfs

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == MAIN + "numFmt":
            self.formats[_int(attributes.get("numFmtId"))] = attributes.get("formatCode") or ""
        elif name == MAIN + "cellXfs":
            if not self.open_cell_xfs:
                self.ids = []
            self.open_cell_xfs += 1
        elif name == MAIN + "xf" and self.open_cell_xfs:
            self.ids.append(_int(attributes.get("numFmtId")))

    def end(self, name: str) -> None:
        if name == MAIN + "cellXfs":
            self.open_cell_xfs -= 1
            self.in_cell_xfs = True
            self.kinds = [_kind(number_format, self.formats) for number_format in self.ids]


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


class _Found(Exception):
    """A value was met: the rest of the part need not be read."""


class _FirstValue(Handler):
    """Stops at the first cell holding a value (its <v> or <is>)."""

    def __init__(self) -> None:
        self.in_cell = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == CELL:
            self.in_cell = True
        elif self.in_cell and name in (VALUE, INLINE):
            raise _Found

    def end(self, name: str) -> None:
        if name == CELL:
            self.in_cell = False


def holds_values(package: Package, part: str) -> bool:
    """Whether a sheet holds any value, read only up to the first one (a sheet outside the
    format: whatever its size, it is not read whole). One that cannot be read counts as
    holding something."""
    try:
        package.parse(part, _FirstValue())
    except _Found:
        return True
    except PackageProblem:
        return True
    return False


def read_sheet(package: Package, name: str, state: str, part: str, strings: list[str],
               kinds: list[tuple[str, int] | None]) -> RawSheet:
    """The sheet's rows (values by column, within the column limit) and structure facts."""
    reader = _SheetReader(RawSheet(name, state), strings, kinds, package.limits)
    package.parse(part, reader)
    sheet = reader.sheet
    sheet.filtered = reader.filter.filtered
    if sheet.hidden_rows and not sheet.filtered:  # rows a table's own filter hides (套用表格格式)
        sheet.filtered = "、".join(filter(None, (_filtered(package, table) for table in _tables(package, part))))
    return sheet


def _tables(package: Package, part: str) -> list[str]:
    """The parts of the Excel tables (ListObjects) on the sheet stored in ``part``."""
    return [table for rel, table in related(package, part) if (rel.get("Type") or "").endswith("/table")]


def _filtered(package: Package, part: str) -> str:
    """The range of a table's AutoFilter when it filters, else ""."""
    found = _Filter()
    package.parse(part, found)
    return found.filtered


class _Filter(Handler):
    """An AutoFilter that filters (has a filterColumn): its range ("A1:I29")."""

    def __init__(self) -> None:
        self.open: str | None = None  # the range of the autoFilter element being read
        self.filtered = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == FILTER:
            self.open = attributes.get("ref", "")
        elif name == FILTER_COLUMN and self.open is not None:
            self.filtered = self.open or "A1"

    def end(self, name: str) -> None:
        if name == FILTER:
            self.open = None


class _SheetReader(Handler):
    """A sheet's ``row``, ``col`` and ``mergeCell`` elements; each row's cells as values."""

    def __init__(self, sheet: RawSheet, strings: list[str], kinds: list[tuple[str, int] | None],
                 limits: Limits) -> None:
        self.sheet, self.strings, self.kinds, self.limits = sheet, strings, kinds, limits
        self.expected, self.count = 1, 0  # the next row's number when it has none; rows so far
        self.row: dict[str, str] | None = None  # the open row's attributes
        self.values: list[Any] = []
        self.formulas: list[tuple[int, str]] = []  # (column, formula) of the open row
        self.position, self.filled = 0, False
        self.cell: dict[str, str] | None = None  # the open cell's attributes
        self.inside: list[str] = []  # the elements open inside it
        self.value: list[str] | None = None  # its first <v>'s text
        self.formula: list[str] | None = None  # its first <f>'s text
        self.inline: list[list[str]] | None = None  # the texts of its first <is>
        self.in_inline = False
        self.filter = _Filter()  # the sheet's own AutoFilter
        self.in_view = False  # inside a custom view, whose filter is not the sheet's
        self.hidden_beyond = bytearray()  # 1 at each hidden column right of the columns read

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.text = None
        if self.cell is not None:
            inside = self.inside
            if not inside:  # a child of the cell
                if name == VALUE:
                    if self.value is None:
                        self.value = self.text = []
                elif name == FORMULA:
                    if self.formula is None:
                        self.formula = self.text = []
                elif name == INLINE and self.inline is None:
                    self.inline, self.in_inline = [], True
            elif name == TEXT and self.in_inline and inside[-1] != PHONETIC:
                self.text = []
                self.inline.append(self.text)  # type: ignore[union-attr]
            inside.append(name)
        elif name == CELL:
            if self.row is not None:
                self.cell = attributes
                self.value = self.formula = self.inline = None
        elif name == ROW:
            self.row, self.values = attributes, [None] * self.limits.columns
            self.formulas, self.position, self.filled = [], 0, False
        elif name == COL:
            if attributes.get("hidden") in ("1", "true"):
                first, last = max(_int(attributes.get("min")), 1), _int(attributes.get("max"))
                self.sheet.hidden_columns.update(range(first, min(last, self.limits.columns) + 1))
                if last > self.limits.columns:  # right of the columns read: only whether hidden
                    if not self.hidden_beyond:
                        self.hidden_beyond = bytearray(EXCEL_COLUMNS + 1)
                    start, stop = max(first, self.limits.columns + 1), min(last, EXCEL_COLUMNS) + 1
                    if start < stop:
                        self.hidden_beyond[start:stop] = b"\x01" * (stop - start)
        elif name == MERGE:
            if attributes.get("ref"):
                self.sheet.merged.append(attributes["ref"])
        elif (name == FILTER or name == FILTER_COLUMN) and not self.in_view:
            self.filter.start(name, attributes)
        elif name == CUSTOM_VIEW:
            self.in_view = True

    def end(self, name: str) -> None:
        self.text = None
        if self.cell is not None:
            inside = self.inside
            if not inside:
                self._end_cell(self.cell)
            elif inside.pop() == INLINE and not inside:
                self.in_inline = False
        elif name == ROW and self.row is not None:
            self._end_row(self.row)
        elif name == FILTER:
            self.filter.end(name)
        elif name == CUSTOM_VIEW:
            self.in_view = False

    def _end_cell(self, cell: dict[str, str]) -> None:
        self.cell, self.in_inline = None, False
        ref = cell.get("r")
        if ref:  # its column's number, as column_number gives it (known columns without a call)
            letters = ref.rstrip("0123456789")
            position = _COLUMNS.get(letters) or column_number(letters)
        else:
            position = self.position + 1
        self.position = position
        if not 0 < position <= self.limits.columns:
            if (position > 0 and not self.sheet.beyond and (self.value or self.inline) and self.row is not None
                    and not (position < len(self.hidden_beyond) and self.hidden_beyond[position])):
                self.sheet.beyond = f"{column_letters(position)}{_int(self.row.get('r')) or self.expected}"
            return
        kind, inline = cell.get("t", "n"), self.inline
        text = "".join(inline[0]) if kind == "inlineStr" and inline and len(inline) == 1 else None
        if text is not None and len(text) <= self.limits.cell_characters:  # _value's usual inline text
            value = unescape(text) if "_x" in text else text
        else:
            value = _value(kind, cell.get("s"), self.value, inline, self.strings, self.kinds, self.limits)
        if value is None:
            if self.formula is not None:
                self.formulas.append((position, "".join(self.formula)))
                self.filled = True  # the row holds something, even if the file lacks its value
        else:
            self.values[position - 1] = value
            self.filled = True
            self.sheet.filled_columns.add(position)

    def _end_row(self, row: dict[str, str]) -> None:
        self.row = None
        sheet, limits = self.sheet, self.limits
        number = _int(row.get("r")) or self.expected
        self.count += 1
        if number > limits.rows or self.count > limits.rows:
            raise PackageProblem(f"工作表“{sheet.name}”的行数超过 {limits.rows:,} 行（上限，第{number}行）："
                                 "远超一个部门预算的规模，请检查是否误填或误粘贴了大量数据"
                                 "（也可能是整列设置了格式，删除多余的行后再试）")
        self.expected = number + 1
        if row.get("hidden") in ("1", "true"):
            sheet.hidden_rows.add(number)
        for position, formula in self.formulas:
            sheet.formulas_without_value[f"{column_letters(position)}{number}"] = formula
        if self.filled:
            sheet.rows.append((number, self.values))


def _value(kind: str, style: str | None, value: list[str] | None, inline: list[list[str]] | None,
           strings: list[str], kinds: list, limits: Limits) -> Any:
    """A cell's value as Excel shows it: text, int/float, bool, an error code, a date or
    percentage as its text; a :class:`Malformed` where the cell contradicts itself. ``value``
    is the text of the cell's <v>, ``inline`` the texts of its <is> (None: there is none)."""
    if kind == "inlineStr":
        if inline is None:
            return None
        return _text(unescape("".join(map("".join, inline))), limits)
    raw = (value[0] if len(value) == 1 else "".join(value)) if value else ""
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
        shown_style = _int(style)
        shown = kinds[shown_style] if 0 <= shown_style < len(kinds) else None
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
        from datetime import datetime, timedelta  # loaded for the first date cell only

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
