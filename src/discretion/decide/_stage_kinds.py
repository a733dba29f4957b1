"""Penalty kinds the standard declares (format ``kinds``): one cited step per kind recommended.

《中华人民共和国行政处罚法》（2021年修订）第九条第六项 admits the other penalties a law or
administrative regulation sets. The note must say which law sets a declared kind, so each declared
kind among the recommended penalties (imposed or optional) gets a step of its own citing the
provision that sets it, with whether it gives a hearing right (第六十三条) and whether its amount is
money. Only the reference pipeline records it: items with declared kinds are routed there
(``CompiledItem.needs_reference``).
"""

from __future__ import annotations

from ._result import Penalty
from ._state import State


class KindStage(State):
    """The steps of the declared kinds, over the shared state."""

    __slots__ = ()

    def kind_steps(self, penalties: list[Penalty], optional: list[Penalty]) -> None:
        declared = self.item.kinds
        seen: list[str] = []
        for p in (*penalties, *optional):
            if p.kind in declared and p.kind not in seen:
                seen.append(p.kind)
        for kind in seen:
            k = declared[kind]
            self.steps.append(
                (
                    "kind",
                    f"kinds/{kind}",
                    "a penalty kind set by law (行政处罚法第九条第六项)",
                    (),
                    True,
                    k.sources,
                    (
                        ("kind", kind),
                        ("label", k.label),
                        ("label_en", k.label_en),
                        ("hearing", k.hearing),
                        ("money", k.money),
                    ),
                )
            )
