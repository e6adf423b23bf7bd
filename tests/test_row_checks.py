"""The fast path of validation never accepts a row that cerberus refuses."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.cell_validator import SheetValidator  # noqa: E402
from pipeline.row_checks import key_check, row_check  # noqa: E402
from pipeline.schemas import SCHEMAS  # noqa: E402
from pipeline.workbook_format import SHEETS  # noqa: E402

TABLES = [s for s in SHEETS if s.kind != "kv"]
KEY_VALUE = [s for s in SHEETS if s.kind == "kv"]
# values of every type a reader hands on, near the edges the rules care about
TEXTS = st.sampled_from(["", "收入", "支出", "是", "否", "≥", ">=", "约", "#N/A", "#DIV/0!", "#A",
                         "12.5", "1,234.5", "１２", "-3", "0.0000001", "a\x07b", "a\x1bb", "\ud800",
                         "\ufffe", "\x9b", "a\u202eb", "\u2067x", "\u200fب",
                         "\u2068ب\u2069", "\u202bب\u202c", "\u2066\u202bب\u2069", "\u202bب\u2069", "ب\u2069",
                         "\u202c", "\u202dب\u202c", "\u2068\u2066ب\u2069", "文字", "2021", "二〇二一", "1e5", "nan", "【示例】x"])
VALUES = st.one_of(st.none(), st.booleans(), TEXTS, st.text(max_size=6),
                   st.integers(min_value=-10, max_value=10**7),
                   st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e9),
                   st.decimals(allow_nan=False, allow_infinity=False, places=7, min_value=-10,
                               max_value=10**6),
                   st.sampled_from([10**12 - 1, 10**12, -10**12, 1e308, "999999999999.999999",
                                    "1000000000000", "１０００００００００００００"]))  # the size limit


@settings(max_examples=400, deadline=None, derandomize=True)
@given(sheet=st.sampled_from(TABLES), data=st.data())
def test_fast_path_accepts_only_what_cerberus_accepts(sheet, data):
    record = {c.header: data.draw(VALUES, label=c.header) for c in sheet.columns}
    if row_check(sheet.name)(record):
        validator = SheetValidator(SCHEMAS[sheet.name], allow_unknown=True)
        assert validator.validate(record, normalize=False), (sheet.name, record, validator.errors)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(sheet=st.sampled_from(KEY_VALUE), data=st.data())
def test_fast_path_of_key_value_sheets_accepts_only_what_cerberus_accepts(sheet, data):
    document = {k.header: data.draw(VALUES, label=k.header) for k in sheet.keys}
    if key_check(sheet.name)(document):
        validator = SheetValidator(SCHEMAS[sheet.name], allow_unknown=False)
        assert validator.validate(document, normalize=False), (sheet.name, document, validator.errors)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.one_of(TEXTS, st.text(alphabet="a文ب\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
                                     max_size=6)))
def test_fast_path_and_cerberus_agree_on_a_texts_characters(text):
    """Direction marks are judged by their pairing; both paths ask the same rule (what looks like
    an Excel error value, #…, always goes to cerberus)."""
    from pipeline.row_checks import KINDS

    validator = SheetValidator({"文字": {"type": "string", "xml_safe": True}})
    assert text.startswith("#") or KINDS["text"](text) == validator.validate({"文字": text}), (text, validator.errors)
