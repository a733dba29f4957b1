"""The durable-rules backend: it agrees with the Python evaluator on every bundled standard, and
each part of the safe pattern of DESIGN.md §8 holds (no timer threads, sessions deleted, one lock,
rulesets named by content and built in bounded chunks, action errors surfaced, gaps reported).

The facts durable_rules 2.0.28 was measured to violate are the expectations here: a plain ``Host``
starts two timer threads; a ruleset holds at most 1 024 live sessions; a ruleset branching into
more than 512 tests never finishes building; a message with more than about 30 properties crashes
the process; threads sharing a host crash it; exceptions in actions are stored, not raised.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from durable_status import why_durable_is_missing

pytest.importorskip("durable.engine", reason=why_durable_is_missing())

from hypothesis import given
from hypothesis import strategies as st

import discretion
from discretion.backends import _durable_conditions, _durable_host, durable
from discretion.cli._main import main
from discretion.compile._bundled import bundled
from discretion.compile._conditions import compile_condition
from discretion.compile._facts import validate_facts
from discretion.compile._records import CompiledItem
from discretion.decide import PythonBackend
from discretion.errors import CaseError, LevelGapError
from discretion.verify.testing import cases

# durable_rules calls datetime.utcfromtimestamp, deprecated from Python 3.12 on.
pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcfromtimestamp")

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
GENERAL = bundled("general/apl-2021")
# Loaded here, not from the shared fixture: the backend must compile what the files say now.
RULESET = discretion.load(RULES)
PYTHON = PythonBackend()
DURABLE = durable.get_backend()


def _outcome(rules: discretion.RuleSet, item: str, facts: dict[str, Any], **kw: Any) -> Any:
    """The recommendation, or the library error (type and message) the evaluation raised."""
    try:
        return discretion.evaluate(rules, item, facts, **kw)
    except discretion.DiscretionError as exc:
        return (type(exc).__name__, str(exc))


def _decisions(backend: Any, item: CompiledItem, facts: dict[str, Any]) -> tuple[Any, ...]:
    values = validate_facts(item.fields, facts, item.code)
    return backend.levels(item, values), backend.circumstances(item, values)


# -- a synthetic standard, written as legal staff would write it --------------------------------

_HEAD = """\
standard:
  id: {sid}
  title: 合成裁量基准（测试用）
  authority: 测试
  jurisdiction: 测试
  field: 测试
  version: "1"
  effective_from: 2021-07-15
  source: 测试用合成基准
  uses: {general}
laws:
  SYN:
    name: 合成法（测试用）
procedure:
  hearing_fine_min: {{individual: 5000, organisation: 50000}}
  citation_hearing: [{{law: SYN, article: 9}}]
facts:
  - {{name: serious, type: bool, label: 情节严重, default: false}}
  - {{name: first_violation, type: bool, label: 初次违法, default: false}}
  - {{name: times, type: count, label: 违法次数, default: 1}}
  - {{name: region, type: enum, label: 区域, values: [north, south, east], required: false}}
  - {{name: scope, type: enum, label: 范围, values: [local, national], default: local}}
  - {{name: found_on, type: date, label: 发现日期, default: 2021-07-15}}
  - {{name: gains, type: money, label: 违法所得, unit: 元, default: 0}}
items:
"""

_ITEM = """\
  - code: {code}
    name: 合成事项 {code}
    legal_basis: [{{law: SYN, article: 1}}]
    penalty_basis: [{{law: SYN, article: 2}}]
    facts:
      - {{name: amount, type: money, label: 涉案金额, unit: 元}}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {{range: {{min: 1000, max: 100000}}}}
        citation: [{{law: SYN, article: 2}}]
    levels:
      - id: light
        label: 较轻
        when: {light}
        circumstances: 金额较小
        band: {{percent: [0, 30]}}
        citation: [{{law: SYN, article: 3}}]
      - id: general
        label: 一般
        when: {general}
        circumstances: 一般
        band: {{percent: [30, 70]}}
        citation: [{{law: SYN, article: 3}}]
      - id: heavy
        label: 较重
        when: {heavy}
        circumstances: 金额较大或者全国范围
        band: {{percent: [70, 90]}}
        citation: [{{law: SYN, article: 3}}]
      - id: grave
        label: 严重
        when: serious
        circumstances: 情节严重
        band: {{percent: [90, 100]}}
        citation: [{{law: SYN, article: 3}}]
    circumstances:
      - id: repeat
        kind: aggravate
        label: 多次违法且不在东区
        when: times >= 2 and region != "east"
        citation: [{{law: SYN, article: 4}}]
      - id: small_first
        kind: mitigate
        label: 初次违法且金额较小
        when: first_violation and amount <= {t0} and region not in ["north"]
        citation: [{{law: SYN, article: 4}}]
      - id: late
        kind: aggravate
        label: 二〇二二年下半年以后发现
        when: found_on > "2022-06-30"
        citation: [{{law: SYN, article: 4}}]
      - id: gains_exceed
        kind: aggravate
        label: 违法所得超过涉案金额
        when: gains > amount
        citation: [{{law: SYN, article: 4}}]
"""

_LEVELS = (
    'not serious and scope != "national" and amount < {t1}',
    'not serious and scope != "national" and {t1} <= amount < {t2}',
    'not serious and (scope == "national" or amount >= {t2})',
)


def _thresholds(base: int) -> dict[str, str]:
    return {"t0": f"{base // 10}.25", "t1": f"{base}.5", "t2": f"{base * 10}"}


def _standard(sid: str, codes: dict[str, int], extra: str = "") -> str:
    """A standard with one item per code; each item's thresholds come from its number."""
    parts = [_HEAD.format(sid=sid, general=GENERAL)]
    for code, base in codes.items():
        t = _thresholds(base)
        light, general, heavy = (s.format(**t) for s in _LEVELS)
        parts.append(_ITEM.format(code=code, light=light, general=general, heavy=heavy, **t))
    return "".join(parts) + extra


def _load(tmp_path: Path, name: str, text: str) -> discretion.RuleSet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return discretion.load(path)


SYN_FACTS: list[dict[str, Any]] = [
    {"party_type": "organisation", "amount": "1500"},
    {"party_type": "individual", "amount": "1000.5", "times": 3},
    {"party_type": "individual", "amount": "1000.49", "first_violation": True, "region": "south"},
    {"party_type": "organisation", "amount": "10000", "region": "east", "times": 2},
    {"party_type": "organisation", "amount": "99.99", "scope": "national"},
    {"party_type": "organisation", "amount": "100.25", "first_violation": True},
    {"party_type": "organisation", "amount": "100.2500001", "first_violation": True},
    {"party_type": "individual", "amount": "5", "serious": True, "found_on": "2022-07-01"},
    {"party_type": "individual", "amount": "5", "gains": "5.0001", "found_on": "2022-06-30"},
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> discretion.RuleSet:
    path = tmp_path_factory.mktemp("synthetic")
    return _load(path, "syn.yaml", _standard("test.durable.synthetic", {"SYN-1": 1000}))


# -- agreement: both engines decide every bundled standard alike ---------------------------------


@pytest.mark.parametrize("code", RULESET.codes)
@given(data=st.data())
def test_both_backends_give_equal_recommendations(code: str, data: st.DataObject) -> None:
    case = data.draw(cases(RULESET, [code]))
    item = RULESET.item(code, case.violation_date)
    assert _decisions(DURABLE, item, case.facts) == _decisions(PYTHON, item, case.facts)
    on = {"violation_date": case.violation_date}
    assert _outcome(RULESET, code, case.facts, backend="durable", **on) == _outcome(
        RULESET, code, case.facts, **on
    )


@pytest.mark.parametrize("facts", SYN_FACTS)
def test_thresholds_compare_exactly(synthetic: discretion.RuleSet, facts: dict[str, Any]) -> None:
    # Values on, just under and just over thresholds with 1 and 2 decimal places, more places
    # than any threshold has, an absent optional enum, dates and two money facts compared.
    item = synthetic.item("SYN-1")
    assert _decisions(DURABLE, item, facts) == _decisions(PYTHON, item, facts)
    assert _outcome(synthetic, "SYN-1", facts, backend="durable") == _outcome(
        synthetic, "SYN-1", facts
    )


def test_thresholds_decide_as_written(synthetic: discretion.RuleSet) -> None:
    # The synthetic item's own thresholds: light below 1000.5, general from 1000.5 below 10000,
    # heavy from 10000; small_first at most 100.25 and region given and not north.
    def level(amount: str, **more: Any) -> str | None:
        facts = {"party_type": "organisation", "amount": amount, **more}
        return discretion.evaluate(synthetic, "SYN-1", facts, backend="durable").level

    amounts = ("1000.49", "1000.5", "9999.999", "10000")
    assert [level(a) for a in amounts] == ["light", "general", "general", "heavy"]
    applied = discretion.evaluate(
        synthetic,
        "SYN-1",
        {
            "party_type": "organisation",
            "amount": "100.25",
            "first_violation": True,
            "region": "east",
        },
        backend="durable",
    ).circumstances
    assert [c.id for c in applied] == ["small_first"]


def test_values_beyond_64_bits_are_refused(synthetic: discretion.RuleSet) -> None:
    # Since issue 19 the format itself refuses numbers above 10^12 (discretion.format._limits),
    # so such a value never reaches the backend's own 64-bit check: it is a FactError first.
    facts = {"party_type": "organisation", "amount": "1" + "0" * 18}
    with pytest.raises(discretion.FactError, match="larger than the format allows") as err:
        discretion.evaluate(synthetic, "SYN-1", facts, backend="durable")
    assert err.value.field == "amount"


def test_two_facts_compared_closer_than_the_scale_are_refused(
    synthetic: discretion.RuleSet,
) -> None:
    # gains > amount: both travel at 4 places. 5.00001 and 5.00002 fall in the same step of
    # 0.0001 and would look equal: the backend refuses rather than risk a wrong answer.
    facts = {"party_type": "organisation", "amount": "5.00001", "gains": "5.00002"}
    with pytest.raises(durable.DurableError, match="differ beyond 4 decimal places"):
        discretion.evaluate(synthetic, "SYN-1", facts, backend="durable")
    # One step apart, or equal, they compare exactly.
    for gains in ("5.00011", "5.00001", "5.0001"):
        facts["gains"] = gains
        assert _outcome(synthetic, "SYN-1", facts, backend="durable") == _outcome(
            synthetic, "SYN-1", facts
        )


# -- the safe pattern ------------------------------------------------------------------------------


def test_no_timer_threads(monkeypatch: pytest.MonkeyPatch, synthetic: discretion.RuleSet) -> None:
    # A new host (as in a fresh process), then many evaluations: durable's Host would start two
    # timer threads at once and keep them forever.
    monkeypatch.setattr(_durable_host, "_HOST", None)
    before = threading.active_count()
    for i in range(300):
        discretion.evaluate(synthetic, "SYN-1", SYN_FACTS[i % len(SYN_FACTS)], backend="durable")
    assert threading.active_count() == before


def test_more_consecutive_evaluations_than_live_sessions_durable_holds(
    synthetic: discretion.RuleSet,
) -> None:
    # A ruleset holds at most 1 024 live sessions: every evaluation deletes its own.
    expected = [_outcome(synthetic, "SYN-1", f) for f in SYN_FACTS]
    for i in range(1_100):
        k = i % len(SYN_FACTS)
        assert _outcome(synthetic, "SYN-1", SYN_FACTS[k], backend="durable") == expected[k]


def test_threads_evaluating_at_once_get_correct_results(synthetic: discretion.RuleSet) -> None:
    fsl: list[dict[str, Any]] = [
        {"party_type": "organisation", "goods_value": "20"},
        {"party_type": "individual", "goods_value": "2e4", "serious": True},
    ]
    work = [(RULESET, "FSL-124", f) for f in fsl] + [(synthetic, "SYN-1", f) for f in SYN_FACTS]
    expected = [_outcome(r, code, f) for r, code, f in work]
    jobs = [i % len(work) for i in range(800)]

    def run(k: int) -> bool:
        rules, code, facts = work[k]
        return bool(_outcome(rules, code, facts, backend="durable") == expected[k])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(run, jobs))


def test_an_exception_in_an_action_is_a_library_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def failing(name: str) -> Callable[[Any], None]:
        def act(c: Any) -> None:
            raise RuntimeError(f"action {name} broke")

        return act

    # A standard of its own, so that its ruleset is built with the failing action.
    rules = _load(tmp_path, "exc.yaml", _standard("test.durable.exception", {"EXC-1": 3000}))
    monkeypatch.setattr(_durable_host, "_action", failing)
    with pytest.raises(durable.DurableError, match=r"action raised.*broke") as err:
        discretion.evaluate(rules, "EXC-1", SYN_FACTS[0], backend="durable")
    assert isinstance(err.value, CaseError)
    assert err.value.item == "EXC-1"


def test_no_level_is_the_gap_error(tmp_path: Path) -> None:
    # Levels below 1000.5 and from 10000: 5000 falls between them.
    gap = _standard("test.durable.gap", {"GAP-1": 1000}).replace(
        'not serious and scope != "national" and 1000.5 <= amount < 10000', "amount < 0"
    )
    rules = _load(tmp_path, "gap.yaml", gap)
    facts = {"party_type": "organisation", "amount": "5000"}
    python = _outcome(rules, "GAP-1", facts)
    assert python[0] == LevelGapError.__name__
    assert _outcome(rules, "GAP-1", facts, backend="durable") == python


def test_reloading_reuses_an_unchanged_ruleset_and_builds_an_edited_one(tmp_path: Path) -> None:
    facts = {"party_type": "organisation", "amount": "1500"}

    def names(rules: discretion.RuleSet) -> set[str]:
        return {rs.name for rs in durable.compiled(rules.item("RLD-1")).rulesets}

    first = _load(tmp_path, "reload.yaml", _standard("test.durable.reload", {"RLD-1": 1000}))
    assert discretion.evaluate(first, "RLD-1", facts, backend="durable").level == "general"
    built = set(_durable_host.process_host().built)
    assert names(first) <= built

    again = _load(tmp_path, "reload.yaml", _standard("test.durable.reload", {"RLD-1": 1000}))
    assert discretion.evaluate(again, "RLD-1", facts, backend="durable").level == "general"
    assert names(again) == names(first)
    assert _durable_host.process_host().built == built

    # The edit moves the light/general threshold from 1000.5 to 2000.5: 1500 becomes light.
    edited = _load(tmp_path, "reload.yaml", _standard("test.durable.reload", {"RLD-1": 2000}))
    assert discretion.evaluate(edited, "RLD-1", facts, backend="durable").level == "light"
    assert names(edited).isdisjoint(names(first))
    assert names(edited) <= _durable_host.process_host().built


# -- bounded rulesets --------------------------------------------------------------------------------

_WIDE_FLAGS = 40
_WIDE_STEPS = 600


def _wide_item(tmp_path: Path) -> discretion.RuleSet:
    """One item with 600 threshold circumstances and 40 flag circumstances: as one ruleset it
    would never finish building (600 tests) and its message would crash durable (41 facts)."""
    flags = "".join(
        f"      - {{name: flag{j}, type: bool, label: 标志{j}, default: false}}\n"
        for j in range(_WIDE_FLAGS)
    )
    circs = "".join(
        f"      - {{id: step{i}, kind: aggravate, label: 阈值{i}, when: amount >= {i * 10},"
        " citation: [{law: SYN, article: 5}]}\n"
        for i in range(_WIDE_STEPS)
    )
    circs += "".join(
        f"      - {{id: flagged{j}, kind: mitigate, label: 标志{j}, when: flag{j},"
        " citation: [{law: SYN, article: 5}]}\n"
        for j in range(_WIDE_FLAGS)
    )
    text = _standard("test.durable.wide", {"WIDE-1": 1000})
    text = text.replace(
        "      - {name: amount, type: money, label: 涉案金额, unit: 元}\n",
        "      - {name: amount, type: money, label: 涉案金额, unit: 元}\n" + flags,
    )
    text = text.replace("    circumstances:\n", "    circumstances:\n" + circs, 1)
    return _load(tmp_path, "wide.yaml", text)


def _within_bounds(rs: durable.DurableRuleset) -> bool:
    tests = sum(
        _durable_conditions.count_tests(rule["all"][0]["m"]) for rule in rs.definition.values()
    )
    keys = {
        k
        for rule in rs.definition.values()
        for k in _durable_conditions.keys_of(rule["all"][0]["m"], set())
    }
    keys.discard(_durable_conditions.MARKER_KEY)
    # Message properties: the facts read, plus sid, id and the marker.
    return bool(
        len(rs.rules) <= durable.MAX_RULES and tests <= durable.MAX_TESTS and len(keys) + 3 <= 30
    )


def test_a_large_item_is_split_into_rulesets_durable_can_build(tmp_path: Path) -> None:
    rules = _wide_item(tmp_path)
    item = rules.item("WIDE-1")
    comp = durable.compiled(item)
    assert len(comp.rulesets) >= (_WIDE_STEPS + _WIDE_FLAGS) // durable.MAX_RULES
    assert all(_within_bounds(rs) for rs in comp.rulesets)
    rng = random.Random(7)
    for _ in range(5):
        facts: dict[str, Any] = {"party_type": "organisation", "amount": rng.randrange(6_100)}
        facts.update({f"flag{j}": rng.random() < 0.3 for j in range(_WIDE_FLAGS)})
        assert _decisions(DURABLE, item, facts) == _decisions(PYTHON, item, facts)


def test_a_10000_item_standard_compiles_per_item_in_bounded_rulesets(tmp_path: Path) -> None:
    # The items are made from one loaded item by replacing its code and level conditions, since
    # loading 10 000 items takes long (the benchmarks measure that). 100 sets of thresholds.
    text = _standard("test.durable.big", {"BIG-00000": 1000})
    template = _load(tmp_path, "big.yaml", text).item("BIG-00000")
    types = {n: f.spec.type for n, f in template.fields.items()}
    values = {n: list(f.spec.values) for n, f in template.fields.items() if f.spec.values}
    variants = [
        tuple(
            replace(lv, when=compile_condition(src.format(**_thresholds(1000 + k)), types, values))
            for lv, src in zip(template.levels, _LEVELS, strict=False)
        )
        + template.levels[3:]
        for k in range(100)
    ]
    items = [
        replace(template, code=f"BIG-{i:05d}", levels=variants[i % 100]) for i in range(10_000)
    ]
    compiled = [durable.compile_item(item) for item in items]
    rulesets = [rs for comp in compiled for rs in comp.rulesets]
    assert len({rs.name for rs in rulesets}) == len(items)  # one small ruleset per item
    assert all(_within_bounds(rs) for rs in rulesets)

    # Building is lazy: evaluating a few items builds their rulesets only.
    host = _durable_host.process_host()
    before = set(host.built)
    sample = random.Random(10_000).sample(items, 20)
    for item in sample:
        for facts in SYN_FACTS[:4]:
            assert _decisions(DURABLE, item, facts) == _decisions(PYTHON, item, facts)
    assert host.built - before == {
        rs.name for item in sample for rs in durable.compiled(item).rulesets
    }


# -- errors, command line, export -------------------------------------------------------------------


def test_missing_durable_rules_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(durable, "_BACKEND", None)
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    with pytest.raises(
        durable.DurableUnavailableError, match=r"pip install 'discretion\[durable\]'.*3\.13"
    ):
        discretion.evaluate(
            RULESET, "FSL-124", {"party_type": "organisation", "goods_value": 20}, backend="durable"
        )


def test_cli_evaluate_with_the_durable_backend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"party_type": "organisation", "goods_value": "20000"}))
    outputs = []
    for backend in ("python", "durable"):
        args = ["evaluate", str(RULES), "--item", "FSL-124", "--facts", str(facts)]
        assert main([*args, "--format", "json", "--backend", backend]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[1])["level"] == "general"


def test_export_writes_every_item_and_the_rulesets_it_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export.json"
    assert main(["export-durable", str(RULES), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == durable.FORMAT
    versions = {
        f"{v.code}@{v.standard.version}" for c in RULESET.codes for v in RULESET.versions(c)
    }
    assert set(data["items"]) == versions
    for key, entry in data["items"].items():
        code = key.split("@")[0]
        item = next(v for v in RULESET.versions(code) if f"{code}@{v.standard.version}" == key)
        ids = {f"level/{lv.id}" for lv in item.levels} | {
            f"circumstance/{c.id}" for c in item.circumstances
        }
        rules = {name for rs in entry["rulesets"] for name in data["rulesets"][rs]}
        assert all(durable.SEEN in data["rulesets"][rs] for rs in entry["rulesets"])
        assert rules - {durable.SEEN} <= ids  # a condition that can never hold has no rule
        assert {lv for lv in ids if lv.startswith("level/")} <= rules
        for rs in entry["rulesets"]:
            assert all(body["run"] == name for name, body in data["rulesets"][rs].items())

    folder = tmp_path / "rulesets"
    assert main(["export-durable", str(RULES), "--out", str(folder)]) == 0
    files = sorted(p.name for p in folder.iterdir())
    assert "index.json" in files
    assert len(files) == len(data["rulesets"]) + 1
    capsys.readouterr()


def test_export_encodes_a_date_as_its_ordinal(synthetic: discretion.RuleSet) -> None:
    late = durable.compiled(synthetic.item("SYN-1")).rulesets[0].definition["circumstance/late"]
    assert {"$gt": {"found_on": dt.date(2022, 6, 30).toordinal()}} in late["all"][0]["m"]["$and"]
