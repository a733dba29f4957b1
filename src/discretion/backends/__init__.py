"""Other engines that decide the same level and circumstance tests (optional layers).

Enters: a compiled item and its facts. ``durable`` (extra ``discretion[durable]``) compiles the
conditions to durable_rules rulesets and answers the :class:`~discretion.decide.Backend` protocol.
It is the face of four private modules, one per responsibility: ``_durable_conditions`` (a
condition as a durable_rules expression, numbers encoded exactly), ``_durable_rulesets`` (an
item's rules packed into chunks named by their digest), ``_durable_host`` (the one host, its lock
and sessions, the backend) and ``_durable_export`` (``discretion export-durable``).
Leaves: which conditions hold. Depends on :mod:`discretion.compile` and :mod:`discretion.decide`
only, and nothing below imports it: ``evaluate(..., backend="durable")`` looks it up by name.
"""
