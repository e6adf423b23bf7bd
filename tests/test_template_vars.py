"""docs/template.md and the context agree on every variable a template may use."""

from __future__ import annotations

from conftest import ROOT, SAMPLE, edit

from pipeline.api import context_of
from pipeline.template_vars import VARIABLES, paths_of, template_markdown


def full_workbook(path):
    """The sample plus what it leaves empty: a procurement row, last year's running costs,
    training and meeting costs."""
    edit(path, "机关运行经费", "B3", 120)
    for ref, value in zip("ABCDEFGHIJKL", ["办公设备购置", 5, "计算机", "A02010104", "台", 2, 2.5,
                                           5, 0, 0, 0, 0]):
        edit(path, "政府采购", f"{ref}2", value)
    edit(path, "三公经费", "A6", "培训费")
    edit(path, "三公经费", "B6", 1.2)
    edit(path, "三公经费", "C6", 1)
    return path


def test_every_variable_is_documented_and_every_documented_one_exists(sample):
    used = paths_of(context_of(SAMPLE)) | paths_of(context_of(full_workbook(sample)))
    assert sorted(used - set(VARIABLES)) == [], "document these in pipeline/template_vars.py"
    assert sorted(set(VARIABLES) - used) == [], "these are documented but not in the context"


def test_docs_template_md_is_generated_from_the_code():
    doc = (ROOT / "docs" / "template.md").read_text(encoding="utf-8")
    assert doc == template_markdown() + "\n", "regenerate docs/template.md"
