"""Which characters a cell's text may hold, and why not, in the clerk's words.

Both the fast path of validation (pipeline/row_checks.py) and cerberus
(pipeline/cell_validator.py) ask :func:`text_problem`, so they cannot disagree; this module
imports nothing heavy, so the fast path stays free of cerberus.

Direction marks: Uyghur, Arabic and other right-to-left text is often typed or pasted with
isolates (LRI/RLI/FSI … PDI) or embeddings (LRE/RLE … PDF) around it, which keep it from
reordering the Chinese beside it; closed within the cell they are harmless and stay. An
override (LRO/RLO) prints the text it covers backwards; an opener left open reaches past
the cell into the rest of its paragraph; a closer without its opener may close one of the
paragraph's own: these are refused.
"""

from __future__ import annotations

import re

# patterns as texts, compiled (and cached by re) when a text first needs them: most texts are
# printable throughout, which asks no pattern
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"  # invisible control characters
# lone surrogates (from an escape such as _xD800_) and Unicode non-characters: no text holds them
INVALID = "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
DIRECTION = "[\u202a-\u202e\u2066-\u2069]"  # embeddings, overrides, isolates
SUSPECT = f"{CONTROL}|{INVALID}|{DIRECTION}"  # each of them unprintable to Python (str.isprintable)
# each opener and the closer that ends it: embeddings end with PDF, isolates with PDI
OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069",
           "\u2068": "\u2069"}
ISOLATE_END = "\u2069"
RTL_OVERRIDE, LTR_OVERRIDE = "\u202e", "\u202d"
_DELETE = "请删除这一格后重新输入"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot go into the document (a sentence ending in what to do), or None."""
    if text.isprintable() or not re.search(SUSPECT, text):
        return None
    if found := re.search(CONTROL, text):
        return f"含有不可见的控制字符（{_code(found.group())}），Word 无法保存：请删除后重新输入"
    if found := re.search(INVALID, text):
        return f"含有无效的字符（{_code(found.group())}），Word 无法保存：{_DELETE}"
    return direction_problem(text)


def direction_problem(text: str) -> str | None:
    """Why the direction marks of ``text`` would disorder the document, or None."""
    opened: list[str] = []  # the openers not yet closed, innermost last
    for found in re.finditer(DIRECTION, text):
        mark = found.group()
        if mark == RTL_OVERRIDE:
            return f"含有改变文字方向的不可见字符（{_code(mark)}），文档中的文字会颠倒显示：{_DELETE}"
        if mark == LTR_OVERRIDE:
            return (f"含有改变文字方向的不可见字符（{_code(mark)}），文档中从右向左书写的文字"
                    f"（如维吾尔文、阿拉伯文）会颠倒显示：{_DELETE}")
        if mark in OPENERS:
            opened.append(mark)
        elif mark == ISOLATE_END and any(OPENERS[o] == ISOLATE_END for o in opened):
            # a PDI closes its isolate and any embedding left open inside it
            while OPENERS[opened.pop()] != ISOLATE_END:
                pass
        elif mark != ISOLATE_END and opened and OPENERS[opened[-1]] == mark:
            opened.pop()
        else:
            return (f"含有文字方向的结束字符（{_code(mark)}），但这一格中没有与之配对的开始字符，"
                    f"可能打乱同一段中其他文字的显示顺序：{_DELETE}")
    if opened:
        mark = opened[-1]
        return (f"含有改变文字方向的不可见字符（{_code(mark)}），但这一格中没有与之配对的结束字符"
                f"（{_code(OPENERS[mark])}），可能打乱文档中这一格之后同一段文字的显示顺序：{_DELETE}")
    return None


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"
