"""The HTTP service against a real uvicorn server on 127.0.0.1, called with a real client (httpx).

Expected figures come from the statute: 食品安全法 Art. 124 (goods value < 1万 → 5万–10万) and the
30/40/30 banding convention the food standard uses (LAW.md §4), as in tests/test_envelope.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server_fixture import running

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from running(tmp_path_factory.mktemp("log") / "review.jsonl")


@pytest.fixture
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


CASE = {"party_type": "organisation", "goods_value": "9999"}


def test_health_version_items_and_schema(client: httpx.Client) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    version = client.get("/api/v1/version").json()
    assert any(s["id"] == "cn.food.fsl-2021" or s["id"] for s in version["standards"])
    codes = [i["code"] for i in client.get("/api/v1/items").json()]
    assert "FSL-124" in codes
    item = client.get("/api/v1/items/FSL-124").json()
    goods = next(f for f in item["facts"] if f["name"] == "goods_value")
    assert goods["label"] == "货值金额"
    assert goods["required"] is True
    schema = client.get("/api/v1/schemas/items/FSL-124/facts").json()
    assert "goods_value" in schema["required"]
    assert client.get("/api/v1/schemas/rule-file").json()["$schema"].endswith("2020-12/schema")


def test_evaluate_is_the_library_json(client: httpx.Client) -> None:
    import discretion

    got = client.post("/api/v1/items/FSL-124/evaluate", json={"facts": CASE})
    assert got.status_code == 200
    rules = discretion.load("rules/")
    assert got.json() == json.loads(discretion.to_json(discretion.evaluate(rules, "FSL-124", CASE)))
    fine = next(p for p in got.json()["penalties"] if p["kind"] == "fine")
    # 一般 level: the middle 40 % of [5万, 10万].
    assert (fine["min"], fine["max"]) == ("65000", "85000")


def test_a_json_fraction_is_read_exactly(client: httpx.Client) -> None:
    body = '{"facts": {"party_type": "organisation", "goods_value": 9999.99}}'
    got = client.post(
        "/api/v1/items/FSL-124/evaluate",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert got.status_code == 200
    assert dict(got.json()["facts"])["goods_value"] == "9999.99"


def test_one_act_several_items(client: httpx.Client) -> None:
    got = client.post(
        "/api/v1/act/evaluate", json={"items": ["FSL-124", "FSL-125-1"], "facts": CASE}
    )
    assert got.status_code == 200
    # Art. 29: one fine, under the norm with the higher statutory fine (Art. 124's 5万–10万
    # against Art. 125's 5千–5万).
    assert got.json()["fine_item"] == "FSL-124"


def test_envelope_over_unknown_goods_value(client: httpx.Client) -> None:
    got = client.post(
        "/api/v1/items/FSL-124/envelope",
        json={"facts": {"party_type": "organisation"}, "assume_defaults": True},
    )
    assert got.status_code == 200
    fine = next(p for p in got.json()["penalties"] if p["id"] == "fine")
    assert fine["min"] == "65000"
    assert fine["unbounded"] is True
    assert got.json()["next"][0]["name"] == "goods_value"


def test_check_endpoint(client: httpx.Client) -> None:
    report = client.get("/api/v1/check", timeout=300).json()
    assert report["ok"] is True


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", "/api/v1/items/FSL-124/evaluate", b'{"facts": ', 400, None),
        ("post", "/api/v1/items/FSL-124/evaluate", b"   ", 400, None),
        ("post", "/api/v1/items/FSL-124/evaluate", b"[]", 422, None),
        ("post", "/api/v1/items/FSL-124/evaluate", b'{"facts": {"goods_value": 1e400}}', 422, None),
        ("post", "/api/v1/items/FSL-12/evaluate", b'{"facts": {}}', 404, None),
        ("get", "/api/v1/items/NOPE", None, 404, None),
        ("get", "/no/such/page", None, 404, None),
        (
            "post",
            "/api/v1/items/FSL-124/evaluate",
            b'{"facts": {"party_type": "x", "goods_value": "1"}}',
            422,
            "party_type",
        ),
        (
            "post",
            "/api/v1/items/FSL-124/evaluate",
            b'{"facts": {"goods_valu": 1}}',
            422,
            "goods_valu",
        ),
        ("post", "/api/v1/items/FSL-124/evaluate", b'{"fact": {}}', 422, None),
        (
            "post",
            "/api/v1/items/FSL-124/envelope",
            b'{"facts": {"goods_value": "abc"}}',
            422,
            "goods_value",
        ),
        ("post", "/api/v1/items/FSL-124/evaluate", b" " * (17 * 1024), 413, None),
    ],
)
def test_bad_input_is_a_problem_never_a_500(
    client: httpx.Client,
    method: str,
    path: str,
    body: bytes | None,
    status: int,
    field: str | None,
) -> None:
    headers = {"content-type": "application/json"}
    got = client.request(method.upper(), path, content=body, headers=headers)
    assert got.status_code == status
    assert got.headers["content-type"].startswith(PROBLEM)
    problem = got.json()
    assert problem["status"] == status
    assert {"type", "title", "detail", "message_zh", "message_en"} <= set(problem)
    if field is not None:
        assert problem["field"] == field
    if "/FSL-12/" in path:
        assert problem["item"] == "FSL-12"
        assert problem["hint"] == "did you mean 'FSL-126'?"
    # The server keeps serving.
    assert client.get("/api/v1/health").status_code == 200


def test_chunked_oversized_body_is_refused(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b" " * 1024

    got = client.post(
        "/api/v1/items/FSL-124/evaluate",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert got.status_code == 413


def test_review_log_record_decide_verify(client: httpx.Client) -> None:
    seq = client.post("/api/v1/log/record", json={"item": "FSL-124", "facts": CASE})
    assert seq.status_code == 200
    first = seq.json()["seq"]
    # A decision inside the recommended range needs no reason.
    decided = client.post(
        "/api/v1/log/decide",
        json={
            "seq": first,
            "decision": {
                "penalties": [
                    {"id": "fine", "amount": 70000},
                    {"id": "confiscate_gains"},
                    {"id": "confiscate_food"},
                ]
            },
        },
    )
    assert decided.status_code == 200, decided.text
    # Above the statutory maximum (10万, Art. 124) is never accepted.
    refused = client.post(
        "/api/v1/log/decide",
        json={"seq": first, "decision": {"penalties": [{"id": "fine", "amount": 200000}]}},
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM)
    verified = client.get("/api/v1/log/verify").json()
    assert verified["ok"] is True
    assert verified["entries"] == 2


def test_reload_keeps_serving(client: httpx.Client) -> None:
    assert client.post("/api/v1/reload").status_code == 200
    assert client.get("/api/v1/items/FSL-124").status_code == 200


def test_openapi_is_current_and_published(client: httpx.Client) -> None:
    served = client.get("/openapi.json").json()
    published = json.loads(Path("docs/api/openapi.json").read_text(encoding="utf-8"))
    assert served == published, "run: python -m discretion.server._openapi > docs/api/openapi.json"
    assert "/api/v1/items/{code}/envelope" in served["paths"]
    # A valid OpenAPI 3.1 document, which client generators (openapi-generator's Java one) read;
    # method names from the operation ids, errors typed as problem documents.
    from openapi_spec_validator import validate

    validate(published)
    evaluate = published["paths"]["/api/v1/items/{code}/evaluate"]["post"]
    assert evaluate["operationId"] == "evaluate_item"
    assert "application/problem+json" in evaluate["responses"]["422"]["content"]


def test_serve_binds_loopback_by_default() -> None:
    from discretion.cli._main import build_parser

    args = build_parser().parse_args(["serve", "rules/"])
    assert (args.host, args.port, args.log) == ("127.0.0.1", 8080, None)


def test_the_deciding_body_is_checked_and_named(client: httpx.Client) -> None:
    # APL Art. 24: a town with a conferred power decides in its own name; 大气法 Art. 119 ¶1
    got = client.post(
        "/api/v1/items/APL-119-1/evaluate",
        json={"facts": {"party_type": "individual"}, "decided_by": "town"},
    )
    assert got.status_code == 200
    steps = [s for s in got.json()["steps"] if s["stage"] == "competence"]
    assert len(steps) == 1
    assert steps[0]["sources"][0]["zh"].endswith("第二十四条第一款")
    # Art. 119 ¶2 names the county government's department: the 县级以上 one of ¶1 is refused
    refused = client.post(
        "/api/v1/items/APL-119-2/evaluate",
        json={"facts": {"party_type": "individual"}, "decided_by": "county_supervisor"},
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["field"] == "decided_by"
    assert problem["title"].startswith("作出决定的机关无权")
