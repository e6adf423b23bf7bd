"""Cerberus schemas, one per sheet, generated from the format (pipeline/workbook_format.py).

Each column's kind, whether it is required and its allowed values are declared once, in
the format; this module only turns them into cerberus rules. Table and paragraph sheets
are checked one record (row) at a time; key/value sheets as one document whose fields are
the keys. The custom rules (``amount``, ``quantity``, ``year``, ``indicator_value``,
``subject_code``, ``xml_safe``) live in :mod:`pipeline.cell_validator`; rules over several fields or sheets in
:mod:`pipeline.checks`.
"""

from __future__ import annotations

from .workbook_format import FORMATS, Column

KIND_RULES = {  # a column's kind → the cerberus rule that checks its value
    "text": {"type": "string", "xml_safe": True},
    "amount": {"amount": True},  # 万元, ≥ 0, at most 6 decimals
    "quantity": {"quantity": True},  # a count or area, ≥ 0
    "int": {"year": True},  # the budget year
    "indicator_value": {"indicator_value": True},  # a number, or a qualitative target's text
    "function_code": {"subject_code": "function_code"},  # 支出功能分类 科目编码: 3/5/7 digits
    "economic_code": {"subject_code": "economic_code"},  # 经济分类 科目编码: 3/5 digits
}


def schema_of(column: Column) -> dict:
    """The cerberus rules of one column (or one key of a key/value sheet)."""
    rules = {**KIND_RULES[column.kind], "nullable": not column.required}
    if column.required:
        rules["required"] = True
    if column.allowed:
        rules["allowed"] = list(column.allowed)
    return rules


SCHEMAS: dict[str, dict] = {  # the department's sheets, the 批复 and last year's summary
    sheet.name: {c.header: schema_of(c) for c in (sheet.keys if sheet.kind == "kv" else sheet.columns)}
    for sheet in FORMATS
}
