"""Format 2, non-numeric bounds (issue 20, point 3 c): an amount another body's rules fix.

《城市供水条例》（1994年国务院令第158号发布，2018年3月19日修订）第三十三条 "可以处以罚款" and 第三十八条
"本条例第三十三条、第三十四条、第三十五条规定的罚款数额由省、自治区、直辖市人民政府规定"
(examples/format2/set-by): the recommendation names the fine and who sets it, with no figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import discretion
from discretion.decide._backend import REFERENCE
from discretion.decide._columnar_plan import Unsupported, plan_item
from discretion.explain._jsonio import from_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "set-by"
RULE = EXAMPLE / "water-33.yaml"
ITEM = "F2-UWSR-33-1"
CASE = {"party_type": "organisation"}


def _load(tmp_path: Path, old: str, new: str) -> discretion.RuleSet:
    text = RULE.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "r.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return discretion.load(tmp_path)


def test_no_figure_is_invented() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, CASE)
    fine = rec.penalties[0]
    assert (fine.min, fine.max, fine.statutory_min, fine.statutory_max) == (None, None, None, None)
    zh = discretion.render_text(rec)
    assert "数额：由省、自治区、直辖市人民政府规定，本基准未规定具体数额" in zh
    assert "建议给予罚款（数额由省、自治区、直辖市人民政府规定）" in zh
    assert "不能判断：罚款数额由省、自治区、直辖市人民政府规定" in zh  # Art. 51: no comparison
    assert not rec.flags.summary_procedure
    en = discretion.render_text(rec, lang="en")
    assert "fine (amount set by the government of the province" in en
    step = next(s for s in rec.steps if s.rule.endswith("/penalties/fine"))
    assert [s.key for s in step.sources] == ["UWSR/33", "UWSR/38"]
    back = from_json(discretion.to_json(rec))
    assert discretion.render_text(back) == zh
    assert json.loads(discretion.to_json(rec))["penalties"][0]["max"] is None


def test_hearing_is_not_decided_by_a_figure_it_lacks(tmp_path: Path) -> None:
    rules = _load(
        tmp_path,
        "    individual: 由制定机关设定\n    organisation: 由制定机关设定",
        "    individual: 10000\n    organisation: 100000",
    )
    rec = discretion.evaluate(rules, ITEM, CASE)
    assert not rec.flags.hearing
    assert (
        "不能判断：罚款数额由省、自治区、直辖市人民政府规定，本基准未规定具体数额，不能与较大数额罚款标准 100000 元比较"
        in (discretion.render_text(rec))
    )
    # 责令停业整顿 still gives the right (Art. 63 ¶1)
    assert discretion.evaluate(rules, ITEM, CASE | {"serious": True}).flags.hearing


def test_a_band_on_it_is_refused(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError) as err:
        _load(
            tmp_path,
            "        impose: [fine]\n        citation: [{law: EXAMPLE}]",
            "        impose: [fine]\n        band: {percent: [0, 50]}\n        citation: [{law: EXAMPLE}]",
        )
    assert "数额由其他机关规定（set_by），本基准不能划分裁量幅度" in str(err.value)
    assert "r.yaml:" in str(err.value)


def test_paths_and_catalogue() -> None:
    from discretion.catalogue import build_catalogue

    rules = discretion.load(EXAMPLE)
    assert rules.item(ITEM).needs_reference
    with pytest.raises(Unsupported):
        plan_item(rules.item(ITEM))
    ref = discretion.evaluate(rules, ITEM, CASE, backend=REFERENCE)
    assert discretion.to_json(ref) == discretion.to_json(discretion.evaluate(rules, ITEM, CASE))
    pages = build_catalogue(ROOT, EXAMPLE).pages
    page = next(p.markdown for k, p in pages.items() if k.endswith(f"/{ITEM}.md"))
    assert "数额由省、自治区、直辖市人民政府规定" in page
