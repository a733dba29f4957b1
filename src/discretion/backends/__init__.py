"""Other engines that decide the same level and circumstance tests (optional layers).

Enters: a compiled item and its facts. ``durable`` (extra ``discretion[durable]``) compiles the
conditions to durable_rules rulesets and answers the :class:`~discretion.decide.Backend` protocol.
Leaves: which conditions hold. Depends on :mod:`discretion.compile` and :mod:`discretion.decide`
only, and nothing below imports it: ``evaluate(..., backend="durable")`` looks it up by name.
"""
