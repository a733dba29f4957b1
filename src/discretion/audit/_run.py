"""One audit on one machine: archive in, the tables of findings and consistency out."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson
import pyarrow.parquet as pq

from ..compile._ruleset import RuleSet
from ..decide import Recommendation
from ..errors import CaseError
from ._archive import BATCH_ROWS, conform, iter_archive
from ._classify import KINDS, Finding, Row, classify, decided_penalties
from ._consistency import actor_statistics, like_case_groups, year_on_year
from ._decide import decide_chunk, decide_one, parse_facts
from ._parallel import ordered
from ._vector import Decided, settle

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
    batch_rows: int = BATCH_ROWS,
    workers: int = 1,
) -> AuditResult:
    """Audit an archive of past decisions against a rule set.

    The archive is read and decided in chunks of ``batch_rows`` rows (``iter_archive``), each
    chunk grouped by item and decided in one ``evaluate_batch`` call. With ``workers`` above 1
    the chunks after the first are audited in that many forked processes (``_parallel``): the
    same tables, in the same order.

    Args:
        rules: the loaded standards (``discretion.load``).
        archive: a ``.csv``/``.parquet``/``.jsonl`` file, or a table with the archive's columns.
        rules_path: how the replay commands in the findings name the rule files.
        progress: show a progress bar on stderr; by default only when stderr is a terminal.
        batch_rows: rows per chunk.
        workers: processes auditing chunks at once (where the platform can ``fork``).
    """
    if isinstance(archive, pa.Table):
        table = conform(archive)
        chunks: Iterable[pa.Table] = _slices(table, batch_rows)
        total: int | None = table.num_rows
    else:
        chunks = iter_archive(archive, batch_rows)
        total = _rows_of(archive)
    if progress is None:
        progress = sys.stderr.isatty()
    found: list[pa.Table] = []
    decided: list[pa.Table] = []
    bar = _Bar(total) if progress else None

    def task(chunk: pa.Table) -> tuple[pa.Table, pa.Table, int]:
        return (*audit_chunk(rules, chunk, rules_path), chunk.num_rows)

    for f, d, rows in ordered(task, chunks, workers):
        found.append(f)
        decided.append(d)
        if bar is not None:
            bar.add(rows)
    if bar is not None:
        bar.done()
    return summarise(
        *in_case_order(_concat(found, FINDING_SCHEMA), _concat(decided, DECISION_SCHEMA))
    )


def audit_rows(
    rules: RuleSet, table: pa.Table, rules_path: str, *, columns: bool = True
) -> tuple[pa.Table, pa.Table]:
    """The findings and decision tables of an archive table already in the audit's schema
    (``columns=False``: every row through the reference classifier, for the tests)."""
    parts = [audit_chunk(rules, c, rules_path, columns) for c in _slices(table, BATCH_ROWS)]
    return (
        _concat([f for f, _ in parts], FINDING_SCHEMA),
        _concat([d for _, d in parts], DECISION_SCHEMA),
    )


def audit_chunk(
    rules: RuleSet, chunk: pa.Table, rules_path: str, columns: bool = True
) -> tuple[pa.Table, pa.Table]:
    """One chunk: grouped by item, decided by ``evaluate_batch``, classified in columns where the
    columns settle it (``_vector``) and by the reference classifier for the other rows."""
    chunk = chunk.take(pc.sort_indices(chunk, [("item", "ascending")]))
    n = chunk.num_rows
    parsed = _penalties_in_columns(chunk.column("penalties")) or _parse_penalties(
        chunk.column("penalties").to_pylist()
    )
    # An unknown item code is refused before its facts or dates are read, with one message per
    # code: those rows are not sent to the decision core, and each code is refused once here
    # (the refusal's did-you-mean search over a thousand codes is the costly part).
    known = np.asarray(
        pc.fill_null(pc.is_in(chunk.column("item"), pa.array(rules.codes, pa.string())), False)
        .combine_chunks()
        .to_numpy(zero_copy_only=False),
        bool,
    )
    # The facts are parsed as columns by Arrow's JSON reader where they read as one table; the
    # rows the columns do not settle parse their own facts again below, for the reference.
    batch, batchable, table = decide_chunk(rules, chunk, None, known)
    facts: list[Any] | None = None
    if table is None:
        texts = chunk.column("facts").to_pylist()
        facts = [parse_facts(t) for t in texts]
        party = pa.array(
            [
                f.get("party_type")
                if isinstance(f, dict) and isinstance(f.get("party_type"), str)
                else None
                for f in facts
            ],
            pa.string(),
        )
    elif "party_type" in table.column_names and pa.types.is_string(
        table.schema.field("party_type").type
    ):
        party = table.column("party_type").combine_chunks()
    else:
        party = pa.nulls(n, pa.string())
    refused: dict[Any, Recommendation | CaseError] = {}
    if not columns:
        batchable = [False] * n
    clean, v_found, v_decided = settle(rules, chunk, batch, batchable, parsed, party, rules_path)
    idx = pa.array(np.flatnonzero(clean), pa.int64())
    taken = chunk.take(idx)
    m = taken.num_rows
    unit, officer = taken.column("unit"), taken.column("officer")
    label, _en, citation = KINDS["within_range"]
    nothing = pa.nulls(m, pa.string())
    vec_findings = pa.table(
        {
            "case_id": v_found.column("case_id"),
            "item": v_found.column("item"),
            "kind": v_found.column("kind"),
            "label": pa.array([label] * m, pa.string()),
            "penalty": nothing,
            "decided": nothing,
            "detail": pa.array([""] * m, pa.string()),
            "rule": v_found.column("rule"),
            "citation": pa.array([citation] * m, pa.string()),
            "replay": v_found.column("replay"),
            "unit": unit,
            "officer": officer,
        },
        schema=FINDING_SCHEMA,
    )
    dates = taken.column("decision_date")
    vec_decisions = pa.table(
        {
            **v_decided,
            "unit": unit,
            "officer": officer,
            "year": pc.cast(pc.year(dates), pa.int32()),
            "decision_date": dates,
        },
        schema=DECISION_SCHEMA,
    )
    rest = np.flatnonzero(~clean)
    if not len(rest):
        return vec_findings, vec_decisions
    cols = {
        name: chunk.column(name).take(pa.array(rest, pa.int64())).to_pylist()
        for name in chunk.column_names
    }
    f_rows: list[dict[str, Any]] = []
    d_rows: list[dict[str, Any]] = []
    for j, i in enumerate(rest):
        row = Row(
            cols["case_id"][j],
            cols["item"][j],
            cols["facts"][j],
            cols["violation_date"][j],
            cols["decision_date"][j],
            cols["penalties"][j],
            cols["reduced"][j],
            cols["departure_reason"][j],
            cols["approval"][j],
            cols["procedure"][j],
            cols["hearing_offered"][j],
            cols["legality_review"][j],
            cols["hearing_held"][j] if "hearing_held" in cols else None,
        )
        mine = facts[i] if facts is not None else parse_facts(cols["facts"][j])
        if known[i] or isinstance(mine, CaseError):
            rec = decide_one(rules, row.item, mine, row.violation_date, row.decision_date)
        else:
            if row.item not in refused:
                refused[row.item] = decide_one(rules, row.item, {}, None, None)
            rec = refused[row.item]
        got = classify(row, rec, rules_path)
        u, o = cols["unit"][j], cols["officer"][j]
        f_rows += [_finding_row(row, f, u, o) for f in got]
        d_rows.append(_decision_row(row, rec, got, u, o))
    return (
        pa.concat_tables([vec_findings, pa.Table.from_pylist(f_rows, schema=FINDING_SCHEMA)]),
        pa.concat_tables([vec_decisions, pa.Table.from_pylist(d_rows, schema=DECISION_SCHEMA)]),
    )


_PENALTIES = pa.schema([("p", pa.list_(pa.struct([("id", pa.string()), ("amount", pa.string())])))])
# A written amount the columns read: up to 12 digits (the format's bound is 10^12) and two decimals.
_PLAIN_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


def _penalties_in_columns(col: pa.ChunkedArray) -> Decided | None:
    """The penalties column parsed by Arrow's JSON reader when every row is a list of
    ``{"id": text, "amount": text}`` (as the generator and the documented example write it);
    ``None`` otherwise (a number for an amount, a line break inside a value…), and the chunk is
    parsed row by row. An amount that is not plain digits with at most two decimals, or an entry
    without an id, leaves its row to the reference."""
    n = len(col)
    texts = pc.fill_null(col, "").combine_chunks()
    texts = pc.if_else(pc.equal(texts, ""), "[]", texts)
    if pc.any(pc.match_substring(texts, "\n")).as_py():
        return None
    lines = pc.binary_join_element_wise('{"p":', texts, "}", "")
    body = "\n".join(lines.to_pylist()).encode() if n else b""
    try:
        table = pajson.read_json(
            io.BytesIO(body),
            read_options=pajson.ReadOptions(block_size=max(len(body) + 1, 1 << 20)),
            parse_options=pajson.ParseOptions(
                explicit_schema=_PENALTIES, unexpected_field_behavior="ignore"
            ),
        )
    except pa.ArrowException:
        return None
    if table.num_rows != n:
        return None
    lists = table.column("p").combine_chunks()
    if lists.null_count:
        return None  # a row whose penalties are not a list
    rows = pc.list_parent_indices(lists).to_numpy()
    flat = pc.list_flatten(lists)
    pid, amount = flat.field("id"), flat.field("amount")
    plain = pc.match_substring_regex(amount, _PLAIN_AMOUNT)
    bad_entry = pc.or_(
        pc.is_null(pid), pc.and_(pc.is_valid(amount), pc.invert(pc.fill_null(plain, False)))
    )
    ok = np.ones(n, bool)
    ok[rows[np.asarray(pc.fill_null(bad_entry, True).to_numpy(zero_copy_only=False), bool)]] = False
    readable = pc.if_else(pc.fill_null(plain, False), amount, "0")
    fen = pc.cast(pc.multiply(pc.cast(readable, pa.decimal128(16, 2)), 100), pa.int64())
    fen = pc.if_else(pc.is_valid(amount), fen, pa.scalar(None, pa.int64()))
    return Decided(np.asarray(rows, np.int64), pid, fen, ok)


def _parse_penalties(texts: list[str | None]) -> Decided:
    """The penalties column parsed once (the loop before the decision): entries and a per-row flag
    saying whether the columns can judge it (parsed, amounts whole hundredths of their unit)."""
    rows: list[int] = []
    pids: list[str] = []
    amounts: list[int | None] = []
    ok = np.ones(len(texts), bool)
    for i, text in enumerate(texts):
        decided = decided_penalties(text or "")
        if isinstance(decided, str):
            ok[i] = False
            continue
        for pid, amount in decided:
            rows.append(i)
            pids.append(pid)
            if amount is None:
                amounts.append(None)
                continue
            scaled = amount * 100
            if scaled != scaled.to_integral_value() or abs(scaled) >= 2**62:
                ok[i] = False
                amounts.append(None)
            else:
                amounts.append(int(scaled))
    return Decided(
        np.asarray(rows, np.int64), pa.array(pids, pa.string()), pa.array(amounts, pa.int64()), ok
    )


def _slices(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    for start in range(0, max(table.num_rows, 1), rows):
        yield table.slice(start, rows)


def _concat(parts: list[pa.Table], schema: pa.Schema) -> pa.Table:
    return pa.concat_tables([schema.empty_table(), *parts])


def _rows_of(path: str | Path) -> int | None:
    p = Path(path)
    if p.suffix.lower() == ".parquet" and p.is_file():
        try:
            return int(pq.ParquetFile(p).metadata.num_rows)
        except (pa.ArrowException, OSError):
            return None
    return None


def in_case_order(findings: pa.Table, decisions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Both tables by case id, each case's findings in the order classified (a stable sort), so
    a run over partitions gives the same tables as a run over the whole archive."""
    return (
        findings.take(pc.sort_indices(findings, [("case_id", "ascending")])),
        decisions.take(pc.sort_indices(decisions, [("case_id", "ascending")])),
    )


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
        base |= {"rec_min": _yuan(fine.min), "rec_max": _yuan(fine.max)}
        if amount is not None:
            base["fine"] = _yuan(amount)
            base["position"] = _position(amount, fine.min, fine.max)
    return base


def _yuan(value: Decimal) -> str:
    """An amount as the columns write it (``_vector.yuan``): whole yuan, or two decimals."""
    fen = value * 100
    if fen != fen.to_integral_value():
        return str(value)
    whole, cents = divmod(int(fen), 100)
    return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"


def _position(amount: Decimal, lo: Decimal, hi: Decimal) -> float:
    """Where an amount lies in [lo, hi], in per cent to one decimal, rounded half to even on the
    exact quotient (may fall outside 0–100 for a departure)."""
    if hi == lo:
        return 100.0 if amount >= hi else 0.0
    return round(Fraction(amount - lo) * 1000 / Fraction(hi - lo)) / 10


class _Bar:
    """A plain progress bar on stderr, advanced per chunk (a known total for Parquet and tables,
    a running count for CSV and JSON Lines, whose length is known only at the end)."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.done_rows = 0

    def add(self, rows: int) -> None:
        self.done_rows += rows
        if self.total:
            done = min(self.done_rows * 30 // self.total, 30)
            bar = f"[{'#' * done}{'.' * (30 - done)}] {self.done_rows}/{self.total}"
        else:
            bar = f"{self.done_rows} 件 / rows"
        sys.stderr.write(f"\r评查 audit {bar}")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
