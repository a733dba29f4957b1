"""The JSONLogic export beside the library: level and circumstance decisions per second, as ratios.

On the synthetic standard (``synthetic.py``), the same cases are decided four ways in one run:

1. a bare loop over the cases (the floor: reading the facts, nothing decided);
2. the library's compiled conditions (``PythonBackend`` on validated facts);
3. datalogic-py on the exported rules, each rule compiled once (``Engine.compile``), facts
   encoded by :func:`discretion.export.encode_facts` (money in fen);
4. the same without the encoding (facts encoded beforehand), the cost a Java caller pays.

Every way must give the same decisions, or the run stops. Writes its section of RESULTS.md
between ``<!-- jsonlogic.py: begin -->`` and ``<!-- jsonlogic.py: end -->``.

    .venv/bin/python benchmarks/jsonlogic.py [--items 100] [--cases 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import datalogic_py

import synthetic
from discretion.compile._facts import validate_facts
from discretion.compile._loader import loads_many
from discretion.decide import PythonBackend
from discretion.export import encode_facts, export_item

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN, END = "<!-- jsonlogic.py: begin -->", "<!-- jsonlogic.py: end -->"


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()

    specs = synthetic.item_specs(args.items)
    ruleset = loads_many(synthetic.standard_sources(specs))
    cases = synthetic.generate_cases(specs, args.cases)
    items = {code: ruleset.item(code) for code in ruleset.codes}
    engine = datalogic_py.Engine()
    compiled = {}
    for code, item in items.items():
        doc = export_item(item)
        compiled[code] = [
            engine.compile(json.dumps(e["rule"])) for e in (*doc["levels"], *doc["circumstances"])
        ]
    python = PythonBackend()
    validated = [(code, validate_facts(items[code].fields, f, code)) for code, f in cases]
    encoded = [(code, encode_facts(items[code], f)) for code, f in cases]

    def bare() -> list[Any]:
        return [(code, len(f)) for code, f in cases]

    def library() -> list[tuple[bool, ...]]:
        return [
            python.levels(items[c], v) + python.circumstances(items[c], v) for c, v in validated
        ]

    def jsonlogic_encoding() -> list[tuple[bool, ...]]:
        out = []
        for code, facts in cases:
            data = json.dumps(encode_facts(items[code], facts))
            out.append(tuple(r.evaluate_str(data) == "true" for r in compiled[code]))
        return out

    def jsonlogic_encoded() -> list[tuple[bool, ...]]:
        texts = [(c, json.dumps(d)) for c, d in encoded]
        return [tuple(r.evaluate_str(d) == "true" for r in compiled[c]) for c, d in texts]

    t_bare, _ = _timed(bare)
    t_lib, expected = _timed(library)
    t_enc, with_encoding = _timed(jsonlogic_encoding)
    t_pre, pre_encoded = _timed(jsonlogic_encoded)
    if not expected == with_encoding == pre_encoded:
        raise SystemExit("DIFFERS: the exported rules decided some case otherwise")

    n = len(cases)
    rules_per_case = sum(len(compiled[c]) for c, _f in cases) / n
    rows = [
        ("bare loop", t_bare),
        ("library, compiled conditions", t_lib),
        ("datalogic, facts encoded per case (encode_facts + JSON)", t_enc),
        ("datalogic, facts encoded beforehand", t_pre),
    ]
    lines = [
        BEGIN,
        f"## JSONLogic export (issue 16; `.venv/bin/python benchmarks/jsonlogic.py --items "
        f"{args.items} --cases {args.cases}`, one run, machine shared with other engineers: "
        f"load average {os.getloadavg()[0]:.1f}, timings noisy)",
        "",
        f"{n:,} cases of the synthetic standard, {rules_per_case:.1f} level and circumstance "
        "rules each; every way gave the same decisions on every case.",
        "",
        "| way | cases/s | time ÷ library |",
        "| --- | --- | --- |",
        *(f"| {name} | {n / t:,.0f} | {t / t_lib:.2f} |" for name, t in rows),
        "",
        "The export is a cross-check and a hand-over to other runtimes, not a faster path: the "
        "library's own compiled conditions stay the source of truth (DESIGN.md §8).",
        END,
    ]
    section = "\n".join(lines)
    text = RESULTS.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text.rstrip() + "\n", encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
