"""Format 2, amount shapes (issue 20, point 3 a–b): a multiple of another clause's range, and a
band that is a share of the maximum × an adjustment with paired endpoints.

Expected figures come from 《中华人民共和国安全生产法》（2021年6月10日修正）第一百一十四条: 第一款
（一）一般事故 三十万元以上一百万元以下 …（三）重大事故 二百万元以上一千万元以下 …; 第二款 "可以按照前款
罚款数额的二倍以上五倍以下……处以罚款". The bands (30 %–50 % of the maximum, × 80 %–100 % for small
enterprises) are the example's own (EXAMPLE in examples/format2/of-clause).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.decide._backend import REFERENCE
from discretion.decide._columnar_plan import Unsupported, plan_item

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "of-clause"
RULE = EXAMPLE / "spl-114.yaml"
ITEM = "F2-SPL-114"
MAJOR = {"party_type": "organisation", "grade": "major", "especially_serious": True}


def _penalty(rec: discretion.Recommendation, pid: str) -> discretion.Penalty:
    return next(p for p in (*rec.penalties, *rec.optional_penalties) if p.id == pid)


def _load(tmp_path: Path, old: str, new: str) -> discretion.RuleSet:
    text = RULE.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "r.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return discretion.load(tmp_path)


def test_the_multiple_of_the_preceding_paragraph() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, MAJOR)
    fine = _penalty(rec, "fine_multiplied")
    # 第一款（三）2000000–10000000 × 第二款 二倍以上五倍以下 = 4000000–50000000, exact
    assert (fine.min, fine.max) == (Decimal(4000000), Decimal(50000000))
    assert fine in rec.penalties
    zh = discretion.render_text(rec)
    assert "前款规定罚款数额（发生重大事故：2000000–10000000 元）的 2–5 倍" in zh
    assert "2000000 × 2 至 10000000 × 5，即 4000000–50000000 元" in zh
    en = discretion.render_text(rec, lang="en")
    assert "2–5 times the fine of the preceding paragraph (a major accident" in en


def test_the_step_cites_both_paragraphs() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, MAJOR)
    step = next(s for s in rec.steps if s.rule.endswith("/penalties/fine_multiplied"))
    assert [s.key for s in step.sources] == ["SPL/114/2", "SPL/114/1"]


def test_reference_and_default_paths_agree() -> None:
    rules = discretion.load(EXAMPLE)
    assert rules.item(ITEM).needs_reference
    for facts in (MAJOR, {"party_type": "organisation", "grade": "ordinary"}):
        ref = discretion.evaluate(rules, ITEM, facts, backend=REFERENCE)
        assert discretion.to_json(ref) == discretion.to_json(
            discretion.evaluate(rules, ITEM, facts)
        )


def test_the_columnar_plan_leaves_the_item_to_evaluate() -> None:
    with pytest.raises(Unsupported):
        plan_item(discretion.load(EXAMPLE).item(ITEM))


def test_the_product_band_pairs_its_endpoints() -> None:
    rules = discretion.load(EXAMPLE)
    facts = {"party_type": "organisation", "grade": "ordinary", "small_enterprise": True}
    rec = discretion.evaluate(rules, ITEM, facts)
    fine = _penalty(rec, "fine")
    # 1000000 × 30 % × 80 % = 240000, below 第一款（一）'s minimum 300000 → 300000;
    # 1000000 × 50 % × 100 % = 500000
    assert (fine.min, fine.max) == (Decimal(300000), Decimal(500000))
    zh = discretion.render_text(rec)
    assert "法定最高额 1000000 元 × 30%–50% × 小型微型企业调整比例 80%–100%" in zh
    assert "= 240000–500000 元，低于法定最低额的部分提高至法定最低额 300000 元" in zh
    en = discretion.render_text(rec, lang="en")
    assert "paired endpoints: 30% × 80%, 50% × 100%" in en


def test_an_unknown_referenced_clause_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, "{of_clause: {clause: fine,", "{of_clause: {clause: fines,")
    message = str(err.value)
    assert "未定义的处罚条款 'fines'" in message
    assert "unknown clause 'fines'" in message
    assert "r.yaml:" in message
    assert "fine" in message  # did you mean


def test_a_cycle_of_references_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(
            tmp_path,
            "              amount: {range: {min: 300000, max: 1000000}}",
            "              amount: {of_clause: {clause: fine_multiplied, min: 1, max: 1}}",
        )
    message = str(err.value)
    assert "循环引用" in message
    assert "cycle" in message
    assert "fine_multiplied → fine" in message or "fine → fine_multiplied" in message
    assert "r.yaml:" in message


def test_a_clause_referring_to_itself_is_a_cycle(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, "{of_clause: {clause: fine,", "{of_clause: {clause: fine_multiplied,")
    assert "fine_multiplied → fine_multiplied" in str(err.value)


def test_multiples_out_of_order_are_refused(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(tmp_path, "min: 2, max: 5}}", "min: 5, max: 2}}")
    assert "最低倍数 5 大于最高倍数 2" in str(err.value)


def _problems(rules: discretion.RuleSet) -> list[tuple[str, str]]:
    from discretion.verify._check import verify

    report = verify(rules)
    wanted = ("of_clause", "product", "band")
    return [(p.check, p.severity) for p in report.problems if p.check.startswith(wanted)]


def test_check_passes_the_example() -> None:
    assert _problems(discretion.load(EXAMPLE)) == []


def test_check_a_multiple_of_another_kind(tmp_path: Path) -> None:
    rules = _load(
        tmp_path,
        "        kind: fine\n        label: 按照前款",
        "        kind: detention\n        label: 按照前款",
    )
    assert ("of_clause_kind", "error") in _problems(rules)


def test_check_a_multiple_in_another_unit(tmp_path: Path) -> None:
    rules = _load(tmp_path, "min: 2, max: 5}}", "min: 2, max: 5, unit: 日}}")
    assert ("of_clause_unit", "error") in _problems(rules)


def test_check_a_product_band_always_raised(tmp_path: Path) -> None:
    # 10 % × 80 % of every branch's maximum lies below its minimum (第一款（一）–（四）)
    rules = _load(tmp_path, "of_max: [30, 50], times:", "of_max: [10, 50], times:")
    assert ("product_raised", "warning") in _problems(rules)


def test_the_catalogue_shows_the_multiplied_ranges() -> None:
    from discretion.catalogue import build_catalogue

    pages = build_catalogue(ROOT, EXAMPLE).pages
    page = next(p.markdown for k, p in pages.items() if k.endswith("/F2-SPL-114.md"))
    assert "前款规定罚款数额的2倍以上5倍以下" in page
    # 第一款（一）30万–100万 × 第二款 2–5 = 60万–500万
    assert "发生一般事故的，**60万元–500万元**" in page
    assert "法定最高额的 30%–50% × 小型微型企业调整比例 80%–100%" in page


AML = EXAMPLE / "aml-63.yaml"


def test_a_multiple_of_another_items_clause() -> None:
    rules = discretion.load(EXAMPLE)
    facts = {"party_type": "organisation", "last_year_sales": Decimal(100000000)}
    rec = discretion.evaluate(rules, "F2-AML-63-57", facts)
    fine = rec.penalties[0]
    # 反垄断法第五十七条 1%–10% × 100000000 = 1000000–10000000; 第六十三条 × 2–5 = 2000000–50000000
    assert (fine.min, fine.max) == (Decimal(2000000), Decimal(50000000))
    step = next(s for s in rec.steps if s.rule.endswith("/penalties/fine"))
    assert [s.key for s in step.sources] == ["AML/63", "AML/57"]
    assert "本法第五十七条规定的罚款数额（1000000–10000000 元）的 2–5 倍" in discretion.render_text(
        rec
    )


def test_an_unknown_item_is_a_load_error(tmp_path: Path) -> None:
    text = AML.read_text(encoding="utf-8").replace("item: F2-AML-57\n", "item: F2-AML-75\n")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(discretion.RuleSetError) as err:
        discretion.load(tmp_path)
    message = str(err.value)
    assert "未定义的事项 'F2-AML-75'" in message
    assert "r.yaml:" in message
    assert "F2-AML-57" in message  # did you mean


def test_a_fact_the_referring_item_lacks_is_reported_at_the_reference(tmp_path: Path) -> None:
    # the sales fact moved into Art. 57's item alone: Art. 63's item cannot compute its range
    text = AML.read_text(encoding="utf-8")
    shared = text[text.index("facts:\n  - name: last_year_sales") : text.index("items:\n")]
    text = text.replace(shared, "")
    own = "    facts:\n" + "\n".join("  " + line for line in shared.splitlines()[1:]) + "\n"
    text = text.replace(
        "    applies_to: [organisation]\n", "    applies_to: [organisation]\n" + own, 1
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(discretion.RuleSetError) as err:
        discretion.load(tmp_path)
    message = str(err.value)
    assert "last_year_sales" in message
    assert "F2-AML-63-57" in message
    assert "of_clause" in message


def test_the_compiled_file_keeps_a_reference_to_another_item() -> None:
    from discretion.compile._compiled import dumps_compiled, loads_compiled

    rules = discretion.load(EXAMPLE)
    back = loads_compiled(dumps_compiled(rules))
    facts = {"party_type": "organisation", "last_year_sales": Decimal(100000000)}
    for code, f in (("F2-AML-63-57", facts), (ITEM, MAJOR)):
        once = discretion.to_json(discretion.evaluate(rules, code, f))
        assert discretion.to_json(discretion.evaluate(back, code, f)) == once
