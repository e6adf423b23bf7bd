"""A department with 项目支出 but no project in the 项目 sheet: no template says "0个项目"."""

from __future__ import annotations

import dataclasses

import pytest
from make_subjects import SUBJECTS, write_with_subjects
from textdump import docx_blocks

from pipeline.api import generate


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    # the procurement rows name projects; without projects the department buys nothing
    dept = dataclasses.replace(SUBJECTS, projects=(), project_indicators=(), procurement=())
    assert dept.projects_expense.this != "0"
    return write_with_subjects(dept, tmp_path_factory.mktemp("no_projects") / "无项目.xlsx")


@pytest.mark.parametrize("template", ["disclosure", "sections12", "standard"])
def test_no_sentence_counts_zero_projects(workbook, tmp_path, template):
    result = generate(workbook, tmp_path, template=template)
    text = "\n".join(docx_blocks(result.output))
    assert "0个项目" not in text
    assert any("项目支出" in str(w) and "项目" in str(w) for w in result.warnings)


def test_the_expense_sentence_of_the_standard_template_leaves_the_count_out(workbook, tmp_path):
    text = "\n".join(docx_blocks(generate(workbook, tmp_path, template="standard").output))
    assert f"项目支出{SUBJECTS.projects_expense.this}万元。" in text


def test_sections12_says_there_is_no_project_with_targets(workbook, tmp_path):
    blocks = docx_blocks(generate(workbook, tmp_path, template="sections12").output)
    at = blocks.index("（二）项目绩效目标")
    assert blocks[at + 1] == "本部门没有编制绩效目标的项目。"
    assert "项目绩效目标表目录" not in blocks  # no heading over an empty list of tables


def test_the_default_template_says_so_under_its_heading_for_project_targets(workbook, tmp_path):
    blocks = docx_blocks(generate(workbook, tmp_path, template="disclosure").output)
    at = blocks.index("第二部分 资金绩效目标")
    assert blocks[at + 1] == "本部门没有编制绩效目标的项目。"
