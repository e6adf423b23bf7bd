"""Stage 4, render: merge the context into the .docx template with docxtpl.

Rendering is autoescaped (``& < >`` in the data come out literally) and runs in
Jinja's sandbox: a template is a document, not a program. A :class:`Renderer` parses
and compiles its template once and renders it many times, and it writes the same
bytes for the same context: fixed zip timestamps and document properties taken from
the budget year, never from the clock.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import TemplateProblem

HEADER_FOOTER = ("header", "footer")


def default_template() -> Path:
    """The template shipped with the tool: templates/disclosure.docx.

    Installed, it lies in the package (pipeline/templates/); run from a source checkout,
    in the checkout's templates/ folder.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "disclosure.docx").is_file():
            return folder / "disclosure.docx"
    raise TemplateProblem("找不到自带的模板 disclosure.docx：请重新安装 gendisclosure，或用 --template 指定模板")


class Renderer:
    """One template, parsed and compiled once, rendered for any number of contexts."""

    def __init__(self, template_path: str | Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError
        from jinja2.sandbox import SandboxedEnvironment

        self.path = Path(template_path)
        if not self.path.is_file():
            raise TemplateProblem(f"{self.path}: 模板文件不存在")
        self.blob = self.path.read_bytes()
        try:
            template = DocxTemplate(io.BytesIO(self.blob))
            template.init_docx()
        except Exception as exc:
            raise TemplateProblem(f"{self.path}: 不是有效的 Word 模板（.docx）：{exc}") from exc
        self.env = SandboxedEnvironment(autoescape=True)
        self.parts: dict[str, Any] = {}  # part name -> compiled jinja template
        sources = {"body": template.get_xml()}
        for rel in template.docx.part.rels.values():
            if rel.reltype.rsplit("/", 1)[-1] in HEADER_FOOTER and not rel.is_external:
                sources[str(rel.target_part.partname)] = template.get_part_xml(rel.target_part)
        for name, xml in sources.items():
            if "{" not in xml:
                continue
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
            try:
                self.parts[name] = self.env.from_string(source)
            except TemplateError as exc:
                raise _template_problem(self.path, exc, source) from exc

    def render(self, context: dict[str, Any], year: int | None = None) -> bytes:
        """The .docx bytes for one context; ``year`` dates the document's properties."""
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError

        document = DocxTemplate(io.BytesIO(self.blob))
        document.render_init()
        values = with_line_breaks(context)
        try:
            for name, compiled in self.parts.items():
                xml = _finish(document, compiled.render(values))
                if name == "body":
                    tree = document.fix_tables(xml)
                    document.fix_docpr_ids(tree)
                    document.map_tree(tree)
                else:
                    _replace_part(document, name, xml)
        except TemplateError as exc:
            raise TemplateProblem(f"{self.path}: 模板标签有误：{exc}") from exc
        _set_properties(document.docx, year)
        document.is_rendered = True
        buffer = io.BytesIO()
        document.save(buffer)
        return repack(buffer.getvalue(), year)


def render(template_path: str | Path, context: dict[str, Any], year: int | None = None) -> bytes:
    """Render one document with a template loaded for this call alone."""
    return Renderer(template_path).render(context, year)


def _finish(document, xml: str) -> str:
    """What docxtpl does to a rendered part after Jinja (see DocxTemplate.render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return document.resolve_listing(xml)


def _replace_part(document, partname: str, xml: str) -> None:
    from docx.opc.part import XmlPart

    for rel_id, rel in document.docx.part.rels.items():
        if not rel.is_external and str(rel.target_part.partname) == partname:
            part = rel.target_part
            new = XmlPart.load(part.partname, part.content_type, xml.encode("utf-8"), part.package)
            for r in part.rels.values():
                new.load_rel(r.reltype, r._target, r.rId, r.is_external)
            document.docx.part.rels[rel_id]._target = new


def _template_problem(path: Path, exc, source: str) -> TemplateProblem:
    lineno = getattr(exc, "lineno", None)
    around = ""
    if lineno:
        lines = source.splitlines()[max(lineno - 3, 0):lineno + 2]
        text = [re.sub(r"<[^>]+>", "", line).strip() for line in lines]
        around = "\n".join(t for t in text if t)
    where = f"\n模板中出错位置附近的文字：\n{around}" if around else ""
    return TemplateProblem(f"{path}: 模板标签有误：{exc.message if hasattr(exc, 'message') else exc}{where}")


def _set_properties(docx, year: int | None) -> None:
    stamp = datetime(year or 2000, 1, 1)
    props = docx.core_properties
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.last_modified_by = "gendisclosure"


def repack(blob: bytes, year: int | None = None) -> bytes:
    """The same zip with fixed entry timestamps, so equal input gives equal bytes."""
    stamp = (max(year or 1980, 1980), 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def with_line_breaks(value: Any) -> Any:
    """Text with line breaks (Alt+Enter in a cell) becomes line breaks in Word."""
    from docxtpl import Listing

    if isinstance(value, str):
        return Listing(value) if "\n" in value or "\t" in value else value
    if isinstance(value, dict):
        return {k: with_line_breaks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_line_breaks(v) for v in value]
    return value
