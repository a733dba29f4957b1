"""The ``discretion`` command: the library's calls for a terminal and a calling script.

Enters: command-line arguments and files. ``_main`` builds the parser and the evaluate, check,
list, diff, schema and export commands; ``_log`` the ``discretion log`` commands; ``_io`` reads
facts files. Leaves: text or JSON on standard output, errors on standard error (or as JSON with
``--format json``), and the exit status (0 ok, 1 a problem, 2 a usage error).
"""

from ._main import main

__all__ = [
    "main",
]
