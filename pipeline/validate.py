"""Stage 2, validate: every cell against its sheet's schema, then the cross-sheet checks.

All problems are collected and raised together as one :class:`WorkbookError`; warnings
(publishable but suspicious) are returned with the clean data. The clean data has the
same shape as the reader's, with amounts turned into ``Decimal`` and key/value sheets
turned into one record each.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from itertools import takewhile
from typing import Any

# plausibility, review and subject_checks hold rules of their own; importing them registers
# those in checks
from . import checks, plausibility, review, subject_checks  # noqa: F401
from .errors import Finding, WorkbookError
from .figures import fmt, to_decimal
from .row_checks import key_check, row_check
from .schemas import SCHEMAS
from .structure import outside_sheets, records_of
from .subjects import code_text
from .workbook_format import EXAMPLE_MARK, SHEETS, Sheet
from .xlsx import column_number


def validate(raw: dict[str, Any]) -> dict[str, Any]:
    """Check a read workbook; return clean data with ``warnings``, or raise WorkbookError."""
    file = raw["file"]
    findings: list[Finding] = []
    sheets: dict[str, Any] = {}
    for sheet in SHEETS:
        data = records_of(file, sheet, raw["sheets"].get(sheet.name), findings, raw.get("names", ()))
        if data is None:  # missing, optional and absent, or without its header
            if not sheet.optional or sheet.name in raw["sheets"]:
                sheets[sheet.name] = {"columns": {}, "records": [], "rows": {}}
            continue
        if sheet.kind == "kv":
            sheets[sheet.name] = _validate_kv(file, sheet, data, findings)
        else:
            sheets[sheet.name] = _validate_rows(file, sheet, data, findings)
    findings.extend(outside_sheets(file, raw.get("others", {})))
    clean = {"file": file, "sheets": sheets}
    # a rule over a sheet runs unless the sheet lost records to an error; blank, hidden or
    # merged rows are reported but leave the records whole
    blocked = {f.sheet for f in findings if f.level == "error" and f.rule not in KEEPS_RECORDS}
    findings.extend(checks.run_all(clean, blocked))
    findings.sort(key=_position)
    errors = [f for f in findings if f.level == "error"]
    if errors:
        raise WorkbookError(f"{file}: 发现 {len(errors)} 处错误，未生成文档", findings)
    clean["warnings"] = [f for f in findings if f.level == "warning"]
    return clean


def validate_table(file: str, sheet: Sheet, raw: Any) -> tuple[dict[str, Any], list[Finding]]:
    """One table sheet of another kind of workbook (the 批复, last year's summary), judged as
    a department's sheets are: its structure, then each row against the schema generated
    from its declaration. Returns ``{"columns": header → letter, "records": [...]}`` (the
    valid rows, amounts as Decimal, ``_row`` the sheet row; a row with a problem is left
    out) and every finding, in reading order."""
    findings: list[Finding] = []
    data = records_of(file, sheet, raw, findings)
    if data is None:
        return {"columns": {}, "records": []}, findings
    clean = _validate_rows(file, sheet, data, findings)
    findings.sort(key=_position)
    return clean, findings


SHEET_ORDER = {sheet.name: i for i, sheet in enumerate(SHEETS)}
KEEPS_RECORDS = {"空行", "隐藏行", "筛选", "隐藏列", "隐藏工作表"}


def _position(finding: Finding) -> tuple:
    """Findings in the order a clerk reads the workbook: sheet, row, column."""
    letters = "".join(takewhile(str.isupper, finding.cell))  # "C12" → C, 12; "B" → B, 0; "A1:B2" → A, 1
    digits = "".join(takewhile(str.isdigit, finding.cell[len(letters):]))
    return SHEET_ORDER.get(finding.sheet, len(SHEET_ORDER)), int(digits or 0), column_number(letters)


def _converted(document: dict, sheet_name: str) -> dict:
    """The valid document with its amounts as Decimal and its 科目编码 as digits (cerberus's own
    coercion is slow)."""
    conversions = _conversions(sheet_name)
    return {k: conversions[k](v) if v is not None and k in conversions else v
            for k, v in document.items()}


@cache
def _conversions(sheet_name: str) -> dict[str, Callable[[Any], Any]]:
    """How each field of a sheet's schema that is not kept as it is becomes clean data."""
    conversions: dict[str, Callable[[Any], Any]] = {}
    for field, rules in SCHEMAS[sheet_name].items():
        if rules.get("amount") or rules.get("quantity"):
            conversions[field] = to_decimal
        elif rules.get("subject_code"):
            conversions[field] = code_text
    return conversions


def _validate_rows(file: str, sheet: Sheet, data: dict, findings: list[Finding]) -> dict:
    schema = SCHEMAS[sheet.name]
    valid = row_check(sheet.name)  # the fast path: cerberus sees only rows in doubt
    validator = None
    texts = {c.header for c in sheet.columns if c.kind == "text"}
    records = []
    for record in data["records"]:
        document = {k: _as_text(v) if k in texts and v is not None and type(v) is not str else v
                    for k, v in record.items()}
        marked = _example_field(document)
        if marked is not None:
            findings.append(Finding(file, sheet.name, f"{data['columns'].get(marked, 'A')}{record['_row']}", "示例行",
                                    f"第{record['_row']}行是示例行（“{marked}”以“{EXAMPLE_MARK}”开头）："
                                    "请改成本部门的内容并去掉“【示例】”，或删除这一行"))
            continue
        if valid(document):
            records.append(_converted(document, sheet.name))
            continue
        validator = validator or _validator(schema, allow_unknown=True)
        if validator.validate(document, normalize=False):
            records.append(_converted(document, sheet.name))
        else:
            findings.extend(_findings(file, sheet.name, data["columns"], record["_row"], validator))
    if sheet.required_rows and not data["records"]:
        findings.append(Finding(file, sheet.name, "A2", "未填写",
                                f"“{sheet.name}”表还没有填写内容：{sheet.purpose}"))
    return {"columns": data["columns"], "records": records}


def _example_field(document: dict) -> str | None:
    """The first field of a blank workbook's example row that holds the mark, else None."""
    return next((k for k, v in document.items() if isinstance(v, str) and v.startswith(EXAMPLE_MARK)), None)


def _validate_kv(file: str, sheet: Sheet, data: dict, findings: list[Finding]) -> dict:
    key_col, value_col = data["columns"].get("项目", "A"), data["columns"].get("内容", "B")
    known = {c.header: c for c in sheet.keys}
    document: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for record in data["records"]:
        key, value = record.get("项目"), record.get("内容")
        if key is None:
            findings.append(Finding(file, sheet.name, f"{key_col}{record['_row']}", "缺少项目名",
                                    f"这一行填了内容“{value}”，但“项目”列是空的"))
            continue
        key = str(key)
        if key not in known:
            findings.append(Finding(file, sheet.name, f"{key_col}{record['_row']}", "未知项目",
                                    f"“{key}”不是本表的项目；本表的项目有：{'、'.join(known)}"))
            continue
        if key in document:
            findings.append(Finding(file, sheet.name, f"{key_col}{record['_row']}", "项目重复",
                                    f"“{key}”填了两次（另见第{rows[key]}行）"))
            continue
        rows[key] = record["_row"]
        document[key] = _as_text(value) if known[key].kind == "text" else value
    for key in known:
        document.setdefault(key, None)
    schema = SCHEMAS[sheet.name]
    if key_check(sheet.name)(document):  # the fast path, as for table rows
        return {"columns": data["columns"], "records": [_converted(document, sheet.name)], "rows": rows}
    validator = _validator(schema, allow_unknown=False)
    if not validator.validate(document, normalize=False):
        for error in validator._errors:
            row = rows.get(error.field)
            cell = f"{value_col}{row}" if row else ""
            message = _message(error)
            if row is None:
                message = f"缺少“{error.field}”这一行：在“项目”列填“{error.field}”，在“内容”列填写它"
            findings.append(Finding(file, sheet.name, cell, _rule(error), message))
        return {"columns": data["columns"], "records": [], "rows": rows}
    return {"columns": data["columns"], "records": [_converted(document, sheet.name)], "rows": rows}


def _validator(schema: dict, allow_unknown: bool) -> Any:
    # imported here: cerberus is loaded only for a row in doubt (see pipeline/cell_validator.py)
    from .cell_validator import SheetValidator

    return SheetValidator(schema, allow_unknown=allow_unknown)


def _as_text(value: Any) -> Any:
    """A number typed into a text column is taken as its text (12 → "12")."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return fmt(to_decimal(value))
    return str(value)


def _findings(file, sheet_name, columns, row, validator) -> list[Finding]:
    return [
        Finding(file, sheet_name, f"{columns.get(error.field, '')}{row}", _rule(error), _message(error))
        for error in validator._errors
    ]


def _rule(error) -> str:
    return {"nullable": "必填", "required": "必填", "allowed": "取值范围"}.get(error.rule, error.field)


def _message(error) -> str:
    if error.rule in ("nullable", "required"):
        return f"“{error.field}”必须填写"
    if error.rule == "allowed":
        return f"“{error.field}”填了“{error.value}”，只能填：{'、'.join(error.constraint)}"
    if error.info and isinstance(error.info[0], str):
        return f"“{error.field}”{error.info[0]}"
    return f"“{error.field}”的值“{error.value}”不符合要求（{error.rule}）"
