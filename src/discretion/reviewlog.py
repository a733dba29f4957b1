"""The import path of the review log before the layout by stage: use :mod:`discretion.review`.

Kept because earlier documentation named ``discretion.reviewlog``; it holds no code of its own.
"""

from .review import Entry, Problem, ReviewLog, ReviewLogError, TornLogError, Verification

__all__ = [
    "Entry",
    "Problem",
    "ReviewLog",
    "ReviewLogError",
    "TornLogError",
    "Verification",
]
