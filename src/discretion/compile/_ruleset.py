"""The loaded rule set: standards, their versions and their items, indexed by item code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..errors import UnknownItemError, closest, did_you_mean
from ..format._model import StandardFile
from ._records import CompiledItem, StandardInfo


class _Latest(Mapping[str, CompiledItem]):
    """Item code → its latest version, read from the version's own mapping when asked."""

    __slots__ = ("_where",)

    def __init__(self, where: dict[str, Mapping[str, CompiledItem]]) -> None:
        self._where = where

    def __getitem__(self, code: str) -> CompiledItem:
        return self._where[code][code]

    def __contains__(self, code: object) -> bool:
        return code in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class RuleSet:
    """A set of loaded standards, indexed by item code. Immutable and safe to share across threads.

    Pickling a rule set sends its source texts, and the receiving process compiles them again,
    so batch work can run in worker processes.
    """

    def __init__(
        self,
        standards: Iterable[StandardInfo],
        versions: Mapping[str, Sequence[tuple[StandardInfo, Mapping[str, CompiledItem]]]],
        owner: Mapping[str, str],
        sources: tuple[tuple[str, str], ...],
        files: Mapping[str, StandardFile],
    ) -> None:
        self._standards = tuple(standards)
        self._versions = {k: tuple(v) for k, v in versions.items()}
        self._owner = dict(owner)
        # The latest version of each item, for listing and for cases without dates. Looked up
        # through the version holding it, so that items compiled on first use stay uncompiled.
        latest: dict[str, Mapping[str, CompiledItem]] = {}
        for code, std_id in owner.items():
            for _info, items in reversed(self._versions[std_id]):
                if code in items:
                    latest[code] = items
                    break
        self._items: Mapping[str, CompiledItem] = _Latest(latest)
        self._sources = sources
        self._files = files  # built for this rule set alone (perhaps lazily): not copied

    @property
    def standards(self) -> tuple[StandardInfo, ...]:
        """The standards loaded, general part included, in file order."""
        return self._standards

    @property
    def codes(self) -> tuple[str, ...]:
        """Every item code, sorted."""
        return tuple(sorted(self._items))

    def items(self) -> Iterator[CompiledItem]:
        """The latest version of every item, sorted by code."""
        return (self._items[c] for c in self.codes)

    def item(self, code: str, on: dt.date | None = None) -> CompiledItem:
        """The item with this code: the version in force ``on`` a date, else the latest.

        Raises:
            UnknownItemError: no such item (the message suggests the closest code), or no
                version of its standard in force on that date, or that version lacks the item.
        """
        if code not in self._items:
            raise _unknown(str(code), self._items)
        if on is None:
            return self._items[code]
        found = self.version_on(code, on)
        if found is None:
            raise UnknownItemError(
                f"{on} 没有施行中的、含有裁量事项 {code!r} 的裁量基准版本，请核对违法行为发生日期 / "
                f"no version of the standard holding item {code!r} is in force on {on}",
                item=code,
                field="violation_date",
            )
        return found

    def version_on(self, code: str, on: dt.date) -> CompiledItem | None:
        """The item as the version of its standard in force on ``on`` has it, or ``None``.

        ``None`` also when that version no longer has the item (the act is no longer punished).
        """
        std_id = self._owner.get(code)
        if std_id is None:
            return None
        for info, items in self._versions[std_id]:
            if info.effective_from <= on and (info.effective_to is None or on <= info.effective_to):
                return items.get(code)
        return None

    def in_force(self, code: str, on: dt.date) -> StandardInfo | None:
        """The version of ``code``'s standard in force on ``on``, if any."""
        for info, _items in self._versions.get(self._owner.get(code, ""), ()):
            if info.effective_from <= on and (info.effective_to is None or on <= info.effective_to):
                return info
        return None

    def versions(self, code: str) -> tuple[CompiledItem, ...]:
        """Every version of an item, oldest first."""
        std_id = self._owner.get(code)
        if std_id is None:
            return ()
        return tuple(items[code] for _info, items in self._versions[std_id] if code in items)

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """The ``(file name, text)`` pairs the rule set was compiled from."""
        return self._sources

    def file_model(self, file: str) -> StandardFile:
        """The validated model of one loaded file."""
        return self._files[file]

    def __contains__(self, code: object) -> bool:
        return code in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        ids = ", ".join(f"{s.id}@{s.version}" for s in self._standards)
        return f"<RuleSet {len(self._items)} items: {ids}>"


def _unknown(code: str, known: Iterable[str]) -> UnknownItemError:
    """Unknown item, Chinese first (issue 16): the closest code in both languages, so that a
    reader of either half sees what was probably meant; ``hint`` keeps the English suggestion
    for callers that show it apart."""
    close = closest(code, known)
    zh = f"未找到裁量事项 {code!r}"
    if close is not None:
        zh += f"，是否指 {close!r}？"
    else:
        zh += "，请核对事项编码（discretion list 可列出全部事项）"
    hint = did_you_mean(code, [close]) if close is not None else None
    return UnknownItemError(f"{zh} / unknown item {code!r}", item=code, hint=hint)
