"""pipeline/docxtpl_adapter.py relies on docxtpl methods without documentation; this test
renders with the oldest docxtpl that pyproject.toml allows, in a virtual environment of its
own, and compares the documents with this environment's, which a fresh install (as in CI)
gives the newest allowed docxtpl.

Every call of the adapter is exercised: the shipped template (tag patching), a text with a
line break (listings), a {%tc %} loop (the table fix) and a picture repeated by a loop
(drawing ids). Skipped, saying why, where the package index cannot be reached.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, edit
from lxml import etree
from textdump import docx_blocks

from pipeline.api import generate


def allowed_docxtpl() -> tuple[str, str]:
    """pyproject.toml's requirement on docxtpl, and its lowest allowed version."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    spec = re.search(r'"(docxtpl[^"]*)"', text).group(1)
    return spec, re.search(r">=\s*([0-9.]+)", spec).group(1)


SPEC, LOWEST = allowed_docxtpl()
# the newest allowed docxtpl is the one a fresh install of the project (as in CI) runs the
# whole suite with; the oldest gets an environment of its own here
VERSIONS = {"oldest": f"docxtpl=={LOWEST}"}


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def adapter_template(folder: Path) -> Path:
    """A template using what the shipped ones do not: {%tc %} cells and a picture in a loop."""
    import docx
    from docx.shared import Cm

    (folder / "dot.png").write_bytes(tiny_png())
    document = docx.Document()
    document.add_paragraph("{{ 部门简称 }}")
    row = document.add_table(rows=1, cols=3).rows[0].cells
    row[0].text, row[1].text, row[2].text = ("{%tc for 单位 in 机构设置 %}", "{{ 单位.单位名称 }}",
                                             "{%tc endfor %}")
    document.add_paragraph("{{ 部门职责[0] }}")
    document.add_paragraph("{%p for 项目 in 项目表 %}")
    document.add_paragraph("{{ 项目.项目名称 }}")
    document.add_picture(str(folder / "dot.png"), width=Cm(0.5))
    document.add_paragraph("{%p endfor %}")
    path = folder / "adapter.docx"
    document.save(path)
    return path


def canonical_body(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return etree.tostring(etree.fromstring(archive.read("word/document.xml")), method="c14n")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """This project built once, from a copy (building in the checkout would write into it)."""
    work = tmp_path_factory.mktemp("wheel")
    copy = work / "project"
    for name in ("pipeline", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            "--disable-pip-version-check", "-w", str(work / "dist"), str(copy)],
                           capture_output=True, text=True, timeout=600)
    if built.returncode:
        pytest.skip(f"cannot build the project (no network for its build tools?): "
                    f"{built.stderr.strip()[-300:]}")
    return next((work / "dist").glob("*.whl"))


def python_with(requirement: str, wheel: Path, work: Path) -> str:
    """A virtual environment with ``requirement`` and this project installed (the other
    dependencies come from this environment); skips the test when pip cannot get it."""
    venv = work / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                          capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"cannot make a virtual environment: {made.stderr.strip()[-200:]}")
    python = str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    fetched = subprocess.run([*pip, "--ignore-installed", "--no-deps", requirement],
                             capture_output=True, text=True, timeout=600)
    if fetched.returncode:
        pytest.skip(f"pip cannot install {requirement} (no network or package index?): "
                    f"{fetched.stderr.strip()[-300:]}")
    for step in ([*pip, requirement], [*pip, "--no-deps", "--ignore-installed", str(wheel)]):
        done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return python


RENDER = """
import sys
import docxtpl
import pipeline
from pipeline.api import generate
for workbook, template, out in zip(sys.argv[1::3], sys.argv[2::3], sys.argv[3::3]):
    generate(workbook, out, template=template)
print(pipeline.__file__, docxtpl.__file__, docxtpl.__version__)
"""


@pytest.mark.parametrize("which", VERSIONS)
def test_documents_equal_with_the_oldest_and_newest_allowed_docxtpl(which, wheel, sample, tmp_path):
    edit(sample, "部门职责", "A2", "第一行\n第二行\t（换行和制表符）")  # a listing
    template = adapter_template(tmp_path)
    cases = [(sample, "disclosure"), (sample, template)]
    python = python_with(VERSIONS[which], wheel, tmp_path)
    arguments = []
    for number, (workbook, name) in enumerate(cases):
        arguments += [str(workbook), str(name), str(tmp_path / "there" / str(number))]
    env = {**os.environ, "GENDISCLOSURE_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([python, "-c", RENDER, *arguments], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    installed, library, version = done.stdout.split()[-3:]
    assert installed.startswith(str(tmp_path / "venv")) and library.startswith(str(tmp_path / "venv"))
    if which == "oldest":
        assert version == LOWEST or version == f"{LOWEST}.0"
    for number, (workbook, name) in enumerate(cases):
        here = generate(workbook, tmp_path / "here" / str(number), template=name).output
        there = tmp_path / "there" / str(number) / here.name
        assert docx_blocks(there) == docx_blocks(here), (version, name)
        assert canonical_body(there) == canonical_body(here), (version, name)


def test_the_adapter_template_uses_every_fix(sample, tmp_path):
    """What the comparison above relies on: the template makes cells, breaks and drawings."""
    edit(sample, "部门职责", "A2", "第一行\n第二行")
    out = generate(sample, tmp_path / "out", template=adapter_template(tmp_path)).output
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(ids) == 34 and len(set(ids)) == 34  # one picture per project, ids apart
    assert "<w:br/>" in xml  # the line break
    grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>", xml).group(1)
    assert grid.count("<w:gridCol") == xml.count("<w:tc>") == 1  # the sample has one 单位
