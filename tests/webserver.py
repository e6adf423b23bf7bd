"""A real waitress server on a free port, in a thread, for the web tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask


@contextmanager
def running(app: Flask, threads: int = 8) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 and a free port; yield its address."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(5)
