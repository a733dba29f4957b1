"""Fuzzing bad input: rule files, facts, conditions and the command line (issue 19).

Whatever arrives — a bundled standard with bytes flipped or a field replaced by a hostile value, a
fact of the wrong type or of an absurd size, a condition of random tokens, a command with odd
paths — the library answers with a :class:`discretion.DiscretionError` (or its subclasses) or with
a recommendation that is sound: nothing negative, nothing above the statutory maximum. No other
exception escapes, no example takes more than a second (a generous per-example ``deadline``, not a
wall-clock limit on the suite; hypothesis re-runs a slow example before it reports it), and a
command that fails writes nothing.

Profiles (tests/hypothesis_profiles.py): ``ci``, the default of ``make test``, tries 25 inputs per
test, derandomized; ``HYPOTHESIS_PROFILE=thorough`` tries 1 000 per test, random, so repeated runs
explore new inputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discretion
from discretion.cli._main import main
from discretion.compile._bundled import bundled as bundled_file
from discretion.compile._loader import loads_many, rule_files
from discretion.format import _yaml
from discretion.verify.testing import cases

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
GENERAL = bundled_file("general/apl-2021").resolve()
SOURCES = {p.resolve(): p.read_text("utf-8") for p in (*rule_files(RULES), GENERAL)}
STANDARDS = sorted(p for p in SOURCES if p != GENERAL)

# One second per example, generous on this shared 2-core machine: a hang or an exponential blow-up
# (the billion laughs took seconds at 7 levels) exceeds it by orders of magnitude.
FUZZ = settings(deadline=1000, suppress_health_check=[HealthCheck.too_slow])


def _attempt(function: Any, *args: Any) -> tuple[Any, discretion.DiscretionError | None]:
    """``function(*args)`` and no error, or no result and the library's error; anything else
    escapes and fails the test."""
    try:
        return function(*args), None
    except discretion.DiscretionError as exc:
        return None, exc


def _penalties(rec: discretion.Recommendation) -> Iterator[Any]:
    yield from rec.penalties
    yield from rec.optional_penalties
    for option in rec.options:
        yield from option.penalties


def assert_sound(rec: discretion.Recommendation) -> None:
    """Nothing negative, nothing above a statutory maximum (DESIGN.md §5), min below max."""
    for p in _penalties(rec):
        for value in (p.min, p.max, p.statutory_min, p.statutory_max):
            assert value is None or value >= 0, (rec.item, p)
        if p.max is not None and p.statutory_max is not None:
            assert p.max <= p.statutory_max, (rec.item, p)
        if p.min is not None and p.max is not None:
            assert p.min <= p.max, (rec.item, p)


def _sample_cases(ruleset: discretion.RuleSet) -> list[tuple[str, dict[str, Any]]]:
    """The example cases of the bundled standards whose item the rule set still has."""
    out = []
    for path in sorted(RULES.rglob("*.cases.yaml")):
        for case in _yaml.load_file(path).data.get("cases", []):
            if case.get("item") in ruleset.codes and isinstance(case.get("facts"), dict):
                out.append((case["item"], case["facts"]))
    return out


def _evaluate_soundly(ruleset: discretion.RuleSet, limit: int = 6) -> None:
    for item, facts in _sample_cases(ruleset)[:limit]:
        try:
            rec = discretion.evaluate(ruleset, item, facts, violation_date=dt.date(2024, 1, 1))
        except discretion.DiscretionError:
            continue
        assert_sound(rec)


# -- rule files: byte-level mutations ------------------------------------------------------------

_BYTES = st.sampled_from(
    [b"\x00", b"\xff", b"\xe4\xb8", b":", b"- ", b"\n", b"  ", b"&a ", b"*a", b"!!python/name:os ",
     b"{", b"]", b"'", b'"', b"-1", b"1e999999", b"9999-12-31", b"<<: ", b"\t", b"#"]
)  # fmt: skip


@st.composite
def byte_mutants(draw: st.DrawFn) -> tuple[Path, bytes]:
    path = draw(st.sampled_from(STANDARDS))
    data = bytearray(SOURCES[path].encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        if action == "insert":
            data[at:at] = draw(_BYTES)
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "replace":
            data[at : at + 1] = draw(_BYTES)
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(2, 5))
    return path, bytes(data)


@FUZZ
@given(byte_mutants())
def test_a_rule_file_with_bytes_mutated_loads_or_says_why(mutant: tuple[Path, bytes]) -> None:
    original, data = mutant
    with tempfile.TemporaryDirectory() as folder:
        field = Path(folder, original.parent.name)
        field.mkdir(exist_ok=True)
        (field / original.name).write_bytes(data)
        ruleset, error = _attempt(discretion.load, folder)
    if error is not None:
        assert error.file, error  # a rule-file error always names its file
    else:
        _evaluate_soundly(ruleset)


# -- rule files: structural mutations ------------------------------------------------------------

HOSTILE_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [-1, -0.5, "-25000", 0, "1e400", "1e999999", 10**30, "9999-12-31", "0001-01-01", 10**20,
         "", " ", None, True, [], {}, [[[[]]]], "not goods_value", "goods_value <", "x" * 5000,
         "__import__('os')", "!!python/object:os.system", ".nan", ".inf", "1,5"]
    ),
    st.integers(-(10**15), 10**15),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.text(max_size=30),
)  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value.adjusted() > 30 else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@st.composite
def structural_mutants(draw: st.DrawFn) -> tuple[Path, str]:
    path = draw(st.sampled_from(STANDARDS))
    data = _yaml.loads(SOURCES[path], str(path)).data
    places = list(_paths(data))[1:]
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(places))
        parent = data
        try:
            for part in where[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
            if action == "replace":
                parent[where[-1]] = draw(HOSTILE_VALUES)
            elif action == "delete":
                del parent[where[-1]]
            elif isinstance(parent, list):
                parent.append(parent[where[-1]])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this place
    return path, json.dumps(data, ensure_ascii=False, default=_json_default)


@FUZZ
@given(structural_mutants())
def test_a_rule_file_with_fields_mutated_loads_or_says_where(mutant: tuple[Path, str]) -> None:
    path, text = mutant
    ruleset, error = _attempt(loads_many, ((str(path), text), (str(GENERAL), SOURCES[GENERAL])))
    if error is not None:
        assert error.file, error
    else:
        _evaluate_soundly(ruleset)


# -- facts ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> discretion.RuleSet:
    return discretion.load(RULES)


class _Weird:
    def __repr__(self) -> str:
        raise RuntimeError("a hostile repr")


HOSTILE_FACTS = st.one_of(
    HOSTILE_VALUES,
    st.sampled_from(
        ["12345,67", "1,000", "1,000,000.5", "1e30", "1e9999", "-1e999999", "0x10", "１２",
         "5_000", "nan", "Infinity", "-0", 1.5, float("nan"), float("inf"), Decimal("NaN"),
         Decimal("-Infinity"), Decimal("1e999999"), 10**5000, -(10**5000), b"100",
         dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.datetime(2024, 1, 1, 12), "2024-02-30",
         "9999-12-31", "2024-01-01T00:00", object(), _Weird(), {"a": 1}, [1, 2], (1,), {1}]
    ),
    st.floats(),
    st.dates(),
)  # fmt: skip


@FUZZ
@given(data=st.data())
def test_hostile_facts_are_refused_or_answered_soundly(
    bundled: discretion.RuleSet, data: st.DataObject
) -> None:
    case = data.draw(cases(bundled))
    facts: dict[Any, Any] = dict(case.facts)
    for _ in range(data.draw(st.integers(1, 3))):
        names = [*facts, *bundled.item(case.item).fields, "goods_valu", "", "__class__"]
        facts[data.draw(st.sampled_from(names))] = data.draw(HOSTILE_FACTS)
    if data.draw(st.booleans()):
        facts[data.draw(st.sampled_from([1, None, ("a",), b"x"]))] = 1  # keys that are not text
    when = data.draw(st.sampled_from([case.violation_date, "2024-01-01", "9999-12-31", 5, None]))
    try:
        rec = discretion.evaluate(bundled, case.item, facts, violation_date=when)  # type: ignore[arg-type]
    except discretion.DiscretionError:
        return
    assert_sound(rec)


# -- conditions ----------------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    ["goods_value", "party_type", "age", "(", ")", "and", "or", "not", "in", "not in", "<", "<=",
     "==", "!=", ">", "1000", "-1", "1e999999", "1e400", "'individual'", '"x"', "[", "]", ",",
     "true", "false", "None", "__import__", ".", "lambda", ":", "+", "*", "**", "if", "else",
     "'2024-01-01'", "0x10", "1_000", "@", "\\", "\x00"]
)  # fmt: skip


@st.composite
def conditions(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return " ".join(draw(st.lists(_TOKENS, min_size=1, max_size=25)))
    depth = draw(st.integers(1, 3000))
    wrap = draw(st.sampled_from(["not ", "(", "goods_value < 1 or ("]))
    close = "" if wrap == "not " else ")"
    return wrap * depth + "goods_value < 1000" + close * depth


BASE = (ROOT / "tests" / "bad" / "_base.yaml").resolve()
BASE_TEXT = BASE.read_text("utf-8")


@FUZZ
@given(conditions())
def test_hostile_conditions_are_located_errors_or_sound_levels(condition: str) -> None:
    text = BASE_TEXT.replace("when: goods_value < 1000", "when: " + json.dumps(condition))
    ruleset, error = _attempt(loads_many, ((str(BASE), text), (str(GENERAL), SOURCES[GENERAL])))
    if error is not None:
        assert error.file == str(BASE), error
        assert error.line is not None, error
        return
    for value in ("0", "999.99", "1000", "1000000"):
        facts = {"party_type": "individual", "goods_value": value}
        try:
            rec = discretion.evaluate(ruleset, "T-1", facts)
        except discretion.DiscretionError:
            continue
        assert_sound(rec)


# -- the command line ----------------------------------------------------------------------------

COMMANDS = st.sampled_from(
    ["evaluate", "check", "list", "diff", "schema", "export-durable", "export-jsonlogic"]
)


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse: a usage error
            status = stop.code if isinstance(stop.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@FUZZ
@given(data=st.data())
def test_commands_answer_json_and_write_nothing_on_error(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "empty").mkdir()
        (folder / "bad.yaml").write_bytes(b"standard: \xff\n")
        (folder / "facts.json").write_text('{"goods_value": "1,5", "party_type": 1}', "utf-8")
        (folder / "big.json").write_text('{"goods_value": ' + "9" * 5000 + "}", "utf-8")
        (folder / "deep.yaml").write_text("a: " + "[" * 2000 + "]" * 2000, "utf-8")
        paths = st.sampled_from(
            [str(RULES), str(BASE), str(folder), str(folder / "empty"), str(folder / "bad.yaml"),
             str(folder / "missing.yaml"), str(folder / "facts.json"), str(folder / "big.json"),
             str(folder / "deep.yaml"), "/dev/null", "a" * 5000, ""]
        )  # fmt: skip
        command = data.draw(COMMANDS)
        argv = [command, data.draw(paths)]
        if command == "diff":
            argv.append(data.draw(paths))
        if command == "evaluate":
            argv += ["--item", data.draw(st.sampled_from(["T-1", "FSL-124", "NOPE"]))]
            argv += ["--facts", data.draw(paths)]
            if data.draw(st.booleans()):
                argv += ["--violation-date", data.draw(st.sampled_from(["2024-01-01", "9999-99"]))]
        out_dir = folder / "out"
        if command in ("export-durable", "export-jsonlogic"):
            argv += ["--out", str(out_dir)]
        elif command != "schema":
            argv += ["--format", "json"]
        before = _tree(folder)
        status, out, err = _run(argv)
        assert "Traceback" not in err, (argv, err)
        assert status in (0, 1, 2), (argv, status)
        if status != 0:
            assert _tree(folder) == before, argv  # nothing written on error
            if "--format" in argv:
                payload = json.loads(out)
                assert payload["ok"] is False or payload.get("errors"), (argv, out)
