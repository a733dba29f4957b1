"""The import path of fact domains before the layout by stage: use :mod:`discretion.verify`.

Kept because earlier documentation named ``discretion.domain``; it holds no code of its own.
"""

from .verify import boundary_points, conditions_of, fact_roles, space, witness

__all__ = [
    "boundary_points",
    "conditions_of",
    "fact_roles",
    "space",
    "witness",
]
