"""The standard budget tables as an Excel workbook (--tables, --with-tables), and the warning
for 科目 sheets a template leaves unused."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from make_departments import base_total
from make_subjects import NO_FUND_OR_CAPITAL, SUBJECTS, source_totals, write_with_subjects

from pipeline.cli import main

UNUSED = "模板 {template} 不使用“{sheet}”表"
SHEETS = ["公开01表 部门收支总表", "公开02表 部门收入总表", "公开03表 部门支出总表", "公开04表 财政拨款收支总表",
          "公开05表 一般公共预算支出表", "公开06表 一般公共预算基本支出表", "公开07表 一般公共预算“三公”经费支出表",
          "公开08表 政府性基金预算支出表", "公开09表 国有资本经营预算支出表", "公开10表 政府采购预算表",
          "公开11表 项目绩效目标表"]
SOURCES = ["一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨", "单位资金"]


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


def test_the_advice_for_an_unused_sheet_is_what_the_tables_can_do(tmp_path):
    # 支出功能分类 has 一般公共预算 基本支出: 公开06表 needs 基本支出经济分类, which is left out
    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx",
                                   lambda sheets: sheets.pop("基本支出经济分类"))
    result = run(workbook, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert said.count("不使用“支出功能分类”表") == 1
    assert "要公开表，工作簿还要加上“基本支出经济分类”表（见 docs/workbook.md），再换用 standard 模板" in said
    assert "不使用“基本支出经济分类”表" not in said  # a sheet left out of the workbook is not told
    refused = run(workbook, "-o", tmp_path / "out", "--tables", tmp_path / "t.xlsx")
    assert refused.exit_code == 1 and "加上“基本支出经济分类”" in refused.output


def filled_rows(workbook, sheet: str, column: str) -> list[tuple[int, str, str]]:
    """(row, 科目编码, 科目名称) of each row of ``sheet`` whose ``column`` is filled."""
    ws = openpyxl.load_workbook(workbook)[sheet]
    headers = [c.value for c in ws[1]]
    return [(r[0].row, str(r[0].value), r[1].value) for r in ws.iter_rows(min_row=2)
            if r[headers.index(column)].value not in (None, "")]


def test_a_template_printing_part_of_a_sheet_is_told_row_by_row(tmp_path):
    from conftest import make_template

    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    # 公开05表 prints only the 一般公共预算 part of its rows; 公开06表 here only the codes
    template = make_template(
        tmp_path, "{{ 部门简称 }}{% for r in 公开表.一般公共预算支出表.行 %}{% for c in r.格 %}{{ c }}{% endfor %}{% endfor %}"
                  "{% for r in 公开表.一般公共预算基本支出表.行 %}{{ r.科目编码 }}{% endfor %}")
    result = run("check", workbook, "--template", template)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    # neither sheet is unused as a whole: parts of both are printed
    assert not [line for line in lines if "不使用“支出功能分类”表" in line or "不使用“基本支出经济分类”表" in line]
    own = filled_rows(workbook, "支出功能分类", "单位资金")
    assert own  # the department has 单位资金, which 公开05表 does not print
    for number, code, name in own:
        told = [line for line in lines if f"不使用：支出功能分类第{number}行（{code} {name}）的" in line]
        assert len(told) == 1 and "单位资金" in told[0].split("——")[0], (number, lines)
    for number, code, name in filled_rows(workbook, "基本支出经济分类", "科目名称"):
        told = [line for line in lines if f"不使用：基本支出经济分类第{number}行（{code} {name}）的" in line]
        assert len(told) == 1 and "科目名称" in told[0].split("——")[0], (number, lines)
        assert "科目编码" not in told[0].split("——")[0]


def test_every_cell_of_the_sheets_reaches_the_standard_document(tmp_path):
    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    result = run("check", workbook, "--template", "standard")
    assert result.exit_code == 0, result.output
    assert "支出功能分类" not in result.output and "基本支出经济分类" not in result.output


# ---- the tables workbook -----------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Two departments with 科目 sheets, each generated with --tables: (department, path)."""
    folder = tmp_path_factory.mktemp("tables")
    out = {}
    for dept in (SUBJECTS, NO_FUND_OR_CAPITAL):
        workbook = write_with_subjects(dept, folder / f"{dept.name}.xlsx")
        target = folder / f"{dept.name}的公开表.xlsx"
        result = run(workbook, "-o", folder / "out", "--tables", target)
        assert result.exit_code == 0, result.output
        assert f"已生成 {target}" in result.output
        assert "不使用" not in result.output  # the 科目 sheets reach the tables workbook
        out[dept.name] = (dept, target)
    return out


def rows_of(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def row_labelled(ws, label: str) -> list:
    """The last row holding ``label`` (a totals row, below the header's 合计)."""
    return next(row for row in reversed(rows_of(ws)) if label in row)


def fen(value) -> Decimal:
    """A number cell as the exact amount it shows (its shortest repr)."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(repr(value)).normalize()


def test_one_sheet_per_table_titled_for_the_department(written):
    dept, path = written[SUBJECTS.name]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    ws = book["公开03表 部门支出总表"]
    assert ws["A1"].value == "公开03表"
    assert ws["A2"].value == f"{dept.short}{dept.year}年部门支出总表"
    assert f"A2:{ws.cell(1, ws.max_column).column_letter}2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A3"].value == f"编制单位：{dept.full}"
    assert "单位：万元" in [c.value for c in ws[3]]


def test_totals_to_the_fen(written):
    dept, path = written[SUBJECTS.name]
    book = openpyxl.load_workbook(path)
    base, projects = base_total(dept, "this"), Decimal(dept.projects_expense.this)
    spent = row_labelled(book["公开03表 部门支出总表"], "合计")
    assert [fen(v) for v in spent[2:5]] == [(base + projects).normalize(), base.normalize(),
                                           projects.normalize()]
    sources = source_totals(dept)
    got = row_labelled(book["公开02表 部门收入总表"], "合计")
    assert [fen(v) for v in got[3:8]] == [sources[s].normalize() for s in SOURCES]
    assert fen(got[2]) == sum(sources.values()).normalize()
    income = sum((Decimal(i.this) for i in dept.income), Decimal(0))
    whole = row_labelled(book["公开01表 部门收支总表"], "收入总计")
    assert fen(whole[1]) == fen(whole[3]) == income.normalize()
    staff, office = Decimal(dept.staff.this), Decimal(dept.office.this)
    basic = row_labelled(book["公开06表 一般公共预算基本支出表"], "合计")
    assert [fen(v) for v in basic[2:5]] == [(staff + office).normalize(), staff.normalize(),
                                           office.normalize()]


def test_amounts_are_numbers_with_every_fen_shown(written):
    import zipfile

    dept, path = written[SUBJECTS.name]
    ws = openpyxl.load_workbook(path)["公开03表 部门支出总表"]
    amounts = [c for row in ws.iter_rows(min_row=6) for c in row[2:5] if c.value is not None]
    assert amounts and all(isinstance(c.value, (int, float)) for c in amounts)
    for column in "CDE":  # one number of decimals a column: the most it needs, at least the fen
        cells = [c for c in amounts if c.column_letter == column]
        places = max(2, *(-fen(c.value).as_tuple().exponent for c in cells))
        assert {c.number_format for c in cells} == {"0." + "0" * places}, column
    assert {c.number_format for c in amounts} >= {"0.00", "0.000000"}  # 项目支出 to the fen, 合计 to 6 places
    # the file holds each amount's digits as the document prints them, not a float's
    staff, office = Decimal(dept.staff.this), Decimal(dept.office.this)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet6.xml").decode()  # 公开06表
    assert f"<v>{format((staff + office).normalize(), 'f')}</v>" in xml


def test_quantities_and_the_three_public_expenses_are_numbers(written):
    dept, path = written[SUBJECTS.name]
    book = openpyxl.load_workbook(path)
    procurement = rows_of(book["公开10表 政府采购预算表"])
    header = procurement[3]
    bought = [row for row in procurement[5:] if row[0] != "合计"]
    assert bought
    for row in bought:
        quantity = row[header.index("数量")]
        assert quantity is None or isinstance(quantity, (int, float)), row
    assert any(isinstance(row[header.index("数量")], (int, float)) for row in bought)
    sangong = rows_of(book["公开07表 一般公共预算“三公”经费支出表"])
    this_year = next(row for row in sangong if row[0] == "本年预算")
    assert all(isinstance(v, (int, float)) for v in this_year[1:]), this_year


def test_the_performance_table_has_the_documents_columns_and_merges_a_projects_cells(written):
    dept, path = written[SUBJECTS.name]
    ws = openpyxl.load_workbook(path)["公开11表 项目绩效目标表"]
    assert [c.value for c in ws[3] if c.value] == [f"编制单位：{dept.full}"]  # no 单位：万元, no money
    assert [c.value for c in ws[4]] == ["项目名称", "绩效目标", "一级指标", "二级指标", "三级指标",
                                        "绩效指标描述", "指标值", "指标值确定依据"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    rows = rows_of(ws)[4:]
    starts = [i for i, r in enumerate(rows) if r[0] is not None]
    assert [rows[i][0] for i in starts] == [name for name, _ in dept.projects]
    for start, end in zip(starts, [*starts[1:], len(rows)]):
        if end - start > 1:  # a project of several indicators: its name and goal once, merged down
            assert {f"A{start + 5}:A{end + 4}", f"B{start + 5}:B{end + 4}"} <= merged
            assert all(r[0] is None and r[1] is None for r in rows[start + 1:end])
    assert any(end - start > 1 for start, end in zip(starts, [*starts[1:], len(rows)]))


def test_subject_names_indented_by_level(written):
    _, path = written[SUBJECTS.name]
    ws = openpyxl.load_workbook(path)["公开05表 一般公共预算支出表"]
    indents = {row[0].value: row[1].alignment.indent for row in ws.iter_rows(min_row=6)
               if row[0].value and str(row[0].value).isdigit()}
    assert indents["201"] == 0 and indents["20103"] == 2 and indents["2010301"] == 4


def test_laid_out_for_printing(written):
    _, path = written[SUBJECTS.name]
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows and ws.print_title_rows.startswith("$4:"), ws.title
    assert book["公开05表 一般公共预算支出表"].print_title_rows == "$4:$5"  # 功能分类科目 over 编码 | 名称
    assert book["公开04表 财政拨款收支总表"].print_title_rows == "$4:$6"
    assert book["公开02表 部门收入总表"].page_setup.orientation == "landscape"  # 8 columns
    assert book["公开03表 部门支出总表"].page_setup.orientation == "portrait"
    # the widest table prints near its size: its columns take about a landscape page's width
    ws = book["公开10表 政府采购预算表"]
    assert sum(d.width for d in ws.column_dimensions.values()) <= 165
    ws = book["公开03表 部门支出总表"]
    cells = [c for row in ws.iter_rows(min_row=4, max_row=ws.max_row) for c in row
             if type(c).__name__ != "MergedCell"]  # a merged range's inside has no lines
    assert all({side.style for side in (c.border.left, c.border.right, c.border.top, c.border.bottom)}
               == {"thin"} for c in cells)


def test_an_empty_table_carries_its_note(written):
    dept, path = written[NO_FUND_OR_CAPITAL.name]
    book = openpyxl.load_workbook(path)
    for sheet, money in (("公开08表 政府性基金预算支出表", "政府性基金预算拨款"),
                         ("公开09表 国有资本经营预算支出表", "国有资本经营预算拨款")):
        ws = book[sheet]
        note = f"{dept.short}{dept.year}年无{money}安排的支出，故本表为空表。"
        last = rows_of(ws)[-1]
        assert last[0] == note, (sheet, last)
        assert all(v is None for v in rows_of(ws)[-2])  # one empty bordered row under the header


def test_equal_input_gives_equal_bytes(written, tmp_path):
    from pipeline.api import tables_document

    dept, path = written[SUBJECTS.name]
    workbook = write_with_subjects(dept, tmp_path / "again.xlsx")
    first, _ = tables_document(workbook)
    second, _ = tables_document(workbook)
    assert first == second == path.read_bytes()


def test_a_workbook_without_subject_sheets_is_refused_with_nothing_written(sample, tmp_path):
    result = run(sample, "-o", tmp_path / "out", "--tables", tmp_path / "公开表.xlsx")
    assert result.exit_code == 1
    assert "无法生成公开表" in result.output and "公开05表 一般公共预算支出表" in result.output
    assert "“支出功能分类”" in result.output and "“基本支出经济分类”" in result.output
    assert not (tmp_path / "公开表.xlsx").exists() and not (tmp_path / "out").exists()


def test_tables_beside_each_document_of_a_folder(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for dept in (SUBJECTS, NO_FUND_OR_CAPITAL):
        write_with_subjects(dept, folder / f"{dept.name}.xlsx")
    for _ in range(2):  # written into the input folder: the tables are not taken for workbooks
        result = run(folder, "-o", folder, "-j", 1, "--with-tables")
        assert result.exit_code == 0, result.output
        assert "共 2 个工作簿：生成 2" in result.output
    for dept in (SUBJECTS, NO_FUND_OR_CAPITAL):
        tables = folder / f"{dept.name}.公开表.xlsx"
        assert (folder / f"{dept.name}.docx").is_file() and f"已生成 {tables}" in result.output
        assert openpyxl.load_workbook(tables).sheetnames == SHEETS


def test_tables_of_a_folder_ask_for_with_tables(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_with_subjects(SUBJECTS, folder / "a.xlsx")
    result = run(folder, "-o", tmp_path / "out", "--tables", tmp_path / "公开表.xlsx")
    assert result.exit_code == 2
    assert "--with-tables" in result.output
    result = run(folder / "a.xlsx", "--tables", tmp_path / "公开表.txt")
    assert result.exit_code == 2 and "要以 .xlsx 结尾" in result.output
    write_with_subjects(NO_FUND_OR_CAPITAL, folder / "b.xlsx")
    result = run(folder / "a.xlsx", folder / "b.xlsx", "-o", tmp_path / "out", "--tables", tmp_path / "公开表.xlsx")
    assert result.exit_code == 2 and "（这次给了2个工作簿）" in " ".join(result.output.split()), result.output


# ---- the clerk's web page ------------------------------------------------------------------


def test_the_clerk_page_sends_the_tables_workbook(written, tmp_path):
    import io

    from pipeline.web.app import Settings, create_app

    root = tmp_path / "private"
    root.mkdir()
    client = create_app(Settings(temp_root=root)).test_client()
    dept, path = written[SUBJECTS.name]
    workbook = write_with_subjects(dept, tmp_path / "清河.xlsx")

    def upload(file):
        return client.post("/api/tables", data={"workbook": (io.BytesIO(file.read_bytes()), file.name)},
                           content_type="multipart/form-data")

    answer = upload(workbook)
    assert answer.status_code == 200, answer.get_json()
    assert answer.mimetype.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''%E6%B8%85%E6%B2%B3.%E5%85%AC%E5%BC%80%E8%A1%A8.xlsx" in answer.headers[
        "Content-Disposition"]  # 清河.公开表.xlsx
    assert answer.data == path.read_bytes()  # as the command line writes it
    from conftest import SAMPLE

    refused = upload(SAMPLE)  # told in the page's words: no file names, no commands, no table of problems
    assert refused.status_code == 422
    assert refused.get_json() == {"ok": False, "error": (
        "这个工作簿没有“支出功能分类”、“基本支出经济分类”（或没有填写），算不出公开表。要公开表，请在下面"
        "“空白工作簿”处勾选“带公开表用的……两张表”后下载，照它在工作簿中加上“支出功能分类”、“基本支出经济分类”；"
        "不公开这些表的地区，不用下载公开表")}
    assert not any(root.iterdir())  # the upload is gone
    assert "下载公开表" in client.get("/").get_data(as_text=True)


def test_the_standard_template_on_a_workbook_without_the_sheets_is_a_workbook_error(tmp_path):
    import io

    from conftest import SAMPLE

    from pipeline.web.app import Settings, create_app

    root = tmp_path / "private"
    root.mkdir()
    client = create_app(Settings(temp_root=root)).test_client()
    answer = client.post("/api/generate", data={"workbook": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name),
                                                "template": "standard"}, content_type="multipart/form-data")
    assert answer.status_code == 422, answer.get_json()
    message = answer.get_json()["findings"][0]["message"]  # the page's words: no commands, no docs/ paths
    assert message == ("这个工作簿没有“支出功能分类”、“基本支出经济分类”（或没有填写），算不出公开表。要公开表，"
                       "请在下面“空白工作簿”处勾选“带公开表用的……两张表”后下载，照它在工作簿中加上"
                       "“支出功能分类”、“基本支出经济分类”；不公开这些表的地区，请选用其他模板")


def test_the_context_command_prints_the_tables_values(tmp_path):
    import json

    workbook = write_with_subjects(SUBJECTS, tmp_path / "清河.xlsx")
    result = run("context", workbook)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["公开表"][2]["行"]  # 公开03表 部门支出总表
    assert rows and all(row["值"][2:] == row["格"][2:] for row in rows)  # amounts as their digits
