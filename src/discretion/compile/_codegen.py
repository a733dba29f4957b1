"""Code generation: an item's conditions as one Python code object, built from the checked tree.

The reference evaluation (:mod:`discretion.decide._pipeline`) tests each condition through a tree of
closures (:mod:`._conditions`). The compiled scalar path (:mod:`discretion.decide._scalar`) instead
asks this module for *one* function per item that tests all of its always-tested conditions (the
no-penalty grounds, the levels, the circumstances) in a single frame and returns their outcomes as
a tuple, and one small function per other condition (a clause's condition, a ground of Art. 58).

How it is kept safe (DESIGN.md §3: rule text never reaches ``eval``/``exec``):

1. The input is a condition the loader has already accepted: its text is parsed again with
   :func:`ast.parse`, every node is checked against the condition language's whitelist (the same
   one the loader applies), and every fact name and literal is checked and converted by the
   loader's own type checker (:class:`._conditions._Compiler`: ``_fact``, ``_literal``,
   ``_coerce``).
2. A *new* tree is built from that checked tree. Rule text never becomes code: a fact name enters
   only as the string key of ``f[...]`` (an :class:`ast.Constant` ``str``), a literal only as an
   index into a tuple of constants (``k[3]``), so neither a name nor a value can ever be read as
   Python. The only variables in the generated code are ``f`` (the validated facts) and ``k``
   (the constants).
3. Before :func:`compile`, every node of the new tree is checked against :data:`EMITTED_NODES`
   (no call, no attribute, no import, no lambda other than the one wrapper) and every
   :class:`ast.Name` against ``{"f", "k"}``; anything else raises :class:`CodegenError`, which the
   caller treats as a bug (the reference closures are kept).
4. The code object is evaluated with empty builtins (``{"__builtins__": {}}``), so even a
   generated name outside ``f`` and ``k`` could not reach a built-in.

A hostile rule file therefore either fails at load (the condition language refuses it, with
file, line and item) or its names and strings travel as plain data (``tests/test_codegen.py``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._conditions import (
    _ALLOWED_NODES,
    _BOOL_NAMES,
    _OP_TEXT,
    Condition,
    ConditionError,
    _Compiler,
)
from ._facts import FactField

EMITTED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.Lambda,
    ast.arguments,
    ast.arg,
    ast.Tuple,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.Subscript,
    ast.Name,
    ast.Load,
    ast.Constant,
)
"""Every node type the generated code may contain."""

_VARIABLES = frozenset({"f", "k"})
_OPS: dict[str, type[ast.cmpop]] = {text: op for op, text in _OP_TEXT.items()}


class CodegenError(Exception):
    """A tree that should never be generated (a bug, not a rule-file problem)."""


def _fact(name: str) -> ast.expr:
    """``f["name"]``: the name is a string constant, never an identifier of the code."""
    return ast.Subscript(ast.Name("f", ast.Load()), ast.Constant(name), ast.Load())


def _is(name: str, value: bool | None, negate: bool) -> ast.expr:
    op: ast.cmpop = ast.IsNot() if negate else ast.Is()
    return ast.Compare(_fact(name), [op], [ast.Constant(value)])


class _Emitter(_Compiler):
    """The loader's condition compiler, emitting a tree instead of closures.

    It reuses the loader's checks (``_fact``, ``_literal``, ``_coerce``, ``_family``) so that the
    generated code and the reference closures are typed the same way; only the output differs.
    """

    def __init__(
        self,
        source: str,
        types: Mapping[str, str],
        values: Mapping[str, list[str]],
        constants: list[Any],
        slot: int | None = None,
    ) -> None:
        super().__init__(source, types, values)
        self.constants = constants
        self.slot = slot

    def const(self, value: Any) -> ast.expr:
        """``k[i]`` (or ``k[slot][i]``): a literal is never written into the code, only its index."""
        self.constants.append(value)
        table: ast.expr = ast.Name("k", ast.Load())
        if self.slot is not None:
            table = ast.Subscript(table, ast.Constant(self.slot), ast.Load())
        return ast.Subscript(table, ast.Constant(len(self.constants) - 1), ast.Load())

    def emit(self, node: ast.expr) -> ast.expr:
        if isinstance(node, ast.BoolOp):
            parts = [self.emit(v) for v in node.values]
            return ast.BoolOp(ast.And() if isinstance(node.op, ast.And) else ast.Or(), parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.emit(node.operand)
            operand = node.operand
            if isinstance(operand, ast.Name) and operand.id not in _BOOL_NAMES:
                return _is(operand.id, True, negate=True)
            return ast.UnaryOp(ast.Not(), inner)
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                return ast.Constant(_BOOL_NAMES[node.id])
            name = self._fact(node)
            if self.types[name] != "bool":
                raise ConditionError(f"fact {name!r} is not bool")
            return _is(name, True, negate=False)
        if isinstance(node, ast.Compare):
            tests = []
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                tests.append(self._one(left, op, right))
                left = right
            return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)
        raise ConditionError(f"not allowed in a condition: {type(node).__name__}")

    def _one(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> ast.expr:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(left, ast.Name) or left.id in _BOOL_NAMES:
                raise ConditionError("the left of 'in' must be a fact name")
            name = self._fact(left)
            if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                raise ConditionError("'in' needs a list of values")
            text = "in" if isinstance(op, ast.In) else "not in"
            members = frozenset(self._coerce(name, self._literal(e), text) for e in right.elts)
            cmp: ast.cmpop = ast.In() if isinstance(op, ast.In) else ast.NotIn()
            return ast.Compare(_fact(name), [cmp], [self.const(members)])
        kind = _OP_TEXT.get(type(op))
        if kind is None:
            raise ConditionError(f"operator not allowed: {type(op).__name__}")
        emitted = _OPS[kind]()
        left_fact = isinstance(left, ast.Name) and left.id not in _BOOL_NAMES
        right_fact = isinstance(right, ast.Name) and right.id not in _BOOL_NAMES
        if left_fact and right_fact:
            assert isinstance(left, ast.Name)
            assert isinstance(right, ast.Name)
            a, b = self._fact(left), self._fact(right)
            if self._family(a) != self._family(b):
                raise ConditionError(f"cannot compare {a!r} with {b!r}")
            return ast.Compare(_fact(a), [emitted], [_fact(b)])
        if left_fact:
            assert isinstance(left, ast.Name)
            name = self._fact(left)
            value = self._coerce(name, self._literal(right), kind)
            return ast.Compare(_fact(name), [emitted], [self.const(value)])
        if right_fact:
            assert isinstance(right, ast.Name)
            name = self._fact(right)
            value = self._coerce(name, self._literal(left), kind)
            return ast.Compare(self.const(value), [emitted], [_fact(name)])
        raise ConditionError("comparison without a fact")


def condition_tree(
    condition: Condition,
    fields: Mapping[str, FactField],
    constants: list[Any],
    slot: int | None = None,
) -> ast.expr:
    """The checked expression of one compiled condition, over ``f`` (facts) and ``k`` (constants).

    A condition that reads an optional fact without a default holds only when the fact is given
    (the loader's ``partial`` rule, :meth:`._items_scope.ItemScope.cond`); so does its tree.

    Raises:
        ConditionError: the text is outside the condition language (the loader refuses it first).
    """
    types = {n: f.spec.type for n, f in fields.items()}
    values = {n: list(f.spec.values or []) for n, f in fields.items()}
    tree = ast.parse(condition.source, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ConditionError(f"not allowed in a condition: {type(node).__name__}")
    emitter = _Emitter(condition.source, types, values, constants, slot)
    body = emitter.emit(tree.body)
    if tuple(emitter.reads) != condition.reads:
        raise CodegenError(f"condition {condition.source!r} reads differ from the loader's")
    optional = [
        n for n in condition.reads if not fields[n].spec.required and fields[n].spec.default is None
    ]
    if optional:
        body = ast.BoolOp(ast.And(), [*(_is(n, None, negate=True) for n in optional), body])
    return body


def check_emitted(tree: ast.AST, checked: frozenset[int] = frozenset()) -> None:
    """Refuse any node outside :data:`EMITTED_NODES` and any variable other than ``f``/``k``;
    give each node the one location the code has (a single pass: no ``fix_missing_locations``).

    ``checked`` names (by ``id``) subtrees this function has already checked and that nothing
    changes since: the cached conditions of :func:`compile_tuple`, which are not walked again."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if checked and id(node) in checked:
            continue
        if not isinstance(node, EMITTED_NODES):
            raise CodegenError(f"generated code contains {type(node).__name__}")
        if isinstance(node, ast.Name) and node.id not in _VARIABLES:
            raise CodegenError(f"generated code names {node.id!r}")
        if isinstance(node, ast.arg) and node.arg not in _VARIABLES:
            raise CodegenError(f"generated code has argument {node.arg!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, _CONSTANT_TYPES):
            raise CodegenError(f"generated code has constant {type(node.value).__name__}")
        if isinstance(node, (ast.expr, ast.arg)):
            node.lineno = node.end_lineno = 1
            node.col_offset = node.end_col_offset = 0
        for name in node._fields:
            child = getattr(node, name, None)
            if isinstance(child, list):
                stack.extend(child)
            elif isinstance(child, ast.AST):
                stack.append(child)


_CONSTANT_TYPES = (str, int, bool, type(None))


def function_tree(body: ast.expr, checked: frozenset[int] = frozenset()) -> ast.Expression:
    """``lambda f, k: body`` as a checked, located expression tree."""
    args = ast.arguments(
        posonlyargs=[],
        args=[ast.arg("f"), ast.arg("k")],
        kwonlyargs=[],
        kw_defaults=[],
        defaults=[],
    )
    tree = ast.Expression(ast.Lambda(args, body))
    check_emitted(tree, checked)
    return tree


def build(tree: ast.Expression, constants: Sequence[Any], name: str) -> Callable[[Any], Any]:
    """Compile a checked tree into a function of the facts alone (``k`` bound to the constants)."""
    code = compile(tree, f"<discretion {name}>", "eval")
    fn = eval(code, {"__builtins__": {}})  # a code object built from a checked tree
    # ``k`` becomes a default argument: calling the function is one frame, with no wrapper.
    fn.__defaults__ = (tuple(constants),)
    fn.tree = tree
    result: Callable[[Any], Any] = fn
    return result


# Checked condition bodies by what they are made from: items share the general part's grounds and
# circumstances, which are therefore emitted and checked once, not once per item. A body is never
# changed once made, so compiled functions may share it.
_BODIES: dict[tuple[Any, ...], tuple[ast.expr, tuple[Any, ...]]] = {}
_BODIES_MAX = 100_000


def _body_key(condition: Condition, slot: int, fields: Mapping[str, FactField]) -> tuple[Any, ...]:
    """What a condition's body depends on: its text, its place, and the read facts' schema."""
    schema = []
    for n in condition.reads:
        spec = fields[n].spec
        optional = not spec.required and spec.default is None
        schema.append((n, spec.type, tuple(spec.values or ()), optional))
    return (condition.source, condition.reads, slot, tuple(schema))


def compile_tuple(
    conditions: Sequence[Condition], fields: Mapping[str, FactField], name: str
) -> Callable[[Any], tuple[bool, ...]]:
    """One function testing every condition, in order: ``f → (c1(f), c2(f), …)``.

    Condition ``i`` reads its literals from ``k[i]``, its own constants, so that its checked body
    depends only on the condition and its place, and is made once for all the items sharing it."""
    parts: list[ast.expr] = []
    constants: list[tuple[Any, ...]] = []
    for slot, condition in enumerate(conditions):
        key = _body_key(condition, slot, fields)
        found = _BODIES.get(key)
        if found is None:
            own: list[Any] = []
            body = condition_tree(condition, fields, own, slot)
            check_emitted(body)
            found = (body, tuple(own))
            if len(_BODIES) >= _BODIES_MAX:
                _BODIES.clear()
            _BODIES[key] = found
        parts.append(found[0])
        constants.append(found[1])
    tree = function_tree(ast.Tuple(parts, ast.Load()), frozenset(id(p) for p in parts))
    return build(tree, constants, name)


def compile_one(
    condition: Condition, fields: Mapping[str, FactField], name: str
) -> Callable[[Any], bool]:
    """One condition as a function of the facts."""
    constants: list[Any] = []
    return build(function_tree(condition_tree(condition, fields, constants)), constants, name)
