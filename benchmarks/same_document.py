"""One document in the syntax of each template engine, so that engines can be timed on it.

The document is the sample's (inputs/2021.xlsx), as templates/disclosure.docx prints it:
its paragraphs of text, the 整体绩效指标 table and the 34 project tables (caption, 项目名称,
绩效目标 and one row per indicator). Each engine's template is the shipped template's
package (styles, fonts, theme: the same zip to write) with that body in the engine's
tags: docxtpl (Jinja), docxtemplater ({#loop}) and Carbone ({d.list[i]}). The engines
differ in features (the shipped template's merged cells and conditions are left out), so
they are compared on this document; this program's own figures use the real template.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "2021.xlsx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLUMNS = ("l1", "l2", "l3", "v", "basis")
HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "确定依据")

# the tags of each engine: a paragraph loop, a row loop, a value
SYNTAX: dict[str, dict[str, Any]] = {
    "docxtpl": {
        "p_open": "{{%p for {item} in {items} %}}", "p_close": "{{%p endfor %}}",
        "value": "{{{{ {item}.{field} }}}}",
        "row_open": "{{%tr for {item} in {items} %}}", "row_close": "{{%tr endfor %}}",
    },
    "docxtemplater": {
        "p_open": "{{#{items}}}", "p_close": "{{/{items}}}", "value": "{{{field}}}",
        "row_first": "{{#{items}}}{{{field}}}", "row_last": "{{{field}}}{{/{items}}}",
    },
    "carbone": {"value": "{{d.{path}[{i}].{field}}}"},
}


def data(context: dict[str, Any], rendered: Path) -> dict[str, Any]:
    """The document's content, from the sample's context and the document made from it."""
    from docx import Document

    projects = []
    for project in context["项目表"]:
        rows = [_row(group["一级指标"], indicator) for group in project["指标组"]
                for indicator in group["指标"]]
        projects.append({"caption": project["表名"], "name": project["项目名称"],
                         "goal": project["绩效目标"], "rows": rows})
    overall = [_row(group["一级指标"], indicator) for group in context["整体绩效指标"]
               for indicator in group["指标"]]
    paragraphs = [p.text for p in Document(str(rendered)).paragraphs if p.text.strip()]
    first = paragraphs.index(projects[0]["caption"])
    last = paragraphs.index(projects[-1]["caption"])
    captions = {p["caption"] for p in projects}
    outro = [t for t in paragraphs[last + 1:] if t not in captions]
    return {"intro": [{"t": t} for t in paragraphs[:first]], "overall": overall,
            "projects": projects, "outro": [{"t": t} for t in outro]}


def _row(level1: str, indicator: dict[str, Any]) -> dict[str, str]:
    return {"l1": level1, "l2": indicator["二级指标"], "l3": indicator["三级指标"],
            "v": indicator["指标值"], "basis": indicator["确定依据"]}


def templates(folder: Path) -> dict[str, Path]:
    """The document's template for each engine, in ``folder``."""
    return {engine: _template(engine, folder / f"bench-{engine}.docx") for engine in SYNTAX}


def _template(engine: str, path: Path) -> Path:
    from docx import Document

    document = Document(str(ROOT / "templates" / "disclosure.docx"))
    body = document.element.body
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)
    write = _Writer(engine, document)
    write.paragraphs("intro", "t")
    write.table("overall", [HEADER[:4]], COLUMNS[:4])
    write.projects()
    write.paragraphs("outro", "t")
    document.save(str(path))
    return path


class _Writer:
    def __init__(self, engine: str, document: Any) -> None:
        self.engine, self.document = engine, document
        self.tags = SYNTAX[engine]

    def value(self, items: str, field: str, i: str = "i", item: str = "x") -> str:
        if self.engine == "carbone":
            return self.tags["value"].format(path=items, i=i, field=field)
        return self.tags["value"].format(item=item, field=field)

    def paragraphs(self, items: str, field: str) -> None:
        add = self.document.add_paragraph
        if self.engine == "carbone":
            add(self.value(items, field))
            add(self.value(items, field, "i+1"))
            return
        add(self.tags["p_open"].format(item="x", items=items))
        add(self.value(items, field))
        add(self.tags["p_close"].format(item="x", items=items))

    def table(self, items: str, fixed: list[tuple[str, ...]], fields: tuple[str, ...],
              item: str = "r") -> None:
        """A table: ``fixed`` rows, then one row per item of ``items``."""
        table = self.document.add_table(rows=0, cols=len(fields))
        for texts in fixed:
            self._row(table, texts)
        if self.engine == "docxtpl":
            self._row(table, (self.tags["row_open"].format(item=item, items=items),))
            self._row(table, [self.value(items, f, item=item) for f in fields])
            self._row(table, (self.tags["row_close"].format(),))
        elif self.engine == "docxtemplater":
            cells = [self.value(items, f) for f in fields]
            cells[0] = self.tags["row_first"].format(items=items, field=fields[0])
            cells[-1] = self.tags["row_last"].format(items=items, field=fields[-1])
            self._row(table, cells)
        else:
            self._row(table, [self.value(items, f) for f in fields])
            self._row(table, [self.value(items, fields[0], "i+1")])

    def projects(self) -> None:
        add = self.document.add_paragraph
        if self.engine == "carbone":
            add(self.value("projects", "caption"))
            table = self.document.add_table(rows=0, cols=5)
            self._row(table, ("项目名称", self.value("projects", "name")))
            self._row(table, ("绩效目标", self.value("projects", "goal")))
            self._row(table, HEADER)
            # Carbone's nested loops use i too: {d.projects[i].rows[i].l1}
            self._row(table, [self.value("projects[i].rows", f) for f in COLUMNS])
            self._row(table, [self.value("projects[i].rows", COLUMNS[0], "i+1")])
            add(self.value("projects", "caption", "i+1"))
            return
        add(self.tags["p_open"].format(item="p", items="projects"))
        add(self.value("projects", "caption", item="p"))
        name, goal = self.value("", "name", item="p"), self.value("", "goal", item="p")
        rows = "p.rows" if self.engine == "docxtpl" else "rows"
        self.table(rows, [("项目名称", name), ("绩效目标", goal), HEADER], COLUMNS)
        add(self.tags["p_close"].format(item="p", items="projects"))

    @staticmethod
    def _row(table: Any, texts: Any) -> None:
        cells = table.add_row().cells
        for cell, text in zip(cells, texts):
            cell.text = text


def write_data(context: dict[str, Any], rendered: Path, path: Path) -> dict[str, Any]:
    content = data(context, rendered)
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return content
