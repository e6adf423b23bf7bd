"""The fields a template reads, checked against the variables of docs/template.md before any
data is rendered.

Rendering finds a misspelt field only on the path the data takes: a field in a loop over an
empty list, or in an {% if %} branch the sample does not enter, passes one department and
fails another. Here every ``a.b.c`` whose root is a variable of the context, or a loop
variable over one, is held to the names that table lists (with the methods of texts, lists
and dicts, and ``loop``'s fields). What a template builds itself (``{% set %}``, namespaces,
macro arguments) is its own and is not checked.
"""

from __future__ import annotations

from jinja2 import nodes

LOOP_FIELDS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth",
               "depth0", "previtem", "nextitem", "changed"}
GROUP_FIELDS = {"grouper", "list"}  # what Jinja's groupby filter gives for each group
METHODS = {name for kind in (str, list, dict) for name in dir(kind) if not name.startswith("_")}


def unknown_fields(template: nodes.Template, top_level: set[str], fields: set[str]) -> list[str]:
    """The field names, in order of first use, that a template reads from the context's
    data (``top_level``: its variables) but that are not among ``fields``."""
    rooted = set(top_level)  # names standing for the context's data: its variables, loop variables over it
    found: list[str] = []

    def root_of(node: nodes.Node) -> str | None:
        while isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call)):
            node = node.node
        return node.name if isinstance(node, nodes.Name) else None

    def visit(node: nodes.Node) -> None:
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):  # its arguments are its own names
            shadowed = {a.name for a in node.args} & rooted
            rooted.difference_update(shadowed)
            for child in node.iter_child_nodes():
                visit(child)
            rooted.update(shadowed)
            return
        if isinstance(node, nodes.For) and root_of(node.iter) in rooted:
            targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
            rooted.update(t.name for t in targets if isinstance(t, nodes.Name))
        elif isinstance(node, nodes.Assign):  # {% set x = … %}: the template's own from here on
            rooted.difference_update(t.name for t in node.target.find_all(nodes.Name))
        if isinstance(node, nodes.Getattr) and root_of(node.node) in rooted:
            name = node.attr
            if name not in fields | LOOP_FIELDS | GROUP_FIELDS | METHODS and name not in found:
                found.append(name)
        for child in node.iter_child_nodes():
            visit(child)

    visit(template)
    return found
