"""A template's zip package, and each document's package made from it.

Most of a .docx is the same in every document made from one template: styles, fonts,
theme, settings (about 0.8 MB of the shipped templates, against 0.5 MB of rendered body).
Those entries are compressed once per template and budget year into a zip of their own;
each document is that zip with the rendered entries appended (zipfile's append mode:
only the appended entries are compressed, the others are copied as they are).

Every entry is dated 1 January of the budget year and marked as made on Unix, and the
document properties are dated from the year too, never from the clock: equal input,
equal bytes, on any machine.

The rendered entries are compressed at zlib's level 3, not its default 6: for the half
megabyte of a rendered body that takes about a third of the time (1.3 against 3.5 ms)
for a document about a third larger (30 against 23 KB for the sample); the unchanging
entries, compressed once, keep the default.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Protocol

CORE = "docProps/core.xml"
RENDERED_LEVEL = 3  # zlib level of the entries rendered for each document (see above)


class Store(Protocol):
    """Somewhere to keep bytes made from one template between runs (template_cache)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


class PackageProblem(ValueError):
    """The template's package cannot be used; the message says why, in Chinese."""


class Package:
    """The entries of one template; ``changing`` names those rendered for each document,
    ``omitted`` those no document has (see :func:`without_comments`)."""

    def __init__(self, blob: bytes, main: str, changing: set[str], max_bytes: int,
                 stored: Store | None = None, omitted: frozenset[str] = frozenset()) -> None:
        try:
            source = zipfile.ZipFile(io.BytesIO(blob))
            infos = source.infolist()
            refuse_oversized(sum(i.file_size for i in infos), max_bytes)
            self.names = [i.filename for i in infos if i.filename not in omitted]
            if main not in self.names:
                raise PackageProblem(f"模板中没有 {main}")
            self.changing = (set(changing) | {CORE}) & set(self.names)
            self.originals = {name: source.read(name) for name in self.changing | {main}}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
            raise PackageProblem(f"不是有效的 Word 模板（.docx）：{exc}") from exc
        self.source = source
        self.stored = stored
        document = self.originals[main].decode("utf-8")
        start = min((i for i in (document.find("<w:body>"), document.find("<w:body ")) if i >= 0), default=-1)
        end = document.rfind("</w:body>")
        if start < 0 or end < 0:
            raise PackageProblem(f"{main}: 模板的正文部分无法识别")
        self.head = document[:start].encode("utf-8")
        self.tail = document[end + len("</w:body>"):].encode("utf-8")
        self._unchanging: dict[int, bytes] = {}  # budget year -> zip of the unchanging entries

    def with_body(self, body: bytes) -> bytes:
        """The main part with ``body`` as its <w:body> element."""
        return self.head + body + self.tail

    def write(self, rendered: dict[str, bytes], year: int | None) -> bytes:
        """The document: the template's entries with ``rendered`` ones replaced."""
        stamp = max(year or 1980, 1980)
        buffer = io.BytesIO(self.unchanging(stamp))
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            for name in self.names:
                if name in self.changing:
                    data = rendered.get(name, self.originals[name])
                    if name == CORE:
                        data = _dated_core(data, year)
                    archive.writestr(_entry(name, stamp), data, compresslevel=RENDERED_LEVEL)
        return buffer.getvalue()

    def unchanging(self, stamp: int) -> bytes:
        """The zip of the entries no document changes, dated ``stamp`` (kept in memory
        and, where there is one, in the cache)."""
        made = self._unchanging.get(stamp)
        if made is None:
            key = f"unchanging-{stamp}.zip"
            expected = [n for n in self.names if n not in self.changing]
            made = self.stored.get(key) if self.stored else None
            if made is not None and _names(made) != expected:
                made = None
            if made is None:
                made = _zip([(n, self.source.read(n)) for n in expected], stamp)
                if self.stored:
                    self.stored.put(key, made)
            self._unchanging[stamp] = made
        return made


def refuse_oversized(unpacked: int, max_bytes: int) -> None:
    if unpacked > max_bytes:  # a zip bomb: a small file of gigabytes unpacked
        raise PackageProblem(f"模板解压后有 {unpacked // 1_000_000} MB，超过 "
                             f"{max_bytes // 1_000_000} MB 的上限")


def refuse_oversized_parts(sizes: dict[str, int], max_bytes: int, max_xml: int) -> None:
    """All parts within ``max_bytes``, and each XML part (what is parsed, patched and
    compiled, at many times its size in memory and time) within ``max_xml``."""
    refuse_oversized(sum(sizes.values()), max_bytes)
    for name, size in sizes.items():
        if name.endswith((".xml", ".rels")) and size > max_xml:
            raise PackageProblem(f"模板的部件 {name} 解压后有 {size / 1_000_000:.1f} MB，超过 "
                                 f"{max_xml / 1_000_000:g} MB 的上限（正常的模板每个部件不到 1 MB）："
                                 "请检查模板中是否粘贴了大量内容或对象")


def unpacked_sizes(blob: bytes) -> dict[str, int]:
    """The bytes each of a zip's entries takes unpacked, as its directory says (zipfile
    never reads more than that); {} when it is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as source:
            sizes: dict[str, int] = {}
            for info in source.infolist():
                sizes[info.filename] = sizes.get(info.filename, 0) + info.file_size
            return sizes
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return {}


def _entry(name: str, year: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=(year, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, on every platform (zipfile says 0 on Windows)
    entry.external_attr = 0o644 << 16
    return entry


def _zip(entries: list[tuple[str, bytes]], year: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(_entry(name, year), data)
    return buffer.getvalue()


def _names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def _dated_core(xml: bytes, year: int | None) -> bytes:
    """Document properties dated from the budget year, not from the clock."""
    stamp = f"{year or 2000}-01-01T00:00:00Z".encode()
    for tag in (b"dcterms:created", b"dcterms:modified"):
        xml = re.sub(b"(<" + tag + b"[^>]*>)[^<]*(</" + tag + b">)", b"\\g<1>" + stamp + b"\\g<2>", xml)
    return re.sub(b"<cp:lastPrinted>[^<]*</cp:lastPrinted>", b"", xml)


# Comments (批注) are the template author's notes: no document carries them. These are the
# last words of the relationship types of the parts that hold them (Word 2007 and later)
COMMENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible")
COMMENT_ANCHOR = r"<w:(?:commentRangeStart|commentRangeEnd|commentReference)\b[^>]*/>"  # re compiles it once used
CONTENT_TYPES = "[Content_Types].xml"


def without_comment_anchors(xml: str) -> str:
    """A part's XML without the marks of where comments are anchored (the commented range
    and the reference to the comment; the run that held the reference stays, empty)."""
    return re.sub(COMMENT_ANCHOR, "", xml)


def without_comments(blob: bytes, main: str, rendered: set[str]) -> tuple[list[str], dict[str, str]]:
    """The template's parts that hold comments, to be left out of every document, and the
    parts that take the place of those that name them: the main part's relationships and
    the content types without them, and each XML part not ``rendered`` (rendered parts are
    cleaned before they are compiled) without its anchors. ``([], {})`` when there are none."""
    from lxml import etree

    rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        if rels not in names:
            return [], {}
        relationships = etree.fromstring(z.read(rels))
        omitted = []
        for relation in list(relationships):
            target = relation.get("Target") or ""
            if (relation.get("Type") or "").rsplit("/", 1)[-1] not in COMMENT_PARTS \
                    or relation.get("TargetMode") == "External":
                continue
            part = target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join(posixpath.dirname(main), target))
            omitted.append(part)
            relationships.remove(relation)
        if not omitted:
            return [], {}
        replaced = {rels: etree.tostring(relationships, xml_declaration=True, encoding="UTF-8",
                                         standalone=True).decode("utf-8")}
        if CONTENT_TYPES in names:
            types = etree.fromstring(z.read(CONTENT_TYPES))
            for override in list(types):
                if (override.get("PartName") or "").lstrip("/") in omitted:
                    types.remove(override)
            replaced[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                     standalone=True).decode("utf-8")
        for name in sorted(names - rendered - set(omitted)):
            if name.startswith("word/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8", "replace")
                cleaned = without_comment_anchors(xml)
                if cleaned != xml:
                    replaced[name] = cleaned
    return omitted, replaced
