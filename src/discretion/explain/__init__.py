"""Explaining (说理): a recommendation in, the texts a reviewer and a system read out.

Enters: a :class:`~discretion.Recommendation` and its steps — never a rule set, so a recommendation
stored years ago renders the same. Leaves: the justification in Chinese or English (``_render``,
with its fixed wording in ``_wording`` and the reading of why each condition held in ``_why``) and
the lossless JSON form (``_jsonio``). Nothing is decided again here.
"""

from ._jsonio import from_dict, from_json, to_dict, to_json
from ._render import render_text
from ._why import explain

__all__ = [
    "explain",
    "from_dict",
    "from_json",
    "render_text",
    "to_dict",
    "to_json",
]
