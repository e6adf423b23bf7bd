"""Every use of docxtpl that goes beyond its documented ``DocxTemplate.render``.

The renderer compiles a template once and renders it many times, so it calls the steps
of ``DocxTemplate.render`` one by one instead of ``render`` itself. Those steps are
docxtpl's methods without documentation; each call below says what it relies on, and
tests/test_docxtpl_adapter.py renders the sample with the oldest and the newest docxtpl
that pyproject.toml allows. Nothing else in the program imports docxtpl.

docxtpl (with python-docx) takes a tenth of a second to import, so it is imported on
first use only: a run whose compiled template is cached (pipeline.template_cache) and
whose texts have no line breaks never imports it.
"""

from __future__ import annotations

import io
import re
from typing import Any

_helper: Any = None


def _docxtpl() -> Any:
    """A DocxTemplate holding no document: the methods used here read nothing from it
    (relied on: ``patch_xml``, ``resolve_listing``, ``fix_tables`` and ``fix_docpr_ids``
    use only their argument and, for ids, ``docx_ids_index``)."""
    global _helper
    if _helper is None:
        from docxtpl import DocxTemplate

        _helper = DocxTemplate(io.BytesIO())
    return _helper


def fingerprint() -> bytes:
    """What identifies the installed docxtpl's tag handling, found without importing it
    (a cache key): the text of its template module."""
    from importlib.util import find_spec

    spec = find_spec("docxtpl")
    if spec is None or not spec.origin:
        return b""
    try:
        with open(spec.origin.replace("__init__.py", "template.py"), "rb") as source:
            return source.read()
    except OSError:
        return b""


def template_parts(blob: bytes) -> tuple[str, dict[str, str]]:
    """The main part's name and the XML docxtpl renders of each part that may hold tags:
    the body of word/document.xml and each header and footer."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(blob))
    # relied on: init_docx() loads the package with python-docx into ``template.docx``
    template.init_docx()
    main = str(template.docx.part.partname).lstrip("/")
    # relied on: get_xml() is the <w:body> element serialised without pretty printing,
    # which is what patch_xml expects and what render() renders
    parts = {main: template.get_xml()}
    for rel in template.docx.part.rels.values():
        if rel.reltype.rsplit("/", 1)[-1] in ("header", "footer") and not rel.is_external:
            name = str(rel.target_part.partname).lstrip("/")
            # relied on: get_part_xml() is a part's root element serialised the same way
            parts[name] = template.get_part_xml(rel.target_part)
    return main, parts


def patch(xml: str) -> str:
    """docxtpl's tag language turned into plain Jinja: tags freed from the runs Word split
    them into, {%p %} {%tr %} {%tc %} {%r %} paragraphs, rows, cells and runs, {% vm %} and
    {% hm %} merges, {% cellbg %} and {% colspan %}; {%- and -%} kept within their table
    cell (see :func:`within_cells`). (Relied on: patch_xml(str) -> str.)"""
    return _docxtpl().patch_xml(within_cells(xml))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TABLE = {_W + "tbl", _W + "tr", _W + "tc"}  # what a merge must not cut through
# patterns compiled by re when a template is first compiled (a run with a compiled template needs none)
_MERGES = r"{%-|-%}"
_TAG = r"(?s){%.*?%}|{{.*?}}|{#.*?#}"
_DASHED = r"%(?:<[^>]*>)*-|-(?:<[^>]*>)*%"  # a dash beside a percent sign, runs between or not


def within_cells(xml: str) -> str:
    """The part with the dash of each {%- or -%} taken out where docxtpl's merge would
    cut through a table's rows or cells.

    docxtpl reads ``{%-`` as "join this text to the previous paragraph's" (it deletes the
    markup back to the previous text element) and ``-%}`` as "join the next text element's
    paragraph to this one" (it deletes the markup up to the next element whose name begins
    with ``w:t``: a text, but also a cell, row or table). Typed in a table cell, as Jinja's
    whitespace control (``{%- if 单位.经费保障形式 -%}…{%- endif -%}``), the merge crosses into
    the neighbouring cell or row: cells fuse, and a ``-%}`` at a row's end takes the next
    row's start with it, so that a loop's {%tr endfor %} row swallows the row it repeats
    (the table came out with its header alone, without a word). Where the merge would cross
    a table, row or cell boundary, the tag is kept as it is in place, without the dash: it
    prints what the author meant, and there is no whitespace around it to strip. Merges
    within a cell, or between paragraphs outside tables (docxtpl's documented use), are
    left to docxtpl."""
    if not re.search(_DASHED, xml):
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    events = list(etree.iterwalk(root, events=("start", "end")))
    texts = [i for i, (event, node) in enumerate(events) if event == "start" and node.tag == _W + "t"]
    stream = "".join(events[i][1].text or "" for i in texts)
    if not re.search(_MERGES, stream):
        return xml
    owner: list[int] = []  # the text element (its index in ``texts``) of each character
    for k, i in enumerate(texts):
        owner.extend([k] * len(events[i][1].text or ""))
    group = list(range(len(texts)))  # docxtpl joins the text elements a tag spans into its first
    for tag in re.finditer(_TAG, stream):
        for k in range(owner[tag.start()] + 1, owner[tag.end() - 1] + 1):
            group[k] = group[owner[tag.start()]]
    first_of = {}  # a text element's first character in ``stream``
    last_of = {}  # the end of a group's text in ``stream``
    for position, k in enumerate(owner):
        first_of.setdefault(k, position)
        last_of[group[k]] = position + 1
    ends = {id(node): i for i, (event, node) in enumerate(events) if event == "end"}

    def crosses_back(k: int) -> bool:  # from the group's first element back to the previous text's end
        for event, node in reversed(events[:texts[k]]):
            if node.tag in _TABLE:
                return True
            if event == "end" and node.tag == _W + "t" and node.text is not None:
                return False
        return False  # no text before it: docxtpl merges nothing

    def crosses_forward(k: int) -> bool:  # from the group's last element to the next w:t… start tag
        last = max(j for j in range(len(texts)) if group[j] == group[k])
        for event, node in events[ends[id(events[texts[last]][1])] + 1:]:
            if node.tag in _TABLE:
                return True
            if event == "start" and isinstance(node.tag, str) and node.tag.startswith(_W + "t"):
                return False
        return False

    dashes = []  # positions in ``stream`` of the dashes to take out
    for found in re.finditer(_MERGES, stream):
        k = group[owner[found.start()]]
        if found.group() == "{%-":
            if crosses_back(k):
                dashes.append(found.start() + 2)
        else:
            rest = stream[found.end():last_of[k]]  # what docxtpl's merge would delete of the text
            if "{%" not in rest and "{{" not in rest and crosses_forward(k):
                dashes.append(found.start())
    if not dashes:
        return xml
    for position in reversed(dashes):
        k = owner[position]
        node = events[texts[k]][1]
        offset = position - first_of[k]
        node.text = node.text[:offset] + node.text[offset + 1:]
    return etree.tostring(root, encoding="unicode")


def listing(text: str) -> Any:
    """A text with line breaks or tabs, printed as Word breaks by :func:`resolve_listing`
    (docxtpl.Listing is documented; imported here so that only this module names docxtpl)."""
    from docxtpl import Listing

    return Listing(text)


def resolve_listing(xml: str) -> str:
    """Line breaks, tabs, \\a and \\f in rendered text become Word breaks, keeping the run's
    and paragraph's formatting. (Relied on: resolve_listing(str) -> str, as in
    render_xml_part after Jinja.)"""
    return _docxtpl().resolve_listing(xml)


def fix_tables(xml: str) -> Any:
    """The rendered body with each table's grid widened or narrowed to the cells that
    {%tc %} or {% colspan %} made. (Relied on: fix_tables(str) parses with lxml and returns
    the root element.)"""
    return _docxtpl().fix_tables(xml)


def fix_docpr_ids(tree: Any) -> None:
    """Drawings (wp:docPr) numbered from 1001, so that copies made by a loop do not share
    an id. (Relied on: fix_docpr_ids(tree) renumbers in place from ``docx_ids_index``.)"""
    helper = _docxtpl()
    helper.docx_ids_index = 1000
    helper.fix_docpr_ids(tree)
