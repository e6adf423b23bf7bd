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
    {% hm %} merges, {% cellbg %} and {% colspan %}. (Relied on: patch_xml(str) -> str.)"""
    return _docxtpl().patch_xml(xml)


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
