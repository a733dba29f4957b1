"""The parties of an act (双罚制), the party types an item applies to, and what a ground keeps.

* ``applies_to``: an item only some party types can commit refuses a case of another type with a
  clear error, before anything is decided.
* Each other party of the act (``parties``: 直接负责的主管人员和其他直接责任人员) gets its own
  penalties, each measured on its own statutory range and base: the act's level decides which of
  its clauses apply (``levels``), but the party's own band, circumstances and grounds are not the
  unit's, so its range is the statutory one, cited clause by clause.
* A no-penalty or may-waive ground that ``keeps`` a kind (没收违法所得, APL Art. 28 ¶2; 没收不符合
  食品安全标准的食品, FSL Art. 136) keeps the item's clauses of that kind, and the step says so
  with the law that keeps it.
"""

from __future__ import annotations

from typing import Any

from ..compile._records import CompiledGround, CompiledLevel
from ..errors import CaseError
from ._result import PartyPenalties, Penalty
from ._stage_measure import MeasureStage


class PartyStage(MeasureStage):
    """Parties, ``applies_to`` and kept penalties, over the shared state."""

    __slots__ = ()

    def check_applies(self) -> None:
        """``applies_to``: refuse a party type the item does not apply to."""
        allowed = self.item.applies_to
        if allowed is None:
            return
        party = self.facts.get("party_type")
        if party not in allowed:
            raise CaseError(
                f"事项 {self.item.code} 只适用于当事人类型 {sorted(allowed)}，本案为 {party!r} / "
                f"item {self.item.code} applies only to party types {sorted(allowed)}, "
                f"found {party!r}",
                item=self.item.code,
                field="party_type",
            )

    def party_penalties(self, level: CompiledLevel) -> tuple[PartyPenalties, ...]:
        """Each other party's penalties at this level, each step citing its clause."""
        item = self.item
        by_id = {c.id: c for c in item.clauses}
        out = []
        for party in item.parties:
            imposed: list[Penalty] = []
            optional: list[Penalty] = []
            head = (
                ("party", party.id),
                ("party_label", party.label),
                ("party_label_en", party.label_en),
                ("party_type", party.party_type),
            )
            for cid in party.clauses:
                clause = by_id[cid]
                rule = f"{item.code}/parties/{party.id}/penalties/{cid}"
                if clause.levels is not None and level.id not in clause.levels:
                    self.steps.append(
                        (
                            "party",
                            rule,
                            clause.off_level_test,
                            (),
                            "not_at_level",
                            clause.sources,
                            (*head, *clause.off_level_head, ("level", level.label)),
                        )
                    )
                    continue
                if clause.when is not None and not clause.when(self.facts):
                    self.steps.append(
                        (
                            "party",
                            rule,
                            clause.when.source,
                            clause.when.reads,
                            "not_applicable",
                            clause.sources,
                            (*head, *clause.labels),
                        )
                    )
                    continue
                chosen = clause.mode in ("required", "combined") or clause.id in level.impose
                before = len(self.steps)
                # A party's own range: no band, no adjustment (the unit's circumstances are not
                # its own), never 减轻 on the unit's ground.
                penalty = self.measure(clause, rule, level, 0, False, chosen, "party")
                if len(self.steps) > before:
                    stage, r, test, reads, outcome, sources, detail = self.steps.pop()  # type: ignore[misc]
                    self.steps.append((stage, r, test, reads, outcome, sources, (*head, *detail)))
                else:
                    self.steps.append(
                        (
                            "party",
                            rule,
                            clause.mode,
                            clause.when.reads if clause.when else (),
                            "imposed" if chosen else "optional",
                            clause.sources,
                            (*head, *clause.head),
                        )
                    )
                (imposed if chosen and penalty.imposed else optional).append(penalty)
            out.append(
                PartyPenalties(
                    party.id,
                    party.label,
                    party.label_en,
                    party.party_type,
                    tuple(imposed),
                    tuple(optional),
                )
            )
        return tuple(out)

    def kept_penalties(
        self, ground_ids: list[str], imposed: tuple[Penalty, ...] | None
    ) -> tuple[Penalty, ...]:
        """What the holding grounds keep; ``imposed`` is None when no penalty is decided.

        With no penalty (``imposed`` None) the kept kinds are the item's clauses of those kinds
        that need no amount and no level (a confiscation); with a discretionary waiver they are
        the imposed penalties of those kinds, which stay whatever the authority decides.
        """
        item = self.item
        grounds = [g for g in item.grounds if g.id in ground_ids and g.keeps]
        if not grounds:
            return ()
        party_clauses = {cid for p in item.parties for cid in p.clauses}
        kept: dict[str, Penalty] = {}
        for ground in grounds:
            found: list[Penalty] = []
            reads: tuple[str, ...] = ()
            sources: tuple[Any, ...] = ground.keep[2] if ground.keep else ()
            for clause in item.clauses:
                if clause.kind not in ground.keeps or clause.id in party_clauses:
                    continue
                if imposed is not None:
                    found += [p for p in imposed if p.id == clause.id]
                elif clause.amount is None and clause.levels is None:
                    if clause.when is not None:
                        if not clause.when(self.facts):
                            continue
                        reads += clause.when.reads
                    found.append(Penalty.of(clause))
                else:
                    continue
                sources += clause.sources
            for p in found:
                kept.setdefault(p.id, p)
            self.steps.append(_keep_step(item.code, ground, found, reads, sources))
        return tuple(kept.values())


def _keep_step(
    code: str,
    ground: CompiledGround,
    found: list[Penalty],
    reads: tuple[str, ...],
    sources: tuple[Any, ...],
) -> tuple[Any, ...]:
    zh, en, _s = ground.keep or ("", "", ())
    return (
        "keep",
        f"{code}/grounds/{ground.id}/keeps",
        "kinds: " + ", ".join(ground.keeps),
        tuple(dict.fromkeys(reads)),
        "kept" if found else "nothing_to_keep",
        tuple(dict.fromkeys(sources)),
        (
            ("label", zh),
            ("label_en", en),
            ("ground", ground.id),
            ("ground_label", ground.label),
            ("ground_label_en", ground.label_en),
            ("effect", ground.effect),
            ("kept", tuple(p.label for p in found)),
            ("kept_en", tuple(p.label_en for p in found)),
        ),
    )
