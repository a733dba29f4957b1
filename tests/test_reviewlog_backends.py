"""One test suite for the three places a review log is kept: JSON Lines, SQLite, PostgreSQL.

The PostgreSQL server is real: started by the fixture on 127.0.0.1 from Debian's binaries
(``make test`` installs them). Figures: FSL-124 (食品安全法第一百二十四条第一款), goods value under
10 000 yuan → 50 000–100 000 yuan; the 从轻 level takes its lowest 30 %: 50 000–65 000 yuan.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

import discretion
import postgres_server
from conftest import rewrite_log as _rewrite
from discretion.cli._main import main
from discretion.decide._result import Recommendation
from discretion.review import DepartureError, Person, ReviewError, ReviewLog, ReviewLogError
from test_reviewlog import WITHIN, _clock, _small_recommendation

LIGHT = {"party_type": "organisation", "goods_value": 20, "first_violation": True}
BACKENDS = ["jsonl", "sqlite", "postgresql"]
_names = itertools.count()


@pytest.fixture
def light(rules: discretion.RuleSet) -> Recommendation:
    return discretion.evaluate(rules, "FSL-124", LIGHT)


def _rehash(lines: list[bytes], start: int, algorithm: str = "sha256") -> list[bytes]:
    """Recompute every hash from line ``start`` (1-based) on: a forger's full re-chaining."""
    out = lines[: start - 1]
    prev = json.loads(out[-1])["hash"] if out else f"{algorithm}:" + "0" * 64
    for raw in lines[start - 1 :]:
        data = json.loads(raw)
        data["prev"] = prev
        if data["kind"] == "checkpoint" and data["of"]["seq"] == data["seq"] - 1:
            data["of"]["hash"] = prev
        body = {k: v for k, v in data.items() if k != "hash"}
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        data["hash"] = f"{algorithm}:" + hashlib.new(algorithm, text).hexdigest()
        prev = data["hash"]
        out.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    return out


# -- the same semantics everywhere ----------------------------------------------------------------


def test_record_review_decide_verify(where: str, light: Recommendation) -> None:
    log = ReviewLog(where, clock=_clock())
    rec = log.record(light, case="冀市监罚〔2024〕7号", officer=Person("李某", "13010001"))
    review = log.review(1, Person("赵某", "冀法审 0427"), "同意")
    decision = log.decide(1, {"penalties": WITHIN, "officer": "李某"})
    assert [rec.seq, review.seq, decision.seq] == [1, 2, 3]
    assert rec.data["officer"] == {"name": "李某", "certificate": "13010001"}
    assert review.data["reviewer"] == {"name": "赵某", "certificate": "冀法审 0427"}
    assert review.data["opinion"] == "agree"
    assert review.data["recommendation"] == {"seq": 1, "hash": rec.hash}
    assert rec.data["hash_algorithm"] == "sha256"
    result = log.verify()
    assert (result.ok, result.entries, result.head) == (True, 3, decision.hash)
    assert log.find(1).data == rec.data
    assert [e.seq for e in log.entries()] == [1, 2, 3]  # type: ignore[union-attr]


def test_a_departure_is_refused_and_nothing_is_appended(where: str, light: Recommendation) -> None:
    log = ReviewLog(where)
    log.record(light)
    with pytest.raises(DepartureError, match="调整适用"):
        log.decide(1, {"penalties": [*WITHIN[:2], {"id": "fine", "amount": 80000}]})
    assert log.verify().entries == 1


@pytest.mark.parametrize(
    ("opinion", "reasons", "certificate", "words"),
    [
        ("不同意", None, "0427", "needs its reasons"),
        ("修改意见", "  ", "0427", "needs its reasons"),
        ("可以", None, "0427", "unknown opinion"),
        ("同意", None, "", "certificate number is required"),
    ],
)
def test_a_review_needs_a_known_opinion_reasons_and_a_certificate(
    where: str,
    light: Recommendation,
    opinion: str,
    reasons: str | None,
    certificate: str,
    words: str,
) -> None:
    log = ReviewLog(where)
    log.record(light)
    with pytest.raises(ReviewError, match=words):
        log.review(1, Person("赵某", certificate), opinion, reasons)
    assert log.verify().entries == 1


def test_an_edit_is_found_on_every_backend(where: str, light: Recommendation) -> None:
    log = ReviewLog(where)
    log.record(light)
    log.decide(1, {"penalties": WITHIN})
    log.record(light)
    _rewrite(where, lambda lines: [lines[0], lines[1].replace(b'"60000"', b'"61000"'), lines[2]])
    problem = log.verify().problem
    assert problem is not None
    assert (problem.line, problem.kind) == (2, "edited")


def test_a_deleted_row_is_found_on_every_backend(where: str, light: Recommendation) -> None:
    log = ReviewLog(where)
    for _ in range(3):
        log.record(light)
    _rewrite(where, lambda lines: [lines[0], lines[2]])
    problem = log.verify().problem
    assert problem is not None
    assert (problem.line, problem.kind) == (2, "deleted")


def test_a_missing_log_is_an_error(where: str) -> None:
    log = ReviewLog(where)
    with pytest.raises(ReviewLogError, match="does not exist"):
        log.verify()
    with pytest.raises(ReviewLogError, match="does not exist"):
        log.find(1)
    assert main(["log", "verify", where]) == 2  # a missing log: bad input


def test_decide_finds_its_recommendation_by_sequence(where: str) -> None:
    log = ReviewLog(where)
    rec = _small_recommendation()
    for _ in range(40):
        log.record(rec)
    for seq in (1, 17, 40):
        assert log.find(seq).seq == seq
        assert log.find(seq).data["seq"] == seq
    with pytest.raises(ReviewLogError, match="no entry with sequence number 41"):
        log.find(41)


# -- export and import -----------------------------------------------------------------------


@pytest.mark.parametrize("target", BACKENDS)
def test_export_and_import_keep_the_chain(
    where: str, target: str, tmp_path: Path, light: Recommendation, request: pytest.FixtureRequest
) -> None:
    source = ReviewLog(where)
    source.record(light)
    source.decide(1, {"penalties": WITHIN})
    if target == "jsonl":
        dest = str(tmp_path / "copy.jsonl")
    elif target == "sqlite":
        dest = f"sqlite:///{tmp_path / 'copy.db'}"
    else:
        dest = postgres_server.create_database(
            request.getfixturevalue("postgres"), f"copy_{os.getpid()}_{next(_names)}"
        )
    exported = tmp_path / "export.jsonl"
    assert main(["log", "export", where, "--out", str(exported)]) == 0
    assert main(["log", "import", dest, "--from", str(exported)]) == 0
    copy = ReviewLog(dest)
    assert copy.verify() == source.verify()
    assert list(copy.lines()) == list(source.lines())
    with pytest.raises(ReviewLogError, match="already holds entries"):
        copy.load(source)


def test_import_of_a_tampered_log_writes_nothing(where: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    log = ReviewLog(bad)
    rec = _small_recommendation()
    log.record(rec)
    log.record(rec)
    bad.write_bytes(bad.read_bytes().replace(b"FSL-124", b"FSL-125", 1))
    with pytest.raises(ReviewLogError, match="does not verify"):
        ReviewLog(where).load(log.lines())
    assert not ReviewLog(where).store.exists() or ReviewLog(where).verify().entries == 0


# -- signed checkpoints ------------------------------------------------------------------------


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "office.key", tmp_path / "office.pub"
    assert main(["log", "keygen", "--private", str(private), "--public", str(public)]) == 0
    assert private.stat().st_mode & 0o777 == 0o600
    return private, public


def test_checkpoint_forgery_is_found(where: str, keys: tuple[Path, Path]) -> None:
    private, public = keys
    log = ReviewLog(where)
    rec = _small_recommendation()
    for _ in range(3):
        log.record(rec)
    checkpoint = log.checkpoint(private)
    assert checkpoint.data["of"]["seq"] == 3
    log.record(rec)
    result = log.verify(key=public)
    assert (result.ok, result.checkpoints) == (True, 1)

    def forge(lines: list[bytes]) -> list[bytes]:
        edited = lines[1].replace(b"FSL-124", b"FSL-999", 1)
        return _rehash([*lines[:1], edited, *lines[2:]], 2)

    # Entry 2 edited and every hash after it recomputed, the checkpoint's signed hash too:
    # the chain checks, but the signature over the old head does not.
    _rewrite(where, forge)
    assert log.verify().ok
    problem = log.verify(key=public).problem
    assert problem is not None
    assert (problem.line, problem.kind) == (4, "signature")


def test_an_edit_before_a_checkpoint_is_found_without_the_key(
    where: str, keys: tuple[Path, Path]
) -> None:
    log = ReviewLog(where)
    rec = _small_recommendation()
    log.record(rec)
    log.record(rec)
    log.checkpoint(keys[0])

    def forge(lines: list[bytes]) -> list[bytes]:
        edited = _rehash([lines[0].replace(b"FSL-124", b"FSL-999", 1), *lines[1:2]], 1)
        # The forger re-chains the checkpoint's prev but leaves the signed head as it was.
        checkpoint = json.loads(lines[2])
        checkpoint["prev"] = json.loads(edited[-1])["hash"]
        body = {k: v for k, v in checkpoint.items() if k != "hash"}
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        checkpoint["hash"] = "sha256:" + hashlib.sha256(text).hexdigest()
        return [*edited, json.dumps(checkpoint, ensure_ascii=False, separators=(",", ":")).encode()]

    _rewrite(where, forge)
    problem = log.verify().problem
    assert problem is not None
    assert (problem.line, problem.kind) == (3, "checkpoint")


def test_a_checkpoint_under_another_key_is_refused(
    where: str, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    log = ReviewLog(where)
    log.record(_small_recommendation())
    log.checkpoint(keys[0])
    other_private, other_public = tmp_path / "other.key", tmp_path / "other.pub"
    discretion.review.generate_key(other_private, other_public)
    problem = log.verify(key=other_public).problem
    assert problem is not None
    assert (problem.line, problem.kind) == (2, "signature")
    assert "another key" in problem.message or "signed with key" in problem.message
    with pytest.raises(ReviewLogError, match="not a usable public key"):
        log.verify(key=keys[0])  # a private key is not a public key
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(ReviewLogError, match="not a usable private key"):
        log.checkpoint(garbage)


# -- several processes -----------------------------------------------------------------------


def _append_many(where: str, worker: int, count: int) -> None:
    log = ReviewLog(where)
    rec = _small_recommendation()
    for i in range(count):
        log.record(rec, case=f"{worker}-{i}")


def test_four_processes_append_without_loss_or_duplicate(where: str) -> None:
    workers, count = 4, 50
    ReviewLog(where).record(_small_recommendation(), case="start")  # create the table first
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(where, w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * workers
    log = ReviewLog(where)
    result = log.verify()
    assert result.ok, result.problem
    assert result.entries == workers * count + 1
    cases: list[Any] = [json.loads(raw)["case"] for raw in log.lines()][1:]
    assert sorted(cases) == sorted(f"{w}-{i}" for w in range(workers) for i in range(count))
    seqs = [json.loads(raw)["seq"] for raw in log.lines()]
    assert seqs == list(range(1, workers * count + 2))
