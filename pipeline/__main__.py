"""The gendisclosure command: the script's entry point, and ``python -m pipeline``.

The usual command, ``gendisclosure X.xlsx`` (one workbook, no option), is run without
click: its work (pipeline.generation) and its ending (pipeline.exits) are the generate
command's, and loading click would only take a tenth of a cold run's time. Any other
command line goes to the command line proper (pipeline.cli).

Ctrl-C while the program is still loading (click, Jinja: a tenth of a second) ends it as
Ctrl-C does later, with 已中断 and exit status 130, not with Python's traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import INTERRUPTED, WORKBOOK_SUFFIXES


def usual_workbook(arguments: list[str]) -> Path | None:
    """The workbook of ``gendisclosure X.xlsx``: one argument, an existing file named as a
    workbook (no command and no option looks so); None for any other command line."""
    if len(arguments) != 1 or arguments[0].startswith("-"):
        return None
    workbook = arguments[0]
    if not workbook.lower().endswith(WORKBOOK_SUFFIXES) or not os.path.isfile(workbook):
        return None
    return Path(workbook)


def run() -> None:
    try:
        workbook = usual_workbook(sys.argv[1:])
        if workbook is not None:
            from .exits import exit_status, say, skip_final_collection
            from .generation import Request, generate
        else:
            from .cli import run as command
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        raise SystemExit(130) from None
    if workbook is None:
        command()
        return

    def usual() -> object:
        try:
            return generate(Request((workbook,)))
        except KeyboardInterrupt:  # as on the command line: 已中断 on a line of its own, after ^C
            say("", err=True)
            raise

    try:
        status = exit_status(usual)
    finally:
        skip_final_collection()
    sys.exit(status)


if __name__ == "__main__":
    run()
