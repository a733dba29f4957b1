"""The compiled form of a rule set (``discretion compile``, ``load(FILE)``).

Expected decisions come from the example-case files under ``rules/`` (each case states the level
and range its standard's table gives); the compiled rule set must reach every one of them, and
render exactly what the YAML rule set renders.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import discretion
from discretion.cli._main import main
from discretion.compile._compiled import dumps_compiled, read_compiled, write_compiled
from discretion.verify._examples import case_files, read_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def yaml_rules() -> discretion.RuleSet:
    return discretion.load(RULES)


def _compiled(tmp_path: Path, rules: discretion.RuleSet) -> Path:
    out = tmp_path / "rules.dcr"
    write_compiled(rules, out)
    return out


def _reseal(data: bytes) -> bytes:
    """The file with its payload digest recomputed, as a forger would."""
    head, _, body = data.partition(b"\n")
    header = json.loads(head)
    header["payload_sha256"] = hashlib.sha256(body).hexdigest()
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + body


def test_compiled_rules_decide_every_example_case_as_the_yaml_rules(
    yaml_rules: discretion.RuleSet, tmp_path: Path
) -> None:
    compiled = discretion.load(_compiled(tmp_path, yaml_rules))
    assert compiled.codes == yaml_rules.codes
    assert [s.digest for s in compiled.standards] == [s.digest for s in yaml_rules.standards]
    count = 0
    for path in case_files(RULES):
        for case in read_cases(path):
            count += 1
            rec, diffs = run_case(compiled, case)
            assert diffs == [], (case.name, diffs)  # what the case file expects
            expected, _ = run_case(yaml_rules, case)
            if rec is None or expected is None:
                assert rec is None, case.name
                assert expected is None, case.name
            else:
                assert discretion.to_json(rec) == discretion.to_json(expected), case.name
    assert count > 50  # the bundled standards' cases were all run


def test_compiled_rules_keep_the_validated_models(
    yaml_rules: discretion.RuleSet, tmp_path: Path
) -> None:
    compiled = discretion.load(_compiled(tmp_path, yaml_rules))
    for name, _text in yaml_rules.sources:
        assert compiled.file_model(name) == yaml_rules.file_model(name)
    assert compiled.sources == yaml_rules.sources


def test_a_tampered_file_is_refused(yaml_rules: discretion.RuleSet, tmp_path: Path) -> None:
    out = _compiled(tmp_path, yaml_rules)
    data = out.read_bytes()
    # 罚款 fine amounts are in the payload: raise one figure without fixing the digest.
    changed = data.replace(b'"max":"50000"', b'"max":"90000"', 1)
    assert changed != data
    out.write_bytes(changed)
    with pytest.raises(discretion.RuleSetError, match="已被改动") as caught:
        discretion.load(out)
    assert "tampered" in str(caught.value)


@pytest.mark.parametrize(("field", "value"), [("library", "0.0.0-other"), ("format_version", 99)])
def test_a_file_of_another_version_is_refused_as_stale(
    yaml_rules: discretion.RuleSet, tmp_path: Path, field: str, value: object
) -> None:
    out = _compiled(tmp_path, yaml_rules)
    head, _, body = out.read_bytes().partition(b"\n")
    header = json.loads(head)
    header[field] = value
    out.write_bytes(json.dumps(header, separators=(",", ":")).encode() + b"\n" + body)
    with pytest.raises(discretion.RuleSetError, match="已过期") as caught:
        discretion.load(out)
    assert "stale" in str(caught.value)


def test_a_changed_source_makes_the_file_stale_and_a_moved_one_does_not(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    out = tmp_path / "rules.dcr"
    assert main(["compile", str(rules), "-o", str(out)]) == 0
    assert len(discretion.load(out)) == len(discretion.load(RULES))
    food = rules / "food" / "fsl-2021.yaml"
    food.write_text(food.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
    with pytest.raises(discretion.RuleSetError, match="源文件") as caught:
        discretion.load(out)
    assert "fsl-2021.yaml changed" in str(caught.value)
    shutil.rmtree(rules)  # sources gone (another machine): the digests stand for them
    assert len(discretion.load(out)) == len(discretion.load(RULES))


def test_a_crafted_file_cannot_run_code(yaml_rules: discretion.RuleSet, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = f"__import__('os').system('touch {marker}')"
    lines = dumps_compiled(yaml_rules).split(b"\n")
    found = 0
    for k, raw in enumerate(lines):
        if raw.startswith(b'{"code":"FSL-124"'):
            found += 1
            item = json.loads(raw)
            item["levels"][0]["when"] = hostile
            lines[k] = json.dumps(item, ensure_ascii=False).replace(", ", ",").encode()
            lines[k] = b'{"code":"FSL-124"' + lines[k][len(b'{"code": "FSL-124"') :]
    assert found == 1
    out = tmp_path / "crafted.dcr"
    out.write_bytes(_reseal(b"\n".join(lines)))
    rules = discretion.load(out)  # opens: the digest matches what the forger wrote
    with pytest.raises(discretion.RuleSetError) as caught:
        discretion.evaluate(rules, "FSL-124", {"goods_value": "20", "party_type": "organisation"})
    assert caught.value.item == "FSL-124"
    assert "__import__" in str(caught.value) or "不" in str(caught.value)
    assert not marker.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x80\x04\x95 pickle",  # a pickle is not opened
        b'{"format":"discretion.compiled"',  # cut short
        b'{"format":"discretion.compiled","format_version":1}\n',
    ],
)
def test_a_malformed_file_gets_one_clear_error(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "bad.dcr"
    out.write_bytes(content)
    with pytest.raises(discretion.RuleSetError):
        read_compiled(out)


def test_a_truncated_payload_is_refused(yaml_rules: discretion.RuleSet, tmp_path: Path) -> None:
    data = dumps_compiled(yaml_rules)
    out = tmp_path / "cut.dcr"
    out.write_bytes(_reseal(data[: len(data) // 2]))
    with pytest.raises(discretion.RuleSetError, match="格式错误"):
        discretion.load(out)


def test_a_compiled_file_is_loaded_on_its_own(
    yaml_rules: discretion.RuleSet, tmp_path: Path
) -> None:
    out = _compiled(tmp_path, yaml_rules)
    with pytest.raises(discretion.RuleSetError, match="单独"):
        discretion.load(out, RULES)
