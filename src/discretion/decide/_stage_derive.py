"""Derived facts (推算事实): computed after the facts are validated, before anything is decided.

Each derived fact of the item (:mod:`discretion.compile._derived`) is computed in its order from
the validated facts and written into them, so that the gate, the level, the circumstances and the
amounts read it like a declared fact; each computation is recorded as a ``derive`` step with its
operands, the exact value, the rounding and the citation of the method.
"""

from __future__ import annotations

from typing import Any

from ..compile._derived import DerivedSet
from ._state import State


class DeriveStage(State):
    """Computes the item's derived facts into the validated facts; returns their step records."""

    __slots__ = ()

    def derive(self, derived: DerivedSet) -> list[Any]:
        """Compute every derived fact; the steps are appended after the facts step.

        Raises:
            FactError: a computation cannot be made for this case (a divisor of 0, say).
        """
        facts = self.facts
        steps: list[Any] = []
        code = self.item.code
        for d in derived.facts:
            value, extra = d.compute(facts, code)
            facts[d.name] = value
            detail: tuple[tuple[str, Any], ...] = (
                ("label", d.label),
                ("label_en", d.label_en),
                ("op", d.op),
                ("of", d.of),
                ("value", value),
                ("unit", d.unit),
                ("round", d.rounding),
                ("window", d.window),
                *extra,
            )
            steps.append(
                (
                    "derive",
                    f"{code}/derived/{d.name}",
                    f"{d.name} = {d.op}({', '.join(d.of)})",
                    d.of,
                    "computed" if value is not None else "not_computed",
                    d.sources,
                    detail,
                )
            )
        return steps
