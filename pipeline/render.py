"""Stage 4, render: merge the context into the .docx template with docxtpl.

Rendering is autoescaped (``& < >`` in the data come out literally) and runs in
Jinja's sandbox: a template is a document, not a program.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .errors import TemplateProblem


def default_template() -> Path:
    """The template shipped with the tool: templates/disclosure.docx.

    Installed, it lies in the package (pipeline/templates/); run from a source checkout,
    in the checkout's templates/ folder.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "disclosure.docx").is_file():
            return folder / "disclosure.docx"
    raise TemplateProblem("找不到自带的模板 disclosure.docx：请重新安装 gendisclosure，或用 --template 指定模板")


def render(template_path: str | Path, context: dict[str, Any]) -> bytes:
    """Render one document; return the .docx bytes."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    path = Path(template_path)
    if not path.is_file():
        raise TemplateProblem(f"{path}: 模板文件不存在")
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except Exception as exc:
        raise TemplateProblem(f"{path}: 不是有效的 Word 模板（.docx）：{exc}") from exc
    env = SandboxedEnvironment(autoescape=True)
    try:
        template.render(with_line_breaks(context), jinja_env=env, autoescape=True)
    except TemplateError as exc:
        around = "\n".join(line for line in getattr(exc, "docx_context", []) if line.strip())
        where = f"\n模板中出错位置附近的文字：\n{around}" if around else ""
        raise TemplateProblem(f"{path}: 模板标签有误：{exc}{where}") from exc
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def with_line_breaks(value: Any) -> Any:
    """Text with line breaks (Alt+Enter in a cell) becomes line breaks in Word."""
    from docxtpl import Listing

    if isinstance(value, str):
        return Listing(value) if "\n" in value or "\t" in value else value
    if isinstance(value, dict):
        return {k: with_line_breaks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_line_breaks(v) for v in value]
    return value
