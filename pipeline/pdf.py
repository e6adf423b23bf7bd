"""PDFs beside the .docx files, through LibreOffice (``soffice --headless``).

LibreOffice takes seconds to start, so one process converts every document of a run.
It runs with a private profile, so that a LibreOffice the clerk has open is not
disturbed, and each PDF is moved into place atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import OutputError

SECONDS_PER_DOCUMENT = 30
START_SECONDS = 120


def find_soffice() -> Path | None:
    """soffice on PATH, or in LibreOffice's usual install places on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates = []
    if sys.platform == "win32":
        for root in (os.environ.get("PROGRAMFILES", r"C:\Program Files"),
                     os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")):
            candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((c for c in candidates if c.is_file()), None)


def to_pdf(documents: list[Path]) -> list[Path]:
    """Convert .docx files to PDFs beside them, with one LibreOffice process."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(
            "找不到 LibreOffice（soffice），无法生成 PDF：请安装 LibreOffice（https://zh-cn.libreoffice.org），"
            "或去掉 --pdf 只生成 Word 文档。已生成的 .docx 不受影响。"
        )
    with tempfile.TemporaryDirectory(prefix="gendisclosure-pdf-") as work:
        folder = Path(work)
        # numbered copies: documents in different folders may share a name
        staged = []
        for i, document in enumerate(documents):
            copy = folder / f"{i:06d}.docx"
            shutil.copyfile(document, copy)
            staged.append(copy)
        profile = (folder / "profile").as_uri()
        command = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, staged)]
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                           timeout=START_SECONDS + SECONDS_PER_DOCUMENT * len(staged))
        except subprocess.TimeoutExpired as exc:
            raise OutputError("LibreOffice 转换 PDF 超时：请确认 LibreOffice 能正常打开文档") from exc
        written, missing = [], []
        for document, copy in zip(documents, staged):
            result = folder / "pdf" / (copy.stem + ".pdf")
            target = document.with_suffix(".pdf")
            if result.is_file():
                tmp = target.with_name(f".{target.name}.tmp")
                shutil.copyfile(result, tmp)
                os.replace(tmp, target)
                written.append(target)
            else:
                missing.append(str(document))
    if missing:
        raise OutputError(f"LibreOffice 未能把以下文档转换为 PDF：{'、'.join(missing)}")
    return written
