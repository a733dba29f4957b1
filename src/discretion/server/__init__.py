"""The HTTP service (服务): the API and the officers' form over one loaded rule set.

Enters: a rules path (read at start and on explicit reload), optionally a review-log path, and
HTTP requests on 127.0.0.1. ``_app`` builds the FastAPI app and its routes (items and their fact
schemas, evaluate, one act under several items, envelopes over incomplete facts, check, JSON
Schemas, the review log, health and version); ``_models`` holds the request and response bodies
that make its OpenAPI document; ``_problems`` turns every error into ``application/problem+json``
(RFC 9457) and limits body sizes; ``_form`` renders the form per item. ``_run`` serves it with
uvicorn. Leaves: JSON, problem documents and HTML. Optional: ``pip install discretion[server]``.
"""

from ._app import DEFAULT_BODY_LIMIT, create_app
from ._run import serve

__all__ = ["DEFAULT_BODY_LIMIT", "create_app", "serve"]
