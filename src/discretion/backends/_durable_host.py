"""The process's durable_rules host and the backend that asks it (the durable backend's adapter).

Enters: a compiled item and validated facts. Leaves: the names of the rules that fire
(:func:`decide`), and :class:`DurableBackend`, the :class:`~discretion.decide.Backend` built on it.
One host per process, its timer threads never started; a fresh session per evaluation, deleted
in ``finally``; one lock around each call, since threads sharing the host crash it.
"""

from __future__ import annotations

import copy
import itertools
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..compile._records import CompiledItem
from ._durable_rulesets import SEEN, DurableError, DurableRuleset, compiled


class DurableUnavailableError(DurableError):
    """durable_rules is not installed, or does not import on this Python."""


_LOCK = threading.Lock()
_SESSIONS = itertools.count(1)


class _Host:
    """The process's durable_rules host and the names of the rulesets built in it."""

    def __init__(self) -> None:
        engine = import_engine()

        class QuietHost(engine.Host):  # type: ignore[misc,name-defined]
            # Host.__init__ calls _run, which starts two timer threads that re-arm themselves
            # forever to dispatch timers and queued actions; evaluation uses neither.
            def _run(self) -> None:
                return None

            def get_action(self, action_name: str) -> Callable[[Any], None]:
                return _action(action_name)

        self.host = QuietHost()
        self.built: set[str] = set()

    def ensure(self, ruleset: DurableRuleset) -> None:
        if ruleset.name not in self.built:
            # durable edits the definition it is given (it removes each rule's run).
            self.host.register_rulesets({ruleset.name: copy.deepcopy(dict(ruleset.definition))})
            self.built.add(ruleset.name)


_HOST: _Host | None = None


def import_engine() -> Any:
    try:
        import durable.engine as engine
    except Exception as exc:  # ImportError, or the extension failing to load on a new Python
        raise DurableUnavailableError(
            "the durable-rules backend needs durable_rules: pip install 'discretion[durable]' "
            f"(its last release does not import on Python 3.13 or later; this is "
            f"{sys.version_info.major}.{sys.version_info.minor}): {exc}",
            field="backend",
        ) from exc
    return engine


def _action(name: str) -> Callable[[Any], None]:
    """The action of rule ``name``: record in the session state that it fired."""

    def record(c: Any) -> None:
        c.s[name] = True

    return record


def process_host() -> _Host:
    global _HOST
    if _HOST is None:
        _HOST = _Host()
    return _HOST


def decide(item: CompiledItem, facts: Mapping[str, Any]) -> frozenset[str]:
    """The names of the rules that fire for these (validated) facts, one session per ruleset.

    Raises:
        DurableUnavailableError: durable_rules does not import.
        DurableError: a value does not fit the encoding, or durable_rules failed.
    """
    comp = compiled(item)
    messages = [rs.message(facts, item.code, comp.places) for rs in comp.rulesets]
    fired: set[str] = set()
    with _LOCK:
        host = process_host()
        for rs, message in zip(comp.rulesets, messages, strict=True):
            host.ensure(rs)
            sid = str(next(_SESSIONS))
            message["sid"] = sid
            try:
                state = host.host.assert_fact(rs.name, message)
            except Exception as exc:
                # Not deleted: durable crashes the process deleting a session it did not handle.
                # The SEEN rule makes every case handled, so this is durable failing.
                raise DurableError(
                    f"durable_rules failed on ruleset {rs.name}: {type(exc).__name__} {exc}",
                    item=item.code,
                ) from exc
            try:
                if state and state.get("exception"):
                    raise DurableError(
                        f"an action raised inside durable_rules (ruleset {rs.name}): "
                        f"{str(state['exception']).splitlines()[0][:500]}",
                        item=item.code,
                    )
                if not state or state.get(SEEN) is not True:
                    raise DurableError(
                        f"durable_rules did not run the rules of {rs.name} for this case",
                        item=item.code,
                    )
                fired.update(name for name in rs.rules if state.get(name) is True)
            finally:
                _delete(host, rs.name, sid)
    fired.discard(SEEN)
    return frozenset(fired)


def _delete(host: _Host, ruleset: str, sid: str) -> None:
    try:
        host.host.delete_state(ruleset, sid)
    except Exception as exc:
        raise DurableError(
            f"durable_rules could not delete session {sid} of {ruleset}: {exc}"
        ) from exc


class DurableBackend:
    """The :class:`~discretion.decide._engine.Backend` that asks durable_rules.

    One assertion decides both the levels and the circumstances; the engine asks for levels
    first, so the answer is kept (per thread) for the circumstances of the same facts.
    """

    def __init__(self) -> None:
        self._last = threading.local()

    def _fired(self, item: CompiledItem, facts: Mapping[str, Any]) -> frozenset[str]:
        last = getattr(self._last, "value", None)
        if last is not None and last[0] is item and last[1] is facts and last[2] == facts:
            fired: frozenset[str] = last[3]
            return fired
        fired = decide(item, facts)
        self._last.value = (item, facts, dict(facts), fired)
        return fired

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        fired = self._fired(item, facts)
        return tuple(f"level/{lv.id}" in fired for lv in item.levels)

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        fired = self._fired(item, facts)
        return tuple(f"circumstance/{c.id}" in fired for c in item.circumstances)
