from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # textdump helpers

SAMPLE = ROOT / "inputs" / "2021.xlsx"


@pytest.fixture
def sample(tmp_path) -> Path:
    """A private copy of the sample workbook."""
    target = tmp_path / "2021.xlsx"
    shutil.copy(SAMPLE, target)
    return target


def edit(path: Path, sheet: str, cell: str, value) -> Path:
    """Change one cell of a workbook in place (for making broken or changed copies)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


def make_template(folder: Path, *paragraphs: str) -> Path:
    """A one-paragraph-per-line .docx template, as a clerk would type one in Word."""
    import docx

    path = folder / "template.docx"
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture
def sample_context():
    from pipeline.api import context_of

    return context_of(SAMPLE)
