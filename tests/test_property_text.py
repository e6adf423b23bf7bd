"""Any text in a text cell either comes out intact in a document python-docx opens, or is
refused with a message: never a corrupt file, never a traceback."""

from __future__ import annotations

import shutil

import pytest

hypothesis = pytest.importorskip("hypothesis")
from conftest import SAMPLE  # noqa: E402
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from textdump import docx_blocks  # noqa: E402

from pipeline.api import generate  # noqa: E402
from pipeline.cell_validator import EXCEL_ERRORS  # noqa: E402
from pipeline.characters import text_problem  # noqa: E402
from pipeline.errors import DisclosureError  # noqa: E402
from pipeline.workbook_format import EXAMPLE_MARK  # noqa: E402

TEXT_CELLS = [("项目", "B2"), ("机构设置", "A2"), ("名词解释", "B3"), ("项目指标", "E2")]


@settings(max_examples=15, deadline=None, derandomize=True,  # the same examples every run
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
       where=st.sampled_from(TEXT_CELLS))
def test_text_renders_intact_or_is_refused(tmp_path_factory, text, where):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    folder = tmp_path_factory.mktemp("prop")
    path = folder / "book.xlsx"
    shutil.copy(SAMPLE, path)
    book = openpyxl.load_workbook(path)
    try:
        book[where[0]][where[1]] = text
    except IllegalCharacterError:
        assume(False)  # Excel could not hold it either
    book[where[0]][where[1]].data_type = "s"  # text, even when it starts with "="
    book.save(path)
    try:
        result = generate(path, folder / "out")
    except DisclosureError as error:
        assert not (folder / "out").exists() or not any((folder / "out").iterdir())
        # refused only for a reason the rules name: a control character (or another the
        # document cannot hold), an Excel error value, an example row, or nothing left in a
        # required cell
        stripped = text.strip()
        assert (text_problem(text) or stripped in EXCEL_ERRORS
                or stripped.startswith(EXAMPLE_MARK) or not stripped), str(error)
        return
    shown = text.replace("\r\n", "\n").replace("\r", "\n").strip()  # a line break either way
    blocks = docx_blocks(result.output)  # parses: the file is well-formed
    import docx

    docx.Document(str(result.output))
    if shown:
        assert any(shown in b for b in blocks)


def test_each_refused_character_is_refused_among_ordinary_text():
    """Every character the rule refuses alone is refused inside printable text too, at
    the start, middle and end (what lets most texts pass without a search: each is
    unprintable to Python)."""
    import re

    from pipeline.characters import CONTROL, INVALID, RTL_OVERRIDE

    for code in range(0x110000):
        char = chr(code)
        if re.match(CONTROL, char) or re.match(INVALID, char) or char == RTL_OVERRIDE:
            for text in (f"{char}部门", f"部门{char}预算", f"预算 2021{char}"):
                assert text_problem(text) is not None, hex(code)


def test_a_printed_value_with_a_character_xml_cannot_hold_is_refused():
    """The renderer's last guard: a value holding a character XML cannot hold is refused
    wherever it stands, and printable values pass through it."""
    import re

    import pytest

    from pipeline.render import NOT_XML, UnprintableText, _line_breaks

    class Environment:
        unforeseen_markup = False

    for code in range(0x110000):
        if re.match(NOT_XML, chr(code)):
            with pytest.raises(UnprintableText):
                _line_breaks(Environment(), f"金额{chr(code)}万元")
    assert _line_breaks(Environment(), "金额 13.545 万元（“三公”）") == "金额 13.545 万元（“三公”）"
