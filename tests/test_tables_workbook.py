"""The standard budget tables as an Excel workbook (--tables, --with-tables), and the warning
for 科目 sheets a template leaves unused."""

from __future__ import annotations

from click.testing import CliRunner
from make_subjects import SUBJECTS, write_with_subjects

from pipeline.cli import main

UNUSED = "模板 {template} 不使用“{sheet}”表"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_template_without_the_tables_is_told_once_per_subject_sheet(tmp_path):
    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    for template in ("disclosure", "sections12"):
        result = run(workbook, "-o", tmp_path / "out", "--template", template)
        assert result.exit_code == 0, result.output
        for sheet in ("支出功能分类", "基本支出经济分类"):
            assert result.output.count(UNUSED.format(template=template, sheet=sheet)) == 1, result.output
        # one warning a sheet, never one a cell
        assert "支出功能分类!" not in result.output and "基本支出经济分类!" not in result.output
        assert result.output.count("警告：") == 2, result.output


def test_check_with_a_template_tells_the_same(tmp_path):
    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    result = run("check", workbook, "--template", "disclosure")
    assert result.exit_code == 0, result.output
    assert result.output.count("不使用“支出功能分类”表") == 1
    assert "--tables 公开表.xlsx" in result.output


def test_a_sheet_left_out_of_the_workbook_is_not_told(tmp_path):
    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx",
                                   lambda sheets: sheets.pop("基本支出经济分类"))
    result = run(workbook, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "不使用“支出功能分类”表" in result.output
    assert "基本支出经济分类" not in result.output


def test_a_template_printing_the_tables_rows_uses_the_sheets(tmp_path):
    from conftest import make_template

    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    template = make_template(
        tmp_path, "{{ 部门简称 }}{% for r in 公开表.部门支出总表.行 %}{{ r.格[1] }}{% endfor %}")
    result = run("check", workbook, "--template", template)
    assert result.exit_code == 0, result.output
    assert "不使用“支出功能分类”表" not in result.output
    assert result.output.count("不使用“基本支出经济分类”表") == 1
