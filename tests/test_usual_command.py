"""`gendisclosure X.xlsx`, the usual command, runs without click: what the user sees is
what the command line proper shows for the same workbook (pipeline.__main__)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, edit
from textdump import docx_blocks

from pipeline.__main__ import usual_workbook


def test_only_one_existing_workbook_and_nothing_else_is_the_usual_command(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "check").write_text("a file named like a command")
    upper = tmp_path / "B.XLSX"
    shutil.copy(sample, upper)
    assert usual_workbook([str(sample)]) == sample
    assert usual_workbook([str(upper)]) == upper
    assert usual_workbook(["check"]) is None
    assert usual_workbook([]) is None
    assert usual_workbook(["-h"]) is None
    assert usual_workbook([str(tmp_path / "missing.xlsx")]) is None
    assert usual_workbook([str(sample), "-o", "out"]) is None
    (tmp_path / "folder.xlsx").mkdir()
    assert usual_workbook(["folder.xlsx"]) is None


def gendisclosure(entry: str, folder: Path, *args: str, code: str | None = None,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *(["-c", code] if code else ["-m", entry]), *args], cwd=folder,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.mark.parametrize("broken", [False, True], ids=["good", "broken"])
def test_the_usual_command_shows_what_the_command_line_shows(sample, tmp_path, broken):
    if broken:
        edit(sample, "收支预算", "C2", "约13万元")
    usual_folder, click_folder = tmp_path / "usual", tmp_path / "click"
    for folder in (usual_folder, click_folder):
        (folder / "inputs").mkdir(parents=True)
        shutil.copy(sample, folder / "inputs" / "2021.xlsx")
    usual = gendisclosure("pipeline", usual_folder, "inputs/2021.xlsx")
    proper = gendisclosure("pipeline.cli", click_folder, "inputs/2021.xlsx")
    assert (usual.returncode, usual.stdout, usual.stderr) == (proper.returncode, proper.stdout, proper.stderr)
    if broken:
        assert usual.returncode == 1 and "收支预算!C2" in usual.stderr
        assert not (usual_folder / "outputs").exists() or not any((usual_folder / "outputs").iterdir())
    else:
        assert usual.returncode == 0 and usual.stdout == "已生成 outputs/2021.docx\n"
        assert docx_blocks(usual_folder / "outputs" / "2021.docx") == \
            docx_blocks(click_folder / "outputs" / "2021.docx")


@pytest.mark.parametrize("entry", ["pipeline", "pipeline.cli"])
def test_an_ascii_terminal_gets_the_messages_in_utf8_and_the_document(sample, tmp_path, entry):
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(sample, folder / "2021.xlsx")
    done = gendisclosure(entry, folder, "2021.xlsx", env=ascii_only)
    assert (done.returncode, done.stdout) == (0, "已生成 outputs/2021.docx\n"), done.stderr
    assert (folder / "outputs" / "2021.docx").is_file()
    edit(folder / "2021.xlsx", "收支预算", "C2", "约13万元")
    broken = gendisclosure(entry, folder, "2021.xlsx", env=ascii_only)
    assert broken.returncode == 1
    assert "2021.xlsx 收支预算!C2" in broken.stderr and "程序内部错误" not in broken.stderr


def test_the_usual_command_loads_no_click(sample, tmp_path):
    code = ("import sys\n"
            "from pipeline.__main__ import run\n"
            "try:\n"
            "    run()\n"
            "finally:\n"
            "    print('click' in sys.modules, file=sys.stderr)\n")
    done = gendisclosure("", tmp_path, str(sample), code=code)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "False"
    assert (tmp_path / "outputs" / "2021.docx").is_file()


def test_ctrl_c_while_the_usual_command_loads_ends_as_ctrl_c_does_later(sample, tmp_path):
    code = ("import sys\n"
            "class Interrupting:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'pipeline.generation':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupting())\n"
            "from pipeline.__main__ import run\n"
            "run()\n")
    done = gendisclosure("", tmp_path, str(sample), code=code)
    assert done.returncode == 130
    assert done.stderr == "已中断\n"


@pytest.mark.parametrize("entry", ["pipeline.__main__", "pipeline.cli"])
def test_ctrl_c_before_the_workbooks_run_shows_interrupted_on_a_line_of_its_own(sample, tmp_path, entry):
    code = ("import sys\n"
            "import pipeline.generation\n"
            "def interrupted(*args, **kwargs):\n"
            "    raise KeyboardInterrupt\n"
            "pipeline.generation._refuse_overwriting = interrupted\n"
            f"from {entry} import run\n"
            "run()\n")
    done = gendisclosure("", tmp_path, str(sample), code=code)
    assert (done.returncode, done.stderr) == (130, "\n已中断\n")
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("entry", ["pipeline", "pipeline.cli"])
def test_a_name_the_output_code_page_lacks_is_printed_escaped_not_an_internal_error(sample, tmp_path, entry):
    name = "\U00020bb7.xlsx"  # 𠮷: not in GBK, the code page of a Chinese Windows's redirected output
    shutil.copy(sample, tmp_path / name)
    done = subprocess.run([sys.executable, "-m", entry, name], cwd=tmp_path, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk"})
    assert done.returncode == 0, done.stderr.decode("gbk")
    assert done.stdout.decode("gbk") == "已生成 outputs/\\U00020bb7.docx\n"
    assert (tmp_path / "outputs" / "\U00020bb7.docx").is_file()
