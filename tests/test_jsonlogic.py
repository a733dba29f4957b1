"""The JSONLogic export, run by a second engine (datalogic-py, the Rust datalogic-rs core that the
Java, JS, Go and .NET bindings share), decides every item as the library does.

For every item in ``rules/`` and in the synthetic benchmark standard, hypothesis draws cases from
the library's fact domains (boundary values of every threshold included); the exported rules,
evaluated by datalogic on the encoded facts, must give the same level and circumstance decisions
as the library's compiled conditions, and a whole evaluation with datalogic deciding them must
give the same recommendation.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import datalogic_py
import pytest
from hypothesis import given
from hypothesis import strategies as st

import discretion
from discretion.cli._main import main
from discretion.compile._facts import validate_facts
from discretion.compile._loader import loads_many
from discretion.compile._records import CompiledItem
from discretion.decide import PythonBackend
from discretion.export import FORMAT, encode_facts, export_item, export_rules
from discretion.verify.testing import cases

ROOT = Path(__file__).resolve().parent.parent
RULESET = discretion.load(ROOT / "rules")
PYTHON = PythonBackend()
_FEN = Decimal("0.01")


def _synthetic() -> discretion.RuleSet:
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(ROOT / "benchmarks"))
        synthetic = importlib.import_module("synthetic")
    return loads_many(synthetic.standard_sources(synthetic.item_specs(12)))


SYNTHETIC = _synthetic()


class JsonLogicBackend:
    """Levels and circumstances decided by datalogic on the exported rules (Backend protocol)."""

    def __init__(self) -> None:
        self._exports: dict[tuple[str, str], dict[str, Any]] = {}

    def export(self, item: CompiledItem) -> dict[str, Any]:
        key = (item.standard.digest, item.code)
        if key not in self._exports:
            # Through JSON text, as another runtime receives it.
            self._exports[key] = json.loads(json.dumps(export_item(item), ensure_ascii=False))
        return self._exports[key]

    def _decide(self, item: CompiledItem, facts: Mapping[str, Any], part: str) -> tuple[bool, ...]:
        data = encode_facts(item, dict(facts))
        return tuple(
            datalogic_py.apply(entry["rule"], data) is True for entry in self.export(item)[part]
        )

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return self._decide(item, facts, "levels")

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return self._decide(item, facts, "circumstances")


JSONLOGIC = JsonLogicBackend()


def _to_fen(facts: dict[str, Any], item: CompiledItem) -> dict[str, Any]:
    """The facts with every decimal at most to the fen (the export's contract, see the module)."""
    out = dict(facts)
    for name, value in facts.items():
        field = item.fields.get(name)
        if (
            field is None
            or value is None
            or field.spec.type not in ("money", "area", "number", "percent")
        ):
            continue
        out[name] = Decimal(str(value)).quantize(_FEN, rounding=ROUND_FLOOR)
    return out


def _outcome(rules: discretion.RuleSet, code: str, facts: dict[str, Any], **kw: Any) -> Any:
    try:
        return discretion.evaluate(rules, code, facts, **kw)
    except discretion.DiscretionError as exc:
        return (type(exc).__name__, str(exc))


def _agree(rules: discretion.RuleSet, code: str, case: Any) -> None:
    item = rules.item(code, case.violation_date)
    facts = _to_fen(case.facts, item)
    values = validate_facts(item.fields, facts, item.code)
    assert JSONLOGIC.levels(item, facts) == PYTHON.levels(item, values)
    assert JSONLOGIC.circumstances(item, facts) == PYTHON.circumstances(item, values)
    on = {"violation_date": case.violation_date}
    assert _outcome(rules, code, facts, backend=JSONLOGIC, **on) == _outcome(
        rules, code, facts, **on
    )


# Items the export refuses, with the reason (limited to some party types, or other parties of the
# act, 双罚制): their levels alone would decide them wrongly elsewhere.
_REFUSED: list[discretion.RuleSetError] = []
_EXPORTED = export_rules(RULESET, _REFUSED)
_EXPORTABLE = sorted({key.split("@")[0] for key in _EXPORTED})


@pytest.mark.parametrize("code", _EXPORTABLE)
@given(data=st.data())
def test_exported_rules_decide_every_bundled_item_as_the_library(
    code: str, data: st.DataObject
) -> None:
    _agree(RULESET, code, data.draw(cases(RULESET, [code])))


def test_every_refused_bundled_item_says_why() -> None:
    assert _REFUSED, "the bundled rules have items with applies_to or parties"
    for exc in _REFUSED:
        assert exc.item is not None
        assert exc.file is not None
        assert exc.line is not None
        assert "无法导出为 JSONLogic" in str(exc)
        item = RULESET.item(exc.item)
        assert item.applies_to is not None or item.parties or item.needs_reference
    with pytest.raises(discretion.RuleSetError):
        export_rules(RULESET)  # without a list to collect them, the first refusal raises


@pytest.mark.parametrize("code", SYNTHETIC.codes)
@given(data=st.data())
def test_exported_rules_decide_the_synthetic_standard_as_the_library(
    code: str, data: st.DataObject
) -> None:
    _agree(SYNTHETIC, code, data.draw(cases(SYNTHETIC, [code])))


# -- the encoding, from the law's figures and the calendar, not from the library ------------------


def _level(code: str, facts: dict[str, Any]) -> Any:
    item = RULESET.item(code)
    return datalogic_py.apply(export_item(item)["level"], encode_facts(item, facts))


def test_fsl_124_switches_at_ten_thousand_yuan_in_fen() -> None:
    # 食品安全法第一百二十四条：货值金额不足一万元的，并处五万元以上十万元以下罚款；一万元以上的，
    # 并处货值金额十倍以上二十倍以下罚款. The switch reads goods_value: 9 999.99 元 travels as
    # 999 999 fen, 10 000 元 as 1 000 000.
    item = RULESET.item("FSL-124")
    data = encode_facts(item, {"party_type": "organisation", "goods_value": "9999.99"})
    assert data["goods_value"] == 999_999
    data = encode_facts(item, {"party_type": "organisation", "goods_value": 10000})
    assert data["goods_value"] == 1_000_000
    doc = export_item(item)
    assert doc["format"] == FORMAT == "discretion-jsonlogic/1"
    assert doc["facts"]["goods_value"]["encoding"].startswith("integer of the fen")


def test_a_money_value_below_the_fen_is_refused() -> None:
    item = RULESET.item("FSL-124")
    with pytest.raises(discretion.CaseError, match="分") as err:
        encode_facts(item, {"party_type": "organisation", "goods_value": "20.005"})
    assert err.value.field == "goods_value"


def test_levels_as_the_fsl_cases_file_states_them() -> None:
    # rules/food/fsl-2021.cases.yaml: 初次违法且未造成危害后果 → light; 情节严重 → serious;
    # otherwise general (the published wording of each level's circumstances).
    base = {"party_type": "organisation", "goods_value": "20"}
    assert _level("FSL-124", {**base, "first_violation": True}) == "light"
    assert _level("FSL-124", {**base, "serious": True}) == "serious"
    assert _level("FSL-124", base) == "general"


def test_dates_travel_as_epoch_days() -> None:
    # 2022-06-30 is day 19 173 after 1970-01-01: 52 years with 13 leap days (1972 … 2020) is
    # 18 993 days to 2022-01-01, and 181 − 1 more days to June 30 (31+28+31+30+31+30 = 181).
    import datetime as dt

    from discretion.export._jsonlogic import encode_value

    assert encode_value("date", dt.date(2022, 6, 30), 0) == 52 * 365 + 13 + 180 == 19_173


def test_an_absent_optional_fact_makes_its_conditions_false() -> None:
    # APL Art. 30: the age is optional (no default); a case without it is neither under 14 nor a
    # minor, so no level or circumstance reading it holds.
    item = RULESET.item("FSL-124")
    doc = export_item(item)
    minors = [c for c in doc["circumstances"] if "age" in json.dumps(c["rule"])]
    assert minors, "the general part reads the age in its Art. 30 circumstance"
    data = encode_facts(item, {"party_type": "individual", "goods_value": "20"})
    assert "age" not in data
    assert all(datalogic_py.apply(c["rule"], data) is False for c in minors)


def test_export_command_writes_one_file_per_item_version(tmp_path: Path) -> None:
    # The bundled rules hold items the export cannot express: by default that is bad input
    # (exit 2) and nothing is written; --skip-unsupported writes the others.
    strict = tmp_path / "strict"
    assert main(["export-jsonlogic", "rules/", "-o", str(strict)]) == 2
    assert not strict.exists()
    out = tmp_path / "out"
    assert main(["export-jsonlogic", "rules/", "-o", str(out), "--skip-unsupported"]) == 0
    written = sorted(p.name for p in out.iterdir())
    versions = sum(len(RULESET.versions(code)) for code in RULESET.codes)
    assert len(written) == versions - len(_REFUSED)
    assert written == sorted(f"{key}.json" for key in _EXPORTED)
    tmp_path = out
    doc = json.loads((tmp_path / written[0]).read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT
    assert {"levels", "circumstances", "facts", "level"} <= set(doc)


# -- scales: finer literals, and money that cannot be stated in fen -------------------------------

_STRAW = ROOT / "docs" / "examples" / "straw-burning.yaml"
_FACT = """      - name: refused_to_correct
        type: bool
        label: 不配合或者拒不改正
        default: false
"""


def _straw(tmp_path: Path, fact: str, when: str) -> discretion.RuleSet:
    """The docs' straw-burning standard with one more fact and an aggravating circumstance."""
    text = _STRAW.read_text(encoding="utf-8")
    text = text.replace("../general/apl-2021.yaml", str(ROOT / "rules/general/apl-2021.yaml"))
    assert _FACT in text
    text = text.replace(_FACT, _FACT + fact)
    text += f"""    circumstances:
      - id: wide
        kind: aggravate
        label: 测试用情节
        when: {when}
        citation: [{{law: TABLE}}]
"""
    path = tmp_path / "straw.yaml"
    path.write_text(text, encoding="utf-8")
    return discretion.load(path)


def test_a_finer_literal_gives_its_fact_a_finer_scale(tmp_path: Path) -> None:
    fact = "      - {name: burnt_m2, type: area, label: 焚烧面积, unit: 平方米, default: 0}\n"
    rules = _straw(tmp_path, fact, "burnt_m2 > 10.125")
    item = rules.item("AIR-119-1")
    doc = export_item(item)
    assert doc["facts"]["burnt_m2"]["scale"] == 3  # 10.125 has three decimal places
    wide = doc["circumstances"][-1]["rule"]
    for area, holds in (("10.125", False), ("10.126", True), ("10.12", False)):
        facts = {"party_type": "individual", "area_size": "small", "burnt_m2": area}
        data = encode_facts(item, facts)
        assert data["burnt_m2"] == int(Decimal(area) * 1000)
        assert datalogic_py.apply(wide, data) is holds


def test_money_compared_below_the_fen_cannot_be_exported(tmp_path: Path) -> None:
    fact = "      - {name: gains, type: money, label: 违法所得, unit: 元, default: 0}\n"
    rules = _straw(tmp_path, fact, "gains > 0.005")
    with pytest.raises(discretion.RuleSetError, match="fen") as err:
        export_item(rules.item("AIR-119-1"))
    assert err.value.item == "AIR-119-1"
    # A rule set that cannot be exported is bad input: exit 2 (docs/guide/cli.md).
    assert main(["export-jsonlogic", str(tmp_path / "straw.yaml")]) == 2
