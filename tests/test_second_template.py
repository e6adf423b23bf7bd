"""A second, differently structured template renders from the same workbook."""

from __future__ import annotations

import re
import zipfile

from conftest import ROOT, edit
from textdump import docx_blocks

from pipeline.api import generate

SECTIONS = ROOT / "templates" / "sections12.docx"
HEADINGS = ["一、部门职责", "二、机构设置", "三、部门预算收支总体情况", "四、收入预算情况", "五、支出预算情况",
            "六、机关运行经费安排情况", "七、财政拨款“三公”经费预算情况", "八、政府采购预算情况",
            "九、国有资产占用情况", "十、预算绩效目标", "十一、名词解释", "十二、其他需要说明的事项"]


def render(workbook, folder):
    return docx_blocks(generate(workbook, folder, template=SECTIONS).output)


def test_both_templates_render_the_same_workbook(sample, tmp_path):
    default = docx_blocks(generate(sample, tmp_path / "a").output)
    sections = render(sample, tmp_path / "b")
    assert "六、政府采购预算情况" in default
    assert [b for b in sections if b in HEADINGS] == HEADINGS
    assert "2021年部门预算收入3308.233094万元，支出3308.233094万元，收支平衡。收支总额比2020年增加436.716321万元。" in sections
    assert "2021年“三公”经费预算13.545万元，总额与2020年持平，无增减变化。" in sections


def test_empty_table_is_published_with_a_note(sample, tmp_path):
    blocks = render(sample, tmp_path)
    assert "本部门无此项支出" in blocks
    assert "注：本部门无此项支出，本表为空表。" in blocks


def test_procurement_rows_replace_the_note(sample, tmp_path):
    for ref, value in zip("ABCDEFGHIJKL", ["办公设备购置", 5, "计算机", "A02010104", "台", 2, 2.5,
                                           5, 0, 0, 0, 0]):
        edit(sample, "政府采购", f"{ref}2", value)
    blocks = render(sample, tmp_path)
    assert "本部门无此项支出" not in blocks
    assert "2021年政府采购预算5万元。" in blocks


def test_training_and_meeting_lines_only_when_the_data_has_them(sample, tmp_path):
    assert not any(b.startswith("此外，") for b in render(sample, tmp_path / "a"))
    edit(sample, "三公经费", "A6", "培训费")
    edit(sample, "三公经费", "B6", 1.2)
    edit(sample, "三公经费", "C6", 1)
    blocks = render(sample, tmp_path / "b")
    assert "此外，培训费1.2万元，比2020年增加0.2万元。" in blocks


def test_list_of_project_tables_is_a_toc_field_word_updates(sample, tmp_path):
    out = generate(sample, tmp_path, template=SECTIONS).output
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert '<w:updateFields w:val="true"/>' in settings
    assert re.search(r"<w:instrText[^>]*> TOC \\f C \\h \\z </w:instrText>", xml)
    blocks = docx_blocks(out)
    start = blocks.index("项目绩效目标表目录")
    listing = blocks[start + 1].split("\n")  # the field's result until a program updates it
    assert listing[0] == "1.经开区编外人员资金绩效目标表" and len(listing) == 34


def test_the_sections12_title_puts_the_unit_on_a_line_of_its_own(sample, tmp_path):
    """A long 单位全称 does not leave the title's last character alone on a line."""
    from textdump import docx_blocks

    from pipeline.api import generate

    blocks = docx_blocks(generate(sample, tmp_path, template="sections12").output)
    assert blocks[0] == "河北永清经济开发区管理委员会\n2021年部门预算公开说明"
