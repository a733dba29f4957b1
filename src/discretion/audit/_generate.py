"""A seeded synthetic archive for the bundled standards, with a known share of planted defects.

The facts come from the standards' own example cases (``*.cases.yaml`` beside each rule file), so
every row is a legal situation the standard was written for. Each template is decided once per
year of the archive; a clean row then takes a fine inside the recommended range, offers a
hearing, has legality review done and uses the summary procedure only where it is open. A planted
row breaks exactly one of these in a known way, recorded in the extra ``planted`` column (which
the audit ignores), so a test or a benchmark can check the audit finds what was planted.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from ..compile._ruleset import RuleSet
from ..decide import Recommendation, evaluate
from ..errors import CaseError

# One (violation, decision) pair per year: enough for year-on-year statistics, and each template
# is decided once per pair rather than once per row.
_YEARS = (
    (dt.date(2022, 3, 1), dt.date(2022, 5, 10)),
    (dt.date(2023, 3, 1), dt.date(2023, 5, 10)),
    (dt.date(2024, 3, 1), dt.date(2024, 5, 10)),
    (dt.date(2025, 3, 1), dt.date(2025, 5, 10)),
)
_UNITS = ("第一执法大队", "第二执法大队", "第三执法大队", "第四执法大队", "第五执法大队")
# The unit whose officers always decide at the top of the range: the 一律就高 pattern to find.
ALWAYS_MAX_UNIT = "第五执法大队"
PLANTABLE = (
    "above_statutory_max",
    "unapproved_departure",
    "approved_departure",
    "mandatory_missing",
    "hearing_not_offered",
    "legality_review_missing",
    "summary_beyond_limit",
    "facts_invalid",
    "unknown_item",
)


def _templates(rules_dir: Path, rules: RuleSet) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(rules_dir.rglob("*.cases.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in doc.get("cases") or ():
            items = case.get("item")
            if isinstance(items, str) and items in rules and not case.get("violation_date"):
                out.append((items, dict(case.get("facts") or {})))
    return out


def generate_archive(
    rules: RuleSet,
    source: str | Path | Sequence[tuple[str, dict[str, Any]]],
    rows: int,
    *,
    seed: int = 0,
    defect_rate: float = 0.1,
) -> pa.Table:
    """``rows`` decisions over the items of ``rules``, a share ``defect_rate`` of them planted.

    ``source`` is the rules folder (its ``*.cases.yaml`` give the facts) or a list of
    ``(item code, facts)`` templates, e.g. a benchmark's synthetic cases.
    """
    rng = random.Random(seed)
    templates = _templates(Path(source), rules) if isinstance(source, (str, Path)) else list(source)
    decided: list[tuple[str, dict[str, Any], int, Recommendation]] = []
    for item, facts in templates:
        for year, (vd, dd) in enumerate(_YEARS):
            try:
                rec = evaluate(rules, item, facts, violation_date=vd, decision_date=dd)
            except CaseError:
                continue
            decided.append((item, facts, year, rec))
    if not decided:
        raise CaseError("no example cases to build an archive from", field="rules_dir")
    out: list[dict[str, Any]] = []
    for n in range(rows):
        item, facts, year, rec = decided[rng.randrange(len(decided))]
        unit = _UNITS[rng.randrange(len(_UNITS))]
        row = _clean(rng, n, item, facts, year, rec, unit)
        if rng.random() < defect_rate:
            _plant(rng, row, rec)
        row["penalties"] = json.dumps(row["penalties"], ensure_ascii=False)
        out.append(row)
    return pa.Table.from_pylist(out)


def _clean(
    rng: random.Random,
    n: int,
    item: str,
    facts: dict[str, Any],
    year: int,
    rec: Recommendation,
    unit: str,
) -> dict[str, Any]:
    vd, dd = _YEARS[year]
    top = unit == ALWAYS_MAX_UNIT
    penalties = []
    if rec.outcome == "penalty":
        for p in rec.penalties:
            if not p.imposed:
                continue
            entry: dict[str, Any] = {"id": p.id}
            if p.min is not None and p.max is not None:
                span = int(p.max - p.min)
                entry["amount"] = str(p.max if top else p.min + rng.randint(0, max(span, 0)))
            penalties.append(entry)
    return {
        "case_id": f"AJ{n:08d}",
        "item": item,
        "facts": json.dumps(facts, ensure_ascii=False, default=str),
        "violation_date": vd,
        "decision_date": dd,
        "penalties": penalties,
        "reduced": False,
        "departure_reason": None,
        "approval": None,
        "procedure": "summary" if rec.flags.summary_procedure else "ordinary",
        "hearing_offered": True,
        "hearing_held": False,
        "legality_review": True,
        "unit": unit,
        "officer": f"{unit[:2]}-{rng.randrange(4) + 1:02d}号",
        "planted": None,
    }


def _plant(rng: random.Random, row: dict[str, Any], rec: Recommendation) -> None:
    fine = rec.penalty("fine")
    kinds = [k for k in PLANTABLE if _fits(k, rec, fine)]
    if rec.outcome == "no_penalty":
        kinds = ["limitation_expired" if "limitation" in rec.grounds else "penalty_despite_ground"]
    kind = kinds[rng.randrange(len(kinds))]
    row["planted"] = kind
    pens: list[dict[str, Any]] = row["penalties"]
    if kind in ("above_statutory_max", "unapproved_departure", "approved_departure"):
        row["procedure"] = "ordinary"  # one defect per row: a raised fine leaves the summary limit
    if kind in ("limitation_expired", "penalty_despite_ground"):
        row["penalties"] = [{"id": "warning"}]
    elif kind == "above_statutory_max" and fine is not None and fine.statutory_max is not None:
        _set_fine(pens, fine.id, fine.statutory_max + 1)
    elif (
        kind in ("unapproved_departure", "approved_departure")
        and fine is not None
        and fine.min is not None
        and fine.max is not None
    ):
        # Just outside the recommended range, on the side the statute leaves room for.
        above = fine.statutory_max is None or fine.max < fine.statutory_max
        _set_fine(pens, fine.id, fine.max + 1 if above else fine.min - 1)
        if kind == "approved_departure":
            row["departure_reason"] = "当事人主动消除危害后果，经集体讨论从轻调整"
            row["approval"] = "collective_discussion"
    elif kind == "mandatory_missing":
        dropped = next(p.id for p in rec.penalties if p.imposed and p.mode == "combined")
        row["penalties"] = [p for p in pens if p["id"] != dropped]
    elif kind == "hearing_not_offered":
        if fine is not None and fine.max is not None:
            _set_fine(pens, fine.id, fine.max)
        row["hearing_offered"] = False
    elif kind == "legality_review_missing":
        row["legality_review"] = False
    elif kind == "summary_beyond_limit":
        if fine is not None and fine.max is not None:
            _set_fine(pens, fine.id, fine.max)
        row["procedure"] = "summary"
    elif kind == "facts_invalid":
        row["facts"] = json.dumps({**json.loads(row["facts"]), "party_type": "martian"})
    elif kind == "unknown_item":
        row["item"] = "NO-SUCH-ITEM"


def _fits(kind: str, rec: Recommendation, fine: Any) -> bool:
    ranged = fine is not None and fine.min is not None and fine.max is not None
    if kind in ("facts_invalid", "unknown_item"):
        return True
    if rec.outcome != "penalty":
        return False
    if kind == "above_statutory_max":
        return ranged and fine.statutory_max is not None
    if kind in ("unapproved_departure", "approved_departure"):
        # 从轻或者减轻 cases leave the officer a second range; a departure must leave both.
        return (
            ranged
            and not rec.options
            and (fine.statutory_max is None or fine.max < fine.statutory_max or fine.min >= 1)
        )
    if kind == "mandatory_missing":
        return any(p.imposed and p.mode == "combined" for p in rec.penalties)
    if kind == "hearing_not_offered":
        step = next((s for s in rec.steps if s.rule == "procedure/hearing"), None)
        threshold = step.get("threshold") if step else None
        return bool(step and step.get("kinds")) or (
            ranged and threshold is not None and fine.max >= threshold
        )
    if kind == "legality_review_missing":
        return bool(rec.flags.legality_review)
    if kind == "summary_beyond_limit":
        return not rec.flags.summary_procedure and (fine is None or fine.max is not None)
    return True


def _set_fine(pens: list[dict[str, Any]], pid: str, amount: Decimal) -> None:
    for p in pens:
        if p["id"] == pid:
            p["amount"] = str(amount)
