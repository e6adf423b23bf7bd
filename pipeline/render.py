"""Stage 4, render: merge the context into the .docx template with docxtpl.

Rendering is autoescaped (``& < >`` in the data come out literally) and runs in
Jinja's sandbox: a template is a document, not a program. A :class:`Renderer` parses
and compiles its template once and renders it many times, and it writes the same
bytes for the same context: fixed zip timestamps and document properties taken from
the budget year, never from the clock.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

from jinja2 import pass_environment
from jinja2.runtime import LoopContext
from markupsafe import Markup

from .coverage import note
from .errors import TemplateProblem, WorkbookError
from .fields import FILTERS as FIELD_FILTERS
from .fields import FieldMarkup, uses_fields, with_update_fields
from .figures import is_number
from .package import (
    Package,
    PackageProblem,
    refuse_oversized_parts,
    unpacked_sizes,
    without_comment_anchors,
    without_comments,
)
from .template_bounds import (
    LIMITS,
    BoundedSandbox,
    LimitExceeded,
    Limits,
    metered,
)
from .template_cache import Compiled
from .template_figures import FILTERS as FIGURE_FILTERS
from .template_figures import SYMBOLS, ByValue, TemplateMistake, by_value, count_comparisons
from .template_figures import TESTS as FIGURE_TESTS

SETTINGS = "word/settings.xml"


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
    """One template, compiled once, rendered for any number of contexts within ``limits``
    (pipeline.template_bounds). A template reads a workbook's context: a variable or field
    that docs/template.md does not list is refused when it is compiled, unless
    ``workbook_names`` is False (a template rendered with other data, as the benchmark's)."""

    def __init__(self, template_path: str | Path, limits: Limits = LIMITS, workbook_names: bool = True) -> None:
        from jinja2 import FunctionLoader, StrictUndefined, TemplateError

        from .template_cache import Store

        self.path = Path(template_path)
        self.limits = limits
        if not self.path.is_file():
            raise TemplateProblem(f"{self.path}: 模板文件不存在")
        self.blob = self.path.read_bytes()
        try:
            refuse_oversized_parts(unpacked_sizes(self.blob), limits.template, limits.template_xml)
        except PackageProblem as exc:
            raise TemplateProblem(f"{self.path}: {exc}") from exc
        self.sha256 = hashlib.sha256(self.blob).hexdigest()
        store = Store()
        compiled = store.load(self.sha256)
        fresh = compiled is None
        if compiled is None:
            # imported here, as in the error paths below: a run with a compiled template needs none
            from . import template_lint

            other = template_lint.not_a_word_document(self.blob)
            if other:
                raise TemplateProblem(f"{self.path}: {other}")
            mistakes = template_lint.problems(self.blob)  # as typed: before Jinja reads it
            if mistakes:
                raise TemplateProblem(f"{self.path}: 模板有 {len(mistakes)} 处需要修改：\n" + "\n".join(mistakes))
            compiled = self._patched()
        self.main = compiled.main
        self.sources = compiled.sources  # part name -> patched Jinja source
        self.uses_tc = compiled.uses_tc
        # StrictUndefined: a misspelt variable or field is an error, never a silent blank
        self.env = _Environment(autoescape=True, finalize=_line_breaks, undefined=StrictUndefined,
                                loader=FunctionLoader(self._source), cache_size=0,
                                bytecode_cache=store.bytecode_cache())
        self.env.filters.update(FIELD_FILTERS)  # 目录项, 表目录: Word fields from plain tags
        try:
            # compiled first: an error then names its part and line (see _failed_line)
            self.parts = {name: self.env.get_template(self._name(name)) for name in self.sources}
            if fresh:
                from jinja2 import meta

                from . import template_lint
                from .template_fields import assigned_names
                from .template_shape import always_well_formed

                names: set[str] = set()
                parsed = []
                for name, source in self.sources.items():
                    parsed.append(self.env.parse(source, self._name(name)))
                    # a name the template assigns somewhere (in an {% if %} branch, say) is its
                    # own: where it is unset on the path taken, StrictUndefined tells it there
                    own = assigned_names(parsed[-1]) - template_lint.top_level_names()
                    names |= meta.find_undeclared_variables(parsed[-1]) - own
                    if always_well_formed(parsed[-1]):
                        compiled.proved.append(name)
                if workbook_names:
                    self._refuse_unlisted_names(parsed, names)
                compiled.names = sorted(names)
        except TemplateError as exc:
            raise _template_problem(self.path, exc, self.sources, self.blob) from exc
        except (RecursionError, MemoryError) as exc:  # tags nested thousands deep
            raise TemplateProblem(f"{self.path}: 模板标签嵌套过深或过长，无法编译") from exc
        self.names = set(compiled.names)  # the top-level variables the template uses
        self.proved = set(compiled.proved)  # parts no rendering can leave malformed: not parsed again
        if fresh:
            compiled.settings = self._settings()
            compiled.omitted, compiled.replaced = without_comments(self.blob, self.main, set(self.sources))
            store.save(self.sha256, compiled)
        # parts changed alike in every document
        self.fixed_parts = {SETTINGS: compiled.settings.encode("utf-8")} if compiled.settings else {}
        self.fixed_parts.update((name, xml.encode("utf-8")) for name, xml in compiled.replaced.items())
        try:
            self.package = Package(self.blob, self.main, {*self.sources, *self.fixed_parts},
                                   limits.template, store.files(self.sha256), frozenset(compiled.omitted))
        except PackageProblem as exc:
            raise TemplateProblem(f"{self.path}: {exc}") from exc

    def _patched(self) -> Compiled:
        """The template's parts as Jinja, through docxtpl's tag patching."""
        from . import docxtpl_adapter

        try:
            main, parts = docxtpl_adapter.template_parts(self.blob)
        except Exception as exc:  # python-docx and lxml refusing the package, in English
            raise TemplateProblem(f"{self.path}: 模板文件已损坏，无法读取其中的文档内容（{exc}）："
                                  "请在 Word、WPS 或 LibreOffice 中打开并另存为 .docx；打不开时请换用原来的模板") from exc
        sources = {}
        for name, xml in parts.items():
            xml = without_comment_anchors(xml)  # comments are the author's notes (package.without_comments)
            if "{" not in xml:
                continue
            patched = _typed_quotes(_literal_braces(docxtpl_adapter.patch(xml)))
            # each paragraph on a line of its own, as docxtpl does: errors say where they are
            sources[name] = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        tags = sum(len(re.findall(TAG, source)) for source in sources.values())
        if tags > self.limits.template_tags:  # Jinja takes ~0.1 ms and ~5 KB for each
            raise TemplateProblem(f"{self.path}: 模板中有 {tags:,} 个标签，超过 {self.limits.template_tags:,} 个的上限"
                                  "（自带的模板不到 500 个）：请检查模板中是否粘贴了大量重复的标签")
        # docxtpl's table fix is needed only where tags add or span cells
        uses_tc = bool(re.search(r"{%-?\s*(tc|hm|colspan)\b", parts[main]))
        return Compiled(main, sources, [], uses_tc)

    def _settings(self) -> str:
        """word/settings.xml as every document has it: a line break typed in a cell
        (Alt+Enter) not stretching its line across a justified paragraph, and Word asked to
        update fields where the template has a list of tables (pipeline/fields.py makes its
        field); "" to keep the template's (none, or none that can be read)."""
        import zipfile

        from lxml import etree

        try:
            with zipfile.ZipFile(io.BytesIO(self.blob)) as z:
                settings = _breaks_not_stretched(z.read(SETTINGS))
            if uses_fields(list(self.sources.values())):
                settings = with_update_fields(settings)
            return settings.decode("utf-8")
        except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
            return ""  # Word's defaults; fields are updated by LibreOffice or by hand

    def _name(self, part: str) -> str:
        return f"{self.sha256}/{part}"

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """A part's Jinja source, named so that an error's traceback names the part."""
        sha, _, part = name.partition("/")
        source = self.sources.get(part) if sha == self.sha256 else None
        return None if source is None else (source, name, lambda: True)

    def unknown_variables(self, context: dict[str, Any]) -> list[str]:
        """Top-level names the template uses that the context lacks."""
        return sorted(n for n in self.names if n not in context and n not in ("loop",))

    def _refuse_unlisted_names(self, parsed: list[Any], names: set[str]) -> None:
        """Every variable and field of the parts that docs/template.md does not list, whatever
        the workbook: told before any is read (pipeline.template_fields)."""
        from . import template_lint
        from .template_fields import unknown_fields

        misspelt = [field for part in parsed
                    for field in unknown_fields(part, template_lint.top_level_names(), template_lint.known_names())]
        if misspelt:
            raise self._misspelt(misspelt)
        known = template_lint.top_level_names() | set(self.env.globals) | {"loop"}
        unknown = self._unknown_names(sorted(n for n in names if n not in known), known)
        if unknown:
            raise unknown

    def _misspelt(self, fields: list[str]) -> TemplateProblem:
        """Fields of the context's data that docs/template.md does not list: each with the
        closest listed name and where the template reads it, all at once."""
        from . import template_lint

        known = template_lint.known_names()
        lines = []
        for field in dict.fromkeys(fields):
            meant = template_lint.closest(field, known)
            places = template_lint.where_used(self.blob, field)
            lines.append(f"模板使用了不存在的字段“{field}”（可用的变量见 docs/template.md）"
                         + (f"\n是不是“{meant}”？" if meant else "")
                         + (f"\n出现在：{'；'.join(places)}" if places else ""))
        return TemplateProblem(f"{self.path}: 模板标签有误：" + "\n".join(lines))

    def unknown_problem(self, context: dict[str, Any]) -> TemplateProblem | None:
        """Every top-level name the context lacks, with the closest known one and where
        the template uses it; None when all are known."""
        return self._unknown_names(self.unknown_variables(context), set(context))

    def _unknown_names(self, unknown: list[str], known: set[str]) -> TemplateProblem | None:
        if not unknown:
            return None
        from . import template_lint

        lines = []
        for name in unknown:
            meant = template_lint.closest(name, known)
            places = template_lint.where_used(self.blob, name)
            lines.append(f"“{name}”" + (f"：是不是“{meant}”？" if meant else "")
                         + (f" 出现在：{'；'.join(places)}" if places else ""))
        return TemplateProblem(f"{self.path}: 模板使用了不存在的变量（可用的变量见 docs/template.md）：\n"
                               + "\n".join(lines))

    def render_showing(self, context: dict[str, Any], year: int | None = None) -> tuple[bytes, set[str]]:
        """The .docx bytes and the workbook cells the document shows (pipeline.coverage)."""
        from .coverage import recording

        with recording(context, self.names) as shown:
            return self.render(context, year), shown

    def render(self, context: dict[str, Any], year: int | None = None) -> bytes:
        """The .docx bytes for one context; ``year`` dates the document's properties."""
        from jinja2 import TemplateError

        unknown = self.unknown_problem(context)  # every misspelt variable at once, not the first met
        if unknown:
            raise unknown

        rendered: dict[str, bytes] = {}
        try:
            with metered(self.limits):
                for name, compiled in self.parts.items():
                    self.env.unforeseen_markup = False
                    xml, listed = _finish(compiled.render(context))
                    data = xml.encode("utf-8")
                    if name == self.main:
                        data = self.package.with_body(self._fixed(data))
                    if listed or name not in self.proved or self.env.unforeseen_markup:
                        _check_xml(data)
                    rendered[name] = data
        except LimitExceeded as exc:
            raise RenderingLimit(f"模板 {self.path} 套用时超出限制：{exc}", str(exc)) from exc
        except RecursionError as exc:
            raise TemplateProblem(f"模板 {self.path} 套用时超出限制：宏或循环的嵌套层数过深"
                                  "（可能是调用自己的宏）") from exc
        except MemoryError as exc:
            raise TemplateProblem(f"模板 {self.path} 套用时超出限制：内存不足") from exc
        except TemplateError as exc:
            raise _template_problem(self.path, exc, self.sources, self.blob) from exc
        except PrintedGroup as exc:
            where = "".join("\n" + hint for hint in _rendered_at(_failed_line(exc), self.sources, self.blob))
            raise TemplateProblem(f"{self.path}: {exc}{where}") from exc
        except UnprintableText as exc:
            raise UnprintableValue(f"{exc}：请在工作簿中删除这个字符后再试（字符若来自模板的文字或计算，请改模板）") from exc
        except BrokenXml as exc:  # a ValueError: caught before the calculation errors below
            raise TemplateProblem(f"{self.path}: 套用模板后的文档不是有效的 Word 内容（{exc}）："
                                  "请检查模板中的标签是否跨越了段落或表格") from exc
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, AssertionError) as exc:
            # Jinja's filters given what they cannot take, e.g. truncate(2), dictsort on a list
            where = "".join("\n" + hint for hint in _rendered_at(_failed_line(exc), self.sources, self.blob))
            advice = "" if isinstance(exc, FigureArithmetic) else \
                "（模板里的金额、年度等都是文字，不能直接做加减；需要的数已经算好，见 docs/template.md）"
            raise TemplateProblem(f"{self.path}: 模板中的计算或取值出错：{_calculation(exc)}{advice}{where}") from exc
        rendered.update(self.fixed_parts)
        return self.package.write(rendered, year)

    def _fixed(self, body: bytes) -> bytes:
        """docxtpl's fixes of the rendered body where they change something: the table grid
        after {%tc %} tags, the ids of drawings copied by a loop."""
        if not self.uses_tc and b"docPr" not in body:
            return body
        from lxml import etree

        from . import docxtpl_adapter

        try:
            tree = docxtpl_adapter.fix_tables(body.decode("utf-8")) if self.uses_tc \
                else etree.fromstring(body)
        except etree.XMLSyntaxError as exc:
            raise BrokenXml(str(exc)) from exc
        docxtpl_adapter.fix_docpr_ids(tree)
        return etree.tostring(tree, encoding="utf-8")


# the children of <w:compat> that come before doNotExpandShiftReturn (ECMA-376 CT_Compat)
_BEFORE_SHIFT_RETURN = {"useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading",
                        "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth",
                        "noExtraLineSpacing", "doNotLeaveBackslashAlone", "ulTrailSpace"}


# the children of <w:settings> that come after <w:compat> (ECMA-376 CT_Settings)
_AFTER_COMPAT = {"docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                 "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                 "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"}


def _breaks_not_stretched(settings: bytes) -> bytes:
    """Settings with <w:doNotExpandShiftReturn/>: Word and LibreOffice then end a line at a
    line break without spreading its characters over the width of a justified paragraph."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(settings)
    compat = root.find(f"{{{w}}}compat")
    if compat is None:  # made where the schema puts it: before docVars, rsids and the rest
        compat = etree.Element(f"{{{w}}}compat")
        later = next((c for c in root if etree.QName(c).localname in _AFTER_COMPAT), None)
        if later is not None:
            later.addprevious(compat)
        else:
            root.append(compat)
    if compat.find(f"{{{w}}}doNotExpandShiftReturn") is not None:
        return settings
    flag = etree.Element(f"{{{w}}}doNotExpandShiftReturn")
    later = next((c for c in compat if etree.QName(c).localname not in _BEFORE_SHIFT_RETURN), None)
    if later is not None:
        later.addprevious(flag)
    else:
        compat.append(flag)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class BrokenXml(ValueError):
    """A rendered part is not well-formed XML."""


def _check_xml(data: bytes) -> None:
    """A rendered part must be well-formed (a template's tags may have cut through the
    document's structure); checked without building a tree."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BrokenXml(str(exc)) from exc


_ATTRIBUTES: dict[type, frozenset[str]] = {}


def _attributes(cls: type) -> frozenset[str]:
    names = _ATTRIBUTES.get(cls)
    if names is None:
        names = _ATTRIBUTES[cls] = frozenset(dir(cls))
    return names


# Jinja's documented loop variables (loop.index, loop.first …): public attributes of its
# LoopContext, which the sandbox would allow after its general checks (a template reads
# loop.first in every row of a table)
_LOOP_VARIABLES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                             "depth", "depth0", "previtem", "nextitem", "cycle", "changed"})


_BUILTIN_METHOD = type([].sort)  # a method of a list, a text, a dict …


class _Environment(BoundedSandbox):
    """The bounded sandbox, telling pipeline.coverage which fields the template reads,
    comparing figures by their value (in comparisons, tests, sort, max and min) and refusing
    to add texts (sum);
    ``unforeseen_markup``: the part being rendered printed markup no field filter made."""

    unforeseen_markup = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(FIGURE_FILTERS)
        self.tests.update(FIGURE_TESTS)

    def compare(self, op: str, left: Any, right: Any) -> Any:
        return by_value(op, left, right) if op in SYMBOLS else super().compare(op, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is LoopContext and attribute in _LOOP_VARIABLES:
            return getattr(obj, attribute)  # what the sandbox allows, without its checks
        note(obj, attribute)
        # a dict's key that no attribute shadows: what the sandbox would return, sooner
        if (isinstance(obj, dict) and attribute in obj and attribute[:1] != "_"
                and attribute not in _attributes(type(obj))
                and attribute not in getattr(obj, "__dict__", ())):
            return obj[attribute]
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        note(obj, argument)
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if (type(__obj) is _BUILTIN_METHOD and __obj.__name__ == "sort" and isinstance(__obj.__self__, list)
                and "key" not in kwargs):
            kwargs["key"] = ByValue  # a list's own sort(), figures by their value as the sort filter
            count_comparisons(len(__obj.__self__))
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        # figures are texts: "+" would join two of them and "*" repeat one, printing a wrong
        # number without a word ("1086.05" + "2222.18" → "1086.052222.18")
        figures = [v for v in (left, right) if isinstance(v, str) and is_number(v)]
        if (operator == "+" and len(figures) == 2) or (operator == "*" and figures):
            what = "相加会把两段文字连在一起" if operator == "+" else "相乘会把文字重复"
            how = ("要把文字连在一起请用 ~，如 {{ 项目.序号 ~ '.' ~ loop.index }}；要合计请用已经算好的数"
                   if operator == "+" else "需要的数已经算好")
            raise FigureArithmetic(f"“{left}” {operator} “{right}”：模板里的数（金额、年度等）是文字，{what}，印出的数是错的："
                                   f"{how}（见 docs/template.md）")
        return super().call_binop(context, operator, left, right)


def _finish(xml: str) -> tuple[str, bool]:
    """What docxtpl does to a rendered part after Jinja (see DocxTemplate.render_xml_part):
    the paragraphs put on lines of their own rejoined, and line breaks in texts made Word
    breaks; and whether docxtpl's listing pass rewrote it (template_shape's proof does not
    cover that pass: the part is then parsed again)."""
    xml = xml.replace("\n<w:p", "<w:p")
    if "\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml:
        from . import docxtpl_adapter

        return docxtpl_adapter.resolve_listing(xml), True
    return xml, False


JINJA_MESSAGES = (  # Jinja's English messages, in the author's words (the first that matches)
    (r"'[^']*' has no attribute '([^']*)'", "模板使用了不存在的字段“{0}”（可用的变量见 docs/template.md）"),
    (r"'([^']*)' is undefined", "模板使用了不存在的变量“{0}”（可用的变量见 docs/template.md）"),
    (r"No filter named '([^']*)'", "没有名为“{0}”的过滤器（可用的过滤器见 docs/template.md）"),
    (r"unexpected end of template.*innermost block that needs to be closed is '([^']*)'",
     "标签没有结束：{{% {0} %}} 缺少对应的 {{% end{0} %}}"),
    (r"unexpected end of template.*", "标签没有结束：缺少 {{% endfor %}}、{{% endif %}} 之类的结束标签"),
    (r"Encountered unknown tag '([^']*)'.*innermost block that needs to be closed is '([^']*)'",
     "标签“{0}”的位置不对：它前面的 {{% {1} %}} 还没有结束（{{% end{1} %}} 缺少或放错了位置），或者多了这个“{0}”"),
    (r"Encountered unknown tag '([^']*)'.*", "不认识的标签“{0}”，或它前面的 for/if 没有正确结束"),
    (r"unexpected '([^']*)'", "标签写错了：多了或少了“{0}”（标签应写成 {{{{ 变量 }}}} 或 {{% … %}}）"),
    (r"expected token '([^']*)', got '([^']*)'", "标签写错了：在“{1}”处应有“{0}”"),
    (r"access to attribute '([^']*)' of .* is unsafe", "模板不能访问程序内部的属性“{0}”"),
    (r"there is no previous item", "循环的第一项没有上一项：请先写 {{% if loop.previtem is defined %}} 再用 loop.previtem"),
    (r"there is no next item", "循环的最后一项没有下一项：请先写 {{% if loop.nextitem is defined %}} 再用 loop.nextitem"),
    (r"object has no element (\S+)", "模板取了不存在的项“{0}”：列表没有这么多项，或没有这个名称的项"),
    (r"No (first|last) item, sequence was empty", "{0} 取不到任何一项：列表是空的（selectattr 等没有选出一项时也是这样："
     "请核对比较的文字是否一字不差）"),
)
TOKENS = {  # how Jinja names what it expected, as the author types it
    "end of print statement": "}}", "end of statement block": "%}", "end of template": "模板的结尾",
    "name": "名称", "string": "文字", "integer": "数字", "float": "数字", "block_end": "%}",
    "variable_end": "}}", "rparen": ")", "rbracket": "]", "rbrace": "}", "comma": ",",
}
HALF_WIDTH = {"。": ".", "【": "[", "】": "]", "《": "<", "》": ">"}  # what NFKC leaves full-width


def explain(exc) -> str:
    """A Jinja error in Chinese; the original English only when no translation fits."""
    text = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, TemplateMistake):
        return text
    odd = re.search(ODD_CHARACTER, text, re.DOTALL)
    if odd:
        return _odd_character(odd.group(1))
    for pattern, chinese in JINJA_MESSAGES:
        match = re.search(pattern, text, re.IGNORECASE | re.DOTALL)
        if match:
            return chinese.format(*(TOKENS.get(g, g) for g in match.groups()))
    return f"{text}（Jinja 的原话）"


# The patterns below are texts that re compiles (and keeps) when first used: they serve the
# compiling of a template and the wording of errors, which a run with a compiled template
# and a good workbook never reaches.
ODD_CHARACTER = r"unexpected char '(.)'"  # Jinja's: a character no tag may hold


def _odd_character(char: str) -> str:
    """A character Jinja cannot read in a tag: mostly a full-width one from a Chinese input method."""
    half = HALF_WIDTH.get(char) or unicodedata.normalize("NFKC", char)
    if half != char and half.isascii():
        return (f"标签中有全角字符“{char}”（中文输入法打出的标点）：标签里的标点和括号要用半角（英文）的，"
                f"请切换到英文输入法，把“{char}”改成“{half}”")
    return (f"标签中有不能识别的字符“{char}”：标签里只能有变量名、引号中的文字和半角（英文）的标点，"
            "请删去它，或切换到英文输入法重新输入")


LITERALS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
TAG = r"{[{%]"  # the start of a Jinja tag


TAG_TEXT = r"(?s){{(?:(?!</?w:).)*?}}|{%(?:(?!</?w:).)*?%}"  # within its paragraph
QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""  # a Jinja string literal
# "一般公共预算"三公"经费支出表": a quoted text holding its own kind of quote
QUOTE_IN_QUOTES = r"""(["'])[^"'\s]+\1[^"'\s\]),|}%~+*/=<>!-]+\1"""
NAME_WITH_QUOTES = r"""\.\w+(["'])[^"'\s]+\1\w"""  # 公开表.一般公共预算"三公"经费支出表
INNER_QUOTES = {"'": ('"', "“”"), '"': ("'", "‘’")}  # a literal's delimiter → its inner quote, as typed


def _typed_quotes(source: str) -> str:
    """docxtpl turns every Chinese quote inside a tag into a straight one, the quotes of a
    text too: 公开表['一般公共预算“三公”经费支出表'] would look for 一般公共预算"三公"经费支出表.
    Inside a quoted text of a tag, paired quotes of the other kind become the Chinese ones
    again (a quote without its pair stays as it is)."""
    def text(match: re.Match[str]) -> str:
        literal = match.group()
        straight, (left, right) = INNER_QUOTES[literal[0]]
        inner = literal[1:-1]
        if not inner.count(straight) or inner.count(straight) % 2:
            return literal
        pieces = inner.split(straight)
        return literal[0] + "".join(p + (left if i % 2 == 0 else right) for i, p in enumerate(pieces[:-1])) \
            + pieces[-1] + literal[0]

    return re.sub(TAG_TEXT, lambda tag: re.sub(QUOTED, text, tag.group()), source)


def _literal_braces(source: str) -> str:
    """docxtpl's way to print a literal {{ or {% is to write {_{ or {_% in the template.
    docxtpl replaces them in the rendered output, which would also change a workbook's
    text; here they become Jinja string literals in the template instead."""
    return re.sub("|".join(map(re.escape, LITERALS)),
                  lambda m: "{{ '" + LITERALS[m.group(0)] + "' }}", source)


def _template_problem(path: Path, exc, sources: dict[str, str], blob: bytes = b"") -> TemplateProblem:
    """A Jinja error in Chinese, with the place of the template (as typed) it concerns."""
    from . import template_lint

    text = getattr(exc, "message", None) or str(exc)
    named = re.search(r"'([^']*)' is undefined|has no attribute '([^']*)'|No filter named '([^']*)'"
                      r"|unknown tag '([^']*)'|" + ODD_CHARACTER, text)
    word = next((g for g in named.groups() if g), "") if named else ""
    message = explain(exc)
    if named and named.group(1) and _assigns(sources, word):  # the template's own name, unset here
        message = (f"变量“{word}”在这里还没有值：模板只在条件的某个分支里、或在循环、宏之内给它赋值（{{% set %}}），"
                   f"套用这份数据时没有经过那里；请在每个分支都给它赋值，或写 {{{{ {word} | default('……') }}}}")
        word = ""
    odd = bool(named and named.group(5))
    hints = []
    if word and not named.group(4) and not odd:
        known = template_lint.known_names() if not named.group(3) else set(FIELD_FILTERS)
        meant = template_lint.closest(word, known)
        if meant and meant != word:
            hints.append(f"是不是“{meant}”？")
    failed = _failed_line(exc)
    unclosed = template_lint.unclosed(blob)[-3:] if blob and "end of template" in text else []
    typed_at = template_lint.where_used(blob, word) if blob and odd else []
    if unclosed:
        hints.append("出现在：" + "；".join(unclosed))
    elif typed_at:  # the very paragraphs whose tags hold the character
        hints.append("出现在：" + "；".join(typed_at))
    elif failed and failed[0] in sources and getattr(exc, "lineno", None):  # a syntax error
        part, line = failed  # where Jinja noticed it, which may be after the mistake: the text around
        around = [t for t in (_text_of_line(sources[part], n) for n in range(line - 2, line + 3)) if t]
        if around:
            label = "" if "document" in part else f"（{_part_label(part)}）"
            hints.append(f"出错位置附近的文字{label}：" + "／".join(around))
        if any(re.search(QUOTE_IN_QUOTES, t) for t in around):
            hints.append("引号括起的文字中又有同样的引号（标签中的中文引号“”‘’都当作英文引号 \" '）："
                         "有“”的文字请用单引号括起来，有‘’的用双引号，如 公开表['一般公共预算“三公”经费支出表']")
        elif any(re.search(NAME_WITH_QUOTES, t) for t in around):
            hints.append("名称中有引号（如“三公”）时不能用“.”取用：请写成 公开表['一般公共预算“三公”经费支出表'] 这样，"
                         "名称用单引号括起来放在 [ ] 中")
    elif failed and failed[0] in sources:  # at render time: the very paragraph
        hints += _rendered_at(failed, sources, blob)
    elif blob and word:
        places = template_lint.where_used(blob, word)
        if places:
            hints.append("可能出现在：" + "；".join(places))
    where = "\n" + "\n".join(hints) if hints else ""
    return TemplateProblem(f"{path}: 模板标签有误：{message}{where}")


def _assigns(sources: dict[str, str], name: str) -> bool:
    """Whether the template binds ``name`` somewhere ({% set %}, a loop, a macro)."""
    from jinja2 import Environment, TemplateSyntaxError

    from .template_fields import assigned_names

    try:
        return any(name in assigned_names(Environment().parse(source)) for source in sources.values())
    except TemplateSyntaxError:
        return False


def _rendered_at(failed: tuple[str, int] | None, sources: dict[str, str], blob: bytes) -> list[str]:
    """["出现在：第3段“…”"]: the paragraph or cell of a part's line (as _failed_line gives it),
    numbered as the author counts them; [] when it cannot be told."""
    from . import template_lint

    if not failed or failed[0] not in sources:
        return []
    part, line = failed
    typed = _text_of_line(sources[part], line)
    same = [p for p in template_lint.places(blob) if typed and p.text.strip() == typed] \
        if blob and "document" in part else []
    if same:
        return [f"出现在：{same[0].quoted()}"]
    if typed:
        return [f"出现在：{_part_label(part)}“{typed if len(typed) <= 60 else typed[:60] + '……'}”"]
    return []


def _failed_line(exc) -> tuple[str, int] | None:
    """The part and line of the template where Jinja raised ``exc``: a syntax error names
    them; at render time, Jinja rewrites the traceback so that its last template frame is
    named after the template (``<sha256>/<part>``, see Renderer._source) at the failing line."""
    name, line = getattr(exc, "name", None), getattr(exc, "lineno", None)
    if name and line:
        return name.partition("/")[2], line
    found, trace = None, exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if "/" in filename and not filename.endswith(".py"):
            found = filename.partition("/")[2], trace.tb_lineno
        trace = trace.tb_next
    return found


def _text_of_line(source: str, line: int) -> str:
    """The typed text of a line of a part's Jinja source (one paragraph per line)."""
    lines = source.splitlines()
    return re.sub(r"<[^>]+>", "", lines[line - 1]).strip() if 0 < line <= len(lines) else ""


def _part_label(part: str) -> str:
    """"页眉" / "页脚" for those parts, "正文" for the document's body."""
    return "页眉" if "header" in part else "页脚" if "footer" in part else "正文"


# characters XML cannot hold, each unprintable to Python too: the pattern, a text, is compiled
# by re for the first value that is not all printable
NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


class UnprintableText(ValueError):
    """A value to print holds a character XML cannot hold."""


class RenderingLimit(TemplateProblem):
    """A render went beyond a limit of pipeline.template_bounds: the template's loops, or a
    workbook holding far more than a department's (its caller, knowing which, says so)."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit  # which limit, in Chinese


class UnprintableValue(WorkbookError):
    """A document could not be rendered for a character XML cannot hold (the renderer does
    not know the workbook's file: its caller names it)."""


class PrintedGroup(TypeError):
    """A template printed a dict or list where it meant one of its fields."""


class FigureArithmetic(TypeError):
    """A template added or multiplied figures, which are texts (the message says how to
    write what was meant)."""


CALCULATIONS = (  # Python's English for a calculation it refused, in the author's words
    (r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'", "“{0}”两边是{1}和{2}，不能这样计算"),
    (r"can only concatenate (\w+) \(not \"(\w+)\"\) to \w+",
     "{0}和{1}不能用“+”相加；要把它们连成一段文字请用 ~，如 {{{{ 项目.序号 ~ '.' ~ loop.index }}}}"),
    (r"(?:float )?division by zero", "除数为零"),
    (r"type (\w+) doesn't define __round__ method", "{0}不能取整（round）"),
    (r"bad operand type for (\w+)\(\): '(\w+)'", "{1}不能用 {0} 计算"),
    (r"'([<>=!]+)' not supported between instances of '(\w+)' and '(\w+)'", "{1}和{2}不能用“{0}”比较"),
)
KINDS = {"int": "数", "float": "数", "Decimal": "数", "str": "文字", "Figure": "文字", "Markup": "文字", "list": "列表",
         "tuple": "列表", "dict": "一组数据", "NoneType": "空值"}  # Python's type names, as the author says them


def _calculation(exc: BaseException) -> str:
    """Python's message for a calculation error, in Chinese where a translation fits."""
    text = str(exc)
    for pattern, chinese in CALCULATIONS:
        match = re.fullmatch(pattern, text)
        if match:
            return chinese.format(*(KINDS.get(g, g) for g in match.groups()))
    return text


@pass_environment
def _line_breaks(environment: Any, value: Any) -> Any:
    """Jinja finalize: text with line breaks (Alt+Enter in a cell) becomes Word line breaks;
    a group of variables printed whole (``{{ 收入.合计 }}`` for ``{{ 收入.合计.本年 }}``) is an
    error, never a dump of its fields in the document. Markup other than a field filter's,
    which template_shape's proof does not foresee, has the part parsed after all."""
    if isinstance(value, Markup) and type(value) is not FieldMarkup:
        environment.unforeseen_markup = True
    if isinstance(value, (dict, list, tuple)):
        raise PrintedGroup(f"模板印出了一组数据（{_first_fields(value)}），而不是其中的一个字段：请写出字段，"
                           "如 {{ 收入.合计.本年 }}，列表请用 {% for %} 循环（可用的变量见 docs/template.md）")
    if isinstance(value, str):
        bad = None if value.isprintable() else re.search(NOT_XML, value)
        if bad:  # validation refuses such cells: this is a last guard, the XML is not parsed again
            raise UnprintableText(f"文档中要印出的文字含有 Word 无法保存的字符（U+{ord(bad.group()):04X}）："
                                  f"“{value[:30]}”")
        if ("\n" in value or "\t" in value) and type(value) is not FieldMarkup:  # already escaped
            from .docxtpl_adapter import listing

            return listing(value)
    return value


def _first_fields(value: Any) -> str:
    if isinstance(value, dict):
        return "、".join(list(value)[:4]) + "……"
    return f"含 {len(value)} 项的列表"
