"""Conditions in words: ``first_violation and harm == "none"`` as legal staff read it.

A condition of a rule file is code (the condition language of :mod:`discretion.compile._conditions`).
A justification or a public page shows it in words built from the facts' labels and the enum
values' labels: ``初次违法 且 危害后果为「没有造成危害后果」``. The text is parsed with :mod:`ast`
(the condition language is a subset of Python expressions); a part it does not know is shown as
written, so nothing is ever lost.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

_COMPARE = {
    ast.Eq: ("为", "is"),
    ast.NotEq: ("不为", "is not"),
    ast.Lt: ("低于", "is below"),
    ast.LtE: ("不超过", "is at most"),
    ast.Gt: ("超过", "is above"),
    ast.GtE: ("达到", "is at least"),
    ast.In: ("属于", "is one of"),
    ast.NotIn: ("不属于", "is none of"),
}


def in_words(
    source: str,
    label: Callable[[str], str],
    value: Callable[[str, Any], str],
    lang: str = "zh",
) -> str:
    """``source`` in words; ``label(name)`` names a fact, ``value(name, v)`` words a value."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return source
    zh = lang == "zh"

    def lit(node: ast.expr) -> Any:
        return ast.literal_eval(node)

    def walk(node: ast.expr, top: bool = True) -> str:
        if isinstance(node, ast.BoolOp):
            joint = (
                (" 且 " if zh else " and ")
                if isinstance(node.op, ast.And)
                else (" 或者 " if zh else " or ")
            )
            text = joint.join(walk(v, False) for v in node.values)
            return (
                text
                if top or isinstance(node.op, ast.And)
                else f"（{text}）"
                if zh
                else f"({text})"
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = walk(node.operand, False)
            if isinstance(node.operand, ast.Name):
                return ("非" if zh else "not ") + inner
            return ("并非" if zh else "not ") + (f"（{inner}）" if zh else f"({inner})")
        if isinstance(node, ast.Name):
            return label(node.id)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return ("是" if node.value else "否") if zh else ("yes" if node.value else "no")
        if (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.left, ast.Name)
            and type(node.ops[0]) in _COMPARE
        ):
            name = node.left.id
            verb = _COMPARE[type(node.ops[0])][0 if zh else 1]
            right = node.comparators[0]
            try:
                v = lit(right)
            except ValueError:
                other = walk(right, False)
                return f"{label(name)}{verb}{other}" if zh else f"{label(name)} {verb} {other}"
            if isinstance(v, (list, tuple, set)):
                shown = ("、" if zh else ", ").join(_shown(name, x, value, zh) for x in v)
            else:
                shown = _shown(name, v, value, zh)
            if zh and not isinstance(v, str):
                return f"{label(name)}{verb} {shown}"
            return f"{label(name)}{verb}{shown}" if zh else f"{label(name)} {verb} {shown}"
        return ast.unparse(node)

    return walk(tree)


def _shown(name: str, v: Any, value: Callable[[str, Any], str], zh: bool) -> str:
    """An enum value quoted by its label; a figure with its unit, unquoted."""
    text = value(name, v)
    if not isinstance(v, str):
        return text
    return f"「{text}」" if zh else f"“{text}”"
