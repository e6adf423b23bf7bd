"""Many workbooks in one run: folders mirrored, bad ones reported, the rest generated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from make_invalid import TARGET

from pipeline.cli import main


@pytest.fixture
def county(tmp_path):
    """inputs/2022/<office>/<dept>.xlsx: three good workbooks, one broken, one lock file."""
    root = tmp_path / "inputs"
    for rel in ("2022/财政局/预算股.xlsx", "2022/经开区.xlsx", "2022/教育局/一中.xlsx"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE, root / rel)
    shutil.copy(TARGET / "收支不平衡.xlsx", root / "2022" / "坏的.xlsx")
    shutil.copy(SAMPLE, root / "2022" / "~$经开区.xlsx")
    (root / "2022" / ".hidden").mkdir()
    shutil.copy(SAMPLE, root / "2022" / ".hidden" / "x.xlsx")
    return root


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_folder_mirrored_bad_one_reported_others_generated(county, tmp_path):
    out, report = tmp_path / "outputs", tmp_path / "report.json"
    result = run(county, "-o", out, "-j", "2", "--report", report)
    assert result.exit_code == 1
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.docx"))
    assert made == ["2022/教育局/一中.docx", "2022/经开区.docx", "2022/财政局/预算股.docx"]
    assert "共 4 个工作簿：生成 3，跳过 0，失败 1" in result.output
    assert "坏的.xlsx 收支预算!C2: 本年支出合计 3308.233095 ≠ 本年收入合计" in result.output
    manifest = json.loads(report.read_text(encoding="utf-8"))
    failed = [w for w in manifest["workbooks"] if w["status"] == "failed"]
    assert [w["input"] for w in failed] == [str(county / "2022" / "坏的.xlsx")]
    assert any("相差 0.000001 万元" in m for m in failed[0]["messages"])
    generated = [w for w in manifest["workbooks"] if w["status"] == "generated"]
    assert all(len(w["input_sha256"]) == 64 and len(w["output_sha256"]) == 64 for w in generated)


def test_the_report_keeps_each_departments_figures_and_findings_even_of_a_failed_one(county, tmp_path):
    report = tmp_path / "report.json"
    run(county, "-o", tmp_path / "outputs", "-j", "2", "--report", report)
    workbooks = {Path(w["input"]).name: w for w in json.loads(report.read_text(encoding="utf-8"))["workbooks"]}
    assert workbooks["经开区.xlsx"]["department"]["short"] and workbooks["经开区.xlsx"]["department"]["figures"]
    failed = workbooks["坏的.xlsx"]
    assert failed["department"]["short"]  # as typed, though the workbook did not pass
    assert any(f["sheet"] == "收支预算" and f["cell"] == "C2" for f in failed["findings"])


def test_a_run_that_keeps_no_report_keeps_no_department_figures(county, tmp_path):
    from pipeline.batch import Job
    from pipeline.batch import run as run_batch
    from pipeline.render import default_template

    jobs = [Job(county / "2022" / "经开区.xlsx", tmp_path / "a.docx"),
            Job(county / "2022" / "坏的.xlsx", tmp_path / "b.docx")]
    plain = run_batch(jobs, default_template(), 1, lambda o: None, details=False)
    assert [o.status for o in plain] == ["generated", "failed"]
    assert all(o.department == {} and o.findings == [] for o in plain)
    assert plain[1].messages  # what the clerk is told is kept
    kept = run_batch(jobs, default_template(), 1, lambda o: None, details=True)
    assert all(o.department and o.findings for o in kept)


def test_reruns_are_byte_identical_and_can_skip(county, tmp_path):
    out, report = tmp_path / "outputs", tmp_path / "report.json"
    run(county, "-o", out, "-j", "1", "--report", report)
    first = {p: p.read_bytes() for p in out.rglob("*.docx")}
    run(county, "-o", out, "-j", "2")
    assert {p: p.read_bytes() for p in out.rglob("*.docx")} == first
    again = run(county, "-o", out, "--report", report, "--skip-unchanged")
    assert "生成 0，跳过 3，失败 1" in again.output
    shutil.copy(TARGET / "负数金额.xlsx", county / "2022" / "经开区.xlsx")
    changed = run(county, "-o", out, "--report", report, "--skip-unchanged")
    assert "生成 0，跳过 2，失败 2" in changed.output


def test_skip_unchanged_needs_report(county, tmp_path):
    assert run(county, "-o", tmp_path, "--skip-unchanged").exit_code == 2


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "没有找到任何 .xlsx 工作簿" in result.output


def test_two_workbooks_writing_the_same_output_are_refused(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SAMPLE, tmp_path / folder / "2021.xlsx")
    result = run(tmp_path / "a" / "2021.xlsx", tmp_path / "b" / "2021.xlsx", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "会写到同一个文件" in result.output
    assert not (tmp_path / "out").exists()


def test_skip_unchanged_with_a_deleted_input(county, tmp_path):
    out, report = tmp_path / "outputs", tmp_path / "report.json"
    run(county, "-o", out, "-j", "1", "--report", report)
    (county / "2022" / "经开区.xlsx").unlink()
    result = run(county, "-o", out, "--report", report, "--skip-unchanged")
    assert result.exit_code == 1  # the broken workbook still fails
    assert "Traceback" not in result.output
    assert "生成 0，跳过 2，失败 1" in result.output


def test_failed_workbook_says_its_old_document_is_stale(county, tmp_path):
    out = tmp_path / "outputs"
    run(county, "-o", out, "-j", "1")
    shutil.copy(TARGET / "负数金额.xlsx", county / "2022" / "经开区.xlsx")
    result = run(county, "-o", out, "-j", "1")
    assert f"注意：{out / '2022' / '经开区.docx'} 是以前生成的旧文档，未被更新" in result.output


def test_sigterm_to_the_process_group_leaves_only_complete_documents(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):  # enough that the run is still going when the signal comes
        shutil.copy(SAMPLE, folder / f"d{i:02d}.xlsx")
    out, report = tmp_path / "out", tmp_path / "report.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", str(folder), "-o", str(out), "-j", "2",
         "--report", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    first = process.stdout.readline()  # wait until a document is done
    assert "已生成" in first
    os.killpg(process.pid, signal.SIGTERM)  # as systemctl stop does
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "已中断" in stderr
    documents = sorted(out.glob("*.docx"))
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    for document in documents:
        with zipfile.ZipFile(document) as z:
            assert z.testzip() is None
    listed = json.loads(report.read_text(encoding="utf-8"))["workbooks"]
    assert sorted(w["output"] for w in listed) == [str(d) for d in documents]


def test_an_old_xls_beside_its_xlsx_is_left_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "2021.xlsx")
    shutil.copy(SAMPLE, folder / "其他.xlsx")
    (folder / "2021.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (folder / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = run(folder, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1  # the lone .xls is reported
    assert "共 3 个工作簿：生成 2，跳过 0，失败 1" in result.output
    assert "旧表.xls: 这是旧版 .xls 格式" in result.output


def test_a_workbook_saved_with_macros_is_part_of_its_folder(tmp_path):
    """An .xlsm is generated when given alone, and so it is when its folder is given."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "甲局.xlsx")
    shutil.copy(SAMPLE, folder / "宏.xlsm")
    result = run(folder, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "共 2 个工作簿：生成 2" in result.output
    assert (tmp_path / "out" / "宏.docx").is_file()


def test_a_folder_in_the_documents_place_is_not_called_an_old_document(tmp_path):
    (tmp_path / "out" / "2021.docx").mkdir(parents=True)
    result = run(SAMPLE, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    assert "2021.docx: 无法写入（这是一个文件夹，不是文件）" in result.output
    assert "旧文档" not in result.output
