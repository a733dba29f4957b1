"""Print the service's OpenAPI document: ``python -m discretion.server._openapi > docs/api/openapi.json``.

The document is committed under ``docs/api/`` so the docs site publishes it and a Java team can
generate a client from the file alone; ``tests/test_server.py`` fails when it falls behind the app.
"""

from __future__ import annotations

import json
import sys

from ._app import create_app


def main() -> int:
    app = create_app(sys.argv[1] if len(sys.argv) > 1 else "rules/")
    print(json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
