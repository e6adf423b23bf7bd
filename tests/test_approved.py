"""Every department's figures against the approved budget (批复): a county folder and a 批复
workbook written here, with figures that agree, one 支出合计 off by 0.01, a 三公 item off, a
department missing on each side and a workbook filled in 元."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT
from make_county import (
    APPROVED_HEADERS,
    approved_row,
    build_county,
    figures,
    in_yuan,
    write_approved,
)

from pipeline.cli import main

YUAN_FULL, YUAN_SHORT = "永清县按元填写局", "按元填写局"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """(folder of workbooks, {file name: its figures worked out from its cells})."""
    root = tmp_path_factory.mktemp("county")
    folder = build_county(root)
    in_yuan(folder / "bazhou_city_2023.xlsx", root / "yuan.xlsx", YUAN_FULL, YUAN_SHORT)
    return folder, {p.name: figures(p) for p in sorted(folder.glob("*.xlsx"))}


def agreeing(departments: dict) -> list[list]:
    return [approved_row(d) for d in departments.values()]


def test_figures_that_agree_generate_every_document(county, tmp_path):
    folder, departments = county
    approved = write_approved(tmp_path / "批复.xlsx", agreeing(departments))
    out = tmp_path / "out"
    result = run(folder, "-o", out, "-j", "1", "--approved", approved)
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == len(departments)
    assert "批复数" not in result.output and "没有对应的部门工作簿" not in result.output


def test_every_kind_of_disagreement_is_reported_and_not_published(county, tmp_path):
    folder, departments = county
    work = tmp_path / "in"
    work.mkdir()
    for name in departments:
        (work / name).write_bytes((folder / name).read_bytes())
    (work / "yuan.xlsx").write_bytes((folder.parent / "yuan.xlsx").read_bytes())
    sample, dacheng = departments["2021.xlsx"], departments["dacheng_county_2023.xlsx"]
    rows = [approved_row(d) for name, d in departments.items()
            if name not in ("2021.xlsx", "dacheng_county_2023.xlsx", "sanhe_city_2022.xlsx")]
    rows.append(approved_row(sample, 支出合计=sample["支出合计"] + Decimal("0.01")))
    rows.append(approved_row(dacheng, 公务接待费=dacheng["公务接待费"] + Decimal("0.5")))
    rows.append(approved_row({**departments["bazhou_city_2023.xlsx"], "单位全称": YUAN_FULL,
                              "部门简称": YUAN_SHORT}))
    rows.append(["某某县档案馆", "档案馆", 2023, 100, 100])
    approved = write_approved(work / "批复.xlsx", rows)  # in the folder: not taken for a workbook
    out, report = tmp_path / "out", tmp_path / "清单.json"
    result = run(work, "-o", out, "-j", "2", "--approved", approved, "--report", report,
                 "--summary", tmp_path / "汇总.xlsx")
    assert result.exit_code == 1
    text = result.output
    # 支出合计 off by 0.01: both files, both cells, both amounts
    sample_row = rows.index(rows[-4]) + 2
    assert (f"{work / '2021.xlsx'} 收支预算!C6:C7+C9: 支出合计 3308.233094 万元 ≠ {approved} "
            f"第{sample_row}行（E{sample_row}）支出合计 3308.243094 万元（相差 0.01 万元）") in text
    # a 三公 item off (its total left empty would not be compared; here the total agrees)
    dacheng_row = sample_row + 1
    assert (f"三公经费!B5: 公务接待费 {dacheng['公务接待费']} 万元 ≠ {approved} 第{dacheng_row}行"
            f"（L{dacheng_row}）公务接待费 {dacheng['公务接待费'] + Decimal('0.5')} 万元（相差 0.5 万元）") in text
    # a workbook whose department the 批复 lacks, and a 批复 department without a workbook
    assert f"{work / 'sanhe_city_2022.xlsx'} 基本信息!B3: 单位全称“三河市司法局”在 {approved} 中没有" in text
    assert f"{approved} 批复!A{len(rows) + 1}: 警告：批复中的“某某县档案馆”（第{len(rows) + 1}行）没有对应的部门工作簿" in text
    # a workbook in 元: the plausibility warnings, and the 批复 says by how much
    assert "金额单位应为万元" in text and "工作簿的数是批复的 10000 倍" in text
    failed = {"2021.xlsx", "dacheng_county_2023.xlsx", "sanhe_city_2022.xlsx", "yuan.xlsx"}
    assert {p.name for p in out.glob("*.docx")} == {n.replace(".xlsx", ".docx") for n in departments} \
        - {n.replace(".xlsx", ".docx") for n in failed}
    entries = {e["input"].split("/")[-1]: e for e in json.loads(report.read_text("utf-8"))["workbooks"]}
    assert {n for n, e in entries.items() if e["status"] == "failed"} == failed
    assert entries["dacheng_county_2023.xlsx"]["department"]["figures"]["公务接待费"]["this_cells"] \
        == "三公经费!B5"
    assert "批复.xlsx" not in entries
    rows = {r[0].value: r for r in openpyxl.load_workbook(tmp_path / "汇总.xlsx")["汇总"].iter_rows(min_row=2)}
    states = {rows[d["部门简称"]][6].value for d in (sample, dacheng)}
    assert states == {"不符 1 处"} and rows["三河市司法局"][6].value == "批复中没有"
    assert rows[YUAN_SHORT][3].value == "失败" and rows["档案馆"][3].value == "无工作簿"


def test_check_counts_a_difference_from_the_approved_budget_as_an_error(county, tmp_path):
    folder, departments = county
    sample = departments["2021.xlsx"]
    approved = write_approved(tmp_path / "批复.xlsx", [
        approved_row(sample, 支出合计=Decimal("3308.23"), 基本支出=None)])
    result = run("check", "--json", "--approved", approved, folder / "2021.xlsx")
    assert result.exit_code == 1
    (entry,) = json.loads(result.output)
    assert entry["status"] == "invalid"
    (finding,) = [f for f in entry["findings"] if f["rule"] == "批复数"]
    assert (finding["sheet"], finding["cell"]) == ("收支预算", "C6:C7+C9")
    assert finding["message"] == (f"支出合计 3308.233094 万元 ≠ {approved} 第2行（E2）支出合计 "
                                  "3308.23 万元（相差 0.003094 万元）")
    agreeing_row = write_approved(tmp_path / "ok.xlsx", [approved_row(sample)])
    assert run("check", "--approved", agreeing_row, folder / "2021.xlsx").exit_code == 0


def test_matched_by_short_name_and_empty_cells_not_compared(county, tmp_path):
    folder, departments = county
    guangyang = departments["guangyang_district_2022.xlsx"]
    assert guangyang["单位全称"] != guangyang["部门简称"]
    row = approved_row(guangyang, 单位全称=guangyang["部门简称"], 部门简称=None, 项目支出=None,
                       政府采购合计=None)
    approved = write_approved(tmp_path / "批复.xlsx", [row])
    assert run("check", "--approved", approved, folder / "guangyang_district_2022.xlsx").exit_code == 0
    wrong_year = write_approved(tmp_path / "年度.xlsx", [approved_row(guangyang, 年度=2023)])
    result = run("check", "--approved", wrong_year, folder / "guangyang_district_2022.xlsx")
    assert result.exit_code == 1
    assert "基本信息!B5: 年度 2022 ≠" in result.output and "年度 2023：请用本年度的批复核对" in result.output


def test_a_broken_approved_workbook_is_refused_at_its_cells(county, tmp_path):
    folder, departments = county
    sample, anci = departments["2021.xlsx"], departments["anci_district_2024.xlsx"]
    rows = [approved_row(sample, 支出合计="约3308万元"),
            approved_row(departments["dacheng_county_2023.xlsx"], 项目支出=-1,
                         机关运行经费=Decimal("1.0000001")),
            approved_row(anci), approved_row(anci, 部门简称="安次区")]
    approved = write_approved(tmp_path / "批复.xlsx", rows)
    out = tmp_path / "out"
    result = run(folder, "-o", out, "--approved", approved)
    assert result.exit_code == 1
    text = result.output
    assert f"{approved}: 批复工作簿有 4 处错误" in text
    assert f"{approved} 批复!E2: “支出合计”“约3308万元”不是数字" in text
    assert f"{approved} 批复!G3: “项目支出”金额 -1 是负数" in text
    assert f"{approved} 批复!M3: “机关运行经费”金额 1.0000001 超过6位小数" in text
    assert f"{approved} 批复!A5: “{anci['单位全称']}”填了两次（另见第4行）" in text
    assert not out.exists(), "nothing is generated against a broken 批复"
    missing_column = write_approved(tmp_path / "缺列.xlsx", [approved_row(sample)[:-1]],
                                    headers=APPROVED_HEADERS[:-1])
    result = run("check", "--approved", missing_column, folder / "2021.xlsx")
    assert result.exit_code == 1 and "批复!N1: 第1行缺少列：政府采购合计" in result.output
    other_sheet = write_approved(tmp_path / "Sheet1.xlsx", [approved_row(sample)], sheet="Sheet1")
    result = run("check", "--approved", other_sheet, folder / "2021.xlsx")
    assert "没有名为“批复”的工作表（工作簿中的工作表：“Sheet1”）" in result.output


def test_init_writes_a_blank_approved_workbook_that_passes_once_filled(county, tmp_path):
    from pipeline.approved import read_approved
    from pipeline.errors import WorkbookError

    folder, departments = county
    blank = tmp_path / "批复.xlsx"
    result = run("init", "--approved", blank)
    assert result.exit_code == 0, result.output
    with pytest.raises(WorkbookError) as refused:
        read_approved(blank)
    assert "“批复”表还没有填写内容" in str(refused.value)
    book = openpyxl.load_workbook(blank)
    assert tuple(c.value for c in book["批复"][1]) == APPROVED_HEADERS
    for department in departments.values():
        book["批复"].append([float(v) if isinstance(v, Decimal) else v for v in approved_row(department)])
    book.save(blank)
    assert len(read_approved(blank).rows) == len(departments)
    out = tmp_path / "out"
    assert run(folder / "2021.xlsx", "-o", out, "--approved", blank).exit_code == 0
    assert run("init", "--approved", blank).exit_code == 1  # not overwritten without --force
    assert run("init").exit_code == 2


def test_docs_carry_the_approved_format():
    from pipeline.workbook_format import approved_columns_markdown

    doc = (ROOT / "docs" / "approved.md").read_text(encoding="utf-8")
    assert approved_columns_markdown() in doc, "copy approved_columns_markdown() into docs/approved.md"


def test_a_changed_approved_budget_is_checked_again_not_skipped(county, tmp_path):
    folder, departments = county
    work = tmp_path / "in"
    work.mkdir()
    for name in ("2021.xlsx", "anci_district_2024.xlsx"):
        (work / name).write_bytes((folder / name).read_bytes())
    chosen = [departments["2021.xlsx"], departments["anci_district_2024.xlsx"]]
    approved = write_approved(tmp_path / "批复.xlsx", [approved_row(d) for d in chosen])
    out, report = tmp_path / "out", tmp_path / "清单.json"
    arguments = (work, "-o", out, "-j", "1", "--approved", approved, "--report", report,
                 "--skip-unchanged")
    assert run(*arguments).exit_code == 0
    assert "跳过 2" in run(*arguments).output
    write_approved(approved, [approved_row(chosen[0]),
                              approved_row(chosen[1], 机关运行经费=Decimal("41"))])
    result = run(*arguments)
    assert result.exit_code == 1 and "跳过 0" in result.output
    assert "机关运行经费!B2: 机关运行经费 40 万元 ≠" in result.output
