"""Tables that stay readable on a phone: every body cell carries its column's heading.

:func:`label_cells` gives each ``<td>`` of a rendered table a ``data-label`` attribute with the
text of its column's ``<th>``. The stylesheet (``catalogue.css``) turns each row into a card on a
narrow screen, with the label beside each value, so an amount is never cut off at the edge of a
390 px screen behind a horizontal scroll. Works on the HTML Python-Markdown writes for a pipe
table (one ``<thead>`` row of ``<th>``, ``<tbody>`` rows of ``<td>``); any other table is left
as it is.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table>\s*<thead>(?P<head>.*?)</thead>(?P<body>.*?)</table>", re.S)
_TH = re.compile(r"<th[^>]*>(?P<text>.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(?P<cells>.*?)</tr>", re.S)
_TD = re.compile(r"<td(?P<attrs>[^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _label_body(body: str, labels: list[str]) -> str:
    def row(match: re.Match[str]) -> str:
        column = iter(labels)

        def cell(td: re.Match[str]) -> str:
            label = next(column, "")
            if not label or "data-label" in td["attrs"]:
                return td.group(0)
            return f'<td data-label="{html.escape(label, quote=True)}"{td["attrs"]}>'

        return "<tr>" + _TD.sub(cell, match["cells"]) + "</tr>"

    return _ROW.sub(row, body)


def label_cells(page_html: str) -> str:
    """``page_html`` with ``data-label`` on every body cell of its pipe tables."""

    def table(match: re.Match[str]) -> str:
        labels = [_text(th["text"]) for th in _TH.finditer(match["head"])]
        if not labels:
            return match.group(0)
        body = _label_body(match["body"], labels)
        return f"<table>\n<thead>{match['head']}</thead>{body}</table>"

    return _TABLE.sub(table, page_html)
