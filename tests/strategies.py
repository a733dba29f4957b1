"""Shared material of the property suite: every standard in rules/, shuffled copies, comparisons.

The suite runs over whatever rules/ holds when it is collected, so a new standard is covered the
moment its file is added. Facts are drawn with :mod:`discretion.verify.testing` (the public strategies).
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

import discretion
from discretion.compile._bundled import bundled
from discretion.compile._loader import loads_many, rule_files
from discretion.compile._records import CompiledItem
from discretion.compile._ruleset import RuleSet
from discretion.decide._result import Recommendation, Step
from discretion.format import _yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
BROKEN = Path(__file__).resolve().parent / "broken"

# The general part ships inside the package (``uses: discretion:general/apl-2021``).
GENERAL = bundled("general/apl-2021")
SOURCES: tuple[tuple[str, str], ...] = tuple(
    (str(p), p.read_text(encoding="utf-8")) for p in (*rule_files(RULES), GENERAL)
)
RULESET = loads_many(SOURCES)
# Every version of every item: a property must hold for each of them.
VERSIONS: tuple[CompiledItem, ...] = tuple(v for c in RULESET.codes for v in RULESET.versions(c))
VERSION_IDS = [f"{v.code}@{v.standard.version}" for v in VERSIONS]

# Lists whose order the rule files declare but which must not matter (DESIGN.md §5).
_ORDERLESS = frozenset({"items", "levels", "facts"})


class _Dumper(yaml.SafeDumper):
    """Writes decimals with an explicit float tag, so they read back as the same Decimal."""


_Dumper.add_representer(
    Decimal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f")),
)


def shuffled(
    sources: tuple[tuple[str, str], ...], seed: int, *, declarations: bool = True
) -> tuple[tuple[str, str], ...]:
    """The rule files in a random (seeded) order, with the items of each file and the keys of
    every mapping shuffled, and — when ``declarations`` — the levels and the fact declarations
    too: the same standards, written differently."""
    rng = random.Random(seed)
    orderless = _ORDERLESS if declarations else _ORDERLESS - {"levels", "facts"}

    def shuffle(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            keys = list(value)
            rng.shuffle(keys)
            return {k: shuffle(value[k], k) for k in keys}
        if isinstance(value, list):
            out = [shuffle(v) for v in value]
            # Declarations (mappings) only: a clause's `levels: [a, b]` names levels, it does
            # not declare them.
            if key in orderless and all(isinstance(v, dict) for v in out):
                rng.shuffle(out)
            return out
        return value

    out = []
    for name, text in sources:
        data = shuffle(_yaml.loads(text, name).data)
        out.append((name, yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)))
    rng.shuffle(out)
    return tuple(out)


def normalised(rec: Recommendation) -> Recommendation:
    """The recommendation with the two orders that come from the declarations put in a fixed
    order: the level tests (the trace lists them in the order the levels are declared, which is
    the published table's order) and the fact-label tables (``labels``, ``labels_en``) of the
    facts step (the justification lists the facts in their order). Both are presentation
    choices, reported to the lead; nothing else is normalised."""
    levels = iter(sorted((s for s in rec.steps if s.stage == "level"), key=lambda s: s.rule))
    steps: list[Step] = []
    for step in rec.steps:
        if step.stage == "level":
            step = next(levels)
        elif step.stage == "facts":
            detail = tuple(
                (k, tuple(sorted(v)) if k.startswith("labels") else v) for k, v in step.detail
            )
            step = replace(step, detail=detail)
        steps.append(step)
    return replace(rec, steps=tuple(steps))


def _fallback(rec: Recommendation, pid: str) -> Any:
    """Whether a penalty was measured on its fallback range (没有违法所得的 …)."""
    for step in rec.steps:
        if step.stage == "penalty" and step.rule.endswith(f"/penalties/{pid}"):
            return step.get("fallback")
    return None


def lowered(before: Recommendation, after: Recommendation) -> list[str]:
    """How ``after`` is lighter than ``before``: a lower minimum or maximum of a penalty both
    impose, or no penalty where there was one. Empty when ``after`` is at least as heavy.

    A penalty measured on a multiple in one case and on its statutory fallback range in the other
    (违法所得一倍以上五倍以下 / 没有违法所得的…) is not compared: the statute itself switches shape there.
    """
    if before.outcome == "no_penalty":
        return []
    if after.outcome == "no_penalty":
        return [f"{after.item}: no penalty after, {before.outcome} before"]
    out = []
    now = {p.id: p for p in after.penalties}
    for p in before.penalties:
        q = now.get(p.id)
        if q is None or _fallback(before, p.id) != _fallback(after, p.id):
            continue
        for bound in ("min", "max"):
            a, b = getattr(p, bound), getattr(q, bound)
            if a is not None and b is not None and b < a:
                out.append(f"{p.id}.{bound}: {a} → {b}")
    return out


def bounds_problems(rec: Recommendation) -> list[str]:
    """Penalties outside their statutory range: below the minimum without 减轻, above the maximum,
    or an inverted range — over the recommendation, its optional penalties and its options."""
    penalties = [*rec.penalties, *rec.optional_penalties]
    penalties += [p for option in rec.options for p in option.penalties]
    out = []
    for p in penalties:
        if p.min is None or p.max is None:
            continue
        assert p.statutory_min is not None
        assert p.statutory_max is not None
        if p.max > p.statutory_max:
            out.append(f"{p.id}: max {p.max} above the statutory maximum {p.statutory_max}")
        if p.min > p.max:
            out.append(f"{p.id}: min {p.min} above max {p.max}")
        if p.min < 0:
            out.append(f"{p.id}: negative min {p.min}")
        if p.min < p.statutory_min and not p.reduced:
            out.append(f"{p.id}: min {p.min} below the statutory minimum without 减轻")
    return out


FINE_ITEM = """\
  - code: {code}
    name: 测试罚款单位
    legal_basis: [{{law: FSL, article: 125}}]
    penalty_basis: [{{law: FSL, article: 125}}]
    facts:
      - {{name: noop, type: bool, label: 无, default: false}}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {{range: {{min: {lo}, max: {hi}, unit: {unit}}}}}
        citation: [{{law: FSL, article: 125}}]
    levels:
      - id: all
        label: 一般
        when: "true"
        circumstances: 一般
"""
"""One item fining ``lo``–``hi`` in ``unit`` under 食品安全法 Art. 125 (the inline standard's law
key), for tests of how a fine's unit meets the 元 thresholds of APL Art. 51/63."""


def fine_item(code: str, lo: int, hi: int, unit: str) -> str:
    """:data:`FINE_ITEM` filled in, to join an ``items:`` block for :func:`load_inline`."""
    return FINE_ITEM.format(code=code, lo=lo, hi=hi, unit=unit)


def load_inline(items_yaml: str) -> RuleSet:
    """A small standard written inline (its ``items:`` block), loaded with the general part."""
    text = (BROKEN / "gap.yaml").read_text(encoding="utf-8")
    head = text[: text.index("items:")]
    general = GENERAL
    return loads_many(
        (
            (str(BROKEN / "inline.yaml"), head + items_yaml),
            (str(general), general.read_text(encoding="utf-8")),
        )
    )


def load_item(items_yaml: str) -> CompiledItem:
    """The one item of :func:`load_inline`."""
    rules = load_inline(items_yaml)
    (code,) = rules.codes
    return rules.item(code)


def evaluate(item: CompiledItem, facts: dict[str, Any], rules: Any = RULESET) -> Recommendation:
    """Evaluate on the item's own version (the violation date is its first day in force).

    A drawn date of the act would contradict that date (``evaluate`` refuses it), so the date
    fact the limitation period counts from is set to it (:func:`one_date`)."""
    when = item.standard.effective_from
    return discretion.evaluate(rules, item.code, one_date(item, facts), violation_date=when)


def one_date(item: CompiledItem, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts with the date the limitation period counts from set to the violation date
    :func:`evaluate` passes (the item's first day in force), where the facts give one."""
    lim = item.limitation
    if lim is not None:
        name = lim.end if lim.end and facts.get(lim.end) is not None else lim.start
        if facts.get(name) is not None:
            facts = {**facts, name: item.standard.effective_from}
    return facts
