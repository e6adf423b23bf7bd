"""The county summary workbook (--summary): a row per department with figures to the fen, a
totals row, every finding, native charts, equal bytes for equal input; last year's summary
read back for the year-over-year check."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from make_county import FIGURES, SANGONG, approved_row, build_county, figures, write_approved

from pipeline.cli import main
from pipeline.pdf import find_soffice

ABSENT = "某某县档案馆"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """A batch run of the county with a 批复 (all agree, one department has no workbook)."""
    root = tmp_path_factory.mktemp("summary")
    folder = build_county(root)
    departments = {p.name: figures(p) for p in sorted(folder.glob("*.xlsx"))}
    rows = [approved_row(d) for d in departments.values()] + [[ABSENT, "档案馆", None, 50]]
    approved = write_approved(root / "批复.xlsx", rows)
    summary, report = root / "汇总.xlsx", root / "清单.json"
    result = run(folder, "-o", root / "out", "-j", "2", "--approved", approved, "--summary", summary,
                 "--report", report)
    assert result.exit_code == 0, result.output
    return {"root": root, "folder": folder, "departments": departments, "approved": approved,
            "summary": summary, "report": report, "output": result.output}


def table(ws) -> list[dict]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, r)) for r in rows]


def fen(value) -> Decimal:
    """A number read back from the workbook, exactly as written (15 significant digits)."""
    return Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)


def test_one_row_per_department_with_figures_and_a_totals_row(county):
    book = openpyxl.load_workbook(county["summary"])
    assert book.sheetnames == ["汇总", "问题", "图表"]
    rows = table(book["汇总"])
    *departments, total = rows
    by_file = {Path(r["工作簿"]).name: r for r in departments if r["工作簿"]}
    assert set(by_file) == set(county["departments"])
    (absent,) = [r for r in departments if not r["工作簿"]]
    assert (absent["单位全称"], absent["状态"], absent["批复核对"]) == (ABSENT, "无工作簿", "无工作簿")
    for name, expected in county["departments"].items():
        row = by_file[name]
        assert (row["部门"], row["单位全称"], row["年度"]) == (expected["部门简称"], expected["单位全称"],
                                                          expected["年度"])
        assert (row["状态"], row["批复核对"], row["错误数"]) == ("已生成", "一致", 0)
        for figure in FIGURES:
            assert fen(row[figure]) == expected[figure], (name, figure)
        for figure in ("支出合计", "三公经费合计", *SANGONG):
            last = expected[f"{figure}上年"]
            assert (None if row[f"{figure}上年"] is None else fen(row[f"{figure}上年"])) == last
        change = row["支出合计增减"]
        last = expected["支出合计上年"]
        assert (None if change is None else fen(change)) == (
            None if last is None else expected["支出合计"] - last)
        assert row["输出文件"].endswith(name.replace(".xlsx", ".docx"))
    # the totals row, to the fen, summed here from the workbooks' own cells
    assert total["部门"] == "合计"
    assert total["状态"] == "已生成 11，无工作簿 1"
    for figure in FIGURES:
        assert fen(total[figure]) == sum(d[figure] for d in county["departments"].values()), figure
    assert fen(total["三公经费合计上年"]) == sum(
        d["三公经费合计上年"] for d in county["departments"].values() if d["三公经费合计上年"] is not None)
    assert fen(total["项目数"]) == sum(fen(r["项目数"]) for r in departments if r["项目数"])


def test_the_sheet_is_laid_out_for_a_reviewer(county):
    book = openpyxl.load_workbook(county["summary"])
    ws = book["汇总"]
    header = [c.value for c in ws[1]]
    amount = ws.cell(2, header.index("支出合计") + 1)
    assert amount.number_format == "#,##0.00####"
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row - 1}"
    rules = [r for ranges in ws.conditional_formatting for r in ranges.rules]
    assert {r.operator for r in rules} == {"greaterThan", "lessThan"}
    assert book["问题"].auto_filter.ref and book["问题"].freeze_panes == "A2"


def test_findings_sheet_holds_every_finding_of_every_department(county):
    manifest = json.loads(county["report"].read_text("utf-8"))
    expected = sorted((f["file"], f["sheet"], f["cell"], f["message"])
                      for e in manifest["workbooks"] for f in e["findings"])
    assert expected, "the county has warnings to list"
    rows = table(openpyxl.load_workbook(county["summary"])["问题"])
    listed = sorted((r["工作簿"], r["工作表"] or "", r["单元格"] or "", r["说明"]) for r in rows
                    if r["规则"] != "批复无工作簿")
    assert listed == expected
    (absent,) = [r for r in rows if r["规则"] == "批复无工作簿"]
    assert absent["级别"] == "警告" and ABSENT in absent["说明"]
    assert f"批复中的“{ABSENT}”" in county["output"]


def test_native_charts_over_the_summary(county):
    with zipfile.ZipFile(county["summary"]) as package:
        charts = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        xml = [package.read(n).decode("utf-8") for n in charts]
    assert len(charts) == 3
    assert sum("汇总'!$L$2:$L$13<" in x for x in xml) == 1  # 支出合计 by department
    assert sum('grouping val="stacked"' in x for x in xml) == 1  # 三公, stacked by item
    stacked = next(x for x in xml if 'grouping val="stacked"' in x)
    header = [c.value for c in openpyxl.load_workbook(county["summary"])["汇总"][1]]
    for item in SANGONG:
        letter = openpyxl.utils.get_column_letter(header.index(item) + 1)
        assert f"汇总'!${letter}$2:${letter}$13<" in stacked, item
    assert sum("图表'!$B$2:$B$3<" in x for x in xml) == 1  # departments by status
    sheet = openpyxl.load_workbook(county["summary"])["图表"]
    assert len(sheet._charts) == 3


def test_equal_input_gives_equal_bytes(county):
    again = county["root"] / "again.xlsx"
    result = run(county["folder"], "-o", county["root"] / "out", "-j", "1", "--approved",
                 county["approved"], "--summary", again)
    assert result.exit_code == 0
    assert again.read_bytes() == county["summary"].read_bytes()


def _calc_installed() -> bool:
    soffice = find_soffice()
    return soffice is not None and any(soffice.resolve().parent.glob("*sclo*"))


@pytest.mark.skipif(not _calc_installed(),
                    reason="LibreOffice Calc is not installed; .ci/run installs libreoffice-calc-nogui")
def test_libreoffice_opens_the_summary(county, tmp_path):
    shutil.copy(county["summary"], tmp_path / "汇总.xlsx")
    done = subprocess.run([str(find_soffice()), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                           "--outdir",
                           str(tmp_path), str(tmp_path / "汇总.xlsx")],
                          capture_output=True, text=True, timeout=180)
    csv = tmp_path / "汇总.csv"
    assert csv.is_file(), done.stdout + done.stderr
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("部门,单位全称,年度,状态") and "永清县经开区" in lines[1]
    assert lines[-1].startswith("合计,") and len(lines) == 1 + 12 + 1


def test_year_over_year(county, tmp_path):
    """Last year's 本年 must be this year's 上年: a summary of last year written here with one
    figure different, and this year's own summary read back."""
    from pipeline.summary import read_previous

    departments = county["departments"]
    headers = ["部门", "单位全称", "年度", "状态", *FIGURES]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "汇总"
    ws.append(headers)
    for d in departments.values():
        last = {f: d.get(f"{f}上年") for f in FIGURES}
        if d["部门简称"] == "霸州市农业农村局":
            last["项目支出"] = last["项目支出"] + 18
        ws.append([d["部门简称"], d["单位全称"], d["年度"] - 1, "已生成",
                   *(None if v is None else float(v) for v in last.values())])
    ws.append(["合计"])
    previous = tmp_path / "汇总上年.xlsx"
    book.save(previous)
    folder = county["folder"]
    result = run("check", "--previous-summary", previous, folder / "bazhou_city_2023.xlsx",
                 folder / "2021.xlsx", folder / "wenan_new_2023.xlsx")
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if "上年汇总" in line]
    bazhou = departments["bazhou_city_2023.xlsx"]
    row = list(departments).index("bazhou_city_2023.xlsx") + 2
    assert warnings == [
        f"{folder / 'bazhou_city_2023.xlsx'} 收支预算!D7: 警告：项目支出上年 {bazhou['项目支出上年']} 万元 ≠ "
        f"上年汇总 {previous} 第{row}行（H{row}）2022年项目支出 {bazhou['项目支出上年'] + 18} 万元"
        "（相差 18 万元）：上年数应等于上一年度公开的本年数，请核对是否抄错了列"]
    assert run("check", "--strict", "--previous-summary", previous,
               folder / "bazhou_city_2023.xlsx").exit_code == 1
    # this year's summary read back as next year's previous: every department's 本年
    read = read_previous(county["summary"])
    by_full = {r.full: r for r in read.rows}
    for d in departments.values():
        assert {f: by_full[d["单位全称"]].amounts[f] for f in FIGURES} == {f: d[f] for f in FIGURES}
    # a manifest serves too; a summary of the same year is not last year's
    result = run("check", "--previous-summary", county["report"], folder / "2021.xlsx")
    assert "是 2021 年度的，本工作簿是 2021 年度" in result.output


def test_the_bureau_page_gets_the_same_from_the_library(county):
    from pipeline import api

    reports = api.folder_reports(county["folder"])
    review = api.read_review(approved=county["approved"], approved_label="批复.xlsx")
    findings = api.approved_findings(reports, review)
    assert [(f.file, f.rule, f.level) for f in findings] == [("批复.xlsx", "批复无工作簿", "warning")]
    data = api.county_summary(reports, review)
    assert data == api.county_summary(reports, review)
    rows = table(openpyxl.load_workbook(io.BytesIO(data))["汇总"])
    assert [r["状态"] for r in rows[:-1]].count("通过") == len(county["departments"])
    assert rows[-1]["状态"] == "通过 11，无工作簿 1"


def test_cell_text_is_data_never_a_formula(tmp_path):
    from pipeline.county import Department, DepartmentReport
    from pipeline.errors import Finding
    from pipeline.summary import summary_workbook

    hostile = '=HYPERLINK("http://example.invalid","点我")'
    report = DepartmentReport("x.xlsx", "invalid", Department("x.xlsx", hostile, "\x1b[31m某局"),
                              [Finding("x.xlsx", "基本信息", "B2", "必填", hostile)])
    data = summary_workbook([report])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in s for s in sheets)
    rows = table(openpyxl.load_workbook(io.BytesIO(data))["汇总"])
    assert rows[0]["部门"] == hostile and rows[0]["单位全称"] == "\\x1b[31m某局"


def test_one_department_twice_in_a_county_run_is_told(sample, tmp_path):
    """Two workbooks of the same 单位全称: the county's totals would count it twice."""
    folder = tmp_path / "各部门"
    folder.mkdir()
    for name in ("甲局.xlsx", "乙局.xlsx"):
        shutil.copyfile(sample, folder / name)
    summary = tmp_path / "汇总.xlsx"
    result = run(folder, "-o", tmp_path / "out", "--summary", summary)
    told = (f"{folder / '甲局.xlsx'} 基本信息!B3: 警告：单位全称“河北永清经济开发区管理委员会”与 "
            f"{folder / '乙局.xlsx'} 相同：同一部门同一年度有两个工作簿，全县汇总会把它算两次；请删去多余的一个，或改正单位全称")
    assert told in result.output
    problems = [row for row in openpyxl.load_workbook(summary)["问题"].iter_rows(values_only=True)
                if "部门重复" in row]
    assert len(problems) == 1


def test_one_department_in_two_years_is_no_double_count(sample, tmp_path):
    from conftest import edit

    folder = tmp_path / "各年"
    (folder / "2021").mkdir(parents=True)
    (folder / "2022").mkdir()
    shutil.copyfile(sample, folder / "2021" / "经开区.xlsx")
    shutil.copyfile(edit(sample, "基本信息", "B5", 2022), folder / "2022" / "经开区.xlsx")
    result = run(folder, "-o", tmp_path / "out", "--summary", tmp_path / "汇总.xlsx")
    assert "部门重复" not in result.output and "算两次" not in result.output
