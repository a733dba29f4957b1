"""The review log: chain, decisions and departures (调整适用), tampering, torn lines, concurrency.

Figures: FSL-124 (食品安全法第一百二十四条第一款) with goods value under 10 000 yuan fines
50 000–100 000 yuan; the 从轻 level takes the lowest 30 % (market-regulation convention, LAW.md §4),
so a first violation without harm is recommended 50 000–65 000 yuan.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.cli._main import main
from discretion.compile._records import RulesetRef, Source
from discretion.decide._result import Flags, Penalty, Recommendation, Step
from discretion.errors import CaseError
from discretion.explain._jsonio import from_dict
from discretion.review._decision import DecisionError, DepartureError
from discretion.review._log import GENESIS, ReviewLog, ReviewLogError, TornLogError

LIGHT = {"party_type": "organisation", "goods_value": 20, "first_violation": True}
WITHIN = [{"id": "confiscate_gains"}, {"id": "confiscate_food"}, {"id": "fine", "amount": 60000}]


def _clock() -> Callable[[], dt.datetime]:
    """A clock that ticks one minute per entry, from 2024-05-06 09:00 Beijing time."""
    start = dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    ticks = iter(range(10**6))
    return lambda: start + dt.timedelta(minutes=next(ticks))


def _hash(data: dict[str, Any]) -> str:
    # Computed here independently of the library: sha256 over compact UTF-8 JSON, keys in order.
    body = {k: v for k, v in data.items() if k != "hash"}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _line(data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


@pytest.fixture
def light(rules: discretion.RuleSet) -> Recommendation:
    return discretion.evaluate(rules, "FSL-124", LIGHT)


@pytest.fixture
def log(tmp_path: Path) -> ReviewLog:
    return ReviewLog(tmp_path / "review.jsonl", clock=_clock())


def _lines(log: ReviewLog) -> list[bytes]:
    return log.path.read_bytes().splitlines(keepends=True)


# -- the chain ---------------------------------------------------------------------------------


def test_entries_are_numbered_chained_and_hashed(log: ReviewLog, light: Recommendation) -> None:
    log.record(light, case="冀市监罚〔2024〕1号")
    log.decide(1, {"penalties": WITHIN})
    log.record(light)
    lines = _lines(log)
    assert len(lines) == 3
    prev = GENESIS
    for number, raw in enumerate(lines, start=1):
        data = json.loads(raw)
        assert raw == _line(data)  # canonical: compact, one line
        assert list(data)[:4] == ["seq", "time", "kind", "prev"]
        assert list(data)[-1] == "hash"
        assert data["seq"] == number
        assert data["prev"] == prev
        assert data["hash"] == _hash(data)
        prev = data["hash"]
    assert [json.loads(x)["time"] for x in lines] == [
        "2024-05-06T09:00:00+08:00",
        "2024-05-06T09:01:00+08:00",
        "2024-05-06T09:02:00+08:00",
    ]
    result = log.verify()
    assert result.ok
    assert (result.entries, result.head) == (3, prev)


def test_recommendation_entry_keeps_facts_result_steps_and_digest(
    log: ReviewLog, light: Recommendation
) -> None:
    entry = log.record(light, case="冀市监罚〔2024〕1号", officer="李某")
    stored = json.loads(log.path.read_bytes())
    assert stored["kind"] == "recommendation"
    assert stored["digest"] == light.ruleset.digest
    assert stored["case"] == "冀市监罚〔2024〕1号"
    assert stored["recommendation"]["facts"]["goods_value"] == "20"
    assert len(stored["recommendation"]["steps"]) == len(light.steps)
    # The stored form gives back the very same recommendation, so it can be re-rendered.
    assert from_dict(stored["recommendation"]) == light
    assert entry.seq == 1


# -- decisions ---------------------------------------------------------------------------------


def test_decision_within_the_range_needs_no_approval(log: ReviewLog, light: Recommendation) -> None:
    log.record(light)
    entry = log.decide(1, {"penalties": WITHIN, "officer": "李某"})
    data = entry.data
    assert data["kind"] == "decision"
    assert data["recommendation"] == {"seq": 1, "hash": json.loads(_lines(log)[0])["hash"]}
    assert data["departures"] == []
    fine = next(p for p in data["penalties"] if p["id"] == "fine")
    assert (fine["amount"], fine["unit"]) == ("60000", "元")


def test_decision_above_the_range_is_refused_without_reason(
    log: ReviewLog, light: Recommendation
) -> None:
    log.record(light)
    before = log.path.read_bytes()
    decision = {"penalties": [*WITHIN[:2], {"id": "fine", "amount": 80000}]}
    with pytest.raises(DepartureError, match="调整适用") as info:
        log.decide(1, decision)
    assert isinstance(info.value, CaseError)
    assert "50000–65000" in str(info.value)
    assert log.path.read_bytes() == before  # nothing was appended


def test_departure_with_reason_and_approval_is_logged(
    log: ReviewLog, light: Recommendation
) -> None:
    log.record(light)
    entry = log.decide(
        1,
        {
            "penalties": [*WITHIN[:2], {"id": "fine", "amount": 80000}],
            "reason": "当事人拒不配合调查，经集体讨论在建议幅度以上处罚",
            "approval": "集体讨论",
            "approver": "2024年第3次案件审理委员会会议",
        },
    )
    data = entry.data
    assert data["reason"] == "当事人拒不配合调查，经集体讨论在建议幅度以上处罚"
    assert data["approval"] == "collective_discussion"
    assert data["approver"] == "2024年第3次案件审理委员会会议"
    assert data["departures"] == [
        {
            "penalty": "fine",
            "label": "罚款",
            "label_en": "fine",
            "unit": "元",
            "what": "outside_range",
            "recommended": ["50000", "65000"],
            "decided": "80000",
        }
    ]
    assert log.verify().ok


def test_dropping_a_recommended_penalty_is_a_departure(
    log: ReviewLog, light: Recommendation
) -> None:
    log.record(light)
    without_gains = [WITHIN[1], WITHIN[2]]
    with pytest.raises(DepartureError, match="没收违法所得"):
        log.decide(1, {"penalties": without_gains})
    entry = log.decide(
        1,
        {
            "penalties": without_gains,
            "reason": "违法所得已退赔（行政处罚法第二十八条第二款）",
            "approval": "principal_head",
            "approver": "王某（局长）",
        },
    )
    assert [(d["penalty"], d["what"]) for d in entry.data["departures"]] == [
        ("confiscate_gains", "dropped")
    ]


def test_reason_without_approval_is_not_enough(log: ReviewLog, light: Recommendation) -> None:
    log.record(light)
    decision = {"penalties": [*WITHIN[:2], {"id": "fine", "amount": 70000}], "reason": "情节恶劣"}
    with pytest.raises(DepartureError, match="approval, approver"):
        log.decide(1, decision)


def test_nothing_above_the_statutory_maximum_even_with_approval(
    log: ReviewLog, light: Recommendation
) -> None:
    log.record(light)
    decision = {
        "penalties": [*WITHIN[:2], {"id": "fine", "amount": "100000.01"}],
        "reason": "情节特别严重",
        "approval": "collective_discussion",
        "approver": "案审会",
    }
    with pytest.raises(DecisionError, match="statutory maximum") as info:
        log.decide(1, decision)
    assert not isinstance(info.value, DepartureError)
    # The maximum itself (十万元以下 includes the bound) is a departure that approval can allow.
    decision["penalties"] = [*WITHIN[:2], {"id": "fine", "amount": 100000}]
    assert log.decide(1, decision).data["departures"][0]["what"] == "outside_range"


def test_below_the_statutory_minimum_is_flagged_as_reduction(
    log: ReviewLog, light: Recommendation
) -> None:
    log.record(light)
    entry = log.decide(
        1,
        {
            "penalties": [*WITHIN[:2], {"id": "fine", "amount": 40000}],
            "reason": "主动消除危害后果（行政处罚法第三十二条第（一）项）",
            "approval": "principal_head",
            "approver": "王某",
        },
    )
    assert entry.data["departures"][0]["what"] == "below_statutory_minimum"


def test_choice_between_mitigate_and_reduce(log: ReviewLog, rules: discretion.RuleSet) -> None:
    # Aged 15 (行政处罚法第三十条): 应当从轻或者减轻 — the officer chooses. 减轻 goes below the
    # statutory minimum of 50 000 yuan.
    minor = discretion.evaluate(
        rules, "FSL-124", {"party_type": "individual", "age": 15, "goods_value": 20}
    )
    log.record(minor)
    reduced = [*WITHIN[:2], {"id": "fine", "amount": 30000}]
    entry = log.decide(1, {"penalties": reduced, "choice": "减轻"})
    assert entry.data["choice"] == "reduce"
    assert entry.data["departures"] == []
    with pytest.raises(DepartureError, match="低于法定最低额"):
        log.decide(1, {"penalties": reduced, "choice": "从轻"})


def test_may_waive_decided_as_no_penalty(log: ReviewLog, rules: discretion.RuleSet) -> None:
    # 行政处罚法第三十三条第一款: first violation, minor harm, promptly corrected — 可以不予处罚.
    facts = {
        "party_type": "organisation",
        "goods_value": 20,
        "first_violation": True,
        "harm": "minor",
        "corrected_promptly": True,
    }
    rec = discretion.evaluate(rules, "FSL-124", facts)
    assert rec.outcome == "may_waive"
    log.record(rec)
    entry = log.decide(1, {"penalties": [], "choice": "不予处罚"})
    assert (entry.data["choice"], entry.data["departures"], entry.data["penalties"]) == (
        "waive",
        [],
        [],
    )
    with pytest.raises(DecisionError, match="waive"):
        log.decide(1, {"penalties": WITHIN, "choice": "waive"})


def test_penalising_where_the_law_says_no_penalty_is_a_departure(
    log: ReviewLog, rules: discretion.RuleSet
) -> None:
    # 行政处罚法第三十条: under 14, no penalty.
    rec = discretion.evaluate(
        rules, "FSL-124", {"party_type": "individual", "age": 13, "goods_value": 20}
    )
    log.record(rec)
    assert log.decide(1, {"penalties": []}).data["departures"] == []
    with pytest.raises(DepartureError, match="不在建议之列"):
        log.decide(1, {"penalties": [{"id": "warning"}]})


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ({"penalties": [{"id": "fien", "amount": 1}]}, "did you mean 'fine'"),
        ({"penalties": [*WITHIN[:2], {"id": "fine"}]}, "needs an amount"),
        ({"penalties": [*WITHIN, {"id": "fine", "amount": 60000}]}, "twice"),
        ({"penalties": [*WITHIN[:2], {"id": "fine", "amount": 6e4}]}, "never a float"),
        ({"penalties": [*WITHIN[:2], {"id": "fine", "amount": -1}]}, "not negative"),
        ({"penalties": WITHIN, "approval": "科长"}, "principal_head"),
        ({"penalties": WITHIN, "aproval": "principal_head"}, "did you mean 'approval'"),
    ],
)
def test_bad_decisions_are_refused_clearly(
    log: ReviewLog, light: Recommendation, decision: dict[str, Any], words: str
) -> None:
    log.record(light)
    with pytest.raises(DecisionError) as info:
        log.decide(1, decision)
    assert words in str(info.value)


def test_a_decision_must_answer_a_recommendation(log: ReviewLog, light: Recommendation) -> None:
    log.record(light)
    log.decide(1, {"penalties": WITHIN})
    with pytest.raises(ReviewLogError, match="not a recommendation"):
        log.decide(2, {"penalties": WITHIN})
    with pytest.raises(ReviewLogError, match="no entry with sequence number 9"):
        log.decide(9, {"penalties": WITHIN})


# -- tampering ---------------------------------------------------------------------------------


@pytest.fixture
def six(log: ReviewLog, light: Recommendation, rules: discretion.RuleSet) -> ReviewLog:
    """Six entries: recommendation, decision, recommendation, decision, recommendation, decision."""
    general = discretion.evaluate(
        rules, "FSL-124", {"party_type": "organisation", "goods_value": 20}
    )
    for rec, amount in ((light, 60000), (general, 70000), (light, 50000)):
        seq = log.record(rec).seq
        fine = {"id": "fine", "amount": amount}
        log.decide(seq, {"penalties": [*WITHIN[:2], fine]})
    assert log.verify().ok
    return log


def _write(log: ReviewLog, lines: list[bytes]) -> None:
    log.path.write_bytes(b"".join(lines))


def _problem(log: ReviewLog, **kwargs: Any) -> tuple[int, str]:
    result = log.verify(**kwargs)
    assert not result.ok
    assert result.problem is not None
    return result.problem.line, result.problem.kind


@pytest.mark.parametrize("line", [1, 2, 3, 4, 5, 6])
def test_one_edited_byte_is_found_at_its_line(six: ReviewLog, line: int) -> None:
    lines = _lines(six)
    raw = bytearray(lines[line - 1])
    # Change one digit of the time stamp: still valid JSON, still canonical, wrong hash.
    at = raw.index(b'"time":"2024-05-06T09:') + len(b'"time":"2024-05-06T0')
    raw[at] = ord("8")
    lines[line - 1] = bytes(raw)
    _write(six, lines)
    assert _problem(six) == (line, "edited")


def test_an_edited_byte_that_breaks_the_json_is_found(six: ReviewLog) -> None:
    lines = _lines(six)
    lines[2] = b"[" + lines[2][1:]
    _write(six, lines)
    assert _problem(six) == (3, "edited")


def test_an_edit_with_its_hash_recomputed_is_found_at_its_line(six: ReviewLog) -> None:
    lines = _lines(six)
    data = json.loads(lines[1])
    data["penalties"][2]["amount"] = "51000"
    data["hash"] = _hash(data)
    lines[1] = _line(data)
    _write(six, lines)
    assert _problem(six) == (2, "edited")


@pytest.mark.parametrize("line", [1, 3, 5])
def test_a_deleted_entry_is_found(six: ReviewLog, line: int) -> None:
    lines = _lines(six)
    del lines[line - 1]
    _write(six, lines)
    assert _problem(six) == (line, "deleted")


def test_an_inserted_copy_is_found(six: ReviewLog) -> None:
    lines = _lines(six)
    lines.insert(4, lines[1])
    _write(six, lines)
    assert _problem(six) == (5, "inserted")


def test_an_inserted_forged_entry_is_found_even_when_chained(six: ReviewLog) -> None:
    # A forger who knows the format writes a well-hashed entry 3 chained to line 2.
    lines = _lines(six)
    forged = json.loads(lines[2])
    forged["case"] = "伪造"
    forged["hash"] = _hash(forged)
    lines.insert(2, _line(forged))
    _write(six, lines)
    assert _problem(six) == (3, "inserted")


def test_reordered_entries_are_found(six: ReviewLog) -> None:
    lines = _lines(six)
    lines[2], lines[3] = lines[3], lines[2]
    _write(six, lines)
    assert _problem(six) == (3, "reordered")


def test_an_inserted_blank_line_is_found(six: ReviewLog) -> None:
    lines = _lines(six)
    lines.insert(3, b"\n")
    _write(six, lines)
    assert _problem(six) == (4, "edited")


def test_a_decision_pointing_elsewhere_is_found(six: ReviewLog) -> None:
    lines = _lines(six)
    data = json.loads(lines[5])
    data["recommendation"]["seq"] = 3  # entry 3 is a recommendation, but not the one hashed
    data["hash"] = _hash(data)
    lines[5] = _line(data)
    _write(six, lines)
    assert _problem(six) == (6, "reference")


def test_entries_cut_from_the_end_need_the_recorded_head(six: ReviewLog) -> None:
    head = six.verify().head
    assert head is not None
    lines = _lines(six)
    _write(six, lines[:-2])
    # The chain alone cannot tell: what is left is a valid, shorter log ...
    assert six.verify().ok
    # ... but the head recorded in the case file is no longer there.
    assert _problem(six, head=head) == (5, "truncated")


def test_a_log_that_grew_still_holds_an_earlier_head(six: ReviewLog, light: Recommendation) -> None:
    head = six.verify().head
    six.record(light)
    assert six.verify(head=head).ok


# -- torn lines and repair -----------------------------------------------------------------------


def _tear(log: ReviewLog, light: Recommendation) -> bytes:
    """Simulate a writer killed mid-append: the first half of a would-be entry, no newline."""
    whole = _line({"kind": "recommendation", "seq": 7, "prev": "x", "hash": "y", "pad": "甲" * 50})
    torn = whole[: len(whole) // 2 + 1]  # cuts a three-byte character in the middle
    with log.path.open("ab") as f:
        f.write(torn)
    return torn


def test_a_torn_last_line_is_reported_refused_and_repaired(
    six: ReviewLog, light: Recommendation
) -> None:
    torn = _tear(six, light)
    assert _problem(six) == (7, "torn")
    with pytest.raises(TornLogError, match="discretion log repair") as info:
        six.record(light)
    assert info.value.line == 7
    repair = six.repair()
    assert repair is not None
    assert repair.seq == 7
    removed = repair.data["removed"]
    assert removed["length"] == len(torn)
    assert removed["sha256"] == hashlib.sha256(torn).hexdigest()
    assert base64.b64decode(removed["base64"]) == torn
    assert six.verify().ok
    assert six.record(light).seq == 8
    assert six.repair() is None  # nothing left to repair
    assert six.verify().entries == 8


def test_a_last_line_of_garbage_with_a_newline_is_torn_too(
    six: ReviewLog, light: Recommendation
) -> None:
    with six.path.open("ab") as f:
        f.write(b"\x00\x00\x00\n")
    assert _problem(six) == (7, "torn")
    with pytest.raises(TornLogError):
        six.record(light)
    repair = six.repair()
    assert repair is not None
    assert repair.data["removed"]["length"] == 4
    assert six.verify().ok


def test_an_altered_last_entry_refuses_appends(six: ReviewLog, light: Recommendation) -> None:
    lines = _lines(six)
    lines[-1] = lines[-1].replace(b'"50000"', b'"50001"')
    _write(six, lines)
    with pytest.raises(ReviewLogError, match="does not match its hash"):
        six.record(light)
    assert six.repair() is None  # an edit is not a crash: repair does not touch it


# -- several processes -----------------------------------------------------------------------


def _small_recommendation() -> Recommendation:
    source = Source(
        "FSL/124/1", "《中华人民共和国食品安全法》第一百二十四条第一款", "FSL Art. 124 ¶1"
    )
    fine = Penalty(
        "fine", "fine", "罚款", "fine", "combined",
        Decimal(50000), Decimal(65000), "元", Decimal(50000), Decimal(100000),
    )  # fmt: skip
    step = Step("penalty", "FSL-124/penalties/fine", "combined", (), "imposed", (source,))
    return Recommendation(
        "penalty", "FSL-124", "不符合食品安全标准的食品", "light", "从轻", (fine,), (), (),
        Flags(), (), (("goods_value", Decimal(20)),), (step,),
        RulesetRef("cn.food-safety.fines", "2021.1", "sha256:" + "ab" * 32),
    )  # fmt: skip


def _append_many(path: str, worker: int, count: int) -> None:
    log = ReviewLog(path)
    rec = _small_recommendation()
    for i in range(count):
        log.record(rec, case=f"{worker}-{i}")


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs directory when there is one (fsync there costs microseconds), else tmp_path."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="discretion-log-", dir=shm))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path


def test_four_processes_append_2000_entries_each(fast_dir: Path) -> None:
    path = str(fast_dir / "review.jsonl")
    workers, count = 4, 2000
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(path, w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert [p.exitcode for p in procs] == [0] * workers
    result = ReviewLog(path).verify()
    assert result.ok, result.problem
    assert result.entries == workers * count
    cases = [json.loads(x)["case"] for x in Path(path).read_bytes().splitlines()]
    assert sorted(cases) == sorted(f"{w}-{i}" for w in range(workers) for i in range(count))
    for w in range(workers):  # each writer's entries stay in its own order
        mine = [int(c.split("-")[1]) for c in cases if c.startswith(f"{w}-")]
        assert mine == list(range(count))


# -- the command line --------------------------------------------------------------------------


def test_command_line_record_decide_verify_and_tamper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent
    log = str(tmp_path / "review.jsonl")
    facts = tmp_path / "facts.yaml"
    facts.write_text("party_type: organisation\ngoods_value: 20\nfirst_violation: true\n")
    ok = tmp_path / "ok.yaml"
    ok.write_text(
        "penalties:\n  - id: confiscate_gains\n  - id: confiscate_food\n"
        "  - id: fine\n    amount: 60000\n",
        encoding="utf-8",
    )
    away = tmp_path / "away.yaml"
    away.write_text(
        "penalties:\n  - id: confiscate_gains\n  - id: confiscate_food\n"
        "  - id: fine\n    amount: 80000\n",
        encoding="utf-8",
    )
    rules = str(root / "rules")
    assert main(["log", "record", log, rules, "--item", "FSL-124", "--facts", str(facts)]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main(["log", "decide", log, "--seq", "1", "--decision", str(ok)]) == 0
    assert (
        main(["log", "decide", log, "--seq", "1", "--decision", str(away)]) == 2
    )  # a decision file that cannot be read: bad input
    err = capsys.readouterr().err
    assert "away.yaml" in err
    assert "调整适用" in err
    with away.open("a", encoding="utf-8") as f:
        f.write("reason: 拒不配合调查\napproval: principal_head\napprover: 王某\n")
    assert main(["log", "decide", log, "--seq", "1", "--decision", str(away)]) == 0
    capsys.readouterr()
    assert main(["log", "verify", log]) == 0
    assert capsys.readouterr().out.startswith("ok: 3 entries, head sha256:")
    assert main(["log", "show", log]) == 0
    shown = capsys.readouterr().out
    assert "调整适用：罚款 80000 元，超出建议幅度 50000–65000 元" in shown
    assert "批准：负责人批准（王某）" in shown
    data = bytearray(Path(log).read_bytes())
    second = data.index(b"\n") + 1
    data[data.index(b'"60000"', second) + 2] = ord("1")  # 60000 → 61000 on line 2
    Path(log).write_bytes(bytes(data))
    assert main(["log", "verify", log]) == 1
    assert f"{log}:2: edited" in capsys.readouterr().out
    assert main(["log", "show", log]) == 1
    assert capsys.readouterr().out.startswith("注意：日志校验未通过——第 2 行（edited）")


def test_command_line_repair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = ReviewLog(tmp_path / "review.jsonl")
    log.record(_small_recommendation())
    with log.path.open("ab") as f:
        f.write(b'{"kind":"recom')
    assert main(["log", "verify", str(log.path)]) == 1
    assert ":2: torn" in capsys.readouterr().out
    assert main(["log", "repair", str(log.path)]) == 0
    assert "cut line 2: 14 bytes" in capsys.readouterr().out
    assert main(["log", "show", str(log.path)]) == 0
    assert "修复：截去第 2 行不完整内容 14 字节" in capsys.readouterr().out
