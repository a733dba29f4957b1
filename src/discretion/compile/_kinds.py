"""Resolving a penalty clause's ``kind``: a built-in kind, or one the standard declares (``kinds``).

《中华人民共和国行政处罚法》（2021年修订）第九条第六项 (法律、行政法规规定的其他行政处罚): a kind the
standard declares (:class:`~discretion.format._kinds.DeclaredKind`) is used like a built-in one and
carries its own label, citation, hearing right (第六十三条) and whether its amount is money. A kind
neither built in nor declared is a load error at the clause's line, with the nearest name; a
declared kind's amount must agree with its ``money`` declaration (元 or another currency for money,
days or another count otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import did_you_mean
from ..format._kinds import DeclaredKind
from ..format._vocabulary import HEARING_KINDS, KIND_LABELS
from ._amounts import SwitchAmount, quantum_of
from ._records import Source


@dataclass(frozen=True, slots=True)
class CompiledKind:
    """A declared penalty kind as the engine and the note use it."""

    id: str
    label: str
    label_en: str
    hearing: bool
    money: bool
    sources: tuple[Source, ...]


def declared_kinds(model: Any) -> Mapping[str, DeclaredKind]:
    """The kinds a standard file declares, by id."""
    return {k.id: k for k in getattr(model, "kinds", None) or ()}


def hearing_kinds(kinds: Mapping[str, CompiledKind]) -> frozenset[str]:
    """The kinds that give a hearing right whatever their amount: the built-in heavy kinds of
    第六十三条 and every declared kind declared ``hearing: true``."""
    if not kinds:
        return HEARING_KINDS
    return HEARING_KINDS | {k for k, v in kinds.items() if v.hearing}


def kind_labels(scope: Any, kind: str, path: tuple[Any, ...]) -> tuple[str, str]:
    """The Chinese and English names of a clause's kind; an unknown kind fails at ``path``."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    declared = declared_kinds(scope.model)
    if kind in declared:
        k = declared[kind]
        return k.label, k.label_en or k.id
    names = [*KIND_LABELS, *declared]
    scope.fail(
        f"处罚种类 {kind!r} 既不是内置种类，也未在本基准 kinds 中声明；法律、行政法规规定的其他行政处罚"
        f"（行政处罚法第九条第六项）请在 kinds 中声明其名称与依据 / unknown penalty kind {kind!r}: "
        "declare it in the standard's kinds (id, label, citation)",
        path,
        did_you_mean(kind, names),
    )
    return kind, kind


def compile_kinds(scope: Any, clauses: Any) -> dict[str, CompiledKind]:
    """The declared kinds the item's clauses use, compiled; checks each one's amount unit
    against its ``money`` declaration."""
    declared = declared_kinds(scope.model)
    out: dict[str, CompiledKind] = {}
    positions = {k.id: i for i, k in enumerate(getattr(scope.model, "kinds", None) or ())}
    for ci, clause in enumerate(clauses):
        k = declared.get(clause.kind)
        if k is None or clause.kind in KIND_LABELS:
            continue
        if clause.amount is not None:
            for unit in _units(clause.amount):
                money = quantum_of(unit) != "whole"
                if money != k.money:
                    scope.fail(
                        f"处罚种类 {k.id!r} 声明 money: {str(k.money).lower()}，但本条款的数额单位为 "
                        f"{unit!r}：{'金钱' if k.money else '非金钱'}种类的数额应以"
                        f"{'元或其他币种' if k.money else '日等非金钱单位'}计 / kind {k.id!r} is "
                        f"declared money: {str(k.money).lower()}, but the clause's amount is in {unit!r}",
                        (*scope.base, "penalties", ci, "amount"),
                    )
        if k.id not in out:
            out[k.id] = CompiledKind(
                k.id,
                k.label,
                k.label_en or k.id,
                k.hearing,
                k.money,
                scope.sources(k.citation, scope.laws, ("kinds", positions[k.id], "citation")),
            )
    return out


def _units(shape: Any) -> set[str]:
    if isinstance(shape, SwitchAmount):
        return {u for _id, _cond, s in shape.cases for u in _units(s)}
    unit = getattr(shape, "unit", None)
    return {unit} if isinstance(unit, str) else set()
