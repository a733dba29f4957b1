"""单处或者并处 in the note (format 2, issue 20 point 8).

The group's step (``decide._stage_modes``) becomes one line of the section 单处或者并处: the statute
allows 单处或者并处 among the members (cited), which the level chose — 单处 one or 并处 several —
which the officer may still add, which the level leaves out and which do not apply here, e.g.
「警告、没收违法所得、罚款依法可以单处或者并处：本阶次（较轻）单处警告；执法人员可以并处：没收违法所得」.
A member the level leaves out has its own line in the penalties section.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import Voice, capital


def group_lines(v: Voice, step: Step) -> list[str]:
    """The group's line: what the statute allows, what the level chose, what the officer may add."""
    t = v.t
    sep = t("、", ", ")
    labels = {m[0]: t(str(m[1]), str(m[2])) for m in step.get("members") or ()}

    def names(key: str) -> str:
        return sep.join(labels.get(i, i) for i in step.get(key) or ())

    every = sep.join(labels.values())
    level = step.get("level")
    level_en = v.level_en.get(str(level), str(level))
    chosen = step.get("chosen") or ()
    if not chosen:
        what = t(
            f"本阶次（{level}）未给予其中任何一项", f"at this level ({level_en}) none is imposed"
        )
    elif len(chosen) == 1:
        what = t(
            f"本阶次（{level}）单处{names('chosen')}",
            f"at this level ({level_en}) only {names('chosen')} (single)",
        )
    else:
        what = t(
            f"本阶次（{level}）并处{names('chosen')}",
            f"at this level ({level_en}) {names('chosen')} together (combined)",
        )
    parts = [what]
    if step.get("may_add"):
        parts.append(
            t(f"执法人员可以并处：{names('may_add')}", f"the officer may add: {names('may_add')}")
        )
    if step.get("not_allowed"):
        parts.append(
            t(
                f"本阶次不予并处：{names('not_allowed')}",
                f"not allowed at this level: {names('not_allowed')}",
            )
        )
    if step.get("not_applicable"):
        parts.append(
            t(
                f"本案不适用：{names('not_applicable')}",
                f"not applicable here: {names('not_applicable')}",
            )
        )
    text = t(
        f"{every}依法可以单处或者并处：" + "；".join(parts),
        capital(f"{every} may be imposed singly or combined by law: ") + "; ".join(parts),
    )
    return ["  " + v.sentence(text) + v.cite_tail(step)]


def not_allowed_text(v: Voice, step: Step) -> str:
    """A member the level leaves out: 「本阶次（较轻）不予并处（单处或者并处，由裁量阶次限定）」."""
    level = step.get("level")
    level_en = v.level_en.get(str(level), str(level))
    return v.t(
        f"本阶次（{level}）不予并处（单处或者并处，裁量阶次未列入可以并处的处罚）",
        f"not allowed at this level ({level_en}) (single or combined: the level does not list it "
        "among those the officer may add)",
    )
