"""Exit status and machine-readable errors, command by command (docs/guide/cli.md).

The documented convention: 0 the command did its job and found nothing wrong; 1 it ran and found
problems in what it was asked to check (``check``, ``log verify``); 2 a usage error or bad input.
With ``--format json`` every command prints its errors as ``{"ok": false, "errors": […]}`` on
standard output, so a calling system parses them rather than scraping standard error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from discretion.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "bad"
BROKEN = ROOT / "tests" / "broken"
BASE = str(BAD / "_base.yaml")
DEMO = str(ROOT / "examples" / "fsl-124-demo.facts.yaml")


@pytest.fixture
def facts(tmp_path: Path) -> dict[str, str]:
    good = tmp_path / "good.yaml"
    good.write_text("party_type: individual\ngoods_value: 500\n", "utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("party_type: individual\ngoods_value: lots\n", "utf-8")
    return {"good": str(good), "bad": str(bad), "missing": str(tmp_path / "none.yaml")}


def _cases(facts: dict[str, str], tmp: Path) -> list[tuple[str, list[str], int]]:
    log = str(tmp / "review.jsonl")
    return [
        ("evaluate ok", ["evaluate", BASE, "--item", "T-1", "--facts", facts["good"]], 0),
        ("evaluate bad facts", ["evaluate", BASE, "--item", "T-1", "--facts", facts["bad"]], 2),
        (
            "evaluate missing facts",
            ["evaluate", BASE, "--item", "T-1", "--facts", facts["missing"]],
            2,
        ),
        ("evaluate unknown item", ["evaluate", BASE, "--item", "T-9", "--facts", facts["good"]], 2),
        (
            "evaluate rules that do not load",
            ["evaluate", str(BAD / "band_outside.yaml"), "--item", "T-1", "--facts", facts["good"]],
            2,
        ),
        ("check ok", ["check", BASE], 0),
        ("check finds a gap", ["check", str(BROKEN / "gap.yaml")], 1),
        ("check rules that do not load", ["check", str(BAD / "band_outside.yaml")], 1),
        ("check a path that is not there", ["check", str(tmp / "nowhere")], 2),
        ("list ok", ["list", BASE], 0),
        ("list unknown item", ["list", BASE, "--item", "T-9"], 2),
        ("diff ok", ["diff", BASE, BASE], 0),
        ("diff a folder", ["diff", str(tmp), BASE], 2),
        ("export-durable bad rules", ["export-durable", str(BAD / "band_outside.yaml")], 2),
        ("serve bad rules", ["serve", str(tmp / "nowhere")], 2),
        ("log verify missing", ["log", "verify", log], 2),
        ("log show missing", ["log", "show", log], 2),
        ("audit without --rules", ["audit", str(tmp / "a.csv")], 2),
    ]


def test_every_command_exits_as_documented(
    facts: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, argv, expected in _cases(facts, tmp_path):
        assert main(argv) == expected, name
        capsys.readouterr()


def test_every_command_prints_its_errors_as_json(
    facts: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, argv, expected in _cases(facts, tmp_path):
        if expected != 2:
            continue
        assert main([*argv, "--format", "json"]) == 2, name
        out = capsys.readouterr()
        payload = json.loads(out.out)
        assert payload["ok"] is False, name
        assert payload["errors"], name
        assert payload["errors"][0]["message"], name
        assert "Traceback" not in out.err, name


def test_usage_errors_exit_2_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["evaluate", BASE, "--format", "json"],  # --item and --facts missing
        ["check", "--format", "json"],
        ["completion", "tcsh-or-so", "--format", "json"],
    ):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2, argv
        payload = json.loads(capsys.readouterr().out)
        assert payload["errors"][0]["error"] == "UsageError"


def test_log_verify_of_a_damaged_log_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "review.jsonl"
    argv = ["--item", "FSL-124", "--facts", DEMO, "--case", "测-1", "--officer", "张三"]
    assert main(["log", "record", str(log), str(ROOT / "rules"), *argv]) == 0
    assert main(["log", "verify", str(log)]) == 0
    log.write_text(log.read_text("utf-8").replace("张三", "李四"), "utf-8")
    assert main(["log", "verify", str(log)]) == 1
    assert main(["log", "verify", str(log), "--format", "json"]) == 1
    capsys.readouterr()


def test_schema_accepts_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--format", "json"]) == 0
    assert "properties" in json.loads(capsys.readouterr().out)


def test_facts_from_standard_input_as_yaml_or_json(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "discretion", "evaluate", BASE, "--item", "T-1"]
    argv += ["--facts", "-", "--format", "json"]
    outputs = []
    for text in (
        "party_type: individual\ngoods_value: 500\n",
        '{"party_type": "individual", "goods_value": 500}',
    ):
        done = subprocess.run(
            argv, input=text, capture_output=True, text=True, check=False, timeout=60
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    done = subprocess.run(
        argv, input="party_type: [\n", capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 2
    assert json.loads(done.stdout)["errors"][0]["message"].startswith(
        "标准输入既不是 JSON 也不是 YAML"
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script_for_each_shell(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "discretion" in script
    assert "_ARGCOMPLETE" in script  # the script asks the command itself for completions


def test_completion_answers_from_the_parser(tmp_path: Path) -> None:
    # What a shell does on <TAB>: run the command with argcomplete's variables, read fd 8.
    read, write = os.pipe()
    line = "discretion ev"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
    }
    code = f"import os, sys; os.dup2({write}, 8); from discretion.cli import main; main([])"
    subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        pass_fds=(write,),
        capture_output=True,
        check=False,
        timeout=60,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        words = answer.read().split()
    assert words == ["evaluate"]
