"""Explaining (说理): a recommendation in, the texts a reviewer and a system read out.

Enters: a :class:`~discretion.Recommendation` and its steps — never a rule set, so a recommendation
stored years ago renders the same. Leaves: the justification in Chinese or English and the
lossless JSON form (``_jsonio``). Nothing is decided again here.

The justification is put together by ``_render`` (``render_text``: the header, the numbered
sections, the conclusion) from one renderer per section in ``_note``: ``_facts``, ``_version``,
``_gate`` (no-penalty grounds and limitation), ``_level``, ``_circumstances``, ``_penalties``
with ``_measure``, ``_combination``, ``_options``, ``_procedure``, ``_conclusion``, plus
``_header`` and ``_generic`` (any step of a stage the note does not know), all over the shared
base ``_note._voice`` (language, numbers and ranges, fact values, conditions, citations). They
read the fixed wording in ``_wording`` and the reading of why each condition held in ``_why``.
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
