"""Limits on what rendering one document may cost, so that no template can hang or exhaust
the machine.

A template is a document that anyone may write (``--template``), and Jinja is a small
programming language: ``{% for a in range(10**5) %}{% for b in range(10**5) %}`` loops 10^10
times, ``{{ 9**(9**9) }}`` computes for hours and ``{{ 'x' * 10**12 }}`` asks for a terabyte.
Rendering runs in Jinja's sandbox with every costly operation counted against the limits
below, per document and for every template (the shipped ones need a small fraction of
each); the first limit reached stops the render with :class:`LimitExceeded`, which the
renderer reports as a problem of the template, naming it.

What is counted:
  - steps: each item a ``for`` loop takes (also in recursive loops), each item of each
    ``range()``, each call of a macro, function, method or filter;
  - time: wall-clock time since the render began, checked at least every 256 steps and
    with every call;
  - sizes: each text or list computed by ``*``, ``+``, ``~``, ``%``, a filter or a method,
    checked *before* it is built where its size can be foreseen (``'x' * n``, ``**``, joins,
    widths such as ``center(n)`` or ``'%*s'``) and after otherwise;
  - output: every piece of output (the document's part, and the body of a macro, a
    ``{% set %}`` or ``{% filter %}`` block), added up while it is produced;
  - memory: all computed texts and output of one render added up, whether kept or not.
``include``, ``import`` and ``extends`` are refused (a template is one document), and so
is ``lipsum()``, which loops without counting.
"""

from __future__ import annotations

import operator
import re
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import update_wrapper
from typing import Any, Callable, NamedTuple

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment


class Limits(NamedTuple):  # a record of settings: a tuple is made faster than a dataclass
    """What rendering one document may use. The shipped templates need, for the sample's
    34 projects, about 3 000 steps, 0.05 s, 0.5 million characters of output."""

    seconds: float = 5.0  # wall-clock time of one document's render
    steps: int = 1_000_000  # loop items, range() items and calls together
    text: int = 10_000_000  # characters (or items) of one computed text or list
    output: int = 20_000_000  # characters of one part's output or of one block's body
    memory: int = 200_000_000  # bytes (about) of all computed values and output together
    digits: int = 4_300  # decimal digits of a computed whole number (Python's own print limit)
    template: int = 100_000_000  # bytes of the template's parts unpacked (a zip bomb is refused)
    template_xml: int = 4_000_000  # bytes of one XML part unpacked (the shipped ones: 0.5 MB at most)
    template_tags: int = 10_000  # {{ }} and {% %} tags of the whole template (the shipped ones: 438 at most)


LIMITS = Limits()


class LimitExceeded(Exception):
    """A render went beyond one of the :class:`Limits`; the message says which, in Chinese."""


class Budget:
    """What one render has used so far."""

    __slots__ = ("limits", "steps", "memory", "deadline")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.memory = 0
        self.deadline = time.monotonic() + limits.seconds

    def step(self, count: int = 1, what: str = "call") -> None:
        self.steps += count
        if self.steps > self.limits.steps:
            raise LimitExceeded(STEP_MESSAGES[what].format(self.limits.steps))
        self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"用时超过 {self.limits.seconds:g} 秒（可能是次数过多的循环）")

    def charge(self, size: int) -> None:
        """About ``size`` bytes computed."""
        self.memory += size
        if self.memory > self.limits.memory:
            megabytes = self.limits.memory // 1_000_000
            raise LimitExceeded(f"计算和生成的内容合计超过约 {megabytes} MB（内存限制）")

    def items(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """``iterable``, each item counted as a step."""
        limit = self.limits.steps
        for item in iterable:
            self.steps += 1
            if self.steps > limit:
                raise LimitExceeded(STEP_MESSAGES["loop"].format(limit))
            if not self.steps & 255:
                self.clock()
            yield item


STEP_MESSAGES = {
    "loop": "循环次数超过 {} 次（可能是写错的 range）",
    "call": "循环和调用次数超过 {} 次（可能是没有尽头的循环或递归的宏）",
}

_BUDGET: ContextVar[Budget | None] = ContextVar("render_budget", default=None)


def budget() -> Budget:
    """The budget of the render under way; outside a render (Jinja folding constants while
    it compiles), a fresh one, so that the size checks still apply."""
    current = _BUDGET.get()
    return current if current is not None else Budget(LIMITS)


class metered:
    """Within the block, renders count against a fresh budget of ``limits``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def __enter__(self) -> Budget:
        self.budget = Budget(self.limits)
        self.token = _BUDGET.set(self.budget)
        return self.budget

    def __exit__(self, *exc: object) -> None:
        _BUDGET.reset(self.token)


# ---- sizes -------------------------------------------------------------------------------

BIG_WORD = "计算出的一段文字或一个列表超过 {} 个字符（或项）{}"
BY_MULTIPLYING = "（可能是写错的乘法，如 'x' * 10**12）"
BIG_NUMBER = "计算出的数超过 {} 位（可能是写错的乘方，如 9**(9**9)）"
BIG_ARGUMENT = "参数 {} 过大（超过 {}）"
SIZED = (str, list, tuple, dict, set, frozenset, bytes)


def text_size(value: Any, cap: int) -> int:
    """About how many characters ``str(value)`` has, counted no further than ``cap`` (a
    list that holds itself counts past ``cap``)."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str or isinstance(item, (str, bytes)):
            total += len(item)
            continue
        if isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() * 3 // 10 + 2
        else:
            total += 40
        if total > cap:
            return total
    return total


def check_text(size: int, hint: str = "") -> None:
    """A value of ``size`` characters (or items) is about to be computed."""
    current = budget()
    if size > current.limits.text:
        raise LimitExceeded(BIG_WORD.format(current.limits.text, hint))


def sized(value: Any) -> Any:
    """``value`` (just computed), checked against the size limits and charged."""
    if isinstance(value, SIZED):
        size = len(value)
        check_text(size)
        budget().charge(size * (2 if isinstance(value, (str, bytes)) else 8))
    elif isinstance(value, int) and value.bit_length() > budget().limits.digits * 10 // 3:
        raise LimitExceeded(BIG_NUMBER.format(budget().limits.digits))
    return value


def check_number_bits(bits: int) -> None:
    digits = budget().limits.digits
    if bits > digits * 10 // 3:
        raise LimitExceeded(BIG_NUMBER.format(digits))


def check_arguments(args: Iterable[Any]) -> None:
    """Whole numbers passed to a filter or method (widths, counts) within the text limit."""
    limit = budget().limits.text
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit:
            raise LimitExceeded(BIG_ARGUMENT.format(arg if arg.bit_length() < 64 else "", limit))


WIDTHS = r"\d+"  # compiled by re when first used


def check_format(pattern: Any, args: Iterable[Any]) -> None:
    """``pattern % args`` or ``pattern.format(*args)``: widths and precisions written in the
    pattern or passed as numbers, and the texts put in, within the limits."""
    if not isinstance(pattern, str):
        return
    limit = budget().limits.text
    for width in re.findall(WIDTHS, pattern):
        if len(width) > 7 or int(width) > limit:
            raise LimitExceeded(BIG_ARGUMENT.format(width[:12], limit))
    args = list(args)
    check_arguments(args)
    check_text(len(pattern) + sum(text_size(a, limit) for a in args))


def estimate_join(separator: Any, items: list[Any]) -> None:
    limit = budget().limits.text
    total = text_size(separator, limit) * len(items)
    for item in items:
        total += text_size(item, limit)
        if total > limit:
            break
    check_text(total)


def estimate_replace(value: Any, old: Any, new: Any) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        count = value.count(old) if old else len(value) + 1
        check_text(len(value) + count * max(len(new) - len(old), 0))


def estimate_call(function: Any, args: tuple, kwargs: dict) -> tuple:
    """Checks that foresee the size of a method's result; returns the arguments to call it
    with (an iterator to join, made a list, so that it is measured and joined once)."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, str):
        check_arguments(list(args) + list(kwargs.values()))
        if name == "join" and args:
            items = list(args[0])
            estimate_join(owner, items)
            return (items, *args[1:])
        if name == "replace" and len(args) >= 2:
            estimate_replace(owner, args[0], args[1])
        elif name == "expandtabs":
            check_text(len(owner) * max(int(args[0]) if args else 8, 1))
        elif name in ("format", "format_map"):
            check_format(owner, list(args) + list(kwargs.values()))
    elif isinstance(owner, (list, dict, set, bytes)):
        check_arguments(list(args) + list(kwargs.values()))
        if name in ("extend", "update") and args:
            added = list(args[0].items() if isinstance(args[0], dict) else args[0])
            check_text(len(owner) + len(added))
            return (dict(added) if isinstance(args[0], dict) else added, *args[1:])
    return args


# ---- the environment ---------------------------------------------------------------------


def _bounded_range(*args: int) -> range:
    """range(), its items counted as steps (Jinja's sandbox caps one range at 100 000
    items, but not a range within a range)."""
    numbers = range(*args)
    current = budget()
    try:
        count = len(numbers)
    except OverflowError:  # more than a machine word can count
        count = current.limits.steps + 1
    current.step(count, "loop")
    return numbers


def _measured_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    passes = getattr(function, "jinja_pass_arg", None)

    def measured(*args: Any, **kwargs: Any) -> Any:
        current = budget()
        current.step()
        data = args[1:] if passes is not None else args
        check_arguments(list(data[1:]) + list(kwargs.values()))
        if data:
            value, rest = data[0], data[1:]
            if name not in KEEPING_VALUES:
                check_text(text_size(value, current.limits.text))
            if name == "join":
                items = list(value)
                estimate_join(rest[0] if rest else kwargs.get("d", ""), items)
                args = (*args[: len(args) - len(data)], items, *rest)
            elif name == "replace" and len(rest) >= 2:
                estimate_replace(value, rest[0], rest[1])
            elif name == "indent" and isinstance(value, str):
                width = rest[0] if rest else kwargs.get("width", 4)
                width = len(width) if isinstance(width, str) else int(width)
                check_text(len(value) + (value.count("\n") + 1) * width)
            elif name == "format":
                check_format(value, list(rest) + list(kwargs.values()))
            elif name == "wordwrap" and isinstance(value, str):
                width = int(rest[0]) if rest else int(kwargs.get("width", 79))
                wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring") or "\n"
                check_text(len(value) + (len(value) // max(width, 1) + 1) * len(str(wrap)))
            elif name in ("tojson", "pprint"):
                indent = rest[0] if rest else kwargs.get("indent")
                if isinstance(indent, int) and not isinstance(indent, bool):
                    check_text(text_size(value, current.limits.text) * max(indent, 1))
        return sized(function(*args, **kwargs))

    return update_wrapper(measured, function)


COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {  # Jinja's names of the comparison operators
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lteq": operator.le, "gt": operator.gt,
    "gteq": operator.ge, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}
OUTPUT_MESSAGE = "生成的内容超过 {} 个字符"
LOOP_ITEMS = "_counted_loop_items"  # the filter every for loop's items go through


@pass_context
def _loop_items(context: Any, iterable: Any) -> Any:
    """A ``for`` loop's items, counted (a filter, so that the loop calls it directly; it
    takes the context so that Jinja never calls it while compiling)."""
    return budget().items(iterable)


class _Kept(list):  # type: ignore[type-arg]
    """Output a macro or block keeps until it is joined, counted as it is added."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def append(self, piece: str) -> None:
        self.size += len(piece)
        current = budget()
        if self.size > current.limits.output:
            raise LimitExceeded(OUTPUT_MESSAGE.format(current.limits.output))
        current.charge(len(piece) * 2)
        list.append(self, piece)


# Jinja's filters that never turn a list's items into one text (any other filter, also one a
# program adds, may: its value's printed size is checked first)
KEEPING_VALUES = {"length", "count", "default", "d", "first", "last", "int", "float", "round",
                  "abs", "random", "attr", "items", "dictsort", "sort", "unique", "reverse",
                  "min", "max", "sum", "select", "reject", "selectattr", "rejectattr", "map",
                  "groupby", "batch", "slice", "filesizeformat"}


class _MeasuredFilters(dict):  # type: ignore[type-arg]
    """The environment's filters, each measured, also one added after it was made."""

    def __init__(self, filters: dict[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, _measured_filter(name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


class _BoundedCode(CodeGenerator):
    """Jinja's code generator with every ``for`` loop's items counted and every ``~``
    measured before it is joined."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for refused in node.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            self.fail("模板不能引用其他模板（extends、include、import）：一个模板就是一份文档",
                      refused.lineno)
        for loop in node.find_all(nodes.For):
            counted = nodes.Filter(loop.iter, LOOP_ITEMS, [], [], None, None)
            loop.iter = counted.set_lineno(loop.iter.lineno)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        """``a < b`` as ``environment.compared(a, "lt", b)``: every comparison through the
        environment, as Jinja's sandbox sends binary operators through call_binop."""
        self.write("environment.compared(")
        self.visit(node.expr, frame)
        for operand in node.ops:
            self.write(f", {operand.op!r}, ")
            self.visit(operand.expr, frame)
        self.write(")")

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.kept_output()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with every costly operation counted (see the module's text)."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _bounded_range
        self.globals.pop("lipsum", None)
        self.filters = _MeasuredFilters(self.filters)
        dict.__setitem__(self.filters, LOOP_ITEMS, _loop_items)

    def compared(self, left: Any, *operations: Any) -> Any:
        """A comparison of the template, ``left`` then operator and operand in turn (Python's
        chain: ``a < b < c`` is ``a < b and b < c``)."""
        result: Any = True
        for position in range(0, len(operations), 2):
            right = operations[position + 1]
            result = self.compare(operations[position], left, right)
            if not result:
                return result
            left = right
        return result

    def compare(self, op: str, left: Any, right: Any) -> Any:
        """One comparison (``op`` as Jinja names it: eq, lt, in …), as Python does it."""
        return COMPARISONS[op](left, right)

    def kept_output(self) -> list[str]:
        """The list in which a macro or block keeps its output until it is joined."""
        return _Kept()

    def joined(self, join: Callable[[Any], str], pieces: tuple) -> str:
        """``a ~ b ~ c``, measured before it is built."""
        limit = budget().limits.text
        check_text(sum(text_size(p, limit) for p in pieces))
        return sized(join(pieces))

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Jinja joins with this a part's output (counted here, while it is produced) and
        each macro's or block's body (counted as it was kept, see kept_output)."""
        if isinstance(pieces, _Kept):
            return "".join(pieces)
        current = budget()
        limit = current.limits.output
        kept: list[str] = []
        keep = kept.append
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > limit:
                raise LimitExceeded(OUTPUT_MESSAGE.format(limit))
            keep(piece)
        current.charge(total * 2)
        return "".join(kept)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, SIZED) and isinstance(times, int):
                    check_text(len(sequence) * max(times, 0), BY_MULTIPLYING)
            if isinstance(left, int) and isinstance(right, int):
                check_number_bits(left.bit_length() + right.bit_length())
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                check_number_bits(left.bit_length() * right)
        elif operator == "+":
            if isinstance(left, SIZED) and isinstance(right, SIZED):
                check_text(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            check_format(left, right if isinstance(right, (tuple, list)) else [right])
        return sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        current = budget()
        current.step()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (current.items(args[0]), *args[1:])
        else:
            args = estimate_call(getattr(__obj, "__wrapped__", __obj), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, (Macro, LoopContext)):  # output, counted by concat()
            return result
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (list, dict, set)):  # append, extend, update …
            check_text(len(owner))
        return sized(result)
