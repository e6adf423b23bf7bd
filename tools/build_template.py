"""A one-time migration, kept as a record: how the first versions of the shipped templates
(templates/disclosure.docx, templates/sections12.docx, templates/standard.docx) were made
from scratch.

The .docx files are the source now. Edit them in Word, WPS or LibreOffice; nothing in the
tool or its tests runs this script, and running it would overwrite those edits, so it
writes only into a folder given on the command line (not templates/ unless told so):

    python tools/build_template.py OUT_FOLDER [--overwrite-shipped]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"
LINE = Pt(28.95)  # 22 lines on the type area


# ---- styles ---------------------------------------------------------------------------


def set_fonts(style_or_run, east_asia: str, latin: str = "Times New Roman") -> None:
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def paragraph_style(doc, name, font, size, *, bold=False, align=None, indent=True,
                    base="Normal", space_before=0, space_after=0, outline=None, keep_next=False):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    set_fonts(style, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.first_line_indent = Pt(size * 2) if indent else Pt(0)
    fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        ppr.append(level)
    return style


def make_styles(doc) -> None:
    normal = doc.styles["Normal"]
    paragraph_style(doc, "Normal", BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    normal.paragraph_format.widow_control = True
    paragraph_style(doc, "Title", TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                    space_after=14)
    doc.styles["Title"].paragraph_format.line_spacing = Pt(36)
    _drop_borders(doc.styles["Title"])
    paragraph_style(doc, "Heading 1", HEI, 16, bold=True, outline=0, keep_next=True)
    paragraph_style(doc, "Heading 2", KAI, 16, outline=1, keep_next=True)
    paragraph_style(doc, "Heading 3", BODY_FONT, 16, bold=True, outline=2, keep_next=True)
    paragraph_style(doc, "文本标题", BODY_FONT, 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                    indent=False, keep_next=True)
    paragraph_style(doc, "表格标题", HEI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                    keep_next=True, space_before=6)
    paragraph_style(doc, "表格文字", BODY_FONT, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    doc.styles["表格文字"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_style(doc, "表格小字", BODY_FONT, 8, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    doc.styles["表格小字"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_style(doc, "目录", BODY_FONT, 14, indent=False)
    paragraph_style(doc, "条目标题", BODY_FONT, 16, keep_next=True)
    paragraph_style(doc, "页码", SONG, 14, indent=False)
    doc.styles["页码"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        for child in list(doc.styles[name].element.get_or_add_pPr()):
            if child.tag == qn("w:pBdr"):
                child.getparent().remove(child)


def _drop_borders(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag == qn("w:pBdr"):
            ppr.remove(child)


# ---- page -----------------------------------------------------------------------------


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.6)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def page_number(footer, align) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = footer.part.document.styles["页码"] if hasattr(footer.part, "document") else "页码"
    p.alignment = align
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    tail = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = " —"
    tail.append(t)
    p._p.append(tail)


# ---- tables ---------------------------------------------------------------------------


def table(doc, widths_cm, style_name="表格文字", keep=False, side_margin=60):
    """A bordered table; ``keep``: a small table kept on one page (each row keeps with
    the next, as Word and LibreOffice both honour); ``side_margin``: a cell's left and
    right margin in twips."""
    t = doc.add_table(rows=0, cols=len(widths_cm))
    t._keep = keep
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", side_margin), ("bottom", 40), ("right", side_margin)):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), str(width))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    in_schema_order(tbl_pr, TBL_PR_ORDER)
    total = sum(widths_cm)
    section = doc.sections[-1]
    width = Cm((section.page_width - section.left_margin - section.right_margin) / 360000)
    scale = width.cm / total if total > width.cm else 1
    t._widths = [Cm(w * scale) for w in widths_cm]
    for col, w in zip(t.columns, t._widths):
        col.width = w
    t._style_name = style_name
    return t


TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook")
TR_PR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
               "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")


def in_schema_order(parent, order) -> None:
    """Word insists on the schema's child order (LibreOffice forgives it)."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    children = sorted(parent, key=lambda c: rank.get(c.tag, len(order)))
    for child in children:
        parent.append(child)


def row(t, texts, *, header=False, bold=False):
    r = t.add_row()
    tr_pr = r._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    in_schema_order(tr_pr, TR_PR_ORDER)
    for cell, text, w in zip(r.cells, texts, t._widths):
        cell.width = w
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = t._style_name
        if t._keep:
            p.paragraph_format.keep_with_next = True
        if text:
            run = p.add_run(text)
            run.bold = bold or header
    return r


def merge(t, r1, c1, r2, c2):
    a, b = t.cell(r1, c1), t.cell(r2, c2)
    text = a.text
    merged = a.merge(b)
    # merging concatenates the cells' paragraphs; keep only the first one's text
    for p in merged.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    if merged.text != text and text:
        pass
    return merged


def landscape(doc, build) -> None:
    """What ``build`` adds, on landscape pages of its own (for wide tables); the page
    numbers go on as before."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    portrait = doc.sections[-1]
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = portrait.page_height, portrait.page_width
    wide.top_margin, wide.bottom_margin = Cm(2.8), Cm(2.6)
    wide.left_margin, wide.right_margin = Cm(2.0), Cm(2.0)  # room for 13 columns of amounts
    build()
    back = doc.add_section(WD_SECTION.NEW_PAGE)
    back.orientation = WD_ORIENT.PORTRAIT
    back.page_width, back.page_height = Cm(21), Cm(29.7)
    back.top_margin, back.bottom_margin = Cm(3.7), Cm(3.5)
    back.left_margin, back.right_margin = Cm(2.8), Cm(2.6)


def other_sangong(doc) -> None:
    """培训费/会议费, published beside 三公 where the workbook has them."""
    p(doc, "{%p if 三公经费.有培训费会议费 %}")
    p(doc, "此外，{% for 项 in 三公经费.其他 %}{{ 项.名称 }}{{ 项.本年 }}万元"
           "{% if 项.有上年 %}，{{ 项.增减.句子 }}{% endif %}{% if not loop.last %}；{% endif %}"
           "{% endfor %}。")
    p(doc, "{%p endif %}")


def caption(doc, text):
    return doc.add_paragraph(text, style="表格标题")


def project_caption(doc):
    """N.名称绩效目标表; the 目录项 filter adds its TC entry for the list of tables."""
    return caption(doc, "{{ 项目.表名 | 目录项 }}")


def table_of_projects(doc, heading: str) -> None:
    """The list of tables: the 表目录 filter makes a TOC field over the captions' entries,
    which Word fills in with page numbers on opening (LibreOffice when converting)."""
    p(doc, heading, "表格标题")
    p(doc, "{{ 项目表 | 表目录 }}", "目录")


# ---- content --------------------------------------------------------------------------


def p(doc, text, style="Normal"):
    return doc.add_paragraph(text, style=style)


def build(out: Path) -> None:
    """The default template: the layout of 永清县's 2021 document, sections 一 to 九."""
    doc = new_document()

    title = p(doc, "{{ 部门简称 }}{{ 年度 }}年部门预算", "Title")
    title.runs[0].add_break()  # break the title where it reads well, not before its last word
    title.add_run("信息公开情况说明")
    p(doc, "按照{{ 公开依据 }}规定，现将{{ 部门简称 }}{{ 年度 }}年部门预算公开如下：")

    p(doc, "一、部门职责及机构设置情况", "Heading 1")
    p(doc, "部门职责：", "Heading 3")
    paragraphs(doc, "部门职责")
    # this county prints its whole 绩效文本 within the duties section
    p(doc, "{{ 单位全称 }}", "文本标题")
    p(doc, "{{ 年度 }}年部门预算绩效文本", "文本标题")
    performance_text(doc, numbered=False)
    p(doc, "机构设置：", "Heading 3")
    caption(doc, "部门机构设置情况")
    units_table(doc)

    p(doc, "二、部门预算安排的总体情况", "Heading 1")
    p(doc, "1、收入说明", "Heading 3")
    p(doc, "反映本部门当年全部收入。{{ 年度 }}年预算收入{{ 收入.合计.本年 }}万元，其中："
           "{% for 来源 in 收入.来源 %}{{ 来源.名称 }}{{ 来源.本年 }}万元"
           "{% if not loop.last %}，{% endif %}{% endfor %}。"
           "{% if 收入.合计.增减.其中有原因 %}与{{ 上年 }}年相比，{{ 收入.合计.增减.变动项 }}。{% endif %}")
    p(doc, "2、支出说明", "Heading 3")
    p(doc, "{{ 年度 }}年支出预算{{ 支出.合计.本年 }}万元，其中基本支出{{ 支出.基本支出.本年 }}万元，"
           "包括人员类项目经费{{ 支出.人员经费.本年 }}万元和运转类公用项目经费{{ 支出.公用经费.本年 }}万元；"
           "项目支出{{ 支出.项目支出.本年 }}万元。")
    p(doc, "3、比上年增减情况", "Heading 3")
    p(doc, "{{ 年度 }}年预算收支安排{{ 支出.合计.本年 }}万元，"
           "{% if 支出.合计.有上年 %}{{ 支出.合计.增减.较上年预算 }}"
           "{% if 支出.合计.增减.其中 %}，{{ 支出.合计.增减.其中 }}{% endif %}"
           "{% else %}{{ 无上年说明 }}{% endif %}。"
           "{% if 支出.基本支出.增减.其中有原因 %}基本支出中，{{ 支出.基本支出.增减.变动项 }}。{% endif %}")

    p(doc, "三、机关运行经费安排情况", "Heading 1")
    p(doc, "{{ 年度 }}年，我部门机关运行经费共计安排{{ 机关运行经费.本年 }}万元"
           "{% if 机关运行经费.主要用途 %}，主要用于我部门的（{{ 机关运行经费.主要用途 }}）等日常运行支出"
           "{% endif %}。"
           "{% if 机关运行经费.有上年 %}{{ 上年 }}年机关运行经费预算{{ 机关运行经费.上年 }}万元，"
           "本年{{ 机关运行经费.增减.比上年 }}"
           "{% if 机关运行经费.增减.比率 %}（{{ 机关运行经费.增减.比率 }}）{% endif %}"
           "{% if 机关运行经费.增减.原因 %}，{{ 机关运行经费.增减.原因 }}{% endif %}。{% endif %}")

    p(doc, "四、财政拨款“三公”经费预算情况及增减变化原因", "Heading 1")
    p(doc, "{{ 年度 }}年，我部门财政拨款“三公”经费预算安排{{ 三公经费.合计.本年 }}万元。"
           "其中，因公出国（境）费{{ 三公经费.因公出国境费.本年 }}万元；"
           "公务用车购置及运维费{{ 三公经费.公务用车.本年 }}万元（其中：公务用车购置费为"
           "{{ 三公经费.公务用车购置费.本年 }}万元，公务用车运维费{{ 三公经费.公务用车运维费.本年 }}万元）；"
           "公务接待费{{ 三公经费.公务接待费.本年 }}万元。"
           "{% if not 三公经费.合计.有上年 %}{{ 无上年说明 }}。"
           "{% elif 三公经费.合计.增减.全部持平 %}与{{ 上年 }}年相持平，无增减变化。"
           "{% else %}“三公”经费总额{{ 三公经费.合计.增减.句子 }}。{% endif %}")
    other_sangong(doc)

    p(doc, "五、绩效预算信息", "Heading 1")
    p(doc, "第一部分 部门整体绩效目标", "文本标题")
    performance_text(doc, numbered=True)
    p(doc, "（四）部门整体支出绩效指标", "Heading 2")
    department_indicator_table(doc)
    p(doc, "第二部分 资金绩效目标", "文本标题")
    p(doc, "{%p for 项目 in 项目表 %}")
    project_caption(doc)
    project_table(doc)
    p(doc, "{%p endfor %}")

    p(doc, "六、政府采购预算情况", "Heading 1")
    p(doc, "{{ 年度 }}年，我部门安排政府采购预算{{ 政府采购.合计 }}万元。具体内容见下表。")
    landscape(doc, lambda: (caption(doc, "部门政府采购预算"), procurement_table(doc)))

    p(doc, "七、国有资产信息", "Heading 1")
    p(doc, "{{ 部门简称 }}上年末固定资产金额为{{ 国有资产.资产总额 }}万元（详见下表），"
           "本年度我部门拟购置固定资产总额为{{ 国有资产.拟购置金额 }}万元"
           "{% if 国有资产.拟购置说明 %}，主要为{{ 国有资产.拟购置说明 }}{% endif %}。")
    caption(doc, "{{ 地区 }}{{ 部门层级 }}部门固定资产占用情况表")
    asset_table(doc)

    closing_sections(doc, "八、名词解释", "{{ 名词.序号 }}、", "九、其他需要说明的事项")
    save(doc, out, "部门预算信息公开情况说明",
         "默认模板：照永清县 2021 年原文的结构，一至九节，整体绩效文本印在部门职责中")


def paragraphs(doc, name: str, otherwise: str | None = None) -> None:
    """One paragraph per item of a list of texts; ``otherwise`` when the list is empty."""
    p(doc, f"{{%p for 段落 in {name} %}}")
    p(doc, "{{ 段落 }}")
    if otherwise is not None:
        p(doc, "{%p else %}")
        p(doc, otherwise)
    p(doc, "{%p endfor %}")


def closing_sections(doc, glossary: str, number: str, remarks: str) -> None:
    """名词解释 (numbered) and 其他说明 (the context gives the sentence for none)."""
    p(doc, glossary, "Heading 1")
    p(doc, "{%p for 名词 in 名词解释 %}")
    p(doc, number + "{{ 名词.名词 }}：{{ 名词.解释 }}")
    p(doc, "{%p endfor %}")
    p(doc, remarks, "Heading 1")
    paragraphs(doc, "其他说明")


def save(doc, out: Path, title: str, description: str) -> None:
    """``description`` is the one line ``gendisclosure template list`` shows."""
    doc.core_properties.title = title
    doc.core_properties.comments = description
    doc.core_properties.author = ""
    doc.save(out)


def new_document():
    doc = Document()
    make_styles(doc)
    page_setup(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag == qn("w:p"):
            body.remove(child)
    return doc


def figure_row(t, label: str, path: str, bold: bool = False):
    """项目 | 本年 | 上年 | 增减 for one amount of the context."""
    return row(t, [label, f"{{{{ {path}.本年 }}}}", f"{{{{ {path}.上年 }}}}",
                   f"{{{{ {path}.增减.文字 }}}}"], bold=bold)


def build_sections(out: Path) -> None:
    """A differently structured county document: sections 一 to 十二, each table explained in
    its own section, 三公 with 培训费/会议费 lines when the data has them, empty tables
    published with the note 本部门无此项支出, and a list of the project tables."""
    doc = new_document()
    p(doc, "{{ 单位全称 }}{{ 年度 }}年部门预算公开说明", "Title")
    p(doc, "按照{{ 公开依据 }}规定，现将{{ 单位全称 }}{{ 年度 }}年部门预算公开如下：")

    p(doc, "一、部门职责", "Heading 1")
    paragraphs(doc, "部门职责")

    p(doc, "二、机构设置", "Heading 1")
    p(doc, "本部门预算由以下单位的预算组成：")
    units_table(doc)

    p(doc, "三、部门预算收支总体情况", "Heading 1")
    p(doc, "{{ 年度 }}年部门预算收入{{ 收入.合计.本年 }}万元，支出{{ 支出.合计.本年 }}万元，收支平衡。"
           "{% if 支出.合计.有上年 %}收支总额{{ 支出.合计.增减.比上年 }}。{% else %}{{ 无上年说明 }}。{% endif %}")

    p(doc, "四、收入预算情况", "Heading 1")
    p(doc, "{{ 年度 }}年收入预算{{ 收入.合计.本年 }}万元"
           "{% if 收入.合计.有上年 %}，收入总额{{ 收入.合计.增减.句子 }}{% endif %}。各项来源见下表。")
    caption(doc, "表1 收入预算表（单位：万元）")
    t = table(doc, [4.6, 3.2, 3.2, 4.6], keep=True)
    row(t, ["收入来源", "本年预算", "上年预算", "比上年增减"], header=True)
    row(t, ["{%tr for 来源 in 收入.来源 %}", "", "", ""])
    figure_row(t, "{{ 来源.名称 }}", "来源")
    row(t, ["{%tr endfor %}", "", "", ""])
    figure_row(t, "合计", "收入.合计", bold=True)

    p(doc, "五、支出预算情况", "Heading 1")
    p(doc, "{{ 年度 }}年支出预算{{ 支出.合计.本年 }}万元，其中基本支出{{ 支出.基本支出.本年 }}万元、"
           "项目支出{{ 支出.项目支出.本年 }}万元。"
           "{% if 支出.合计.有上年 %}支出总额{{ 支出.合计.增减.句子 }}。{% else %}{{ 无上年说明 }}。{% endif %}"
           "{% if 支出.基本支出.增减.其中有原因 %}基本支出中，{{ 支出.基本支出.增减.变动项 }}。{% endif %}")
    caption(doc, "表2 支出预算表（单位：万元）")
    t = table(doc, [4.6, 3.2, 3.2, 4.6], keep=True)
    row(t, ["项目", "本年预算", "上年预算", "比上年增减"], header=True)
    figure_row(t, "基本支出", "支出.基本支出")
    figure_row(t, "其中：人员经费", "支出.人员经费")
    figure_row(t, "　　　公用经费", "支出.公用经费")
    figure_row(t, "项目支出", "支出.项目支出")
    figure_row(t, "合计", "支出.合计", bold=True)

    p(doc, "六、机关运行经费安排情况", "Heading 1")
    p(doc, "{{ 年度 }}年机关运行经费预算{{ 机关运行经费.本年 }}万元"
           "{% if 机关运行经费.有上年 %}，{{ 上年 }}年预算{{ 机关运行经费.上年 }}万元，{{ 机关运行经费.增减.比上年 }}"
           "{% if 机关运行经费.增减.比率 %}（{{ 机关运行经费.增减.比率 }}）{% endif %}"
           "{% if 机关运行经费.增减.原因 %}，{{ 机关运行经费.增减.原因 }}{% endif %}"
           "{% else %}，{{ 无上年说明 }}{% endif %}"
           "{% if 机关运行经费.主要用途 %}。主要用于{{ 机关运行经费.主要用途 }}等{% endif %}。")

    p(doc, "七、财政拨款“三公”经费预算情况", "Heading 1")
    p(doc, "{{ 年度 }}年“三公”经费预算{{ 三公经费.合计.本年 }}万元"
           "{% if 三公经费.合计.有上年 %}，总额{{ 三公经费.合计.增减.句子 }}"
           "{% else %}，{{ 无上年说明 }}{% endif %}。")
    caption(doc, "表3 “三公”经费预算表（单位：万元）")
    t = table(doc, [4.6, 3.2, 3.2, 4.6], keep=True)
    row(t, ["项目", "本年预算", "上年预算", "比上年增减"], header=True)
    figure_row(t, "合计", "三公经费.合计", bold=True)
    figure_row(t, "因公出国（境）费", "三公经费.因公出国境费")
    figure_row(t, "公务用车购置及运维费", "三公经费.公务用车")
    figure_row(t, "其中：公务用车购置费", "三公经费.公务用车购置费")
    figure_row(t, "　　　公务用车运维费", "三公经费.公务用车运维费")
    figure_row(t, "公务接待费", "三公经费.公务接待费")
    row(t, ["{%tr for 项 in 三公经费.其他 %}", "", "", ""])
    figure_row(t, "{{ 项.名称 }}", "项")
    row(t, ["{%tr endfor %}", "", "", ""])
    other_sangong(doc)

    p(doc, "八、政府采购预算情况", "Heading 1")
    p(doc, "{{ 年度 }}年政府采购预算{{ 政府采购.合计 }}万元。")
    landscape(doc, lambda: (caption(doc, "表4 政府采购预算表（单位：万元）"),
                            procurement_table(doc, empty_note="本部门无此项支出")))
    p(doc, "{%p if not 政府采购.有数据 %}")
    p(doc, "注：本部门无此项支出，本表为空表。")
    p(doc, "{%p endif %}")

    p(doc, "九、国有资产占用情况", "Heading 1")
    p(doc, "截至{{ 国有资产.截止日期 }}，本部门固定资产总额{{ 国有资产.资产总额 }}万元；"
           "本年度拟购置固定资产{{ 国有资产.拟购置金额 }}万元"
           "{% if 国有资产.拟购置说明 %}，主要为{{ 国有资产.拟购置说明 }}{% endif %}。")
    caption(doc, "表5 {{ 地区 }}{{ 部门层级 }}部门固定资产占用情况表")
    asset_table(doc)

    p(doc, "十、预算绩效目标", "Heading 1")
    p(doc, "（一）部门整体绩效目标", "Heading 2")
    p(doc, "{{ 整体绩效.总体绩效目标 }}")
    p(doc, "{%p for 分项 in 整体绩效.分项绩效目标 %}")
    p(doc, "{{ loop.index }}. {{ 分项.名称 }}：{{ 分项.绩效目标 }}")
    p(doc, "绩效指标：{{ 分项.绩效指标 }}")
    p(doc, "{%p endfor %}")
    p(doc, "工作保障措施：")
    p(doc, "{%p for 措施 in 整体绩效.保障措施 %}")
    p(doc, "{{ 措施.序号 }}{{ 措施.内容 }}")
    p(doc, "{%p endfor %}")
    p(doc, "{%p if 整体绩效.结束语 %}")
    p(doc, "{{ 整体绩效.结束语 }}")
    p(doc, "{%p endif %}")
    caption(doc, "部门整体支出绩效指标表")
    department_indicator_table(doc)
    p(doc, "（二）项目绩效目标", "Heading 2")
    p(doc, "{% if 项目表 %}本部门共{{ 项目表 | length }}个项目编制了绩效目标，各项目绩效目标表如下。{% else %}本部门没有编制绩效目标的项目。{% endif %}")
    table_of_projects(doc, "项目绩效目标表目录")
    p(doc, "{%p for 项目 in 项目表 %}")
    project_caption(doc)
    project_table(doc)
    p(doc, "{%p endfor %}")

    closing_sections(doc, "十一、名词解释", "{{ 名词.序号 }}. ", "十二、其他需要说明的事项")
    save(doc, out, "部门预算公开说明",
         "十二节式：每张表单独成节，收支和“三公”列表比较，附项目绩效目标表目录")


def performance_text(doc, numbered: bool, number: str = "序号") -> None:
    """总体目标, 分项目标 and 保障措施: printed twice in this county's document; ``number``: the
    items' numbering (序号 （一）, 数字序号 1. …), a level below the heading they stand under."""
    heads = ("（一）总体绩效目标", "（二）分项绩效目标", "（三）工作保障措施") if numbered else (
        "总体绩效目标", "分项绩效目标", "工作保障措施")
    style = "Heading 2" if numbered else "Heading 3"
    p(doc, heads[0], style)
    p(doc, "{{ 整体绩效.总体绩效目标 }}")
    p(doc, heads[1], style)
    p(doc, "{%p for 分项 in 整体绩效.分项绩效目标 %}")
    p(doc, f"{{{{ 分项.{number} }}}}{{{{ 分项.名称 }}}}", "条目标题")
    p(doc, "绩效目标：{{ 分项.绩效目标 }}")
    p(doc, "绩效指标：{{ 分项.绩效指标 }}")
    p(doc, "{%p endfor %}")
    p(doc, heads[2], style)
    p(doc, "{%p for 措施 in 整体绩效.保障措施 %}")
    p(doc, f"{{{{ 措施.{number} }}}}{{{{ 措施.内容 }}}}")
    p(doc, "{%p endfor %}")
    p(doc, "{%p if 整体绩效.结束语 %}")
    p(doc, "{{ 整体绩效.结束语 }}")
    p(doc, "{%p endif %}")


def units_table(doc) -> None:
    """机构设置: one row per unit."""
    t = table(doc, [5.6, 3.2, 3.0, 3.8], keep=True)
    row(t, ["单位名称", "单位性质", "单位规格", "经费保障形式"], header=True)
    row(t, ["{%tr for 单位 in 机构设置 %}", "", "", ""])
    row(t, ["{{ 单位.单位名称 }}", "{{ 单位.单位性质 }}", "{{ 单位.单位规格 }}",
            "{{ 单位.经费保障形式 }}"])
    row(t, ["{%tr endfor %}", "", "", ""])


def department_indicator_table(doc) -> None:
    t = table(doc, [1.5, 1.3, 2.2, 1.8, 2.4, 1.1, 1.4, 1.7, 2.2])
    row(t, ["一级指标", "二级指标", "三级指标", "评（扣）分标准", "绩效指标描述", "指标值", "", "",
            "指标值确定依据"], header=True)
    row(t, ["", "", "", "", "", "符号", "值", "单位", ""], header=True)
    for c in (0, 1, 2, 3, 4, 8):
        merge(t, 0, c, 1, c)
    merge(t, 0, 5, 0, 7)
    row(t, ["{%tr for 组 in 整体绩效指标 %}"] + [""] * 8)
    row(t, ["{%tr for 指标 in 组.指标 %}"] + [""] * 8)
    row(t, ["{% vm %}{{ 组.一级指标 }}", "{{ 指标.二级指标 }}", "{{ 指标.三级指标 }}",
            "{{ 指标.评分标准 }}", "{{ 指标.指标描述 }}", "{{ 指标.符号列 }}", "{{ 指标.值列 }}",
            "{{ 指标.单位列 }}", "{{ 指标.确定依据 }}"])
    row(t, ["{%tr endfor %}"] + [""] * 8)
    row(t, ["{%tr endfor %}"] + [""] * 8)


def project_table(doc) -> None:
    t = table(doc, [1.9, 2.3, 3.0, 4.0, 2.2, 2.2])
    # the two top rows repeat on a continuation page (Word repeats rows from the top only,
    # so the 绩效目标 row repeats with the column headings)
    row(t, ["绩效目标", "{{ 项目.绩效目标 }}", "", "", "", ""], header=True)
    merge(t, 0, 1, 0, 5)
    t.cell(0, 0).paragraphs[0].runs[0].bold = True
    t.cell(0, 1).paragraphs[0].runs[0].bold = False
    t.cell(0, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    row(t, ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        header=True)
    row(t, ["{%tr for 组 in 项目.指标组 %}"] + [""] * 5)
    row(t, ["{%tr for 指标 in 组.指标 %}"] + [""] * 5)
    row(t, ["{% vm %}{{ 组.一级指标 }}", "{{ 指标.二级指标 }}", "{{ 指标.三级指标 }}",
            "{{ 指标.指标描述 }}", "{{ 指标.指标值 }}", "{{ 指标.确定依据 }}"])
    row(t, ["{%tr endfor %}"] + [""] * 5)
    row(t, ["{%tr endfor %}"] + [""] * 5)


def procurement_table(doc, empty_note: str | None = None) -> None:
    """Every funding column and a totals row; on a landscape page, with widths for
    6-decimal amounts and catalogue numbers (``empty_note``: a row saying the table is empty)."""
    t = table(doc, [2.4, 2.1, 2.1, 1.9, 1.0, 1.1, 2.1, 2.1, 2.1, 2.1, 2.1, 2.1, 2.1],
              style_name="表格小字")
    row(t, ["{{ 部门简称 }}", "", "", "", "", "", "", "", "", "", "单位：万元", "", ""], header=True)
    merge(t, 0, 0, 0, 9)
    merge(t, 0, 10, 0, 12)
    row(t, ["政府采购项目来源", "", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价",
            "政府采购金额（当年部门预算安排资金）", "", "", "", "", ""], header=True)
    row(t, ["项目名称", "预算资金", "", "", "", "", "", "合计", "一般公共预算拨款", "基金预算拨款",
            "国有资本经营预算拨款", "财政专户核拨", "单位资金"], header=True)
    merge(t, 1, 0, 1, 1)
    merge(t, 1, 7, 1, 12)
    for c in range(2, 7):
        merge(t, 1, c, 2, c)
    row(t, ["{%tr for 行 in 政府采购.行 %}"] + [""] * 12)
    row(t, ["{{ 行.项目名称 }}", "{{ 行.预算资金 }}", "{{ 行.采购物品名称 }}",
            "{{ 行.政府采购目录序号 }}", "{{ 行.计量单位 }}", "{{ 行.数量 }}", "{{ 行.单价 }}",
            "{{ 行.合计 }}", "{{ 行.一般公共预算拨款 }}", "{{ 行.基金预算拨款 }}",
            "{{ 行.国有资本经营预算拨款 }}", "{{ 行.财政专户核拨 }}", "{{ 行.单位资金 }}"])
    row(t, ["{%tr endfor %}"] + [""] * 12)
    sums = "{% if 政府采购.有数据 %}{{ 政府采购.分项合计.X }}{% endif %}"
    row(t, ["合  计", "", "", "", "", "", ""] + [sums.replace("X", k) for k in (
        "合计", "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金")])
    merge(t, 5, 0, 5, 6)
    if empty_note:
        row(t, ["{%tr if not 政府采购.有数据 %}"] + [""] * 12)
        row(t, [empty_note] + [""] * 12)
        merge(t, 7, 0, 7, 12)
        row(t, ["{%tr endif %}"] + [""] * 12)


def asset_table(doc) -> None:
    t = table(doc, [6.4, 3.2, 6.0], keep=True)
    row(t, ["编制部门：{{ 部门简称 }}", "", "截止时间：{{ 国有资产.截止日期 }}"], header=True)
    merge(t, 0, 0, 0, 1)
    row(t, ["项   目", "数量", "价值（金额单位：万元）"], header=True)
    row(t, ["资产总额", "——", "{{ 国有资产.资产总额 }}"])
    row(t, ["{%tr for 行 in 国有资产.行 %}", "", ""])
    row(t, ["{{ 行.项目 }}", "{{ 行.数量 }}", "{{ 行.价值 }}"])
    row(t, ["{%tr endfor %}", "", ""])
    for r in (t.rows[2], t.rows[4]):
        r.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


# ---- the standard template: explanation organised around the tables (公开表) ------------

PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 15.6, 25.6  # cm between the margins
KIND_WIDTH = {"编码": 2.0, "金额": 3.0}  # 名称 and 文字 columns share what is left
# a portrait table of three amounts (公开03/05/06表): narrower code and amount columns (and cell
# margins, NARROW_MARGIN twips) leave 科目名称 5 cm, 13 characters a line
NARROW_KIND_WIDTH = {"编码": 1.9, "金额": 2.9}
NARROW_MARGIN = 40
INDENT_STEP = 210  # twips a level of 类/款/项 is indented: one character of 表格文字 (10.5 pt)


def narrow(kinds: list[str], wide: bool) -> bool:
    return not wide and kinds[:2] == ["编码", "名称"] and kinds.count("金额") >= 3


def standard_widths(kinds: list[str], wide: bool) -> list[float]:
    fixed_width = NARROW_KIND_WIDTH if narrow(kinds, wide) else KIND_WIDTH
    fixed = sum(fixed_width.get(k, 0) for k in kinds)
    free = [k for k in kinds if k not in KIND_WIDTH]
    rest = ((LANDSCAPE_WIDTH if wide else PORTRAIT_WIDTH) - fixed) / max(1, len(free))
    return [fixed_width.get(k, rest) for k in kinds]


PROCUREMENT_WIDTHS = [2.6, 1.9, 2.2, 2.0, 1.1, 1.3, 1.7, 2.0, 2.2, 2.0, 2.2, 2.0, 2.0]


def header_rows(t, header: list[list[dict]], columns: int) -> None:
    """The header rows of pipeline.tables.SHAPES: cells placed past the spanned ones, merged."""
    first = len(t.rows)
    taken: set[tuple[int, int]] = set()
    placed = []
    for offset, cells in enumerate(header):
        column = 0
        texts = [""] * columns
        for c in cells:
            while (offset, column) in taken:
                column += 1
            texts[column] = c["文字"]
            placed.append((offset, column, c["跨行"], c["跨列"]))
            for r in range(offset, offset + c["跨行"]):
                for k in range(column, column + c["跨列"]):
                    taken.add((r, k))
            column += c["跨列"]
        row(t, texts, header=True)
    for offset, column, rows_, columns_ in placed:
        if rows_ > 1 or columns_ > 1:
            merge(t, first + offset, column, first + offset + rows_ - 1, column + columns_ - 1)


def body_cell(kind: str, i: int) -> str:
    return f"{{{{ 行.格[{i}] }}}}"


def indented_names(r, kinds: list[str]) -> None:
    """The 科目名称 cell as one paragraph a level, chosen by 行.缩进 ({%p if %}): 款 and 项
    indented by the paragraph, so that a wrapped name's second line keeps the indent."""
    from docx.shared import Twips

    for i, (cell, kind) in enumerate(zip(r.cells, kinds)):
        if kind != "名称":
            continue
        first = cell.paragraphs[0]
        for run in first.runs:
            run.text = "{%p if 行.缩进 == 2 %}"
        for text, level in ((None, 2), ("{%p elif 行.缩进 == 1 %}", None), (None, 1),
                            ("{%p else %}", None), (None, 0), ("{%p endif %}", None)):
            paragraph = cell.add_paragraph(style=first.style)
            paragraph.add_run(text or f"{{{{ 行.格[{i}] }}}}").bold = False
            if level is not None:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                if level:
                    paragraph.paragraph_format.left_indent = Twips(INDENT_STEP * level)
                    paragraph.paragraph_format.first_line_indent = Twips(0)


def align_row(r, kinds: list[str]) -> None:
    for c, kind in zip(r.cells, kinds):
        c.paragraphs[0].alignment = (WD_ALIGN_PARAGRAPH.RIGHT if kind == "金额" else
                                     WD_ALIGN_PARAGRAPH.CENTER if kind == "编码" else WD_ALIGN_PARAGRAPH.LEFT)


def standard_table(doc, number: int) -> None:
    """One 公开表 from the context: 表号, title, 编制单位 and unit, the header rows (repeated
    on every page), the rows with 类/款/项 names indented, the totals, an empty table's note."""
    from pipeline.tables import SHAPES

    name = next(n for n, shape in SHAPES.items() if shape[0] == number)
    _, kinds, header = SHAPES[name]
    n = len(kinds)
    p(doc, f"{{%p set 表 = 公开表.公开{number:02d}表 %}}")
    p(doc, "{{ 表.表号 }}", "表格文字").alignment = WD_ALIGN_PARAGRAPH.LEFT
    caption(doc, "{{ 表.标题 }}")
    wide = n > 6
    widths = PROCUREMENT_WIDTHS if n == len(PROCUREMENT_WIDTHS) else standard_widths(kinds, wide)
    t = table(doc, widths, style_name="表格小字" if n > 8 else "表格文字",
              side_margin=NARROW_MARGIN if narrow(kinds, wide) else 60)
    unit = n - (1 if n <= 4 else 2)  # the column where 单位：万元 starts
    row(t, ["编制单位：{{ 表.编制单位 }}"] + [""] * (unit - 1) + ["单位：{{ 表.单位 }}"] + [""] * (n - unit - 1),
        header=True)
    merge(t, 0, 0, 0, unit - 1)
    if n - unit > 1:
        merge(t, 0, unit, 0, n - 1)
    t.cell(0, 0).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    t.cell(0, unit).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell_ in (t.cell(0, 0), t.cell(0, unit)):
        for run in cell_.paragraphs[0].runs:
            run.bold = False
    header_rows(t, header, n)
    row(t, ["{%tr for 行 in 表.行 %}"] + [""] * (n - 1))
    body = row(t, [body_cell(k, i) for i, k in enumerate(kinds)])
    align_row(body, kinds)
    indented_names(body, kinds)
    row(t, ["{%tr endfor %}"] + [""] * (n - 1))
    row(t, ["{%tr for 行 in 表.合计行 %}"] + [""] * (n - 1))
    totals = row(t, [f"{{{{ 行.格[{i}] }}}}" for i in range(n)], bold=True)
    align_row(totals, kinds)
    if kinds[:2] == ["编码", "名称"]:  # 合计 over 科目编码 and 科目名称
        merged = merge(t, len(t.rows) - 1, 0, len(t.rows) - 1, 1)
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    row(t, ["{%tr endfor %}"] + [""] * (n - 1))
    # one paragraph that stays (empty unless the table is): a section break that Word or
    # LibreOffice moves into the paragraph before it must not land in a tag's paragraph
    p(doc, "{% if 表.空表 %}{{ 表.注 }}{% endif %}")


def notes_carry_section_breaks(doc) -> None:
    """The empty paragraph that ends a landscape section handed to the table's note before
    it: one paragraph after the table, not two (the second would spill onto a page of its own)."""
    body = doc.element.body
    for sect in body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}"):
        paragraph = sect.getparent().getparent()
        before = paragraph.getprevious()
        if paragraph.xpath("string(.)") or before is None or before.tag != qn("w:p") \
                or not before.xpath("string(.)").startswith("{% if 表.空表 %}"):
            continue
        before.get_or_add_pPr().append(sect)
        body.remove(paragraph)


def build_standard(out: Path) -> None:
    """The layout most counties publish: 第一部分 部门概况, 第二部分 部门预算情况说明 一–十
    quoting the tables' figures, 第三部分 名词解释, 第四部分 公开表 (公开01表–公开11表)."""
    from docx.enum.text import WD_BREAK

    doc = new_document()
    title = p(doc, "{{ 部门简称 }}", "Title")
    title.runs[0].add_break()
    title.add_run("{{ 年度 }}年部门预算公开")
    p(doc, "按照{{ 公开依据 }}规定，现将{{ 单位全称 }}{{ 年度 }}年部门预算公开如下：")

    p(doc, "第一部分 部门概况", "文本标题")
    p(doc, "一、部门职责", "Heading 1")
    paragraphs(doc, "部门职责")
    p(doc, "二、机构设置", "Heading 1")
    p(doc, "本部门预算由以下单位的预算组成：")
    units_table(doc)

    p(doc, "第二部分 {{ 年度 }}年部门预算情况说明", "文本标题")
    p(doc, "一、部门收支总体情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开01表.说明 }}{% if 支出.合计.有上年 %}收支总额{{ 支出.合计.增减.比上年 }}。"
           "{% else %}{{ 无上年说明 }}。{% endif %}")
    p(doc, "二、部门收入预算情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开02表.说明 }}{% if 收入.资金来源合计.有上年 %}收入总额{{ 收入.资金来源合计.增减.句子 }}。"
           "{% endif %}")
    p(doc, "三、部门支出预算情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开03表.说明 }}基本支出{{ 支出.基本支出.本年 }}万元中，人员经费{{ 支出.人员经费.本年 }}万元，"
           "公用经费{{ 支出.公用经费.本年 }}万元；项目支出{{ 支出.项目支出.本年 }}万元{{ 项目安排 }}。"
           "{% if 支出.合计.有上年 %}支出总额{{ 支出.合计.增减.句子 }}。{% endif %}"
           "{% if 支出.基本支出.增减.其中有原因 %}基本支出中，{{ 支出.基本支出.增减.变动项 }}。{% endif %}")
    p(doc, "四、财政拨款收支总体情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开04表.说明 }}")
    p(doc, "五、一般公共预算支出情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开05表.说明 }}")
    p(doc, "六、一般公共预算基本支出情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开06表.说明 }}")
    p(doc, "七、一般公共预算“三公”经费支出情况说明", "Heading 1")
    p(doc, "{{ 年度 }}年一般公共预算“三公”经费支出{{ 三公经费.合计.本年 }}万元，其中："
           "{{ 三公经费.因公出国境费.名称 }}{{ 三公经费.因公出国境费.本年 }}万元；"
           "{{ 三公经费.公务用车.名称 }}{{ 三公经费.公务用车.本年 }}万元（其中："
           "{{ 三公经费.公务用车购置费.名称 }}{{ 三公经费.公务用车购置费.本年 }}万元，"
           "{{ 三公经费.公务用车运维费.名称 }}{{ 三公经费.公务用车运维费.本年 }}万元）；"
           "{{ 三公经费.公务接待费.名称 }}{{ 三公经费.公务接待费.本年 }}万元。"
           "{% if not 三公经费.合计.有上年 %}{{ 无上年说明 }}。"
           "{% else %}“三公”经费总额{{ 三公经费.合计.增减.句子 }}。{% endif %}")
    other_sangong(doc)
    p(doc, "八、政府性基金预算支出情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开08表.说明 }}")
    p(doc, "九、国有资本经营预算支出情况说明", "Heading 1")
    p(doc, "{{ 公开表.公开09表.说明 }}")
    p(doc, "十、其他重要事项的情况说明", "Heading 1")
    p(doc, "（一）机关运行经费", "Heading 2")
    p(doc, "{{ 年度 }}年机关运行经费预算{{ 机关运行经费.本年 }}万元"
           "{% if 机关运行经费.有上年 %}，{{ 上年 }}年预算{{ 机关运行经费.上年 }}万元，{{ 机关运行经费.增减.比上年 }}"
           "{% if 机关运行经费.增减.比率 %}（{{ 机关运行经费.增减.比率 }}）{% endif %}"
           "{% if 机关运行经费.增减.原因 %}，{{ 机关运行经费.增减.原因 }}{% endif %}"
           "{% else %}，{{ 无上年说明 }}{% endif %}"
           "{% if 机关运行经费.主要用途 %}。主要用于{{ 机关运行经费.主要用途 }}等{% endif %}。")
    p(doc, "（二）政府采购情况", "Heading 2")
    p(doc, "{{ 公开表.公开10表.说明 }}{% if not 公开表.公开10表.空表 %}具体见公开10表。{% endif %}")
    p(doc, "（三）国有资产占用情况", "Heading 2")
    p(doc, "截至{{ 国有资产.截止日期 }}，本部门固定资产总额{{ 国有资产.资产总额 }}万元；"
           "本年度拟购置固定资产{{ 国有资产.拟购置金额 }}万元"
           "{% if 国有资产.拟购置说明 %}，主要为{{ 国有资产.拟购置说明 }}{% endif %}。")
    caption(doc, "{{ 地区 }}{{ 部门层级 }}部门固定资产占用情况表")
    asset_table(doc)
    p(doc, "（四）预算绩效目标设置情况", "Heading 2")
    performance_text(doc, numbered=False, number="数字序号")
    caption(doc, "部门整体支出绩效指标表")
    department_indicator_table(doc)
    p(doc, "{{ 公开表.公开11表.说明 }}{% if not 公开表.公开11表.空表 %}各项目绩效目标表见公开11表。{% endif %}")
    p(doc, "（五）其他需要说明的事项", "Heading 2")
    paragraphs(doc, "其他说明")

    p(doc, "第三部分 名词解释", "文本标题")
    p(doc, "{%p for 名词 in 名词解释 %}")
    p(doc, "{{ 名词.序号 }}. {{ 名词.名词 }}：{{ 名词.解释 }}")
    p(doc, "{%p endfor %}")

    from pipeline.tables import SHAPES

    portrait_page = True  # a portrait table starts a new page, a landscape one its own section
    first = p(doc, "第四部分 {{ 年度 }}年部门预算公开表", "文本标题")
    first.paragraph_format.page_break_before = True
    for number in range(1, 11):
        kinds = next(shape[1] for shape in SHAPES.values() if shape[0] == number)
        if len(kinds) > 6:
            landscape(doc, lambda number=number: standard_table(doc, number))
            portrait_page = True
            continue
        if not portrait_page:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        standard_table(doc, number)
        portrait_page = False
    if not portrait_page:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    p(doc, "{%p set 表 = 公开表.公开11表 %}")
    p(doc, "{{ 表.表号 }}", "表格文字").alignment = WD_ALIGN_PARAGRAPH.LEFT
    caption(doc, "{{ 表.标题 }}")
    p(doc, "{%p for 项目 in 项目表 %}")
    project_caption(doc)
    project_table(doc)
    p(doc, "{%p endfor %}")
    p(doc, "{%p if 表.空表 %}")
    p(doc, "{{ 表.注 }}")
    p(doc, "{%p endif %}")
    notes_carry_section_breaks(doc)
    save(doc, out, "部门预算公开",
         "公开表式：第一部分部门概况，第二部分预算情况说明一至十（引用公开表的数字），第三部分名词解释，"
         "第四部分公开01表至公开11表；需要工作簿的“支出功能分类”“基本支出经济分类”两张表")


TEMPLATES = {"disclosure.docx": build, "sections12.docx": build_sections, "standard.docx": build_standard}

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[1]))  # the checkout's pipeline (SHAPES of the tables)
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = Path(sys.argv[1])
    shipped = (Path(__file__).parents[1] / "templates").resolve()
    if folder.resolve() == shipped and "--overwrite-shipped" not in sys.argv:
        sys.exit("templates/ holds the edited templates: add --overwrite-shipped to replace them")
    for name, make in TEMPLATES.items():
        make(folder / name)
        print(f"wrote {folder / name}")
