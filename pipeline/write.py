"""Stage 5, write: put the document in place atomically.

A reader of the output folder sees either the previous file or the complete new one,
never a half-written .docx; the temporary file is named so that a later run can tell it
from a document and remove it if its writer was killed (see pipeline.atomic).
"""

from __future__ import annotations

from pathlib import Path

from . import atomic


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder (raises
    OutputError naming ``path``)."""
    return atomic.write_atomic(path, data)


def write_together(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files (a document and its tables workbook) as one: all are renamed
    into place only once every one is complete (raises OutputError naming the file)."""
    return atomic.write_together(files)
