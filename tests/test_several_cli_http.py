"""Several violations in one case from the command line and over HTTP (issue 20, point 7).

Figures: 《中华人民共和国治安管理处罚法》（2012年10月26日修正）第二十六条、第四十九条（情节较重的，处十日
以上十五日以下拘留，可以并处一千元以下罚款）and 第十六条（有两种以上违反治安管理行为的，分别决定，合并执行。
行政拘留处罚合并执行的，最长不超过二十日）, encoded in examples/format2/several/psl-2012.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from jsonschema import Draft202012Validator

from discretion.cli._main import main
from server_fixture import running

ROOT = Path(__file__).parents[1]
SEVERAL = ROOT / "examples" / "format2" / "several"
SERIOUS = {"party_type": "individual", "more_serious": True}
CASE = {"violations": [{"item": "PSL-26", "facts": SERIOUS}, {"item": "PSL-49", "facts": SERIOUS}]}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example standard beside a copy of it whose rule is a plain sum (items PSLX-…): two
    standards whose rules for several violations differ."""
    folder = tmp_path_factory.mktemp("mixed")
    text = (SEVERAL / "psl-2012.yaml").read_text("utf-8")
    (folder / "psl-2012.yaml").write_text(text, "utf-8")
    other = (
        text.replace("example.format2.psl-2012", "example.format2.psl-2012-sum")
        .replace("rule: sum_capped", "rule: sum")
        .replace("  cap: {detention: 20}\n", "")
        .replace("code: PSL-", "code: PSLX-")
    )
    (folder / "psl-sum.yaml").write_text(other, "utf-8")
    return folder


def _write(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return str(path)


# -- the command line ---------------------------------------------------------------------------


def test_cli_prints_the_combined_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "violations:\n"
        "  - {item: PSL-26, facts: {party_type: individual, more_serious: true}}\n"
        "  - {item: PSL-49, facts: {party_type: individual, more_serious: true}}\n",
        "utf-8",
    )
    assert main(["evaluate", str(SEVERAL), "--case", str(case)]) == 0
    out = capsys.readouterr().out
    assert "违法行为一：PSL-26" in out
    assert "违法行为二：PSL-49" in out
    # 第十六条: 10–15 + 10–15 = 20–30 日，合并执行最长不超过二十日 → 20 日
    assert "合并，不超过 20 日：20 日" in out
    assert "《中华人民共和国治安管理处罚法》第十六条" in out
    assert main(["evaluate", str(SEVERAL), "--case", str(case), "--lang", "en"]) == 0
    assert "combined, at most 20 days: 20 days" in capsys.readouterr().out


def test_cli_json_gives_each_violation_and_the_combination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "case.json", CASE)
    assert main(["evaluate", str(SEVERAL), "--case", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "sum_capped"
    assert [r["item"] for r in data["recommendations"]] == ["PSL-26", "PSL-49"]
    combined = {c["kind"]: c for c in data["combined"]}
    # 第十六条: detention summed, at most 20 days
    assert (combined["detention"]["min"], combined["detention"]["max"]) == ("20", "20")
    assert combined["detention"]["cap"] == "20"
    # 第二十六条、第四十九条: 一千元以下 + 一千元以下 = 0–2000 元 (分别决定，合并执行)
    assert (combined["fine"]["min"], combined["fine"]["max"]) == ("0", "2000")
    assert combined["fine"]["parts"] == [
        {"item": "PSL-26", "min": "0", "max": "1000"},
        {"item": "PSL-49", "min": "0", "max": "1000"},
    ]
    assert all(s["sources"][0]["key"] == "PSL/16" for s in data["steps"])


def test_cli_case_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(CASE)))
    assert main(["evaluate", str(SEVERAL), "--case", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "sum_capped"


def test_cli_wrong_fact_names_file_line_violation_item_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "violations:\n"
        "  - {item: PSL-26, facts: {party_type: individual}}\n"
        "  - item: PSL-49\n"
        "    facts:\n"
        "      party_type: individual\n"
        "      more_serious: 3\n",
        "utf-8",
    )
    assert main(["evaluate", str(SEVERAL), "--case", str(case), "--format", "json"]) == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert error["error"] == "FactError"
    assert (error["file"], error["line"]) == (str(case), 6)
    assert error["item"] == "PSL-49"
    assert error["field"] == "violations[1].facts.more_serious"
    assert "第 2 个违法行为" in error["message"]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"violations": []}, "violations", "至少两个"),
        ({"violations": [CASE["violations"][0]]}, "violations", "至少两个"),
        ({"cases": []}, "cases", "未知的键"),
        ({"violations": "PSL-26"}, "violations", "violations"),
        (
            {"violations": [CASE["violations"][0], {"item": "PSL-99", "facts": SERIOUS}]},
            "violations[1].item",
            "第 2 个违法行为",
        ),
    ],
)
def test_cli_bad_cases_exit_2_naming_the_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: object,
    field: str,
    words: str,
) -> None:
    path = _write(tmp_path / "case.json", data)
    assert main(["evaluate", str(SEVERAL), "--case", path, "--format", "json"]) == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert error["field"] == field
    assert words in error["message"]
    assert error["file"] == path


def test_cli_standards_with_different_rules_refuse(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = {
        "violations": [{"item": "PSL-26", "facts": SERIOUS}, {"item": "PSLX-49", "facts": SERIOUS}]
    }
    path = _write(tmp_path / "case.json", case)
    assert main(["evaluate", str(mixed), "--case", path, "--format", "json"]) == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert error["item"] == "PSLX-49"
    assert error["field"] == "violations[1].several"
    assert "不一致" in error["message"]


def test_cli_case_and_item_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["evaluate", str(SEVERAL), "--case", "x.yaml", "--item", "PSL-26", "--format", "json"],
        ["evaluate", str(SEVERAL), "--item", "PSL-26", "--format", "json"],  # no --facts
    ):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2
        assert json.loads(capsys.readouterr().out)["errors"][0]["error"] == "UsageError"


# -- the service ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(mixed: Path) -> Iterator[httpx.Client]:
    for base in running(None, mixed):
        with httpx.Client(base_url=base, timeout=30) as c:
            yield c


def test_http_case_is_the_cli_json(client: httpx.Client, tmp_path: Path) -> None:
    got = client.post("/api/v1/case/evaluate", json=CASE)
    assert got.status_code == 200
    data = got.json()
    combined = {c["kind"]: (c["min"], c["max"]) for c in data["combined"]}
    # 第十六条 over 第二十六条、第四十九条 (情节较重): 拘留 20 日, 罚款 0–2000 元
    assert combined == {"detention": ("20", "20"), "fine": ("0", "2000")}
    import discretion
    from discretion.explain._jsoncase import case_to_dict

    rules = discretion.load(SEVERAL)
    assert data == json.loads(json.dumps(case_to_dict(discretion.evaluate_case(rules, CASE))))


def test_http_a_json_fraction_is_read_exactly(client: httpx.Client) -> None:
    body = (
        '{"violations": [{"item": "PSL-26", "facts": {"party_type": "individual"}},'
        ' {"item": "PSL-49", "facts": {"party_type": "individual", "more_serious": false}}],'
        ' "decision_date": "2024-05-01"}'
    )
    got = client.post(
        "/api/v1/case/evaluate", content=body, headers={"content-type": "application/json"}
    )
    assert got.status_code == 200
    detention = next(c for c in got.json()["combined"] if c["kind"] == "detention")
    # 一般情形：五日以上十日以下 ×2 = 10–20 日，不超过二十日（第十六条）
    assert (detention["min"], detention["max"]) == ("10", "20")


@pytest.mark.parametrize(
    ("body", "status", "item", "field"),
    [
        ({"violations": []}, 422, None, "violations"),
        ({"violations": [CASE["violations"][0]]}, 422, None, "violations"),
        (
            {"violations": [CASE["violations"][0], {"item": "PSL-99", "facts": SERIOUS}]},
            404,
            "PSL-99",
            "violations[1].item",
        ),
        (
            {
                "violations": [
                    CASE["violations"][0],
                    {"item": "PSL-49", "facts": {"party_type": "individual", "more_serious": 3}},
                ]
            },
            422,
            "PSL-49",
            "violations[1].facts.more_serious",
        ),
        (
            {
                "violations": [
                    CASE["violations"][0],
                    {"item": "PSL-49", "facts": {"party_type": "individual", "bogus": True}},
                ]
            },
            422,
            "PSL-49",
            "violations[1].facts.bogus",
        ),
        (
            {"violations": [CASE["violations"][0], {"item": "PSLX-49", "facts": SERIOUS}]},
            422,
            "PSLX-49",
            "violations[1].several",
        ),
    ],
)
def test_http_bad_cases_are_4xx_naming_violation_item_and_field(
    client: httpx.Client, body: object, status: int, item: str | None, field: str
) -> None:
    got = client.post("/api/v1/case/evaluate", json=body)
    assert got.status_code == status, got.text
    assert got.headers["content-type"].startswith("application/problem+json")
    problem = got.json()
    assert problem["item"] == item
    assert problem["field"] == field
    assert problem["message_zh"]


def test_http_a_fact_of_a_type_json_cannot_hold_is_422_with_its_place(
    client: httpx.Client,
) -> None:
    body = {"violations": [CASE["violations"][0], {"item": "PSL-49", "facts": {"x": [1]}}]}
    got = client.post("/api/v1/case/evaluate", json=body)
    assert got.status_code == 422
    assert got.json()["field"].startswith("violations.1.facts.x")


def test_http_case_is_in_the_openapi_document() -> None:
    document = json.loads((ROOT / "docs" / "api" / "openapi.json").read_text("utf-8"))
    operation = document["paths"]["/api/v1/case/evaluate"]["post"]
    assert operation["operationId"] == "evaluate_several"
    assert "422" in operation["responses"]


# -- the JSON Schemas of the case file and of the answer -------------------------------------------


def _validator(kind: str) -> Draft202012Validator:
    from discretion.export import shipped_schema

    return Draft202012Validator(json.loads(shipped_schema(kind)))


def test_the_answer_validates_against_the_case_recommendation_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "case.json", CASE)
    assert main(["evaluate", str(SEVERAL), "--case", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(_validator("case-recommendation").iter_errors(data)) == []
    data["combined"][0]["min"] = 0.5  # an amount is a decimal string, never a float
    assert list(_validator("case-recommendation").iter_errors(data))


def test_the_case_schema_takes_the_documented_file_and_refuses_a_stray_key() -> None:
    validator = _validator("case")
    assert list(validator.iter_errors(CASE)) == []
    assert list(validator.iter_errors({**CASE, "cases": []}))
    assert list(validator.iter_errors({"violations": [{"facts": {}}]}))  # no item


def test_the_python_api_gives_the_cli_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import discretion

    path = _write(tmp_path / "case.json", CASE)
    assert main(["evaluate", str(SEVERAL), "--case", path, "--format", "json"]) == 0
    printed = capsys.readouterr().out
    case = discretion.evaluate_case(discretion.load(SEVERAL), CASE)
    text = discretion.case_to_json(case)
    assert text + "\n" == printed
    data = json.loads(text)
    assert data == discretion.case_to_dict(case)  # the same data, JSON-ready
    assert list(_validator("case-recommendation").iter_errors(data)) == []
    # 治安管理处罚法第十六条: 合并执行的，最长不超过二十日 (10–15 + 10–15 日 → 20 日)
    detention = next(c for c in data["combined"] if c["kind"] == "detention")
    assert (detention["min"], detention["max"]) == ("20", "20")
