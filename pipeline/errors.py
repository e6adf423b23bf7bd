"""One exception base for everything a user can cause, and the findings it carries.

The command line maps :class:`DisclosureError` to the process exit status in one place
(``pipeline.cli``; see README: 0 成功, 1 输入或模板有误, 2 用法错误, 130 被中断).

Messages quote cell values and file names, which may hold control characters (ESC starts
a terminal command), bidi overrides (which reorder what a reader sees) or lone surrogates
(which cannot be encoded for printing). :func:`printable` shows each of them escaped, as
``\\x1b`` or ``\\u202e``; findings and errors apply it whenever they become text.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

# C0 controls except tab and newline, DEL and the C1 controls, invisible format and bidi
# characters, line/paragraph separators, the byte-order mark, tag characters, surrogates and
# the two non-characters XML cannot hold. Python counts each of them unprintable
# (str.isprintable), so a text it counts printable needs no escaping; the pattern, a text,
# is compiled by re for the first text that may (its compiling costs more than a run prints).
UNSAFE = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
          "\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every unsafe character written as its escape (``\\x1b``, ``\\u202e``).

    Newlines and tabs stay as they are: the tool puts newlines between findings and in
    some messages, and a newline typed in a cell (Alt+Enter) does nothing to a terminal.
    Backslashes stay too (Windows paths); the result can be printed on any terminal and
    encoded as UTF-8 without error. Applying it twice changes nothing.
    """
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return re.sub(UNSAFE, _escape, text)


# what the operating system says, in the clerk's words (its own text is English on Linux
# and macOS): errno's name → the reason, for files and for the web page's network address
FILE_REASONS = {
    "EACCES": "没有权限", "EPERM": "没有权限",
    "ENOSPC": "磁盘空间已满", "EDQUOT": "超出了磁盘配额",
    "EROFS": "磁盘或文件夹是只读的",
    "ENAMETOOLONG": "文件名或路径太长",
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中的某一段是文件，不是文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "EEXIST": "那里已有同名的文件",
    "EBUSY": "文件正被其他程序使用", "ETXTBSY": "文件正被其他程序使用",
    "EMFILE": "同时打开的文件太多", "ENFILE": "同时打开的文件太多",
    "EIO": "读写出错（磁盘或网络驱动器故障）",
    "EINVAL": "系统不接受这个文件名或这种写入（文件名可能含有 \\ / : * ? \" < > | 等字符，"
              "或网络文件夹不支持）",
}
NETWORK_REASONS = {
    "EADDRINUSE": "端口已被其他程序占用",
    "EACCES": "没有权限使用这个端口（可能被系统保留，或 1024 以下的端口需要管理员权限）",
    "EADDRNOTAVAIL": "本机没有这个网络地址", "EINVAL": "这个地址不能用来启动网页",
}
# a read failing through no fault of the file (the disk's, the system's: too many files open)
DISK_FAULTS = frozenset({"EACCES", "EPERM", "EIO", "EBUSY", "EMFILE", "ENFILE"})
_WINDOWS_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE, which Python reports as ENOENT


def disk_fault(error: BaseException) -> bool:
    """Did reading fail for the disk's or the system's sake (not a damaged file)?"""
    import errno

    return isinstance(error, OSError) and any(error.errno == getattr(errno, n, None) for n in DISK_FAULTS)


def os_reason(error: OSError, network: bool = False) -> str:
    """Why the operating system refused, in Chinese; the system's own words for the rest."""
    import errno
    import socket

    if isinstance(error, (socket.gaierror, socket.herror)):  # their numbers are not errno's
        return "找不到这个主机名或地址"
    if getattr(error, "winerror", None) == _WINDOWS_TOO_LONG:
        return FILE_REASONS["ENAMETOOLONG"]
    reasons = NETWORK_REASONS if network else FILE_REASONS
    # by number: on Windows two names share one (EADDRINUSE and WSAEADDRINUSE are 10048)
    for name, reason in reasons.items():
        if error.errno is not None and error.errno == getattr(errno, name, None):
            return reason
    said = error.strerror or str(error) or type(error).__name__
    return f"系统错误：{said}"


class Finding(NamedTuple):  # a record: a tuple is made faster than a dataclass
    """One problem found in a workbook: where it is and which rule it breaks.

    The fields keep what the workbook holds; ``str()`` and :meth:`as_dict` are the
    printable forms.
    """

    file: str
    sheet: str  # "" when the problem concerns the whole file
    cell: str  # e.g. "C7"; "" when it concerns a whole sheet
    rule: str  # short rule id, e.g. "收支平衡"
    message: str  # the Chinese sentence the clerk reads
    level: str = "error"  # error | warning

    def location(self) -> str:
        if self.sheet and self.cell:
            return f"{self.file} {self.sheet}!{self.cell}"
        if self.sheet:
            return f"{self.file} {self.sheet}"
        return self.file

    def __str__(self) -> str:
        """One line: a line break the message quotes from a cell (Alt+Enter) shows as ⏎."""
        prefix = "警告：" if self.level == "warning" else ""
        return printable(f"{self.location()}: {prefix}{self.message}".replace("\n", "⏎"))

    def as_dict(self) -> dict[str, Any]:
        return {key: printable(value) if isinstance(value, str) else value
                for key, value in self._asdict().items()}


def whole_file(error: Exception, file: str) -> Finding:
    """A problem of the whole file (not an .xlsx, damaged, beyond a limit) as a finding."""
    message = str(error.args[0]) if error.args else str(error)
    if message.startswith(f"{file}: "):
        message = message[len(file) + 2:]
    return Finding(file, "", "", "文件", message)


def findings_of(error: DisclosureError, file: str) -> list[Finding]:
    """An error's findings, led by one of the whole file where none names a cell's error."""
    findings = list(error.findings)
    if not any(f.level == "error" for f in findings):
        findings.insert(0, whole_file(error, file))
    return findings


class CountsFindings:
    """Mixed into a record with a ``findings`` list: how many are errors and warnings."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level != "error" for f in self.findings)


class DisclosureError(Exception):
    """Base of every error a user can cause; carries a Chinese message.

    ``exit_code`` is the process exit status the command line ends with.
    """

    exit_code = 1
    shown = 200  # findings printed; the rest are counted (all of them are in --json)

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings or [])

    @property
    def message(self) -> str:
        """The message, printable (see :func:`printable`)."""
        return printable(self._message)

    @message.setter
    def message(self, text: str) -> None:
        self._message = text

    def __str__(self) -> str:
        if not self.findings:
            return self.message
        lines = [self.message, *(str(f) for f in self.findings[: self.shown])]
        if len(self.findings) > self.shown:
            lines.append(f"……另有 {len(self.findings) - self.shown} 条未列出（用 check --json 查看全部）")
        return "\n".join(lines)


class WorkbookError(DisclosureError):
    """The workbook cannot be read or breaks the format's rules."""


class TemplateProblem(DisclosureError):
    """The .docx template is missing, not a template, or has a tag error."""


class OutputError(DisclosureError):
    """The document cannot be written where asked."""


class UsageProblem(DisclosureError):
    """A command given options that do not go together, or a name of the wrong kind."""

    exit_code = 2


class Interrupted(DisclosureError):
    """Ctrl-C or SIGTERM stopped the run; the message says what was finished."""

    exit_code = 130
