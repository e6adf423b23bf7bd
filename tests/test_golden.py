"""The generated 2021 document holds every character of the seed's content, in order.

Compared by extracted text (paragraphs and table cells in body order), ignoring
whitespace, full-width versus half-width forms and the seed dump's bookmark/TC
leftovers. Deliberate differences (mended boilerplate typos) are listed below.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import SAMPLE
from textdump import docx_blocks, normalise

GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "2021.txt"

# (text just before, seed's text, generated text): boilerplate typos mended on purpose
MENDED = [
    ("222.1788万元", "，", ""),  # the seed's stray "，。" after 项目支出
]


def differences(expected: str, actual: str) -> list[tuple[str, str, str]]:
    """Each difference as (10 characters before it, the seed's text, the generated text)."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return [
        (expected[max(0, a1 - 10):a1], expected[a1:a2], actual[b1:b2])
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
        if op != "equal"
    ]


def test_generated_text_matches_the_seed(tmp_path):
    from pipeline.api import generate

    result = generate(SAMPLE, tmp_path)
    actual = normalise("".join(docx_blocks(result.output)))
    expected = normalise(GOLDEN.read_text(encoding="utf-8"))
    assert differences(expected, actual) == [tuple(normalise(x) for x in m) for m in MENDED]
