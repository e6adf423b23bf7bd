"""The shipped templates are the source: opened and saved by LibreOffice they still render
the same text, with the TC entries and the list of tables (skipped where LibreOffice is absent)."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from conftest import ROOT, SAMPLE
from make_subjects import SUBJECTS, write_with_subjects
from textdump import docx_blocks, normalise

from pipeline.api import generate
from pipeline.pdf import find_soffice

SOFFICE = find_soffice()
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roundtrip")
    sources = [str(ROOT / "templates" / f"{name}.docx") for name in ("disclosure", "sections12", "standard")]
    profile = folder / "profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "saved"), *sources],
                   check=True, capture_output=True, timeout=180)
    return folder / "saved"


@pytest.mark.parametrize("name", ["disclosure", "sections12"])
def test_a_template_saved_by_libreoffice_renders_the_same_text(saved_by_libreoffice, tmp_path, name):
    original = generate(SAMPLE, tmp_path / "a", template=ROOT / "templates" / f"{name}.docx").output
    resaved = generate(SAMPLE, tmp_path / "b", template=saved_by_libreoffice / f"{name}.docx").output
    assert normalise("".join(docx_blocks(resaved))) == normalise("".join(docx_blocks(original)))
    with zipfile.ZipFile(resaved) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    entries = re.findall(r'<w:instrText[^>]*> TC "([^"]*)" \\f C \\l 1 </w:instrText>', xml)
    assert len(entries) == 34 and entries[0] == "1.经开区编外人员资金绩效目标表"
    if name == "sections12":
        assert re.search(r"<w:instrText[^>]*> TOC \\f C \\h \\z </w:instrText>", xml)
        assert "updateFields" in settings


def test_the_standard_template_saved_by_libreoffice_renders_the_same_text(saved_by_libreoffice, tmp_path):
    workbook = write_with_subjects(SUBJECTS, tmp_path / "subjects.xlsx")
    original = generate(workbook, tmp_path / "a", template=ROOT / "templates" / "standard.docx").output
    resaved = generate(workbook, tmp_path / "b", template=saved_by_libreoffice / "standard.docx").output
    assert normalise("".join(docx_blocks(resaved))) == normalise("".join(docx_blocks(original)))
    with zipfile.ZipFile(resaved) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tblHeader") >= xml.count("<w:tbl>")  # header rows still repeat
    pages = re.findall(r'<w:pgSz[^>]* w:w="(\d+)" w:h="(\d+)"', xml)
    assert sum(int(w) > int(h) for w, h in pages) == 4  # landscape pages: 公开02、04、07、10表
