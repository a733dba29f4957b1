"""Exports for editors and other runtimes: JSON Schemas and JSONLogic (导出：格式与 JSONLogic).

Enters: the models of the documents discretion reads and writes; a loaded :class:`RuleSet`.
Leaves: JSON Schemas with stable ``$id`` (``_schemas``, the models of the non-rule documents in
``_documents``), and each item's level and circumstance conditions as JSONLogic rules with money
in integers of the fen (``_jsonlogic``), for case-handling systems written in Java, JavaScript, Go
or .NET. Nothing here decides a case: the exported rules are checked against the library's own
decisions by ``tests/test_jsonlogic.py``.
"""

from ._jsonlogic import FORMAT, encode_facts, export_item, export_rules
from ._schemas import (
    KINDS,
    SCHEMA_BASE,
    generate_schema,
    item_facts_schema,
    schema_id,
    schema_text,
    shipped_schema,
)

__all__ = [
    "FORMAT",
    "KINDS",
    "SCHEMA_BASE",
    "encode_facts",
    "export_item",
    "export_rules",
    "generate_schema",
    "item_facts_schema",
    "schema_id",
    "schema_text",
    "shipped_schema",
]
