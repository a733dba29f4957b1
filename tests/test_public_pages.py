"""Public pages carry nothing internal (issue 13): no band ids, no conditions as code, no notes.

The catalogue is the publication Article 34 of the Administrative Penalty Law requires
(裁量基准应当向社会公布): what a party, an officer or a reviewer reads there must be the standard in
words. This test builds every catalogue page from ``rules/`` and scans it for what only a rule
file's author or a developer would write — a named band (``lower_30``), a comparison or an
``and``/``or``/``not`` between fact names (``harm == "none"``, ``not serious``), a reference to the
project's own notes (``LAW.md``), ``TODO``/``FIXME``, or a path into the source tree — and fails
with the page and the offending text. A page may still show a fact's name where an engineer needs
it (the facts table, 名称), never as a condition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from discretion.catalogue import build_catalogue
from strategies import RULESET

ROOT = Path(__file__).resolve().parent.parent
PAGES = build_catalogue(ROOT).pages


def _band_names() -> set[str]:
    names = {"lower_30", "middle_40", "upper_30"}
    for info in RULESET.standards:
        names |= set(RULESET.file_model(info.file).bands or {})
    return names


def _fact_names() -> set[str]:
    # Fact names of two words or more (first_violation, refused_to_correct): next to and / or /
    # not they are a condition as code. A single-word name (serious) is also an English word of
    # the English justification, so it is caught inside a code span instead (below).
    return {
        name
        for item in (RULESET.item(c) for c in RULESET.codes)
        for name in item.fields
        if "_" in name
    }


_FACTS = "|".join(sorted(map(re.escape, _fact_names()), key=len, reverse=True))
PATTERNS: dict[str, re.Pattern[str]] = {
    "band id": re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(_band_names()))) + r")\b"),
    "comparison as code": re.compile(r"==|!="),
    "and/or/not between fact names": re.compile(
        rf"\b(?:{_FACTS})\s+(?:and|or)\b|\b(?:and|or|not)\s+(?:{_FACTS})\b"
    ),
    "condition in a code span": re.compile(r"`[^`\n]*\b(?:and|or|not|in)\b[^`\n]*`"),
    "project notes": re.compile(r"LAW\.md|DESIGN\.md|STYLE\.md|\.\./shared"),
    "to-do marker": re.compile(r"\bTODO\b|\bFIXME\b|\bXXX\b"),
    "source path": re.compile(r"\bsrc/discretion\b|\btests/|\.py\b"),
}


def offences(text: str) -> list[tuple[str, str]]:
    """(what, the text around it) for every internal pattern in ``text``."""
    out = []
    for what, pattern in PATTERNS.items():
        for m in pattern.finditer(text):
            out.append((what, text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")))
    return out


@pytest.mark.parametrize("path", sorted(PAGES))
def test_no_public_page_shows_internal_matter(path: str) -> None:
    found = offences(PAGES[path].markdown)
    assert not found, f"{path}: " + "; ".join(f"{what}: …{text}…" for what, text in found[:8])


def test_the_scan_can_fail() -> None:
    # What the pages showed before issue 13 was fixed, each caught by its pattern.
    before = (
        '| **从轻** | 初次违法 | `first_violation and harm == "none" and not serious` | '
        "（法定幅度自下而上的 0%–30%；命名幅度 `lower_30`） | LAW.md 未载明文号 |"
    )
    caught = {what for what, _text in offences(before)}
    assert caught == {
        "band id",
        "comparison as code",
        "and/or/not between fact names",
        "condition in a code span",
        "project notes",
    }


def test_conditions_read_in_words_from_the_fact_labels() -> None:
    # FSL-124's 从轻 level (rules/food/fsl-2021.yaml): first_violation and harm == "none" and not
    # serious, in the words of its facts' labels (初次违法, 危害后果「没有造成危害后果」, 情节严重).
    page = PAGES["catalogue/cn.food-safety.fines/FSL-124.md"].markdown
    assert "| 初次违法 且 危害后果为「没有造成危害后果」 且 非情节严重 |" in page
    # The band by its meaning (the standard's 三档划分: 从轻 = the lowest 30 % of the range).
    assert "法定幅度自最低额起 0%–30%" in page


def test_the_30_40_30_banding_is_cited_as_the_agencys_own_choice() -> None:
    # No published source of the 30/40/30 split was found (LAW.md §4 marks it a convention): the
    # food standard cites it as the issuing agency's own choice, never as "unconfirmed" law.
    page = PAGES["catalogue/cn.food-safety.fines/FSL-124.md"].markdown
    assert "《制定机关选定的三档划分（从轻取法定幅度自最低额起0%–30%" in page
    assert not any(
        word in p.markdown for p in PAGES.values() for word in ("unconfirmed", "未经确认")
    )
