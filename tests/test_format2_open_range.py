"""Format 2, open bounds (issue 20, point 3 c): 处五十万元以上罚款 — the engine invents no maximum.

Expected figures from 《中华人民共和国反恐怖主义法》（2018年4月27日修正）第八十四条: "处二十万元以上五十万元
以下罚款……情节严重的，处五十万元以上罚款" (examples/format2/open-range).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.decide._backend import REFERENCE
from discretion.decide._columnar_plan import Unsupported, plan_item

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "open-range"
RULE = EXAMPLE / "ctl-84.yaml"
ITEM = "F2-CTL-84"
SERIOUS = {"party_type": "organisation", "serious": True}


def _load(tmp_path: Path, *pairs: tuple[str, str]) -> discretion.RuleSet:
    text = RULE.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    return discretion.load(tmp_path)


def test_no_maximum_is_invented() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, SERIOUS)
    fine = rec.penalties[0]
    # 情节严重的，处五十万元以上罚款: the minimum, and no maximum at all
    assert (fine.min, fine.max, fine.statutory_min, fine.statutory_max) == (
        Decimal(500000),
        None,
        Decimal(500000),
        None,
    )
    zh = discretion.render_text(rec)
    assert "法定幅度：情节严重：500000 元以上（法律未规定上限，本库不设上限）" in zh
    assert "结论：建议给予罚款 500000 元以上。" in zh
    en = discretion.render_text(rec, lang="en")
    assert "fine 500000 yuan or more" in en
    doc = json.loads(discretion.to_json(rec))
    assert doc["penalties"][0]["max"] is None


def test_the_bounded_branch_is_unchanged() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, {"party_type": "organisation"})
    fine = rec.penalties[0]
    assert (fine.min, fine.max) == (Decimal(200000), Decimal(500000))  # 二十万元以上五十万元以下


def test_circumstances_move_nothing_proportionally() -> None:
    facts = SERIOUS | {"eliminated_harm": True}  # APL Art. 32 (1): 应当从轻或者减轻
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, facts)
    mitigate = next(o for o in rec.options if o.choice == "mitigate").penalties[0]
    assert (mitigate.min, mitigate.max) == (Decimal(500000), None)
    reduce = next(o for o in rec.options if o.choice == "reduce").penalties[0]
    # 减轻: below the minimum, from reduce_floor (0 %) of 500000 up to it
    assert (reduce.min, reduce.max) == (Decimal(0), Decimal(500000))
    assert "幅度没有上限，不按比例从轻、从重" in discretion.render_text(rec)


def test_an_explicit_band_of_the_standard_sets_a_ceiling(tmp_path: Path) -> None:
    rules = _load(
        tmp_path,
        (
            "        circumstances: 情节严重的\n",
            "        circumstances: 情节严重的\n        band: {cases: {serious: {min: 500000, max: 1000000}}}\n",
        ),
        (
            "        when: not serious\n        circumstances",
            "        when: not serious\n        band: {cases: {ordinary: {min: 200000, max: 500000}}}\n        circumstances",
        ),
    )
    fine = discretion.evaluate(rules, ITEM, SERIOUS).penalties[0]
    assert (fine.min, fine.max, fine.statutory_max) == (Decimal(500000), Decimal(1000000), None)


def test_a_proportional_band_is_refused(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(
            tmp_path,
            (
                "        circumstances: 情节严重的\n",
                "        circumstances: 情节严重的\n        band: {percent: [0, 50]}\n",
            ),
        )
    message = str(err.value)
    assert "没有上限" in message
    assert "would invent one" in message
    assert "r.yaml:" in message


def test_hearing_follows_an_unbounded_fine(tmp_path: Path) -> None:
    rules = _load(
        tmp_path,
        (
            "    individual: 由制定机关设定\n    organisation: 由制定机关设定",
            "    individual: 10000\n    organisation: 1000000",
        ),
    )
    # an open range reaches any threshold (here a hypothetical 1000000 for organisations)
    assert discretion.evaluate(rules, ITEM, SERIOUS).flags.hearing
    assert not discretion.evaluate(rules, ITEM, {"party_type": "organisation"}).flags.hearing


def test_paths_and_check() -> None:
    from discretion.verify._check import verify

    rules = discretion.load(EXAMPLE)
    assert rules.item(ITEM).needs_reference
    with pytest.raises(Unsupported):
        plan_item(rules.item(ITEM))
    ref = discretion.evaluate(rules, ITEM, SERIOUS, backend=REFERENCE)
    assert discretion.to_json(ref) == discretion.to_json(discretion.evaluate(rules, ITEM, SERIOUS))
    # no false band error for the open range
    assert [p for p in verify(rules).problems if p.check.startswith("band")] == []


def test_the_catalogue_says_no_upper_limit() -> None:
    from discretion.catalogue import build_catalogue

    pages = build_catalogue(ROOT, EXAMPLE).pages
    page = next(p.markdown for k, p in pages.items() if k.endswith(f"/{ITEM}.md"))
    assert "**50万元以上**" in page
    assert "50万元以上（未规定上限）" in page
    assert "1000000000000" not in page


def test_one_act_keeps_the_open_fine(tmp_path: Path) -> None:
    # Art. 29 (一事不再罚): the heavier norm's fine is kept; a fine with no maximum (第八十四条
    # 情节严重的，五十万元以上) is heavier than a bounded one (a copy of the item, 五十万元以下 here)
    text = RULE.read_text(encoding="utf-8")
    copy = text.split("items:\n", 1)[1].replace("F2-CTL-84", "F2-CTL-84-B")
    copy = copy.replace("amount: {at_least: {min: 500000}}", "amount: {range: {max: 500000}}")
    (tmp_path / "r.yaml").write_text(text + copy, encoding="utf-8")
    rules = discretion.load(tmp_path)
    act = discretion.evaluate_act(rules, ["F2-CTL-84-B", ITEM], SERIOUS)
    kept = {r.item: [p.id for p in r.penalties] for r in act.recommendations}
    assert kept == {"F2-CTL-84-B": [], ITEM: ["fine"]}


def test_the_envelope_has_no_highest_figure() -> None:
    rules = discretion.load(EXAMPLE)
    # serious not yet known: 情节严重的，处五十万元以上罚款 — no highest figure at all
    env = discretion.envelope(rules, ITEM, {"party_type": "organisation"})
    fine = next(p for p in env.penalties if p.id == "fine")
    assert (fine.max, fine.unbounded) == (None, True)
    known = discretion.envelope(rules, ITEM, {"party_type": "organisation", "serious": False})
    fine = next(p for p in known.penalties if p.id == "fine")
    assert (fine.max, fine.unbounded) == (Decimal(500000), False)  # 二十万元以上五十万元以下


def test_several_violations_refuse_to_add_an_open_range(tmp_path: Path) -> None:
    # two violations in one case, summed (a standard's `several`): 五十万元以上 has no figure to add
    text = RULE.read_text(encoding="utf-8")
    copy = text.split("items:\n", 1)[1].replace("F2-CTL-84", "F2-CTL-84-B")
    several = (
        "several:\n  rule: sum\n  label: 分别裁量、合并处罚（测试）\n"
        "  citation: [{law: CTL, article: 84}]\n\nitems:\n"
    )
    (tmp_path / "r.yaml").write_text(text.replace("items:\n", several, 1) + copy, encoding="utf-8")
    rules = discretion.load(tmp_path)
    violations = [{"item": code, "facts": SERIOUS} for code in (ITEM, "F2-CTL-84-B")]
    with pytest.raises(discretion.CaseError) as err:
        discretion.evaluate_case(rules, {"violations": violations})
    assert "没有上限" in str(err.value)
    assert "cannot be combined" in str(err.value)


def test_a_multiple_of_an_open_range_is_open(tmp_path: Path) -> None:
    # a second clause at 2–5 times 第八十四条's fine (a mechanism test): over 五十万元以上 it is
    # 一百万元以上, never 2 × 500000 to 5 × 500000
    clause = (
        "      - id: doubled\n        kind: fine\n        mode: optional\n"
        "        amount: {of_clause: {clause: fine, min: 2, max: 5}}\n"
        "        citation: [{law: CTL, article: 84}]\n    levels:\n"
    )
    rules = _load(tmp_path, ("    levels:\n", clause))
    rec = discretion.evaluate(rules, ITEM, SERIOUS)
    doubled = next(p for p in rec.optional_penalties if p.id == "doubled")
    assert (doubled.min, doubled.max, doubled.statutory_max) == (Decimal(1000000), None, None)
    assert "前款规定罚款数额（500000 元以上）的 2 倍以上：500000 × 2，即 1000000 元以上" in (
        discretion.render_text(rec)
    )
    bounded = discretion.evaluate(rules, ITEM, {"party_type": "organisation"})
    doubled = next(p for p in bounded.optional_penalties if p.id == "doubled")
    assert (doubled.min, doubled.max) == (Decimal(400000), Decimal(2500000))  # 20万–50万 × 2–5


def test_no_point_in_an_open_range(tmp_path: Path) -> None:
    point = (
        "    point:\n      label: 裁量起点\n      start: 0.5\n      citation: [{law: CTL, article: 84}]\n"
        "    levels:\n"
    )
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, ("    levels:\n", point))
    assert "裁量起点（point）不能用于没有上限的幅度" in str(err.value)


def test_refines_finds_an_open_range_under_a_bounded_parent(tmp_path: Path) -> None:
    from discretion.verify._check import verify

    # a lower-level standard (a mechanism test) that writes 第八十四条's ordinary case as open,
    # 二十万元以上, under the parent's 二十万元以上五十万元以下: the refinement leaves its parent
    parent = RULE.read_text(encoding="utf-8")
    child = parent.replace("id: example.format2.ctl-84", "id: example.format2.ctl-84-city")
    child = child.replace(
        "  uses: discretion:general/apl-2021",
        "  uses: discretion:general/apl-2021\n  refines: example.format2.ctl-84@1",
    )
    child = child.replace("code: F2-CTL-84", "code: F2-CTL-84-CITY\n    refines: F2-CTL-84")
    child = child.replace("{range: {min: 200000, max: 500000}}", "{at_least: {min: 200000}}")
    (tmp_path / "parent.yaml").write_text(parent, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(child, encoding="utf-8")
    problems = [p.check for p in verify(discretion.load(tmp_path)).problems]
    assert "refines_range" in problems
