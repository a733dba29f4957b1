"""The library's error types: one root, two families.

Every error a user can cause derives from :class:`DiscretionError`, itself a ``ValueError``.
:class:`RuleSetError` covers problems in a rule file, found when it loads; :class:`CaseError` covers
problems in one case's facts or in evaluating it. Each error knows where it happened (file, line,
item, field) so that a message can point a legal drafter or an engineer straight at the cause.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class DiscretionError(ValueError):
    """Root of every error the library raises for bad input.

    Attributes:
        file: the rule or facts file concerned, when there is one.
        line: its 1-based line number, when known.
        item: the item code (裁量事项编码), when the problem belongs to one item.
        field: the dotted path of the offending field, e.g. ``levels[2].band``.
        hint: a suggestion, e.g. the fact name that was probably meant.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        item: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.item = item
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        """``file:line``, ``item X``, ``field Y``, joined: where to look."""
        return format_location(self.file, self.line, self.item, self.field)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        """The error as JSON-ready data, for services that return errors to a client."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "hint": self.hint,
        }


class RuleSetError(DiscretionError):
    """A rule file is malformed or inconsistent (found at load time)."""


class RuleSetErrors(RuleSetError):  # noqa: N818 - a list of errors, named as one
    """Several rule-set problems found in one load; ``errors`` lists each of them."""

    def __init__(self, errors: list[RuleSetError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(
            f"规则文件有 {len(errors)} 个问题 ({len(errors)} problem(s) in the rule set):\n"
            + "\n".join(f"  - {e}" for e in errors),
            file=first.file,
            line=first.line,
            item=first.item,
            field=first.field,
        )

    def __str__(self) -> str:
        return self.message


class CaseError(DiscretionError):
    """A case cannot be evaluated: bad facts, unknown item, or a defect met while evaluating."""


class FactError(CaseError):
    """A fact is missing, unknown, of the wrong type or outside its bounds."""


class UnknownItemError(CaseError):
    """No item with the requested code exists in the rule set."""


class CompetenceError(CaseError):
    """The deciding body given may not decide the item (APL Art. 17–24), or the standard names
    no bodies to check it against."""


class LevelConflictError(CaseError):
    """Two or more discretion levels (裁量阶次) hold for the same facts: the standard overlaps."""


class LevelGapError(CaseError):
    """No discretion level holds for the facts: the standard has a gap."""


def format_location(file: str | None, line: int | None, item: str | None, field: str | None) -> str:
    """``file:line, item X, field Y`` with whatever parts are known."""
    parts: list[str] = []
    if file:
        parts.append(f"{file}:{line}" if line else file)
    if item:
        parts.append(f"item {item}")
    if field:
        parts.append(f"field {field}")
    return ", ".join(parts)


def bundle(errors: list[RuleSetError]) -> RuleSetError:
    """One error as itself, several as one :class:`RuleSetErrors`."""
    return errors[0] if len(errors) == 1 else RuleSetErrors(errors)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """Suggest the closest candidate to a misspelt name, or ``None``.

    >>> did_you_mean("goods_valu", ["goods_value", "party_type"])
    "did you mean 'goods_value'?"
    """
    close = closest(name, candidates)
    return f"did you mean {close!r}?" if close is not None else None


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt name, or ``None`` (what :func:`did_you_mean` names)."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None
