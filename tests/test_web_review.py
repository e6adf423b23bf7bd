"""The bureau's page against the approved budget (批复), through Flask's test client: a folder
of department workbooks and a 批复 written here, one 支出合计 off by 0.01, a department
missing on each side; the differences on the page with both amounts, “全部生成” leaving the
differing department out, the county summary download, and a broken 批复 refused."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from make_county import APPROVED_HEADERS, DEPARTMENTS, approved_row, figures, write_approved

from pipeline.web.app import Settings, create_app

AGREEING = ("anci_district_2024.xlsx", "guangyang_district_2022.xlsx")
NOT_APPROVED = "sanhe_city_2022.xlsx"  # a workbook whose department the 批复 lacks
ABSENT = "某某县档案馆"  # a department of the 批复 without a workbook


def county_folder(base: Path, names: tuple[str, ...]) -> Path:
    folder = base / "2022"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(SAMPLE if name == "2021.xlsx" else DEPARTMENTS / name, folder / name)
    return folder


class Bureau:
    def __init__(self, base: Path, folder: Path, approved: Path | None, password: str | None = None,
                 previous: Path | None = None):
        root = base / "private"
        root.mkdir(exist_ok=True)
        self.out = base / "out"
        self.app = create_app(Settings(folder=folder, outdir=self.out, temp_root=root,
                                       approved=approved, password=password, previous=previous))
        self.client = self.app.test_client()

    def folder(self) -> dict:
        for _ in range(200):
            report = self.client.get("/api/folder").get_json()
            if not report["busy"]:
                return report
            time.sleep(0.05)
        raise AssertionError("the folder was not read")

    def rows(self) -> dict[str, dict]:
        return {row["file"]: row for row in self.folder()["rows"]}

    def generate_all(self) -> dict:
        answer = self.client.post("/api/folder/generate", data={"template": "disclosure"})
        assert answer.status_code == 202, answer.get_json()
        for _ in range(600):
            progress = self.client.get("/api/folder/progress").get_json()
            if not progress["running"]:
                return progress
            time.sleep(0.1)
        raise AssertionError("the generation did not end")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """A bureau's page over four workbooks, with a 批复 (inside the folder, as a bureau may
    keep it) where the sample's 支出合计 is 0.01 more, one workbook is missing and one
    department has no workbook."""
    base = tmp_path_factory.mktemp("bureau")
    folder = county_folder(base, ("2021.xlsx", *AGREEING, NOT_APPROVED))
    departments = {p.name: figures(p) for p in sorted(folder.glob("*.xlsx"))}
    sample = departments["2021.xlsx"]
    approved = write_approved(folder / "批复.xlsx", [
        approved_row(sample, 支出合计=sample["支出合计"] + Decimal("0.01")),
        *(approved_row(departments[name]) for name in AGREEING),
        [ABSENT, "档案馆", 2022, 100, 100]])
    return {"base": base, "folder": folder, "approved": approved, "departments": departments,
            "bureau": Bureau(base, folder, approved)}


def test_the_page_shows_each_difference_from_the_approved_budget(county):
    bureau, approved = county["bureau"], county["approved"]
    report = bureau.folder()
    rows = {row["file"]: row for row in report["rows"]}
    assert sorted(rows) == sorted(["2021.xlsx", *AGREEING, NOT_APPROVED]), "the 批复 is no workbook"
    sample = rows["2021.xlsx"]
    assert (sample["status"], sample["errors"], sample["approved"]) == ("error", 1, "不符 1 处")
    (difference,) = sample["reviewed"]
    assert (difference["sheet"], difference["cell"], difference["level"]) == ("收支预算", "C6:C7+C9", "error")
    assert difference["message"] == (f"支出合计 3308.233094 万元 ≠ {approved} 第2行（E2）"
                                     "支出合计 3308.243094 万元（相差 0.01 万元）")
    for name in AGREEING:
        assert (rows[name]["approved"], rows[name]["reviewed"]) == ("一致", [])
        assert rows[name]["status"] != "error"
    missing = rows[NOT_APPROVED]
    assert (missing["status"], missing["approved"]) == ("error", "批复中没有")
    assert missing["reviewed"][0]["message"].startswith(f"单位全称“三河市司法局”在 {approved} 中没有，无法核对批复数")
    review = report["review"]
    assert (review["approved"], review["problem"]) == (str(approved), "")
    (absent,) = review["findings"]
    assert (absent["cell"], absent["level"]) == ("A5", "warning")
    assert absent["message"].startswith(f"批复中的“{ABSENT}”（第5行）没有对应的部门工作簿")
    page = bureau.client.get(f"/folder/item/{sample['key']}").get_data(as_text=True)
    assert difference["message"] in page and "C6:C7+C9" in page
    assert "下载 Word 文档" not in page  # no document of figures that differ from the 批复
    assert bureau.client.get(f"/folder/item/{sample['key']}/document.docx").status_code == 422


def test_generate_all_leaves_out_the_departments_that_differ(county):
    bureau = county["bureau"]
    (bureau.out / "2021.docx").parent.mkdir(parents=True, exist_ok=True)
    (bureau.out / "2021.docx").write_bytes(b"an older document")
    progress = bureau.generate_all()
    assert (progress["total"], progress["generated"], progress["failed"]) == (4, 2, 2)
    assert sorted(progress["failures"]) == ["2021.xlsx", NOT_APPROVED]
    written = {p.name for p in bureau.out.glob("*.docx")}
    assert written == {"2021.docx", *(n.replace(".xlsx", ".docx") for n in AGREEING)}
    assert (bureau.out / "2021.docx").read_bytes() == b"an older document"
    assert bureau.folder()["documents"] == len(AGREEING), "the older document is not counted"
    with zipfile.ZipFile(io.BytesIO(bureau.client.get("/folder/documents.zip").data)) as archive:
        assert sorted(archive.namelist()) == sorted(n.replace(".xlsx", ".docx") for n in AGREEING)


def test_the_county_summary_download(county):
    bureau, departments = county["bureau"], county["departments"]
    answer = bureau.client.get("/folder/summary.xlsx")
    assert answer.status_code == 200
    assert quote("2022-全县汇总.xlsx", safe="") in answer.headers["Content-Disposition"]
    assert bureau.client.get("/folder/summary.xlsx").data == answer.data, "equal input, equal bytes"
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data))["汇总"]
    values = sheet.iter_rows(values_only=True)
    header = next(values)
    rows = {r["部门"]: r for r in (dict(zip(header, v)) for v in values)}
    short = {name: d["部门简称"] for name, d in departments.items()}
    assert set(rows) == {*short.values(), "档案馆", "合计"}
    assert rows[short["2021.xlsx"]]["批复核对"] == "不符 1 处"
    assert rows[short[NOT_APPROVED]]["批复核对"] == "批复中没有"
    assert {rows[short[n]]["批复核对"] for n in AGREEING} == {"一致"}
    assert rows["档案馆"]["状态"] == "无工作簿"
    total = sum((d["支出合计"] for d in departments.values()), Decimal(0))
    assert Decimal(format(rows["合计"]["支出合计"], ".15g")) == total
    assert Decimal(format(rows[short["2021.xlsx"]]["支出合计"], ".15g")) == Decimal("3308.233094")


def test_a_blank_approved_workbook_to_fill_in(county):
    answer = county["bureau"].client.get("/folder/approved-blank.xlsx")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert tuple(c.value for c in book["批复"][1]) == APPROVED_HEADERS


def test_a_changed_approved_workbook_is_read_again(tmp_path):
    folder = county_folder(tmp_path, ("2021.xlsx",))
    sample = figures(folder / "2021.xlsx")
    approved = write_approved(tmp_path / "批复.xlsx", [approved_row(sample)])
    bureau = Bureau(tmp_path, folder, approved)
    assert bureau.rows()["2021.xlsx"]["approved"] == "一致"
    write_approved(approved, [approved_row(sample, 三公经费合计=Decimal("13.54"))])
    row = bureau.rows()["2021.xlsx"]
    assert (row["status"], row["approved"]) == ("error", "不符 1 处")
    assert "三公经费合计 13.545 万元 ≠" in row["reviewed"][0]["message"]
    write_approved(approved, [approved_row(sample, 支出合计="约3308万元")])
    review = bureau.folder()["review"]
    assert review["problem"] == f"{approved}: 批复工作簿有 1 处错误，请改正后再核对"
    (problem,) = review["findings"]
    assert (problem["sheet"], problem["cell"]) == ("批复", "E2")
    assert problem["message"].startswith("“支出合计”“约3308万元”不是数字")
    answer = bureau.client.post("/api/folder/generate", data={"template": "disclosure"})
    assert answer.status_code == 409 and "批复工作簿有 1 处错误" in answer.get_json()["error"]
    page = bureau.client.get("/folder/summary.xlsx")
    assert page.status_code == 422 and "约3308万元" in page.get_data(as_text=True)
    assert not bureau.out.exists()


def test_a_broken_approved_workbook_refuses_to_start(tmp_path, monkeypatch):
    from pipeline.cli import main
    from pipeline.errors import WorkbookError
    from pipeline.web.server import serve

    monkeypatch.setattr("waitress.create_server", lambda *a, **k: pytest.fail("a server was started"))
    folder = county_folder(tmp_path, ("2021.xlsx",))
    broken = write_approved(tmp_path / "批复.xlsx", [approved_row(figures(folder / "2021.xlsx"),
                                                                  项目支出=-1)])
    result = CliRunner().invoke(main, ["serve", "--folder", str(folder), "--approved", str(broken),
                                       "--no-browser"])
    assert result.exit_code == 1
    assert f"{broken}: 批复工作簿有 1 处错误，请改正后再核对" in result.output
    assert f"{broken} 批复!G2: “项目支出”金额 -1 是负数" in result.output
    with pytest.raises(WorkbookError, match="批复工作簿有 1 处错误"):
        serve(folder=folder, approved=broken, open_browser=False, say=lambda text: None)
    result = CliRunner().invoke(main, ["serve", "--approved", str(broken), "--no-browser"])
    assert result.exit_code == 2 and "--folder" in result.output


def test_the_new_downloads_need_the_password(tmp_path):
    folder = county_folder(tmp_path, ("2021.xlsx",))
    approved = write_approved(tmp_path / "批复.xlsx", [approved_row(figures(folder / "2021.xlsx"))])
    client = Bureau(tmp_path, folder, approved, password="预算股 2022 密码").client
    for url in ("/folder/summary.xlsx", "/folder/approved-blank.xlsx"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")


def test_last_years_summary_gives_warnings(tmp_path):
    """A summary of last year written here, one 上年 figure 18 万元 off: a warning of that
    workbook on the page, and its document is still generated."""
    from make_county import FIGURES

    name = AGREEING[0]
    folder = county_folder(tmp_path, (name,))
    department = figures(folder / name)
    last = {f: department.get(f"{f}上年") for f in FIGURES}
    last["项目支出"] += 18
    book = openpyxl.Workbook()
    book.active.title = "汇总"
    book.active.append(["部门", "单位全称", "年度", "状态", *FIGURES])
    book.active.append([department["部门简称"], department["单位全称"], department["年度"] - 1, "已生成",
                        *(None if v is None else float(v) for v in last.values())])
    previous = tmp_path / "汇总上年.xlsx"
    book.save(previous)
    bureau = Bureau(tmp_path, folder, None, previous=previous)
    report = bureau.folder()
    (row,) = report["rows"]
    assert (row["approved"], row["last_year"], row["status"]) == ("", "不符 1 处", "warning")
    (warning,) = row["reviewed"]
    assert warning["level"] == "warning" and warning["sheet"] == "收支预算"
    assert warning["message"].startswith(
        f"项目支出上年 {department['项目支出上年']} 万元 ≠ 上年汇总 {previous} 第2行（H2）"
        f"{department['年度'] - 1}年项目支出 {department['项目支出上年'] + 18} 万元（相差 18 万元）")
    assert report["review"] == {"approved": "", "previous": str(previous), "problem": "", "findings": []}
    assert bureau.generate_all()["generated"] == 1
