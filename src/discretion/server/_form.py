"""The officers' form (办案人员录入页): one page per item, generated from its fact schema.

Server-rendered with Jinja2 (through Starlette's templates): Chinese labels, units, enumerations as
choices, defaults shown and pre-filled, required facts marked. Every field may be left at 未查明
(unknown); the page shows the envelope over the facts still unknown and the facts to establish
next, and a small script of our own (``static/form.js``, no CDN) refreshes that panel as facts are
entered. Submitting shows the recommendation and the Chinese justification; ``/print`` is the
same result laid out for the case file. The form is sent with GET, so a page is a link that can
be kept, and no form-parsing dependency is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..assist import envelope
from ..compile._records import CompiledItem
from ..decide._engine import evaluate
from ..errors import DiscretionError
from ..explain._render import render_text

_HERE = Path(__file__).parent
_TEMPLATES = Jinja2Templates(directory=str(_HERE / "templates"))
_OUTCOMES = {"penalty": "给予行政处罚", "may_waive": "可以不予处罚", "no_penalty": "不予行政处罚"}
_FLAGS = {
    "summary_procedure": "可以适用简易程序（第五十一条）",
    "hearing": "应当告知听证权利（第六十三条）",
    "legality_review": "须经法制审核（第五十八条）",
    "reduced": "减轻处罚",
}


def _facts_from_query(item: CompiledItem, query: Any) -> dict[str, Any]:
    """The facts the officer entered; an empty field (未查明) is left out."""
    facts: dict[str, Any] = {}
    for name, field in item.fields.items():
        value = query.get(name)
        if value is None or value == "":
            continue
        if field.spec.type == "bool":
            facts[name] = {"true": True, "false": False}.get(value, value)
        else:
            facts[name] = value
    return facts


def _yuan(value: Any) -> str:
    return "—" if value is None else f"{value:,}"


def _context(service: Any, code: str, request: Request) -> dict[str, Any]:
    item = service.rules.item(code)
    facts = _facts_from_query(item, request.query_params)
    context: dict[str, Any] = {
        "item": item,
        "fields": list(item.fields.values()),
        "facts": facts,
        "entered": request.query_params,
        "outcomes": _OUTCOMES,
        "flag_names": _FLAGS,
        "yuan": _yuan,
        "error": None,
        "env": None,
        "rec": None,
        "text": None,
    }
    try:
        context["env"] = envelope(service.rules, code, facts)
    except DiscretionError as exc:
        context["error"] = exc
        return context
    if request.query_params.get("evaluate"):
        try:
            rec = evaluate(service.rules, code, facts)
        except DiscretionError as exc:
            context["error"] = exc
        else:
            context["rec"] = rec
            context["text"] = render_text(rec)
    return context


def add_form(app: FastAPI, service: Any) -> None:
    """The pages: the list of items, one form per item, its envelope panel, its print view."""
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return _TEMPLATES.TemplateResponse(
            request, "index.html", {"items": list(service.rules.items())}
        )

    @app.get("/form/{code}", response_class=HTMLResponse, include_in_schema=False)
    def form(code: str, request: Request) -> HTMLResponse:
        return _TEMPLATES.TemplateResponse(request, "form.html", _context(service, code, request))

    @app.get("/form/{code}/envelope", response_class=HTMLResponse, include_in_schema=False)
    def envelope_panel(code: str, request: Request) -> HTMLResponse:
        return _TEMPLATES.TemplateResponse(
            request, "_envelope.html", _context(service, code, request)
        )

    @app.get("/form/{code}/print", response_class=HTMLResponse, include_in_schema=False)
    def print_view(code: str, request: Request) -> HTMLResponse:
        context = _context(service, code, request)
        if context["rec"] is None and context["error"] is None:
            rec = evaluate(service.rules, code, context["facts"])
            context["rec"], context["text"] = rec, render_text(rec)
        return _TEMPLATES.TemplateResponse(request, "print.html", context)
