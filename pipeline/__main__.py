"""The gendisclosure command: the script's entry point, and ``python -m pipeline``.

Ctrl-C while the program is still loading (click, Jinja: a tenth of a second) ends it as
Ctrl-C does later, with 已中断 and exit status 130, not with Python's traceback.
"""

from __future__ import annotations

import sys

from . import INTERRUPTED


def run() -> None:
    try:
        from .cli import run as command
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        raise SystemExit(130) from None
    command()


if __name__ == "__main__":
    run()
