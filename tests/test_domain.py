"""The fact domain: boundary points decide every comparison; roles are read from the conditions."""

from __future__ import annotations

from decimal import Decimal

import discretion
from discretion.compile._conditions import compile_condition
from discretion.compile._facts import compile_fact
from discretion.format._model import FactSpec
from discretion.verify._domain import boundary_points, fact_roles, space, witness
from strategies import BROKEN, load_item


def points(spec: FactSpec, *conditions: str) -> tuple[object, ...]:
    types = {spec.name: spec.type}
    values = {spec.name: list(spec.values or [])}
    return boundary_points(
        compile_fact(spec), [compile_condition(c, types, values) for c in conditions]
    )


def test_money_threshold_at_below_and_above_by_one_fen() -> None:
    spec = FactSpec(name="goods_value", type="money", label="货值金额")
    # 以下/不足: money cannot be negative, so 0 is the lower bound.
    assert points(spec, "goods_value < 10000") == (
        Decimal(0),
        Decimal("9999.99"),
        Decimal(10000),
        Decimal("10000.01"),
    )


def test_count_thresholds_are_whole_numbers_inside_the_bounds() -> None:
    spec = FactSpec(name="times", type="count", label="次数", min=Decimal(1), max=Decimal(5))
    assert points(spec, "times > 2 and times < 3") == (1, 2, 3, 4, 5)
    assert points(spec, "times >= 2.5") == (1, 2, 3, 4, 5)


def test_thresholds_closer_than_a_fen_still_get_a_point_between() -> None:
    spec = FactSpec(name="area", type="area", label="面积", min=Decimal(0))
    got = points(spec, "area > 100 and area < 100.004")
    between = [p for p in got if Decimal(100) < p < Decimal("100.004")]  # type: ignore[operator]
    assert between == [Decimal("100.002")]


def test_optional_fact_without_default_may_be_absent() -> None:
    spec = FactSpec(name="age", type="count", label="年龄", required=False, max=Decimal(150))
    assert points(spec, "age >= 14 and age < 18") == (None, 0, 13, 14, 15, 17, 18, 19, 150)


def test_bool_and_enum_take_every_value() -> None:
    assert points(FactSpec(name="serious", type="bool", label="情节严重")) == (False, True)
    spec = FactSpec(name="kind", type="enum", label="类型", values=["a", "b", "c"])
    assert points(spec, 'kind == "b"') == ("a", "b", "c")


def test_witness_prefers_the_default() -> None:
    fact = compile_fact(FactSpec(name="gains", type="money", label="违法所得", default=Decimal(0)))
    assert witness(fact) == Decimal(0)
    optional = compile_fact(FactSpec(name="d", type="date", label="日期", required=False))
    assert witness(optional) is None


ITEM = """\
items:
  - code: DEMO
    name: 示例
    legal_basis: [{law: FSL, article: 34}]
    penalty_basis: [{law: FSL, article: 124, paragraph: 1}]
    facts:
      - {name: goods_value, type: money, label: 货值金额, unit: 元}
      - {name: first, type: bool, label: 初次违法, default: false}
      - {name: serious, type: bool, label: 情节严重, default: false}
      - {name: refused, type: bool, label: 拒不改正, default: false}
      - {name: helped, type: bool, label: 配合调查, default: false}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount:
          switch:
            - {id: low, when: goods_value < 10000, amount: {range: {min: 50000, max: 100000}}}
            - {id: high, when: goods_value >= 10000, amount: {multiple: {base: goods_value, min: 10, max: 20}}}
        citation: [{law: FSL, article: 124, paragraph: 1}]
      - id: warning
        kind: warning
        mode: required
        when: refused
        citation: [{law: FSL, article: 124, paragraph: 1}]
    levels:
      - {id: light, label: 从轻, when: first and not serious, circumstances: 初次, band: lower_30}
      - {id: usual, label: 一般, when: not first and not serious, circumstances: 一般, band: middle_40}
      - {id: grave, label: 严重, when: serious, circumstances: 严重, band: upper_30}
    circumstances:
      - {id: helped, kind: mitigate, label: 配合调查, when: helped, citation: [{law: APL, article: 32}]}
"""


def test_space_is_the_product_of_the_facts_read() -> None:
    item = load_item(ITEM)
    sp = space(item, [lv.when for lv in item.levels])
    assert sp.names == ("first", "serious")
    assert sp.size == 4
    assert len(list(sp)) == 4
    # Facts the question does not read keep their witness value (the default, or a plain value).
    assert all(facts["refused"] is False for facts in sp)


def test_roles_follow_the_conditions() -> None:
    roles = fact_roles(load_item(ITEM))
    assert roles["serious"] == "aggravating"  # true only in the gravest level, negated below
    assert roles["first"] == "mitigating"  # true only in the lightest level
    assert roles["refused"] == "aggravating"  # a clause's condition: it brings a penalty
    assert roles["helped"] == "mitigating"  # a mitigating circumstance
    assert roles["goods_value"] == "harm"  # money, and the base of the multiple
    assert roles["eliminated_harm"] == "mitigating"  # the general part's Art. 32 (1)


def test_conflicting_conditions_give_no_role() -> None:
    # The broken circumstance reads `not uncooperative` as aggravating, the graver level reads
    # `uncooperative`: the two disagree, so the fact gets no role.
    item = discretion.load(BROKEN / "circumstance.yaml").item("BROKEN-CIRCUMSTANCE")
    assert "uncooperative" not in fact_roles(item)
