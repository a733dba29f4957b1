"""Compiling no-penalty lists with their own dates (format ``lists``, issue 20 point 10).

Load-time checks, each with the file and line (Chinese first, English second): a list id used
twice; an entry naming an item the standard does not define (with a suggestion); per item, an
entry condition naming an undeclared fact, and a first-violation rule whose ``prior`` fact is not a
declared list of dates. Leaves, per item, the :class:`CompiledListEntry` records of the entries that
list it, which the reference pipeline's gate applies (``decide._stage_gate``):

1. the list is in force on the case's date — the decision date, or the violation date where the
   list says so; a case without that date is taken as within a list that has no end date, and
   outside one that has (its step says the date was not given);
2. the case is a first violation as the list defines it: none of the ``prior`` dates falls within
   ``years`` before the violation date (before the decision date when the violation date is not
   given; any prior date counts when neither is);
3. the entry's conditions hold.

Where all three hold, the list's effect applies as a no-penalty ground (``no_penalty``, or
``may_waive``), with the id ``list:<id>`` so a decision can tell a listed case from the law's own
grounds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import did_you_mean
from ..format._model import StandardFile
from ._conditions import Condition
from ._items_scope import ItemScope, Reporter
from ._records import Source

__all__ = ["LIST_PREFIX", "CompiledList", "CompiledListEntry", "ListParts", "check_lists"]

LIST_PREFIX = "list:"
"""The ground id of a list that applies: ``list:<list id>``."""


@dataclass(frozen=True, slots=True)
class CompiledList:
    """A list's own declaration: effect, wording, dates, first-violation rule and sources."""

    id: str
    kind: str  # no_penalty | may_waive
    title: str
    title_en: str
    start: dt.date
    end: dt.date | None
    applies_on: str  # decision | violation
    prior: str | None
    years: int | None
    first_label: tuple[str, str] | None
    reason_required: bool
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CompiledListEntry:
    """One entry that lists this item: its list, conditions, wording and sources."""

    list: CompiledList
    when: Condition
    label: str
    label_en: str
    sources: tuple[Source, ...]


def check_lists(reporter: Reporter, model: StandardFile) -> None:
    """The standard's lists, checked once per file: ids and the items they name."""
    codes = [item.code for item in model.items]
    seen: set[str] = set()
    for li, plist in enumerate(model.lists):
        if plist.id in seen:
            reporter.fail(
                f"清单标识 {plist.id!r} 重复 / list id {plist.id!r} is declared twice",
                ("lists", li, "id"),
            )
        seen.add(plist.id)
        for ei, entry in enumerate(plist.entries):
            for ci, code in enumerate(entry.items):
                if code not in codes:
                    reporter.fail(
                        f"清单「{plist.title}」列有本基准未定义的事项 {code!r} / list {plist.id!r} "
                        f"names item {code!r}, which the standard does not define",
                        ("lists", li, "entries", ei, "items", ci),
                        did_you_mean(code, codes),
                    )


class ListParts(ItemScope):
    """The entries of the standard's lists that name this item."""

    def lists(self) -> tuple[CompiledListEntry, ...]:
        out = []
        for li, plist in enumerate(self.model.lists):
            entries = [(ei, e) for ei, e in enumerate(plist.entries) if self.item.code in e.items]
            if not entries:
                continue
            base = ("lists", li)
            first = plist.first_violation
            if first is not None:
                fact = self.fields.get(first.prior)
                if fact is None or fact.spec.type != "dates":
                    found = "未声明" if fact is None else f"类型为 {fact.spec.type}"
                    self.fail(
                        f"清单「{plist.title}」的首次违法定义引用事实 {first.prior!r}，该事实{found}；"
                        "须为日期列表（type: dates）/ the list's first-violation rule needs "
                        f"{first.prior!r} to be a declared fact of type dates",
                        (*base, "first_violation", "prior"),
                    )
            compiled = CompiledList(
                plist.id,
                plist.kind,
                plist.title,
                plist.title_en or plist.title,
                plist.effective_from,
                plist.effective_to,
                plist.applies_on,
                first.prior if first else None,
                first.years if first else None,
                (first.label, first.label_en or first.label) if first else None,
                plist.reason_required,
                self.sources(plist.citation, self.laws, (*base, "citation")),
            )
            for ei, entry in entries:
                path = (*base, "entries", ei)
                out.append(
                    CompiledListEntry(
                        compiled,
                        self.cond(entry.when, (*path, "when")),
                        entry.label,
                        entry.label_en or entry.label,
                        self.sources(entry.citation, self.laws, (*path, "citation"))
                        + compiled.sources,
                    )
                )
        return tuple(out)
