"""Compiling the parties of an act (双罚制), the party types an item applies to, what a
no-penalty ground keeps, and the standard's rule for several violations in one case.

Load-time checks, each with the file and line (Chinese first, English second): a clause naming a
party the item does not declare (with a suggestion), a party declared twice or with no clause, a
party's clause marked ``primary`` (the levels' bands place the unit's penalty), ``applies_to``
without a ``party_type`` fact, and a ``cap`` on a rule other than ``sum_capped``.
"""

from __future__ import annotations

from typing import Any

from ..errors import did_you_mean
from ..format._model import Ground, Law
from ._items_scope import ItemScope, Path_, Where
from ._records import CompiledParty, CompiledSeveral


class PartyParts(ItemScope):
    """The parties of the act, ``applies_to``, kept penalties and ``several``."""

    def parties(self) -> tuple[CompiledParty, ...]:
        item, base = self.item, self.base
        declared: dict[str, int] = {}
        for pi, party in enumerate(item.parties):
            if party.id in declared:
                self.fail(
                    f"当事人 id {party.id!r} 重复：每个当事人的 id 只能用一次 / "
                    f"party id {party.id!r} is declared twice",
                    (*base, "parties", pi, "id"),
                )
            declared[party.id] = pi
        by_party: dict[str, list[str]] = {p: [] for p in declared}
        for ci, clause in enumerate(item.penalties):
            if clause.party is None:
                continue
            path = (*base, "penalties", ci)
            if clause.party not in declared:
                self.fail(
                    f"处罚条款的 party 写了未在本事项 parties 中声明的当事人 {clause.party!r}，"
                    f"请先在 parties 中声明 / clause {clause.id!r} names party "
                    f"{clause.party!r}, which the item's parties do not declare",
                    (*path, "party"),
                    did_you_mean(clause.party, list(declared)),
                )
                continue
            if clause.primary:
                self.fail(
                    f"其他当事人的处罚条款 {clause.id!r} 不能标为 primary：裁量阶次的幅度只放在"
                    f"当事人本身的主罚条款上 / clause {clause.id!r} falls on party "
                    f"{clause.party!r} and cannot be primary: the levels' bands place the party's "
                    "own penalty",
                    (*path, "primary"),
                )
            by_party[clause.party].append(clause.id)
        out = []
        for party in item.parties:
            if not by_party.get(party.id):
                self.fail(
                    f"当事人 {party.id!r}（{party.label}）没有任何处罚条款，请在 penalties 中用 "
                    f"party: {party.id} 写明对其的处罚，或删去该当事人 / party {party.id!r} has "
                    "no penalty clause",
                    (*base, "parties", declared[party.id]),
                )
                continue
            out.append(
                CompiledParty(
                    party.id,
                    party.label,
                    party.label_en or party.id,
                    party.party_type,
                    self.sources(
                        party.citation,
                        self.laws,
                        (*base, "parties", declared[party.id], "citation"),
                    ),
                    tuple(by_party[party.id]),
                )
            )
        return tuple(out)

    def applies_to(self) -> frozenset[str] | None:
        types = self.item.applies_to
        if types is None:
            return None
        if self.types.get("party_type") != "enum":
            self.fail(
                "applies_to 需要一个枚举事实 party_type（当事人类型），本事项及其总则均未声明 / "
                "applies_to needs the enum fact party_type, which the item does not declare",
                (*self.base, "applies_to"),
            )
            return frozenset(types)
        unknown = sorted(set(types) - set(self.values.get("party_type", ())))
        if unknown:
            self.fail(
                f"applies_to 中的当事人类型 {unknown} 不是 party_type 的取值 / "
                f"applies_to names party types {unknown} that party_type does not take",
                (*self.base, "applies_to"),
            )
        return frozenset(types)

    def several(self) -> CompiledSeveral | None:
        rule, where, laws = self.inherited("several")
        if rule is None:
            return None
        if rule.cap and rule.rule != "sum_capped":
            self.fail(
                f"several.cap 只用于 sum_capped（相加但不超过上限），现为 {rule.rule} / "
                f"several.cap belongs to rule sum_capped, not {rule.rule}",
                ("several", "cap"),
                where=where,
            )
        missing = sorted(set(rule.cap or {}) - set(rule.kinds))
        if missing:
            self.fail(
                f"several.cap 中的种类 {missing} 不在 several.kinds 中 / "
                f"several.cap names kinds {missing} that several.kinds does not combine",
                ("several", "cap"),
                where=where,
            )
        return CompiledSeveral(
            rule.rule,
            tuple(rule.kinds),
            dict(rule.cap or {}),
            rule.label,
            rule.label_en or rule.label,
            self.sources(rule.citation, laws, ("several", "citation"), where),
        )


def compile_keep(
    scope: ItemScope, ground: Ground, laws: dict[str, Law] | Any, path: Path_, where: Where
) -> tuple[tuple[str, ...], tuple[str, str, tuple[Any, ...]] | None]:
    """The kinds a ground keeps and the wording and sources of the keep (empty: keeps nothing)."""
    keep = ground.keeps
    if keep is None:
        return (), None
    sources = scope.sources(keep.citation, laws, (*path, "keeps", "citation"), where)
    return tuple(keep.kinds), (keep.label, keep.label_en or keep.label, sources)
