"""One audit on one machine: archive in, the tables of findings and consistency out."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from ..compile._ruleset import RuleSet
from ..decide import Recommendation
from ..errors import CaseError
from ._archive import conform, read_archive
from ._classify import KINDS, Finding, Row, classify, decided_penalties
from ._consistency import actor_statistics, like_case_groups, year_on_year
from ._decide import decide_rows, parse_facts

T = TypeVar("T")


@dataclass(frozen=True)
class AuditResult:
    """The tables of one audit (all pyarrow tables; ``.to_pandas()`` where pandas is installed).

    Attributes:
        findings: one row per finding (``within_range`` for a decision with nothing wrong).
        decisions: one row per decision: its structural key, the fine decided and its position.
        groups: one row per like-case group with the spread of positions.
        outliers: decisions far from their group's median position.
        units, officers: per unit and per officer statistics.
        years: per unit and year, with the change from the year before.
    """

    findings: pa.Table
    decisions: pa.Table
    groups: pa.Table
    outliers: pa.Table
    units: pa.Table
    officers: pa.Table
    years: pa.Table


FINDING_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("item", pa.string()),
        ("kind", pa.string()),
        ("label", pa.string()),
        ("penalty", pa.string()),
        ("decided", pa.string()),
        ("detail", pa.string()),
        ("rule", pa.string()),
        ("citation", pa.string()),
        ("replay", pa.string()),
        ("unit", pa.string()),
        ("officer", pa.string()),
    ]
)
DECISION_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("item", pa.string()),
        ("version", pa.string()),
        ("level", pa.string()),
        ("level_label", pa.string()),
        ("circumstances", pa.string()),
        ("grounds", pa.string()),
        ("group_key", pa.string()),
        ("fine", pa.string()),
        ("rec_min", pa.string()),
        ("rec_max", pa.string()),
        ("position", pa.float64()),
        ("departure", pa.bool_()),
        ("status", pa.string()),
        ("unit", pa.string()),
        ("officer", pa.string()),
        ("year", pa.int32()),
        ("decision_date", pa.date32()),
    ]
)
_DEPARTURES = frozenset({"approved_departure", "unapproved_departure"})


def audit(
    rules: RuleSet,
    archive: str | Path | pa.Table,
    *,
    rules_path: str = "rules/",
    progress: bool | None = None,
) -> AuditResult:
    """Audit an archive of past decisions against a rule set.

    Args:
        rules: the loaded standards (``discretion.load``).
        archive: a ``.csv``/``.parquet``/``.jsonl`` file, or a table with the archive's columns.
        rules_path: how the replay commands in the findings name the rule files.
        progress: show a progress bar on stderr; by default only when stderr is a terminal.
    """
    table = conform(archive) if isinstance(archive, pa.Table) else read_archive(archive)
    return summarise(*in_case_order(*audit_rows(rules, table, rules_path, progress)))


def audit_rows(
    rules: RuleSet, table: pa.Table, rules_path: str, progress: bool | None = None
) -> tuple[pa.Table, pa.Table]:
    """The findings and decision tables of an archive table already in the audit's schema."""
    cols = {n: table.column(n).to_pylist() for n in table.column_names}
    n = table.num_rows
    rows = [
        Row(
            cols["case_id"][i],
            cols["item"][i],
            cols["facts"][i],
            cols["violation_date"][i],
            cols["decision_date"][i],
            cols["penalties"][i],
            cols["reduced"][i],
            cols["departure_reason"][i],
            cols["approval"][i],
            cols["procedure"][i],
            cols["hearing_offered"][i],
            cols["legality_review"][i],
            cols["hearing_held"][i] if "hearing_held" in cols else None,
        )
        for i in range(n)
    ]
    facts = [parse_facts(r.facts_text) for r in rows]
    recs = decide_rows(rules, cols["item"], facts, cols["violation_date"], cols["decision_date"])
    if progress is None:
        progress = sys.stderr.isatty()
    f_rows: list[dict[str, Any]] = []
    d_rows: list[dict[str, Any]] = []
    for i, rec in enumerate(_bar(recs, n) if progress else recs):
        row = rows[i]
        found = classify(row, rec, rules_path)
        unit, officer = cols["unit"][i], cols["officer"][i]
        f_rows += [_finding_row(row, f, unit, officer) for f in found]
        d_rows.append(_decision_row(row, rec, found, unit, officer))
    return (
        pa.Table.from_pylist(f_rows, schema=FINDING_SCHEMA),
        pa.Table.from_pylist(d_rows, schema=DECISION_SCHEMA),
    )


def in_case_order(findings: pa.Table, decisions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Both tables by case id, each case's findings in the order classified (a stable sort), so
    a run over partitions gives the same tables as a run over the whole archive."""
    ids = findings.column("case_id").to_pylist()
    order = sorted(range(len(ids)), key=ids.__getitem__)
    return findings.take(pa.array(order, pa.int64())), decisions.sort_by([("case_id", "ascending")])


def summarise(findings: pa.Table, decisions: pa.Table) -> AuditResult:
    """The cross-case tables computed from the findings and decisions of every row."""
    groups, outliers = like_case_groups(decisions)
    return AuditResult(
        findings,
        decisions,
        groups,
        outliers,
        actor_statistics(decisions, "unit"),
        actor_statistics(decisions, "officer"),
        year_on_year(decisions, "unit"),
    )


def _finding_row(row: Row, f: Finding, unit: str | None, officer: str | None) -> dict[str, Any]:
    return {
        "case_id": f.case_id,
        "item": row.item,
        "kind": f.kind,
        "label": KINDS[f.kind][0],
        "penalty": f.penalty,
        "decided": None if f.decided is None else str(f.decided),
        "detail": f.detail,
        "rule": f.rule,
        "citation": f.citation,
        "replay": f.replay,
        "unit": unit,
        "officer": officer,
    }


def _decision_row(
    row: Row,
    rec: Recommendation | CaseError,
    found: list[Finding],
    unit: str | None,
    officer: str | None,
) -> dict[str, Any]:
    date: dt.date | None = row.decision_date
    base: dict[str, Any] = {
        "case_id": row.case_id,
        "item": row.item,
        "unit": unit,
        "officer": officer,
        "year": date.year if date else None,
        "decision_date": date,
        "status": ",".join(f.kind for f in found),
        "departure": any(f.kind in _DEPARTURES for f in found),
    }
    if isinstance(rec, CaseError):
        return base
    circ = ",".join(sorted(c.id for c in rec.circumstances))
    grounds = ",".join(sorted(rec.grounds))
    base |= {
        "version": rec.ruleset.version,
        "level": rec.level,
        "level_label": rec.level_label,
        "circumstances": circ,
        "grounds": grounds,
        "group_key": "|".join(
            [rec.item, rec.ruleset.version, rec.level or rec.outcome, circ, grounds]
        ),
    }
    fine = rec.penalty("fine")
    decided = decided_penalties(row.penalties)
    amount = None
    if fine is not None and not isinstance(decided, str):
        amount = next((a for pid, a in decided if pid == fine.id and a is not None), None)
    if fine is not None and fine.min is not None and fine.max is not None:
        base |= {"rec_min": str(fine.min), "rec_max": str(fine.max)}
        if amount is not None:
            base["fine"] = str(amount)
            base["position"] = _position(amount, fine.min, fine.max)
    return base


def _position(amount: Decimal, lo: Decimal, hi: Decimal) -> float:
    """Where an amount lies in [lo, hi], in per cent (may fall outside 0–100 for a departure)."""
    if hi == lo:
        return 100.0 if amount >= hi else 0.0
    return round(float((amount - lo) * 100 / (hi - lo)), 1) + 0.0  # no "-0.0"


def _bar(it: Iterable[T], total: int) -> Iterator[T]:
    """A plain progress bar on stderr: the run is a loop over rows, no library needed for 20 lines."""
    step = max(total // 100, 1)
    for i, x in enumerate(it, 1):
        if i % step == 0 or i == total:
            done = i * 30 // max(total, 1)
            sys.stderr.write(f"\r评查 audit [{'#' * done}{'.' * (30 - done)}] {i}/{total}")
            sys.stderr.flush()
        yield x
    sys.stderr.write("\n")
