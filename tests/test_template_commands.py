"""`gendisclosure template list` and `template export`: the shipped templates, copied out for editing."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT
from textdump import docx_blocks

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_list_names_each_shipped_template_with_one_line():
    result = run("template", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    names = sorted(p.stem for p in (ROOT / "templates").glob("*.docx"))
    assert sorted(line.split("\t")[0] for line in lines) == names
    assert all(len(line.split("\t")) == 2 and line.split("\t")[1] for line in lines)


def test_an_exported_template_renders_like_the_shipped_one(tmp_path):
    target = tmp_path / "我的模板.docx"
    result = run("template", "export", "sections12", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (ROOT / "templates" / "sections12.docx").read_bytes()
    assert run("template", "export", "sections12", "-o", target).exit_code == 1  # no overwrite
    assert run("template", "export", "sections12", "-o", target, "--force").exit_code == 0
    mine = run(ROOT / "inputs" / "2021.xlsx", "-o", tmp_path / "a", "--template", target)
    shipped = run(ROOT / "inputs" / "2021.xlsx", "-o", tmp_path / "b", "--template", "sections12")
    assert mine.exit_code == shipped.exit_code == 0
    assert docx_blocks(tmp_path / "a" / "2021.docx") == docx_blocks(tmp_path / "b" / "2021.docx")


def test_an_unknown_template_name_lists_the_known_ones(tmp_path):
    result = run("template", "export", "sections13", "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert "没有名为“sections13”的自带模板" in result.output and "sections12" in result.output
    assert not (tmp_path / "x.docx").exists()
