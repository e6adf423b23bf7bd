"""A template compiled once per user, not once per run.

Turning a .docx template into Jinja (docxtpl's tag patching, which needs docxtpl and
python-docx loaded) and compiling that Jinja takes longer than the rest of a single run
together. Both results are kept in the user's cache folder, keyed by the template's
bytes and by the code that produced them (docxtpl's, Jinja's, this program's): a
changed template, an upgraded library or an edited program compiles afresh.

The folder is ``$GENDISCLOSURE_CACHE`` if set, else the platform's per-user cache folder
(``~/.cache/gendisclosure`` on Linux). ``GENDISCLOSURE_CACHE=off`` turns caching off;
where the folder cannot be written, the program compiles every time and says nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 4  # raised when the stored fields change
UNUSED_DAYS = 30  # what no run has used for this long is removed (when something is added)


@dataclass
class Compiled:
    """A template's parts as Jinja sources (after docxtpl's patching) and what the
    renderer needs to know about them."""

    main: str  # the main part's name, "word/document.xml"
    sources: dict[str, str]  # part name -> Jinja source, for the parts that hold tags
    names: list[str]  # the top-level variables the template uses
    uses_tc: bool  # tags that add or span table cells (docxtpl's table fix is needed)
    proved: list[str] = field(default_factory=list)  # parts always well-formed (template_shape)
    settings: str = ""  # word/settings.xml as every document has it ("": the template's)
    omitted: list[str] = field(default_factory=list)  # parts no document has (the template's comments)
    replaced: dict[str, str] = field(default_factory=dict)  # parts as every document has them, without comments


def folder() -> Path | None:
    """The cache folder, or None when caching is off."""
    given = os.environ.get("GENDISCLOSURE_CACHE")
    if given:
        return None if given.lower() in ("off", "0", "no") else Path(given)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "gendisclosure" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "gendisclosure"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gendisclosure"


def code_key() -> str:
    """What the compiled form depends on besides the template: the code that patches and
    compiles it (this program's rendering modules, docxtpl's tag handling, Jinja)."""
    from jinja2 import __version__ as jinja

    from . import docxtpl_adapter

    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]} {jinja}".encode())
    here = Path(__file__).resolve().parent
    for module in ("render.py", "template_bounds.py", "template_shape.py", "template_fields.py", "docxtpl_adapter.py",
                   "template_cache.py"):
        try:
            digest.update((here / module).read_bytes())
        except OSError:
            digest.update(module.encode())
    digest.update(docxtpl_adapter.fingerprint())
    return digest.hexdigest()[:16]


class Store:
    """The cache folder of this program's version (None: no caching)."""

    def __init__(self) -> None:
        base = folder()
        self.path = base / code_key() if base else None

    def bytecode_cache(self) -> Any:
        """Jinja's own cache of compiled templates, in this folder (or None)."""
        if self.path is None or not self._ready():
            return None
        from jinja2 import FileSystemBytecodeCache

        return FileSystemBytecodeCache(str(self.path), "%s.jinja")

    def load(self, template_sha: str) -> Compiled | None:
        if self.path is None:
            return None
        path = self.path / f"{template_sha}.json"
        try:
            compiled = Compiled(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        try:
            os.utime(path)  # used: kept by prune()
        except OSError:
            pass
        return compiled

    def save(self, template_sha: str, compiled: Compiled) -> None:
        if self.path is None or not self._ready():
            return
        from .atomic import write_atomic_quietly

        data = json.dumps(asdict(compiled), ensure_ascii=False).encode("utf-8")
        write_atomic_quietly(self.path / f"{template_sha}.json", data)
        self.prune()

    def prune(self) -> None:
        """Remove what has not been used or made for :data:`UNUSED_DAYS` days: other
        versions' folders, templates no longer used (a used template's compiled code and
        zip are made again when they have gone)."""
        import shutil
        import time

        if self.path is None:
            return
        old = time.time() - UNUSED_DAYS * 86400
        try:
            for folder in self.path.parent.iterdir():
                if folder != self.path and folder.is_dir() and folder.stat().st_mtime < old:
                    shutil.rmtree(folder, ignore_errors=True)
            for entry in self.path.iterdir():
                if entry.stat().st_mtime < old:
                    entry.unlink()
        except OSError:
            pass

    def files(self, template_sha: str) -> Files | None:
        """Bytes made from one template (see pipeline.package), or None without a cache."""
        return Files(self, template_sha) if self.path is not None else None

    def _ready(self) -> bool:
        try:
            assert self.path is not None
            self.path.mkdir(parents=True, exist_ok=True)
            return os.access(self.path, os.W_OK)
        except OSError:
            return False


class Files:
    """Files kept for one template: ``<template sha256>-<key>`` in the cache folder."""

    def __init__(self, store: Store, template_sha: str) -> None:
        self.store, self.template_sha = store, template_sha

    def get(self, key: str) -> bytes | None:
        assert self.store.path is not None
        try:
            return (self.store.path / f"{self.template_sha}-{key}").read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        if self.store.path is not None and self.store._ready():
            from .atomic import write_atomic_quietly

            write_atomic_quietly(self.store.path / f"{self.template_sha}-{key}", data)
