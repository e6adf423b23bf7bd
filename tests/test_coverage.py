"""Every filled cell reaches the document, or the run names the template that leaves it out."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import edit, make_template
from textdump import docx_blocks

from pipeline.api import generate
from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_template_that_leaves_cells_out_is_named_with_each_cell(sample, tmp_path):
    template = make_template(tmp_path, "{{ 部门简称 }}{{ 年度 }}年：支出{{ 支出.合计.本年 }}万元")
    result = run("check", sample, "--template", template)
    assert result.exit_code == 0, result.output
    assert "模板 template 不使用：三公经费!公务用车运维费的上年" in result.output
    assert "模板 template 不使用：收支预算!项目支出的增减原因" in result.output
    assert "模板 template 不使用：基本信息!公开依据" in result.output
    assert "部门简称" not in result.output  # printed, so not listed
    assert run("check", sample, "--template", template, "--strict").exit_code == 1


def test_shipped_templates_leave_nothing_out_of_a_full_workbook(sample, tmp_path):
    edit(sample, "机关运行经费", "B3", 120)  # 上年
    edit(sample, "机关运行经费", "B5", "新增办公用房")  # 增减原因
    edit(sample, "三公经费", "A6", "培训费")
    edit(sample, "三公经费", "B6", 1.2)
    edit(sample, "三公经费", "C6", 1)
    edit(sample, "三公经费", "D6", "培训任务增加")
    for template in ("disclosure", "sections12"):
        result = run("check", sample, "--template", template)
        assert result.exit_code == 0, result.output
        assert "不使用" not in result.output, (template, result.output)


def test_running_costs_compared_with_last_year_in_the_default_template(sample, tmp_path):
    edit(sample, "机关运行经费", "B3", 120)
    edit(sample, "机关运行经费", "B5", "新增办公用房")
    blocks = docx_blocks(generate(sample, tmp_path).output)
    # 133.490524 − 120 = 13.490524; 13.490524 / 120 = 11.24%
    assert any(b.endswith("等日常运行支出。2020年机关运行经费预算120万元，本年比2020年增加13.490524万元"
                          "（增长11.24%），主要原因是新增办公用房。") for b in blocks)


def test_printing_a_group_instead_of_a_field_is_refused(sample, tmp_path):
    template = make_template(tmp_path, "收入{{ 收入.合计 }}万元")
    result = run(sample, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 1
    assert "模板印出了一组数据" in result.output and "收入.合计.本年" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_reason_for_an_unchanged_figure_is_told_once_and_not_blamed_on_the_template(sample, tmp_path):
    edit(sample, "机关运行经费", "B3", 133.490524)  # 上年 = 本年
    edit(sample, "机关运行经费", "B5", "无变化")
    warnings = [str(w) for w in generate(sample, tmp_path / "out").warnings if "机关运行经费!B5" in str(w)]
    assert warnings == [f"{sample} 机关运行经费!B5: 警告：“机关运行经费”与上年持平，持平不写原因，"
                        "填写的增减原因不会印出：请核对金额或删去原因"]


def test_a_sentence_that_names_the_items_that_moved_shows_their_names(sample, tmp_path):
    """“其中：基本支出减少…；项目支出增加…” prints the two items' names: their cells were told
    as left out (收支预算!B8, B9); the items it does not name (人员经费) still are."""
    template = make_template(tmp_path, "{{ 年度 }}年支出预算{{ 支出.合计.本年 }}万元，{{ 支出.合计.增减.句子 }}。")
    result = run("check", sample, "--template", template)
    assert result.exit_code == 0, result.output
    assert "其中：基本支出减少" in "".join(docx_blocks(generate(sample, tmp_path / "out", template=template).output))
    assert "不使用：收支预算!基本支出——" not in result.output
    assert "不使用：收支预算!项目支出——" not in result.output
    assert "收支预算!B6: 警告：模板 template 不使用：收支预算!人员经费——" in result.output
