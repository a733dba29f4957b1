"""The MkDocs plugin ``discretion``: the catalogue of an agency's own standards in its own site.

In ``mkdocs.yml``::

    plugins:
      - search
      - discretion:
          rules: rules          # the folder of the rule files, relative to mkdocs.yml
    nav:
      - 裁量基准目录: catalogue/index.md

The nav entry ``catalogue/index.md`` (option ``placeholder``) is replaced by the catalogue's
pages: one per standard and per item, the indexes by field and by article, each item's example
cases evaluated at build time. An example case that no longer matches its expectation is a
warning, so ``mkdocs build --strict`` refuses to publish it; rule files that do not load stop the
build with the loader's message (file, line, item, field). Nothing is written into ``docs/``: the
pages are handed to MkDocs in memory. Installed with the ``docs`` extra
(``pip install "discretion[docs]"``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..errors import DiscretionError
from ._pages import Catalogue, build_catalogue
from ._tables import label_cells

STYLESHEET = "assets/discretion/catalogue.css"
"""Where the plugin's stylesheet is put in the site."""

# A logger under "mkdocs" so that `mkdocs build --strict` counts its warnings.
log = logging.getLogger("mkdocs.plugins.discretion")


class CatalogueConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs leaves it untyped
    """The plugin's options (``plugins: - discretion: {…}``)."""

    rules = config_options.Type(str, default="rules")
    """The rule files: a folder (or one file), relative to the folder of ``mkdocs.yml``."""
    prefix = config_options.Type(str, default="catalogue")
    """The folder of the generated pages inside the site."""
    placeholder = config_options.Type(str, default="catalogue/index.md")
    """The nav entry that the catalogue's navigation replaces."""
    stylesheet = config_options.Type(bool, default=True)
    """Add the plugin's stylesheet: tables as cards on a phone, readable name columns on a
    desktop (each body cell gets its column's heading as ``data-label``)."""
    clean_search_titles = config_options.Type(bool, default=True)
    """Remove the zero-width spaces (U+200B) that the search plugin's Chinese word segmentation
    (jieba) puts into page and section titles of the search index, where search results show
    them; the indexed text keeps them, so Chinese words are still found."""


def _expand_nav(nav: Any, placeholder: str, cat: Catalogue) -> Any:
    if isinstance(nav, list):
        return [_expand_nav(entry, placeholder, cat) for entry in nav]
    if isinstance(nav, dict):
        return {
            title: cat.nav if value == placeholder else _expand_nav(value, placeholder, cat)
            for title, value in nav.items()
        }
    return nav


class CataloguePlugin(BasePlugin[CatalogueConfig]):  # type: ignore[no-untyped-call]
    """Build the catalogue from the rule files and add its pages and navigation to the site."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        rules = (root / self.config.rules).resolve()
        try:
            self.catalogue = build_catalogue(root, rules, self.config.prefix)
        except DiscretionError as exc:
            raise PluginError(
                f"规则文件未能加载，无法生成裁量基准目录 (the rule files do not load, so the "
                f"catalogue cannot be built):\n{exc}"
            ) from exc
        if config.nav is not None:
            config.nav = _expand_nav(config.nav, self.config.placeholder, self.catalogue)
        if self.config.stylesheet and STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.catalogue is None:  # on_config failed; MkDocs has already stopped
            return files
        for page in self.catalogue.pages.values():
            files.append(File.generated(config, page.path, content=page.markdown))
        if self.config.stylesheet:
            css = (Path(__file__).parent / "catalogue.css").read_text(encoding="utf-8")
            files.append(File.generated(config, STYLESHEET, content=css))
        for problem in self.catalogue.problems:
            log.warning("示例案例与预期不符 (example case): %s", problem)
        return files

    def on_page_content(self, html: str, **kwargs: Any) -> str:
        return label_cells(html) if self.config.stylesheet else html

    # After the search plugin writes its index (priority 0), before Material's offline plugin
    # turns it into a script (priority -100).
    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.config.clean_search_titles:
            clean_search_titles(Path(config.site_dir) / "search" / "search_index.json")


ZERO_WIDTH = "\u200b"


def clean_search_titles(index: Path) -> None:
    """Drop U+200B from the titles of a search index (no index, nothing to do)."""
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    for doc in data.get("docs", []):
        if isinstance(doc.get("title"), str):
            doc["title"] = doc["title"].replace(ZERO_WIDTH, "")
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
