"""Word fields made at render time from plain tags, so that a template holds no field code.

A template author writes ``{{ 项目.表名 | 目录项 }}`` where a table's caption goes, and
``{{ 项目表 | 表目录 }}`` alone in the paragraph where the list of tables goes. Both are
plain text that Word, WPS and LibreOffice keep as they are when they save the template;
the fields they stand for (a TC entry after each caption; a TOC field over those entries,
whose page numbers Word fills in on opening and LibreOffice when converting to PDF) are
written into the document here. The filters return markup that ends the text run the tag
stands in and opens a new one after the field.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

ENTRY_LEVEL = "C"  # TC entries of the list of tables carry \f C, the TOC field collects \f C
_CLOSE, _OPEN = "</w:t></w:r>", '<w:r><w:t xml:space="preserve">'


class FieldMarkup(Markup):
    """The markup a field filter makes (the renderer tells it from any other markup a
    template prints, see pipeline.template_shape)."""


def escape(text: str) -> str:
    """Text for XML (xml.sax.saxutils would import urllib, 50 ms of a single run)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(text: str) -> str:
    """A field's argument on one line: line breaks and tabs (Alt+Enter in a cell) as spaces."""
    return " ".join(text.split()) if "\n" in text or "\t" in text or "\r" in text else text


def _field(instruction: str, result: str = "") -> str:
    parts = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>']
    if result:
        parts += ['<w:r><w:fldChar w:fldCharType="separate"/></w:r>', result]
    parts.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(parts)


def table_entry(caption: Any) -> FieldMarkup:
    """The caption, then a TC field naming it for the list of tables."""
    text = str(caption)
    quoted = _one_line(text).replace('"', "＂")  # a straight quote would end the field's argument
    instruction = ' TC "' + quoted + '" \\f ' + ENTRY_LEVEL + " \\l 1 "
    # the caption's own line breaks stay, made Word breaks after rendering as any value's are
    return FieldMarkup(escape(text) + _CLOSE + _field(instruction) + _OPEN)


def table_list(projects: Any) -> FieldMarkup:
    """A TOC field over the captions' TC entries; until a program updates it, its result
    lists every table's name, one per line."""
    names = [_one_line(str(p.get("表名", "")) if isinstance(p, dict) else str(p)) for p in projects or []]
    lines = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(n)}</w:t>' for n in names)
    result = f"<w:r>{lines}</w:r>" if names else ""
    instruction = " TOC \\f " + ENTRY_LEVEL + " \\h \\z "
    return FieldMarkup(_CLOSE + _field(instruction, result) + _OPEN)


FILTERS = {"目录项": table_entry, "表目录": table_list}


# settings.xml children that must come after w:updateFields (the schema's order; Word
# refuses a document whose settings are out of order)
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                        "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                        "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def uses_fields(sources: list[str]) -> bool:
    """Does a template's text use the list of tables (so Word should update fields on opening)?"""
    return any("表目录" in source for source in sources)


def with_update_fields(settings: bytes) -> bytes:
    """word/settings.xml asking Word to update fields (the list of tables) on opening."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(settings)
    if root.find(f"{{{w}}}updateFields") is not None:
        return settings
    flag = etree.Element(f"{{{w}}}updateFields")
    flag.set(f"{{{w}}}val", "true")
    later = next((c for c in root if etree.QName(c).localname in _AFTER_UPDATE_FIELDS), None)
    if later is not None:
        later.addprevious(flag)
    else:
        root.append(flag)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
