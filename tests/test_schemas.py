"""The JSON Schemas: generated from the models, shipped as files, and true of every bundled file.

Every bundled YAML file (rules/, examples/, docs/examples/) is validated against the schema its
modeline names, with the ``jsonschema`` library, as an editor would read it (YAML 1.2: dates are
strings); real recommendations from ``discretion.to_dict`` are validated against the
recommendation schema. Each schema must also refuse what the library refuses, or it would
validate nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import discretion
from discretion.cli._main import main
from discretion.export import KINDS, generate_schema, schema_text, shipped_schema
from discretion.format import _yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "src" / "discretion" / "schemas"
BUNDLED = sorted(
    [
        *(ROOT / "rules").rglob("*.yaml"),
        *(ROOT / "examples").rglob("*.yaml"),
        # The general part ships inside the package (src/discretion/standards/).
        *(ROOT / "src" / "discretion" / "standards").rglob("*.yaml"),
        *(
            p
            for p in (ROOT / "docs" / "examples").glob("*.yaml")
            if p.name != "review-log-session.yaml"
        ),
    ]
)
MODELINE = "# yaml-language-server: $schema="


def _json_data(value: Any) -> Any:
    """YAML data as a JSON editor sees it: numbers stay numbers, dates are their text."""
    if isinstance(value, dict):
        return {str(k): _json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_data(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads(shipped_schema(kind))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(kind: str, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(kind).iter_errors(data)
    ]


def _kind_of(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{path}: the first line is not the schema modeline"
    target = (path.parent / first.removeprefix(MODELINE)).resolve()
    assert target.parent == SCHEMAS.resolve(), f"{path}: the modeline points outside the schemas"
    assert target.is_file(), f"{path}: the modeline names {target}, which does not exist"
    return target.name.removesuffix(".schema.json")


# -- the files are what the models generate --------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_files_equal_what_the_models_generate(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"src/discretion/schemas/{kind}.schema.json is stale: "
        "run discretion schema -o src/discretion/schemas"
    )
    assert shipped_schema(kind) == committed  # read through the package, as an installed copy


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_has_a_stable_id_and_is_a_valid_2020_12_schema(kind: str) -> None:
    schema = generate_schema(kind)
    # The $id is the contract with other systems' generated types: changing it breaks them.
    assert schema["$id"] == f"https://discretion.invalid/schema/v1/{kind}.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_package_data_ships_the_schema_files() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas/*.json"' in text


# -- every bundled file, against the schema its first line names --------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file_names_its_schema_and_validates(path: Path) -> None:
    kind = _kind_of(path)
    expected = (
        "cases"
        if path.name.endswith(".cases.yaml")
        else "decision"
        if path.name.startswith("decision-")
        else "facts"
        if path.name.endswith("-facts.yaml") or path.name == "fsl-124-demo.facts.yaml"
        else "case"
        if path.name.endswith("-case.yaml")
        else "rules"
    )
    assert kind == expected
    data = _json_data(_yaml.load_file(path).data)
    assert _errors(kind, data) == []


def test_modeline_paths_are_relative_so_they_work_offline() -> None:
    for path in BUNDLED:
        target = path.read_text(encoding="utf-8").splitlines()[0].removeprefix(MODELINE)
        assert not target.startswith(("http:", "https:", "/")), path
        assert not os.path.isabs(target)


# -- real recommendations ---------------------------------------------------------------------------

RULES = discretion.load(ROOT / "rules")
RECOMMENDED: list[tuple[str, dict[str, Any]]] = [
    ("FSL-124", {"party_type": "organisation", "goods_value": "20"}),
    # 已满十四周岁不满十八周岁：从轻或者减轻 — the options are listed (Art. 30).
    ("FSL-124", {"party_type": "individual", "goods_value": "20", "age": 14}),
    # 不满十四周岁：不予处罚 (Art. 30).
    ("FSL-124", {"party_type": "individual", "goods_value": "20", "age": 13}),
]


@pytest.mark.parametrize(("item", "facts"), RECOMMENDED)
def test_real_recommendations_validate(item: str, facts: dict[str, Any]) -> None:
    data = discretion.to_dict(discretion.evaluate(RULES, item, facts))
    assert _errors("recommendation", json.loads(json.dumps(data))) == []


def test_the_cli_json_output_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "rules/", "--item", "FSL-124", "--facts", "examples/fsl-124-demo.facts.yaml",
                 "--format", "json"]) == 0  # fmt: skip
    assert _errors("recommendation", json.loads(capsys.readouterr().out)) == []


# -- each schema refuses what the library refuses -------------------------------------------------


def test_the_recommendation_schema_refuses_a_float_amount() -> None:
    data = discretion.to_dict(discretion.evaluate(RULES, *RECOMMENDED[0]))
    data["penalties"][0]["min"] = 50000.0  # money is a decimal string, never a float
    assert any("penalties/0/min" in e for e in _errors("recommendation", data))
    data = discretion.to_dict(discretion.evaluate(RULES, *RECOMMENDED[0]))
    del data["ruleset"]
    assert any("'ruleset' is a required property" in e for e in _errors("recommendation", data))


def _fsl() -> dict[str, Any]:
    data: dict[str, Any] = _json_data(_yaml.load_file(ROOT / "rules/food/fsl-2021.yaml").data)
    return data


def test_the_rules_schema_refuses_an_unknown_mode_and_a_misspelt_key() -> None:
    data = _fsl()
    data["items"][0]["penalties"][0]["mode"] = "maybe"
    assert any(e.startswith("items/0/penalties/0/mode") for e in _errors("rules", data))
    data = _fsl()
    data["items"][0]["levls"] = data["items"][0].pop("levels")
    assert _errors("rules", data) != []


def test_cases_facts_and_decision_schemas_refuse_unknown_keys() -> None:
    assert _errors("cases", {"cases": [{"name": "x", "item": "A", "facts": {}, "expect": {
        "levle": "a"}, "source": "s"}]}) != []  # fmt: skip
    assert _errors("cases", {"cases": [{"name": "x", "item": "A", "facts": {}}]}) != []
    assert _errors("facts", {"goods_value": {"nested": 1}}) != []
    assert _errors("decision", {"penalties": [{"id": "fine", "amout": 5}]}) != []
    assert _errors("decision", {"approval": "boss"}) != []
    # The Chinese names the reader accepts are accepted by the schema too.
    assert _errors("decision", {"approval": "集体讨论决定", "penalties": []}) == []


# -- hover text ------------------------------------------------------------------------------------


def _enum_nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append(node)
        for v in node.values():
            found += _enum_nodes(v)
    elif isinstance(node, list):
        for v in node:
            found += _enum_nodes(v)
    return found


def test_enumerated_values_carry_their_chinese_names() -> None:
    nodes = {tuple(n["enum"]): n for n in _enum_nodes(generate_schema("rules"))}
    mode = next(n for values, n in nodes.items() if "optional_combined" in values)
    names = dict(zip(mode["enum"], mode["enumDescriptions"], strict=True))
    # 行政处罚法与各单行法的用语：可以并处、并处、单处或者并处.
    assert names["optional_combined"].startswith("可以并处")
    assert names["combined"].startswith("并处")
    assert names["single_or_combined"].startswith("单处或者并处")
    kind = next(n for values, n in nodes.items() if "revoke_licence" in values)
    names = dict(zip(kind["enum"], kind["enumDescriptions"], strict=True))
    # 行政处罚法第九条的处罚种类.
    assert names["revoke_licence"].startswith("吊销许可证件")
    assert names["confiscate_gains"].startswith("没收违法所得")
    # No enumerated value anywhere is left without hover text.
    for kind_name in KINDS:
        for node in _enum_nodes(generate_schema(kind_name)):
            assert len(node.get("enumDescriptions", ())) == len(node["enum"]), (kind_name, node)


def test_schema_command_prints_each_kind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"].endswith("/rules.schema.json")
    for kind in KINDS:
        assert main(["schema", "--kind", kind]) == 0
        assert capsys.readouterr().out == schema_text(kind)
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    with pytest.raises(SystemExit) as exit_:
        main(["schema", "--kind", "rule"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_chinese_hover_text(kind: str) -> None:
    schema = generate_schema(kind)
    models = {**schema.get("$defs", {}), "<root>": schema}
    bare = [
        f"{model}.{name}"
        for model, body in models.items()
        for name, prop in body.get("properties", {}).items()
        if not any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", ""))
    ]
    assert bare == [], "add the Chinese words in src/discretion/export/_hover.py"


# -- one item's facts ----------------------------------------------------------------------------


def _item_cases() -> list[tuple[str, str, dict[str, Any]]]:
    from discretion.verify._examples import read_cases

    found = []
    for path in sorted((ROOT / "rules").rglob("*.cases.yaml")):
        for case in read_cases(path):
            if "error" not in case.expect and case.item in RULES.codes:
                found.append((case.name, case.item, case.facts))
    return found


def test_every_example_case_fits_its_items_facts_schema() -> None:
    from discretion.export import item_facts_schema

    cases = _item_cases()
    assert len(cases) > 50
    for name, code, facts in cases:
        schema = item_facts_schema(RULES.item(code))
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema).iter_errors(_json_data(facts)))
        assert errors == [], (name, [e.message for e in errors])


def test_an_items_facts_schema_refuses_what_evaluate_refuses() -> None:
    from discretion.export import item_facts_schema

    schema = item_facts_schema(RULES.item("FSL-124"))
    assert schema["$id"] == "https://discretion.invalid/schema/v1/facts/FSL-124.schema.json"
    check = Draft202012Validator(schema)
    good = {"party_type": "organisation", "goods_value": "20"}
    assert list(check.iter_errors(good)) == []
    for bad in (
        {"goods_value": "20"},  # party_type is required (FactError: missing)
        {**good, "party_type": "公司"},  # not one of the values
        {**good, "goods_valu": "20"},  # a misspelt fact
        {**good, "first_violation": "yes"},  # a bool is true or false
    ):
        assert list(check.iter_errors(bad)) != [], bad
        with pytest.raises(discretion.FactError):
            discretion.evaluate(RULES, "FSL-124", bad)
    party = schema["properties"]["party_type"]
    # 行政处罚法的用语（rules/general/apl-2021.yaml 的 value_labels）：公民、法人或者其他组织.
    names = dict(zip(party["enum"], party["enumDescriptions"], strict=True))
    assert names == {"individual": "公民", "organisation": "法人或者其他组织"}


def test_schema_command_gives_one_items_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--kind", "facts", "--rules", "rules/", "--item", "FSL-124"]) == 0
    assert json.loads(capsys.readouterr().out)["required"] == ["goods_value", "party_type"]
    # --rules missing: bad input (exit 2), said, not a traceback.
    assert main(["schema", "--item", "FSL-124"]) == 2
