"""The review record (法制审核记录): recommendations, reviews and decisions, hash-chained.

Enters: a recommendation (its JSON form), the legality reviewer's opinion, the officer's final
decision, and a signing key. ``_decision`` checks a decision against the recommendation it
answers (a departure, 调整适用, needs a reason and an approval; nothing above a statutory
maximum); ``_reviewer`` checks who signs and the reviewer's opinion; ``_chain`` makes and
checks the canonical, hash-chained lines (sha256 or SM3); ``_store`` (chosen by ``_where``)
with ``_jsonl`` and ``_sql`` keeps them in a JSON Lines file, SQLite or PostgreSQL; ``_sign``
signs checkpoints (Ed25519); ``_log`` is the :class:`ReviewLog` over all of them; ``_opinion``
renders a 法制审核意见书; ``_lock`` locks a file on POSIX and Windows alike.
Leaves: the log, entries, verification reports and printable documents.
"""

from ._chain import GENESIS, Problem, ReviewLogError, TornLogError, Verification
from ._decision import Decision, DecisionError, DepartureError
from ._log import Entry, ReviewLog, generate_key
from ._reviewer import OPINIONS, Person, ReviewError

__all__ = [
    "GENESIS",
    "OPINIONS",
    "Decision",
    "DecisionError",
    "DepartureError",
    "Entry",
    "Person",
    "Problem",
    "ReviewError",
    "ReviewLog",
    "ReviewLogError",
    "TornLogError",
    "Verification",
    "generate_key",
]
