"""The general part's machinery: versions (Art. 37), one act under several norms (Art. 29),
limitation arithmetic (Art. 36), and ``discretion diff``.

The per-provision boundary cases live as example cases in src/discretion/standards/general/apl-2021.cases.yaml (on a small item
of its own), rules/food/general-part.cases.yaml (on FSL-124) and
examples/versions/demo.cases.yaml; these tests cover what example cases cannot express.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.compile import loads_many
from discretion.compile._bundled import bundled
from discretion.decide._stage_gate import _add_years
from discretion.errors import RuleSetError

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "versions"
GENERAL_FILE = bundled("general/apl-2021")
GENERAL = GENERAL_FILE.read_text(encoding="utf-8")


def _versions(first_to: str, second_from: str) -> discretion.RuleSet:
    old = (DEMO / "demo-2021.yaml").read_text(encoding="utf-8")
    new = (DEMO / "demo-2024.yaml").read_text(encoding="utf-8")
    old = old.replace("effective_to: 2023-12-31", f"effective_to: {first_to}")
    new = new.replace("effective_from: 2024-01-01", f"effective_from: {second_from}")
    return loads_many(
        (
            (str(GENERAL_FILE), GENERAL),
            ("examples/versions/demo-2021.yaml", old),
            ("examples/versions/demo-2024.yaml", new),
        )
    )


def test_contiguous_versions_load() -> None:
    rules = _versions("2023-12-31", "2024-01-01")
    assert [v.standard.version for v in rules.versions("DEMO-1")] == ["2021", "2024"]


def test_a_gap_between_versions_is_a_load_error() -> None:
    with pytest.raises(RuleSetError) as caught:
        _versions("2023-12-30", "2024-01-01")
    text = str(caught.value)
    assert "demo-2024.yaml" in text
    assert "空档" in text
    assert "2023-12-30" in text


def test_an_overlap_between_versions_is_a_load_error() -> None:
    with pytest.raises(RuleSetError) as caught:
        _versions("2024-01-01", "2024-01-01")
    assert "版本重叠" in str(caught.value)


def test_version_switch_is_a_step_citing_article_37() -> None:
    rules = discretion.load(DEMO)
    rec = discretion.evaluate(
        rules,
        "DEMO-1",
        {"party_type": "individual", "area": 10},
        violation_date=dt.date(2023, 6, 1),
        decision_date=dt.date(2024, 3, 1),
    )
    step = next(s for s in rec.steps if s.stage == "version")
    assert step.outcome == "new_lighter"
    assert any("第三十七条" in s.zh for s in step.sources)
    assert rec.ruleset.version == "2024"


def test_one_act_under_two_items_keeps_only_the_higher_fine() -> None:
    # Art. 29: FSL-124's fine (5万–10万 for goods value < 1万) is higher than FSL-125-1's
    # (5 千–5 万): only FSL-124's fine stays; FSL-125-1 keeps its other penalties.
    rules = discretion.load(ROOT / "rules")
    act = discretion.evaluate_act(
        rules, ["FSL-125-1", "FSL-124"], {"party_type": "organisation", "goods_value": 20}
    )
    assert act.fine_item == "FSL-124"
    kept = act.recommendation("FSL-124").penalty("fine")
    assert kept is not None
    assert kept.statutory_max == Decimal(100000)
    other = act.recommendation("FSL-125-1")
    assert other.penalty("fine") is None
    removal = [s for s in other.steps if s.rule == "general/one_act"]
    assert len(removal) == 1
    assert any("第二十九条" in s.zh for s in removal[0].sources)
    # Art. 58 ¶1 (3): several legal relationships → legality review.
    assert all(r.flags.legality_review for r in act.recommendations)


def test_one_act_rejects_facts_no_item_declares() -> None:
    rules = discretion.load(ROOT / "rules")
    with pytest.raises(discretion.FactError, match="declared by none"):
        discretion.evaluate_act(
            rules, ["FSL-124", "FSL-125-1"], {"party_type": "organisation", "goods_valu": 20}
        )


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (dt.date(2021, 8, 1), 2, dt.date(2023, 8, 1)),
        (dt.date(2020, 2, 29), 2, dt.date(2022, 2, 28)),  # no 29 February in 2022
        (dt.date(2020, 2, 29), 4, dt.date(2024, 2, 29)),
        (dt.date(2021, 12, 31), 5, dt.date(2026, 12, 31)),
    ],
)
def test_limitation_periods_end_on_the_same_calendar_day(
    start: dt.date, years: int, end: dt.date
) -> None:
    assert _add_years(start, years) == end


def test_diff_lists_changes_item_by_item(capsys: pytest.CaptureFixture[str]) -> None:
    from discretion.cli._main import main

    status = main(
        ["diff", str(DEMO / "demo-2021.yaml"), str(DEMO / "demo-2024.yaml"), "--format", "json"]
    )
    assert status == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    item = {(c["path"], c["old"], c["new"]) for c in changes if c["where"] == "DEMO-1"}
    # The 2024 revision narrows 较轻 to 10–15 and raises 严重 to 45–50 (examples/versions).
    assert ("levels[light].band.max", "20", "15") in item
    assert ("levels[serious].band.min", "40", "45") in item
    assert len(item) == 2


def test_diff_ignores_reordering(tmp_path: Path) -> None:
    from discretion.verify._diff import diff_standards, read_standard

    text = (DEMO / "demo-2021.yaml").read_text(encoding="utf-8")
    light = text[text.index("      - id: light") : text.index("      - id: serious")]
    serious = text[text.index("      - id: serious") :]
    swapped = text.replace(light + serious, serious.rstrip("\n") + "\n" + light)
    assert swapped != text
    path = tmp_path / "swapped.yaml"
    path.write_text(swapped, "utf-8")
    assert diff_standards(read_standard(DEMO / "demo-2021.yaml"), read_standard(path)) == []
