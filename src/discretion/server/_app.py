"""The ASGI application: the API routes over one loaded rule set, and the officers' form.

FastAPI, on Starlette, served by uvicorn: it builds the OpenAPI document from the same pydantic
models the library already uses for its rule files, so a Java team generates a client from
``/openapi.json`` without a hand-kept description that could drift from the code (a bare Starlette
app would need one written by hand). Rules are read once from the path given at start, and again
only on ``POST /api/v1/reload``; no request names a file. Handlers are plain functions, which
FastAPI runs in its thread pool: evaluation is thread-safe and the rule set immutable.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request

from .._version import __version__
from ..assist import Envelope, envelope
from ..compile._loader import load
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..decide._engine import evaluate, evaluate_act
from ..explain._jsonio import to_dict
from ..format._model import StandardFile
from ..review import ReviewLog
from ..verify import case_files, verify
from . import _models as m
from ._problems import BodyLimit, ServiceError, install

DEFAULT_BODY_LIMIT = 64 * 1024
"""Bytes: a case's facts are well under a kilobyte; 64 KiB leaves room for a decision's reasons."""


class Service:
    """What the app serves: the rule set read at start (or last reload) and the review log."""

    def __init__(self, rules: str | Path, log: str | Path | None = None) -> None:
        self.path = str(rules)
        self.rules: RuleSet = load(self.path)
        self.log = ReviewLog(log) if log is not None else None
        self._lock = threading.Lock()

    def reload(self) -> RuleSet:
        """Read the rule files again; on an error the rules already loaded stay in service."""
        with self._lock:
            fresh = load(self.path)
            self.rules = fresh
            return fresh

    def review_log(self) -> ReviewLog:
        if self.log is None:
            raise ServiceError(
                "no review log was set when the service started: start it with --log PATH "
                "(未配置审核记录文件)",
                field="log",
            )
        return self.log


async def exact_body(request: Request) -> dict[str, Any]:
    """The JSON body with every number read exactly (``Decimal`` for a fraction, never float).

    FastAPI has already parsed and validated the body against the endpoint's model (answering 400
    or 422); the facts are taken from this second, exact parse of the same bytes, so 0.1 stays 0.1.
    """
    try:
        data = json.loads(await request.body(), parse_float=Decimal)
    except ValueError:  # an empty body, or one cut at the size limit: answered by validation
        return {}
    return data if isinstance(data, dict) else {}


Exact = Depends(exact_body)


def fact_entry(field: Any) -> m.FactSchema:
    """One fact of an item's schema, as the API and the form show it."""
    spec = field.spec
    default = spec.default
    if isinstance(default, Decimal):
        default = format(default, "f")
    elif hasattr(default, "isoformat"):
        default = default.isoformat()
    return m.FactSchema(
        name=spec.name,
        type=spec.type,
        label=spec.label,
        label_en=spec.label_en,
        unit=spec.unit,
        required=spec.required and spec.default is None,
        default=default,
        values=spec.values,
        value_labels=spec.value_labels,
        min=format(spec.min, "f") if spec.min is not None else None,
        max=format(spec.max, "f") if spec.max is not None else None,
    )


def item_summary(item: CompiledItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "name_en": item.name_en,
        "standard": item.standard.id,
        "version": item.standard.version,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def envelope_out(env: Envelope) -> m.EnvelopeResponse:
    """An envelope as JSON: amounts as decimal strings."""
    return m.EnvelopeResponse(
        item=env.item,
        item_name=env.item_name,
        outcomes=list(env.outcomes),
        levels=list(env.levels),
        penalties=[
            m.PenaltyRange(
                id=p.id,
                kind=p.kind,
                label=p.label,
                label_en=p.label_en,
                unit=p.unit,
                min=_plain(p.min),
                max=_plain(p.max),
                unbounded=p.unbounded,
                always=p.always,
                lowest={k: _plain(v) for k, v in p.lowest},
                highest={k: _plain(v) for k, v in p.highest},
            )
            for p in env.penalties
        ],
        flags=list(env.flags),
        flags_if_penalty=list(env.flags_if_penalty),
        possible_flags=list(env.possible_flags),
        unknown=list(env.unknown),
        next=[m.NextFactOut(**dataclasses.asdict(n)) for n in env.next],
        classes=env.classes,
        combinations=env.combinations,
    )


def _facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    facts = raw.get("facts")
    return dict(facts) if isinstance(facts, Mapping) else {}


def create_app(
    rules: str | Path, *, log: str | Path | None = None, body_limit: int = DEFAULT_BODY_LIMIT
) -> FastAPI:
    """The ASGI app serving the standards under ``rules`` (read now, and on reload).

    Args:
        rules: a rule file or folder, as for :func:`discretion.load`.
        log: the review log (JSON Lines) the ``/api/v1/log`` endpoints append to; none by default.
        body_limit: the largest request body accepted, in bytes (413 above it).
    """
    service = Service(rules, log)
    app = FastAPI(
        title="discretion 行政处罚裁量基准服务",
        description="Recommended penalties, envelopes over incomplete facts, static checks and "
        "the review log, over the standards loaded at start. Errors are "
        "application/problem+json (RFC 9457).",
        version=__version__,
        # Operation ids are the handlers' names (evaluate_item, item_envelope, …): the method
        # names a generated Java client gets.
        generate_unique_id_function=lambda route: route.name,
        responses={
            status: {
                "model": m.Problem,
                "content": {"application/problem+json": {}},
                "description": text,
            }
            for status, text in (
                (400, "malformed JSON"),
                (404, "unknown item, path or feature"),
                (413, "request body too large"),
                (422, "bad facts or request body"),
            )
        },
    )
    app.state.service = service
    install(app)
    _problems_in_openapi(app)
    api = "/api/v1"

    @app.get(f"{api}/health", tags=["service"])
    def health() -> m.Health:
        """Liveness (运行状态)."""
        return m.Health(status="ok")

    @app.get(f"{api}/version", tags=["service"])
    def version() -> m.VersionInfo:
        """The library version and the standards loaded, with their digests."""
        return m.VersionInfo(
            version=__version__,
            rules=service.path,
            standards=[
                m.StandardVersion(id=s.id, version=s.version, digest=s.digest)
                for s in service.rules.standards
            ],
        )

    @app.post(f"{api}/reload", tags=["service"])
    def reload() -> m.VersionInfo:
        """Read the rule files again from the path given at start (重新加载)."""
        service.reload()
        return version()

    @app.get(f"{api}/items", tags=["items"])
    def items() -> list[m.ItemSummary]:
        """Every item (裁量事项) of the loaded standards."""
        return [m.ItemSummary(**item_summary(it)) for it in service.rules.items()]

    @app.get(f"{api}/items/{{code}}", tags=["items"])
    def item(code: str) -> m.ItemDetail:
        """One item and the facts it reads (事实要素)."""
        it = service.rules.item(code)
        return m.ItemDetail(**item_summary(it), facts=[fact_entry(f) for f in it.fields.values()])

    @app.post(f"{api}/items/{{code}}/evaluate", tags=["decide"])
    def evaluate_item(
        code: str, body: m.SingleRequest, raw: dict[str, Any] = Exact
    ) -> dict[str, Any]:
        """Recommend a penalty for one case: the JSON of ``discretion.to_json``."""
        rec = evaluate(
            service.rules,
            code,
            _facts(raw),
            violation_date=body.violation_date,
            decision_date=body.decision_date,
            decided_by=body.decided_by,
        )
        return to_dict(rec)

    @app.post(f"{api}/act/evaluate", tags=["decide"])
    def evaluate_one_act(body: m.ActRequest, raw: dict[str, Any] = Exact) -> dict[str, Any]:
        """One act under several items (Art. 29): one fine, under the item with the higher fine."""
        act = evaluate_act(
            service.rules,
            body.items,
            _facts(raw),
            violation_date=body.violation_date,
            decision_date=body.decision_date,
        )
        return {
            "fine_item": act.fine_item,
            "recommendations": [to_dict(r) for r in act.recommendations],
        }

    @app.post(f"{api}/items/{{code}}/envelope", tags=["decide"])
    def item_envelope(
        code: str, body: m.EnvelopeRequest, raw: dict[str, Any] = Exact
    ) -> m.EnvelopeResponse:
        """What is certain before every fact is known: outcomes, ranges, flags, facts to find."""
        env = envelope(
            service.rules,
            code,
            _facts(raw),
            assume_defaults=body.assume_defaults,
            violation_date=body.violation_date,
            decision_date=body.decision_date,
        )
        return envelope_out(env)

    @app.get(f"{api}/check", tags=["check"])
    def check() -> dict[str, Any]:
        """Static verification of the loaded standards and their example cases (校验)."""
        report = verify(service.rules, cases=case_files(service.path))
        return report.to_dict()

    @app.get(f"{api}/schemas/rule-file", tags=["schemas"])
    def rule_file_schema() -> dict[str, Any]:
        """The JSON Schema of rule files (规则文件)."""
        schema = StandardFile.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema

    @app.get(f"{api}/schemas/items/{{code}}/facts", tags=["schemas"])
    def facts_schema(code: str) -> dict[str, Any]:
        """A JSON Schema of one item's facts, for the body of ``evaluate``."""
        return _facts_schema(service.rules.item(code))

    @app.post(f"{api}/log/record", tags=["review log"])
    def log_record(body: m.RecordRequest, raw: dict[str, Any] = Exact) -> m.Sequence:
        """Evaluate a case and append the recommendation to the review log."""
        rec = evaluate(
            service.rules,
            body.item,
            _facts(raw),
            violation_date=body.violation_date,
            decision_date=body.decision_date,
        )
        return m.Sequence(seq=service.review_log().record(rec).seq)

    @app.post(f"{api}/log/decide", tags=["review log"])
    def log_decide(body: m.DecideRequest, raw: dict[str, Any] = Exact) -> m.Sequence:
        """Append the officer's decision on a recorded recommendation (调整适用 needs reasons)."""
        decision = raw.get("decision", body.decision)
        return m.Sequence(seq=service.review_log().decide(body.seq, decision).seq)

    @app.get(f"{api}/log/verify", tags=["review log"])
    def log_verify() -> dict[str, Any]:
        """Check the hash chain of the review log."""
        result = service.review_log().verify()
        out: dict[str, Any] = json.loads(json.dumps(dataclasses.asdict(result), default=str))
        return out

    # Several violations in one case (POST /api/v1/case/evaluate), in a module of its own.
    from ._case import add_case_routes

    add_case_routes(app, service, api, Exact)

    from ._form import add_form

    add_form(app, service)
    app.add_middleware(BodyLimit, limit=body_limit)
    return app


def _problems_in_openapi(app: FastAPI) -> None:
    """Declare the error responses as ``application/problem+json`` (FastAPI files the model of an
    extra response under ``application/json``; the answers are problem documents)."""
    built = app.openapi

    def openapi() -> dict[str, Any]:
        schema = built()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if status >= "400" and "application/problem+json" in content:
                        moved = content.pop("application/json", None)
                        if moved is not None:
                            content["application/problem+json"] = moved
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _facts_schema(item: CompiledItem) -> dict[str, Any]:
    kinds = {
        "bool": {"type": "boolean"},
        "enum": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "count": {"type": "integer"},
        "days": {"type": "integer"},
    }
    props: dict[str, Any] = {}
    required = []
    for name, field in item.fields.items():
        spec = field.spec
        # Money and other decimals: a decimal string (exact) or an integer.
        prop: dict[str, Any] = dict(kinds.get(spec.type, {"type": ["string", "integer"]}))
        prop["title"] = spec.label
        if spec.unit:
            prop["description"] = f"单位：{spec.unit}"
        if spec.values:
            prop["enum"] = list(spec.values)
        if spec.default is not None:
            prop["default"] = _plain(spec.default)
        props[name] = prop
        if spec.required and spec.default is None:
            required.append(name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{item.code} {item.name}",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }
