"""Template mistakes found in the text as the author wrote it, with where and how to fix.

Before Jinja sees a template, its paragraphs and table cells are read as typed in Word:
full-width braces and percent signs from a Chinese input method (｛｛ 部门简称 ｝｝), and
{%p %} / {%tr %} tags that do not stand alone in their paragraph or row, are reported
with the paragraph's or cell's own text. When Jinja or the data refuses a tag, the same
places are searched for the word it names, and an unknown name gets the closest known one.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FULL_WIDTH = re.compile(r"｛\s*[｛％%]|[{]\s*[％｛]|[％%]\s*｝|｝\s*｝|％\s*[}｝]")
OWN_PARAGRAPH = re.compile(r"{%-?\s*p\s")  # {%p …%}: must be the paragraph's only text
OWN_ROW = re.compile(r"{%-?\s*tr\s")  # {%tr …%}: must be the row's only text
TAGS = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)  # the tags of a typed text
SHOWN = 60  # characters of a paragraph quoted in a message
WORD_DOCUMENT = b"wordprocessingml.document.main+xml"  # the main part's type in a .docx
SAVE_AS = "请在 Word、WPS 或 LibreOffice 中打开它，“另存为” Word 文档（.docx）后再用作模板"
NOT_A_TEMPLATE = "不能用作模板：模板是 Word 文档（.docx），如自带的 disclosure、standard、sections12"
OTHER_PACKAGES = (  # what [Content_Types].xml names instead → what the file is, and what to do
    (b"wordprocessingml.template.main+xml", " Word 模板（.dotx），不是 Word 文档（.docx）", SAVE_AS),
    (b"macroEnabled", "启用宏的 Word 文件（.docm/.dotm），不是 Word 文档（.docx）", SAVE_AS),
    (b"spreadsheetml", " Excel 工作簿", NOT_A_TEMPLATE),
    (b"presentationml", " PowerPoint 演示文稿", NOT_A_TEMPLATE),
)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, .et of old
HEAD = 1 << 20  # bytes of [Content_Types].xml or mimetype read to tell what a file is


def not_a_word_document(blob: bytes) -> str | None:
    """Why a file given as a template is no Word document (.docx), in its author's terms;
    None when it is one."""
    if blob.startswith(OLE_SIGNATURE):
        return f"这是旧版的 Word/WPS 文档（.doc、.wps）或 Excel 文件，不是 .docx：{SAVE_AS}"
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            names = set(z.namelist())
            kinds = _head(z, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
            odf = _head(z, "mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError,
            EOFError, ValueError):
        return f"不是 Word 文档（.docx）：文件的格式不对（可能已损坏，或是改了扩展名的其他文件）；{SAVE_AS}"
    if b"opendocument" in odf:
        return f"这是 OpenDocument 文档（.odt 等），不是 .docx：{SAVE_AS}"
    if WORD_DOCUMENT in kinds:
        return None
    for marker, what, advice in OTHER_PACKAGES:
        if marker in kinds:
            return f"这是{what}：{advice}"
    return f"不是 Word 文档（.docx）：文件中没有 Word 文档的正文；{SAVE_AS}"


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as handle:
        return handle.read(HEAD)


@dataclass(frozen=True)
class Place:
    where: str  # "第12段" or "第3个表格第2行第1格"
    text: str  # as the author typed it
    row: tuple[str, ...] = ()  # the texts of the cells of its row (table cells only)

    def quoted(self) -> str:
        text = self.text if len(self.text) <= SHOWN else self.text[:SHOWN] + "……"
        return f"{self.where}“{text}”"


def places(blob: bytes) -> list[Place]:
    """Every paragraph of the body (outside tables) and every table cell, in order; then
    the paragraphs of the headers and footers (their tags are filled in too)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = z.namelist()
        if "word/document.xml" not in names:
            return []  # the main part has another name: docxtpl finds it, the search does not
        try:
            root = etree.fromstring(z.read("word/document.xml"))
            edges = [(name, etree.fromstring(z.read(name))) for name in sorted(names)
                     if re.fullmatch(r"word/(header|footer)\d*\.xml", name)]
        except etree.XMLSyntaxError:
            return []  # told when the template is loaded (render.Renderer._patched)
    return _body_places(root) + [Place("页眉" if "header" in name else "页脚", _text(paragraph))
                                 for name, part in edges for paragraph in part.iter(f"{W}p")]


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _body_places(root: Any) -> list[Place]:
    body = root.find(f"{W}body")
    out: list[Place] = []
    paragraph = table = 0

    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            paragraph += 1
            out.append(Place(f"第{paragraph}段", _text(child)))
        elif child.tag == f"{W}tbl":
            table += 1
            out.extend(_table_places(child, f"第{table}个表格"))
    return out


def _table_places(table: Any, name: str) -> list[Place]:
    """Each cell of a table with its own text; a table in a cell (a layout table holding
    another) is a place of its own, cell by cell: docxtpl's {%tr %} takes the innermost row."""
    out: list[Place] = []
    for r, row in enumerate(table.findall(f"{W}tr"), start=1):
        cells = row.findall(f"{W}tc")
        texts = tuple(_cell_text(tc) for tc in cells)
        for c, (tc, text) in enumerate(zip(cells, texts), start=1):
            where = f"{name}第{r}行第{c}格"
            out.append(Place(where, text, texts))
            inner = tc.findall(f"{W}tbl")
            for n, nested in enumerate(inner, start=1):
                out.extend(_table_places(nested, f"{where}中的{f'第{n}个' if len(inner) > 1 else ''}表格"))
    return out


def _cell_text(cell: Any) -> str:
    """The text of a cell outside the tables it holds."""
    return "".join(t.text or "" for t in cell.iter(f"{W}t") if next(t.iterancestors(f"{W}tc")) is cell)


def problems(blob: bytes) -> list[str]:
    """Mistakes visible in the typed text, each with its place and the fix."""
    out = []
    for place in places(blob):
        if FULL_WIDTH.search(place.text):
            out.append(f"{place.quoted()}：标签用了全角的括号或百分号（｛ ｝ ％）。请切换到英文输入法，"
                       "改成半角的 {{ }} 或 {% %}")
        text = place.text.strip()
        if OWN_PARAGRAPH.search(text) and not place.row:
            tags = re.findall(r"{%.*?%}", text)
            if len(tags) != 1 or tags[0] != text:
                out.append(f"{place.quoted()}：{{%p … %}} 标签必须单独成段（这一段的其他文字会被删掉）。"
                           "请把它放在单独的一段里，{%p for %} 和 {%p endfor %} 各占一段")
        if OWN_ROW.search(text):
            if not place.row:
                out.append(f"{place.quoted()}：{{%tr … %}} 标签只能放在表格的行里。正文中请用 {{%p … %}}")
            else:
                tags = re.findall(r"{%.*?%}", text)
                others = [t for t in place.row if t.strip() and t.strip() != text]
                if len(tags) != 1 or tags[0] != text or others:
                    out.append(f"{place.quoted()}：{{%tr … %}} 标签所在的行会被删掉，这一行不能有其他文字。"
                               "请把它放在单独的一行（其他格留空），{%tr for %} 和 {%tr endfor %} 各占一行")
    return out + package_problems(blob)


UNREAD_PARTS = {"word/footnotes.xml": "脚注", "word/endnotes.xml": "尾注"}  # comments are left out (package.py)
REVISION = re.compile(rb"<w:(ins|del|moveFrom|moveTo)[ >]")  # tracked changes not accepted


def package_problems(blob: bytes) -> list[str]:
    """What the template's parts hold that no document should: tracked changes (printed
    struck through beside the new text), and tags where they are never filled in."""
    out = []
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        texts = [n for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        if any(REVISION.search(z.read(n)) for n in texts):
            out.append("模板中有没有接受的修订（修订痕迹），会原样带进每份文档：请在 Word 或 WPS 中"
                       "点“审阅—接受—接受所有修订”（或拒绝修订）并关闭修订后保存，再用作模板")
        for part, what in UNREAD_PARTS.items():
            if part in names and re.search(rb"{{|{%", __text(z.read(part))):
                out.append(f"{what}中有标签：标签只在正文、页眉和页脚中起作用，{what}中的标签会原样印出；"
                           "请把它移到正文，或删去")
    return out


def __text(xml: bytes) -> bytes:
    """The text of a part's runs joined (a tag Word split over runs is found whole)."""
    return b"".join(re.findall(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


def where_used(blob: bytes, word: str) -> list[str]:
    """The places where ``word`` (an unknown name, a tag's keyword, a character) is typed
    inside a tag, a name as a whole (not within a longer one, nor in the plain text around
    the tags)."""
    if not word:
        return []
    name = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)" if re.fullmatch(r"\w+", word) else re.escape(word))
    return [p.quoted() for p in places(blob)
            if any(name.search(tag) for tag in TAGS.findall(p.text))][:5]


def top_level_names() -> set[str]:
    """The variables of the context (the first part of each path of docs/template.md)."""
    from .template_vars import VARIABLES

    return {path.split(".")[0].replace("[]", "") for path in VARIABLES}


def closest(word: str, known: set[str]) -> str | None:
    """The known name an unknown one was probably meant to be."""
    found = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.5)
    return found[0] if found else None


def known_names() -> set[str]:
    """Every variable and field name a template may use (from docs/template.md's table),
    and the standard tables' names and numbers (公开表.公开05表)."""
    from .tables import table_keys
    from .template_vars import VARIABLES

    names: set[str] = set(table_keys())
    for path in VARIABLES:
        names.update(part for part in path.replace("[]", "").split(".") if part)
    return names


BLOCK = re.compile(r"{%-?\s*(?:p|tr|tc)?\s*(for|if|endfor|endif)\b")


def unclosed(blob: bytes) -> list[str]:
    """The places of {% for %} / {% if %} tags that no end tag closes, innermost last."""
    open_blocks: list[tuple[str, Place]] = []
    for place in places(blob):
        for kind in BLOCK.findall(place.text):
            if kind in ("for", "if"):
                open_blocks.append((kind, place))
            elif open_blocks and open_blocks[-1][0] == kind[3:]:
                open_blocks.pop()
    return [f"{place.quoted()}（{{% {kind} %}} 没有对应的 {{% end{kind} %}}）" for kind, place in open_blocks]
