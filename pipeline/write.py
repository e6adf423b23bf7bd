"""Stage 5, write: put the document in place atomically (temp file, then rename).

A reader of the output folder sees either the previous file or the complete new one,
never a half-written .docx.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = str(path.parent / f".{path.stem}.{secrets.token_hex(6)}.tmp")
        # 0o666 less the umask, like any new file (mkstemp would make it private, 0o600)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise OutputError(f"{path}: 无法写入输出文件夹（{exc.strerror}）") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        hint = "；如果该文件正在 Word 或 WPS 中打开，请先关闭" if isinstance(exc, PermissionError) else ""
        raise OutputError(f"{path}: 无法写入（{exc.strerror}）{hint}") from exc
    except BaseException:
        _remove(tmp)
        raise
    return path


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
