"""The worked example of docs/template.md ships as a template, and renders."""

from __future__ import annotations

import zipfile

from conftest import ROOT, SAMPLE
from textdump import docx_blocks

from pipeline.api import generate
from pipeline.template_vars import EXAMPLE

TEMPLATE = ROOT / "templates" / "examples" / "示例模板.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def typed_text() -> list[str]:
    out = []
    for _, _, blocks in EXAMPLE:
        for block in blocks:
            out += [block] if isinstance(block, str) else [cell for row in block for cell in row]
    return out


def test_the_example_template_holds_exactly_the_documented_text():
    assert docx_blocks(TEMPLATE) == typed_text()


def test_the_example_renders_a_looped_table_and_merged_first_levels(tmp_path):
    from lxml import etree

    out = generate(SAMPLE, tmp_path, template=TEMPLATE).output
    blocks = docx_blocks(out)
    assert blocks[0] == "永清县经开区2021年部门预算公开说明"
    assert blocks[1] == ("2021年支出预算3308.233094万元，支出总额比2020年增加436.716321万元，其中："
                         "基本支出减少39.329779万元，主要为人员经费支出；项目支出增加476.0461万元，主要为本级项目支出。")
    sangong = blocks[blocks.index("比上年增减") + 1:][:20]
    assert sangong == ["因公出国（境）费", "0", "0", "持平", "公务用车购置费", "0", "0", "持平",
                       "公务用车运维费", "13.545", "13.545", "持平", "公务接待费", "0", "0", "持平",
                       "合计", "13.545", "13.545", "持平"]
    assert "1.经开区编外人员资金绩效目标表" in blocks and "34.廊财建【2020】145号经开区提前下达2021年省级大气污染防治资金绩效目标表" in blocks
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    first_project = body.findall(f".//{W}tbl")[1]
    merges = [row.find(f"{W}tc/{W}tcPr/{W}vMerge") for row in first_project.findall(f"{W}tr")[1:]]
    states = [m.get(f"{W}val", "continue") if m is not None else None for m in merges]
    assert states == ["restart", "continue", "continue", "continue", "restart", "continue", "restart"]
