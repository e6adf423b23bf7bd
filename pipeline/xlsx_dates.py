"""Saved .xlsx files made reproducible: equal input gives equal bytes.

openpyxl dates a workbook's properties and its zip entries from the clock; :func:`dated`
dates them 1 January of the budget year instead (the county summary and the tables
workbook both go through it).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable


def dated(data: bytes, year: int, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """A saved workbook with its properties and zip entries dated 1 January of ``year``;
    ``edit(part name, content)`` may change each part on the way (the summary splices in
    rows written as XML)."""
    stamp = f"{year}-01-01T00:00:00Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if edit is not None:
                content = edit(info.filename, content)
            if info.filename == "docProps/core.xml":
                for tag in (b"dcterms:created", b"dcterms:modified"):
                    content = re.sub(b"(<" + tag + b"[^>]*>)[^<]*(</" + tag + b">)",
                                     b"\\g<1>" + stamp + b"\\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=(max(year, 1980), 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
