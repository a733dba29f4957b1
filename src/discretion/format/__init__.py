"""The rule-file format (规则文件格式): what legal staff write, as frozen pydantic models.

Enters: YAML (or JSON) text of one standard. Leaves: a validated :class:`StandardFile` whose every
node still knows its file and line (``_yaml``), and the fixed vocabulary of the format — penalty
kinds, combination modes, circumstance kinds and their Chinese names (``_vocabulary``). Nothing
here knows what a condition means or how an amount is measured: that is :mod:`discretion.compile`.
"""

from ._model import (
    AmountSpec,
    BandSpec,
    Circumstance,
    Citation,
    FactSpec,
    Ground,
    Item,
    Law,
    Level,
    PenaltyClause,
    Procedure,
    Standard,
    StandardFile,
)

__all__ = [
    "AmountSpec",
    "BandSpec",
    "Circumstance",
    "Citation",
    "FactSpec",
    "Ground",
    "Item",
    "Law",
    "Level",
    "PenaltyClause",
    "Procedure",
    "Standard",
    "StandardFile",
]
