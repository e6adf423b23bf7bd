"""The command line as a clerk uses it: CliRunner, writing only under tmp_path."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import edit, make_template
from textdump import docx_blocks

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_generates_into_outdir(sample, tmp_path):
    out = tmp_path / "out"
    result = run(sample, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output
    text = "".join(docx_blocks(out / "2021.docx"))
    assert text.startswith("永清县经开区2021年部门预算\n信息公开情况说明")  # the title, broken after 预算


def test_default_outdir_is_outputs_of_the_working_folder(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(sample)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outputs" / "2021.docx").is_file()


def test_bad_workbook_exits_1_with_message_and_writes_nothing(sample, tmp_path):
    edit(sample, "收支预算", "C2", "约13万元")
    out = tmp_path / "out"
    result = run(sample, "-o", out)
    assert result.exit_code == 1
    assert "收支预算!C2" in result.output
    assert "“本年”“约13万元”不是数字" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_missing_file(tmp_path):
    result = run(tmp_path / "nope.xlsx", "-o", tmp_path)
    assert result.exit_code == 1
    assert "nope.xlsx: 文件不存在" in result.output


def test_debug_shows_the_exception(sample, tmp_path):
    from pipeline.errors import WorkbookError

    edit(sample, "收支预算", "C2", "约13万元")
    result = run(sample, "-o", tmp_path, "--debug")
    assert result.exit_code == 1
    # re-raised for the developer: the error itself reaches the caller, not SystemExit(1)
    assert isinstance(result.exception, WorkbookError), result.exception
    assert "约13万元" in str(result.exception)
    without = run(sample, "-o", tmp_path)
    assert isinstance(without.exception, SystemExit) and without.exit_code == 1


def test_othermake_template(sample, tmp_path):
    template = make_template(tmp_path, "{{ 部门简称 }}：收入合计{{ 收入.合计.本年 }}万元")
    result = run(sample, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == ["永清县经开区：收入合计3308.233094万元"]


def test_usage_error_exits_2():
    assert run("generate").exit_code == 2


def test_check_writes_nothing(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", sample)
    assert result.exit_code == 0
    assert "检查通过" in result.output
    assert not (tmp_path / "outputs").exists()


def test_context_prints_the_variables_as_json(sample):
    import json

    result = run("context", sample)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["部门简称"] == "永清县经开区"
    assert data["项目表"][0]["表名"] == "1.经开区编外人员资金绩效目标表"


def test_check_template_names_unknown_variables(sample, tmp_path):
    result = run("check", "--template", make_template(tmp_path, "{{ 部门简称 }}{{ 部门名称 }}"), sample)
    assert result.exit_code == 1
    assert "模板使用了不存在的变量" in result.output and "“部门名称”：是不是“部门简称”？" in result.output


def test_check_template_names_unknown_attributes(sample, tmp_path):
    result = run("check", "--template", make_template(tmp_path, "{{ 收入.总计 }}"), sample)
    assert result.exit_code == 1
    assert "模板使用了不存在的字段“总计”" in result.output and "has no attribute" not in result.output


def test_check_template_shows_the_text_around_a_syntax_error(sample, tmp_path):
    template = make_template(tmp_path, "第一段", "{% for x in 项目表 %}{{ x.序号 }", "第三段")
    result = run("check", "--template", template, sample)
    assert result.exit_code == 1
    assert "模板标签有误" in result.output and "第一段" in result.output


def test_sandbox_refuses_python_internals(sample, tmp_path):
    template = make_template(tmp_path, "{{ 部门简称.__class__.__mro__ }}")
    result = run(sample, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 1
    assert "模板标签有误" in result.output


def test_output_is_readable_by_colleagues(sample, tmp_path):
    import os
    import stat

    run(sample, "-o", tmp_path / "out")
    mask = os.umask(0)
    os.umask(mask)
    mode = stat.S_IMODE((tmp_path / "out" / "2021.docx").stat().st_mode)
    assert mode == 0o666 & ~mask


def test_misspelt_field_in_a_template_fails_the_generation(sample, tmp_path):
    template = make_template(tmp_path, "{% for 项目 in 项目表 %}{{ 项目.标名 }}{% endfor %}")
    result = run(sample, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 1
    assert "模板使用了不存在的字段“标名”" in result.output
    assert not (tmp_path / "out" / "2021.docx").exists()


def test_check_template_needs_a_workbook(tmp_path):
    result = run("check", "--template", make_template(tmp_path, "{{ 部门简称 }}"))
    assert result.exit_code == 2
    assert "请给出要检查的工作簿" in result.output


def test_arithmetic_in_a_template_is_explained(sample, tmp_path):
    result = run(sample, "-o", tmp_path / "out", "--template", make_template(tmp_path, "{{ 年度 + 1 }}"))
    assert result.exit_code == 1
    assert "模板中的计算或取值出错" in result.output
    check = run("check", "--template", make_template(tmp_path, "{{ 年度 + 1 }}"), sample)
    assert check.exit_code == 1 and "Traceback" not in check.output
