"""The review record (法制审核记录): recommendations and officers' decisions, hash-chained.

Enters: a recommendation (its JSON form) and the officer's final decision. ``_decision`` checks a
decision against the recommendation it answers (a departure, 调整适用, needs a reason and an
approval; nothing above a statutory maximum); ``_log`` appends both to an append-only JSON Lines
file under a lock, and verifies the chain. Leaves: the log on disk, entries and verification
reports.
"""

from ._decision import Decision, DecisionError, DepartureError
from ._log import Entry, Problem, ReviewLog, ReviewLogError, TornLogError, Verification

__all__ = [
    "Decision",
    "DecisionError",
    "DepartureError",
    "Entry",
    "Problem",
    "ReviewLog",
    "ReviewLogError",
    "TornLogError",
    "Verification",
]
