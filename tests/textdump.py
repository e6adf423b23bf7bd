"""Extract a .docx's text in body order (paragraphs and table cells), and normalise text
for comparison: NFKC (full-width → half-width), no whitespace."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_blocks(path: str | Path) -> list[str]:
    """Each body paragraph and each table cell as one string, in document order."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out: list[str] = []

    def para_text(p) -> str:
        parts = []
        for node in p.iter(W + "t", W + "br", W + "tab", W + "cr"):
            if node.tag == W + "t":
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == W + "tab" else "\n")
        return "".join(parts)

    def walk(element) -> None:
        for child in element:
            if child.tag == W + "p":
                out.append(para_text(child))
            elif child.tag == W + "tbl":
                for tc in child.iter(W + "tc"):
                    out.append("\n".join(para_text(p) for p in tc.iter(W + "p")))
            elif child.tag in (W + "sdt", W + "sdtContent"):
                walk(child)
    walk(root.find(W + "body"))
    return out


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def seed_text(raw: str) -> str:
    """The seed dump without its bookmark and TC leftovers."""
    raw = re.sub(r"\[bookmark: [^\]]*\]", "", raw)
    raw = re.sub(r"\{ TC [^}]*\}", "", raw)
    return raw
