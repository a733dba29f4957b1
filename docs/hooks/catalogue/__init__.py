"""The catalogue of standards (裁量基准目录), generated as Markdown from the rule files.

Article 34 of the Administrative Penalty Law requires discretion standards to be published; the
docs site is that publication, so its pages are built from ``rules/`` at build time and can never
drift from what the library evaluates. :func:`build_catalogue` loads the rule files, evaluates each
item's example cases, and returns the pages as text with a navigation tree. It knows nothing of
MkDocs: a thin hook (``docs/hooks/mkdocs_hooks.py``) hands the pages to the site generator, so a
move to another generator only replaces the hook.
"""

from __future__ import annotations

from .pages import Catalogue, NavEntry, Page, build_catalogue
from .text import cell, money, number, span

__all__ = ["Catalogue", "NavEntry", "Page", "build_catalogue", "cell", "money", "number", "span"]
