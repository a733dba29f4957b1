"""Code generation cannot be reached from a rule file (issue 12, point 2; DESIGN.md §3).

The compiled path generates Python code from the condition trees the loader checked
(``compile/_codegen.py``). These tests hold that a hostile rule file — names, labels, enum values
and strings carrying ``__import__('os')``, quotes, newlines, dunder attributes, huge literals —
either fails at load with a located error, or travels through the generated code as plain data:
every generated tree holds only whitelisted nodes, only the variables ``f`` and ``k``, and no
literal of the rule file (those sit in the constants tuple, never in the code).
"""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from typing import Any

import pytest

import discretion
from discretion.compile._codegen import (
    EMITTED_NODES,
    CodegenError,
    check_emitted,
    compile_one,
    condition_tree,
    function_tree,
)
from discretion.compile._conditions import Condition, ConditionError
from discretion.compile._records import CompiledItem
from discretion.decide._scalar import program
from discretion.errors import RuleSetError
from strategies import RULESET, load_inline

HOSTILE = "\"); __import__('os').system('echo pwned'); (\""
DUNDER = "().__class__.__bases__[0].__subclasses__()"

_ITEM = """items:
  - code: EVIL-1
    name: {name}
    legal_basis: [{{law: FSL, article: 34}}]
    penalty_basis: [{{law: FSL, article: 124, paragraph: 1}}]
    facts:
      - {{name: goods_value, type: money, label: {label}, unit: 元}}
      - name: how
        type: enum
        label: 方式
        values: [{value}, 'plain']
        default: plain
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {{range: {{min: 50000, max: 100000}}}}
        citation: [{{law: FSL, article: 124, paragraph: 1}}]
    levels:
      - id: light
        label: {label}
        when: {light}
        circumstances: {label}
        band: lower_30
      - id: heavy
        label: 较重
        when: {heavy}
        circumstances: 货值金额不低于一万元
        band: upper_30
"""


def _hostile(light: str, heavy: str = "goods_value >= 10000") -> str:
    """The item with hostile strings; each written as a JSON string (a YAML double-quoted scalar)."""
    evil = json.dumps(HOSTILE + "\n" + DUNDER, ensure_ascii=False)
    return _ITEM.format(
        name=evil,
        label=evil,
        value=json.dumps(HOSTILE),
        light=json.dumps(light),
        heavy=json.dumps(heavy),
    )


def _trees(item: CompiledItem) -> list[ast.AST]:
    prog = program(item)
    # One generated function holds every condition of the item: grounds, levels,
    # circumstances, the clauses' and Art. 58 grounds' conditions, the limitation periods'.
    return [vars(prog.tests)["tree"]]  # set on each generated function


def _assert_plain(tree: ast.AST, item: CompiledItem) -> None:
    for node in ast.walk(tree):
        assert isinstance(node, EMITTED_NODES), type(node).__name__
        if isinstance(node, ast.Name):
            assert node.id in ("f", "k")
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            key = node.slice
            assert isinstance(key, ast.Constant)
            if node.value.id == "f":
                assert key.value in item.fields  # only a declared fact's name, as a string key
            else:
                assert type(key.value) is int  # an index into the constants, never a literal
        if isinstance(node, ast.Constant):
            assert node.value is None or type(node.value) in (bool, int, str)
            if type(node.value) is str:
                assert node.value in item.fields


def test_hostile_strings_travel_as_data() -> None:
    # The enum value carries quotes, a call and a newline; the labels and name a dunder chain.
    condition = f"how == {HOSTILE!r} or goods_value < 10000"
    rules = load_inline(_hostile(condition))
    item = rules.item("EVIL-1")
    for tree in _trees(item):
        _assert_plain(tree, item)
    rec = discretion.evaluate(
        rules, "EVIL-1", {"goods_value": 5, "how": HOSTILE, "party_type": "individual"}
    )
    assert rec.level == "light"
    assert rec.level_label == HOSTILE + "\n" + DUNDER  # the label is a label, nothing more
    heavy = discretion.evaluate(
        rules, "EVIL-1", {"goods_value": 20000, "how": "plain", "party_type": "individual"}
    )
    assert heavy.level == "heavy"


@pytest.mark.parametrize(
    "light",
    [
        "__import__('os').system('echo pwned') == 0",
        "goods_value.__class__ == 1",
        "goods_value < 10000 and (lambda: 1)() == 1",
        "[x for x in ().__class__.__bases__] == []",
        "goods_value < 1e999999",
        "goods_value < 10000\n or __import__('os')",
        "__builtins__ == 1",
        'goods_value < 10000 or how == "\\"); __import__(\'os\')#"',
    ],
)
def test_hostile_conditions_fail_at_load(light: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_inline(_hostile(light))
    text = str(caught.value)
    assert "inline.yaml" in text
    assert "EVIL-1" in text


@pytest.mark.parametrize("code", sorted(RULESET.codes))
def test_generated_code_is_whitelisted_for_every_item(code: str) -> None:
    for item in RULESET.versions(code):
        for tree in _trees(item):
            _assert_plain(tree, item)


def _item_fields() -> Any:
    return RULESET.item("FSL-124").fields


@pytest.mark.parametrize(
    "source",
    ["__import__('os').system('x')", "goods_value.__class__", "(lambda: 1)()", "f['x']"],
)
def test_codegen_refuses_text_outside_the_language_even_without_the_loader(source: str) -> None:
    with pytest.raises(ConditionError):
        condition_tree(Condition(source, ("goods_value",), lambda f: True), _item_fields(), [])


def test_the_emitted_whitelist_refuses_calls_attributes_and_other_names() -> None:
    for body in (
        "__import__('os')",
        "f.__class__",
        "os",
        "(1).real",
    ):
        expr = ast.parse(body, mode="eval").body
        with pytest.raises(CodegenError):
            function_tree(expr)
    with pytest.raises(CodegenError):
        check_emitted(ast.parse("k[0](1)", mode="eval"))


def test_literals_live_in_the_constants_not_in_the_code() -> None:
    fields = _item_fields()
    cond = Condition("goods_value < 12345.67", ("goods_value",), lambda f: True)
    fn = compile_one(cond, fields, "test")
    assert fn.__defaults__ == ((Decimal("12345.67"),),)
    text = ast.unparse(fn.tree)  # type: ignore[attr-defined]
    assert "12345" not in text
    assert text == "lambda f, k: f['goods_value'] < k[0]"
    assert fn({"goods_value": Decimal("12345.66")}) is True
    assert fn({"goods_value": Decimal("12345.67")}) is False
