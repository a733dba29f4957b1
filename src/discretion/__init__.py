"""discretion: executable administrative-penalty discretion standards (行政处罚裁量基准).

Load a standard written as YAML rule files, evaluate one violation's facts into a recommended
penalty, and render the justification a legality reviewer reads::

    import discretion
    rules = discretion.load("rules/")
    rec = discretion.evaluate(rules, "FSL-124", {"goods_value": "20", "party_type": "organisation"})
    print(discretion.render_text(rec))
"""

from .engine import evaluate, evaluate_act
from .errors import CaseError, DiscretionError, FactError, RuleSetError
from .jsonio import to_dict, to_json
from .loader import load
from .render import render_text
from .result import ActRecommendation, Penalty, Recommendation, Step
from .reviewlog import ReviewLog
from .ruleset import RuleSet

__all__ = [
    "ActRecommendation",
    "CaseError",
    "DiscretionError",
    "FactError",
    "Penalty",
    "Recommendation",
    "ReviewLog",
    "RuleSet",
    "RuleSetError",
    "Step",
    "evaluate",
    "evaluate_act",
    "load",
    "render_text",
    "to_dict",
    "to_json",
]
