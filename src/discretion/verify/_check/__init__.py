"""Static verification of loaded standards (``discretion check``): like cases treated alike.

A standard with a gap (facts for which no level holds) or an overlap (two levels hold) silently
treats like cases unalike (相似违法行为处罚标准不一致). :func:`verify` looks for these defects in
every item of a loaded :class:`~discretion.compile._ruleset.RuleSet` — the load-time checks have already
passed — and reports each as a :class:`Problem` with file, line, item, a Chinese and English
message and, where there is one, the counter-example facts. One module per family of checks:

``gap`` / ``overlap`` / ``unreachable`` (``_levels``)
    the levels (裁量阶次) are not exhaustive, not exclusive, or one can never hold; the same for
    the branches of a switching amount (``branch_gap`` / ``branch_overlap``) and the options of a
    factor band (``factor_gap`` / ``factor_overlap``).
``band_order`` / ``band_range`` (``_bands``)
    levels are listed from the lightest to the gravest, so a graver level's band may not lie below
    a lighter one's; no band may leave the statutory range.
``circumstance_direction`` (``_circumstances``)
    an aggravating circumstance (从重) whose facts, once they hold, lower the recommendation, or a
    mitigating one (从轻, 减轻, 从轻或者减轻) that raises it — typically because the same facts
    also move the level the other way.
``combined_dropped`` (``_penalties``)
    a mandatory penalty (处 / 并处) that a level which is not 减轻 leaves out.
``citation`` (``_citations``)
    an item, penalty clause or procedure step that cites no provision.
``equals_unit``, ``equals_kind`` (``_amounts2``)
    an amount equal to a fact in another unit than the fact's (error), or on a fine (warning).
``of_clause_kind``, ``of_clause_unit``, ``product_raised`` (``_amounts3``)
    an amount over another clause's range of another kind or unit (errors); a product band
    whose lower end is raised to the minimum on every branch (a warning).
``group_empty``, ``branch_mode_same`` (``_modes``)
    a level whose imposed members of an alternative or 单处或者并处 group can all lapse (error,
    with the facts); a branch whose own mode is its clause's (a warning).
``party_kind`` / ``threshold_unset`` (``_parties``)
    a penalty kind that cannot be imposed on a party type the clause may apply to (行政拘留 and
    限制从业 for natural persons only; 责令关闭 for entities, a warning), and a procedure
    threshold marked 由制定机关设定 (a warning: a gap in the sources).
``derived`` (``_derived``)
    a derived fact (推算事实) dividing by a fact a case may give as 0 (a warning: such a case is
    refused with an error naming the divisor).
``keep_nothing`` (``_keeps``)
    a ground of the standard or item that keeps a penalty kind (没收违法所得…) the item has no
    keepable clause of (a warning).
``example`` (``_cases``)
    an example case (``*.cases.yaml``) that fails.

``_driver`` runs every family on every version of every item (each version is checked as a
standard of its own), in runs of items, in this process or in worker processes, then the example
cases; ``_columns`` decides the circumstance check's cases of a run as columns, through the
columnar plan of :mod:`discretion.decide`; ``_context`` holds what the families share (the
counters, the engine's answers, the lines of entries); ``_problems`` the :class:`Problem` and
:class:`Report` types. A new check is a new module here with a ``check_…(ctx, item, base)``
function, called from ``_driver``.

How the fact domain is covered (:mod:`discretion.verify._domain`): each question enumerates the
cartesian product of the boundary points of the facts its conditions read — every value of a bool
or enum, the bounds of a number and the values at, just below and just above each threshold —
which decides every comparison with a literal: a proof, not a sample. Two exceptions are reported
as notes, never hidden: a comparison of two facts, and a product larger than ``limit``
combinations (only the first ``limit`` are checked). The circumstance check is local: it varies
the facts the circumstance reads and those of every condition sharing one of them (all level
facts if a level shares one); other facts keep a fixed witness value.

Enters: a loaded rule set (and example-case files). Leaves: a :class:`Report`.

>>> import discretion
>>> report = verify(discretion.load("rules/"))  # doctest: +SKIP
>>> report.ok  # doctest: +SKIP
True
"""

from ._context import DEFAULT_LIMIT
from ._driver import verify
from ._problems import Problem, Report, format_facts

__all__ = ["DEFAULT_LIMIT", "Problem", "Report", "format_facts", "verify"]
