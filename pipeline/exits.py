"""How a command ends: the one place that turns it into a message and the exit status.

0 成功; 1 工作簿、模板或输出有误（:class:`~pipeline.errors.DisclosureError`，已说明原因，
有错的工作簿不写文件）或程序内部错误; 2 命令用法错误（:class:`~pipeline.errors.UsageProblem`）;
130 被中断（已写出的文件完整）. With ``--debug`` an error goes through with its traceback
instead. Click is not needed here: the command line turns click's own exceptions into these
(pipeline.cli), and the entry point's usual command runs without click (pipeline.__main__).
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from typing import Any, Callable

from . import INTERRUPTED
from .errors import DisclosureError, Interrupted, UsageProblem, printable

INTERNAL_ERROR = "程序内部错误（{}）：请把这条信息和所用的工作簿发给维护人员"

_debugging: ContextVar[bool] = ContextVar("gendisclosure_debugging", default=False)


def exit_status(command: Callable[[], Any]) -> int:
    """Run ``command``, say how it ended, and return the process exit status.

    An int that the command returns is the status; a :class:`DisclosureError` prints its
    message and gives its ``exit_code``; Ctrl-C 130; any other exception is a bug of the
    program: 1 with a short notice, or, with ``--debug``, raised on.
    """
    token = _debugging.set(False)
    try:
        result = command()
        return result if isinstance(result, int) else 0
    except KeyboardInterrupt:
        say(INTERRUPTED, err=True)
        return 130
    except DisclosureError as error:
        if _debugging.get() and not isinstance(error, (Interrupted, UsageProblem)):
            raise
        say(str(error), err=True)
        return error.exit_code
    except Exception as error:
        if _debugging.get():
            raise
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        say(INTERNAL_ERROR.format(detail), err=True)
        return 1
    finally:
        _debugging.reset(token)


def debug_from_now() -> None:
    """--debug was given: errors go through with their tracebacks."""
    _debugging.set(True)


def debugging() -> bool:
    return _debugging.get()


def say(text: str, err: bool = False) -> None:
    """Print a line, its control characters escaped (see errors.printable); nothing where
    the stream is closed."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    line = printable(text) + "\n"
    binary = getattr(stream, "buffer", None)
    if binary is not None and _ascii_only(stream):
        # A stream declared ASCII (PYTHONIOENCODING=ascii, a bare C locale) gets UTF-8,
        # as the command line's click.echo gives it: the line is printed, never an
        # encoding error that would stop the run.
        stream.flush()
        binary.write(line.encode("utf-8", "replace"))
        binary.flush()
        return
    try:
        stream.write(line)
    except UnicodeEncodeError:  # a name the stream's code page lacks (cp936/GBK: 𠮷) is shown escaped
        encoding = stream.encoding
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def _ascii_only(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def skip_final_collection() -> None:
    """At the end of a command: Python's collections at exit would walk every object still
    alive (25 ms of a single run) to free memory that the system frees anyway; atexit
    handlers still run. So the program closes its files and removes its temporary folders
    itself (``with``), never in ``__del__``: an object in a reference cycle is not
    finalized at exit."""
    import gc

    gc.freeze()
