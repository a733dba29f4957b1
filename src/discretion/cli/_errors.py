"""How every command ends on an error: its exit status, and the error as text or JSON.

Exit status: :data:`EXIT_OK` 0, :data:`EXIT_FINDINGS` 1, :data:`EXIT_BAD_INPUT` 2 (also argparse's
status for a usage error), :data:`EXIT_INTERRUPTED` 130 (Ctrl-C during ``check``). With ``--format json`` an error is printed on standard output as
``{"ok": false, "errors": [{"error", "message", "file", "line", "item", "field", "hint"}]}``,
else as ``error: file:line, item X, field Y: message`` on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import DiscretionError, RuleSetErrors

EXIT_OK = 0
"""The command did its job and found nothing wrong."""
EXIT_FINDINGS = 1
"""The command ran and found problems in what it was asked to check: ``check`` (a rule set that
does not load, a gap, an overlap, a failing example case), ``log verify`` and ``log show`` (a
damaged chain)."""
EXIT_BAD_INPUT = 2
"""The command could not do its job: a usage error (argparse's own status), or input it needs
that is missing or malformed (rules that do not load for ``evaluate``, a bad facts file, an
unknown item, a file that cannot be read or written)."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (128 + SIGINT, as shells report it): ``check`` says it did not finish."""


def wants_json(args: argparse.Namespace) -> bool:
    """Whether the command was asked for JSON (``--format json``)."""
    return getattr(args, "format", "text") == "json"


def errors_out(exc: DiscretionError, as_json: bool) -> int:
    """Print the error (each of several) and return :data:`EXIT_BAD_INPUT`."""
    errors = exc.errors if isinstance(exc, RuleSetErrors) else [exc]
    if as_json:
        print(
            json.dumps(
                {"ok": False, "errors": [e.to_dict() for e in errors]}, ensure_ascii=False, indent=2
            )
        )
    else:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
    return EXIT_BAD_INPUT


def usage_error(args: argparse.Namespace, message: str, hint: str | None = None) -> int:
    """A usage error a handler finds itself (a missing option argparse cannot require)."""
    error = DiscretionError(message, hint=hint)
    if wants_json(args):
        payload = {**error.to_dict(), "error": "UsageError"}
        print(json.dumps({"ok": False, "errors": [payload]}, ensure_ascii=False, indent=2))
    else:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_BAD_INPUT
