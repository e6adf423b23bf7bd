"""The fields a template reads, checked against the variables of docs/template.md before any
data is rendered.

Rendering finds a misspelt field only on the path the data takes: a field in a loop over an
empty list, or in an {% if %} branch the sample does not enter, passes one department and
fails another. Here every ``a.b.c`` whose root is a variable of the context, or a name bound
to one (a loop variable over it, a ``{% set %}`` or ``{% with %}`` of it), is held to the
names that table lists (with the methods of texts, lists and dicts, and ``loop``'s fields).
Names are scoped as Jinja scopes them: a loop variable only inside its loop, a ``{% set %}``
inside a loop, macro or ``{% with %}`` only there. What a template builds itself (a list or
dict it writes, namespaces, macro arguments) is its own and is not checked.
"""

from __future__ import annotations

from jinja2 import nodes

LOOP_FIELDS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth",
               "depth0", "previtem", "nextitem", "changed"}
GROUP_FIELDS = {"grouper", "list"}  # what Jinja's groupby filter gives for each group
METHODS = {name for kind in (str, list, dict) for name in dir(kind) if not name.startswith("_")}
MACRO_NAMES = {"varargs", "kwargs", "caller"}  # what Jinja gives a macro's body besides its arguments


def root_of(node: nodes.Node) -> str | None:
    """The name an expression such as ``a.b[0] | f`` starts from (None for a literal or a
    computation)."""
    while isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call)):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None


def assigned_names(template: nodes.Template) -> set[str]:
    """Every name the template gives a value with {% set %} (in any branch or block) or
    defines as a macro or import: its own, wherever it reads them. A loop variable, a
    {% with %} name or a macro's argument is not among them: Jinja knows it only inside its
    block, and read outside it is a misspelt or misplaced variable."""
    names: set[str] = set()
    for node in template.find_all((nodes.Assign, nodes.AssignBlock)):
        target = node.target
        found = [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))
        names.update(n.name for n in found)
    for node in template.find_all(nodes.Import):
        names.add(node.target)
    for node in template.find_all(nodes.FromImport):
        names.update(n if isinstance(n, str) else n[1] for n in node.names)
    return names | {m.name for m in template.find_all(nodes.Macro)}


def unknown_fields(template: nodes.Template, top_level: set[str], fields: set[str]) -> list[str]:
    """The field names, in order of first use, that a template reads from the context's
    data (``top_level``: its variables) but that are not among ``fields``."""
    allowed = fields | LOOP_FIELDS | GROUP_FIELDS | METHODS
    found: list[str] = []

    def bind(rooted: set[str], target: nodes.Node, to_data: bool) -> None:
        for name in target.find_all(nodes.Name) if not isinstance(target, nodes.Name) else [target]:
            if to_data:
                rooted.add(name.name)
            else:
                rooted.discard(name.name)

    def body(statements: list[nodes.Node], rooted: set[str]) -> set[str]:
        for statement in statements:
            visit(statement, rooted)
        return rooted

    def own_scope(node: nodes.Macro | nodes.CallBlock, rooted: set[str]) -> None:
        for default in node.defaults:
            visit(default, rooted)
        inner = rooted - {a.name for a in node.args} - MACRO_NAMES
        body(node.body, inner)

    def visit(node: nodes.Node, rooted: set[str]) -> None:
        """Checks ``node`` with ``rooted`` the names standing for the context's data; a
        statement binding a name in the current scope changes ``rooted``."""
        if isinstance(node, nodes.For):
            visit(node.iter, rooted)
            inner = set(rooted)
            bind(inner, node.target, root_of(node.iter) in rooted)
            if node.test is not None:
                visit(node.test, inner)
            body(node.body, inner)
            body(node.else_, set(rooted))
        elif isinstance(node, nodes.If):
            visit(node.test, rooted)
            outcomes = [body(node.body, set(rooted))]
            for branch in node.elif_:
                visit(branch.test, rooted)
                outcomes.append(body(branch.body, set(rooted)))
            outcomes.append(body(node.else_, set(rooted)))  # no else: nothing changes
            after = set.intersection(*outcomes)  # data after the if: data on every path through it
            rooted.clear()
            rooted.update(after)
        elif isinstance(node, nodes.With):
            inner = set(rooted)
            for target, value in zip(node.targets, node.values):
                visit(value, rooted)
                bind(inner, target, root_of(value) in rooted)
            body(node.body, inner)
        elif isinstance(node, nodes.Macro):
            own_scope(node, rooted)
            rooted.discard(node.name)
        elif isinstance(node, nodes.CallBlock):
            visit(node.call, rooted)
            own_scope(node, rooted)
        elif isinstance(node, nodes.Assign):
            visit(node.node, rooted)
            bind(rooted, node.target, root_of(node.node) in rooted)
        elif isinstance(node, nodes.AssignBlock):
            body(node.body, set(rooted))
            if node.filter is not None:
                visit(node.filter, rooted)
            bind(rooted, node.target, False)
        elif isinstance(node, (nodes.FilterBlock, nodes.Scope, nodes.OverlayScope)):
            for child in node.iter_child_nodes(exclude=("body",)):
                visit(child, rooted)
            body(node.body, set(rooted))
        else:
            if isinstance(node, nodes.Getattr) and root_of(node.node) in rooted:
                if node.attr not in allowed and node.attr not in found:
                    found.append(node.attr)
            for child in node.iter_child_nodes():
                visit(child, rooted)

    visit(template, set(top_level))
    return found
