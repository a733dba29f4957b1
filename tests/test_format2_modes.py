"""Format 2, per branch and 单处或者并处 (issue 20, point 8).

Expected figures and modes come from the statutes the examples encode (examples/format2/per-branch):
《中华人民共和国消费者权益保护法》（2013年10月25日修正）第五十六条第一款 "可以根据情节单处或者并处警告、
没收违法所得、处以违法所得一倍以上十倍以下的罚款，没有违法所得的，处以五十万元以下的罚款", and
《中华人民共和国电影产业促进法》第四十七条 "违法所得五万元以上的，并处违法所得五倍以上十倍以下的罚款；没有
违法所得或者违法所得不足五万元的，可以并处二十五万元以下的罚款". The bands (halves of the range) are
the examples' own (EXAMPLE).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.decide._backend import REFERENCE
from discretion.decide._columnar_plan import Unsupported, plan_item

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "per-branch"
CPL = EXAMPLE / "cpl-56.yaml"
FILM = EXAMPLE / "film-47.yaml"
GAINS = {"party_type": "organisation", "illegal_gains": Decimal(10000)}


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _ids(penalties: tuple[discretion.Penalty, ...]) -> list[str]:
    return [p.id for p in penalties]


def _load(tmp_path: Path, rule: Path, old: str, new: str) -> discretion.RuleSet:
    text = rule.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "r.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return discretion.load(tmp_path)


def test_a_branch_makes_the_fine_combined_or_optional(rules: discretion.RuleSet) -> None:
    high = discretion.evaluate(rules, "F2-FIPL-47", GAINS | {"illegal_gains": Decimal(100000)})
    fine = next(p for p in high.penalties if p.id == "fine")
    # 五万元以上：并处 5–10 × 100000; 一般 the lower half: 5–7.5 倍
    assert (fine.mode, fine.min, fine.max) == ("combined", Decimal(500000), Decimal(750000))
    low = discretion.evaluate(rules, "F2-FIPL-47", GAINS | {"illegal_gains": Decimal(20000)})
    assert "fine" not in _ids(low.penalties)
    opt = next(p for p in low.optional_penalties if p.id == "fine")
    # 不足五万元：可以并处二十五万元以下; 一般 0–125000, left to the officer
    assert (opt.mode, opt.min, opt.max) == ("optional_combined", Decimal(0), Decimal(125000))
    assert "罚款（可以并处，本阶次未选择）" in discretion.render_text(low)


def test_a_level_imposes_an_optional_branch(rules: discretion.RuleSet) -> None:
    facts = GAINS | {"illegal_gains": Decimal(20000), "serious": True}
    rec = discretion.evaluate(rules, "F2-FIPL-47", facts)
    fine = next(p for p in rec.penalties if p.id == "fine")
    assert (fine.mode, fine.min, fine.max) == (
        "optional_combined",
        Decimal(125000),
        Decimal(250000),
    )


def test_single_or_combined_chosen_by_the_level(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "F2-CPL-56", GAINS)
    assert _ids(rec.penalties) == ["confiscate_gains", "fine"]
    assert _ids(rec.optional_penalties) == ["warning"]
    zh = discretion.render_text(rec)
    assert (
        "警告、没收违法所得、罚款依法可以单处或者并处：本阶次（一般）并处没收违法所得、罚款；"
        "执法人员可以并处：警告" in zh
    )
    assert "警告（单处或者并处，本阶次未选择，执法人员可以并处）" in zh
    en = discretion.render_text(rec, lang="en")
    assert "may be imposed singly or combined by law" in en
    assert "the officer may add: warning" in en


def test_a_level_that_allows_no_more(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "F2-CPL-56", GAINS | {"lesser": True})
    assert _ids(rec.penalties) == ["warning", "confiscate_gains"]
    assert rec.optional_penalties == ()  # may_add: [] — no fine at this level
    zh = discretion.render_text(rec)
    assert "罚款：本阶次（较轻）不予并处" in zh
    assert "本阶次不予并处：罚款" in zh
    en = discretion.render_text(rec, lang="en")
    assert "fine: not allowed at this level (lesser)" in en
    assert "Warning, confiscation of illegal gains, fine may be imposed singly or combined" in en


def test_single_when_nothing_was_gained(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "F2-CPL-56", {"party_type": "organisation"})
    fine = next(p for p in rec.penalties if p.id == "fine")
    # 没有违法所得的，处以五十万元以下的罚款; 一般 0–250000
    assert (fine.min, fine.max) == (Decimal(0), Decimal(250000))
    step = next(s for s in rec.steps if s.rule == "F2-CPL-56/groups/art56")
    assert step.outcome == "single"
    assert step.get("not_applicable") == ("confiscate_gains",)
    assert "本阶次（一般）单处罚款" in discretion.render_text(rec)


def test_paths_agree_and_columns_leave_the_items(rules: discretion.RuleSet) -> None:
    for code in ("F2-CPL-56", "F2-FIPL-47"):
        assert rules.item(code).needs_reference
        with pytest.raises(Unsupported):
            plan_item(rules.item(code))
        ref = discretion.evaluate(rules, code, GAINS, backend=REFERENCE)
        assert discretion.to_json(ref) == discretion.to_json(
            discretion.evaluate(rules, code, GAINS)
        )


def test_may_add_names_an_unknown_clause(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, CPL, "may_add: [warning]", "may_add: [warnings]")
    message = str(err.value)
    assert "不是本阶次可适用的单处或者并处组条款" in message
    assert "r.yaml:" in message
    assert "warning" in message


def test_may_add_repeats_an_imposed_clause(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, CPL, "may_add: [warning]", "may_add: [fine]")
    assert "已在 impose 中" in str(err.value)


def test_a_grouped_clause_takes_no_branch_mode(tmp_path: Path) -> None:
    old = "        mode: combined\n        primary: true"
    with pytest.raises(discretion.RuleSetError) as err:
        _load(
            tmp_path,
            FILM,
            old,
            "        mode: alternative\n        group: g\n        primary: true",
        )
    assert "分支不能另写并处方式" in str(err.value)


def test_a_level_of_none_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, CPL, "impose: [warning, confiscate_gains]", "impose: []")
    assert "单处或者并处" in str(err.value)


def _problems(rules: discretion.RuleSet) -> list[tuple[str, str]]:
    from discretion.verify._check import verify

    wanted = ("group_", "branch_mode", "band_")
    return [(p.check, p.severity) for p in verify(rules).problems if p.check.startswith(wanted)]


def test_check_passes_the_examples(rules: discretion.RuleSet) -> None:
    assert _problems(rules) == []


def test_check_a_level_whose_choice_can_lapse(tmp_path: Path) -> None:
    # 较轻 imposing only 没收违法所得: with no gains found, the level imposes nothing of the group
    rules = _load(
        tmp_path, CPL, "impose: [warning, confiscate_gains]", "impose: [confiscate_gains]"
    )
    problems = _problems(rules)
    assert ("group_empty", "error") in problems


def test_check_a_branch_mode_that_changes_nothing(tmp_path: Path) -> None:
    text = FILM.read_text(encoding="utf-8")
    text = text.replace("              mode: optional_combined\n", "              mode: combined\n")
    text = text.replace("        impose: [fine]\n", "")  # the fine is 并处 on both branches now
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    assert ("branch_mode_same", "warning") in _problems(discretion.load(tmp_path))


def _page(folder: Path, code: str) -> str:
    from discretion.catalogue import build_catalogue

    pages = build_catalogue(ROOT, folder).pages
    return next(p.markdown for k, p in pages.items() if k.endswith(f"/{code}.md"))


def test_the_catalogue_words_the_modes() -> None:
    cpl = _page(EXAMPLE, "F2-CPL-56")
    assert "与「警告」、「没收违法所得」单处或者并处" in cpl
    lesser = next(line for line in cpl.splitlines() if line.startswith("| **较轻**"))
    assert "罚款" not in lesser  # may_add: [] — no fine at this level
    assert "警告（单处或者并处，执法人员可以并处）" in cpl
    film = _page(EXAMPLE, "F2-FIPL-47")
    # 第四十七条: 不足五万元的，可以并处二十五万元以下的罚款 — 一般 the lower half
    assert "没有违法所得或者违法所得不足五万元（可以并处）的，**0元–12.5万元**" in film
    assert "没有违法所得或者违法所得不足五万元（可以并处）：25万元以下" in film
