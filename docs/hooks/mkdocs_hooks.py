"""MkDocs hooks of this project's own site: expand the guides' live examples at build time.

Thin on purpose: the catalogue of standards comes from the ``discretion`` plugin (mkdocs.yml,
:mod:`discretion.catalogue.mkdocs_plugin`), which any agency uses for its own standards; what is
left here is specific to this site's guides (:mod:`guides`, which knows nothing of MkDocs).
Nothing is written into ``docs/``.
"""

from __future__ import annotations

from pathlib import Path

import guides
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import discretion


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the guides' ``<!-- discretion:... -->`` markers with live output."""
    if page.file.generated_by is not None or "<!-- discretion:" not in markdown:
        return markdown
    try:
        return guides.expand(markdown, Path(config.config_file_path).resolve().parent)
    except (guides.GuideError, discretion.DiscretionError) as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc
