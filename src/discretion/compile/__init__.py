"""Compiling (编译): rule files in, an immutable, checked :class:`RuleSet` out.

Enters: rule files (paths, or ``(name, text)`` pairs). Loading parses them (:mod:`discretion.format`),
then checks what the models cannot — conditions against the declared facts (``_conditions``), fact
converters (``_facts``), amount shapes and bands inside the statute (``_amounts``), citations and
references — one item at a time (``_items``, its parts in ``_items_scope``, ``_items_penalties`` and
``_items_grounds``) under the standard's compiler (``_compiler``), and
collects every problem with file, line, item and field. Leaves: the frozen compiled records
(``_records``) that deciding reads, indexed by item code and version in a :class:`RuleSet`.
"""

from ._loader import load, loads_many, rule_files
from ._ruleset import RuleSet

__all__ = [
    "RuleSet",
    "load",
    "loads_many",
    "rule_files",
]
