"""Decided amounts are read like facts: separators only in their places, sizes checked (issue 19)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from discretion.review import Decision, DecisionError


def _fine(amount: object) -> Decision:
    return Decision.from_mapping({"penalties": [{"id": "fine", "amount": amount}]})


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("60,000", Decimal("60000")),
        ("1,234,567.50", Decimal("1234567.50")),
        (60000, Decimal(60000)),
    ],
)
def test_thousands_separators_in_their_places_are_read(written: object, value: Decimal) -> None:
    assert _fine(written).penalties[0].amount == value


@pytest.mark.parametrize("written", ["12345,67", "1,5", "10,00", "1e999999", "1e30", 10**13])
def test_misplaced_separators_and_huge_amounts_are_refused(written: object) -> None:
    # "12345,67" was read as 1 234 567 and "1,5" as 15 before: a silent wrong amount.
    with pytest.raises(DecisionError, match="not a valid number"):
        _fine(written)
