"""Files put in place atomically, and the temporary files of writers that died.

Every file the program writes (documents, PDFs, reports) is first written to a temporary
file in the same folder and then renamed over its name: a reader sees the previous file
or the complete new one, never half of it. The temporary file is named
``.gendisclosure-<pid>-<name>.tmp`` (:data:`TEMP_PREFIX`, :data:`TEMP_SUFFIX`), <pid>
being the writing process. A process killed outright (SIGKILL, power loss) cannot remove
its temporary file; the next run that writes in that folder removes every such file whose
process is no longer running (:func:`sweep`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from .errors import OutputError, os_reason

TEMP_PREFIX = ".gendisclosure-"
TEMP_SUFFIX = ".tmp"
# a temporary file's name, with the writer's process id (compiled by re for the first name
# that begins as one does: a folder without such files asks for no pattern)
TEMP_PATTERN = "(?s)" + re.escape(TEMP_PREFIX) + r"(\d+)-.*" + re.escape(TEMP_SUFFIX) + r"\Z"
NAME_BYTES = 120  # the target's name is cut to this many UTF-8 bytes in the temporary name

_swept: set[str] = set()  # folders this process has already swept
_begun = 0  # writes begun by this process (see writes_begun)

OPEN_ELSEWHERE = {".docx": "Word 或 WPS", ".xlsx": "Excel 或 WPS", ".pdf": "PDF 阅读器"}


def temp_path(path: Path) -> Path:
    """The temporary file for ``path``: hidden, recognisable, naming its writer."""
    name = path.name.encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore")
    return path.parent / f"{TEMP_PREFIX}{os.getpid()}-{name}{TEMP_SUFFIX}"


def _temp_match(name: str) -> re.Match[str] | None:
    return re.match(TEMP_PATTERN, name) if name.startswith(TEMP_PREFIX) else None


def is_temp(name: str) -> bool:
    """Whether a file name is one of this program's temporary files."""
    return _temp_match(name) is not None


def writes_begun() -> int:
    """How many writes this process has begun: a caller that records what was written
    compares it before and after a step to know whether that step began to write."""
    return _begun


def write_atomic(path: str | Path, data: bytes, kind: str = "") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then
    rename; raise OutputError (naming ``path``, and ``kind`` such as "PDF") when that
    cannot be done."""
    return write_together([(Path(path), data)], kind)[0]


def write_together(files: list[tuple[Path, bytes]], kind: str = "") -> list[Path]:
    """Write several files as one: each to its temporary file first, then renamed into
    place one after the other; when one cannot be, those already renamed get their
    previous file back (or are removed if there was none), so a failure leaves every
    target as it was (raises OutputError naming the file that could not be written)."""
    global _begun
    _begun += 1
    ready: list[tuple[Path, Path]] = []
    renamed: list[tuple[Path, Path | None]] = []  # each target renamed, and a copy of its previous file
    try:
        for path, data in files:
            ready.append((path, _written_temp(path, data, kind)))
        for path, tmp in ready:
            previous = _kept(path) if len(ready) > 1 else None
            try:
                _rename(tmp, path, kind)
            except BaseException:
                if previous is not None:
                    _remove(previous)
                raise
            renamed.append((path, previous))
    except BaseException:
        for path, previous in renamed:
            _put_back(path, previous)
        raise
    finally:
        for _, tmp in ready:
            _remove(tmp)
    for _, previous in renamed:
        if previous is not None:
            _remove(previous)
    return [path for path, _ in files]


def _kept(path: Path) -> Path | None:
    """A hard link (or a copy) of the file at ``path`` under a temporary name, None if
    there is no file there."""
    if not path.is_file():
        return None
    copy = temp_path(path.with_name(path.name + ".previous"))
    _remove(copy)
    try:
        os.link(path, copy)
    except OSError:
        try:
            shutil.copy2(path, copy)
        except OSError as exc:
            _remove(copy)
            raise _cannot_write(path, "", exc) from exc
    return copy


def _put_back(path: Path, previous: Path | None) -> None:
    try:
        if previous is None:
            os.unlink(path)
        else:
            os.replace(previous, path)
    except OSError:
        pass


def _written_temp(path: Path, data: bytes, kind: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep(path.parent)
        tmp = temp_path(path)
        fd = _create(tmp)
    except OSError as exc:
        raise OutputError(f"{path}: 无法写入输出文件夹（{os_reason(exc)}）") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        _remove(tmp)
        raise _cannot_write(path, kind, exc) from exc
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _rename(tmp: Path, path: Path, kind: str) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot_write(path, kind, exc) from exc


def _cannot_write(path: Path, kind: str, exc: OSError) -> OutputError:
    where = OPEN_ELSEWHERE.get(path.suffix.lower(), "其他程序")
    hint = f"；如果该文件正在{where}中打开，请先关闭" if isinstance(exc, PermissionError) else ""
    kind = f" {kind}" if kind else ""
    return OutputError(f"{path}: 无法写入{kind}（{os_reason(exc)}）{hint}")


def write_atomic_quietly(path: Path, data: bytes) -> bool:
    """:func:`write_atomic` for files nobody waits for (caches): False instead of an error."""
    try:
        write_atomic(path, data)
        return True
    except OutputError:
        return False


def _create(tmp: Path) -> int:
    # 0o666 less the umask, like any new file (mkstemp would make it private, 0o600);
    # O_EXCL: never write through a file or link someone else put there
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        return os.open(tmp, flags, 0o666)
    except FileExistsError:
        # the name holds this process's id, and this process removes its temporary files:
        # this one was left by an earlier process that had the same id
        os.unlink(tmp)
        return os.open(tmp, flags, 0o666)


def sweep(folder: Path, again: bool = False) -> list[Path]:
    """Remove the temporary files in ``folder`` whose writer is no longer running; each
    folder once per process unless ``again``. Returns what was removed."""
    key = os.path.abspath(folder)
    if key in _swept and not again:
        return []
    _swept.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _temp_match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not alive(pid):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass  # removed by another run meanwhile, or not ours to remove
    return removed


def alive(pid: int) -> bool:
    """Whether a process with this id is running (on this machine)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    return True


def _alive_on_windows(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    synchronize, wait_timeout, access_denied = 0x00100000, 0x102, 5
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied  # another user's process
    try:
        return kernel32.WaitForSingleObject(handle, 0) == wait_timeout
    finally:
        kernel32.CloseHandle(handle)


def _remove(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
