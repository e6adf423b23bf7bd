"""One exception base for everything a user can cause, and the findings it carries.

The CLI catches :class:`DisclosureError` once and maps ``exit_code`` to the process
exit status (see README: 0 成功, 1 输入或模板有误, 2 用法错误).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    """One problem found in a workbook: where it is and which rule it breaks."""

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
        prefix = "警告：" if self.level == "warning" else ""
        return f"{self.location()}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class DisclosureError(Exception):
    """Base of every error a user can cause; carries a Chinese message."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings or [])

    shown = 200  # findings printed; the rest are counted (all of them are in --json)

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
