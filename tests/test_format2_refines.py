"""Refinement (细化), issue 20 point 11: a lower standard stays inside its parent's ranges.

Parent: the Hebei township table for 大气法第一百一十九条第一款 (rules/air/…, LAW.md §3: 较轻
500–1000, 较重 1000–1500, 严重 1500–2000 元). Child: examples/format2/refines, which splits 较轻
into 500–800 and 800–1000 (its own figures) — inside the parent, as 国办发〔2022〕27号 requires.
"""

from __future__ import annotations

from pathlib import Path

import discretion
from discretion.verify._check import verify

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "rules" / "air" / "hebei-township-burning-2020.yaml"
CHILD = ROOT / "examples" / "format2" / "refines" / "city-burning.yaml"


def _problems(child: Path, *also: Path) -> list[discretion.verify._check.Problem]:
    report = verify(discretion.load(PARENT, child, *also))
    return [p for p in report.problems if p.check.startswith("refines")]


def test_refinement_inside_the_parent_passes() -> None:
    assert _problems(CHILD) == []


def test_refinement_above_the_parent_gives_a_counter_example(tmp_path: Path) -> None:
    # 情节较重 1000–1600 exceeds the parent's 1000–1500 (乡镇基准表 情节较重行)
    text = CHILD.read_text(encoding="utf-8").replace(
        "band: {min: 1000, max: 1500}", "band: {min: 1000, max: 1600}"
    )
    bad = tmp_path / "city.yaml"
    bad.write_text(text, encoding="utf-8")
    found = _problems(bad)
    assert [p.check for p in found] == ["refines_range"]
    assert "[1000, 1600]" in found[0].message_zh
    assert "[1000, 1500]" in found[0].message_zh
    assert found[0].example is not None
    assert dict(found[0].example)["uncooperative"] or dict(found[0].example)["refused_to_correct"]


def test_parent_not_loaded_is_a_warning() -> None:
    report = verify(discretion.load(CHILD))
    found = [p for p in report.problems if p.check == "refines_missing"]
    assert found
    assert found[0].severity == "warning"
    assert "cn.hebei.township.air-burning@2020" in found[0].message_zh


def _load_variant(tmp_path: Path, old: str, new: str) -> str:
    text = CHILD.read_text(encoding="utf-8").replace(old, new, 1)
    path = tmp_path / "city.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        discretion.load(path)
    except discretion.RuleSetError as err:
        return str(err)
    return ""


def test_item_refines_without_the_standards_refines_is_a_load_error(tmp_path: Path) -> None:
    message = _load_variant(tmp_path, "  refines: cn.hebei.township.air-burning@2020\n", "")
    assert "基准没有写 refines" in message
    assert "city.yaml:" in message


def test_a_standard_refining_itself_is_a_load_error(tmp_path: Path) -> None:
    message = _load_variant(
        tmp_path,
        "refines: cn.hebei.township.air-burning@2020",
        "refines: example.format2.city-burning@2020",
    )
    assert "细化其自身" in message


def test_refines_must_be_id_at_version(tmp_path: Path) -> None:
    message = _load_variant(
        tmp_path,
        "refines: cn.hebei.township.air-burning@2020",
        "refines: cn.hebei.township.air-burning",
    )
    assert "refines" in message
    assert "city.yaml:" in message
