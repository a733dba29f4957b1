"""No-penalty lists with their own dates (issue 20, point 10), on 广告法 (2021) Art. 57 (一) and the
entry of 《新河县市场监管领域轻微违法行为免罚清单》 quoted by 河北日报 (2020-06-15), in
examples/format2/lists: the list applies only within its own dates, defines "first violation"
itself, states its conditions, and a listed case punished all the same needs a reason."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError
from discretion.explain._jsonio import from_json
from discretion.review._decision import Decision, DepartureError, check_decision
from discretion.verify._check import verify
from discretion.verify._examples import read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "format2" / "lists"
EXAMPLE = FOLDER / "xinhe-ad-list.yaml"
LISTED = {"party_type": "organisation", "own_premises_or_media": True, "corrected_in_time": True}


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_cases_pass(rules: discretion.RuleSet) -> None:
    cases = read_cases(FOLDER / "xinhe-ad-list.cases.yaml")
    assert len(cases) == 5
    for case in cases:
        assert not run_case(rules, case)[1], case.name


def test_a_listed_case_is_not_punished_and_the_note_says_why(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "AD-57-1", LISTED, decision_date=dt.date(2024, 3, 1))
    assert rec.outcome == "no_penalty"
    assert rec.grounds == ("list:xinhe_minor_2020",)
    text = discretion.render_text(rec)
    assert "《新河县市场监管领域轻微违法行为免罚清单》：自 2020-06-15 起施行" in text
    assert "按作出处罚决定之日 2024-03-01 判断，在施行期间内" in text
    assert "此前同类违法 0 次，属于初次违法" in text
    assert "依照该清单不予行政处罚" in text
    stored = from_json(discretion.to_json(rec))
    assert discretion.render_text(stored) == text
    assert discretion.render_text(stored, "en") == discretion.render_text(rec, "en")


def test_a_case_outside_the_lists_dates_is_punished_under_the_statute(
    rules: discretion.RuleSet,
) -> None:
    rec = discretion.evaluate(rules, "AD-57-1", LISTED, decision_date=dt.date(2020, 6, 14))
    assert rec.outcome == "penalty"
    fine = rec.penalties[0]
    # 广告法第五十七条第（一）项：对广告主处二十万元以上一百万元以下的罚款
    assert (fine.min, fine.max) == (Decimal(200000), Decimal(1000000))
    assert "不在施行期间内" in discretion.render_text(rec)


def test_without_the_decision_date_a_list_with_no_end_is_taken_as_in_force(
    rules: discretion.RuleSet, tmp_path: Path
) -> None:
    assert discretion.evaluate(rules, "AD-57-1", LISTED).outcome == "no_penalty"
    ended = discretion.load(
        _variant(
            tmp_path,
            (
                "    effective_from: 2020-06-15\n",
                "    effective_from: 2020-06-15\n    effective_to: 2023-12-31\n",
            ),
        )
    )
    rec = discretion.evaluate(ended, "AD-57-1", LISTED)
    assert rec.outcome == "penalty"
    assert "不能确定本案在清单施行期间内" in discretion.render_text(rec)


def test_first_violation_within_the_lists_window(tmp_path: Path) -> None:
    windowed = discretion.load(
        _variant(
            tmp_path,
            ("      prior: prior_same_kind\n", "      prior: prior_same_kind\n      years: 2\n"),
        )
    )
    facts = {**LISTED, "prior_same_kind": ["2021-01-01"]}
    # violation on 2023-06-01: the two years reach back to 2021-06-01, so 2021-01-01 is outside
    rec = discretion.evaluate(
        windowed,
        "AD-57-1",
        facts,
        violation_date=dt.date(2023, 6, 1),
        decision_date=dt.date(2024, 3, 1),
    )
    assert rec.outcome == "no_penalty"
    assert "此前同类违法 0 次（2021-06-01 以来）" in discretion.render_text(rec)
    # an earlier violation on 2021-06-01 itself is within the window
    facts = {**LISTED, "prior_same_kind": ["2021-06-01"]}
    rec = discretion.evaluate(
        windowed,
        "AD-57-1",
        facts,
        violation_date=dt.date(2023, 6, 1),
        decision_date=dt.date(2024, 3, 1),
    )
    assert rec.outcome == "penalty"


def test_a_waivable_listed_case_punished_needs_a_reason(tmp_path: Path) -> None:
    rules = discretion.load(_variant(tmp_path, ("    kind: no_penalty\n", "    kind: may_waive\n")))
    rec = discretion.evaluate(rules, "AD-57-1", LISTED, decision_date=dt.date(2024, 3, 1))
    assert rec.outcome == "may_waive"
    assert "仍给予处罚的，应当在决定中说明理由" in discretion.render_text(rec)
    stored = json.loads(discretion.to_json(rec))
    punish = {"penalties": [{"id": "fine", "amount": 300000}]}
    with pytest.raises(DepartureError) as err:
        check_decision(stored, Decision.from_mapping(punish))
    assert err.value.field == "reason"
    assert "应当说明理由" in err.value.message
    done = check_decision(
        stored, Decision.from_mapping({**punish, "reason": "当事人系第二次在自有媒体发布"})
    )
    assert done["reason"]
    assert check_decision(stored, Decision.from_mapping({"penalties": [], "choice": "waive"}))


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("      - items: [AD-57-1]\n", "      - items: [AD-57-2]\n", "未定义的事项 'AD-57-2'"),
        ("      prior: prior_same_kind\n", "      prior: own_premises_or_media\n", "须为日期列表"),
        (
            "    effective_from: 2020-06-15\n",
            "    effective_from: 2020-06-15\n    effective_to: 2019-01-01\n",
            "before effective_from",
        ),
        (
            "        when: own_premises_or_media and",
            "        when: own_premises and",
            "own_premises",
        ),
    ],
)
def test_bad_lists_are_load_errors_with_file_and_line(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    with pytest.raises(RuleSetError) as err:
        discretion.load(_variant(tmp_path, (old, new)))
    assert words in str(err.value)
    assert "variant.yaml:" in str(err.value)


def test_check_reports_an_entry_that_never_applies(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        (
            "        when: own_premises_or_media and",
            "        when: intentional and not intentional and",
        ),
    )
    found = [p for p in verify(discretion.load(path)).problems if p.check == "list_unreachable"]
    assert len(found) == 1
    assert found[0].field == "lists[0].entries[0].when"


def test_the_reference_pipeline_decides_lists(rules: discretion.RuleSet) -> None:
    from discretion.decide._columnar_plan import Unsupported, plan_item

    item = rules.item("AD-57-1")
    assert item.needs_reference
    with pytest.raises(Unsupported):
        plan_item(item)


@pytest.mark.parametrize(
    ("kind", "low", "high", "reduced"),
    [
        # 从轻: the lower 50 % of the range (the general part's mitigate_share: 50) of 广告法第五十七条
        # 20万–100万 → 20万–60万
        ("mitigate", 200000, 600000, False),
        # 减轻: below the minimum, from 0 % of it (reduce_floor: 0) up to it → 0–20万
        ("reduce", 0, 200000, True),
    ],
)
def test_a_lighter_penalty_list_applies_as_a_circumstance(
    tmp_path: Path, kind: str, low: int, high: int, reduced: bool
) -> None:
    rules = discretion.load(_variant(tmp_path, ("    kind: no_penalty\n", f"    kind: {kind}\n")))
    rec = discretion.evaluate(rules, "AD-57-1", LISTED, decision_date=dt.date(2024, 3, 1))
    assert rec.outcome == "penalty"
    fine = rec.penalties[0]
    assert (fine.min, fine.max) == (Decimal(low), Decimal(high))
    assert fine.reduced is reduced
    assert [c.id for c in rec.circumstances] == ["list:xinhe_minor_2020"]
    word = "从轻" if kind == "mitigate" else "减轻"
    assert f"依照该清单{word}处罚" in discretion.render_text(rec)
    # outside the list's dates the statute's range applies unchanged
    before = discretion.evaluate(rules, "AD-57-1", LISTED, decision_date=dt.date(2020, 6, 14))
    assert (before.penalties[0].min, before.penalties[0].max) == (Decimal(200000), Decimal(1000000))
