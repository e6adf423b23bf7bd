"""PDFs beside the .docx files, through LibreOffice (``soffice --headless``).

LibreOffice takes seconds to start, so one process converts every document of a run.
Where LibreOffice's Python bridge is there (``import uno``), each document is loaded and
its indexes updated before export, so a list of tables shows its page numbers; otherwise
``soffice --convert-to pdf`` prints the list as last saved. LibreOffice runs with a
private profile, so that a LibreOffice the clerk has open is not disturbed, and each PDF
is moved into place atomically (pipeline.atomic).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .atomic import write_atomic
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


UNO_PROBE = "import sys, uno; sys.exit(0 if hasattr(uno, 'getComponentContext') else 1)"


def find_uno_python(soffice: Path) -> str | None:
    """A Python that can ``import uno``: LibreOffice's own (Windows, macOS) or the system's."""
    program = soffice.resolve().parent
    candidates = [program / "python.exe", program / "python",
                  program.parent / "Resources" / "python", shutil.which("python3"), "/usr/bin/python3"]
    with tempfile.TemporaryDirectory() as neutral:  # no stray "uno" folder on the path
        for candidate in candidates:
            if candidate and Path(candidate).is_file():
                try:
                    probe = subprocess.run([str(candidate), "-c", UNO_PROBE], capture_output=True,
                                           timeout=30, cwd=neutral)
                except (OSError, subprocess.TimeoutExpired):
                    continue
                if probe.returncode == 0:
                    return str(candidate)
    return None


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
        staged = []  # numbered copies: documents in different folders may share a name
        for i, document in enumerate(documents):
            copy = folder / f"{i:06d}.docx"
            shutil.copyfile(document, copy)
            staged.append(copy)
        (folder / "pdf").mkdir()
        results = [folder / "pdf" / (copy.stem + ".pdf") for copy in staged]
        profile = (folder / "profile").as_uri()
        timeout = START_SECONDS + SECONDS_PER_DOCUMENT * len(staged)
        python = find_uno_python(soffice)
        try:
            if python:
                _convert_with_uno(python, soffice, profile, staged, results, folder, timeout)
            left = [copy for copy, result in zip(staged, results) if not result.is_file()]
            if left:  # no bridge, or it failed on some: LibreOffice's plain conversion
                _convert_plainly(soffice, profile, left, folder / "pdf", timeout)
        except subprocess.TimeoutExpired as exc:
            raise OutputError("LibreOffice 转换 PDF 超时：请确认 LibreOffice 能正常打开文档") from exc
        written, missing = [], []
        for document, result in zip(documents, results):
            target = document.with_suffix(".pdf")
            if result.is_file():
                write_atomic(target, result.read_bytes(), "PDF")
                written.append(target)
            else:
                missing.append(str(document))
    if missing:
        raise OutputError(f"LibreOffice 未能把以下文档转换为 PDF：{'、'.join(missing)}")
    return written


def _convert_with_uno(python, soffice, profile, staged, results, folder, timeout) -> None:
    """Through LibreOffice's Python bridge; on a time-out the bridge and the LibreOffice
    it started are stopped, and the caller converts what is left plainly."""
    jobs = folder / "jobs.txt"
    jobs.write_text("".join(f"{s}\t{r}\n" for s, r in zip(staged, results)), encoding="utf-8")
    script = Path(__file__).with_name("uno_convert.py")
    try:
        _run_stopping([python, str(script), str(soffice), profile, str(jobs)], timeout, cwd=folder)
    except subprocess.TimeoutExpired:
        pass  # stopped: what is left is converted plainly


def _run_stopping(command: list[str], timeout: float, **options: object) -> None:
    """Run a program in a process group of its own (the LibreOffice it starts joins it) and
    wait; on a time-out or Ctrl-C the whole group is stopped before the exception goes on,
    so that no LibreOffice goes on writing into the temporary folder being removed."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, **options)
    try:
        process.wait(timeout=timeout)
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen) -> None:
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
    process.kill()
    process.wait()


def _convert_plainly(soffice, profile, staged, outdir, timeout) -> None:
    command = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, staged)]
    _run_stopping(command, timeout)
