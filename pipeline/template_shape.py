"""Whether every rendering of a template part is well-formed XML, proved once per template.

A rendered part must be well-formed (a template's tags may cut through the document's
structure: an ``{% if %}`` typed in one paragraph and its ``{% endif %}`` in another leaves
half a paragraph when it is false). Parsing each rendered body to find out costs several
milliseconds a document; for most templates it can be known from the template alone:

- the part with every block's body kept once and every printed value replaced by a
  letter is well-formed XML (so are its literal tags, attributes and entities);
- the body of each ``if``/``elif``/``else``, ``for`` and ``with`` block is balanced: it
  closes every element it opens and none it did not (so leaving it out or repeating it
  keeps the XML whole);
- every printed value stands as the text of a ``<w:t>`` inside a ``<w:r>``: there, the
  escaped text of a value, the Word line breaks the renderer makes of its line breaks and
  the fields of pipeline.fields (which end the run and open another) all keep it whole.
  Values are escaped and cell texts hold no control characters (validation refuses them).

Anything else — a tag printed inside an element's ``<…>``, a value outside a text run,
``|safe`` and Jinja's other filters that return markup (``escape``, ``urlize`` …) or
``{% autoescape %}``, ``map`` given a filter's name, a recursive loop's ``loop(…)``, a field
filter that is not what the tag prints (its markup sliced, changed or passed on), an
entity cut by a tag, blocks around the root element,
macros, call, filter and set blocks, includes, XML comments or CDATA — is not proved, and
the renderer checks that template's every rendered part as before.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import nodes

from .fields import FILTERS as FIELD_FILTERS

_TAG = re.compile(r"<[^<>]*>")
_NAME = re.compile(r"</?([^\s/>]+)")
_IN_VALUE = re.compile(r'<[^\s<>/!?"=]+(?:\s+[^\s<>/"=]+="[^"<>]*")*\s+[^\s<>/"=]+="[^"<>&]*')  # <w:x a="1" b="
_ENTITY_CUT = re.compile(r"&[^;<>\s]*$")  # an entity's start left for a block to finish
_TEXT_RUN = ["w:r", "w:t"]  # where a printed value may stand
_BRANCHING = (nodes.If, nodes.For, nodes.With, nodes.Scope)
_QUIET = (nodes.Assign,)  # statements that print nothing
_UNSAFE = (nodes.MarkSafe, nodes.MarkSafeIfAutoescape, nodes.EvalContextModifier, nodes.Macro,
           nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock, nodes.Include, nodes.Import,
           nodes.FromImport, nodes.Extends, nodes.Block)


# Jinja's filters that return markup made of their input: sliced or changed afterwards
# (``(v|e)[:2]`` is "&l"), it is printed as it is and may cut an entity or a tag
MARKUP_FILTERS = frozenset({"safe", "escape", "e", "forceescape", "urlize", "xmlattr", "tojson"})


class _Unproved(Exception):
    """The template may render malformed XML for some data."""


def always_well_formed(template: nodes.Template) -> bool:
    """True when every rendering of this parsed part is well-formed XML (see the module)."""
    from xml.parsers import expat

    if any(True for _ in template.find_all(_UNSAFE)):
        return False
    printed = {id(child) for output in template.find_all(nodes.Output) for child in output.nodes}
    for f in template.find_all(nodes.Filter):
        if f.name in MARKUP_FILTERS:
            return False
        if f.name == "map" and (f.args or f.dyn_args or f.dyn_kwargs):  # map('e'): a filter by name
            return False
        # a field's markup printed as it is; sliced, changed or passed on, it may be cut
        if f.name in FIELD_FILTERS and (id(f) not in printed or _has_field_filter(f.node)):
            return False
    for call in template.find_all(nodes.Call):  # loop(children): a recursive loop's body, as markup
        if isinstance(call.node, nodes.Name) and call.node.name == "loop":
            return False
    try:
        skeleton: list[str] = []
        _Walk(skeleton).body(template.body, [])
    except (_Unproved, RecursionError):
        return False
    try:
        expat.ParserCreate().Parse("".join(skeleton), True)
    except expat.ExpatError:
        return False
    return True


def _has_field_filter(node: Any) -> bool:
    """Does an expression hold a field filter?"""
    if node is None:
        return False
    if isinstance(node, nodes.Filter) and node.name in FIELD_FILTERS:
        return True
    return any(f.name in FIELD_FILTERS for f in node.find_all(nodes.Filter))


class _Walk:
    """Goes through a part's nodes keeping the stack of open elements; ``skeleton`` gets
    the part with every body kept once and every value a letter."""

    def __init__(self, skeleton: list[str]) -> None:
        self.skeleton = skeleton
        self.pending: list[str] = []  # literal text not yet read into the stack
        self.open_tag = ""  # a tag begun and not yet ended: the blocks met stand in an attribute's value

    def body(self, items: list[nodes.Node], stack: list[str]) -> None:
        """Walk a body; it must leave ``stack`` as it found it (a balanced body)."""
        floor = len(stack)
        for node in items:
            self.node(node, stack, floor)
        self.flush(stack, floor)
        if len(stack) != floor or self.open_tag:
            raise _Unproved

    def node(self, node: nodes.Node, stack: list[str], floor: int) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self.pending.append(child.data)
                else:
                    self.flush(stack, floor)
                    if self.open_tag or stack[-2:] != _TEXT_RUN:
                        raise _Unproved
                    self.skeleton.append("x")
        elif isinstance(node, _BRANCHING):
            self.flush(stack, floor)
            if not stack:  # around the root element
                raise _Unproved
            for branch in _branches(node):
                if self.open_tag:
                    self.skeleton.append(_attribute_text(branch))
                else:
                    self.body(branch, stack)
        elif not isinstance(node, _QUIET):
            raise _Unproved

    def flush(self, stack: list[str], floor: int) -> None:
        """Read the pending literal text: complete tags only, each close matching an open
        element of this body; text may end within an attribute's quoted value."""
        text = "".join(self.pending)
        self.pending.clear()
        self.skeleton.append(text)
        text = self.open_tag + text
        self.open_tag = ""
        if "<!" in text or _ENTITY_CUT.search(text):  # comments, CDATA, declarations; "&am" before a tag
            raise _Unproved
        for tag in _TAG.findall(text):
            if tag.startswith("<?"):
                continue
            name = _NAME.match(tag)
            if name is None:
                raise _Unproved
            if tag.startswith("</"):
                if len(stack) == floor or stack[-1] != name.group(1):
                    raise _Unproved
                stack.pop()
            elif not tag.endswith("/>"):
                stack.append(name.group(1))
        rest = _TAG.sub("", text)
        begun = rest.rfind("<")
        if begun >= 0 and _IN_VALUE.fullmatch(rest[begun:]):
            self.open_tag, rest = rest[begun:], rest[:begun]
        if "<" in rest or ">" in rest:  # a tag left open elsewhere, or a stray bracket
            raise _Unproved


def _attribute_text(items: list[nodes.Node]) -> str:
    """The text of a block's body standing within an attribute's value: literal text
    only (and blocks of it), with nothing that could end the value or the tag."""
    out = []
    for node in items:
        if isinstance(node, nodes.Output) and all(isinstance(c, nodes.TemplateData) for c in node.nodes):
            out.extend(c.data for c in node.nodes)
        elif isinstance(node, _BRANCHING):
            out.extend(_attribute_text(branch) for branch in _branches(node))
        elif not isinstance(node, _QUIET):
            raise _Unproved
    text = "".join(out)
    if any(c in text for c in '"<>&'):
        raise _Unproved
    return text


def _branches(node: nodes.Node) -> list[list[nodes.Node]]:
    if isinstance(node, nodes.If):
        return [node.body, *(b for elif_ in node.elif_ for b in (elif_.body,)), node.else_]
    if isinstance(node, nodes.For):
        return [node.body, node.else_]
    return [node.body]
