"""Hypothesis profiles for the property suite, loaded by pytest as a plugin (``-p``, pyproject).

``ci`` (the default, used by ``make test``): few examples, derandomized so every run draws the same
cases and a failure reproduces; ``thorough``: many examples, random. Choose with the environment
variable ``HYPOTHESIS_PROFILE``, e.g. ``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest
tests/test_properties.py``. No profile sets a deadline: speed belongs in benchmarks/, not in tests.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, database=None, print_blob=True
)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
