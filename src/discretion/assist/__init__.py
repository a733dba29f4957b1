"""The officer's assistant (辅助): a recommendation's envelope before every fact is known.

Enters: a loaded :class:`~discretion.RuleSet`, an item code and the facts established so far.
``_space`` splits the unknown facts into groups no condition reads across, enumerates each group
over the values that decide its conditions (the domain machinery of :mod:`discretion.verify`), and
folds the groups into classes of completions that evaluate alike; ``_envelope`` evaluates one
completion per class with the real engine; ``_summary`` reads the results into the envelope and
ranks the unknown facts. Leaves: an :class:`Envelope` — outcomes still possible,
each penalty's lowest minimum and highest maximum (with a completion reaching each), the flags that
hold in every completion, and the unknown facts ranked by how much knowing each narrows it.
"""

from ._envelope import Envelope, envelope
from ._summary import NextFact, PenaltyEnvelope, presented

__all__ = ["Envelope", "NextFact", "PenaltyEnvelope", "envelope", "presented"]
