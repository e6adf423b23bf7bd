"""上年 may be left empty: a new department is compared with nothing, and says so."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import edit
from textdump import docx_blocks

from pipeline.api import generate
from pipeline.cli import main

NEW = "本部门为2021年新设部门，无上年预算数，不作增减比较"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def as_new_department(path):
    book = openpyxl.load_workbook(path)
    book["基本信息"].append(["新设部门", "是"])
    for ref in ("D8", "D9"):
        book["收支预算"][ref] = None
    for ref in ("C2", "C3", "C4", "C5"):
        book["三公经费"][ref] = None
    for ref in ("E8", "E9"):  # reasons for a change there is no last year to change from
        book["收支预算"][ref] = None
    book.save(path)
    return path


def test_a_new_department_is_generated_with_a_neutral_sentence(sample, tmp_path):
    as_new_department(sample)
    checked = run("check", sample)
    assert checked.exit_code == 0 and "上年" not in checked.output  # only the sample's unit warnings
    default = docx_blocks(generate(sample, tmp_path / "a").output)
    assert f"2021年预算收支安排3308.233094万元，{NEW}。" in default
    assert any(b.endswith(f"公务接待费0万元。{NEW}。") for b in default)
    sections = docx_blocks(generate(sample, tmp_path / "b", template="sections12").output)
    assert f"2021年“三公”经费预算13.545万元，{NEW}。" in sections
    for text in (default, sections):
        joined = "".join(text)
        for word in ("比2020年", "较2020年", "与2020年"):
            assert word not in joined


def test_last_year_filled_for_a_new_department_is_refused(sample):
    as_new_department(sample)
    edit(sample, "三公经费", "C4", 13.545)
    result = run("check", sample)
    assert result.exit_code == 1
    assert "三公经费!C4" in result.output and "新设部门" in result.output


def test_no_last_year_anywhere_without_the_mark_is_a_warning(sample):
    as_new_department(sample)
    book = openpyxl.load_workbook(sample)
    book["基本信息"].delete_rows(book["基本信息"].max_row)
    book.save(sample)
    result = run("check", sample, "--strict")
    assert result.exit_code == 1 and "没有填写任何上年数" in result.output


def test_half_filled_last_year_is_refused_at_each_empty_cell(sample):
    edit(sample, "三公经费", "C3", None)
    edit(sample, "三公经费", "C5", None)
    result = run("check", sample)
    assert result.exit_code == 1
    assert "三公经费!C3" in result.output and "三公经费!C5" in result.output
    assert "有的填了、有的没填" in result.output


def test_a_reason_for_an_unchanged_figure_is_not_printed_and_the_clerk_is_told(sample, tmp_path):
    edit(sample, "三公经费", "D4", "车辆老旧")
    result = run("check", sample)
    assert result.exit_code == 0 and "三公经费!D4" in result.output and "不会印出" in result.output
    text = "".join(docx_blocks(generate(sample, tmp_path).output))
    assert "车辆老旧" not in text and "与2020年相持平，无增减变化。" in text


def test_place_word_follows_the_region(sample, tmp_path):
    edit(sample, "基本信息", "B4", "霸州市")
    blocks = docx_blocks(generate(sample, tmp_path / "a").output)
    assert "霸州市市直部门固定资产占用情况表" in blocks
    edit(sample, "基本信息", "B4", "经济开发区管委会")
    result = run("check", sample)
    assert result.exit_code == 1 and "基本信息!B4" in result.output and "部门层级" in result.output
    book = openpyxl.load_workbook(sample)
    book["基本信息"].append(["部门层级", "区直"])
    book.save(sample)
    blocks = docx_blocks(generate(sample, tmp_path / "b").output)
    assert "经济开发区管委会区直部门固定资产占用情况表" in blocks


def test_basis_typed_with_its_ending_is_a_warning(sample):
    edit(sample, "基本信息", "B6", "《预算法》的规定")
    result = run("check", sample)
    assert result.exit_code == 0 and "基本信息!B6" in result.output and "规定规定" in result.output
