"""The compiled rulesets written out for systems that run durable_rules themselves.

Enters: a loaded rule set. Leaves: :func:`export_rulesets` (every item's rulesets and how a case is
encoded, format :data:`FORMAT`) and the ``discretion export-durable`` command. Needs no durable_rules.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import RuleSetError
from ._durable_rulesets import compiled

FORMAT = "discretion-durable/1"
"""Version of the export format written by :func:`export_rulesets`."""


def _all_items(rules: RuleSet) -> Iterator[CompiledItem]:
    for code in rules.codes:
        yield from rules.versions(code)


def export_rulesets(rules: RuleSet) -> dict[str, Any]:
    """Every item's compiled rulesets, with the encoding a caller needs to assert a case.

    ``rulesets`` maps ruleset name → definition, as durable_rules' ``Host.set_rulesets`` takes
    them (``run`` names the level or circumstance); ``items`` maps ``code@version`` to the
    rulesets of that item and how each fact is encoded. Needs no durable_rules.
    """
    rulesets: dict[str, Any] = {}
    items: dict[str, Any] = {}
    for item in _all_items(rules):
        if item.point is not None:
            # issue 20: a point inside the band is measured by the engine, not by durable_rules
            raise RuleSetError(
                "无法导出为 durable_rules 规则集：该事项使用裁量起点（point），只能由本库的引擎计算 / "
                "cannot export for durable_rules: the item places a point inside the band "
                "(shape 'point'), which only the engine measures",
                file=item.file,
                line=item.line,
                item=item.code,
            )
        if item.after:
            # issue 20 point 5: adjustments after banding are measured by the engine only
            raise RuleSetError(
                "无法导出为 durable_rules 规则集：该事项有裁量后的比例调整（after_banding），只能由本库的"
                "引擎计算 / cannot export for durable_rules: the item adjusts the fine after banding "
                "(shape 'after_banding'), which only the engine measures",
                file=item.file,
                line=item.line,
                item=item.code,
            )
        comp = compiled(item)
        for rs in comp.rulesets:
            rulesets[rs.name] = copy.deepcopy(dict(rs.definition))
        items[f"{item.code}@{item.standard.version}"] = comp.describe()
    return {"format": FORMAT, "items": items, "rulesets": rulesets}


def cmd_export_durable(args: argparse.Namespace) -> int:
    """``discretion export-durable RULES [--out DIR|FILE]``: write the compiled rulesets.

    Without ``--out`` the whole export is printed; a path ending in ``.json`` receives it as one
    file; any other path is a folder that receives one ``<ruleset>.json`` per ruleset (in the form
    ``Host.set_rulesets`` takes) and ``index.json`` with the items and their encodings.
    """
    from ..compile._loader import load

    data = export_rulesets(load(args.rules))
    out: str | None = args.out
    if out is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    path = Path(out)
    if path.suffix == ".json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {len(data['rulesets'])} ruleset(s) to {path}")
        return 0
    path.mkdir(parents=True, exist_ok=True)
    for name, definition in data["rulesets"].items():
        file = path / (name.replace("/", "__") + ".json")
        text = json.dumps({name: definition}, ensure_ascii=False, indent=2)
        file.write_text(text + "\n", encoding="utf-8")
    index = {"format": data["format"], "items": data["items"]}
    (path / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(data['rulesets'])} ruleset(s) and index.json to {path}")
    return 0
