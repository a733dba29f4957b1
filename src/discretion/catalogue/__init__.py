"""The catalogue of standards (裁量基准目录), generated as Markdown from the rule files.

Article 34 of the Administrative Penalty Law requires discretion standards to be published; the
docs site is that publication, so its pages are built from ``rules/`` at build time and can never
drift from what the library evaluates. :func:`build_catalogue` loads the rule files, evaluates each
item's example cases, and returns the pages as text with a navigation tree. Nothing here knows
MkDocs but :mod:`discretion.catalogue.mkdocs_plugin`, the plugin ``discretion`` that hands the
pages to the site generator, so that an agency builds the same catalogue for its own standards
(``plugins: - discretion: {rules: rules}``) and a move to another generator only replaces it.

Enters: a project folder and its rule files. Leaves: Markdown pages and their navigation.
"""

from __future__ import annotations

from ._cases import case_md
from ._pages import Catalogue, NavEntry, Page, build_catalogue
from ._text import cell, money, number, span

__all__ = [
    "Catalogue",
    "NavEntry",
    "Page",
    "build_catalogue",
    "case_md",
    "cell",
    "money",
    "number",
    "span",
]
