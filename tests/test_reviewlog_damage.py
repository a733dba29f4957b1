"""Damaged lines, missing paths, folders: each one clear error naming the line, never a traceback.

Issue 18's crash reproductions: a byte that makes a line invalid UTF-8, NaN or Infinity, a 5 000
digit integer, nesting deep enough to exhaust the parser, a lone surrogate, fields missing or of
the wrong type. Each used to raise from the standard library in ``verify``, ``show`` or an append.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import rewrite_log as _rewrite
from discretion.cli._main import main
from discretion.review import ReviewLog, ReviewLogError, TornLogError
from test_reviewlog import _small_recommendation

# (what the damage is, how it is made from a good line, words the report must hold)
DAMAGE = [
    ("invalid-utf8", lambda raw: raw.replace("食品".encode(), b"\xff\xfe", 1), "UTF-8"),
    ("nan", lambda raw: raw.replace(b'"goods_value":"20"', b'"goods_value":NaN'), "NaN"),
    ("infinity", lambda raw: raw.replace(b'"goods_value":"20"', b'"goods_value":-Infinity'), "Infinity"),
    ("overflow", lambda raw: raw.replace(b'"goods_value":"20"', b'"goods_value":1e999'), "infinity"),
    ("huge-int", lambda raw: raw.replace(b'"goods_value":"20"', b'"goods_value":' + b"7" * 5000), "5000 digits"),
    ("deep", lambda raw: raw.replace(b'"goods_value":"20"', b'"goods_value":' + b"[" * 100_000 + b"]" * 100_000), "nested too deep"),
    ("surrogate", lambda raw: raw.replace(b'"FSL-124"', b'"\\ud800"', 1), "surrogate"),
    ("no-seq", lambda raw: re.sub(rb'"seq":\d+,', b"", raw, count=1), "'seq' is missing"),
    ("seq-text", lambda raw: re.sub(rb'"seq":(\d+),', rb'"seq":"\1",', raw, count=1), "'seq' must be int"),
    ("array", lambda raw: b"[" + raw + b"]", "not an entry"),
    ("cut-json", lambda raw: raw[: len(raw) // 2], "not valid JSON"),
]  # fmt: skip


def _three(where: str) -> ReviewLog:
    log = ReviewLog(where)
    rec = _small_recommendation()
    for i in range(3):
        log.record(rec, case=f"case-{i}")
    return log


@pytest.mark.parametrize(("name", "damage", "words"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_line_is_named_by_verify_and_show(
    where: str, name: str, damage: object, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _three(where)
    _rewrite(where, lambda lines: [lines[0], damage(lines[1]), lines[2]])  # type: ignore[operator]
    result = log.verify()
    assert result.problem is not None
    assert (result.problem.line, result.problem.kind, result.entries) == (2, "edited", 1)
    assert words in result.problem.message
    assert main(["log", "verify", where]) == 1
    out = capsys.readouterr().out
    assert f"{where}:2: edited" in out
    assert words in out
    assert main(["log", "verify", where, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["problem"]["line"], report["entries"]) == (False, 2, 1)
    assert main(["log", "show", where]) == 1
    shown = capsys.readouterr().out
    assert "第 2 行：无法读取" in shown
    assert words in shown
    assert "#3" in shown  # the lines after it are still shown
    assert main(["log", "show", where, "--format", "json"]) == 1
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [("entry" in e, e["line"]) for e in entries] == [(True, 1), (False, 2), (True, 3)]


@pytest.mark.parametrize(("name", "damage", "words"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_last_line_refuses_appends(
    where: str, name: str, damage: object, words: str
) -> None:
    log = _three(where)
    _rewrite(where, lambda lines: [*lines[:2], damage(lines[2])])  # type: ignore[operator]
    with pytest.raises(TornLogError, match="discretion log repair") as info:
        log.record(_small_recommendation())
    assert info.value.line == 3
    assert words in str(info.value)
    assert log.verify().entries == 2


def test_a_torn_line_is_still_repaired(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = _three(str(tmp_path / "review.jsonl"))
    torn = b'{"seq":4,"time":"\xff'
    with log.path.open("ab") as f:
        f.write(torn)
    assert main(["log", "repair", str(log.path), "--format", "json"]) == 0
    repaired = json.loads(capsys.readouterr().out)["repaired"]
    assert (repaired["line"], repaired["removed"]["length"]) == (4, len(torn))
    assert log.verify().ok


def test_a_folder_is_not_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ReviewLogError, match="is a folder"):
        ReviewLog(tmp_path).verify()
    with pytest.raises(ReviewLogError, match="is a folder"):
        ReviewLog(tmp_path).record(_small_recommendation())
    assert (
        main(["log", "show", str(tmp_path), "--format", "json"]) == 2
    )  # a folder is not a log: bad input
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert (error["error"], error["file"]) == ("ReviewLogError", str(tmp_path))
    with pytest.raises(ReviewLogError, match="folder"):
        ReviewLog(f"sqlite:///{tmp_path}").verify()


def test_an_unreachable_path_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ReviewLogError, match="cannot open the review log") as info:
        ReviewLog(blocker / "review.jsonl").record(_small_recommendation())
    assert info.value.file == str(blocker / "review.jsonl")
    with pytest.raises(ReviewLogError, match="cannot create the review log"):
        ReviewLog(tmp_path / "no-such-folder" / "review.jsonl").record(_small_recommendation())
    with pytest.raises(ReviewLogError, match="unknown log location"):
        ReviewLog("mysql://somewhere/db")


def test_a_missing_log_is_an_error_not_an_empty_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere.jsonl")
    assert main(["log", "verify", missing]) == 2  # bad input
    assert "does not exist" in capsys.readouterr().err
    for command in ("verify", "show", "repair", "export"):
        assert main(["log", command, missing, "--format", "json"]) == 2  # bad input
        report = json.loads(capsys.readouterr().out)
        assert report["ok"] is False
        assert "不存在" in report["errors"][0]["message"]
    assert not Path(missing).exists()  # reading never creates it


def test_import_discretion_without_fcntl(tmp_path: Path) -> None:
    # Windows has no fcntl (issue 16): the package imports, and the log is usable up to the
    # moment a lock is taken, when the platform's own locking is used.
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import discretion, discretion.review, discretion.cli._main\n"
        "log = discretion.ReviewLog(sys.argv[1])\n"
        "print('fcntl' in sys.modules and sys.modules['fcntl'] is None, type(log.store).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "r.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "JsonLinesStore"]


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库 / not a database\n" * 100, encoding="utf-8")
    log = ReviewLog(f"sqlite:///{text}")
    with pytest.raises(ReviewLogError, match="database") as info:
        log.verify()
    assert info.value.file == log.location
    with pytest.raises(ReviewLogError, match="database"):
        log.record(_small_recommendation())
    assert "这不是数据库" in text.read_text(encoding="utf-8")  # nothing was written over it


def test_every_single_byte_edit_is_found_and_nothing_crashes(tmp_path: Path) -> None:
    # Every position of a small log, each overwritten with bytes that break UTF-8, JSON strings,
    # nesting and numbers: verify always answers (never raises) and never says ok.
    log = ReviewLog(tmp_path / "review.jsonl")
    log.record(_small_recommendation(), case="甲")
    log.record(_small_recommendation(), case="乙")
    good = log.path.read_bytes()
    missed = []
    for at in range(len(good)):
        for byte in (0xFF, 0x22, 0x5C, 0x5B, 0x39, 0x0A):
            if good[at] == byte:
                continue
            log.path.write_bytes(good[:at] + bytes([byte]) + good[at + 1 :])
            result = log.verify()
            list(log.entries())
            if result.ok:
                missed.append((at, byte))
    assert missed == []
