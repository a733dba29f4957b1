"""Verifying (校验): proofs and tests that a standard treats like cases alike.

Enters: a loaded :class:`~discretion.RuleSet` (and example-case files, two versions of a rule file).
``_domain`` enumerates the fact values that decide an item's conditions; ``_check`` (one module
per family of checks) proves levels exhaustive and exclusive, bands ordered and inside the
statute, circumstances pointing the right way, mandatory penalties kept and provisions cited, and
runs every example case (``_examples``); ``_diff`` lists what changed between two
versions; ``testing`` draws valid facts for hypothesis; ``pytest_plugin`` runs ``*.cases.yaml``
files as tests. Leaves: reports of problems with file, line, item and a counter-example.
"""

from ._check import Problem, Report, verify
from ._diff import diff_standards, read_standard
from ._domain import boundary_points, conditions_of, fact_roles, space, witness
from ._examples import ExampleCase, case_files, compare, read_cases, run_case

__all__ = [
    "ExampleCase",
    "Problem",
    "Report",
    "boundary_points",
    "case_files",
    "compare",
    "conditions_of",
    "diff_standards",
    "fact_roles",
    "read_cases",
    "read_standard",
    "run_case",
    "space",
    "verify",
    "witness",
]
