"""The library API: one function per thing a user does; the CLI is a thin layer over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Finding

if TYPE_CHECKING:
    from .render import Renderer


@dataclass
class Result:
    """What one generation produced."""

    workbook: Path
    output: Path
    warnings: list[Finding] = field(default_factory=list)
    document: bytes = b""  # the .docx written to ``output``


def load(workbook: str | Path, label: str | None = None) -> dict[str, Any]:
    """Read and validate a workbook; return clean data (raises WorkbookError)."""
    from .read import read_workbook
    from .validate import validate

    return validate(read_workbook(workbook, label))


def context_of(workbook: str | Path, label: str | None = None) -> dict[str, Any]:
    """The template context of one workbook."""
    from .context import build_context

    book = load(workbook, label)
    context = build_context(book)
    return context


def output_path(workbook: str | Path, outdir: str | Path) -> Path:
    """outputs/2021.docx for inputs/2021.xlsx."""
    return Path(outdir) / (Path(workbook).stem + ".docx")


def generate(
    workbook: str | Path,
    outdir: str | Path = "outputs",
    template: str | Path | None = None,
    label: str | None = None,
) -> Result:
    """Read → validate → build context → render → write one department's document.

    Nothing is written unless every stage succeeded.
    """
    from .render import Renderer, resolve_template

    return produce(workbook, output_path(workbook, outdir), Renderer(resolve_template(template)), label)


def produce(workbook: str | Path, output: Path, renderer: Renderer, label: str | None = None) -> Result:
    """The pipeline for one workbook with an already compiled template (see batch)."""
    from .context import build_context
    from .coverage import left_out
    from .write import write_atomic

    book = load(workbook, label)
    context = build_context(book)
    document, shown = renderer.render_showing(context, int(context["年度"]))
    warnings = book["warnings"] + left_out(book, shown, renderer.path.stem)
    target = write_atomic(output, document)
    return Result(Path(workbook), target, warnings, document)


def check_template(template: str | Path, book: dict[str, Any], context: dict[str, Any]) -> list[Finding]:
    """Compile a template and try it on one workbook: raises TemplateProblem naming every
    unknown top-level variable, or the first unknown field or broken tag; returns a warning
    for each filled cell of the workbook that the template leaves out."""
    from .coverage import left_out
    from .render import Renderer, resolve_template

    renderer = Renderer(resolve_template(template))
    problem = renderer.unknown_problem(context)
    if problem:
        raise problem
    _, shown = renderer.render_showing(context)
    return left_out(book, shown, renderer.path.stem)


def shipped_templates() -> list[tuple[str, str]]:
    """(name, one-line description) of each template shipped with the tool; the
    description is the .docx's own “备注” property (File → Properties in Word)."""
    import re
    import zipfile
    from html import unescape

    from .render import shipped_templates as folder

    out = []
    for path in sorted(folder().glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
        found = re.search(r"<dc:description>([^<]*)</dc:description>", core)
        out.append((path.stem, unescape(found.group(1)) if found else ""))
    return out


def export_template(name: str, target: str | Path, force: bool = False) -> Path:
    """Copy a shipped template out for editing in Word, WPS or LibreOffice."""
    from .errors import OutputError, TemplateProblem
    from .render import shipped_templates as folder
    from .write import write_atomic

    source = folder() / f"{Path(name).stem}.docx"
    if not source.is_file():
        known = "、".join(n for n, _ in shipped_templates())
        raise TemplateProblem(f"没有名为“{name}”的自带模板：可选 {known}（gendisclosure template list）")
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: 模板的文件名要以 .docx 结尾")
    if target.exists() and not force:
        raise OutputError(f"{target}: 文件已存在，未覆盖（要覆盖请加 --force）")
    return write_atomic(target, source.read_bytes())
