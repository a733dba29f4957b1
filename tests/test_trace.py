"""The trace is built on first read of ``Recommendation.steps``; that must not show.

An evaluation records its steps and ``steps`` builds the :class:`~discretion.decide._result.Step` objects
when first read (``discretion.decide._result.Trace``). These tests hold it to being invisible: the same
steps however and whenever they are read, equality, hashing, pickling, JSON and
``dataclasses.replace`` unaffected, built once, and safe to read from several threads.
"""

from __future__ import annotations

import dataclasses
import pickle
import threading
from decimal import Decimal

import discretion
from discretion.decide._result import Step
from discretion.explain._jsonio import from_json, to_json

# FSL Art. 124 ¶1: goods value under 10 000 yuan → fine of 50 000–100 000 yuan; a first violation
# without harm is the item's 从轻 level (rules/food/fsl-2021.yaml, tests/golden/fsl124-light.*).
LIGHT = {"party_type": "organisation", "goods_value": "20", "first_violation": True}
# Goods value of 20 000 yuan (≥ 10 000) → fine of 10–20 times the goods value.
MULTIPLE = {"party_type": "organisation", "goods_value": "20000", "first_violation": True}


def _evaluate(rules: discretion.RuleSet, facts: dict[str, object]) -> discretion.Recommendation:
    return discretion.evaluate(rules, "FSL-124", facts)


def test_steps_are_built_once_and_kept(rules: discretion.RuleSet) -> None:
    rec = _evaluate(rules, LIGHT)
    first = rec.steps
    assert type(first) is tuple
    assert all(type(s) is Step for s in first)
    assert rec.steps is first


def test_the_steps_read_the_facts_of_their_own_case(rules: discretion.RuleSet) -> None:
    light, multiple = _evaluate(rules, LIGHT), _evaluate(rules, MULTIPLE)
    # Read in the other order than evaluated: each keeps its own facts.
    fine_multiple = next(s for s in multiple.steps if s.rule == "FSL-124/penalties/fine")
    fine_light = next(s for s in light.steps if s.rule == "FSL-124/penalties/fine")
    # The fixed range reads no fact; the multiple reads the goods value it multiplies.
    assert fine_light.reads == ()
    assert fine_multiple.reads == (("goods_value", Decimal(20000)),)
    # 从轻: the lowest 30 % of the range (rules/food/fsl-2021.yaml): 50 000–65 000 yuan, and
    # 10–13 times 20 000 yuan.
    assert fine_light.get("range") == (Decimal(50000), Decimal(65000))
    assert fine_multiple.get("range") == (Decimal(200000), Decimal(260000))
    level = next(s for s in light.steps if s.rule == "FSL-124/levels/light")
    # first_violation as given; harm and serious as the rule file's defaults (none, false).
    assert dict(level.reads) == {"first_violation": True, "harm": "none", "serious": False}
    assert level.outcome is True


def test_equality_and_hash_do_not_depend_on_reading_the_steps(rules: discretion.RuleSet) -> None:
    read, unread = _evaluate(rules, LIGHT), _evaluate(rules, LIGHT)
    steps = read.steps
    assert len(steps) > 10
    assert hash(unread) == hash(read)
    assert unread == read
    assert repr(_evaluate(rules, LIGHT)) == repr(read)
    assert _evaluate(rules, LIGHT) != _evaluate(rules, MULTIPLE)


def test_pickle_json_and_replace_of_an_unread_recommendation(rules: discretion.RuleSet) -> None:
    reference = _evaluate(rules, LIGHT).steps
    unpickled = pickle.loads(pickle.dumps(_evaluate(rules, LIGHT)))
    assert unpickled.steps == reference
    assert from_json(to_json(_evaluate(rules, LIGHT))).steps == reference
    replaced = dataclasses.replace(_evaluate(rules, LIGHT), notes=("reviewed",))
    assert replaced.steps == reference
    assert replaced.notes == ("reviewed",)


def test_threads_reading_the_steps_at_once_get_equal_steps(rules: discretion.RuleSet) -> None:
    reference = _evaluate(rules, LIGHT).steps
    recs = [_evaluate(rules, LIGHT) for _ in range(50)]
    barrier = threading.Barrier(4)
    seen: list[list[tuple[Step, ...]]] = [[] for _ in range(4)]

    def read(index: int) -> None:
        barrier.wait()
        seen[index].extend(rec.steps for rec in recs)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(len(results) == len(recs) for results in seen)
    assert all(steps == reference for results in seen for steps in results)
