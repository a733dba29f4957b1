"""What the record holds and how it is read: SM3 chains, the 法制审核意见书, the commands' JSON,
and decisions that find their recommendation without reading the whole log.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import discretion
from discretion.cli._main import main
from discretion.review import ReviewLog, _jsonl, _lock
from discretion.review._chain import digest
from test_reviewlog import LIGHT, WITHIN, _small_recommendation

ROOT = Path(__file__).resolve().parent.parent

# GB/T 32905-2016, Appendix A: the two examples of the standard.
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM3_ABCD16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_sm3_is_the_standards_sm3() -> None:
    assert digest("sm3", b"abc") == "sm3:" + SM3_ABC
    assert digest("sm3", b"abcd" * 16) == "sm3:" + SM3_ABCD16


def test_an_sm3_log_records_its_hash_and_verifies(tmp_path: Path) -> None:
    log = ReviewLog(tmp_path / "review.jsonl", hash="sm3")
    rec = _small_recommendation()
    first = log.record(rec)
    log.record(rec)
    assert first.data["hash_algorithm"] == "sm3"
    assert first.data["prev"] == "sm3:" + "0" * 64
    lines = log.path.read_bytes().splitlines()
    for raw in lines:
        data = json.loads(raw)
        body = json.dumps(
            {k: v for k, v in data.items() if k != "hash"},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        assert data["hash"] == "sm3:" + hashlib.new("sm3", body).hexdigest()
    # An existing log keeps its algorithm, whatever a later writer asks for.
    assert ReviewLog(log.path).record(rec).hash.startswith("sm3:")
    result = log.verify()
    assert (result.ok, result.entries, result.algorithm) == (True, 3, "sm3")
    log.path.write_bytes(log.path.read_bytes().replace(b"FSL-124", b"FSL-125", 1))
    problem = log.verify().problem
    assert problem is not None
    assert (problem.line, problem.kind) == (1, "edited")


def test_a_chain_that_switches_hash_is_refused(tmp_path: Path) -> None:
    log = ReviewLog(tmp_path / "review.jsonl", hash="sm3")
    log.record(_small_recommendation())
    lines = log.path.read_bytes().splitlines()
    data = json.loads(lines[0])
    data["hash_algorithm"] = "sha256"
    data["prev"] = "sha256:" + "0" * 64
    body = {k: v for k, v in data.items() if k != "hash"}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    data["hash"] = "sm3:" + hashlib.new("sm3", text).hexdigest()  # sm3 hash, sha256 declared
    log.path.write_bytes(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    )
    problem = log.verify().problem
    assert problem is not None
    assert (problem.line, problem.kind) == (1, "edited")
    with pytest.raises(discretion.DiscretionError, match="unknown hash algorithm"):
        ReviewLog(tmp_path / "other.jsonl", hash="md5")


def test_decide_reads_a_few_blocks_not_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: discretion.RuleSet
) -> None:
    log = ReviewLog(tmp_path / "review.jsonl")
    rec = discretion.evaluate(rules, "FSL-124", LIGHT)
    for _ in range(300):
        log.record(rec)
    size = log.path.stat().st_size
    read = [0]
    real = _lock.pread

    def counting(fd: int, n: int, offset: int) -> bytes:
        data = real(fd, n, offset)
        read[0] += len(data)
        return data

    monkeypatch.setattr(_jsonl, "pread", counting)
    entry = log.decide(150, {"penalties": WITHIN})
    assert entry.data["recommendation"]["seq"] == 150
    # Bisecting by offset: about log2(300) probes of one block each, and the last line.
    assert read[0] < size / 10, (read[0], size)


def test_the_legality_review_opinion_in_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = str(tmp_path / "review.jsonl")
    facts = tmp_path / "facts.yaml"
    facts.write_text("party_type: organisation\ngoods_value: 20\nfirst_violation: true\n")
    decision = tmp_path / "decision.yaml"
    decision.write_text(
        "penalties:\n  - confiscate_gains\n  - confiscate_food\n  - id: fine\n    amount: 60000\n"
        "officer: 李某\nofficer_certificate: '13010001'\n",
        encoding="utf-8",
    )
    rules = str(ROOT / "rules")
    commands = [
        ["log", "record", log, rules, "--item", "FSL-124", "--facts", str(facts),
         "--case", "冀市监罚〔2024〕<7>号", "--officer", "李某", "--officer-certificate", "13010001"],
        ["log", "review", log, "--seq", "1", "--reviewer", "赵某", "--certificate", "冀法审0427",
         "--opinion", "修改意见", "--reasons", "请补充货值金额的计算依据"],
        ["log", "review", "--log", log, "--seq", "1", "--reviewer", "赵某",
         "--certificate", "冀法审0427", "--opinion", "同意"],
        ["log", "decide", log, "--seq", "1", "--decision", str(decision)],
    ]  # fmt: skip
    for number, argv in enumerate(commands, start=1):
        assert main([*argv, "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["seq"] == number
    assert main(["log", "show", log, "--entry", "3", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>法制审核意见书</h1>" in page
    assert "冀市监罚〔2024〕&lt;7&gt;号" in page  # escaped, never markup
    assert "<7>" not in page
    assert "李某（证号：13010001）" in page
    assert "赵某（证号：冀法审0427）" in page
    assert "<strong>修改意见</strong>" in page
    assert "请补充货值金额的计算依据" in page
    assert "<strong>同意</strong>" in page
    assert "罚款 50000–65000 元" in page  # the recommendation (从轻: 5万–6.5万)
    assert "罚款 60000 元" in page  # the decision
    assert page.count("李某（证号：13010001）") == 2  # 承办人 and 决定人
    assert "《中华人民共和国食品安全法》第一百二十四条第一款" in page
    assert main(["log", "show", log, "--format", "html"]) == 2  # bad input
    assert "--entry" in capsys.readouterr().err


def test_every_log_command_speaks_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = ReviewLog(tmp_path / "review.jsonl")
    log.record(_small_recommendation())
    where = str(log.path)
    private, public = str(tmp_path / "k"), str(tmp_path / "k.pub")
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    runs = [
        (["log", "keygen", "--private", private, "--public", public], "key"),
        (["log", "checkpoint", where, "--key", private], "seq"),
        (["log", "verify", where, "--key", public], "checkpoints"),
        (["log", "show", where, "--entry", "2"], "entries"),
        (["log", "repair", where], "repaired"),
        (["log", "export", where, "--out", copy], "out"),
        (["log", "import", str(tmp_path / "again.jsonl"), "--from", copy], "entries"),
    ]
    for argv, key in runs:
        assert main([*argv, "--format", "json"]) == 0, argv
        assert key in json.loads(capsys.readouterr().out), argv
    assert ReviewLog(copy).verify(key=public).checkpoints == 1
    assert (
        main(["log", "keygen", "--private", private, "--public", public]) == 2
    )  # keys already there: refused as bad input
    assert "never overwritten" in capsys.readouterr().err


def test_export_to_standard_output_is_the_log_byte_for_byte(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    log = ReviewLog(f"sqlite:///{tmp_path / 'review.db'}")
    log.record(_small_recommendation())
    log.record(_small_recommendation())
    assert main(["log", "export", "--log", log.location]) == 0
    out = capsysbinary.readouterr().out
    assert out == b"".join(raw + b"\n" for raw in log.lines())
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(out)
    assert ReviewLog(copy).verify() == log.verify()


def test_verify_streams_the_file_in_bounded_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: discretion.RuleSet
) -> None:
    log = ReviewLog(tmp_path / "review.jsonl")
    rec = discretion.evaluate(rules, "FSL-124", LIGHT)
    for _ in range(200):
        log.record(rec)
    size = log.path.stat().st_size
    reads: list[int] = []
    real = _lock.pread

    def counting(fd: int, n: int, offset: int) -> bytes:
        data = real(fd, n, offset)
        reads.append(len(data))
        return data

    monkeypatch.setattr(_jsonl, "pread", counting)
    assert log.verify().entries == 200
    assert sum(reads) == size  # every byte read once
    assert max(reads) <= 1 << 20 < size  # in pieces of at most 1 MiB, never the file whole
