"""discretion: executable administrative-penalty discretion standards (行政处罚裁量基准).

Load a standard written as YAML rule files, evaluate one violation's facts into a recommended
penalty, and render the justification a legality reviewer reads::

    import discretion
    rules = discretion.load("rules/")
    rec = discretion.evaluate(rules, "FSL-124", {"goods_value": "20", "party_type": "organisation"})
    print(discretion.render_text(rec))
"""

from ._version import __version__ as __version__
from .assist._envelope import Envelope, envelope
from .compile._loader import load
from .compile._ruleset import RuleSet
from .decide._batch import batch_parquet, evaluate_batch, iter_batch
from .decide._case import CaseRecommendation, evaluate_case
from .decide._engine import evaluate, evaluate_act
from .decide._result import ActRecommendation, Penalty, Recommendation, Step
from .errors import CaseError, DiscretionError, FactError, RuleSetError
from .explain._jsoncase import case_to_dict, case_to_json
from .explain._jsonio import to_dict, to_json
from .explain._render import render_case_text, render_text
from .review._log import ReviewLog

__all__ = [
    "ActRecommendation",
    "CaseError",
    "CaseRecommendation",
    "DiscretionError",
    "Envelope",
    "FactError",
    "Penalty",
    "Recommendation",
    "ReviewLog",
    "RuleSet",
    "RuleSetError",
    "Step",
    "batch_parquet",
    "case_to_dict",
    "case_to_json",
    "envelope",
    "evaluate",
    "evaluate_act",
    "evaluate_batch",
    "evaluate_case",
    "iter_batch",
    "load",
    "render_case_text",
    "render_text",
    "to_dict",
    "to_json",
]
