"""Files a run writes besides its documents (the manifest, the county summary, next year's
workbook) never take the place of a clerk's workbook or of anything else they did not write."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from pipeline.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def folder_of_two(sample, tmp_path):
    folder = tmp_path / "各部门"
    folder.mkdir()
    for name in ("甲局.xlsx", "乙局.xlsx"):
        shutil.copyfile(sample, folder / name)
    return folder


def test_the_manifest_cannot_replace_a_workbook_a_document_or_a_foreign_file(sample, tmp_path):
    folder = folder_of_two(sample, tmp_path)
    before = (folder / "乙局.xlsx").read_bytes()
    foreign = tmp_path / "记录.json"
    foreign.write_text('{"备注": "财政局的记录"}', encoding="utf-8")
    cases = {
        folder / "乙局.xlsx": "清单的文件名要以 .json 结尾，例如 --report 清单.json",
        tmp_path / "out" / "甲局.docx": "清单的文件名要以 .json 结尾",
        foreign: f"--report {foreign}：这个文件已存在，但不是本程序写出的清单，未覆盖：请另给一个文件名",
    }
    for report, message in cases.items():
        result = run(folder, "-o", tmp_path / "out", "--report", report)
        assert result.exit_code == 2 and message in result.output, result.output
    assert (folder / "乙局.xlsx").read_bytes() == before
    assert foreign.read_text(encoding="utf-8") == '{"备注": "财政局的记录"}'
    assert not (tmp_path / "out").exists()
    made = run(folder, "-o", tmp_path / "out", "--report", tmp_path / "清单.json")
    again = run(folder, "-o", tmp_path / "out", "--report", tmp_path / "清单.json", "--skip-unchanged")
    assert made.exit_code == 0 and again.exit_code == 0, again.output  # its own manifest: rewritten


def test_the_summary_cannot_replace_a_department_workbook_or_the_approved_budget(sample, tmp_path):
    folder = folder_of_two(sample, tmp_path)
    before = (folder / "乙局.xlsx").read_bytes()
    result = run(folder, "-o", tmp_path / "out", "--summary", folder / "乙局.xlsx")
    assert result.exit_code == 2
    assert (f"--summary {folder / '乙局.xlsx'}：这个文件已存在，但不是本程序写出的汇总工作簿，未覆盖"
            in result.output)
    assert (folder / "乙局.xlsx").read_bytes() == before and not (tmp_path / "out").exists()
    summary = tmp_path / "汇总.xlsx"
    assert run(folder, "-o", tmp_path / "out", "--summary", summary).exit_code == 0
    assert run(folder, "-o", tmp_path / "out", "--summary", summary).exit_code == 0  # its own: rewritten
    same = run(folder, "-o", tmp_path / "out", "--summary", summary, "--previous-summary", summary)
    assert same.exit_code == 2 and f"会覆盖要读取的 {summary}" in same.output


def test_rollover_keeps_an_existing_workbook_unless_forced(sample, tmp_path):
    started = tmp_path / "2022.xlsx"
    started.write_bytes(b"half filled")
    result = run("rollover", sample, "-o", started)
    assert result.exit_code == 1
    assert f"{started}: 文件已存在，未覆盖（要覆盖请加 --force）" in result.output
    assert started.read_bytes() == b"half filled"
    forced = run("rollover", sample, "-o", started, "--force")
    assert forced.exit_code == 0 and started.read_bytes()[:2] == b"PK"


def test_a_manifest_nested_too_deep_is_no_manifest_not_an_internal_error(sample, tmp_path):
    deep = tmp_path / "清单.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    previous = run(sample, "-o", tmp_path / "out", "--previous-summary", deep)
    assert previous.exit_code == 1 and "内部错误" not in previous.output, previous.output
    skipping = run(sample, "-o", tmp_path / "out2", "--report", deep, "--skip-unchanged")
    assert skipping.exit_code == 2 and "不是本程序写出的清单" in skipping.output


def test_the_summary_cannot_take_the_place_of_a_tables_workbook_the_run_writes(sample, tmp_path):
    folder = folder_of_two(sample, tmp_path)
    tables = tmp_path / "out" / "甲局.公开表.xlsx"
    result = run(folder, "-o", tmp_path / "out", "--with-tables", "--summary", tables)
    assert result.exit_code == 2
    assert f"--summary {tables} 会覆盖要生成的公开表 {tables}：请另给一个文件名" in result.output
