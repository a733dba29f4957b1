"""Serving the app with uvicorn: ``discretion serve RULES`` lands here."""

from __future__ import annotations

import argparse

from ._app import DEFAULT_BODY_LIMIT, create_app


def serve(
    rules: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    log: str | None = None,
    body_limit: int = DEFAULT_BODY_LIMIT,
) -> None:
    """Load the rules and serve the API and the form until interrupted (loopback by default)."""
    import uvicorn

    app = create_app(rules, log=log, body_limit=body_limit)
    uvicorn.run(app, host=host, port=port, log_level="info")


def cmd_serve(args: argparse.Namespace) -> int:
    """The ``serve`` sub-command."""
    serve(args.rules, host=args.host, port=args.port, log=args.log, body_limit=args.body_limit)
    return 0
