"""Shared fixtures: the bundled rule set, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import discretion

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def rules() -> discretion.RuleSet:
    return discretion.load(RULES)
