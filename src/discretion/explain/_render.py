"""The justification of a recommendation as text: Chinese (default) or English.

Both are views over one :class:`~discretion.decide._result.Recommendation` and its steps; nothing is
evaluated here and no rule set is needed, so a recommendation stored years ago (JSON in the review
log) renders to the same text. The note is written for the legality reviewer (法制审核人员): the
standard's id, version and digest; the item with its legal and penalty basis; the facts found; the
version and no-penalty checks; the level and why (which part of each condition held or failed,
see :mod:`discretion.explain._why`); each circumstance with its article; how each range was measured
(statutory range → level band → circumstance adjustment → rounding within the statute); the
single/combined choice; the procedure flags; and the conclusion.

Steps of a stage this module does not know are still shown, generically: their label, what was
tested, the facts read, the outcome and the citation. A trace is never rendered partially.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

from ..compile._records import Source
from ..decide._result import Penalty, Recommendation, Step
from ..errors import DiscretionError
from ..format._vocabulary import CIRCUMSTANCE_LABELS, KIND_LABELS, MODE_LABELS, zh_number
from . import _wording as wording
from ._why import explain

Lang = Literal["zh", "en"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def fmt(value: Any) -> str:
    """A value for display: decimals without exponent, dates in ISO form."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _range(lo: Any, hi: Any, unit: str) -> str:
    text = fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)}–{fmt(hi)}"
    return f"{text} {unit}".rstrip()


def _capital(text: str) -> str:
    """The first letter in upper case (English sentences; Chinese is unaffected)."""
    return text[:1].upper() + text[1:]


def _unique_sources(steps: Iterable[Step]) -> list[Source]:
    seen: dict[str, Source] = {}
    for step in steps:
        for source in step.sources:
            seen.setdefault(source.key or source.zh, source)
    return list(seen.values())


def _is_condition(test: str, reads: Sequence[tuple[str, Any]]) -> bool:
    """Is ``test`` a condition of the rule language (shown as written), not a named check?"""
    if not reads:
        return False
    try:
        ast.parse(test, mode="eval")
    except SyntaxError:
        return False
    return True


class _Note:
    """Builds the text of one rendering; never shared between calls."""

    def __init__(self, rec: Recommendation, lang: Lang) -> None:
        self.rec = rec
        self.lang = lang
        facts = next((s for s in rec.steps if s.stage == "facts"), None)
        self.facts_step = facts
        self.labels: dict[str, str] = dict(facts.get("labels", ())) if facts else {}
        self.labels_en: dict[str, str] = dict(facts.get("labels_en", ())) if facts else {}
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
        self.lines: list[str] = []

    # -- words ---------------------------------------------------------------------------------
    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def pair(self, words: tuple[str, str]) -> str:
        return words[0] if self.lang == "zh" else words[1]

    def unit(self, unit: str | None) -> str:
        if not unit:
            return ""
        if self.lang == "zh":
            return unit
        if unit in wording.UNITS_EN:
            return wording.UNITS_EN[unit]
        # Compound units such as 元/平方米: translate each side.
        return "/".join(wording.UNITS_EN.get(u, u) for u in unit.split("/"))

    def sources(self, sources: Sequence[Source]) -> str:
        return self.t("；", "; ").join(s.zh if self.lang == "zh" else s.en for s in sources)

    def cite(self, step: Step) -> str:
        if not step.sources:
            return ""
        return self.t("依据：", "Basis: ") + self.sources(step.sources) + self.t("。", ".")

    def label(self, step: Step) -> str:
        zh = step.get("label")
        en = step.get("label_en")
        if self.lang == "en" and en:
            return str(en)
        return str(zh) if zh else step.rule

    def fact_label(self, name: str) -> str:
        if self.lang == "en":
            return self.labels_en.get(name, name)
        return self.labels.get(name, name)

    def fact_value(self, name: str, value: Any) -> str:
        if value is None:
            return self.t("未认定", "not established")
        if isinstance(value, bool):
            return self.t("是", "yes") if value else self.t("否", "no")
        table = self.labels if self.lang == "zh" else self.labels_en
        named = table.get(f"{name}={value}")
        if named:
            return named
        return f"{fmt(value)} {self.unit(self.labels.get(f'{name}.unit'))}".rstrip()

    def reads(self, reads: Iterable[tuple[str, Any]]) -> str:
        items = [
            f"{self.fact_label(n)}{self.t('：', ': ')}{self.fact_value(n, v)}" for n, v in reads
        ]
        if not items:
            return ""
        return self.t("（" + "；".join(items) + "）", " (" + "; ".join(items) + ")")

    def outcome(self, outcome: bool | str) -> str:
        if outcome is True:
            return self.t("成立", "holds")
        if outcome is False:
            return self.t("不成立", "does not hold")
        return self.pair(wording.OUTCOME_WORDS.get(str(outcome), (str(outcome), str(outcome))))

    def condition(self, step: Step) -> str:
        """「条件」成立/不成立, with the part that decided it and the facts it read."""
        q = self.t("「{}」", "“{}”")
        head = self.t("条件", "condition ") + q.format(step.test)
        why = explain(step.test, dict(step.reads), step.outcome)
        verdict = self.outcome(step.outcome)
        if why is None or (why.connective is None or (why.holds and why.connective == "and")):
            return f"{head}{self.t('', ' ')}{verdict}{self.reads(step.reads)}"
        if not why.holds and why.connective == "or":
            every = self.t("，各项均不成立", "; none of its alternatives holds")
            return f"{head}{self.t('', ' ')}{verdict}{every}{self.reads(step.reads)}"
        parts = self.t("；", "; ").join(
            f"{q.format(p.text)}{self.t('', ' ')}{self.outcome(p.holds)}{self.reads(p.reads)}"
            for p in why.parts
        )
        return f"{head}{self.t('', ' ')}{verdict}{self.t('，因', ', because ')}{parts}"

    def sentence(self, *parts: str) -> str:
        """Join clauses into one line: 「，」/「。」 in Chinese, ", "/". " in English."""
        text = self.t("，", ", ").join(p for p in parts if p)
        return text + self.t("。", ".")

    # -- the note ------------------------------------------------------------------------------
    def render(self) -> str:
        self.header()
        sections: list[tuple[str, list[str]]] = [
            (self.t("认定的事实", "Facts found"), self.facts())
        ]
        steps = self.rec.steps
        by_stage: dict[str, list[Step]] = {}
        for step in steps:
            by_stage.setdefault(step.stage, []).append(step)
        if "version" in by_stage:
            lines = [line for s in by_stage["version"] for line in self.version(s)]
            sections.append((self.pair(wording.STAGE_TITLES["version"]), lines))
        if "gate" in by_stage:
            sections.append(
                (self.pair(wording.STAGE_TITLES["gate"]), [self.gate(s) for s in by_stage["gate"]])
            )
        if "level" in by_stage:
            sections.append(
                (
                    self.pair(wording.STAGE_TITLES["level"]),
                    [self.level(s) for s in by_stage["level"]],
                )
            )
        if "level" in by_stage or "circumstance" in by_stage:
            sections.append(
                (self.pair(wording.STAGE_TITLES["circumstance"]), self.circumstances(by_stage))
            )
        if "penalty" in by_stage:
            sections.append((self.pair(wording.STAGE_TITLES["penalty"]), self.penalties(by_stage)))
        if "penalty" in by_stage or "combine" in by_stage:
            sections.append(
                (self.pair(wording.STAGE_TITLES["combine"]), self.combination(by_stage))
            )
        if self.rec.options or "option" in by_stage:
            sections.append((self.pair(wording.OPTIONS_TITLE), self.options(by_stage)))
        if "procedure" in by_stage:
            sections.append(
                (
                    self.pair(wording.STAGE_TITLES["procedure"]),
                    self.procedures(by_stage["procedure"]),
                )
            )
        for stage, group in by_stage.items():
            if stage not in (*wording.KNOWN_STAGES, "option", "procedure"):
                title = self.t(f"其他审查步骤（{stage}）", f"Other checks ({stage})")
                sections.append((title, [self.generic(s) for s in group]))
        for number, (title, lines) in enumerate(sections, start=1):
            self.lines.append(self.t(f"{zh_number(number)}、{title}", f"{number}. {title}"))
            self.lines.extend(lines)
        self.lines.append("")
        self.lines.append(self.conclusion())
        for note in self.rec.notes:
            self.lines.append(self.t("说明：", "Note: ") + note)
        return "\n".join(self.lines) + "\n"

    def header(self) -> None:
        rec, ref, t = self.rec, self.rec.ruleset, self.t
        facts = self.facts_step
        title = ref.title or ref.id
        if self.lang == "en" and facts is not None and facts.get("title_en"):
            title = str(facts.get("title_en"))
        name = rec.item_name
        if self.lang == "en" and facts is not None and facts.get("item_name_en"):
            name = str(facts.get("item_name_en"))
        self.lines += [
            t("行政处罚裁量建议（供法制审核）", "Recommended penalty (for legality review)"),
            t(
                f"裁量基准：{title}（{ref.id}，版本 {ref.version}）",
                f"Standard: {title} ({ref.id}, version {ref.version})",
            ),
            t(f"内容摘要：{ref.digest}", f"Content digest: {ref.digest}"),
            t(f"裁量事项：{rec.item} {name}", f"Item: {rec.item} {name}"),
        ]
        if facts is not None and facts.sources:
            self.lines.append(t("违法依据：", "Legal basis: ") + self.sources(facts.sources))
        basis = self.penalty_basis()
        if basis:
            self.lines.append(t("处罚依据：", "Penalty basis: ") + self.sources(basis))
        if rec.violation_date or rec.decision_date:
            none = t("未填写", "not given")
            self.lines.append(
                t(
                    f"违法行为发生日期：{fmt(rec.violation_date or none)}；"
                    f"作出决定日期：{fmt(rec.decision_date or none)}",
                    f"Date of the act: {fmt(rec.violation_date or none)}; "
                    f"date of the decision: {fmt(rec.decision_date or none)}",
                )
            )
        self.lines.append("")

    def penalty_basis(self) -> list[Source]:
        """The item's 处罚依据 as the rule file states it (the facts step's ``penalty_basis``).

        Records made before the facts step carried it fall back to the clauses' citations.
        """
        recorded = self.facts_step.get("penalty_basis") if self.facts_step else None
        if recorded:
            return [s if isinstance(s, Source) else Source(*s) for s in recorded]
        steps = [s for s in self.rec.steps if s.stage == "penalty"]
        return _unique_sources(steps or [s for s in self.rec.steps if s.stage == "combine"])

    def facts(self) -> list[str]:
        """Facts in the order the item declares them.

        Facts the case gave come one per line; facts left to their default are marked as such,
        the defaults that are simply 'no' share one line, and facts not established another.
        Records without the ``given`` list treat every fact as given.
        """
        values = dict(self.rec.facts)
        order = [k for k in self.labels if "." not in k and "=" not in k and k in values]
        order += sorted(k for k in values if k not in order)
        given_list = self.facts_step.get("given") if self.facts_step else None
        given = set(values) if given_list is None else set(given_list)
        lines: list[str] = []
        noes: list[str] = []
        missing: list[str] = []
        sep = self.t("：", ": ")
        for name in order:
            value = values[name]
            if value is None:
                missing.append(self.fact_label(name))
            elif name in given:
                lines.append(f"  {self.fact_label(name)}{sep}{self.fact_value(name, value)}")
            elif value is False:
                noes.append(self.fact_label(name))
            else:
                default = self.t("（未提供，按默认值认定）", " (not given; default)")
                lines.append(
                    f"  {self.fact_label(name)}{sep}{self.fact_value(name, value)}{default}"
                )
        join = self.t("；", "; ")
        if noes:
            head = (
                "  以下各项为「否」：" if given_list is None else "  以下各项未提供，按「否」认定："
            )
            lines.append(self.t(head, "  No (not given; default): " if given_list else "  No: "))
            lines[-1] += join.join(noes)
        if missing:
            lines.append(self.t("  未认定：", "  Not established: ") + join.join(missing))
        return lines

    def generic(self, step: Step) -> str:
        """Any step: its label, what it tested and read, its outcome and citation."""
        label = self.label(step)
        if label == step.rule and step.test in wording.TESTS:
            label = self.pair(wording.TESTS[step.test])
        elif label == step.rule and step.stage in wording.STAGE_TITLES:
            label = self.pair(wording.STAGE_TITLES[step.stage])
        if isinstance(step.outcome, bool):
            what = self.condition(step)
        elif step.reads and explain(step.test, dict(step.reads), True) is not None:
            # A rule recorded only because its condition held (a no-penalty ground, say).
            held = Step(step.stage, step.rule, step.test, step.reads, True, step.sources)
            what = f"{self.condition(held)}{self.t('，', ', ')}{self.outcome(step.outcome)}"
        else:
            what = self.sentence(
                self.named_test(step) + self.reads(step.reads), self.outcome(step.outcome)
            )[:-1]
        extra = self.detail_words(step)
        if extra:
            what += self.t("；", "; ") + extra
        return "  " + self.sentence(f"{label}{self.t('：', ': ')}{what}") + self.cite_tail(step)

    # -- version and gate --------------------------------------------------------------------------
    def quote_law(self, step: Step) -> list[str]:
        """The principle's wording (the step's label), when the language has it."""
        zh, en = step.get("label"), step.get("label_en")
        text = zh if self.lang == "zh" else (en if en and en != zh else None)
        if not text:
            return []
        return ["  " + self.pair(wording.THE_LAW) + self.sentence(str(text).rstrip("。."))]

    def version(self, step: Step) -> list[str]:
        """Art. 37: the versions in force at the act and at the decision, and which applies."""
        old, new = step.get("old_version"), step.get("new_version")
        verdict = wording.TRANSITION_VERDICTS.get(str(step.outcome))
        if old is None or new is None or verdict is None:
            return [self.generic(step)]
        applied = fmt(step.get("applied") or new)
        t = self.t
        what = t(
            f"违法行为发生时施行的版本为 {fmt(old)} 版，作出决定时施行的版本为 {fmt(new)} 版",
            f"version {fmt(old)} was in force at the act, version {fmt(new)} at the decision",
        )
        verdict_text = self.pair(verdict).format(v=applied)
        line = t(
            f"{wording.TRANSITION[0]}：{what}，{verdict_text}。",
            f"{wording.TRANSITION[1]}: {what}; {verdict_text}.",
        )
        return ["  " + line + self.cite_tail(step), *self.quote_law(step)]

    def gate(self, step: Step) -> str:
        """A no-penalty ground, the limitation period, or the note that no ground holds."""
        if step.get("years") is not None:
            return self.limitation(step)
        if step.outcome == "none" and not step.reads:
            tested = step.get("tested") or ()
            label = self.label(step)
            if label == step.rule:
                label = self.pair(wording.TESTS.get(step.test, wording.OUTCOME_WORDS["none"]))
            count = self.t(f"（已审查 {len(tested)} 项）", f" ({len(tested)} checked)")
            text = _capital(label) + (count if tested else "")
            return "  " + self.sentence(text) + self.cite_tail(step)
        return self.generic(step)

    def limitation(self, step: Step) -> str:
        """Art. 36: when the act took place (or ended), when it was found, the period, the verdict.

        The engine reads the start fact first, then the end fact of a continuing act, then the
        discovery date: a period counted from a date other than the first fact's is counted from
        the end of the act.
        """
        t = self.t
        head = self.pair(wording.LIMITATION) + t("：", ": ")
        start, discovered = step.get("start"), step.get("discovered")
        verdict = wording.LIMITATION_VERDICTS.get(str(step.outcome))
        if step.outcome == "not_checked" or start is None or discovered is None or not verdict:
            if step.outcome != "not_checked":
                return self.generic(step)
            text = head + self.pair(wording.LIMITATION_NOT_CHECKED)
            return "  " + self.sentence(text) + self.cite_tail(step)
        years = int(step.get("years"))
        ended = bool(step.reads) and fmt(step.reads[0][1]) != fmt(start)
        period = t(f"{zh_number(years)}年", f"{years} years")
        label = str(step.get("label") or "")
        label_en = str(step.get("label_en") or "")
        reason = ""
        if self.lang == "zh":
            # "涉及……且有危害后果的，五年" names its condition; a bare "二年" does not.
            reason = label.removesuffix(period).rstrip("，,、 ")
        elif label_en and label_en != label and CJK.search(label_en) is None:
            reason = label_en.removesuffix(period).rstrip(",; ")
        else:
            found = next(
                (i for i, (_n, v) in enumerate(step.reads) if i and fmt(v) == fmt(discovered)),
                len(step.reads),
            )
            reason = self.reads(step.reads[found + 1 :]).strip(" ()")
        act = t(
            f"违法行为{'终了' if ended else '发生'}于 {fmt(start)}，发现于 {fmt(discovered)}",
            f"the act {'ended' if ended else 'took place'} on {fmt(start)} and was discovered on "
            f"{fmt(discovered)}",
        )
        deadline = fmt(step.get("deadline"))
        if self.lang == "zh":
            term = f"追责期限{period}（至 {deadline}）"
            text = self.sentence(head + act, f"{reason}，{term}" if reason else term, verdict[0])
        else:
            why = f"; {reason}" if reason else ""
            text = f"{head}{act}; the period is {period} (until {deadline}{why}): {verdict[1]}."
        return "  " + text + self.cite_tail(step)

    def named_test(self, step: Step) -> str:
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
        return self.t(f"审查「{test}」", f"checked “{test}”")

    def detail_words(self, step: Step) -> str:
        """The figures a generic step carries (dates, versions, items), named for the reader."""
        out = []
        for key, value in step.detail:
            if key in wording.DETAIL_HIDDEN or value is None or value == ():
                continue
            name = self.pair(wording.DETAIL_WORDS.get(key, (key, key)))
            if isinstance(value, (tuple, list)):
                shown = self.t("、", ", ").join(fmt(v) for v in value)
            else:
                shown = fmt(value)
            out.append(f"{name}{self.t('：', ': ')}{shown}")
        return self.t("；", "; ").join(out)

    def cite_tail(self, step: Step) -> str:
        cite = self.cite(step)
        return cite if self.lang == "zh" else (" " + cite if cite else "")

    def level(self, step: Step) -> str:
        label = step.get("label_en") if self.lang == "en" else None
        label = str(label or (step.get("level") if self.lang == "en" else None) or self.label(step))
        held = step.outcome is True
        quoted = self.t(f"「{label}」", f"“{label}”")
        head = (
            self.t("适用", "Applies: level ")
            if held
            else self.t("不适用", "Does not apply: level ")
        )
        wording = step.get("circumstances")
        if held and wording:
            quoted += self.t(f"（{wording}）", f" (as the table words it: {wording})")
        line = f"  {head}{quoted}{self.t('：', ': ')}{self.condition(step)}{self.t('。', '.')}"
        return line + self.cite_tail(step) if held else line

    def circumstances(self, by_stage: dict[str, list[Step]]) -> list[str]:
        steps = by_stage.get("circumstance", [])
        if not steps:
            return [
                self.t(
                    "  无从轻、减轻或者从重情节。",
                    "  No mitigating, reducing or aggravating circumstance holds.",
                )
            ]
        lines = []
        by_id = {c.id: c for c in self.rec.circumstances}
        for step in steps:
            kind = str(step.outcome)
            words = CIRCUMSTANCE_LABELS.get(kind) or wording.EXTRA_CIRCUMSTANCES.get(
                kind, (kind, kind)
            )
            must = step.get("mandatory")
            applied = by_id.get(step.rule.rsplit("/", 1)[-1])
            label = self.label(step)
            if self.lang == "en" and applied is not None and not step.get("label_en"):
                label = applied.label_en or label
            strength = self.t("应当" if must else "可以", "mandatory" if must else "optional")
            fake = Step(step.stage, step.rule, step.test, step.reads, True, step.sources)
            lines.append(
                f"  {_capital(self.pair(words))}"
                f"{self.t(f'（{strength}）：', f' ({strength}): ')}{label}"
                f"{self.t('。', '. ')}{_capital(self.sentence(self.condition(fake)))}"
                f"{self.cite_tail(step)}"
            )
        return lines

    # -- penalties -------------------------------------------------------------------------------
    def penalty_label(self, step: Step) -> str:
        if self.lang == "zh":
            return self.label(step)
        if step.get("label_en"):
            return str(step.get("label_en"))
        pid = step.rule.rsplit("/", 1)[-1]
        for p in (*self.rec.penalties, *self.rec.optional_penalties):
            if p.id == pid and p.label_en:
                return p.label_en
        kind = step.get("kind")
        if kind in KIND_LABELS:
            return KIND_LABELS[str(kind)][1]
        return self.label(step)

    def penalties(self, by_stage: dict[str, list[Step]]) -> list[str]:
        lines: list[str] = []
        for number, step in enumerate(by_stage["penalty"], start=1):
            label = self.penalty_label(step)
            if step.outcome == "not_applicable":
                lines.append(
                    f"  {number}. {label}{self.t('：不适用，', ': not applied, ')}"
                    f"{self.condition(Step(step.stage, step.rule, step.test, step.reads, False, step.sources))}"
                    f"{self.t('。', '.')}{self.cite_tail(step)}"
                )
                continue
            if step.outcome == "not_at_level":
                lines.append(
                    f"  {number}. {label}{self.t('：', ': ')}{self.only_at(step)}"
                    f"{self.t('。', '.')}{self.cite_tail(step)}"
                )
                continue
            mode = self.mode(step)
            chosen = step.outcome == "imposed"
            if chosen:
                extra = ""
            elif step.outcome == "optional" and step.get("mode") == "alternative":
                mode, extra = "", self.alternative_of(step, by_stage["penalty"])
            elif step.outcome == "optional":
                extra = self.t("本阶次未选择", "not chosen at this level")
            else:
                extra = self.outcome(step.outcome)
            inside = self.t("，", "; ").join(x for x in (mode, extra) if x)
            # English mode names carry their own parentheses: "combined (mandatory)".
            inside = self.t(f"（{inside}）", f": {inside}") if inside else ""
            lines.append(f"  {number}. {label}{inside}{self.t('。', '.')}{self.cite_tail(step)}")
            if step.get("range") is not None:
                lines.extend("     " + line for line in self.measure(step))
            if chosen and self.fine_removed and step.get("kind") == "fine":
                lines.append(
                    self.t(
                        "     一事不再罚：本项罚款不再处以（见「单处或者并处」）",
                        "     One act, one fine: this fine is not imposed (see single or combined)",
                    )
                )
        return lines

    def alternative_of(self, step: Step, steps: list[Step]) -> str:
        """「可选择替代「责令停产停业」（择一）」: the member of the group the level imposed."""
        group = step.get("group")
        chosen = [
            self.penalty_label(s)
            for s in steps
            if group is not None
            and s.get("group") == group
            and s.get("mode") == "alternative"
            and s.outcome == "imposed"
        ]
        if len(chosen) == 1:
            return self.pair(wording.ALTERNATIVE_OF).format(x=chosen[0])
        return self.pair(wording.ALTERNATIVE)

    def measure(self, step: Step) -> list[str]:
        """Statutory range → level band → adjustment → the recommended, rounded range."""
        t = self.t
        lo, hi = step.get("scale")
        smin, smax = step.get("statutory")
        unit = self.unit(step.get("unit"))
        scale_unit = self.unit(step.get("scale_unit"))
        shape = step.get("shape")
        base = step.get("base")
        base_text = ""
        if base:
            base_text = f"{self.fact_label(base)} {self.fact_value(base, step.get('base_value'))}"
        out: list[str] = []
        # The switch branch as the statute words it (货值金额不足一万元), not its id.
        case = (
            (step.get("case_label_en") if self.lang == "en" else None)
            or step.get("case_label")
            or step.get("case")
        )
        prefix = t(f"{case}：", f"{case}: ") if case else ""
        if step.get("fallback"):
            missing = self.fact_label(base) if base else ""
            prefix += t(f"{missing}为零或者未查明，适用", f"{missing} is zero or not established; ")
        if shape == "multiple":
            statute = t(
                f"{base_text}的 {fmt(lo)}–{fmt(hi)} 倍，即 {_range(smin, smax, unit)}",
                f"{fmt(lo)}–{fmt(hi)} times {base_text}, that is {_range(smin, smax, unit)}",
            )
        elif shape == "percent":
            statute = t(
                f"{base_text}的 {fmt(lo)}%–{fmt(hi)}%，即 {_range(smin, smax, unit)}",
                f"{fmt(lo)}%–{fmt(hi)}% of {base_text}, that is {_range(smin, smax, unit)}",
            )
        elif shape == "per_unit":
            statute = t(
                f"{_range(lo, hi, scale_unit)} × {base_text}，即 {_range(smin, smax, unit)}",
                f"{_range(lo, hi, scale_unit)} × {base_text}, that is {_range(smin, smax, unit)}",
            )
        else:
            statute = _range(smin, smax, unit)
        out.append(t("法定幅度：", "Statutory range: ") + prefix + statute)
        band = step.get("band")
        level = step.get("level")
        how = step.get("adjust")
        if how == "reduce":
            pass  # 减轻 is measured from the statutory minimum; the level band does not apply
        elif level is None and band in (None, "full"):
            out.append(
                t(
                    "本项不分裁量阶次，取法定幅度全幅",
                    "Not banded by level: the whole statutory range",
                )
            )
        else:
            share = step.get("share") or ("", "")
            text = self.pair(wording.BAND_TEXT.get(str(band), (str(band), str(band))))
            text = text.format(a=fmt(share[0]), b=fmt(share[1]))
            if band == "factors":
                chosen = t("，", ", ").join(
                    f"{f[0]}「{f[1]}」{fmt(f[2])}%" for f in step.get("factors") or ()
                )
                text += t(
                    f"：{chosen}，合计 {fmt(step.get('total'))}%",
                    f": {chosen}; total {fmt(step.get('total'))}%",
                )
            band_range = step.get("band_range")
            if band_range is not None:
                text += t("，即 ", ", that is ") + _range(band_range[0], band_range[1], scale_unit)
            level_en = self.level_en.get(str(level), str(level))
            out.append(t(f"裁量阶次「{level}」：", f"Level “{level_en}”: ") + text)
        if how == "mitigate":
            out.append(
                t(
                    f"从轻：取上述区间较低的 {fmt(step.get('adjust_share'))}%",
                    f"Mitigated: the lowest {fmt(step.get('adjust_share'))}% of that band",
                )
            )
        elif how == "aggravate":
            out.append(
                t(
                    f"从重：取上述区间较高的 {fmt(step.get('adjust_share'))}%，不超过法定最高额",
                    f"Aggravated: the highest {fmt(step.get('adjust_share'))}% of that band, "
                    "never above the statutory maximum",
                )
            )
        elif how == "reduce":
            out.append(
                t(
                    f"减轻：在法定最低额以下确定，自最低额的 {fmt(step.get('reduce_floor'))}% 至最低额",
                    f"Reduced: below the statutory minimum, from {fmt(step.get('reduce_floor'))}% "
                    "of the minimum up to it",
                )
            )
        elif how == "none":
            out.append(t("情节调整：无，不作调整", "Circumstances: none; no adjustment"))
        amin, amax = step.get("range")
        out.append(
            t(
                f"建议幅度：{_range(amin, amax, unit)}（按分取整，不超过法定最高额）",
                f"Recommended: {_range(amin, amax, unit)} (rounded to the fen, never above "
                "the statutory maximum)",
            )
        )
        return out

    def mode(self, step: Step) -> str:
        mode = step.get("mode")
        if mode is None:
            return ""
        return self.pair(MODE_LABELS.get(str(mode), (str(mode), str(mode))))

    def only_at(self, step: Step) -> str:
        """「本阶次不适用，仅适用于阶次「情节严重」」 for a clause tied to other levels."""
        order = list(self.level_names)
        ids = sorted(
            (str(x) for x in step.get("levels") or ()),
            key=lambda x: order.index(x) if x in order else len(order),
        )
        names = [self.pair(self.level_names[x]) if x in self.level_names else x for x in ids]
        quoted = self.t("", ", ").join(self.t(f"「{n}」", f"“{n}”") for n in names)
        here = step.get("level")
        if here is not None:
            here_name = str(here) if self.lang == "zh" else self.level_en.get(str(here), str(here))
            return self.t(
                f"本阶次（{here_name}）不适用（仅适用于{quoted}阶次）",
                f"not at this level (“{here_name}”); only at the {quoted} "
                + ("level" if len(names) == 1 else "levels"),
            )
        return self.t(
            f"本阶次不适用（仅适用于{quoted}阶次）",
            f"not at this level; only at the {quoted} "
            + ("level" if len(names) == 1 else "levels"),
        )

    def combination(self, by_stage: dict[str, list[Step]]) -> list[str]:
        sep = self.t("、", ", ")
        groups: dict[str, list[str]] = {
            "must": [],
            "chosen": [],
            "left": [],
            "alt": [],
            "none": [],
            "level": [],
            "other": [],
            "removed": [],
        }
        for step in by_stage.get("penalty", []):
            label = self.penalty_label(step)
            mode = self.mode(step)
            with_mode = f"{label}{self.t(f'（{mode}）', f' — {mode}')}" if mode else label
            if step.outcome == "not_applicable":
                groups["none"].append(label)
            elif step.outcome == "not_at_level":
                groups["level"].append(label)
            elif step.outcome == "optional" and step.get("mode") == "alternative":
                groups["alt"].append(label)
            elif step.outcome == "optional":
                groups["left"].append(with_mode)
            elif step.outcome != "imposed":
                groups["other"].append(
                    f"{label}{self.t(f'（{self.outcome(step.outcome)}）', f' ({self.outcome(step.outcome)})')}"
                )
            elif self.fine_removed and step.get("kind") == "fine":
                groups["removed"].append(label)
            elif step.get("mode") in wording.MANDATORY_MODES:
                groups["must"].append(label)
            else:
                groups["chosen"].append(with_mode)
        titles = {
            "must": ("依法应当给予（处、并处）：", "Mandatory (principal or combined): "),
            "chosen": ("本阶次选择给予：", "Chosen at this level: "),
            "left": ("可以给予但本阶次未选择：", "Allowed but not chosen at this level: "),
            "alt": (
                f"{wording.ALTERNATIVE[0]}：",
                f"{_capital(wording.ALTERNATIVE[1])} (one of the group): ",
            ),
            "none": ("适用条件不成立，不予适用：", "Not applicable (condition does not hold): "),
            "level": ("仅适用于其他裁量阶次：", "Only at other levels: "),
            "other": ("其他：", "Other: "),
            "removed": ("一事不再罚，不再处以：", "One act, one fine; not imposed: "),
        }
        lines = [
            f"  {self.pair(titles[key])}{sep.join(labels)}{self.t('。', '.')}"
            for key, labels in groups.items()
            if labels
        ]
        for step in by_stage.get("combine", []):
            if step.outcome == "fine_removed" and step.get("kept"):
                lines += self.one_act(step)
            elif step.outcome == "no_penalty" and not step.get("label"):
                text = self.pair(wording.NO_CLAUSE)
                orders = step.get("orders") or ()
                if orders:
                    text += self.t("，", "; orders: ") + self.t("、", ", ").join(orders)
                lines.append("  " + self.sentence(_capital(text)) + self.cite_tail(step))
            else:
                lines.append(self.generic(step))
        return lines

    def one_act(self, step: Step) -> list[str]:
        """Art. 29: which item keeps the fine for the one act, and that this one drops it."""
        kept, removed = fmt(step.get("kept")), fmt(step.get("removed"))
        what = self.t(
            f"同一违法行为违反多个法律规范，按照罚款数额高的 {kept} 的规定处以罚款，"
            f"本事项 {removed} 不再处以罚款",
            f"the act breaks several norms; the fine is imposed under {kept}, whose fine is "
            f"higher, and this item, {removed}, imposes none",
        )
        line = self.sentence(f"{self.pair(wording.ONE_ACT)}{self.t('：', ': ')}{what}")
        return ["  " + line + self.cite_tail(step), *self.quote_law(step)]

    def options(self, by_stage: dict[str, list[Step]]) -> list[str]:
        """The choices the law leaves to the officer, and how the 减轻 ranges were measured."""
        t = self.t
        lines: list[str] = []
        options = self.rec.options
        if options:
            must = any(o.mandatory for o in options)
            lines.append(
                t(
                    "  依法"
                    + ("应当" if must else "可以")
                    + "从轻或者减轻处罚，由行政机关在下列处理中选择：",
                    "  The law "
                    + ("requires" if must else "allows")
                    + " mitigation or reduction; the authority chooses one of:",
                )
            )
            for number, option in enumerate(options, start=1):
                name = self.pair(wording.CHOICES.get(option.choice, (option.choice, option.choice)))
                what = t("，", "; ").join(self.penalty_text(p) for p in option.penalties)
                lines.append(
                    t(f"  （{zh_number(number)}）{name}：", f"  ({number}) {name}: ")
                    + (what or t("不予处罚", "no penalty"))
                    + t("。", ".")
                )
        for step in by_stage.get("option", []):
            if step.get("range") is None:
                continue
            how = self.pair(wording.CHOICES.get(str(step.get("adjust")), ("", "")))
            label = self.penalty_label(step)
            lines.append(
                t(f"  {how}时{label}的计算：", f"  {label} when reduced:")
                if how
                else f"  {label}{t('：', ':')}"
            )
            lines.extend("     " + line for line in self.measure(step))
        return lines

    # -- procedure -----------------------------------------------------------------------------
    def procedures(self, steps: list[Step]) -> list[str]:
        """The procedure flags; when nothing is imposed, one line for summary procedure and
        hearing (they attach to a penalty) and the legality review as it stands."""
        if self.rec.outcome != "no_penalty":
            return [self.procedure(s) for s in steps]
        flags = ("summary_procedure", "hearing")
        moot = [s for s in steps if s.get("flag") in flags]
        lines = []
        if moot:
            cite = _unique_sources(moot)
            tail = self.t("依据：", "Basis: ") + self.sources(cite) + self.t("。", ".")
            tail = tail if self.lang == "zh" else " " + tail
            lines.append("  " + self.sentence(self.pair(wording.NO_PENALTY_PROCEDURE)) + tail)
        for step in steps:
            if step.get("flag") in flags:
                continue
            if step.get("flag") == "legality_review":
                # A record whose penalty was withdrawn later (Art. 37) keeps the old review
                # step; the recommendation's flag is what holds.
                yes = step.outcome is True and self.rec.flags.legality_review
                text = self.t("法制审核：", "Legality review: ") + self.review(step, yes)
                lines.append("  " + self.sentence(text) + self.cite_tail(step))
            else:
                lines.append(self.procedure(step))
        return lines

    def procedure(self, step: Step) -> str:
        flag = step.get("flag")
        yes = step.outcome is True
        threshold = step.get("threshold")
        fine_max = step.get("fine_max")
        t = self.t
        party = self.reads(step.reads)
        if flag == "summary_procedure":
            if yes:
                why = t(
                    f"可以适用：警告或者罚款不超过 {fmt(threshold)} 元{party}",
                    f"available: a warning, or a fine up to {fmt(threshold)} yuan{party}",
                )
            elif fine_max is not None and threshold is not None:
                why = t(
                    f"不适用：建议罚款最高额 {fmt(fine_max)} 元超过当场处罚限额 {fmt(threshold)} 元{party}",
                    f"not available: the recommended fine reaches {fmt(fine_max)} yuan, above the "
                    f"limit of {fmt(threshold)} yuan{party}",
                )
            else:
                why = t(
                    f"不适用：处罚不限于警告或者 {fmt(threshold)} 元以下罚款{party}",
                    f"not available: the penalties go beyond a warning or a fine up to "
                    f"{fmt(threshold)} yuan{party}",
                )
            text = t("简易程序（当场处罚）：", "Summary procedure (on-the-spot decision): ") + why
        elif flag == "hearing":
            reasons = [
                t(
                    f"拟给予{KIND_LABELS.get(k, (k, k))[0]}",
                    f"the penalty includes {KIND_LABELS.get(k, (k, k))[1]}",
                )
                for k in step.get("kinds") or ()
            ]
            if (
                fine_max is not None
                and threshold is not None
                and Decimal(fmt(fine_max)) >= Decimal(fmt(threshold))
            ):
                reasons.append(
                    t(
                        f"建议罚款最高额 {fmt(fine_max)} 元达到较大数额罚款标准 {fmt(threshold)} 元",
                        f"the recommended fine reaches {fmt(fine_max)} yuan, at or above the "
                        f"large-fine threshold of {fmt(threshold)} yuan",
                    )
                )
            if yes:
                why = t(
                    "应当告知当事人有权要求听证", "the party must be told of its right to a hearing"
                )
                if reasons:
                    why += t("：", ": ") + t("；", "; ").join(reasons)
            else:
                why = t(
                    f"不属于听证范围（较大数额罚款标准 {fmt(threshold)} 元）",
                    f"no hearing right (large-fine threshold {fmt(threshold)} yuan)",
                )
            text = t("听证：", "Hearing: ") + why
        elif flag == "legality_review":
            text = t("法制审核：", "Legality review: ") + self.review(step, yes)
        else:
            return self.generic(step)
        return "  " + self.sentence(text) + self.cite_tail(step)

    def review(self, step: Step, yes: bool) -> str:
        if not yes:
            return self.t(
                "不属于《行政处罚法》第五十八条规定的必经法制审核情形",
                "not one of the cases of Administrative Penalty Law Art. 58 that require it",
            )
        grounds = step.get("grounds")
        named: list[str] = []
        if grounds:
            # (id, 中文, English) triples; older records may hold labels or (id, label) pairs.
            for g in grounds:
                if isinstance(g, (tuple, list)) and len(g) >= 3:
                    named.append(str(g[1] if self.lang == "zh" else g[2]))
                else:
                    named.append(str(g[-1] if isinstance(g, (tuple, list)) else g))
        else:
            for source in step.sources:
                m = wording.ART58_KEY.search(source.key)
                if m and int(m.group(1)) in wording.ART58:
                    n = int(m.group(1))
                    named.append(
                        self.t(
                            f"第五十八条第一款第（{zh_number(n)}）项“{wording.ART58[n][0]}”",
                            f"Art. 58 ¶1 ({n}): the case {wording.ART58[n][1]}",
                        )
                    )
        text = self.t("作出决定前应当进行法制审核", "required before the decision")
        if named:
            text += self.t("，情形：", "; ground: ") + self.t("；", "; ").join(named)
        return text

    # -- conclusion ----------------------------------------------------------------------------
    def conclusion(self) -> str:
        rec, t = self.rec, self.t
        orders = t("、", ", ").join(rec.orders)
        penalties = t("，", "; ").join(self.penalty_text(p) for p in rec.penalties)
        reduced = (
            t("（减轻处罚）", " (reduced below the statutory minimum)") if rec.flags.reduced else ""
        )
        if rec.outcome == "no_penalty":
            return t(
                "结论：建议不予行政处罚" + (f"，{orders}" if orders else "") + "。",
                "Conclusion: no penalty" + (f"; {orders}" if orders else "") + ".",
            )
        what = t(f"建议给予{penalties}{reduced}", f"recommended {penalties}{reduced}")
        # 责令改正 and the like are not penalties (Art. 28): ordered whatever the penalty.
        lead = t(f"{orders}，并", f"{orders} (ordered); ") if orders else ""
        if rec.options:
            must = any(o.mandatory for o in rec.options)
            what = t(
                ("应当" if must else "可以") + "从轻或者减轻处罚，由行政机关选择：",
                ("mitigation or reduction is " + ("mandatory" if must else "allowed"))
                + "; the authority chooses: ",
            ) + t("；或者", "; or ").join(
                t(f"（{zh_number(n)}）", f"({n}) ")
                + self.pair(wording.CHOICES.get(o.choice, (o.choice, o.choice)))
                + t("，给予", ": ")
                + t("，", "; ").join(self.penalty_text(p) for p in o.penalties)
                for n, o in enumerate(rec.options, start=1)
            )
        if rec.outcome == "may_waive":
            text = t(
                "结论：符合可以不予处罚的情形，是否不予处罚由行政机关裁量决定",
                "Conclusion: the case qualifies for a discretionary waiver; the authority decides "
                "whether to impose a penalty",
            )
            if penalties:
                text += t(f"；决定给予处罚的，{what}", f"; if it does: {what}")
            if orders:
                text += t(f"；{orders}", f"; {orders}")
            return text + t("。", ".")
        return t(f"结论：{lead}{what}。", f"Conclusion: {lead}{what}.")

    def penalty_text(self, p: Penalty) -> str:
        label = p.label if self.lang == "zh" else (p.label_en or p.label)
        if p.min is None:
            return label
        return f"{label} {_range(p.min, p.max, self.unit(p.unit))}"


def render_text(rec: Recommendation, lang: Lang = "zh") -> str:
    """The justification as text: Chinese (default) or English (``lang="en"``).

    Rendering reads only the recommendation (no rule set), so it is deterministic: the same
    recommendation always gives byte-identical text, whether it was just evaluated or read back
    from the review log.
    """
    if lang not in ("zh", "en"):
        raise DiscretionError(f"lang must be 'zh' or 'en', not {lang!r}")
    return _Note(rec, lang).render()
