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
        self.env = SandboxedEnvironment(autoescape=True, finalize=_line_breaks)
        self.parts: dict[str, Any] = {}  # part name -> compiled jinja template
        sources = {"body": template.get_xml()}
        for rel in template.docx.part.rels.values():
            if rel.reltype.rsplit("/", 1)[-1] in HEADER_FOOTER and not rel.is_external:
                sources[str(rel.target_part.partname)] = template.get_part_xml(rel.target_part)
        self.uses_tc = bool(re.search(r"{%-?\s*tc\b", sources["body"]))
        self.sources: dict[str, str] = {}  # part name -> patched Jinja source
        for name, xml in sources.items():
            if "{" not in xml:
                continue
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
            self.sources[name] = source
            try:
                self.parts[name] = self.env.from_string(source)
            except TemplateError as exc:
                raise _template_problem(self.path, exc, source) from exc

    def _strict_parts(self) -> dict[str, Any]:
        from jinja2 import StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        env = SandboxedEnvironment(autoescape=True, finalize=_line_breaks, undefined=StrictUndefined)
        return {name: env.from_string(source) for name, source in self.sources.items()}

    def unknown_variables(self, context: dict[str, Any]) -> list[str]:
        """Top-level names the template uses that the context lacks."""
        from jinja2 import meta

        names: set[str] = set()
        for source in self.sources.values():
            names |= meta.find_undeclared_variables(self.env.parse(source))
        return sorted(n for n in names if n not in context and n not in ("loop",))

    def render(self, context: dict[str, Any], year: int | None = None, strict: bool = False) -> bytes:
        """The .docx bytes for one context; ``year`` dates the document's properties.

        ``strict`` refuses any undefined variable or attribute (for checking templates).
        """
        from jinja2 import TemplateError
        from lxml import etree

        document = self._document()
        parts = self.parts if not strict else self._strict_parts()
        try:
            for name, compiled in parts.items():
                xml = _finish(document, compiled.render(context))
                if name == "body":
                    if self.uses_tc:
                        tree = document.fix_tables(xml)
                    else:
                        tree = etree.fromstring(xml)  # strict: a broken result is an error
                    document.fix_docpr_ids(tree)
                    document.map_tree(tree)
                else:
                    _replace_part(document, name, xml)
        except TemplateError as exc:
            raise _template_problem(self.path, exc, self.sources.get("body", "")) from exc
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem(f"{self.path}: 套用模板后的文档不是有效的 Word 内容（{exc}）："
                                  "请检查模板中的标签是否跨越了段落或表格") from exc
        _set_properties(document.docx, year)
        return save(document.docx, year)

    def _document(self):
        """A fresh copy of the template document (opening one costs ~10 ms; detaching a
        rendered body from a reused one costs far more in lxml)."""
        from docxtpl import DocxTemplate

        document = DocxTemplate(io.BytesIO(self.blob))
        document.render_init()
        return document


def render(template_path: str | Path, context: dict[str, Any], year: int | None = None) -> bytes:
    """Render one document with a template loaded for this call alone."""
    return Renderer(template_path).render(context, year)


def _finish(document, xml: str) -> str:
    """What docxtpl does to a rendered part after Jinja (see DocxTemplate.render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if re.search("[\n\t\a\f]", xml):  # only text with line breaks needs docxtpl's listing pass
        xml = document.resolve_listing(xml)
    return xml


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


def save(docx, year: int | None = None) -> bytes:
    """The package as .docx bytes with fixed entry timestamps: equal input, equal bytes.

    Follows python-docx's OpcPackage.save, with a zip writer that dates every entry
    1 January of the budget year instead of now.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = docx.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    stamp = (max(year or 1980, 1980), 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _DatedWriter(archive, stamp)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return buffer.getvalue()


class _DatedWriter:
    """The phys-writer interface python-docx's PackageWriter writes through."""

    def __init__(self, archive: zipfile.ZipFile, stamp: tuple) -> None:
        self.archive, self.stamp = archive, stamp

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.archive.writestr(entry, blob)


def _line_breaks(value: Any) -> Any:
    """Jinja finalize: text with line breaks (Alt+Enter in a cell) becomes Word line breaks."""
    if isinstance(value, str) and ("\n" in value or "\t" in value):
        from docxtpl import Listing

        return Listing(value)
    return value
