"""What reading YAML as 1.2 costs: the synthetic 1 000-item standard parsed three ways, one run.

- ``compose``: libyaml composing the node tree only (the bare loop: nothing is built);
- ``1.1``: :func:`discretion.format._yaml.loads` with the scalar reading it had before YAML 1.2
  (the tag PyYAML resolved by 1.1 taken as it is: ``yes`` → true, ``012`` → 10);
- ``1.2``: :func:`~discretion.format._yaml.loads` as it is (bool, int and float tags looked at
  again, plain strings starting with a digit checked for an exponent).

The three are interleaved, best of ``--repeat`` each, and given as ratios: on a shared machine the
absolute times are noisy, the ratios of one run much less so. Writes its section of
``benchmarks/RESULTS.md`` between its markers. Usage::

    .venv/bin/python benchmarks/yaml12.py [--items 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from discretion.format import _yaml  # noqa: E402

BEGIN = "<!-- yaml12.py: begin -->"
END = "<!-- yaml12.py: end -->"


def _scalar_11(loader: Any, node: yaml.ScalarNode, file: str) -> Any:
    """The scalar reading before YAML 1.2, kept here to measure against (strings first)."""
    if node.tag == _yaml._STR:
        return node.value
    if node.tag == _yaml._FLOAT:
        return _yaml.Decimal(node.value.replace("_", ""))
    if node.tag == _yaml._INT and node.value.isdigit():
        return int(node.value)
    return loader.construct_object(node)


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    sources = synthetic.standard_sources(synthetic.item_specs(args.items))
    name, text = max(sources, key=lambda s: len(s[1]))
    new = _yaml._scalar

    def compose() -> None:
        loader = _yaml._Loader(text)
        loader.get_single_node()
        loader.dispose()

    def with_scalar(fn: Any) -> Callable[[], object]:
        def run() -> object:
            _yaml._scalar = fn
            try:
                return _yaml.loads(text, name)
            finally:
                _yaml._scalar = new

        return run

    assert with_scalar(_scalar_11)().data == with_scalar(new)().data, "same data either way"
    times = {"compose": float("inf"), "1.1": float("inf"), "1.2": float("inf")}
    for _ in range(args.repeat):  # interleaved, so a slow moment of the machine hits all three
        times["compose"] = min(times["compose"], _best(compose, 1))
        times["1.1"] = min(times["1.1"], _best(with_scalar(_scalar_11), 1))
        times["1.2"] = min(times["1.2"], _best(with_scalar(new), 1))
    ratio = times["1.2"] / times["1.1"]
    lines = [
        BEGIN,
        "## Reading YAML as 1.2 (`benchmarks/yaml12.py`)",
        "",
        f"The synthetic {args.items}-item standard ({len(text) / 1e6:.1f} MB of YAML), best of "
        f"{args.repeat} interleaved runs on a shared 2-core machine (absolute times are noisy; "
        "the ratios of one run less so):",
        "",
        "| reading | time | × composing only | × the 1.1 reading |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, label in (
        ("compose", "libyaml composing the nodes (bare loop)"),
        ("1.1", "`loads`, scalars as PyYAML resolves them (YAML 1.1, before)"),
        ("1.2", "`loads`, YAML 1.2 (now)"),
    ):
        lines.append(
            f"| {label} | {times[key] * 1e3:.0f} ms | {times[key] / times['compose']:.2f} | "
            f"{times[key] / times['1.1']:.2f} |"
        )
    lines += [
        "",
        f"Reading as YAML 1.2 takes {ratio:.2f} × the time of the 1.1 reading (differences of "
        "a few tens of per cent are this machine's noise, not the reading's): only scalars "
        "PyYAML tagged bool, int or float are looked at again, and a plain string only when it "
        "starts with a digit, a sign or a dot. Both readings give the same data on this standard.",
        END,
    ]
    print("\n".join(lines))
    if args.no_write:
        return
    results = HERE / "RESULTS.md"
    old = results.read_text(encoding="utf-8")
    if BEGIN in old and END in old:
        old = old[: old.index(BEGIN)] + old[old.index(END) + len(END) :].lstrip("\n")
    results.write_text(old.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
