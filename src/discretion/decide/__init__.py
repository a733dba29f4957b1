"""Deciding (裁量): one case's facts in, a recommended penalty out.

Enters: a :class:`~discretion.RuleSet`, an item code, the facts and the dates. The stages of
DESIGN.md §2 run in ``_pipeline`` (one ``_stage_*`` module per stage over ``_state``) — facts validated, the version chosen (Art. 37, ``_engine``), the
gate (no-penalty grounds, limitation), exactly one level, circumstances, each penalty measured and
clamped, single/combined choice, procedure flags — with the level and circumstance tests decided
by a backend (``_backend``: pure Python, or one looked up by name). Leaves: a frozen
:class:`Recommendation` with its trace of cited steps (``_result``). Nothing is rendered here. A table of cases goes through ``_batch`` (``evaluate_batch``): an Arrow
table in, one result row per case out (docs/guide/batch.md).
"""

from ._backend import Backend, PythonBackend, get_backend
from ._batch import batch_parquet, evaluate_batch, iter_batch
from ._engine import evaluate, evaluate_act
from ._result import (
    ActRecommendation,
    AppliedCircumstance,
    Flags,
    Option,
    Penalty,
    Recommendation,
    Step,
)

__all__ = [
    "ActRecommendation",
    "AppliedCircumstance",
    "Backend",
    "Flags",
    "Option",
    "Penalty",
    "PythonBackend",
    "Recommendation",
    "Step",
    "batch_parquet",
    "evaluate",
    "evaluate_act",
    "evaluate_batch",
    "get_backend",
    "iter_batch",
]
