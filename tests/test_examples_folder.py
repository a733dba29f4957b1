"""The examples folder checks as a whole: a facts file kept beside rule files (``*.facts.yaml``,
the input of ``discretion evaluate --facts``) is not taken for a rule file."""

from __future__ import annotations

from pathlib import Path

import discretion
from discretion.cli._io import read_facts
from discretion.compile._loader import rule_files

ROOT = Path(__file__).resolve().parent.parent


def test_a_facts_file_beside_rule_files_is_not_a_rule_file() -> None:
    found = {p.name for p in rule_files(ROOT / "examples")}
    assert "fsl-124-demo.facts.yaml" not in found
    assert not any(name.endswith(".cases.yaml") for name in found)


def test_the_examples_folder_loads_as_one_rule_set() -> None:
    rules = discretion.load(ROOT / "examples")
    assert len(rules) > 0


def test_the_demo_facts_file_still_evaluates() -> None:
    rules = discretion.load(ROOT / "rules")
    facts = read_facts(str(ROOT / "examples" / "fsl-124-demo.facts.yaml"))
    rec = discretion.evaluate(rules, "FSL-124", facts)
    assert rec.outcome == "penalty"
