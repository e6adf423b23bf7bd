"""The command line as a clerk uses it: CliRunner, writing only under tmp_path."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import edit
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
    assert "永清县经开区2021年部门预算信息公开情况说明" in text


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
    edit(sample, "收支预算", "C2", "约13万元")
    result = run(sample, "-o", tmp_path, "--debug")
    assert result.exit_code == 1
    assert result.exception is not None  # re-raised for the developer


def test_other_template(sample, tmp_path):
    import docx

    template = tmp_path / "mine.docx"
    d = docx.Document()
    d.add_paragraph("{{ 部门简称 }}：收入合计{{ 收入.合计 }}万元")
    d.save(template)
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
