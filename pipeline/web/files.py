"""File names and folders of the web page: names safe on Windows, downloads named in
Chinese, and the private temporary folder in which each upload lives while it is handled."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from ..errors import UNSAFE

# characters Windows forbids in a file name, and the names it reserves for devices
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
            *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120  # characters of a name's stem
ROOT_PREFIX = "gendisclosure-web-"


def safe_filename(name: str, default: str) -> str:
    """The last part of a name a browser sent, made a valid Windows file name: no folder,
    no reserved or invisible character, not a device name, not ending in a dot or space."""
    name = re.split(r"[/\\]", name or "")[-1]
    name = re.sub(UNSAFE, "", name)
    name = FORBIDDEN.sub("_", name).strip().rstrip(". ")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip()[:MAX_NAME].rstrip(". ")
    if not stem:
        return default
    if stem.split(".")[0].upper() in RESERVED:
        stem = "_" + stem
    return f"{stem}.{suffix}" if suffix else stem


def with_suffix(name: str, suffix: str) -> str:
    """``2021.xlsx`` → ``2021.docx``."""
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    return stem + suffix


def content_disposition(filename: str) -> str:
    """An attachment header naming the file in any language (RFC 6266 with RFC 5987's
    ``filename*``), with a plain ASCII name for old clients."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    fallback = re.sub(r"_+", "_", fallback)
    if not re.search(r"[A-Za-z0-9]", Path(fallback).stem):
        fallback = "document" + Path(fallback).suffix
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def make_root() -> Path:
    """The server's private temporary folder (readable by its owner only); folders of
    servers that are no longer running are removed first."""
    from ..atomic import alive

    base = Path(tempfile.gettempdir())
    try:
        for old in base.glob(ROOT_PREFIX + "*"):
            pid = old.name[len(ROOT_PREFIX):].split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))


@contextmanager
def private_folder(root: Path) -> Iterator[Path]:
    """A fresh folder for one request, removed with everything in it when the request ends."""
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
