"""Reading one workbook in a second process while this one loads the template engine.

A cold ``gendisclosure X.xlsx`` spends about a third of its time importing Jinja and the
renderer and another third reading and checking the workbook; neither needs the other.
Where the system can fork (Linux), :func:`start` forks a copy of the process that reads
and checks the workbook and builds its context (:func:`pipeline.api.loaded_context`) and
sends them back through a pipe, while this process goes on to load the template;
:meth:`ReadAhead.loaded` then returns them, or raises the error the reading raised, as
:func:`~pipeline.api.loaded_context` would have in this process. The generate command
(pipeline.generation) starts one for a lone workbook.

The copy writes nothing but its answer to the pipe (its standard streams go to the null
device), ignores Ctrl-C (this process ends it on :meth:`ReadAhead.close`), ends as soon as
this process is gone (killed before it could end the copy) and leaves by ``os._exit``,
never returning into the caller's code. Where it cannot answer — killed,
out of memory, a fault of the program rather than of the workbook — the workbook is read
again in this process, so that what the user sees is what a run without the copy shows.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Loaded

_LOADED, _ERROR, _AGAIN = "loaded", "error", "again"


def start(workbook: Path) -> ReadAhead | None:
    """The workbook being read in a forked copy of this process; None where forking is not
    available, not safe (threads running: a thread's lock held at the fork would stay held
    in the copy) or no faster (one processor for this process: the copy would only take
    turns with it)."""
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() != 1 \
            or len(os.sched_getaffinity(0)) < 2:
        return None
    try:
        return ReadAhead(workbook)
    except OSError:  # no process or pipe to be had (a limit of the system): read it here
        return None


class ReadAhead:
    """One workbook read and checked by a child process (see the module's text)."""

    def __init__(self, workbook: Path) -> None:
        self.path = workbook
        readable, writable = os.pipe()
        try:
            # room for the whole answer of a usual workbook: the copy need not wait for
            # this process to read (Linux's default is 64 KiB; the sample's answer ~220 KiB)
            import fcntl

            fcntl.fcntl(writable, fcntl.F_SETPIPE_SZ, 1 << 20)
        except (ImportError, AttributeError, OSError):  # a smaller limit for pipes: as it is
            pass
        try:
            self.pid: int | None = os.fork()
        except OSError:
            os.close(readable)
            os.close(writable)
            raise
        if self.pid == 0:  # the copy: answer, then leave whatever happens
            try:
                os.close(readable)
                _answer(writable, workbook)
            finally:
                os._exit(0)
        os.close(writable)
        self.pipe: int | None = readable

    def loaded(self) -> Loaded:
        """What pipeline.api.loaded_context returns for the workbook (raises what it raises)."""
        from .api import loaded_context

        answer = self._receive()
        if answer[0] == _LOADED:
            return answer[1]
        if answer[0] == _ERROR:
            raise answer[1]
        return loaded_context(self.path)

    def _receive(self) -> tuple[Any, ...]:
        import pickle

        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):  # type: ignore[arg-type]
                chunks.append(chunk)
        finally:
            self.close()
        answer = b"".join(chunks)
        chunks.clear()  # its bytes held once, not twice, while the answer is unpickled
        try:
            return pickle.loads(answer) if answer else (_AGAIN,)
        except Exception:  # cut short: the copy was killed while writing
            return (_AGAIN,)

    def close(self) -> None:
        """End the copy if it still runs and release the pipe (idempotent)."""
        if self.pipe is not None:
            pipe, self.pipe = self.pipe, None  # never closed twice, even if interrupted here
            os.close(pipe)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped by the system: SIGCHLD ignored by whoever started us
                pass
            self.pid = None

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _answer(pipe: int, workbook: Path) -> None:
    """In the copy: read and check the workbook, build its context and write the pickled
    outcome to ``pipe``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if pipe <= 2:  # a standard stream was closed when the program began: the pipe took its number
        import fcntl

        moved = fcntl.fcntl(pipe, fcntl.F_DUPFD_CLOEXEC, 3)
        os.close(pipe)
        pipe = moved
    _end_with_the_reader(pipe)
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    if quiet > 2:
        os.close(quiet)
    import pickle

    from .api import loaded_context
    from .errors import DisclosureError

    try:
        answer: tuple[Any, ...] = (_LOADED, loaded_context(workbook))
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


def _end_with_the_reader(pipe: int) -> None:
    """In the copy: leave at once when no process reads ``pipe`` any more (the program ended,
    even killed by a signal that gave it no time to end the copy), instead of reading on for
    nobody."""
    import select
    import threading

    def watch() -> None:
        poller = select.poll()
        poller.register(pipe, 0)  # wakes only on an error: the reading end is closed
        poller.poll()
        os._exit(0)

    try:
        threading.Thread(target=watch, name="gendisclosure-reader-gone", daemon=True).start()
    except RuntimeError:  # no thread to be had (a limit of the system): it ends once it has answered
        pass
