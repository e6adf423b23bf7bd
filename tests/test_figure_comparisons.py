"""Figures (amounts, printed as entered) are texts in the context: a template comparing,
sorting or taking the largest of them does so by their value, never as texts."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import edit, make_template
from textdump import docx_blocks

from pipeline.cli import main


def render(sample, tmp_path, *paragraphs):
    template = make_template(tmp_path, *paragraphs)
    result = CliRunner().invoke(main, [str(sample), "--template", str(template), "-o", str(tmp_path / "out")])
    return result


def test_figures_compare_sort_and_max_by_their_value(sample, tmp_path):
    """100 is more than 13.545 although "100" < "13.545" as texts; "0" is 0."""
    edit(sample, "三公经费", "B3", 100)  # 公务用车购置费, 上年 likewise: no change to explain
    edit(sample, "三公经费", "C3", 100)
    result = render(
        sample, tmp_path,
        "{% if 三公经费.公务用车购置费.本年 > 三公经费.公务用车运维费.本年 %}购置费多{% else %}运维费多{% endif %}",
        "{% if 三公经费.因公出国境费.本年 == 0 %}无出国费{% else %}有出国费{% endif %}"
        "{% if 三公经费.公务接待费.本年 != 0 %}有接待费{% endif %}",
        "最大的是{{ (三公经费.项目 | max(attribute='本年')).名称 }}，最小的是{{ (三公经费.项目 | min(attribute='本年')).名称 }}",
        "{{ 三公经费.项目 | sort(attribute='本年', reverse=true) | map(attribute='名称') | join('、') }}",
        "{{ 三公经费.项目 | map(attribute='本年') | sort | join('、') }}；{{ 三公经费.项目 | map(attribute='本年') | max }}",
        "{{ 三公经费.项目 | selectattr('本年', 'gt', 10) | map(attribute='名称') | join('、') }}"
        "{% if 0 < 三公经费.合计.本年 <= 113.545 %}，合计不超过113.545{% endif %}",
        "{% set 行 = 公开表['公开07表'].行[0] %}{% if 行.格[4] > 行.格[5] %}公开07表：购置费{{ 行.格[4] }}多{% endif %}",
        "{% set 数 = 三公经费.项目 | map(attribute='本年') | list %}{% set _ = 数.sort(reverse=true) %}{{ 数 | join('、') }}")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == [
        "购置费多",
        "无出国费",
        "最大的是公务用车购置费，最小的是因公出国（境）费",
        "公务用车购置费、公务用车运维费、因公出国（境）费、公务接待费",
        "0、0、13.545、100；100",
        "公务用车购置费、公务用车运维费，合计不超过113.545",
        "公开07表：购置费100多",
        "100、13.545、0、0"]


def test_texts_that_are_not_amounts_compare_as_texts(sample, tmp_path):
    """Names and years are texts; a number written in the template matches a numbering."""
    result = render(
        sample, tmp_path,
        "{% for 项 in 三公经费.项目 %}{% if 项.名称 == '公务接待费' %}{{ 项.名称 }}{% endif %}{% endfor %}",
        "{% if 年度 > '2020' %}2020年以后{% endif %}{% if 项目表[0].序号 == 1 %}，第一个{% endif %}"
        "{% if '公务' in 三公经费.公务接待费.名称 %}，含公务{% endif %}",
        "{{ 三公经费.项目 | map(attribute='名称') | sort | first }}")
    assert result.exit_code == 0, result.output
    assert docx_blocks(tmp_path / "out" / "2021.docx") == ["公务接待费", "2020年以后，第一个，含公务", "公务接待费"]


def test_a_figure_ordered_against_a_word_or_a_blank_is_told_at_its_paragraph(sample, tmp_path):
    result = render(sample, tmp_path, "开头", "{% if 三公经费.合计.本年 > '很多' %}很多{% endif %}")
    assert result.exit_code == 1, result.output
    assert "模板比较“13.545” > “很多”的大小，“很多”不是数；金额只能与金额或数比较大小" in result.output
    assert "出现在：第2段“{% if 三公经费.合计.本年 > '很多' %}很多{% endif %}”" in result.output
    assert "Jinja" not in result.output and "not supported" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_figure_ordered_against_a_blank_last_year_says_to_ask_first(sample, tmp_path):
    for cell in ("C2", "C3", "C4", "C5"):  # no 上年 for the four items
        edit(sample, "三公经费", cell, None)
    result = render(sample, tmp_path,
                    "{% for 项 in 三公经费.项目 %}{% if 项.本年 > 项.上年 %}{{ 项.名称 }}增加{% endif %}{% endfor %}")
    assert result.exit_code == 1, result.output
    assert "模板比较“0” > “”的大小，一边是空的（没有填写的金额，如没有上年数时的“上年”）：请先用 有上年 判断是否有数" \
        in result.output
    assert "出现在：第1段“{% for 项 in 三公经费.项目 %}" in result.output
