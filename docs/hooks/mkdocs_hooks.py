"""MkDocs hooks: add the generated catalogue and expand the guides' live examples at build time.

Thin on purpose: the pages come from :mod:`catalogue` and :mod:`guides`, which know nothing of
MkDocs, so moving the site to another generator (Zensical reads this mkdocs.yml) only replaces
this file. Nothing is written into ``docs/``: the pages are handed to MkDocs in memory.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import catalogue
import guides
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import discretion

# A logger under "mkdocs" so that `mkdocs build --strict` counts its warnings.
log = logging.getLogger("mkdocs.hooks.discretion")

PLACEHOLDER = "catalogue/index.md"
"""The nav entry in mkdocs.yml that the generated catalogue's navigation replaces."""

_built: dict[str, catalogue.Catalogue] = {}


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _expand_nav(nav: Any, cat: catalogue.Catalogue) -> Any:
    if isinstance(nav, list):
        return [_expand_nav(entry, cat) for entry in nav]
    if isinstance(nav, dict):
        return {
            title: cat.nav if value == PLACEHOLDER else _expand_nav(value, cat)
            for title, value in nav.items()
        }
    return nav


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the catalogue from rules/ and put its pages into the navigation."""
    try:
        cat = catalogue.build_catalogue(_root(config))
    except discretion.DiscretionError as exc:
        raise PluginError(
            f"the rule files do not load, so the catalogue cannot be built:\n{exc}"
        ) from exc
    _built["catalogue"] = cat
    config.nav = _expand_nav(config.nav, cat)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the catalogue pages as generated files; report example cases that do not match."""
    cat = _built["catalogue"]
    for page in cat.pages.values():
        files.append(File.generated(config, page.path, content=page.markdown))
    for problem in cat.problems:
        log.warning("example case: %s", problem)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the guides' ``<!-- discretion:... -->`` markers with live output."""
    if page.file.generated_by is not None or "<!-- discretion:" not in markdown:
        return markdown
    try:
        return guides.expand(markdown, _root(config))
    except (guides.GuideError, discretion.DiscretionError) as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc
