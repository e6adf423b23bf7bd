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
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from .coverage import note
from .errors import TemplateProblem

HEADER_FOOTER = ("header", "footer")


def shipped_templates() -> Path:
    """The folder of templates shipped with the tool.

    Installed, it lies in the package (pipeline/templates/); run from a source checkout,
    it is the checkout's templates/ folder.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "disclosure.docx").is_file():
            return folder
    raise TemplateProblem("找不到自带的模板 disclosure.docx：请重新安装 gendisclosure，或用 --template 指定模板")


def default_template() -> Path:
    """templates/disclosure.docx: the layout of the 2021 sample."""
    return shipped_templates() / "disclosure.docx"


def resolve_template(given: str | Path | None) -> Path:
    """A template path as given, or the name of a shipped one ("sections12")."""
    if given is None:
        return default_template()
    path = Path(given)
    if path.exists() or path.parent != Path("."):
        return path
    shipped = shipped_templates() / (path.name if path.suffix else path.name + ".docx")
    return shipped if shipped.is_file() else path


class Renderer:
    """One template, parsed and compiled once, rendered for any number of contexts."""

    def __init__(self, template_path: str | Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import StrictUndefined, TemplateError
        self.path = Path(template_path)
        if not self.path.is_file():
            raise TemplateProblem(f"{self.path}: 模板文件不存在")
        self.blob = self.path.read_bytes()
        try:
            template = DocxTemplate(io.BytesIO(self.blob))
            template.init_docx()
        except Exception as exc:
            raise TemplateProblem(f"{self.path}: 不是有效的 Word 模板（.docx）：{exc}") from exc
        # StrictUndefined: a misspelt variable or field is an error, never a silent blank
        self.env = _Environment(autoescape=True, finalize=_line_breaks, undefined=StrictUndefined)
        self.helper = template  # docxtpl's post-processing (listings, table and id fixes)
        self.parts: dict[str, Any] = {}  # part name -> compiled jinja template
        main = str(template.docx.part.partname).lstrip("/")
        sources = {main: template.get_xml()}
        for rel in template.docx.part.rels.values():
            if rel.reltype.rsplit("/", 1)[-1] in HEADER_FOOTER and not rel.is_external:
                name = str(rel.target_part.partname).lstrip("/")
                sources[name] = template.get_part_xml(rel.target_part)
        self.main = main
        self.package = _Package(self.blob, main)
        # docxtpl's table fix is needed only where tags add or span cells
        self.uses_tc = bool(re.search(r"{%-?\s*(tc|hm|colspan)\b", sources[main]))
        self.sources: dict[str, str] = {}  # part name -> patched Jinja source
        for name, xml in sources.items():
            if "{" not in xml:
                continue
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", _literal_braces(template.patch_xml(xml)))
            self.sources[name] = source
            try:
                self.parts[name] = self.env.from_string(source)
            except TemplateError as exc:
                raise _template_problem(self.path, exc, source) from exc

        from jinja2 import meta

        self.names: set[str] = set()  # the top-level variables the template uses
        for source in self.sources.values():
            self.names |= meta.find_undeclared_variables(self.env.parse(source))

    def unknown_variables(self, context: dict[str, Any]) -> list[str]:
        """Top-level names the template uses that the context lacks."""
        return sorted(n for n in self.names if n not in context and n not in ("loop",))

    def render_showing(self, context: dict[str, Any], year: int | None = None) -> tuple[bytes, set[str]]:
        """The .docx bytes and the workbook cells the document shows (pipeline.coverage)."""
        from .coverage import recording

        with recording(context, self.names) as shown:
            return self.render(context, year), shown

    def render(self, context: dict[str, Any], year: int | None = None) -> bytes:
        """The .docx bytes for one context; ``year`` dates the document's properties."""
        from jinja2 import TemplateError
        from lxml import etree

        helper = self.helper
        helper.docx_ids_index = 1000
        parts = self.parts
        rendered: dict[str, bytes] = {}
        try:
            for name, compiled in parts.items():
                xml = _finish(helper, compiled.render(context))
                if name == self.main:
                    tree = helper.fix_tables(xml) if self.uses_tc else etree.fromstring(xml)
                    helper.fix_docpr_ids(tree)
                    rendered[name] = self.package.with_body(etree.tostring(tree, encoding="utf-8"))
                else:
                    data = xml.encode("utf-8")
                    etree.fromstring(data)  # strict: a broken result is an error
                    rendered[name] = data
        except TemplateError as exc:
            raise _template_problem(self.path, exc, self.sources.get(self.main, "")) from exc
        except PrintedGroup as exc:
            raise TemplateProblem(f"{self.path}: {exc}") from exc
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateProblem(f"{self.path}: 模板中的计算或取值出错：{exc}（模板里的金额、年度等都是文字，"
                                  "不能直接做加减；需要的数已经算好，见 docs/template.md）") from exc
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem(f"{self.path}: 套用模板后的文档不是有效的 Word 内容（{exc}）："
                                  "请检查模板中的标签是否跨越了段落或表格") from exc
        return self.package.write(rendered, year)


class _Environment(SandboxedEnvironment):
    """Jinja's sandbox, telling pipeline.coverage which fields the template reads."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        note(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        note(obj, argument)
        return super().getitem(obj, argument)


class _Package:
    """The template's zip entries, copied into each document with the rendered parts
    replaced and every entry dated 1 January of the budget year: equal input, equal bytes."""

    CORE = "docProps/core.xml"

    def __init__(self, blob: bytes, main: str) -> None:
        with zipfile.ZipFile(io.BytesIO(blob)) as source:
            self.entries = [(i.filename, source.read(i.filename)) for i in source.infolist()]
        document = dict(self.entries)[main].decode("utf-8")
        start = re.search(r"<w:body[ >]", document)
        end = document.rfind("</w:body>")
        if not start or end < 0:
            raise TemplateProblem(f"{main}: 模板的正文部分无法识别")
        self.head = document[: start.start()].encode("utf-8")
        self.tail = document[end + len("</w:body>"):].encode("utf-8")

    def with_body(self, body: bytes) -> bytes:
        return self.head + body + self.tail

    def write(self, rendered: dict[str, bytes], year: int | None) -> bytes:
        stamp = (max(year or 1980, 1980), 1, 1, 0, 0, 0)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.entries:
                if name == self.CORE:
                    data = _dated_core(data, year)
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, rendered.get(name, data))
        return buffer.getvalue()


def _dated_core(xml: bytes, year: int | None) -> bytes:
    """Document properties dated from the budget year, not from the clock."""
    stamp = f"{year or 2000}-01-01T00:00:00Z".encode()
    for tag in (b"dcterms:created", b"dcterms:modified"):
        xml = re.sub(b"(<" + tag + b"[^>]*>)[^<]*(</" + tag + b">)", b"\\g<1>" + stamp + b"\\g<2>", xml)
    return re.sub(b"<cp:lastPrinted>[^<]*</cp:lastPrinted>", b"", xml)


def _finish(document, xml: str) -> str:
    """What docxtpl does to a rendered part after Jinja (see DocxTemplate.render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    if re.search("[\n\t\a\f]", xml):  # only text with line breaks needs docxtpl's listing pass
        xml = document.resolve_listing(xml)
    return xml


JINJA_MESSAGES = (  # Jinja's English messages, in the clerk's words
    (r"'[^']*' has no attribute '([^']*)'", "模板使用了不存在的字段“{0}”（可用的变量见 docs/template.md）"),
    (r"'([^']*)' is undefined", "模板使用了不存在的变量“{0}”（可用的变量见 docs/template.md）"),
    (r"No filter named '([^']*)'", "没有名为“{0}”的过滤器（可用的过滤器见 docs/template.md）"),
    (r"unexpected end of template.*", "标签没有结束：缺少 {{% endfor %}}、{{% endif %}} 之类的结束标签"),
    (r"Encountered unknown tag '([^']*)'.*", "不认识的标签“{0}”，或它前面的 for/if 没有正确结束"),
    (r"unexpected '([^']*)'", "标签写错了：多了或少了“{0}”（标签应写成 {{{{ 变量 }}}} 或 {{% … %}}）"),
    (r"expected token '([^']*)', got '([^']*)'", "标签写错了：在“{1}”处应有“{0}”"),
    (r"access to attribute '([^']*)' of .* is unsafe", "模板不能访问程序内部的属性“{0}”"),
)


def explain(exc) -> str:
    """A Jinja error in Chinese, with the original words kept in brackets."""
    text = getattr(exc, "message", None) or str(exc)
    for pattern, chinese in JINJA_MESSAGES:
        match = re.search(pattern, text, re.IGNORECASE | re.DOTALL)
        if match:
            return f"{chinese.format(*match.groups())}（{text}）"
    return text


LITERALS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}


def _literal_braces(source: str) -> str:
    """docxtpl's way to print a literal {{ or {% is to write {_{ or {_% in the template.
    docxtpl replaces them in the rendered output, which would also change a workbook's
    text; here they become Jinja string literals in the template instead."""
    return re.sub("|".join(map(re.escape, LITERALS)),
                  lambda m: "{{ '" + LITERALS[m.group(0)] + "' }}", source)


def _template_problem(path: Path, exc, source: str) -> TemplateProblem:
    lineno = getattr(exc, "lineno", None)
    around = ""
    if lineno:
        lines = source.splitlines()[max(lineno - 3, 0):lineno + 2]
        text = [re.sub(r"<[^>]+>", "", line).strip() for line in lines]
        around = "\n".join(t for t in text if t)
    where = f"\n模板中出错位置附近的文字：\n{around}" if around else ""
    return TemplateProblem(f"{path}: 模板标签有误：{explain(exc)}{where}")


class PrintedGroup(TypeError):
    """A template printed a dict or list where it meant one of its fields."""


def _line_breaks(value: Any) -> Any:
    """Jinja finalize: text with line breaks (Alt+Enter in a cell) becomes Word line breaks;
    a group of variables printed whole (``{{ 收入.合计 }}`` for ``{{ 收入.合计.本年 }}``) is an
    error, never a dump of its fields in the document."""
    if isinstance(value, (dict, list, tuple)):
        raise PrintedGroup(f"模板印出了一组数据（{_first_fields(value)}），而不是其中的一个字段，：请写出字段，"
                           "如 {{ 收入.合计.本年 }}，列表请用 {% for %} 循环（可用的变量见 docs/template.md）")
    if isinstance(value, str) and ("\n" in value or "\t" in value):
        from docxtpl import Listing

        return Listing(value)
    return value


def _first_fields(value: Any) -> str:
    if isinstance(value, dict):
        return "、".join(list(value)[:4]) + "……"
    return f"含 {len(value)} 项的列表"
