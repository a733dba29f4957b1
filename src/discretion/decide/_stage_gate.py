"""The gate: no-penalty grounds (Art. 30, 31, 33, 40) and the limitation period (Art. 36)."""

from __future__ import annotations

import datetime as dt

from ..compile._lists import LIST_PREFIX, CompiledListEntry
from ..compile._records import CompiledLimitation
from ._state import State


class GateStage(State):
    """The gate: no-penalty grounds (Art. 30, 31, 33, 40) and the limitation period (Art. 36)."""

    __slots__ = ()

    def gate(
        self, violation_date: dt.date | None = None, decision_date: dt.date | None = None
    ) -> tuple[list[str], list[str]]:
        """Record the grounds that hold; return (mandatory no-penalty ids, may-waive ids)."""
        item = self.item
        barred: list[str] = []
        waivable: list[str] = []
        for entry in item.lists:
            if not self.listed(entry, violation_date, decision_date):
                continue
            if entry.list.kind in ("mitigate", "reduce"):
                self.lighter.append(entry)  # a lighter-penalty list: a circumstance, not a ground
                continue
            ground = LIST_PREFIX + entry.list.id
            target = barred if entry.list.kind == "no_penalty" else waivable
            if ground not in target:
                target.append(ground)
        for ground in item.grounds:
            if not ground.when(self.facts):
                continue
            (barred if ground.effect == "no_penalty" else waivable).append(ground.id)
            # The law's grounds (general part) and the standard's or item's own are told apart.
            general = ground.origin == "general"
            detail: tuple[tuple[str, object], ...] = (
                ("label", ground.label),
                ("label_en", ground.label_en),
                ("origin", ground.origin),
            )
            if ground.duty is not None:
                zh, en, sources = ground.duty
                detail += (
                    ("duty", zh),
                    ("duty_en", en),
                    ("duty_cite", "；".join(s.zh for s in sources)),
                    ("duty_cite_en", "; ".join(s.en for s in sources)),
                )
            self.steps.append(
                (
                    "gate",
                    f"general/grounds/{ground.id}"
                    if general
                    else f"{item.code}/grounds/{ground.id}",
                    ground.when.source,
                    ground.when.reads,
                    ground.effect,
                    ground.sources,
                    detail,
                )
            )
        if item.limitation is not None and self.limitation(item.limitation):
            barred.append("limitation")
        if not barred and not waivable and item.grounds:
            self.steps.append(
                (
                    "gate",
                    "general/grounds",
                    "no ground for not imposing a penalty holds",
                    (),
                    "none",
                    item.ground_sources,
                    (
                        ("label", "不予处罚情形均不成立"),
                        ("label_en", "no ground for not imposing a penalty holds"),
                        ("tested", item.ground_ids),
                    ),
                )
            )
        return barred, waivable

    def listed(
        self,
        entry: CompiledListEntry,
        violation_date: dt.date | None,
        decision_date: dt.date | None,
    ) -> bool:
        """Does the list apply to this case (dates, first violation, conditions)? Recorded."""
        plist = entry.list
        on = decision_date if plist.applies_on == "decision" else violation_date
        if on is None:
            in_force = plist.end is None
        else:
            in_force = plist.start <= on and (plist.end is None or on <= plist.end)
        first, prior_count, since = True, None, None
        reads: tuple[str, ...] = entry.when.reads
        if plist.prior is not None:
            prior = tuple(self.facts.get(plist.prior) or ())
            reads = (plist.prior, *(r for r in reads if r != plist.prior))
            counted_to = violation_date or decision_date
            if counted_to is None:
                prior_count = len(prior)
            else:
                since = _add_years(counted_to, -plist.years) if plist.years else None
                prior_count = sum(
                    1 for d in prior if (since is None or since <= d) and d <= counted_to
                )
            first = prior_count == 0
        holds = bool(entry.when(self.facts))
        listed = in_force and first and holds
        self.steps.append(
            (
                "list",
                f"{self.item.code}/lists/{plist.id}",
                entry.when.source,
                reads,
                plist.kind if listed else "not_listed",
                entry.sources,
                (
                    ("label", entry.label),
                    ("label_en", entry.label_en),
                    ("title", plist.title),
                    ("title_en", plist.title_en),
                    ("effective", (plist.start, plist.end)),
                    ("applies_on", plist.applies_on),
                    ("date", on),
                    ("in_force", in_force),
                    ("first_label", plist.first_label),
                    ("years", plist.years),
                    ("since", since),
                    ("prior_count", prior_count),
                    ("first", first),
                    ("conditions", holds),
                    ("reason_required", plist.reason_required),
                ),
            )
        )
        return listed

    def limitation(self, lim: CompiledLimitation) -> bool:
        """Art. 36: has the period run out before discovery? Records the step either way."""
        ended = self.facts.get(lim.end) if lim.end else None
        start = ended or self.facts.get(lim.start)
        counted_from = "end" if ended else "start"
        discovered = self.facts.get(lim.discovered)
        reads = lim.reads
        years, cond, label, sources = next(
            (p for p in lim.periods if p[1] is None or p[1](self.facts)), lim.periods[-1]
        )
        if start is None or discovered is None:
            self.steps.append(
                (
                    "gate",
                    "general/limitation",
                    "limitation period (dates not given)",
                    reads,
                    "not_checked",
                    sources,
                    (("label", label[0]), ("label_en", label[1]), ("years", years)),
                )
            )
            return False
        deadline = _add_years(start, years)
        expired = bool(discovered > deadline)
        self.steps.append(
            (
                "gate",
                "general/limitation",
                f"{lim.discovered} > {lim.end or lim.start} + {years} years",
                reads + (cond.reads if cond else ()),
                "no_penalty" if expired else "within_period",
                sources,
                (
                    ("label", label[0]),
                    ("label_en", label[1]),
                    ("years", years),
                    ("counted_from", counted_from),
                    ("start", start),
                    ("deadline", deadline),
                    ("discovered", discovered),
                ),
            )
        )
        return expired

    # -- 3 classify ----------------------------------------------------------------------------


def _add_years(start: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)
