"""Reading one workbook in a second process while this one loads the template engine.

A cold ``gendisclosure X.xlsx`` spends about a third of its time importing Jinja and the
renderer and another third reading and checking the workbook; neither needs the other.
Where the system can fork (Linux), :func:`start` forks a copy of the process that reads
and checks the workbook (:func:`pipeline.api.load`) and sends the clean workbook back
through a pipe, while this process goes on to load the template; :meth:`ReadAhead.book`
then returns it, or raises the error the reading raised, as :func:`~pipeline.api.load`
would have in this process.

The copy writes nothing but its answer to the pipe (its standard streams go to the null
device), ignores Ctrl-C (this process ends it on :meth:`ReadAhead.close`) and leaves by
``os._exit``, never returning into the caller's code. Where it cannot answer — killed,
out of memory, a fault of the program rather than of the workbook — the workbook is read
again in this process, so that what the user sees is what a run without the copy shows.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from pathlib import Path
from typing import Any

_BOOK, _ERROR, _AGAIN = "book", "error", "again"


def start(workbook: Path) -> ReadAhead | None:
    """The workbook being read in a forked copy of this process; None where forking is not
    available or not safe (not Linux, or threads running: a thread's lock held at the fork
    would stay held in the copy)."""
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    return ReadAhead(workbook)


class ReadAhead:
    """One workbook read and checked by a child process (see the module's text)."""

    def __init__(self, workbook: Path) -> None:
        self.path = workbook
        readable, writable = os.pipe()
        self.pid: int | None = os.fork()
        if self.pid == 0:  # the copy: answer, then leave whatever happens
            try:
                os.close(readable)
                _answer(writable, workbook)
            finally:
                os._exit(0)
        os.close(writable)
        self.pipe: int | None = readable

    def book(self) -> dict[str, Any]:
        """The clean workbook, as pipeline.api.load returns it (raises what it raises)."""
        from .api import load

        answer = self._receive()
        if answer[0] == _BOOK:
            return answer[1]
        if answer[0] == _ERROR:
            raise answer[1]
        return load(self.path)

    def _receive(self) -> tuple[Any, ...]:
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):  # type: ignore[arg-type]
                chunks.append(chunk)
        finally:
            self.close()
        try:
            return pickle.loads(b"".join(chunks)) if chunks else (_AGAIN,)
        except Exception:  # cut short: the copy was killed while writing
            return (_AGAIN,)

    def close(self) -> None:
        """End the copy if it still runs and release the pipe (idempotent)."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _answer(pipe: int, workbook: Path) -> None:
    """In the copy: read and check the workbook and write the pickled outcome to ``pipe``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    from .api import load
    from .errors import DisclosureError

    try:
        answer: tuple[Any, ...] = (_BOOK, load(workbook))
    except DisclosureError as error:
        answer = (_ERROR, error)
    except BaseException:  # a fault of the program: shown as this process shows it
        answer = (_AGAIN,)
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that cannot be sent (what cannot be read back, see _receive)
        data = pickle.dumps((_AGAIN,))
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view):]
