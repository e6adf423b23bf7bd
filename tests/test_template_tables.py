"""Tags in tables as authors type them: Jinja's whitespace control in a loop row's cell,
loops in a table nested in another table's cell."""

from __future__ import annotations

import docx
from click.testing import CliRunner

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rows_of(path, table=0):
    return [[cell.text for cell in row.cells] for row in docx.Document(path).tables[table].rows]


def test_whitespace_control_in_a_loop_rows_cell_keeps_every_row(sample, tmp_path):
    """{%- … -%} typed in a cell, as in Jinja: docxtpl's merge with the neighbouring text
    fused the cells and let the {%tr endfor %} row take the data row with it (the table
    came out with its header alone, without a word)."""
    template = tmp_path / "空白控制.docx"
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("项目", "本年", "说明")):
        cell.text = text
    table.cell(1, 0).text = "{%tr for 项 in 三公经费.项目 %}"
    table.cell(2, 0).text = "{{ 项.名称 }}"
    split = table.cell(2, 1).paragraphs[0]  # as Word may save it: the tag over several runs
    for piece in ("{%", "- if 项.本年 != '0' -%}{{ 项.本年 }}{%- endif -", "%}"):
        split.add_run(piece)
    table.cell(2, 2).text = "{%- if 项.有上年 -%}{{ 项.增减.文字 }}{%- else -%}—{%- endif -%}"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_paragraph("表后")
    document.save(template)
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "out" / "2021.docx") == [
        ["项目", "本年", "说明"],
        ["因公出国（境）费", "", "持平"],
        ["公务用车购置费", "", "持平"],
        ["公务用车运维费", "13.545", "持平"],
        ["公务接待费", "", "持平"],
    ]


def test_whitespace_control_still_joins_paragraphs_outside_tables(sample, tmp_path):
    """docxtpl's own use of {%- outside tables (join to the previous paragraph) is kept."""
    template = tmp_path / "合并.docx"
    document = docx.Document()
    document.add_paragraph("部门：")
    document.add_paragraph("{%- if 部门简称 %}{{ 部门简称 }}{% endif %}")
    document.save(template)
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [p.text for p in docx.Document(tmp_path / "out" / "2021.docx").paragraphs] == ["部门：永清县经开区"]


def _layout_with_inner_table(path, first_cell_of_loop_row: str):
    """A 1×2 layout table whose second cell holds the 三公 table of docs/template.md."""
    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "“三公”经费"
    inner = layout.cell(0, 1).add_table(rows=4, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "项目", "本年"
    inner.cell(1, 0).text = first_cell_of_loop_row
    inner.cell(2, 0).text, inner.cell(2, 1).text = "{{ 项.名称 }}", "{{ 项.本年 }}"
    inner.cell(3, 0).text = "{%tr endfor %}"
    document.save(path)
    return path


def test_a_row_loop_in_a_table_inside_a_cell_is_judged_by_its_own_row(sample, tmp_path):
    """The lint read the layout cell's whole text (the inner table's every cell) as the
    row of the {%tr %} tag, and refused a table docxtpl renders."""
    template = _layout_with_inner_table(tmp_path / "嵌套.docx", "{%tr for 项 in 三公经费.项目 %}")
    result = run("check", sample, "--template", template)
    assert result.exit_code == 0, result.output
    assert "不能有其他文字" not in result.output
    result = run(sample, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    inner = docx.Document(tmp_path / "out" / "2021.docx").tables[0].cell(0, 1).tables[0]
    assert [[cell.text for cell in row.cells] for row in inner.rows] == [
        ["项目", "本年"], ["因公出国（境）费", "0"], ["公务用车购置费", "0"], ["公务用车运维费", "13.545"],
        ["公务接待费", "0"]]


def test_a_row_tag_beside_text_in_an_inner_table_is_named_at_its_cell(sample, tmp_path):
    template = _layout_with_inner_table(tmp_path / "嵌套.docx", "明细{%tr for 项 in 三公经费.项目 %}")
    result = run("check", sample, "--template", template)
    assert result.exit_code == 1, result.output
    assert ("第1个表格第1行第2格中的表格第2行第1格“明细{%tr for 项 in 三公经费.项目 %}”：{%tr … %} 标签所在的行"
            "会被删掉，这一行不能有其他文字") in result.output
