"""The durable backend and the JSONLogic export on the format-2 shapes of issue 20 points 3 and 8.

Both state only the level and circumstance conditions (the amounts and the combination are the
shared engine's), so an item with a multiple of another clause's range, an open range, a product
band, a branch's own mode or a 单处或者并处 group gets the same recommendation through the durable
backend, and its JSONLogic export carries no amount that could be read wrongly. Figures: the
examples' statutes (安全生产法第一百一十四条, 反恐怖主义法第八十四条, 消费者权益保护法第五十六条,
电影产业促进法第四十七条).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.export._jsonlogic import export_item
from durable_status import why_durable_is_missing

ROOT = Path(__file__).resolve().parent.parent / "examples" / "format2"
CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "of-clause",
        "F2-SPL-114",
        {"party_type": "organisation", "grade": "major", "especially_serious": True},
    ),
    (
        "of-clause",
        "F2-SPL-114",
        {"party_type": "organisation", "grade": "ordinary", "small_enterprise": True},
    ),
    ("open-range", "F2-CTL-84", {"party_type": "organisation", "serious": True}),
    (
        "per-branch",
        "F2-CPL-56",
        {"party_type": "organisation", "illegal_gains": "10000", "lesser": True},
    ),
    ("per-branch", "F2-FIPL-47", {"party_type": "organisation", "illegal_gains": "20000"}),
]


@pytest.mark.parametrize(("folder", "code", "facts"), CASES)
def test_the_durable_backend_agrees(folder: str, code: str, facts: dict[str, Any]) -> None:
    pytest.importorskip("durable.engine", reason=why_durable_is_missing())
    rules = discretion.load(ROOT / folder)
    durable = discretion.evaluate(rules, code, facts, backend="durable")
    assert discretion.to_json(durable) == discretion.to_json(
        discretion.evaluate(rules, code, facts)
    )


@pytest.mark.parametrize(("folder", "code"), sorted({(f, c) for f, c, _ in CASES}))
def test_the_jsonlogic_export_states_no_amount(folder: str, code: str) -> None:
    doc = export_item(discretion.load(ROOT / folder).item(code))
    assert sorted(doc) == [
        "circumstances",
        "facts",
        "format",
        "item",
        "level",
        "levels",
        "name",
        "standard",
    ]
    assert "penalties" not in str(doc)
