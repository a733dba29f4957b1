"""The import path of the hypothesis strategies: :mod:`discretion.verify.testing`.

``from discretion.testing import cases`` is how the README and the docs have always shown it, and
it stays the short public path. Needs hypothesis (``pip install discretion[dev]``).
"""

from .verify.testing import Case, cases, fact_values, facts_for

__all__ = ["Case", "cases", "fact_values", "facts_for"]
