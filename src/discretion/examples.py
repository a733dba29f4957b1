"""The import path of example cases before the layout by stage: use :mod:`discretion.verify`.

Kept because earlier documentation named ``discretion.examples``; it holds no code of its own.
"""

from .verify import ExampleCase, case_files, compare, read_cases, run_case

__all__ = [
    "ExampleCase",
    "case_files",
    "compare",
    "read_cases",
    "run_case",
]
