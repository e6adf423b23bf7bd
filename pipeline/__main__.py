"""The gendisclosure command: the script's entry point, and ``python -m pipeline``.

Ctrl-C while the program is still loading (click, Jinja: a tenth of a second) ends it as
Ctrl-C does later, with 已中断 and exit status 130, not with Python's traceback. A command
of one existing file (``gendisclosure X.xlsx``, the usual one) has the file read ahead
meanwhile (pipeline.read_ahead); the generate command takes it over when the file is the
workbook it generates, and whatever was not taken over ends with the program.
"""

from __future__ import annotations

import sys

from . import INTERRUPTED


def run() -> None:
    ahead = None
    try:
        try:
            from .read_ahead import for_arguments

            # `gendisclosure X.xlsx`: X begins to be read while click and Jinja load
            ahead = for_arguments(sys.argv[1:])
            from .cli import run as command
        except KeyboardInterrupt:
            sys.stderr.write(INTERRUPTED + "\n")
            raise SystemExit(130) from None
        command(ahead)
    finally:
        if ahead is not None:
            ahead.close()


if __name__ == "__main__":
    run()
