"""Art. 37 (从旧兼从轻) and the one date of a case: the legality reviewer's points of issue 13.

Each fixture is a two-version standard written here, so the statute each version encodes is
visible beside the test. The order of comparison follows the one documented in
``discretion.decide._engine`` (no penalty before penalty; fewer kinds; the range by its maximum,
then its minimum — 最高人民法院《关于适用刑法第十二条几个问题的解释》法释〔1997〕12号 第一条,
which courts borrow for the administrative 从旧兼从轻 rule).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion import render_text
from discretion.compile import loads_many
from discretion.compile._bundled import bundled

ROOT = Path(__file__).resolve().parent.parent
GENERAL_PATH = bundled("general/apl-2021")
GENERAL = GENERAL_PATH.read_text(encoding="utf-8")

_HEAD = """\
standard:
  id: test.transition
  title: 测试：从旧兼从轻
  authority: 测试机关
  jurisdiction: 测试
  field: 测试
  version: "{version}"
  effective_from: {start}
  {end}
  source: 测试用
  uses: discretion:general/apl-2021
laws:
  REG:
    name: 测试条例（{version}年）
    version: {start}
  TAB:
    name: 测试基准表（{version}年）
procedure:
  hearing_fine_min: {{individual: 50000, organisation: 500000}}
  citation_hearing: [{{law: TAB}}]
{rule}
items:
  - code: T-1
    name: 测试违法行为
    legal_basis: [{{law: REG, article: 1}}]
    penalty_basis: [{{law: REG, article: 1}}]
    facts:
{facts}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {{range: {{min: {lo}, max: {hi}}}}}
        {levels}
        citation: [{{law: REG, article: 1}}]
    levels:
{level_rows}
"""

_RULE = """\
benchmark_transition:
  label: 本基准施行前发生的违法行为，按本基准处罚较轻的，适用本基准
  citation: [{law: TAB}]
"""


def _std(version: str, start: str, end: str | None, lo: int, hi: int, **kw: str) -> str:
    return _HEAD.format(
        version=version,
        start=start,
        end=f"effective_to: {end}" if end else "",
        rule=kw.get("rule", ""),
        facts=kw.get(
            "facts", "      - {name: serious, type: bool, label: 情节严重, default: false}"
        ),
        lo=lo,
        hi=hi,
        levels=kw.get("levels", ""),
        level_rows=kw["level_rows"],
    )


def _rows(light: str, serious: str) -> str:
    return (
        f"      - {{id: light, label: 较轻, when: not serious, circumstances: 较轻, band: {light}}}\n"
        f"      - {{id: serious, label: 严重, when: serious, circumstances: 严重, band: {serious}}}\n"
    )


def _load(old: str, new: str) -> discretion.RuleSet:
    return loads_many(
        (
            (str(GENERAL_PATH), GENERAL),
            ("rules/t/t-2021.yaml", old),
            ("rules/t/t-2024.yaml", new),
        )
    )


ACT, DECIDED = dt.date(2023, 6, 1), dt.date(2024, 3, 1)


def _eval(rules: discretion.RuleSet, facts: dict[str, object]) -> discretion.Recommendation:
    return discretion.evaluate(rules, "T-1", facts, violation_date=ACT, decision_date=DECIDED)


def _version_step(rec: discretion.Recommendation) -> discretion.Step:
    return next(s for s in rec.steps if s.stage == "version")


def test_statute_lower_at_both_ends_applies_the_new_version() -> None:
    # Old statute 1 000–5 000 with a fixed table amount of 1 000; the new statute 500–3 000 with a
    # band of 2 000–3 000. The statutory range is lower at both ends (maximum 3 000 < 5 000), so
    # the new rule is lighter under Art. 37 — whatever the old table's fixed amount.
    old = _std(
        "2021",
        "2021-01-01",
        "2023-12-31",
        1000,
        5000,
        level_rows=_rows("{min: 1000, max: 1000}", "{min: 4000, max: 5000}"),
    )
    new = _std(
        "2024",
        "2024-01-01",
        None,
        500,
        3000,
        level_rows=_rows("{min: 2000, max: 3000}", "{min: 2500, max: 3000}"),
    )
    rec = _eval(_load(old, new), {"party_type": "individual"})
    step = _version_step(rec)
    assert (rec.ruleset.version, step.outcome, step.get("basis")) == (
        "2024",
        "new_lighter",
        "statute",
    )
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.statutory_min, fine.statutory_max) == (Decimal(500), Decimal(3000))
    text = render_text(rec)
    # Both versions' figures side by side, and which applies and why.
    assert "2021 版：罚款（法定幅度 1000–5000 元，建议幅度 1000 元）" in text
    assert "2024 版：罚款（法定幅度 500–3000 元，建议幅度 2000–3000 元）" in text
    assert "先比最高额、最高额相同再比最低额，新的规定较轻" in text
    assert "适用 2024 版" in text


def test_statute_heavier_keeps_the_old_version() -> None:
    # New statute 2 000–5 000 against 1 000–5 000: same maximum, higher minimum → heavier.
    old = _std(
        "2021",
        "2021-01-01",
        "2023-12-31",
        1000,
        5000,
        level_rows=_rows("{min: 1000, max: 2000}", "{min: 4000, max: 5000}"),
    )
    new = _std(
        "2024",
        "2024-01-01",
        None,
        2000,
        5000,
        level_rows=_rows("{min: 2000, max: 2000}", "{min: 4000, max: 5000}"),
    )
    rec = _eval(_load(old, new), {"party_type": "individual"})
    assert rec.ruleset.version == "2021"
    assert _version_step(rec).get("reason") == "range_heavier"


def test_a_missing_table_row_is_not_a_lighter_law() -> None:
    # The statute (1 000–5 000) is the same in both versions; the new table imposes the fine only
    # at 严重, so it has no row with a fine for a 较轻 case. A benchmark revision is not a change
    # of law, and a missing row does not make the new version lighter, even with a benchmark
    # rule that applies lighter figures.
    rows = _rows("{min: 1000, max: 2000}", "{min: 4000, max: 5000}")
    old = _std("2021", "2021-01-01", "2023-12-31", 1000, 5000, level_rows=rows)
    new = _std(
        "2024",
        "2024-01-01",
        None,
        1000,
        5000,
        level_rows=rows,
        rule=_RULE,
        levels="levels: [serious]",
    )
    rec = _eval(_load(old, new), {"party_type": "individual"})
    step = _version_step(rec)
    assert (rec.ruleset.version, step.get("basis"), step.get("reason")) == (
        "2021",
        "benchmark_rule",
        "new_no_row",
    )
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(1000), Decimal(2000))


def test_a_benchmark_revision_alone_never_switches_without_its_own_rule() -> None:
    rows_old = _rows("{min: 1000, max: 2000}", "{min: 4000, max: 5000}")
    rows_new = _rows("{min: 1000, max: 1500}", "{min: 4000, max: 5000}")
    old = _std("2021", "2021-01-01", "2023-12-31", 1000, 5000, level_rows=rows_old)
    plain = _std("2024", "2024-01-01", None, 1000, 5000, level_rows=rows_new)
    rec = _eval(_load(old, plain), {"party_type": "individual"})
    assert rec.ruleset.version == "2021"
    assert _version_step(rec).get("basis") == "benchmark_only"
    assert "不属于第三十七条所称法律、法规、规章的修改" in render_text(rec)
    ruled = _std("2024", "2024-01-01", None, 1000, 5000, level_rows=rows_new, rule=_RULE)
    rec = _eval(_load(old, ruled), {"party_type": "individual"})
    assert rec.ruleset.version == "2024"
    # The step names the benchmark's rule that allows the switch.
    assert "本基准施行前发生的违法行为，按本基准处罚较轻的，适用本基准" in render_text(rec)


def test_each_version_is_evaluated_on_the_facts_it_declares() -> None:
    rows = _rows("{min: 1000, max: 2000}", "{min: 4000, max: 5000}")
    facts_new = (
        "      - {name: serious, type: bool, label: 情节严重, default: false}\n"
        "      - {name: repeat, type: bool, label: 多次违法, default: false}"
    )
    old = _std("2021", "2021-01-01", "2023-12-31", 1000, 5000, level_rows=rows)
    new = _std(
        "2024",
        "2024-01-01",
        None,
        1000,
        3000,
        level_rows=_rows("{min: 1000, max: 1500}", "{min: 2000, max: 3000}"),
        facts=facts_new,
    )
    rules = _load(old, new)
    rec = _eval(rules, {"party_type": "individual", "repeat": True})
    assert rec.ruleset.version == "2024"  # statute 1 000–3 000 < 1 000–5 000
    with pytest.raises(discretion.FactError, match="declared by neither version"):
        _eval(rules, {"party_type": "individual", "repaet": True})


# -- one date: Art. 36 reads the date Art. 37 chose the version by -----------------------------

FSL = ROOT / "rules"


def test_violation_date_argument_feeds_the_limitation_period() -> None:
    # Art. 36 ¶1: two years; the act on 2021-08-01 discovered on 2023-08-02 is out of time.
    rules = discretion.load(FSL)
    rec = discretion.evaluate(
        rules,
        "FSL-124",
        {"party_type": "organisation", "goods_value": 100, "discovery_date": "2023-08-02"},
        violation_date=dt.date(2021, 8, 1),
    )
    assert rec.outcome == "no_penalty"
    assert rec.grounds == ("limitation",)
    assert "未提供违法行为发生日期" not in render_text(rec)


def test_a_contradicting_act_date_is_refused() -> None:
    rules = discretion.load(FSL)
    with pytest.raises(discretion.CaseError, match="contradicts the fact act_date"):
        discretion.evaluate(
            rules,
            "FSL-124",
            {"party_type": "organisation", "goods_value": 100, "act_date": "2022-01-01"},
            violation_date=dt.date(2021, 8, 1),
        )
    # The same date twice is one date.
    rec = discretion.evaluate(
        rules,
        "FSL-124",
        {"party_type": "organisation", "goods_value": 100, "act_date": "2021-08-01"},
        violation_date=dt.date(2021, 8, 1),
    )
    assert rec.penalty("fine") is not None
    assert Decimal(100000) == rec.penalty("fine").statutory_max  # type: ignore[union-attr]
