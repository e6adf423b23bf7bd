"""Serving the web application with waitress: safe defaults, and the browser opened.

Bound to 127.0.0.1 unless told otherwise; bound to any other address, the server needs
a password file and refuses to start without one. Several clerks at once are served by
waitress's threads (see pipeline.web.app for what they share).
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import signal
import sys
import threading
import urllib.request
import webbrowser
from pathlib import Path
from typing import Callable

from ..errors import DisclosureError, os_reason
from .app import Settings, create_app

THREADS = 8
MAX_BODY = 200 * 1024 * 1024  # beyond this waitress refuses before the application sees it


class ServeProblem(DisclosureError):
    """The server cannot start as asked (port taken, password file unreadable …)."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_password(path: Path) -> str:
    """The password: the file's first line, without surrounding spaces."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ServeProblem(f"{path}: 无法读取密码文件（{os_reason(exc)}）") from exc
    except UnicodeDecodeError as exc:
        raise ServeProblem(f"{path}: 密码文件不是 UTF-8 文字：请用记事本另存为 UTF-8 后再试") from exc
    password = (text.splitlines() or [""])[0].strip()
    if len(password) < 8:
        raise ServeProblem(f"{path}: 密码文件的第一行是密码，至少 8 个字符（现在是 {len(password)} 个）")
    return password


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def serve(host: str = "127.0.0.1", port: int = 8000, folder: Path | None = None,
          outdir: Path = Path("outputs"), password_file: Path | None = None,
          open_browser: bool = True, say: Callable[[str], None] = print,
          approved: Path | None = None, previous: Path | None = None) -> None:
    """Run the web application until Ctrl-C (KeyboardInterrupt is raised on). ``approved``
    and ``previous`` (the 批复, last year's summary) are read first: one that cannot be
    used raises its WorkbookError, and nothing is started."""
    from waitress import create_server

    if not is_loopback(host) and password_file is None:
        raise ServeProblem(
            f"--host {host} 让其他电脑也能打开网页，必须同时用 --password-file 给出汇总页的密码文件"
            "（文本文件，第一行是密码，至少 8 个字符）；只在本机使用时去掉 --host")
    password = read_password(password_file) if password_file is not None else None
    if folder is not None and not folder.is_dir():
        raise ServeProblem(f"{folder}: 文件夹不存在（--folder 要给出各部门工作簿所在的文件夹）")
    if folder is None and (approved is not None or previous is not None):
        raise ServeProblem("--approved 和 --previous-summary 用于汇总页，要与 --folder 文件夹 一起使用")
    settings = Settings(folder=folder, outdir=outdir, password=password, approved=approved,
                        previous=previous)
    app = create_app(settings)
    page = "/folder" if folder is not None else "/"
    try:
        server = create_server(app, host=host, port=port, threads=THREADS, ident="gendisclosure",
                               max_request_body_size=MAX_BODY, clear_untrusted_proxy_headers=True)
    except OSError as exc:
        _cleanup(settings.temp_root)
        url = url_of(host, port) + page
        running = _ours(url_of("127.0.0.1" if is_loopback(host) or host in ("0.0.0.0", "::") else host, port))
        if running is not None and running != settings.fingerprint():
            raise ServeProblem(f"端口 {port} 上已经有一个网页在运行，但它打开的是别的文件夹或设置：请先关闭那个网页的"
                               f"窗口（或在那里按 Ctrl+C），再运行这条命令；或用 --port {port + 1} 另开一个") from exc
        if running is not None:
            say(f"网页已经在运行：{url}")
            if open_browser:
                _open(url)
            return
        raise ServeProblem(f"无法在 {host} 的端口 {port} 上启动网页（{os_reason(exc, network=True)}）："
                           f"请用 --port 换一个端口，如 --port {port + 1}") from exc
    actual = getattr(server, "effective_port", port)
    url = url_of(host, actual) + page
    site = app.extensions["gendisclosure"]
    threading.Thread(target=site.warm, name="gendisclosure-warm", daemon=True).start()
    if site.index is not None:
        site.index.refresh(wait=0)  # the folder is read while the browser opens
    say(f"网页已启动：{url}")
    if not is_loopback(host):
        say("其他电脑用本机的 IP 地址打开，如 " + url_of("本机IP", actual) + page
            + "；汇总页需要密码")
    say("关闭这个窗口或按 Ctrl+C 停止")
    if open_browser:
        threading.Timer(0.8, _open, args=(url,)).start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # a service manager's stop cleans up too
    try:
        server.run()
    finally:
        server.close()
        _cleanup(settings.temp_root)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def interactive() -> bool:
    """Started from a terminal or by double-click, where someone will look at the browser."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _open(url: str) -> None:
    # without a display, Linux's fallback browsers are text browsers that would take
    # over this terminal: open a browser only where one can be shown
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    try:
        webbrowser.open(url)
    except Exception:
        pass


def _ours(url: str) -> str | None:
    """What the gendisclosure page answering at ``url`` serves (Settings.fingerprint), or
    None when none answers there."""
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
            said = json.loads(answer.read().decode("utf-8"))
    except Exception:
        return None
    if not isinstance(said, dict) or said.get("app") != "gendisclosure":
        return None
    return str(said.get("serving", ""))


def _cleanup(root: Path | None) -> None:
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
