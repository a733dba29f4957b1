"""The justification of a recommendation as text: Chinese (default) or English.

Both are views over one :class:`~discretion.decide._result.Recommendation` and its steps; nothing is
evaluated here and no rule set is needed, so a recommendation stored years ago (JSON in the review
log) renders to the same text. The note is written for the legality reviewer (法制审核人员): the
standard's id, version and digest; the item with its legal and penalty basis; the facts found; the
version and no-penalty checks; the level and why (which part of each condition held or failed,
see :mod:`discretion.explain._why`); each circumstance with its article; how each range was measured
(statutory range → level band → circumstance adjustment → rounding within the statute); the
single/combined choice; the procedure flags; and the conclusion.

This module puts the note together: the header, the numbered sections in the order of
:data:`SECTIONS` (each rendered by its module in :mod:`discretion.explain._note`), then the
conclusion and the recommendation's notes. A new section is a module there and a row here.

Steps of a stage the note does not know are still shown, generically, in a section of their own:
their label, what was tested, the facts read, the outcome and the citation. A trace is never
rendered partially.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..decide._case import CaseRecommendation
from ..decide._result import Recommendation
from ..errors import DiscretionError
from ..format._vocabulary import zh_number
from . import _wording as wording
from ._note._after import render_after
from ._note._circumstances import render_circumstances
from ._note._combination import render_combination
from ._note._competence import render_competence
from ._note._conclusion import render_conclusion
from ._note._derived import TITLE as DERIVED_TITLE
from ._note._derived import render_derived
from ._note._facts import render_facts
from ._note._gate import render_gate
from ._note._generic import render_other
from ._note._grid import render_grid
from ._note._header import render_header
from ._note._keep import render_keep
from ._note._kinds import TITLE as KINDS_TITLE
from ._note._kinds import render_kinds
from ._note._level import render_levels
from ._note._lists import render_lists
from ._note._options import render_options
from ._note._parties import render_parties
from ._note._penalties import render_penalties
from ._note._point import render_point
from ._note._procedure import render_procedure
from ._note._several import render_combined, violation_head
from ._note._version import render_versions
from ._note._voice import ByStage, Lang, Voice


class Section(NamedTuple):
    """One section of the note: its title, the stages that bring it in, its renderer."""

    title: tuple[str, str]
    stages: tuple[str, ...]
    render: Callable[[Voice, ByStage], list[str]]


# The sections of the note, in order.
SECTIONS: tuple[Section, ...] = (
    Section(("作出决定的机关", "Deciding body"), ("competence",), render_competence),
    Section(wording.FACTS_TITLE, ("facts",), render_facts),
    Section(DERIVED_TITLE, ("derive",), render_derived),
    Section(wording.STAGE_TITLES["version"], ("version",), render_versions),
    Section(wording.STAGE_TITLES["gate"], ("gate",), render_gate),
    Section(("不予处罚清单", "No-penalty lists"), ("list",), render_lists),
    Section(("依法仍应给予", "What the law still requires"), ("keep",), render_keep),
    Section(wording.STAGE_TITLES["level"], ("level",), render_levels),
    Section(("裁量格", "Grid"), ("grid",), render_grid),
    Section(wording.STAGE_TITLES["circumstance"], ("level", "circumstance"), render_circumstances),
    Section(wording.STAGE_TITLES["penalty"], ("penalty",), render_penalties),
    Section(KINDS_TITLE, ("kind",), render_kinds),
    Section(("裁量起点与调整", "Point inside the band"), ("point",), render_point),
    Section(("裁量后的比例调整", "Adjustments after banding"), ("after",), render_after),
    Section(wording.STAGE_TITLES["combine"], ("penalty", "combine"), render_combination),
    Section(
        ("其他当事人的处罚（双罚制）", "Penalties on the other parties of the act"),
        ("party",),
        render_parties,
    ),
    Section(wording.OPTIONS_TITLE, ("option",), render_options),
    Section(wording.STAGE_TITLES["procedure"], ("procedure",), render_procedure),
)
# Stages with a section of their own; the steps of any other stage are shown generically.
_OWN_SECTION = frozenset(stage for section in SECTIONS for stage in section.stages)


def _note(v: Voice) -> str:
    by_stage: ByStage = {}
    for step in v.rec.steps:
        by_stage.setdefault(step.stage, []).append(step)
    # The facts found are always shown; the options whenever the recommendation carries some.
    shown = {*by_stage, "facts", *(("option",) if v.rec.options else ())}
    sections = [
        (v.pair(title), render(v, by_stage))
        for title, stages, render in SECTIONS
        if shown.intersection(stages)
    ]
    sections += [
        (v.pair(wording.OTHER_TITLE).format(stage=stage), render_other(v, group))
        for stage, group in by_stage.items()
        if stage not in _OWN_SECTION
    ]
    lines = render_header(v)
    for number, (title, body) in enumerate(sections, start=1):
        lines.append(v.t(f"{zh_number(number)}、{title}", f"{number}. {title}"))
        lines.extend(body)
    lines.append("")
    lines.append(render_conclusion(v))
    lines.extend(v.t("说明：", "Note: ") + note for note in v.rec.notes)
    return "\n".join(lines) + "\n"


def render_text(rec: Recommendation, lang: Lang = "zh") -> str:
    """The justification as text: Chinese (default) or English (``lang="en"``).

    Rendering reads only the recommendation (no rule set), so it is deterministic: the same
    recommendation always gives byte-identical text, whether it was just evaluated or read back
    from the review log.
    """
    if lang not in ("zh", "en"):
        raise DiscretionError(f"lang must be 'zh' or 'en', not {lang!r}")
    return _note(Voice(rec, lang))


def render_case_text(case: CaseRecommendation, lang: Lang = "zh") -> str:
    """The justification of a case of several violations (:func:`discretion.evaluate_case`):
    each violation's own note, then the combination the standard declares, cited."""
    if lang not in ("zh", "en"):
        raise DiscretionError(f"lang must be 'zh' or 'en', not {lang!r}")
    out: list[str] = []
    for n, rec in enumerate(case.recommendations, start=1):
        out += [violation_head(n, rec.item, lang), render_text(rec, lang)]
    out += render_combined(case, lang)
    return "\n".join(out) + "\n"
