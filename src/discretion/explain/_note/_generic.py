"""Any step, generically: its label, what it tested and read, its outcome, figures and citation.

The fallback of every section: a step of a stage the note does not know, or a known step whose
record lacks what its own section needs (an older record, say), is still shown in full — a
trace is never rendered partially.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Any

from ...decide._result import Step
from .. import _wording as wording
from .._why import explain
from ._voice import Voice, fmt


def _is_condition(test: str, reads: Sequence[tuple[str, Any]]) -> bool:
    """Is ``test`` a condition of the rule language (shown as written), not a named check?"""
    if not reads:
        return False
    try:
        ast.parse(test, mode="eval")
    except SyntaxError:
        return False
    return True


def generic(v: Voice, step: Step) -> str:
    """Any step: its label, what it tested and read, its outcome and citation."""
    label = v.label(step)
    if label == step.rule and step.test in wording.TESTS:
        label = v.pair(wording.TESTS[step.test])
    elif label == step.rule and step.stage in wording.STAGE_TITLES:
        label = v.pair(wording.STAGE_TITLES[step.stage])
    if isinstance(step.outcome, bool):
        what = v.condition(step)
    elif step.reads and explain(step.test, dict(step.reads), True) is not None:
        # A rule recorded only because its condition held (a no-penalty ground, say).
        what = f"{v.condition(v.as_held(step))}{v.t('，', ', ')}{v.outcome(step.outcome)}"
    else:
        what = v.sentence(named_test(v, step) + v.reads(step.reads), v.outcome(step.outcome))[:-1]
    extra = detail_words(v, step)
    if extra:
        what += v.t("；", "; ") + extra
    return "  " + v.sentence(f"{label}{v.t('：', ': ')}{what}") + v.cite_tail(step)


def named_test(v: Voice, step: Step) -> str:
    """「审查「…」」 for a test that is not a condition, unless the label already says it.

    Named checks are recorded in English for developers; the Chinese note words the known
    ones from :data:`wording.TESTS` and leaves out the others when the step has a label.
    """
    test = step.test
    if not test:
        return ""
    if not _is_condition(test, step.reads) and (
        step.get("label") or step.get("label_en") or test in wording.TESTS
    ):
        return ""
    return v.t(f"审查「{test}」", f"checked “{test}”")


def detail_words(v: Voice, step: Step) -> str:
    """The figures a generic step carries (dates, versions, items), named for the reader."""
    out = []
    for key, value in step.detail:
        if key in wording.DETAIL_HIDDEN or value is None or value == ():
            continue
        name = v.pair(wording.DETAIL_WORDS.get(key, (key, key)))
        if isinstance(value, (tuple, list)):
            shown = v.t("、", ", ").join(fmt(x) for x in value)
        else:
            shown = fmt(value)
        out.append(f"{name}{v.t('：', ': ')}{shown}")
    return v.t("；", "; ").join(out)


def render_other(v: Voice, steps: list[Step]) -> list[str]:
    """The section of a stage the note does not know: each of its steps, generically."""
    return [generic(v, s) for s in steps]
