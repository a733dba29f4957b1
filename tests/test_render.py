"""The justification: golden texts, replay from JSON, condition explanations, generic stages.

Golden files live in ``tests/golden``: for each case a stored recommendation
(``<name>.json``, as :func:`discretion.to_json` wrote it) and its justification in Chinese and
English (``<name>.zh.txt``, ``<name>.en.txt``). The test renders the *stored* recommendation, so
it pins the renderer, and shows that a recommendation kept in a review log still renders, however
the rules change later. Regenerate (re-evaluate the cases, rewrite all three files) with::

    DISCRETION_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py -k golden

then read the diff of the ``.txt`` files before committing it: the golden text is reviewed, not
just captured (tests/golden/README.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.compile._records import Source
from discretion.decide._engine import evaluate_act
from discretion.decide._result import Recommendation, Step
from discretion.errors import DiscretionError
from discretion.explain._jsonio import from_json, to_json
from discretion.explain._why import explain
from discretion.verify._examples import case_files, read_cases

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("DISCRETION_UPDATE_GOLDEN") == "1"
CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def _load(folder: str) -> discretion.RuleSet:
    return discretion.load(ROOT / folder)


def _fsl(facts: dict[str, Any]) -> Callable[[], Recommendation]:
    return lambda: discretion.evaluate(_load("rules"), "FSL-124", facts)


def _version_switch() -> Recommendation:
    rules = _load("examples/versions")
    return discretion.evaluate(
        rules,
        "DEMO-1",
        {"party_type": "individual", "area": 10},
        violation_date=dt.date(2023, 6, 1),
        decision_date=dt.date(2024, 3, 1),
    )


def _one_act_two_norms() -> Recommendation:
    act = evaluate_act(
        _load("rules"),
        ["FSL-124", "FSL-125-1"],
        {"party_type": "organisation", "goods_value": 20},
    )
    return act.recommendation("FSL-125-1")


# name → how to evaluate it. Each covers a different part of the note.
CASES: dict[str, Callable[[], Recommendation]] = {
    # 从轻 level, fixed range 50 000–100 000 (FSL Art. 124 ¶1), hearing by amount.
    "fsl124-light": _fsl(
        {
            "party_type": "organisation",
            "goods_value": 20,
            "illegal_gains": "12.5",
            "first_violation": True,
        }
    ),
    # 情节严重 with a repeat offence: multiple of goods value, 从重, revocation (hearing by kind).
    "fsl124-serious-repeat": _fsl(
        {
            "party_type": "organisation",
            "goods_value": "12345.67",
            "serious": True,
            "repeat_offence": True,
        }
    ),
    # Aged 15 (Art. 30): 应当从轻或者减轻, both options presented.
    "fsl124-minor-options": _fsl({"party_type": "individual", "age": 15, "goods_value": 20}),
    # Art. 33 ¶1 first violation, minor harm, corrected: 可以不予处罚.
    "fsl124-may-waive": _fsl(
        {
            "party_type": "organisation",
            "goods_value": 20,
            "first_violation": True,
            "harm": "minor",
            "corrected_promptly": True,
        }
    ),
    # Under 14 (Art. 30): 不予处罚, no level.
    "fsl124-under-14": _fsl({"party_type": "individual", "age": 13, "goods_value": 20}),
    # Art. 37: the version in force at the decision is lighter (demonstration standard).
    "demo-version-lighter": _version_switch,
    # Art. 29: one act under FSL-124 and FSL-125-1; FSL-125-1's fine is dropped.
    "fsl-one-act-two-norms": _one_act_two_norms,
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden(name: str, lang: str) -> None:
    stored = GOLDEN / f"{name}.json"
    expected = GOLDEN / f"{name}.{lang}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        stored.write_text(to_json(CASES[name]()) + "\n", encoding="utf-8")
    rec = from_json(stored.read_text(encoding="utf-8"))
    text = discretion.render_text(rec, lang)  # type: ignore[arg-type]
    if UPDATE:
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def _example_recommendations() -> list[tuple[str, Recommendation]]:
    rules = _load("rules")
    out = []
    for path in case_files(ROOT / "rules"):
        for case in read_cases(path):
            if "error" in case.expect:
                continue
            rec = discretion.evaluate(
                rules,
                case.item,
                case.facts,
                violation_date=case.violation_date,
                decision_date=case.decision_date,
            )
            out.append((case.name, rec))
    return out


@pytest.fixture(scope="module")
def examples() -> list[tuple[str, Recommendation]]:
    return _example_recommendations()


def test_every_example_replays_from_json_to_the_same_text(
    examples: list[tuple[str, Recommendation]],
) -> None:
    # A recommendation read back from the review log must justify itself byte for byte alike.
    assert examples
    for name, rec in examples:
        again = from_json(to_json(rec))
        for lang in ("zh", "en"):
            assert discretion.render_text(again, lang) == discretion.render_text(rec, lang), name


def test_english_uses_english_penalty_labels(
    examples: list[tuple[str, Recommendation]],
) -> None:
    for name, rec in examples:
        text = discretion.render_text(rec, "en")
        conclusion = text.rstrip("\n").rsplit("\n", 1)[-1]
        for p in rec.penalties:
            assert p.label_en in conclusion, (name, p.label_en)
            if CJK.search(p.label_en) is None:
                assert p.label not in conclusion, (name, p.label)


def test_every_step_and_citation_appears(examples: list[tuple[str, Recommendation]]) -> None:
    # The note is a view of the whole trace: each step's citation is printed.
    for name, rec in examples:
        text = discretion.render_text(rec)
        for step in rec.steps:
            for source in step.sources:
                if step.stage == "level" and step.outcome is not True:
                    continue  # a level that does not apply is explained, not cited
                assert source.zh in text, (name, step.rule, source.zh)


def test_failed_level_names_the_failing_part() -> None:
    # FSL-124 level 一般 is 'not serious and (harm != "none" or not first_violation)'. For a
    # first violation without harm the second conjunct is false: that is what the note must say,
    # in words built from the fact labels (never as code, issue 13).
    rec = CASES["fsl124-light"]()
    text = discretion.render_text(rec)
    assert (
        "不适用「一般」：条件「非情节严重 且 （危害后果不为「没有造成危害后果」 或者 非初次违法）」不成立，"
        "因「危害后果不为「没有造成危害后果」 或者 非初次违法」不成立（危害后果：没有造成危害后果；初次违法：是）"
    ) in text
    assert 'harm != "none"' not in text
    english = discretion.render_text(rec, "en")
    assert "because “harmful consequences is not “none” or not first violation” does not hold" in (
        english
    )


def test_range_is_measured_step_by_step() -> None:
    # FSL Art. 124 ¶1: goods value under 10 000 → 50 000–100 000; the 从轻 band is the lowest
    # 30 % (convention, LAW.md §4): 50 000–65 000.
    text = discretion.render_text(CASES["fsl124-light"]())
    assert "法定幅度：below_10k：50000–100000 元" in text or "50000–100000 元" in text
    assert "取法定幅度自最低额起 0%–30% 的区间，即 50000–65000 元" in text
    assert "建议幅度：50000–65000 元" in text
    assert text.index("法定幅度") < text.index("裁量阶次「从轻」：取") < text.index("建议幅度")


def test_legality_review_names_the_art_58_ground() -> None:
    # Art. 58 ¶1 (一): a major public interest is a ground that holds now.
    rec = _fsl({"party_type": "organisation", "goods_value": 20, "major_public_interest": True})()
    text = discretion.render_text(rec)
    assert "法制审核：作出决定前应当进行法制审核，情形：涉及重大公共利益的" in text


def test_a_hearing_right_is_not_a_hearing_held() -> None:
    # Art. 58 ¶1 (二) reads "经过听证程序的": with only the right to a hearing (fine 13万–17万 ≥ 十万元,
    # 《市场监督管理行政处罚听证办法》第五条第一款第（三）项) the review is stated as conditional.
    text = discretion.render_text(_fsl({"party_type": "organisation", "goods_value": 10000})())
    assert "法制审核：目前不属于" in text
    assert (
        "如经过听证程序，作出决定前应当进行法制审核（情形：直接关系当事人或者第三人重大权益，经过听证程序的）"
        in text
    )


def test_may_waive_conclusion() -> None:
    text = discretion.render_text(CASES["fsl124-may-waive"]())
    assert "结论：符合可以不予处罚的情形" in text
    assert "可以不予处罚" in text.split("二、")[1]  # the gate step says so too


def _with_step(rec: Recommendation, step: Step) -> Recommendation:
    return dataclasses.replace(rec, steps=(*rec.steps, step))


def test_unknown_stage_is_rendered_generically() -> None:
    rec = CASES["fsl124-light"]()
    step = Step(
        "publicity",
        "local/publicity",
        "goods_value >= 10",
        (("goods_value", Decimal(20)),),
        "publish",
        (
            Source(
                "LOCAL/7", "《某省行政执法公示办法》第七条", "Provincial publicity rules, Art. 7"
            ),
        ),
        (("label", "行政处罚决定应当公示"), ("label_en", "the decision must be published")),
    )
    zh = discretion.render_text(_with_step(rec, step))
    assert "其他审查步骤（publicity）" in zh
    line = next(x for x in zh.splitlines() if "行政处罚决定应当公示" in x)
    assert "条件「货值金额达到 10 元」成立" in line
    assert "货值金额：20 元" in line
    assert "publish" in line
    assert "《某省行政执法公示办法》第七条" in line
    en = discretion.render_text(_with_step(rec, step), "en")
    line = next(x for x in en.splitlines() if "the decision must be published" in x)
    assert "Provincial publicity rules, Art. 7" in line


def test_step_without_label_uses_its_rule() -> None:
    rec = CASES["fsl124-light"]()
    step = Step("audit", "x/y", "", (), True, (Source("K", "甲", "A"),))
    text = discretion.render_text(_with_step(rec, step))
    assert "x/y：" in text


def test_unknown_language_is_refused() -> None:
    with pytest.raises(DiscretionError, match="lang"):
        discretion.render_text(CASES["fsl124-light"](), "fr")  # type: ignore[arg-type]


# -- explain ---------------------------------------------------------------------------------


def test_explain_and_names_failing_conjuncts_only() -> None:
    why = explain(
        "a and (b or c) and not d",
        {"a": True, "b": False, "c": False, "d": True},
        False,
    )
    assert why is not None
    assert why.connective == "and"
    assert [(p.text, p.holds) for p in why.parts] == [("b or c", False), ("not d", False)]
    assert why.parts[0].reads == (("b", False), ("c", False))


def test_explain_or_names_the_alternative_that_held() -> None:
    why = explain(
        'party_type == "individual" or goods_value >= 10000',
        {"party_type": "organisation", "goods_value": Decimal(10000)},
        True,
    )
    assert why is not None
    assert [p.text for p in why.parts] == ["goods_value >= 10000"]


def test_explain_reads_json_forms_alike() -> None:
    # Stored recommendations hold amounts as decimal strings and dates as ISO strings.
    live = explain("goods_value < 10000", {"goods_value": Decimal("9999.99")}, True)
    stored = explain("goods_value < 10000", {"goods_value": "9999.99"}, True)
    assert live is not None
    assert stored is not None
    assert (live.holds, [p.text for p in live.parts]) == (True, ["goods_value < 10000"])
    assert (stored.holds, [p.text for p in stored.parts]) == (True, ["goods_value < 10000"])
    dated = explain('act_date < "2021-07-15"', {"act_date": dt.date(2021, 7, 14)}, True)
    assert dated is not None


def test_explain_missing_fact_never_holds() -> None:
    why = explain("age < 14", {"age": None}, False)
    assert why is not None
    assert not why.holds


@pytest.mark.parametrize(
    ("source", "reads", "outcome"),
    [
        ("a and b", {"a": True, "b": True}, False),  # disagrees with the record
        ("a + 1 > 2", {"a": 1}, True),  # outside the language
        ("a and", {"a": True}, True),  # not even Python
        ("a and b", {"a": True}, True),  # a fact missing from the record
        ("a", {"a": True}, "imposed"),  # not a condition outcome
    ],
)
def test_explain_declines_rather_than_guess(
    source: str, reads: dict[str, Any], outcome: Any
) -> None:
    assert explain(source, reads, outcome) is None


# -- wording of the general part's steps, branches, levels, procedure and conclusion ----------


def _fsl124_dates(**facts: Any) -> str:
    base = {"party_type": "organisation", "goods_value": 20}
    rec = discretion.evaluate(_load("rules"), "FSL-124", {**base, **facts})
    return discretion.render_text(rec)


def _line(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_limitation_is_worded_in_chinese_with_its_dates() -> None:
    # APL Art. 36 ¶1: 违法行为在二年内未被发现的，不再给予行政处罚. Discovered on the second
    # anniversary is still within the period; a day later it is not (rules/general cases).
    within = _line(_fsl124_dates(act_date="2021-08-01", discovery_date="2023-08-01"), "追责时效")
    assert within.startswith(
        "  追责时效：违法行为发生于 2021-08-01，发现于 2023-08-01，追责期限二年（至 2023-08-01），"
        "未超过期限。"
    ), within
    expired = _line(_fsl124_dates(act_date="2021-08-01", discovery_date="2023-08-02"), "追责时效")
    assert "已超过期限，不再给予行政处罚。" in expired
    assert "《中华人民共和国行政处罚法》第三十六条第一款" in expired
    # Art. 36 ¶2: a continuing act is counted from its end (2022-03-01 + 2 years).
    continuing = _line(
        _fsl124_dates(
            act_date="2021-07-20", act_end_date="2022-03-01", discovery_date="2024-02-28"
        ),
        "追责时效",
    )
    assert (
        "违法行为终了于 2022-03-01，发现于 2024-02-28，追责期限二年（至 2024-03-01）" in continuing
    )
    # Art. 36 ¶1: 涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年.
    five = _line(
        _fsl124_dates(
            act_date="2021-08-01",
            discovery_date="2026-08-01",
            endangers_safety=True,
            harm="significant",
        ),
        "追责时效",
    )
    assert "且有危害后果的，追责期限五年（至 2026-08-01），未超过期限" in five
    unknown = _line(_fsl124_dates(), "追责时效")
    assert unknown.startswith("  追责时效：未提供违法行为发生日期或发现日期，未审查追责时效。")


def test_english_limitation_line() -> None:
    rec = discretion.evaluate(
        _load("rules"),
        "FSL-124",
        {
            "party_type": "organisation",
            "goods_value": 20,
            "act_date": "2021-08-01",
            "discovery_date": "2023-08-02",
        },
    )
    line = _line(discretion.render_text(rec, "en"), "Limitation period")
    assert "the act took place on 2021-08-01 and was discovered on 2023-08-02" in line
    assert "the period is 2 years (until 2023-08-01)" in line
    assert "no administrative penalty may be imposed" in line


NAMED_TESTS = (
    "limitation period",
    "no ground for not imposing",
    "is the version in force",
    "no penalty clause applies",
    "fine of ",
)


def test_no_english_named_test_leaks_into_chinese(
    examples: list[tuple[str, Recommendation]],
) -> None:
    recs = [*examples, ("version", _version_switch()), ("one act", _one_act_two_norms())]
    for name, rec in recs:
        text = discretion.render_text(rec)
        assert re.search(r"审查「[A-Za-z]", text) is None, name
        for words in NAMED_TESTS:
            assert words not in text, (name, words)


def test_steps_recorded_without_labels_are_still_worded_in_chinese() -> None:
    # A recommendation stored before the gate steps carried labels (an old review-log entry).
    rec = CASES["fsl124-light"]()
    bare = tuple(
        dataclasses.replace(
            s, detail=tuple((k, v) for k, v in s.detail if k not in ("label", "label_en"))
        )
        if s.stage == "gate"
        else s
        for s in rec.steps
    )
    text = discretion.render_text(dataclasses.replace(rec, steps=bare))
    assert "不予处罚情形均不成立" in text
    assert "追责时效：未提供违法行为发生日期或发现日期" in text
    for words in NAMED_TESTS:
        assert words not in text, words


def test_version_step_says_which_version_applies_and_why() -> None:
    # Art. 37 on the demonstration standard (examples/versions/demo.cases.yaml): 较轻 is lighter
    # in 2024 (10–15 元/㎡ against 10–20), 严重 heavier (45–50 against 40–50).
    text = discretion.render_text(_version_switch())
    assert (
        "  从旧兼从轻：违法行为发生时施行的版本为 2021 版，作出决定时施行的版本为 2024 版，"
        "决定时施行的版本处罚较轻，适用 2024 版。依据：《中华人民共和国行政处罚法》第三十七条；"
        "《演示裁量基准表（2024年修订）》。"
    ) in text
    # Only the benchmark changed (the statutory 10–50 元/㎡ is the same): the switch rests on the
    # 2024 benchmark's own transition rule, and both versions' figures stand side by side.
    assert "  2021 版：罚款（法定幅度 100–500 元，建议幅度 100–200 元）" in text
    assert "  2024 版：罚款（法定幅度 100–500 元，建议幅度 100–150 元）" in text
    assert "按新基准自身的规定比较两版的建议幅度" in text
    assert "法律规定：实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。" in text
    heavier = discretion.evaluate(
        _load("examples/versions"),
        "DEMO-1",
        {"party_type": "individual", "area": 10, "serious_impact": True},
        violation_date=dt.date(2023, 6, 1),
        decision_date=dt.date(2024, 3, 1),
    )
    assert "决定时施行的版本处罚不较轻，适用违法行为发生时施行的 2021 版" in discretion.render_text(
        heavier
    )
    english = discretion.render_text(_version_switch(), "en")
    assert "version 2021 was in force at the act, version 2024 at the decision" in english


def test_one_act_step_names_the_item_that_keeps_the_fine() -> None:
    # Art. 29: 按照罚款数额高的规定处罚 — FSL-124 (5万–10万) over FSL-125-1 (5000–5万).
    text = discretion.render_text(_one_act_two_norms())
    assert (
        "一事不再罚：同一违法行为违反多个法律规范，按照罚款数额高的 FSL-124 的规定处以罚款，"
        "本事项 FSL-125-1 不再处以罚款（FSL-124 的法定最高罚款 100000 元高于本事项 FSL-125-1 的 "
        "50000 元）。依据：《中华人民共和国行政处罚法》第二十九条。"
    ) in text


def test_switch_branch_is_named_as_the_statute_words_it() -> None:
    # FSL Art. 124 ¶1: 货值金额不足一万元的，并处五万元以上十万元以下罚款.
    text = discretion.render_text(CASES["fsl124-light"]())
    assert "法定幅度：货值金额不足一万元：50000–100000 元" in text
    assert "below_10k" not in text
    # 货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款: 12345.67 × 10–20.
    serious = discretion.render_text(CASES["fsl124-serious-repeat"]())
    assert "法定幅度：货值金额一万元以上：货值金额 12345.67 元的 10–20 倍" in serious


def test_clause_of_other_levels_names_this_level_and_those() -> None:
    # FSL Art. 124: 情节严重的，吊销许可证 — not at the 从轻 level of the case.
    text = discretion.render_text(CASES["fsl124-light"]())
    assert "5. 吊销许可证件：本阶次（从轻）不适用（仅适用于「情节严重」阶次）。" in text
    english = discretion.render_text(CASES["fsl124-light"](), "en")
    assert (
        "revocation of licence: not at this level (“lighter”); only at the “serious” level"
        in english
    )


def test_penalty_basis_line_shows_the_items_penalty_basis() -> None:
    rec = CASES["fsl124-light"]()
    table = ("T/3", "《某市食品安全行政处罚裁量基准表》第三项", "municipal table, row 3")
    basis = (
        ("FSL/124/1", "《中华人民共和国食品安全法》第一百二十四条第一款", "FSL Art. 124 ¶1"),
        table,
    )

    def with_detail(r: Recommendation, value: Any) -> Recommendation:
        steps = tuple(
            dataclasses.replace(
                s,
                detail=tuple(kv for kv in s.detail if kv[0] != "penalty_basis")
                + ((("penalty_basis", value),) if value is not None else ()),
            )
            if s.stage == "facts"
            else s
            for s in r.steps
        )
        return dataclasses.replace(r, steps=steps)

    with_basis = with_detail(rec, basis)
    rec = with_detail(rec, None)
    for r in (with_basis, from_json(to_json(with_basis))):
        line = _line(discretion.render_text(r), "处罚依据：")
        assert line == (
            "处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款；"
            "《某市食品安全行政处罚裁量基准表》第三项"
        )
        assert "municipal table, row 3" in discretion.render_text(r, "en")
    # Records without it fall back to the penalty clauses' citations.
    assert "处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款\n" in discretion.render_text(
        rec
    )


def _example(name: str) -> Recommendation:
    rules = _load("rules")
    for path in case_files(ROOT / "rules"):
        for case in read_cases(path):
            if case.name == name:
                return discretion.evaluate(rules, case.item, case.facts)
    raise AssertionError(name)


def test_no_penalty_prints_no_summary_procedure_or_hearing_verdict() -> None:
    # City fence-piling table, 严重 row before any refusal to correct: no clause applies yet.
    rec = _example("CITY-FENCE-PILE 严重，尚未拒不改正 → 不予罚款")
    assert rec.outcome == "no_penalty"
    for lang, said in (
        ("zh", "不予处罚，无需适用简易程序，也无需告知听证权利"),
        ("en", "neither applies"),
    ):
        text = discretion.render_text(rec, lang)  # type: ignore[arg-type]
        procedure = text.split(_procedure_title(lang))[1]
        assert said in procedure
        assert "处罚不限于" not in procedure
        assert "not available" not in procedure
        assert "Summary procedure (on-the-spot" not in procedure
    assert "本阶次没有适用的处罚条款，不予行政处罚，责令改正" in discretion.render_text(rec)


def _procedure_title(lang: str) -> str:
    return "、程序\n" if lang == "zh" else ". Procedure\n"


def test_orders_appear_in_the_conclusion_beside_the_penalty() -> None:
    # FSL-124 lists 责令改正 as an order; it is not a penalty and is ordered whatever the fine.
    text = discretion.render_text(CASES["fsl124-light"]())
    assert text.rstrip().endswith(
        "结论：责令改正，并建议给予没收违法所得，没收违法生产经营的食品、食品添加剂，罚款 50000–65000 元。"
    )
    english = discretion.render_text(CASES["fsl124-light"](), "en").rstrip().splitlines()[-1]
    assert english.startswith("Conclusion: 责令改正 (ordered); recommended ")


def test_unchosen_member_of_an_alternative_group_is_an_alternative() -> None:
    # FSL Art. 125 ¶1: 情节严重的，责令停产停业，直至吊销许可证 — the serious level imposes
    # 停产停业; 吊销 is the alternative the officer may take instead.
    rec = _example("FSL-125-1 情节严重，货值8000元，责令停产停业")
    text = discretion.render_text(rec)
    revoke = _line(text, "吊销许可证件（")
    assert "可选择替代「责令停产停业」（择一）" in revoke
    assert "本阶次未选择" not in revoke
    assert "  可选择替代（择一）：吊销许可证件。" in text
    assert "吊销许可证件" not in _line(text, "可以给予但本阶次未选择")
    english = discretion.render_text(rec, "en")
    assert "revocation of licence: alternative the officer may choose instead" in english
    # With the group recorded, the line names the member it would replace.
    steps = tuple(
        dataclasses.replace(s, detail=(*s.detail, ("group", "serious_measure")))
        if s.get("mode") == "alternative"
        else s
        for s in rec.steps
    )
    grouped = discretion.render_text(dataclasses.replace(rec, steps=steps))
    assert "吊销许可证件（可选择替代「责令停产停业」（择一））" in grouped
