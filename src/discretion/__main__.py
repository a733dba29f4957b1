"""``python -m discretion`` (``py -m discretion`` on Windows): the same as the ``discretion`` command."""

import sys

from .cli import main

sys.exit(main())
