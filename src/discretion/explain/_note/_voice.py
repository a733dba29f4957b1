"""The shared base of every section of the note: one language and its words for what a step holds.

:class:`Voice` is made once per rendering from the recommendation. It chooses Chinese or English
(:meth:`~Voice.t`, :meth:`~Voice.pair`), words values, units, facts and outcomes, writes the
citations at the end of a line, and says why a condition held or failed (the part that decided
it, read by :func:`discretion.explain._why.explain`). It also keeps the few things the whole
trace tells every section: the fact labels of the facts step, the level names, and whether a
later step dropped this item's fine (Art. 29). The module-level helpers format numbers, ranges
and dates without a language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

from ...compile._records import Source
from ...decide._result import Recommendation, Step
from .. import _wording as wording
from .._why import explain
from .._words import in_words

Lang = Literal["zh", "en"]
# The steps of a recommendation grouped by stage, in the order the trace holds them.
ByStage = dict[str, list[Step]]
CJK = re.compile(r"[\u4e00-\u9fff]")


def fmt(value: Any) -> str:
    """A value for display: decimals without exponent, dates in ISO form."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def span(lo: Any, hi: Any, unit: str) -> str:
    """``lo–hi unit``, or one figure when both ends are the same."""
    text = fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)}–{fmt(hi)}"
    return f"{text} {unit}".rstrip()


def capital(text: str) -> str:
    """The first letter in upper case (English sentences; Chinese is unaffected)."""
    return text[:1].upper() + text[1:]


def unique_sources(steps: Iterable[Step]) -> list[Source]:
    """The citations of ``steps``, each once, in the order they first appear."""
    seen: dict[str, Source] = {}
    for step in steps:
        for source in step.sources:
            seen.setdefault(source.key or source.zh, source)
    return list(seen.values())


class Voice:
    """The words of one rendering in one language; never shared between calls."""

    def __init__(self, rec: Recommendation, lang: Lang) -> None:
        self.rec = rec
        self.lang = lang
        facts = next((s for s in rec.steps if s.stage == "facts"), None)
        self.facts_step = facts
        self.labels: dict[str, str] = dict(facts.get("labels", ())) if facts else {}
        self.labels_en: dict[str, str] = dict(facts.get("labels_en", ())) if facts else {}
        # issue 20 point 12: a standard without the APL general part and its procedure says so in
        # a procedure step of its own; the head and the declared kinds then do not speak of APL.
        self.outside_apl = any(
            s.stage == "procedure" and s.get("flag") == "none" for s in rec.steps
        )
        # Art. 29: a later step may drop this item's fine in favour of another norm's.
        self.fine_removed = any(
            s.stage == "combine" and s.outcome == "fine_removed" for s in rec.steps
        )
        # Level names by id (zh, en), for clauses tied to other levels.
        self.level_names: dict[str, tuple[str, str]] = {
            str(s.get("level")): (
                str(s.get("label") or s.get("level")),
                str(s.get("label_en") or s.get("level")),
            )
            for s in rec.steps
            if s.stage == "level" and s.get("level")
        }
        # English level names by their Chinese label, for the penalty steps that name the level.
        self.level_en: dict[str, str] = {
            str(s.get("label")): str(s.get("label_en") or s.get("level"))
            for s in rec.steps
            if s.stage == "level" and s.get("label")
        }

    # -- language ------------------------------------------------------------------------------
    def t(self, zh: str, en: str) -> str:
        """The Chinese or the English text, whichever this rendering speaks."""
        return zh if self.lang == "zh" else en

    def pair(self, words: tuple[str, str]) -> str:
        """One side of a ``(zh, en)`` pair of the wording table."""
        return words[0] if self.lang == "zh" else words[1]

    def sentence(self, *parts: str) -> str:
        """Join clauses into one line: 「，」/「。」 in Chinese, ", "/". " in English."""
        text = self.t("，", ", ").join(p for p in parts if p)
        return text + self.t("。", ".")

    def unit(self, unit: str | None) -> str:
        """A unit of the rule file (written in Chinese) in this language."""
        if not unit:
            return ""
        if self.lang == "zh":
            return unit
        if unit in wording.UNITS_EN:
            return wording.UNITS_EN[unit]
        # Compound units such as 元/平方米: translate each side.
        return "/".join(wording.UNITS_EN.get(u, u) for u in unit.split("/"))

    # -- citations -----------------------------------------------------------------------------
    def sources(self, sources: Sequence[Source]) -> str:
        """Citations joined in this language."""
        return self.t("；", "; ").join(s.zh if self.lang == "zh" else s.en for s in sources)

    def cite(self, step: Step) -> str:
        """「依据：……。」 for a step that cites a source, else nothing."""
        if not step.sources:
            return ""
        return self.t("依据：", "Basis: ") + self.sources(step.sources) + self.t("。", ".")

    def cite_tail(self, step: Step) -> str:
        """The citation as the end of a line (after a space in English)."""
        cite = self.cite(step)
        return cite if self.lang == "zh" else (" " + cite if cite else "")

    def quote_law(self, step: Step) -> list[str]:
        """The principle's wording (the step's label), when the language has it."""
        zh, en = step.get("label"), step.get("label_en")
        text = zh if self.lang == "zh" else (en if en and en != zh else None)
        if not text:
            return []
        return ["  " + self.pair(wording.THE_LAW) + self.sentence(str(text).rstrip("。."))]

    # -- steps, facts and outcomes -------------------------------------------------------------
    def label(self, step: Step) -> str:
        """A step's label in this language; its rule id when it has none."""
        zh = step.get("label")
        en = step.get("label_en")
        if self.lang == "en" and en:
            return str(en)
        return str(zh) if zh else step.rule

    def fact_label(self, name: str) -> str:
        """A fact's label as the item declares it."""
        if self.lang == "en":
            return self.labels_en.get(name, name)
        return self.labels.get(name, name)

    def fact_value(self, name: str, value: Any) -> str:
        """A fact's value: yes/no, an enum's label, or the figure with its unit."""
        if value is None:
            return self.t("未认定", "not established")
        if isinstance(value, bool):
            return self.t("是", "yes") if value else self.t("否", "no")
        if isinstance(value, (tuple, list)):  # a list of dates (dates facts)
            if not value:
                return self.t("无", "none")
            return self.t("、", ", ").join(fmt(d) for d in value)
        table = self.labels if self.lang == "zh" else self.labels_en
        named = table.get(f"{name}={value}")
        if named:
            return named
        return f"{fmt(value)} {self.unit(self.labels.get(f'{name}.unit'))}".rstrip()

    def reads(self, reads: Iterable[tuple[str, Any]]) -> str:
        """「（事实：值；……）」 for the facts a step read, or nothing."""
        items = [
            f"{self.fact_label(n)}{self.t('：', ': ')}{self.fact_value(n, v)}" for n, v in reads
        ]
        if not items:
            return ""
        return self.t("（" + "；".join(items) + "）", " (" + "; ".join(items) + ")")

    def outcome(self, outcome: bool | str) -> str:
        """成立/不成立 for a condition, else the outcome's words from the wording table."""
        if outcome is True:
            return self.t("成立", "holds")
        if outcome is False:
            return self.t("不成立", "does not hold")
        return self.pair(wording.OUTCOME_WORDS.get(str(outcome), (str(outcome), str(outcome))))

    def words(self, source: str) -> str:
        """A condition in words, from the facts' labels (never as code)."""
        return in_words(source, self.fact_label, self._value_words, self.lang)

    def _value_words(self, name: str, value: Any) -> str:
        if isinstance(value, str):
            table = self.labels if self.lang == "zh" else self.labels_en
            return table.get(f"{name}={value}", value)
        if isinstance(value, bool):
            return self.t("是", "yes") if value else self.t("否", "no")
        return f"{fmt(value)} {self.unit(self.labels.get(f'{name}.unit'))}".rstrip()

    def condition(self, step: Step) -> str:
        """「条件」成立/不成立, with the part that decided it and the facts it read."""
        q = self.t("「{}」", "“{}”")
        head = self.t("条件", "condition ") + q.format(self.words(step.test))
        why = explain(step.test, dict(step.reads), step.outcome)
        verdict = self.outcome(step.outcome)
        if why is None or (why.connective is None or (why.holds and why.connective == "and")):
            return f"{head}{self.t('', ' ')}{verdict}{self.reads(step.reads)}"
        if not why.holds and why.connective == "or":
            every = self.t("，各项均不成立", "; none of its alternatives holds")
            return f"{head}{self.t('', ' ')}{verdict}{every}{self.reads(step.reads)}"
        parts = self.t("；", "; ").join(
            f"{q.format(self.words(p.text))}{self.t('', ' ')}{self.outcome(p.holds)}"
            f"{self.reads(p.reads)}"
            for p in why.parts
        )
        return f"{head}{self.t('', ' ')}{verdict}{self.t('，因', ', because ')}{parts}"

    def as_held(self, step: Step, holds: bool = True) -> Step:
        """``step`` with a condition outcome, to word its test as a condition that held (or not)."""
        return Step(step.stage, step.rule, step.test, step.reads, holds, step.sources)
