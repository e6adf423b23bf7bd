"""Rendering: literal special characters, merged 一级指标 cells, a template clerks can edit."""

from __future__ import annotations

import re
import zipfile

from conftest import ROOT, edit, make_template
from textdump import docx_blocks

from pipeline.api import generate

TEMPLATE = ROOT / "templates" / "disclosure.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_xml_special_characters_come_out_literally(sample, tmp_path):
    edit(sample, "项目", "B2", "A&B <重点> 项目 \"引号\"")
    out = generate(sample, tmp_path).output
    assert "A&B <重点> 项目 \"引号\"" in docx_blocks(out)


def test_first_level_cells_are_merged(sample, tmp_path):
    from lxml import etree

    out = generate(sample, tmp_path).output
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    table = body.findall(f".//{W}tbl")[3]  # the first project table
    first_cells = [row.find(f"{W}tc") for row in table.findall(f"{W}tr")][2:]
    merges = [cell.find(f"{W}tcPr/{W}vMerge") for cell in first_cells]
    states = [m.get(f"{W}val", "continue") if m is not None else None for m in merges]
    texts = ["".join(cell.itertext()) for cell in first_cells]
    # 产出指标 over 4 rows, 效果指标 over 2, 满意度指标 alone
    assert states == ["restart", "continue", "continue", "continue", "restart", "continue", "restart"]
    assert texts == ["产出指标", "", "", "", "效果指标", "", "满意度指标"]


def test_template_tags_are_not_split_across_runs():
    with zipfile.ZipFile(TEMPLATE) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    for text in runs:
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text


def test_header_rows_repeat_and_rows_do_not_split(sample, tmp_path):
    from docx import Document

    out = generate(sample, tmp_path).output
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    rows = xml.count("<w:tr>") + xml.count("<w:tr ")
    assert xml.count("<w:cantSplit/>") == rows
    tables = Document(str(out)).tables
    department = tables[1]  # 部门整体支出绩效指标: its two header rows repeat on each page
    headers = [r._tr.trPr is not None and r._tr.trPr.find(W + "tblHeader") is not None
               for r in department.rows]
    assert headers[:3] == [True, True, False]


def test_project_captions_carry_their_own_table_of_contents_entry(sample, tmp_path):
    out = generate(sample, tmp_path).output
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    entries = re.findall(r'<w:instrText[^>]*> TC "([^"]*)" \\f C \\l 1 </w:instrText>', xml)
    assert len(entries) == 34 and len(set(entries)) == 34
    assert entries[0] == "1.经开区编外人员资金绩效目标表"
    assert entries[-1] == "34.廊财建【2020】145号经开区提前下达2021年省级大气污染防治资金绩效目标表"


def test_a_caption_with_a_line_break_keeps_its_entry_a_field(sample_context):
    """Alt+Enter in a project's name: the caption breaks where the cell does, its list of
    tables entry is one line, and no field code shows as text."""
    import io

    from pipeline.render import Renderer

    context = dict(sample_context)
    context["项目表"] = [dict(p) for p in sample_context["项目表"]]
    context["项目表"][0]["表名"] = "1.甲项目\n第二行绩效目标表"
    document = Renderer(TEMPLATE).render(context, 2021)
    with zipfile.ZipFile(io.BytesIO(document)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    entries = re.findall(r'<w:instrText[^>]*> TC "([^"]*)" \\f C \\l 1 </w:instrText>', xml)
    assert entries[0] == "1.甲项目 第二行绩效目标表" and len(entries) == 34
    assert '1.甲项目</w:t><w:br/><w:t xml:space="preserve">第二行绩效目标表</w:t>' in xml
    assert "TC " not in "".join(re.findall(r"<w:t[ >][^<]*", xml))  # no field code as text
    assert "&amp;lt;" not in xml and "&lt;/w:t" not in xml


def test_changing_one_figure_changes_exactly_its_sentences(sample, tmp_path):
    before = docx_blocks(generate(sample, tmp_path / "a").output)
    edit(sample, "收支预算", "C6", 953.56377)  # 人员经费 +1
    edit(sample, "收支预算", "C2", 3309.233094)  # and its income, to stay balanced
    after = docx_blocks(generate(sample, tmp_path / "b").output)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert len(changed) == 3  # 收入说明, 支出说明, 比上年增减
    income, spending, compare = (b for _, b in changed)
    assert "预算收入3309.233094万元，其中：一般公共预算收入3309.233094万元" in income
    assert "支出预算3309.233094万元，其中基本支出1087.054294万元，包括人员类项目经费953.56377万元" in spending
    assert "较2020年预算增加437.716321万元，其中：基本支出减少38.329779万元" in compare


def test_identical_input_gives_identical_bytes(sample, tmp_path):
    first = generate(sample, tmp_path / "a").output
    second = generate(sample, tmp_path / "b").output
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:  # dated from the budget year, never from the clock
        assert {info.date_time for info in z.infolist()} == {(2021, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "2021-01-01T00:00:00Z" in core


def test_template_syntax_error_names_the_template_text(sample, tmp_path):
    import pytest

    from pipeline.errors import TemplateProblem

    bad = make_template(tmp_path, "收入合计{{ 收入.合计 }", "{% for x in 项目表 %}没有结束")
    with pytest.raises(TemplateProblem) as info:
        generate(sample, tmp_path / "out", template=bad)
    assert "模板标签有误" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_braces_in_data_and_literal_braces_in_templates(sample, tmp_path):
    template = make_template(tmp_path, "写法：{_{ 变量 }_}，{_% for %_}", "{{ 部门简称 }}")
    edit(sample, "基本信息", "B2", "A{_{B}_}{_%C%_}")
    out = generate(sample, tmp_path / "out", template=template).output
    assert docx_blocks(out) == ["写法：{{ 变量 }}，{% for %}", "A{_{B}_}{_%C%_}"]


def test_chinese_quotes_in_a_tags_text_stay_as_typed(sample, tmp_path):
    """docxtpl straightens every quote inside a tag: 公开表 by a name with “三公” found no table
    (模板使用了不存在的字段“一般公共预算"三公"经费支出表”…是不是“一般公共预算“三公”经费支出表”？),
    a comparison by 名称 never held and a quoted text printed straight quotes."""
    template = make_template(
        tmp_path,
        "{{ 公开表['一般公共预算“三公”经费支出表'].表号 }}",
        "{{ (公开表 | selectattr('名称', 'equalto', '一般公共预算“三公”经费支出表') | first).表号 }}",
        "{% if 公开表[6].名称 == ‘一般公共预算“三公”经费支出表’ %}相同{% endif %}",
        "{{ '“三公”经费' }}，{{ \"‘三公’\" }}，{{ '\"' }}")
    out = generate(sample, tmp_path / "out", template=template).output
    assert docx_blocks(out) == ["公开07表", "公开07表", "相同", "“三公”经费，‘三公’，\""]


def test_the_documented_default_filter_fills_an_empty_cell(sample, tmp_path):
    """docs/template.md's example: the sample leaves 机关运行经费's 上年 empty."""
    documented = re.search(r"\{\{ 机关运行经费\.上年 \| default\([^)]*\) \}\}",
                           (ROOT / "docs" / "template.md").read_text(encoding="utf-8")).group(0)
    template = make_template(tmp_path, "上年：" + documented)
    result = generate(sample, tmp_path / "out", template=template)
    assert docx_blocks(result.output) == ["上年：未填写"]


def test_a_line_break_in_a_cell_does_not_stretch_its_line_in_a_justified_paragraph(sample, tmp_path):
    """Word and LibreOffice spread a line that ends in a manual break over the width of a
    justified paragraph (负 责 农 村 公 路 …) unless the settings say not to."""
    for template in ("disclosure", "sections12"):
        made = generate(sample, tmp_path / template, template=template)
        with zipfile.ZipFile(made.output) as document:
            settings = document.read("word/settings.xml").decode("utf-8")
        compat = re.search(r"<w:compat>(.*?)</w:compat>", settings).group(1)
        assert compat.startswith("<w:doNotExpandShiftReturn/>"), template


def test_a_template_without_compatibility_settings_gets_them_in_their_place(sample, tmp_path):
    """A template saved without <w:compat> (some editors write none): made before <w:rsids>."""
    template = make_template(tmp_path, "{{ 部门简称 }}")
    with zipfile.ZipFile(template) as old:
        items = {info.filename: old.read(info) for info in old.infolist()}
    settings = items["word/settings.xml"].decode("utf-8")
    items["word/settings.xml"] = re.sub(r"<w:compat>.*?</w:compat>|<w:compat/>", "", settings, flags=re.S).encode()
    assert b"<w:compat" not in items["word/settings.xml"] and b"<w:rsids" in items["word/settings.xml"]
    with zipfile.ZipFile(template, "w") as new:
        for name, data in items.items():
            new.writestr(name, data)
    made = generate(sample, tmp_path / "out", template=template)
    with zipfile.ZipFile(made.output) as document:
        written = document.read("word/settings.xml").decode("utf-8")
    assert re.search(r"<w:compat><w:doNotExpandShiftReturn/></w:compat>\s*<w:rsids", written)
