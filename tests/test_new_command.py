"""``discretion new`` (issue 16, schemas and editors): the skeleton a legal staff member starts from.

It must load and pass ``check`` as written, name its schema on the first line of each file (the
schema is written beside it, so the editor works offline), and never overwrite a file silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import discretion
from discretion.cli._main import main
from discretion.format import _yaml
from test_schemas import _json_data  # YAML data as an editor sees it

MODELINE = "# yaml-language-server: $schema="


def _new(tmp_path: Path, *extra: str) -> int:
    return main(["new", str(tmp_path), "--id", "hebei.demo-2026", "--item", "AIR-119-1", *extra])


def test_the_skeleton_loads_checks_and_evaluates(tmp_path: Path) -> None:
    assert _new(tmp_path) == 0
    rules = discretion.load(tmp_path)
    assert "AIR-119-1" in rules.codes
    # check: ok with the one warning the skeleton leaves on purpose (the Art. 63 threshold unset).
    assert main(["check", str(tmp_path)]) == 0
    # 大气污染防治法第一百一十九条第一款：可以处五百元以上二千元以下罚款 — the example range.
    rec = discretion.evaluate(rules, "AIR-119-1", {"party_type": "individual", "age": 30})
    (fine,) = rec.penalties
    assert (str(fine.min), str(fine.max)) == ("500", "2000")


@pytest.mark.parametrize(
    ("name", "kind"), [("hebei.demo-2026.yaml", "rules"), ("hebei.demo-2026.cases.yaml", "cases")]
)
def test_each_file_names_its_schema_and_validates(tmp_path: Path, name: str, kind: str) -> None:
    assert _new(tmp_path) == 0
    path = tmp_path / name
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{MODELINE}./schemas/{kind}.schema.json"
    schema: dict[str, Any] = json.loads(
        (tmp_path / "schemas" / f"{kind}.schema.json").read_text("utf-8")
    )
    data = _json_data(_yaml.load_file(path).data)
    validator = jsonschema.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(data)] == []


def test_every_place_to_rewrite_is_marked(tmp_path: Path) -> None:
    assert _new(tmp_path) == 0
    text = (tmp_path / "hebei.demo-2026.yaml").read_text(encoding="utf-8")
    assert "待填写" in text
    assert "由制定机关设定" in text
    assert "__" not in text  # every placeholder was filled


def test_an_existing_file_is_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _new(tmp_path) == 0
    mine = tmp_path / "hebei.demo-2026.yaml"
    mine.write_text("# my own work\n", encoding="utf-8")
    capsys.readouterr()
    assert _new(tmp_path) == 2
    assert "文件已存在" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "# my own work\n"
    assert _new(tmp_path, "--force") == 0
    assert mine.read_text(encoding="utf-8").startswith(MODELINE)


def test_a_bad_identifier_is_refused_in_json_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path), "--id", "Hebei Demo", "--format", "json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert out["errors"][0]["field"] == "--id"
    assert not any(tmp_path.iterdir())
