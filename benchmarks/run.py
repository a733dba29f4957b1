"""Benchmark runner: speed, scale and memory of ``discretion`` against its alternatives, in one run.

Run ``make bench`` (or ``python benchmarks/run.py``). From a fixed seed it generates synthetic
standards of 100, 1 000 and 10 000 items and 100 000 cases for each (:mod:`synthetic`), loads the
standards through :func:`discretion.compile._loader.loads_many`, checks that every engine answers every case
as the library does (level and fine range), and only then measures, interleaved in this one
process so that the machine's noise hits every engine alike:

1. the library's full ``evaluate`` (validation, level, circumstances, ranges, steps), one thread
   and two threads;
2. the durable-rules backend (``backend="durable"``), when it exists and runs here;
3. GoRules ZEN, one decision table per item (:class:`peers.Zen`);
4. a bare hand-written loop computing only level and range (:class:`peers.BareLoop`);
5. load and static check time per standard size, and the compiled size in memory;
6. resident memory before and after 1 000 000 evaluations;
7. p50 / p99 latency of a single ``evaluate``.

It prints a table and writes ``benchmarks/RESULTS.md``. ``--quick`` runs small sizes in seconds,
to try the runner itself; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.metadata
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import discretion
import peers
import synthetic
from discretion.compile._facts import validate_facts
from discretion.compile._loader import loads_many
from discretion.compile._ruleset import RuleSet
from discretion.decide import get_backend
from discretion.decide._backend import REFERENCE
from discretion.explain._jsonio import to_json

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
NOTES = HERE / "NOTES.md"

# Targets from the issue (benchmarks: speed, scale and memory).
TARGET_VS_BARE = 1 / 5
TARGET_VS_ZEN = 4.0
TARGET_VS_DURABLE = 10.0
TARGET_JSON_VS_EVALUATE = 1.5  # issue 12: to_json at most 1.5x the evaluate it renders
# run.py's section of RESULTS.md; the sections other scripts write there are kept as they are.
BEGIN = "<!-- run.py: begin -->"
END = "<!-- run.py: end -->"
TARGET_LOAD_S = 2.0
TARGET_MEMORY_GROWTH = 0.05

ENGINES = (
    "library",
    "library, 2 threads",
    "durable-rules",
    "ZEN",
    "bare loop",
    "decisions, python",
    "decisions, durable-rules",
    "library + to_json",
    "reference pipeline",
)


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or a quick try of the runner."""

    sizes: tuple[int, ...] = (100, 1000, 10000)
    cases: int = 100_000
    subset: int = 4_000  # cases per timed pass of the library (and of every other engine)
    rounds: int = 5  # interleaved passes per engine; medians are reported
    durable_subset: int = 1_000
    latency_calls: int = 20_000
    memory_evaluations: int = 1_000_000
    memory_size: int = 1000
    tracemalloc_max: int = 1000  # tracing a 10 000-item load would double its minute; the object
    # walk, measured at every size, stands in for it there
    durable_max: int = 1000  # durable-rules keeps a ruleset per item (≈ 230 KiB each, DESIGN §8)
    check_max: int = 1000  # above this size the check time is extrapolated (it alone would
    # outlast the 10-minute budget of make bench at today's speed)


FULL = Plan()
QUICK = Plan(
    sizes=(10, 100),
    cases=2_000,
    subset=500,
    rounds=3,
    durable_subset=100,
    latency_calls=1_000,
    memory_evaluations=20_000,
    memory_size=100,
)


@dataclass
class SizeResult:
    """Everything measured on one standard size."""

    size: int
    lines: int = 0
    load_s: float = 0.0
    check_s: float | None = None
    check_estimated: bool = False
    check_note: str = ""
    compiled_bytes: int | None = None  # tracemalloc: allocated by the load and still held
    retained_bytes: int = 0  # object walk from the RuleSet
    rates: dict[str, float] = field(default_factory=dict)  # engine → median cases/s
    ratios: dict[str, float] = field(default_factory=dict)  # engine → median library/engine
    verified: dict[str, str] = field(default_factory=dict)  # engine → "100000 equal" or why not


# -- small helpers -----------------------------------------------------------------------------


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def retained_bytes(root: object) -> int:
    """Bytes held by ``root`` and everything it reaches, modules, classes and functions' globals
    excluded: the compiled size when tracing every allocation would take too long."""
    skip = {id(m.__dict__) for m in list(sys.modules.values()) if hasattr(m, "__dict__")}
    seen: set[int] = set()
    stack: list[object] = [root]
    total = 0
    while stack:
        obj = stack.pop()
        key = id(obj)
        if key in seen or key in skip:
            continue
        seen.add(key)
        if isinstance(obj, (type, types.ModuleType, types.BuiltinFunctionType)):
            continue
        total += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
    return total


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n:.0f} B"
        n /= 1024
    raise AssertionError


def sizes_of(result: SizeResult) -> str:
    traced = result.compiled_bytes
    return f"held {human_bytes(result.retained_bytes)} (object walk)" + (
        f", compiled {human_bytes(traced)} (tracemalloc)" if traced is not None else ""
    )


def rate(n: float) -> str:
    return f"{n:,.0f}/s"


def say(text: str) -> None:
    print(text, flush=True)


def find_check() -> tuple[Callable[[RuleSet], Any] | None, str]:
    """The static check (``discretion.verify._check.verify``) when it exists, and how it was found."""
    if importlib.util.find_spec("discretion.verify._check") is None:
        return None, "discretion.verify._check does not exist: load only"
    try:
        module = importlib.import_module("discretion.verify._check")
    except Exception as exc:
        return (
            None,
            f"discretion.verify._check does not import ({type(exc).__name__}: {exc}): load only",
        )
    verify = getattr(module, "verify", None)
    if not callable(verify):
        return None, "discretion.verify._check has no verify(): load only"
    return verify, "discretion.verify._check.verify"


# -- the measurements --------------------------------------------------------------------------


class Bench:
    """One run of every measurement; results are kept for the table and RESULTS.md."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.sizes: list[SizeResult] = []
        self.latency: dict[str, float] = {}
        self.memory: dict[str, Any] = {}
        self.zen_note = peers.zen_status()
        self.durable_note: str | None = "not probed"
        self.check, self.check_how = find_check()
        self.load_breakdown: dict[str, float] = {}
        self.started = time.perf_counter()
        self.load_before = self.load_after = "unknown"
        if hasattr(os, "getloadavg"):
            self.load_before = "/".join(f"{x:.1f}" for x in os.getloadavg())

    # 5. load, check, compiled size
    def load(self, result: SizeResult, sources: tuple[tuple[str, str], ...]) -> RuleSet:
        result.lines = sum(text.count("\n") for _name, text in sources)
        gc.collect()
        start = time.perf_counter()
        ruleset = loads_many(sources)
        result.load_s = time.perf_counter() - start
        measured = [s for s in self.sizes if s.check_s is not None and not s.check_estimated]
        if self.check is None:
            result.check_note = self.check_how
        elif result.size > self.plan.check_max and measured:
            per_item = measured[-1].check_s / measured[-1].size  # type: ignore[operator]
            result.check_s = per_item * result.size
            result.check_estimated = True
            result.check_note = (
                f"check not run above {self.plan.check_max:,} items; its time is estimated from "
                f"the {measured[-1].size:,}-item rate ({per_item * 1000:.1f} ms per item)"
            )
        else:
            try:
                start = time.perf_counter()
                report = self.check(ruleset)
                result.check_s = time.perf_counter() - start
                ok = getattr(report, "ok", None)
                result.check_note = "no problem found" if ok else f"check reports: {report}"[:300]
            except Exception as exc:
                result.check_note = f"check failed ({type(exc).__name__}: {exc}): load only"
        result.retained_bytes = retained_bytes(ruleset)
        if result.size <= self.plan.tracemalloc_max:
            del ruleset
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            ruleset = loads_many(sources)
            gc.collect()
            result.compiled_bytes = tracemalloc.get_traced_memory()[0] - before
            tracemalloc.stop()
        return ruleset

    # 1–4. answers first, then interleaved throughput
    def compare(
        self,
        result: SizeResult,
        ruleset: RuleSet,
        specs: list[synthetic.ItemSpec],
        cases: list[peers.Case],
    ) -> None:
        plan = self.plan
        evaluate = discretion.evaluate

        # Timed runs drop each result, as a service that answers and moves on does; keeping
        # thousands of recommendations alive would time the garbage collector instead.
        def library(batch: Sequence[peers.Case]) -> None:
            for code, facts in batch:
                evaluate(ruleset, code, facts)

        def durable(batch: Sequence[peers.Case]) -> None:
            for code, facts in batch:
                evaluate(ruleset, code, facts, backend="durable")

        # The answers of every case, keeping no recommendation: 100 000 of them alive at once
        # would make the cyclic garbage collector, not the library, the thing measured.
        def answers_of(backend: str) -> list[peers.Answer]:
            answer = peers.library_answer
            return [answer(evaluate(ruleset, c, f, backend=backend)) for c, f in cases]

        def threaded(batch: Sequence[peers.Case]) -> None:
            half = len(batch) // 2
            workers = [
                threading.Thread(target=library, args=(part,))
                for part in (batch[:half], batch[half:])
            ]
            for w in workers:
                w.start()
            for w in workers:
                w.join()

        say(f"  answers: library on {len(cases):,} cases …")
        start = time.perf_counter()
        expected = answers_of("python")
        say(f"    {len(cases) / (time.perf_counter() - start):,.0f} cases/s (one pass)")

        # evaluate, then its JSON (steps built on first read, as a JSON-in/JSON-out caller pays);
        # the ratio library ÷ this is 1 + to_json ÷ evaluate.
        def with_json(batch: Sequence[peers.Case]) -> None:
            for code, facts in batch:
                to_json(evaluate(ruleset, code, facts))

        # The reference pipeline (decides and explains stage by stage), against which the
        # compiled scalar path that evaluate runs is tested (tests/test_three_paths.py).
        def reference(batch: Sequence[peers.Case]) -> None:
            for code, facts in batch:
                evaluate(ruleset, code, facts, backend=REFERENCE)

        engines: dict[str, tuple[Callable[[Sequence[peers.Case]], Any], int]] = {
            "library": (library, plan.subset),
            "library, 2 threads": (threaded, plan.subset),
            "library + to_json": (with_json, plan.subset),
            "reference pipeline": (reference, plan.subset),
        }

        bare = peers.BareLoop(specs)
        if self.verify(result, "bare loop", expected, bare.run(cases), cases):
            engines["bare loop"] = (bare.run, plan.subset)

        if self.zen_note is None:
            zen = peers.Zen(specs)
            answers = [peers.Zen.answer(r) for r in zen.run(cases)]
            if self.verify(result, "ZEN", expected, answers, cases):
                engines["ZEN"] = (zen.drop, plan.subset)
        else:
            result.verified["ZEN"] = self.zen_note

        if result.size > plan.durable_max:
            result.verified["durable-rules"] = (
                f"not run above {plan.durable_max} items: one ruleset per item at about 230 KiB "
                "each (DESIGN.md §8)"
            )
        else:
            code, facts = cases[0]
            note = peers.durable_status(lambda: evaluate(ruleset, code, facts, backend="durable"))
            self.durable_note = note
            if note is None:
                say(f"  answers: durable-rules on {len(cases):,} cases …")
                answers = answers_of("durable")
                if self.verify(result, "durable-rules", expected, answers, cases):
                    engines["durable-rules"] = (durable, plan.durable_subset)
                    engines.update(self.decisions(result, ruleset, cases[: plan.durable_subset]))
            else:
                result.verified["durable-rules"] = note

        self.throughput(result, engines, cases)

    def decisions(
        self, result: SizeResult, ruleset: RuleSet, cases: list[peers.Case]
    ) -> dict[str, tuple[Callable[[Sequence[peers.Case]], Any], int]]:
        """The backends' own work, without the shared pipeline: which levels and circumstances
        hold, on facts validated beforehand. This is where the two backends differ; the
        durable-rules figure is comparable with the orientation figure of the issue."""
        validated = [
            (ruleset.item(code), validate_facts(ruleset.item(code).fields, facts, code))
            for code, facts in cases
        ]

        def decide(backend: Any) -> Callable[[Sequence[peers.Case]], Any]:
            def run(_batch: Sequence[peers.Case]) -> list[Any]:
                return [
                    (backend.levels(item, values), backend.circumstances(item, values))
                    for item, values in validated
                ]

            return run

        python, durable = decide(get_backend("python")), decide(get_backend("durable"))
        if python(cases) != durable(cases):
            result.verified["decisions, durable-rules"] = "DIFFERS from the python backend"
            return {}
        result.verified["decisions, durable-rules"] = (
            f"{len(cases):,} cases: the same levels and circumstances as the python backend"
        )
        return {
            "decisions, python": (python, len(cases)),
            "decisions, durable-rules": (durable, len(cases)),
        }

    def verify(
        self,
        result: SizeResult,
        name: str,
        expected: list[peers.Answer],
        found: list[peers.Answer],
        cases: list[peers.Case],
    ) -> bool:
        wrong = peers.mismatches(expected, found, cases)
        if wrong:
            result.verified[name] = "DIFFERS from the library, not measured: " + "; ".join(wrong)
            say(f"  {name}: {result.verified[name]}")
            return False
        result.verified[name] = f"{len(cases):,} cases equal"
        return True

    def throughput(
        self,
        result: SizeResult,
        engines: dict[str, tuple[Callable[[Sequence[peers.Case]], Any], int]],
        cases: list[peers.Case],
    ) -> None:
        rounds: dict[str, list[float]] = {name: [] for name in engines}
        names = list(engines)
        for r in range(self.plan.rounds):
            # Rotate the order so that no engine always runs right after a particular other.
            for name in names[r % len(names) :] + names[: r % len(names)]:
                run, count = engines[name]
                batch = cases[:count]
                gc.collect()
                start = time.perf_counter()
                run(batch)
                rounds[name].append(count / (time.perf_counter() - start))
        for name, rates in rounds.items():
            result.rates[name] = statistics.median(rates)
        for name, rates in rounds.items():
            # Each engine against the library; the durable backend's decisions against the
            # python backend's decisions.
            base = "decisions, python" if name == "decisions, durable-rules" else "library"
            if name not in (base, "decisions, python"):
                pairs = zip(rounds[base], rates, strict=True)
                result.ratios[name] = statistics.median(a / b for a, b in pairs)

    # 7. latency
    def measure_latency(self, ruleset: RuleSet, cases: list[peers.Case]) -> None:
        evaluate = discretion.evaluate
        clock = time.perf_counter_ns
        samples = []
        for code, facts in cases[: self.plan.latency_calls]:
            start = clock()
            evaluate(ruleset, code, facts)
            samples.append(clock() - start)
        samples.sort()

        def pct(p: float) -> float:
            return samples[min(len(samples) - 1, int(p * len(samples)))] / 1000

        self.latency = {
            "calls": len(samples),
            "p50": pct(0.50),
            "p90": pct(0.90),
            "p99": pct(0.99),
            "p99.9": pct(0.999),
            "max": samples[-1] / 1000,
        }

    # 6. memory
    def measure_memory(self, ruleset: RuleSet, cases: list[peers.Case]) -> None:
        evaluate = discretion.evaluate
        total = self.plan.memory_evaluations
        for code, facts in cases[:10_000]:  # warm up: first-call caches, allocator arenas
            evaluate(ruleset, code, facts)
        gc.collect()
        before = rss_bytes()
        samples = [before]
        done = 0
        step = max(1, total // 10)
        start = time.perf_counter()
        while done < total:
            for code, facts in cases[: min(len(cases), total - done)]:
                evaluate(ruleset, code, facts)
                done += 1
                if done % step == 0:
                    samples.append(rss_bytes())
        elapsed = time.perf_counter() - start
        gc.collect()
        after = rss_bytes()
        self.memory = {
            "evaluations": done,
            "before": before,
            "after": after,
            "growth": (after - before) / before,
            "samples": samples,
            "seconds": elapsed,
        }

    def run(self) -> None:
        plan = self.plan
        say(f"discretion benchmarks: sizes {plan.sizes}, {plan.cases:,} cases each")
        for size in plan.sizes:
            result = SizeResult(size)
            self.sizes.append(result)
            say(f"\n[{size} items] generating …")
            specs = synthetic.item_specs(size)
            sources = synthetic.standard_sources(specs)
            cases = synthetic.generate_cases(specs, plan.cases)
            say(f"  loading {sum(t.count(chr(10)) for _n, t in sources):,} lines of YAML …")
            gc.unfreeze()
            ruleset = self.load(result, sources)
            # The fixture (rule set, 100 000 cases) lives for the whole size; frozen, the
            # garbage collector's full passes see only what the engines allocate, as in a
            # service whose heap is not a benchmark's.
            gc.collect()
            gc.freeze()
            say(
                f"  load {result.load_s:.2f} s, check "
                + (f"{result.check_s:.2f} s" if result.check_s is not None else "—")
                + f" ({result.check_note}), {sizes_of(result)}"
            )
            self.compare(result, ruleset, specs, cases)
            for name, value in result.rates.items():
                ratio = result.ratios.get(name)
                extra = f"  (library / it = {ratio:.2f})" if ratio else ""
                say(f"  {name:<20} {rate(value):>14}{extra}")
            if size == plan.memory_size:
                say("  latency …")
                self.measure_latency(ruleset, cases)
                say(f"  memory over {plan.memory_evaluations:,} evaluations …")
                self.measure_memory(ruleset, cases)
            del ruleset
            gc.unfreeze()
            gc.collect()
        self.elapsed = time.perf_counter() - self.started
        if hasattr(os, "getloadavg"):
            self.load_after = "/".join(f"{x:.1f}" for x in os.getloadavg())


# -- the report --------------------------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", *args], cwd=HERE, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _holds(ok: bool | None) -> str:
    return "—" if ok is None else ("holds" if ok else "**missed**")


def ratio_of(s: SizeResult, name: str) -> str:
    return f"{s.ratios[name]:.3f}" if name in s.ratios else "—"


def splice(path: Path, section: str) -> None:
    """Write run.py's section of RESULTS.md between its markers, keeping every other section.

    A file written before the markers existed starts with run.py's output (NOTES.md's text
    included); that part ends at the first ``## `` heading or marker the new section does not
    itself write, and everything from there on is kept."""
    body = f"{BEGIN}\n{section.rstrip()}\n{END}"
    if not path.exists():
        path.write_text(body + "\n", encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
    else:
        # run.py's headings carry sizes that change between runs: compare their first words.
        own = {" ".join(line.split()[:3]) for line in section.splitlines() if line[:3] == "## "}
        lines = text.splitlines(keepends=True)
        cut = len(lines) if text.startswith("# Benchmark results") else 0
        for i, line in enumerate(lines[1:], 1) if cut else ():
            if (line[:3] == "## " and " ".join(line.split()[:3]) not in own) or line.startswith(
                "<!-- "
            ):
                cut = i
                break
        before, after = "", "\n\n" + "".join(lines[cut:]).lstrip("\n")
    path.write_text(before + body + after.rstrip("\n") + "\n", encoding="utf-8")


def report(bench: Bench, command: str) -> str:
    """RESULTS.md."""
    plan = bench.plan
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    dirty = " (uncommitted changes)" if _git("status", "--porcelain", "--", "src") else ""
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py` between its markers (the other sections of this file are "
        "written by other scripts, and kept); do not edit by hand (notes by hand go in `NOTES.md`, "
        "which is appended below).",
        "",
        f"- command: `{command}`",
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, run took "
        f"{bench.elapsed:.0f} s",
        f"- machine: {cpus} CPUs usable ({os.cpu_count()} online), {platform.machine()}, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); load "
        f"average {bench.load_before} at the start, {bench.load_after} at the end (a shared "
        "machine: other processes compete for the CPUs)",
        f"- discretion {_version('discretion')} at commit {_git('rev-parse', '--short', 'HEAD')}"
        f"{dirty}; zen-engine {_version('zen-engine')}; durable_rules {_version('durable_rules')}",
        f"- synthetic standards from seed {synthetic.SEED}: {', '.join(str(s) for s in plan.sizes)}"
        f" items, {plan.cases:,} cases each, using the real general part "
        f"`{synthetic.GENERAL_FILE}`",
        f"- throughput: {plan.rounds} interleaved rounds over the first {plan.subset:,} cases "
        f"(durable-rules: {plan.durable_subset:,}); each figure is the median round, each ratio "
        "the median of the per-round ratios (library ÷ engine), so noise shared by a round "
        "cancels; results are dropped as they come, and the fixture (rule set, cases) is moved "
        "out of the garbage collector's sight (`gc.freeze`) so that its passes see only what "
        "the engines allocate",
        "",
        "Every engine's answers (level, fine minimum, fine maximum) were compared with the "
        "library's on every case before any figure was taken; an engine that differs is not "
        "measured.",
        "",
        "## Throughput (cases per second)",
        "",
        "| items | library | library, 2 threads | durable-rules | ZEN | bare loop "
        "| library ÷ bare | library ÷ ZEN | library ÷ durable |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in bench.sizes:

        def cell(name: str, s: SizeResult = s) -> str:
            return f"{s.rates[name]:,.0f}" if name in s.rates else "—"

        def ratio(name: str, s: SizeResult = s) -> str:
            return f"{s.ratios[name]:.3f}" if name in s.ratios else "—"

        lines.append(
            f"| {s.size:,} | {cell('library')} | {cell('library, 2 threads')} "
            f"| {cell('durable-rules')} | {cell('ZEN')} | {cell('bare loop')} "
            f"| {ratio('bare loop')} | {ratio('ZEN')} | {ratio('durable-rules')} |"
        )
    lines += [
        "",
        "A ratio above 1 means the library is faster. *library* is the full `evaluate` "
        "(validation, general part, level, circumstances, ranges, procedure, the trace recorded; "
        "its Step objects are built on the first read of `rec.steps`, about 15 µs more, which "
        'this figure leaves out); *durable-rules* is the same `evaluate` with `backend="durable"`; *2 threads* '
        "splits each round's cases between two threads (the GIL lets one run at a time).",
        "",
        "The backends' own work — which levels and circumstances hold, on facts validated "
        "beforehand — is where the two backends differ; the durable-rules figure here is the "
        "one comparable with the issue's orientation figure for durable-rules:",
        "",
        "| items | python backend | durable-rules backend | python ÷ durable |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for s in bench.sizes:
        if "decisions, durable-rules" in s.rates:
            lines.append(
                f"| {s.size:,} | {s.rates['decisions, python']:,.0f} "
                f"| {s.rates['decisions, durable-rules']:,.0f} "
                f"| {s.ratios['decisions, durable-rules']:.2f} |"
            )
    lines += [
        "",
        "## Compiled scalar path and JSON (issue 12, points 1, 2, 5)",
        "",
        "`evaluate` runs the compiled scalar path (conditions generated as code per item, a "
        "decision record, the recommendation and its trace built from it); *reference* is the "
        "pipeline that decides and explains stage by stage (`backend=REFERENCE`), which "
        "tests/test_three_paths.py holds equal to it. *to_json ÷ evaluate* is the cost of "
        "`to_json(rec)` (its steps built on first read included) over the cost of the "
        "`evaluate` that made `rec`, from the per-round ratio of `evaluate` to "
        "`evaluate` + `to_json`.",
        "",
        "| items | evaluate ÷ bare loop (goal ≥ 0.2) | evaluate ÷ ZEN (goal ≥ 3) "
        "| to_json ÷ evaluate (goal ≤ 1.5) | compiled ÷ reference |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in bench.sizes:
        json_cost = s.ratios.get("library + to_json")
        lines.append(
            f"| {s.size:,} | {ratio_of(s, 'bare loop')} | {ratio_of(s, 'ZEN')} "
            f"| {'—' if json_cost is None else f'{json_cost - 1:.2f}'} "
            f"| {ratio_of(s, 'reference pipeline')} |"
        )
    lines += ["", "Answers checked:", ""]
    for s in bench.sizes:
        for name, note in s.verified.items():
            lines.append(f"- {s.size:,} items, {name}: {note}")
    lines += [
        "",
        "## Load, static check, compiled size",
        "",
        f"Static check: {bench.check_how}.",
        "",
        "| items | YAML lines | load (s) | check (s) | load + check (s) "
        "| compiled (tracemalloc) | held by the RuleSet (object walk) | per item |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in bench.sizes:
        check = f"{s.check_s:.2f}" if s.check_s is not None else "—"
        check += " (estimate)" if s.check_estimated else ""
        total = s.load_s + (s.check_s or 0)
        lines.append(
            f"| {s.size:,} | {s.lines:,} | {s.load_s:.2f} | {check} | {total:.2f} "
            f"| {human_bytes(s.compiled_bytes) if s.compiled_bytes is not None else '—'} "
            f"| {human_bytes(s.retained_bytes)} | {human_bytes(s.retained_bytes / s.size)} |"
        )
    lines.append("")
    lines += [f"- check, {s.size:,} items: {s.check_note}" for s in bench.sizes if s.check_note]
    lat = bench.latency
    if lat:
        lines += [
            "",
            f"## Latency of one `evaluate` ({plan.memory_size:,} items, {lat['calls']:,} calls)",
            "",
            "| p50 | p90 | p99 | p99.9 | max |",
            "| ---: | ---: | ---: | ---: | ---: |",
            f"| {lat['p50']:.1f} µs | {lat['p90']:.1f} µs | {lat['p99']:.1f} µs "
            f"| {lat['p99.9']:.1f} µs | {lat['max']:.1f} µs |",
        ]
    mem = bench.memory
    if mem:
        series = ", ".join(human_bytes(x) for x in mem["samples"])
        lines += [
            "",
            f"## Resident memory over {mem['evaluations']:,} evaluations "
            f"({plan.memory_size:,} items)",
            "",
            f"- before: {human_bytes(mem['before'])}, after: {human_bytes(mem['after'])}, "
            f"growth {mem['growth'] * 100:+.2f} % ({mem['seconds']:.0f} s)",
            f"- every tenth: {series}",
        ]
    lines += ["", "## Targets", "", "| target | figure | |", "| --- | --- | --- |"]
    headline = next((s for s in bench.sizes if s.size == 1000), bench.sizes[-1])
    for name, want, label in (
        ("bare loop", TARGET_VS_BARE, "library ≥ 1/5 of the bare loop"),
        ("ZEN", TARGET_VS_ZEN, "library ≥ 4× ZEN"),
        ("durable-rules", TARGET_VS_DURABLE, "library ≥ 10× durable-rules"),
    ):
        got = headline.ratios.get(name)
        figure = f"{got:.3f} at {headline.size:,} items" if got is not None else "not measured"
        if name == "durable-rules" and "decisions, durable-rules" in headline.ratios:
            figure += (
                f" (the backends' own decisions: "
                f"{headline.ratios['decisions, durable-rules']:.1f}×)"
            )
        lines.append(f"| {label} | {figure} | {_holds(None if got is None else got >= want)} |")
    biggest = bench.sizes[-1]
    total = biggest.load_s + (biggest.check_s or 0)
    if biggest.check_s is None:
        parts = "load only: no check ran"
    else:
        estimate = ", estimated" if biggest.check_estimated else ""
        parts = f"load {biggest.load_s:.2f} s + check {biggest.check_s:.2f} s{estimate}"
    lines.append(
        f"| load + check of {biggest.size:,} items < {TARGET_LOAD_S:.0f} s | {total:.2f} s "
        f"({parts}) | {_holds(total < TARGET_LOAD_S)} |"
    )
    json_cost = headline.ratios.get("library + to_json")
    if json_cost is not None:
        lines.append(
            f"| to_json ≤ {TARGET_JSON_VS_EVALUATE} × the evaluate it renders "
            f"| {json_cost - 1:.2f} at {headline.size:,} items "
            f"| {_holds(json_cost - 1 <= TARGET_JSON_VS_EVALUATE)} |"
        )
    if mem:
        lines.append(
            f"| memory flat within 5 % over {mem['evaluations']:,} evaluations "
            f"| {mem['growth'] * 100:+.2f} % | {_holds(abs(mem['growth']) <= TARGET_MEMORY_GROWTH)} |"
        )
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def print_table(bench: Bench) -> None:
    say("\n" + "=" * 100)
    header = f"{'items':>7} {'engine':<20} {'cases/s':>14} {'library ÷ it':>13}  answers"
    say(header)
    for s in bench.sizes:
        for name in ENGINES:
            value = f"{s.rates[name]:,.0f}" if name in s.rates else "—"
            ratio = f"{s.ratios[name]:.3f}" if name in s.ratios else ""
            note = s.verified.get(name, "")
            say(f"{s.size:>7,} {name:<20} {value:>14} {ratio:>13}  {note[:60]}")
    for s in bench.sizes:
        check = f"{s.check_s:.2f} s" if s.check_s is not None else "—"
        say(f"{s.size:>7,} load {s.load_s:.2f} s, check {check}, {sizes_of(s)}")
    if bench.latency:
        say(f"latency p50 {bench.latency['p50']:.1f} µs, p99 {bench.latency['p99']:.1f} µs")
    if bench.memory:
        m = bench.memory
        say(
            f"memory {human_bytes(m['before'])} → {human_bytes(m['after'])} "
            f"({m['growth'] * 100:+.2f} %) over {m['evaluations']:,} evaluations"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the runner")
    parser.add_argument("--out", type=Path, default=None, help="where to write RESULTS.md")
    parser.add_argument(
        "--sizes",
        default=None,
        help="standard sizes to measure, e.g. 100,1000 (default: the plan's)",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.sizes:
        sizes = tuple(int(n) for n in args.sizes.split(","))
        plan = replace(plan, sizes=sizes, memory_size=min(plan.memory_size, max(sizes)))
    bench = Bench(plan)
    bench.run()
    print_table(bench)
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        command = "python " + " ".join(sys.argv)
        if not sys.argv[1:]:
            command = f"make bench ({command})"
        splice(out, report(bench, command))
        say(f"\nwrote {out} ({bench.elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
