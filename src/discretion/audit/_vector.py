"""Classifying a decided chunk in columns: the rows with nothing wrong, without a loop per row.

Most decisions of an archive are in order. For them the classifier's answer (one ``within_range``
finding, ``_classify.classify``) follows from the columns of ``evaluate_batch`` and of the archive
alone: every penalty decided is one the core recommends, each amount inside its recommended range
and under the statutory maximum, every 并处 penalty present, and the hearing (Art. 63), legality
review (Art. 58) and summary procedure (Art. 51) in order. This module tests exactly that with
pyarrow and NumPy over the whole chunk and builds those rows' findings and decision rows as
columns. Every other row (a defect, an error, a case the columns cannot settle, such as a
decision outside the range where a 从轻或者减轻 option may hold) is handed back to the reference
classifier, which reads the full recommendation. The test is conservative: a row is settled here
only when the reference would say ``within_range``, so the findings do not depend on the path
(tests/test_audit_vector.py checks this row for row against the reference on a whole archive).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..compile._ruleset import RuleSet
from ..decide._stage_procedure import YUAN
from ..format._vocabulary import HEARING_KINDS, KIND_LABELS, UNSET


@dataclass(frozen=True, slots=True)
class Decided:
    """The penalties column of a chunk, parsed: one entry per penalty decided."""

    row: np.ndarray  # int64: the chunk row of each entry
    pid: pa.Array  # string: the penalty id
    fen: pa.Array  # int64: the amount in fen (null when none was decided)
    ok: np.ndarray  # bool per chunk row: parsed, every amount a whole number of fen


def settle(
    rules: RuleSet,
    chunk: pa.Table,
    batch: pa.Table,
    batchable: list[bool],
    decided: Decided,
    party: pa.Array,
    rules_path: str,
) -> tuple[np.ndarray, pa.Table, dict[str, pa.Array]]:
    """``(clean, findings, decisions)`` for the rows settled in columns.

    ``clean`` is a boolean mask over the chunk; ``findings`` are the ``within_range`` findings of
    the clean rows (in chunk order, without unit and officer), and ``decisions`` the decision
    columns of the clean rows, in the order of :data:`_run.DECISION_SCHEMA`.
    """
    n = chunk.num_rows
    ok = _np_bool(batch.column("ok")) & np.asarray(batchable, bool) & decided.ok
    outcome = batch.column("outcome").combine_chunks()
    penalty = _np_bool(pc.equal(outcome, "penalty"))
    waive = _np_bool(pc.equal(outcome, "may_waive"))
    none = _np_bool(pc.equal(outcome, "no_penalty"))

    # The recommended penalties, one entry each, with the chunk row they belong to.
    recs = batch.column("penalties").combine_chunks()
    r_row = pc.list_parent_indices(recs).to_numpy()
    r_flat = pc.list_flatten(recs)
    r_table = pa.table(
        {
            "row": pa.array(r_row, pa.int64()),
            "id": r_flat.field("id"),
            "kind": r_flat.field("kind"),
            "mode": r_flat.field("mode"),
            "min": r_flat.field("min"),
            "max": r_flat.field("max"),
            "statutory_max": r_flat.field("statutory_max"),
            "unit": r_flat.field("unit"),
        }
    )
    imposed = np.bincount(decided.row, minlength=n) > 0

    # Each decided penalty against the recommended one of the same id (the first of that id):
    # (row, id) as one integer key, the first recommended entry per key from np.unique, and
    # each decided entry's key looked up by binary search.
    r_ids = r_table.column("id").combine_chunks()
    d_ids = decided.pid
    names = pc.unique(pa.concat_arrays([r_ids.cast(pa.string()), d_ids.cast(pa.string())]))
    width = max(len(names), 1)
    r_key = r_row.astype(np.int64) * width + _np_int(pc.fill_null(pc.index_in(r_ids, names), 0))
    d_code = pc.index_in(d_ids, names)
    d_key = decided.row.astype(np.int64) * width + _np_int(pc.fill_null(d_code, 0))
    keys, first = np.unique(r_key, return_index=True)
    at = np.minimum(np.searchsorted(keys, d_key), max(len(keys) - 1, 0))
    matched = (
        np.asarray(keys[at] == d_key, bool) if len(keys) else np.zeros(len(d_key), bool)
    ) & _np_bool(pc.is_valid(d_code))
    j = pa.array(np.where(matched, first[at] if len(keys) else 0, 0), pa.int64())
    j_row = decided.row

    def rec(name: str) -> Any:
        return pc.if_else(
            pa.array(matched),
            pc.take(r_table.column(name), j),
            pa.scalar(None, r_table.column(name).type),
        )

    kind = rec("kind")
    # Decided amounts are in hundredths of their unit (fen for yuan); the recommended ranges in
    # fen for money and in the unit itself otherwise (days, months), so those are scaled here.
    fen = decided.fen
    scale = pc.if_else(pc.equal(rec("unit"), "分"), 1, 100)
    r_min = rec("min")
    lo = pc.multiply(pc.fill_null(r_min, 0), scale)
    hi = pc.multiply(rec("max"), scale)
    stat = pc.multiply(rec("statutory_max"), scale)
    ranged = pc.or_(pc.is_valid(r_min), pc.is_valid(hi))
    outside = pc.or_kleene(
        pc.or_kleene(pc.less(fen, lo), pc.greater(fen, hi)), pc.greater(fen, stat)
    )
    off_range = _np_bool(pc.and_kleene(pc.and_kleene(pc.is_valid(fen), ranged), outside))
    unmatched_row = _any(j_row[~matched], n)
    off_row = _any(j_row[off_range], n)
    # Only fines in 元 (fen in the batch) are summed for the thresholds of Art. 51 and 63, which
    # are sums of 人民币元: a fine in 美元 or in days is never compared with them, as in the
    # decision itself (decide._stage_procedure.other_unit) and in _classify._procedure.
    unit = rec("unit")
    in_yuan = pc.or_(pc.is_null(unit), pc.is_in(unit, pa.array(["分", YUAN])))
    is_fine = _np_bool(pc.and_(pc.equal(kind, "fine"), in_yuan))
    fine_sum = np.bincount(
        j_row, weights=np.where(is_fine, _np_int(fen), 0).astype(np.float64), minlength=n
    )
    heavy_row = _any(j_row[_np_bool(pc.is_in(kind, pa.array(sorted(HEARING_KINDS))))], n)
    # A kind the standard declares (kinds; 行政处罚法第九条第六项) may give a hearing right of its
    # own: such a row is left to the reference classifier, which reads the recommendation's step.
    declared_row = _any(
        j_row[matched & ~_np_bool(pc.is_in(kind, pa.array(sorted(KIND_LABELS))))], n
    )
    not_summary_kind = _any(
        j_row[matched & ~_np_bool(pc.is_in(kind, pa.array(["warning", "fine"])))], n
    )

    # Every 并处 penalty recommended must be among those decided (or the row is not clean).
    combined = _np_bool(pc.equal(r_table.column("mode"), "combined"))
    decided_keys = np.unique(d_key[_np_bool(pc.is_valid(d_code))])
    missing = combined & ~np.isin(r_key, decided_keys)
    missing_row = _any(r_row[missing], n)

    # The procedure thresholds of the item's version for the party (Art. 51, 63), in fen.
    hearing_min, summary_max = _thresholds(rules, chunk, batch, party, ok & ~none)
    offered = _np_bool(pc.fill_null(chunk.column("hearing_offered"), False))
    reviewed = _np_bool(pc.fill_null(chunk.column("legality_review"), False))
    summary = _np_bool(pc.fill_null(pc.equal(chunk.column("procedure"), "summary"), False))
    review_required = _np_bool(pc.fill_null(batch.column("legality_review"), False))
    hearing_bad = (heavy_row | (fine_sum >= hearing_min)) & ~offered
    summary_bad = summary & (not_summary_kind | (fine_sum > summary_max))
    # Art. 58 ¶1 (二): a hearing held makes legality review mandatory; such a row without the
    # review is left to the reference classifier, which says whether the item's review applies.
    if "hearing_held" in chunk.column_names:
        held = _np_bool(pc.fill_null(chunk.column("hearing_held"), False))
        review_required = review_required | held
    procedure_ok = ~imposed | ~(hearing_bad | (review_required & ~reviewed) | summary_bad)

    clean = (
        ok
        & ~unmatched_row
        & ~declared_row
        & (
            (none & ~imposed)
            | (penalty & ~off_row & ~missing_row & procedure_ok)
            | (waive & procedure_ok)
        )
    )
    idx = pa.array(np.flatnonzero(clean), pa.int64())
    return clean, *_columns(
        chunk.take(idx), batch.take(idx), r_table, decided, idx, rules, rules_path
    )


def _thresholds(
    rules: RuleSet, chunk: pa.Table, batch: pa.Table, party: pa.Array, wanted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the hearing threshold and the summary limit (fen) of the version decided, for the
    row's party type, looked up once per (item, version, party). Where none is found the row
    gets ``-inf`` for both, so it is clean only if the hearing was offered and the procedure was
    not summary: then the reference finds nothing either, whatever the threshold."""
    n = chunk.num_rows
    hearing = np.full(n, -np.inf)
    summary = np.full(n, -np.inf)
    wanted_at = np.flatnonzero(wanted)
    if not len(wanted_at):
        return hearing, summary
    sep = "\x1f"
    key = pc.binary_join_element_wise(
        pc.fill_null(chunk.column("item").combine_chunks(), ""),
        pc.fill_null(batch.column("version").combine_chunks(), ""),
        pc.fill_null(party, ""),
        sep,
    )
    uniq = pc.unique(pc.take(key, pa.array(wanted_at, pa.int64())))
    code = _np_int(pc.index_in(key, uniq))[wanted_at]
    order = np.argsort(code, kind="stable")
    cuts = np.searchsorted(code[order], np.arange(len(uniq) + 1))
    versions: dict[tuple[str, str], Any] = {}
    for u, k in enumerate(uniq.to_pylist()):
        item, version, p = k.split(sep)
        if not p:
            continue
        if (item, version) not in versions:
            versions[(item, version)] = {c.ref.version: c for c in rules.versions(item)}.get(
                version
            )
        compiled = versions[(item, version)]
        if compiled is None:
            continue
        proc = compiled.procedure
        if proc is None:
            # No procedure declared (flags None): no threshold; the reference classifier, which
            # finds no procedure step, settles any row the columns leave to it.
            continue
        h = (proc.hearing_fine_min or {}).get(p)
        s = (proc.summary_fine_max or {}).get(p)
        at = wanted_at[order[cuts[u] : cuts[u + 1]]]
        # 由制定机关设定 (unset): no large-fine threshold applies, as in the decision itself.
        if h is not None and h != UNSET:
            hearing[at] = float(Decimal(h) * 100)
        if s is not None:
            summary[at] = float(Decimal(s) * 100)
    return hearing, summary


def _columns(
    chunk: pa.Table,
    batch: pa.Table,
    r_table: pa.Table,
    decided: Decided,
    idx: pa.Array,
    rules: RuleSet,
    rules_path: str,
) -> tuple[pa.Table, dict[str, pa.Array]]:
    """The findings and decision columns of the clean rows (``chunk`` and ``batch`` taken)."""
    m = chunk.num_rows
    item = chunk.column("item").combine_chunks()
    level = batch.column("level").combine_chunks()
    version = batch.column("version").combine_chunks()
    outcome = batch.column("outcome").combine_chunks()
    rule = pc.if_else(pc.is_valid(level), pc.binary_join_element_wise(item, level, "/"), item)
    findings = pa.table(
        {
            "case_id": chunk.column("case_id"),
            "item": item,
            "kind": pa.array(["within_range"] * m, pa.string()),
            "rule": rule,
            "replay": _replay(chunk, rules_path),
        }
    )
    circ = _sorted_join(batch.column("circumstances").combine_chunks())
    grounds = _sorted_join(batch.column("grounds").combine_chunks())
    key = pc.binary_join_element_wise(
        item, version, pc.coalesce(level, outcome), circ, grounds, "|"
    )
    labels = _level_labels(rules, item, version, level)
    # The fine: the first recommended penalty whose id or kind is "fine" (Recommendation.penalty).
    pos_of = np.full(len(decided.ok), -1, np.int64)
    pos_of[idx.to_numpy()] = np.arange(m)
    r_pos = pos_of[r_table.column("row").to_numpy()]
    is_fine = _np_bool(
        pc.or_(pc.equal(r_table.column("id"), "fine"), pc.equal(r_table.column("kind"), "fine"))
    )
    pick = (r_pos >= 0) & is_fine
    fine_id = np.full(m, None, object)
    order = np.flatnonzero(pick)[::-1]  # the last write wins: reversed, so the first entry does
    fine_id[r_pos[order]] = np.asarray(r_table.column("id").to_pylist(), object)[order]
    fine_min = batch.column("fine_min_fen").combine_chunks()
    fine_max = batch.column("fine_max_fen").combine_chunks()
    # The amount decided for that penalty: the first entry of that id with an amount.
    d_pos = pos_of[decided.row]
    d_ids = np.asarray(decided.pid.to_pylist(), object)
    d_fen = decided.fen
    amount = np.full(m, -1, np.int64)
    has = np.zeros(m, bool)
    ids_at = fine_id[np.maximum(d_pos, 0)] if m else np.full(len(d_pos), None, object)
    sel = np.flatnonzero((d_pos >= 0) & _np_bool(pc.is_valid(d_fen)) & (d_ids == ids_at))[::-1]
    amount[d_pos[sel]] = _np_int(d_fen)[sel]
    has[d_pos[sel]] = True
    ranged = _np_bool(pc.and_(pc.is_valid(fine_min), pc.is_valid(fine_max))) & np.asarray(
        [f is not None for f in fine_id], bool
    )
    lo = _np_int(fine_min)
    hi = _np_int(fine_max)
    # The position in tenths of a per cent, rounded half to even on the exact quotient (integers
    # of the fen, no float on the way), the same rule as ``_run._position``.
    span = np.where(hi == lo, 1, hi - lo)
    q, r = np.divmod((amount - lo) * 1000, span)
    tenths = q + ((2 * r > span) | ((2 * r == span) & (q % 2 == 1)))
    position = np.where(hi == lo, np.where(amount >= hi, 100.0, 0.0), tenths / 10.0)
    amount_arr = pa.array(amount, pa.int64())
    decisions = {
        "case_id": chunk.column("case_id").combine_chunks(),
        "item": item,
        "version": version,
        "level": level,
        "level_label": labels,
        "circumstances": circ,
        "grounds": grounds,
        "group_key": key,
        "fine": _mask(yuan(amount_arr), ranged & has),
        "rec_min": _mask(yuan(fine_min), ranged),
        "rec_max": _mask(yuan(fine_max), ranged),
        "position": pa.array(position, pa.float64(), mask=~(ranged & has)),
        "departure": pa.array(np.zeros(m, bool)),
        "status": pa.array(["within_range"] * m, pa.string()),
    }
    return findings, decisions


def yuan(fen: pa.Array) -> pa.Array:
    """Fen as yuan text: ``6500000`` → ``"65000"``, ``6500050`` → ``"65000.50"``."""
    whole = pc.cast(pc.divide(fen, 100), pa.string())
    cents = pc.subtract(fen, pc.multiply(pc.divide(fen, 100), 100))
    frac = pc.utf8_lpad(pc.cast(cents, pa.string()), 2, "0")
    return pc.if_else(pc.equal(cents, 0), whole, pc.binary_join_element_wise(whole, frac, "."))


def _replay(chunk: pa.Table, rules_path: str) -> pa.Array:
    """``replay_command`` in columns: shlex quoting of the facts, the item and the dates."""
    facts = pc.fill_null(chunk.column("facts"), "{}").combine_chunks()
    facts = pc.if_else(pc.equal(facts, ""), "{}", facts)
    quoted = pc.binary_join_element_wise("'", pc.replace_substring(facts, "'", "'\"'\"'"), "'", "")
    item = chunk.column("item").combine_chunks()
    uniq = pc.unique(item)
    qitem = pc.take(
        pa.array([shlex.quote(v) for v in uniq.to_pylist()], pa.string()), pc.index_in(item, uniq)
    )
    vd = pc.fill_null(pc.cast(chunk.column("violation_date"), pa.string()), "None")
    dd = pc.fill_null(pc.cast(chunk.column("decision_date"), pa.string()), "None")
    head = "echo "
    mid = f" | discretion evaluate {shlex.quote(rules_path)} --item "
    return pc.binary_join_element_wise(
        head, quoted, mid, qitem, " --facts - --violation-date ", vd, " --decision-date ", dd, ""
    )


def _sorted_join(lists: pa.Array) -> pa.Array:
    """Each list's strings sorted and joined with ``,`` (``""`` for an empty list)."""
    parents = pc.list_parent_indices(lists)
    flat = pc.list_flatten(lists)
    t = pa.table({"p": parents, "v": flat}).sort_by([("p", "ascending"), ("v", "ascending")])
    counts = np.bincount(t.column("p").to_numpy(), minlength=len(lists))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    rebuilt = pa.ListArray.from_arrays(pa.array(offsets), t.column("v").combine_chunks())
    return pc.binary_join(rebuilt, ",")


def _level_labels(rules: RuleSet, item: pa.Array, version: pa.Array, level: pa.Array) -> pa.Array:
    """The label of each row's level, looked up once per (item, version, level)."""
    key = pc.binary_join_element_wise(
        pc.fill_null(item, ""), pc.fill_null(version, ""), pc.fill_null(level, ""), "\x1f"
    )
    uniq = pc.unique(key)
    values: list[str | None] = []
    for k in uniq.to_pylist():
        it, ver, lv = k.split("\x1f")
        label = None
        for compiled in rules.versions(it):
            if compiled.ref.version == ver:
                label = next((lvl.label for lvl in compiled.levels if lvl.id == lv), None)
        values.append(label)
    return pc.take(pa.array(values, pa.string()), pc.index_in(key, uniq))


def _mask(array: pa.Array, keep: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(keep), array, pa.scalar(None, array.type))


def _any(rows: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(rows, minlength=n)[:n] > 0


def _np_bool(a: Any) -> np.ndarray:
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    return np.asarray(pc.fill_null(a, False).to_numpy(zero_copy_only=False), bool)


def _np_int(a: Any) -> np.ndarray:
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    return np.asarray(pc.fill_null(a, 0).to_numpy(zero_copy_only=False), np.int64)
