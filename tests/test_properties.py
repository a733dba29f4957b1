"""Consistency laws (同案同罚) over every item of every standard in rules/ (DESIGN.md §5).

Each law is a hypothesis property run once per item version; facts come from the public
strategies of :mod:`discretion.verify.testing`, which concentrate on the thresholds the item's conditions
mention. Profiles: ``ci`` (default) and ``thorough`` (``HYPOTHESIS_PROFILE=thorough``).

Which facts are aggravating or mitigating is read from the conditions by
:func:`discretion.verify._domain.fact_roles`: a bool fact that holds in aggravating circumstances, graver
levels or the conditions of penalty clauses aggravates; one that holds in mitigating circumstances,
lighter levels or no-penalty grounds mitigates; a fact whose conditions disagree is left out.
Harm facts are money and area facts and the bases of amounts (货值金额, 违法所得, 面积).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discretion import render_text
from discretion.compile._loader import loads_many
from discretion.compile._records import CompiledItem
from discretion.explain._jsonio import from_json, to_json
from discretion.verify._domain import conditions_of, fact_roles
from discretion.verify.testing import base_facts, fact_values, facts_for
from strategies import (
    RULESET,
    SOURCES,
    VERSION_IDS,
    VERSIONS,
    bounds_problems,
    evaluate,
    lowered,
    normalised,
    shuffled,
)

# An independent load of the same texts: equal recommendations must not depend on the object.
SECOND = loads_many(SOURCES)
# The same standards written in other orders (items, levels, fact declarations, mapping keys).
SHUFFLED = [loads_many(shuffled(SOURCES, seed)) for seed in (1, 2, 3)]
# … and with levels and fact declarations in their written order: the justification must then be
# byte-identical.
SHUFFLED_KEEPING_DECLARATIONS = [
    loads_many(shuffled(SOURCES, seed, declarations=False)) for seed in (4, 5)
]

per_item = pytest.mark.parametrize("item", VERSIONS, ids=VERSION_IDS)


@per_item
@given(data=st.data())
def test_determinism(item: CompiledItem, data: st.DataObject) -> None:
    facts = data.draw(facts_for(item))
    first = evaluate(item, facts)
    again = evaluate(item, dict(facts))
    other = evaluate(item, facts, SECOND)
    assert first == again == other
    for lang in ("zh", "en"):
        text = render_text(first, lang)
        assert text.encode() == render_text(other, lang).encode()


@per_item
@given(data=st.data())
def test_bounds(item: CompiledItem, data: st.DataObject) -> None:
    rec = evaluate(item, data.draw(facts_for(item)))
    assert bounds_problems(rec) == []


@per_item
@given(data=st.data())
def test_every_step_cites_a_source(item: CompiledItem, data: st.DataObject) -> None:
    rec = evaluate(item, data.draw(facts_for(item)))
    uncited = [s.rule for s in rec.steps if not s.sources]
    assert uncited == []
    assert all(src.key and src.zh and src.en for s in rec.steps for src in s.sources)


@per_item
@given(data=st.data())
def test_json_round_trip_is_lossless(item: CompiledItem, data: st.DataObject) -> None:
    rec = evaluate(item, data.draw(facts_for(item)))
    text = to_json(rec)
    back = from_json(text)
    assert back == rec
    assert to_json(back) == text
    assert render_text(back) == render_text(rec)


@per_item
@given(data=st.data())
def test_order_independence(item: CompiledItem, data: st.DataObject) -> None:
    facts = data.draw(facts_for(item))
    keys = data.draw(st.permutations(list(facts)))
    reordered = {k: facts[k] for k in keys}
    expected = evaluate(item, facts)
    text = {lang: render_text(expected, lang) for lang in ("zh", "en")}
    for rules in SHUFFLED:
        assert normalised(evaluate(item, reordered, rules)) == normalised(expected)
    for rules in SHUFFLED_KEEPING_DECLARATIONS:
        got = evaluate(item, reordered, rules)
        assert normalised(got) == normalised(expected)
        for lang in ("zh", "en"):
            assert render_text(got, lang) == text[lang]


ROLES = {(v.code, v.standard.version): fact_roles(v) for v in VERSIONS}


def _with_role(role: str) -> pytest.MarkDecorator:
    """Parametrise over (item, its facts of that role); each example draws one of those facts.

    One parametrisation per item, not per fact: with 130 items the facts number over a thousand,
    and hypothesis's pytest plugin wraps the settings of a parametrised test once per
    parametrisation, so a test parametrised a thousand times overflows the recursion limit. The
    draw still reaches every fact (derandomized, 25 examples per item in the ``ci`` profile)."""
    pairs = []
    for v in VERSIONS:
        names = tuple(sorted(n for n, r in ROLES[v.code, v.standard.version].items() if r == role))
        if names:
            pairs.append((v, names))
    ids = [f"{v.code}@{v.standard.version}" for v, _names in pairs]
    return pytest.mark.parametrize(("item", "names"), pairs, ids=ids)


@_with_role("aggravating")
@given(data=st.data())
def test_aggravating_fact_never_lowers(
    item: CompiledItem, names: tuple[str, ...], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    facts = data.draw(facts_for(item))
    before = evaluate(item, {**facts, name: False})
    after = evaluate(item, {**facts, name: True})
    assert lowered(before, after) == []


@_with_role("mitigating")
@given(data=st.data())
def test_mitigating_fact_never_raises(
    item: CompiledItem, names: tuple[str, ...], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    facts = data.draw(facts_for(item))
    without = evaluate(item, {**facts, name: False})
    with_it = evaluate(item, {**facts, name: True})
    assert lowered(with_it, without) == []


@_with_role("harm")
@given(data=st.data())
def test_more_harm_never_lowers(
    item: CompiledItem, names: tuple[str, ...], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    facts = data.draw(facts_for(item))
    own = [c for c in conditions_of(item) if name in c.reads]
    values = fact_values(item.fields[name], own)
    if base_facts(item).get(name):  # a multiple without a fallback range refuses a zero base
        values = values.filter(lambda v: v > 0)
    low, high = sorted(data.draw(st.lists(values, min_size=2, max_size=2, unique=True)))
    before = evaluate(item, {**facts, name: low})
    after = evaluate(item, {**facts, name: high})
    assert lowered(before, after) == []


def test_the_suite_covers_every_item_of_rules() -> None:
    # Guards the parametrisation: a standard added to rules/ is picked up without editing tests.
    assert {v.code for v in VERSIONS} == set(RULESET.codes)
    assert len(VERSIONS) >= len(RULESET.codes) >= 1
