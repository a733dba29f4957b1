"""The general part as package data (issue 16): ``uses: discretion:general/apl-2021``.

The wheel test builds the package, installs it into a fresh virtual environment that sees nothing
of this checkout, and evaluates an agency's own standard written in a temporary folder, as a user
who installed discretion into another project would. Expected figures come from the statute
(大气污染防治法第一百一十五条: 一万元以上十万元以下) and the general part's named band ``middle_40``
(30 %–70 % of the statutory range, the market-regulation convention of LAW.md §4).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

import discretion
from discretion.compile._bundled import STANDARDS, bundled, names
from discretion.errors import RuleSetError

ROOT = Path(__file__).resolve().parent.parent

# An agency's own standard, as a user writes it in another project: it names the bundled general
# part and uses one of its named bands. Statute: 大气污染防治法 Art. 115 (LAW.md §2), 1万–10万.
OWN_STANDARD = """\
standard:
  id: agency.dust
  title: 施工扬尘裁量基准（测试用）
  authority: 测试机关
  jurisdiction: 测试
  field: 大气污染防治
  version: "1"
  effective_from: 2021-07-15
  source: 测试用基准
  uses: discretion:general/apl-2021
laws:
  AIR:
    name: 中华人民共和国大气污染防治法
    version: 2018-10-26
procedure:
  hearing_fine_min: {individual: 5000, organisation: 50000}
  citation_hearing: [{law: AIR}]
items:
  - code: DUST-115
    name: 施工工地未采取扬尘污染防治措施
    legal_basis: [{law: AIR, article: 69}]
    penalty_basis: [{law: AIR, article: 115, paragraph: 1}]
    penalties:
      - id: fine
        kind: fine
        mode: combined
        amount: {range: {min: 10000, max: 100000}}
        citation: [{law: AIR, article: 115, paragraph: 1, text: "处一万元以上十万元以下的罚款"}]
    levels:
      - id: general
        label: 一般
        when: "true"
        circumstances: 一般情形
        band: middle_40
        citation: [{law: CONV}]
"""
# 10000 + 30 % × 90000 = 37000; 10000 + 70 % × 90000 = 73000 (middle_40 of the general part).
EXPECTED_FINE = {"min": "37000", "max": "73000"}


def _write_own(folder: Path, uses: str = "discretion:general/apl-2021") -> Path:
    path = folder / "rules" / "dust.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OWN_STANDARD.replace("discretion:general/apl-2021", uses), encoding="utf-8")
    return path


def _fine(rec: discretion.Recommendation) -> dict[str, str]:
    fine = next(p for p in rec.penalties if p.id == "fine")
    return {"min": str(fine.min), "max": str(fine.max)}


def test_a_standard_outside_the_project_uses_the_bundled_general_part(tmp_path: Path) -> None:
    rules = discretion.load(_write_own(tmp_path))
    rec = discretion.evaluate(rules, "DUST-115", {"party_type": "organisation"})
    assert _fine(rec) == EXPECTED_FINE
    # Art. 30 comes from the general part: a 13-year-old individual gets no penalty.
    child = discretion.evaluate(rules, "DUST-115", {"party_type": "individual", "age": 13})
    assert child.outcome == "no_penalty"


def test_a_relative_uses_still_names_the_same_general_part(tmp_path: Path) -> None:
    general = tmp_path / "general" / "apl-2021.yaml"
    general.parent.mkdir()
    shutil.copy(bundled("general/apl-2021"), general)
    rules = discretion.load(_write_own(tmp_path, "../general/apl-2021.yaml"))
    assert _fine(discretion.evaluate(rules, "DUST-115", {"party_type": "organisation"})) == (
        EXPECTED_FINE
    )


@pytest.mark.parametrize("name", ["discretion:general/apl-2099", "discretion:../general/apl-2021"])
def test_an_unknown_bundled_name_is_refused_where_it_is_written(tmp_path: Path, name: str) -> None:
    path = _write_own(tmp_path, name)
    with pytest.raises(RuleSetError) as caught:
        discretion.load(path)
    err = caught.value
    assert err.file is not None
    assert Path(err.file).resolve() == path.resolve()
    assert err.field == "standard.uses"
    line = path.read_text(encoding="utf-8").splitlines().index(f"  uses: {name}") + 1
    assert err.line == line
    assert "discretion:general/apl-2021" in str(err)  # the names that do exist


def test_the_bundled_names_are_the_general_part_only() -> None:
    # The demo item beside the general part (examples/) is not a standard to `uses:`.
    assert names() == ["discretion:general/apl-2021"]


def test_the_general_parts_own_cases_run_on_its_own_item_only() -> None:
    folder = STANDARDS / "general"
    cases = yaml.safe_load((folder / "apl-2021.cases.yaml").read_text(encoding="utf-8"))
    demo = discretion.load(folder / cases["rules"])
    items = {c["item"] for c in cases["cases"]}
    assert items <= set(demo.codes)
    # No field's standard comes with the folder: the demo's one item and the general part.
    assert len(demo.codes) == 1
    assert not any(code.startswith("FSL") for code in items)


def test_the_bundled_standards_name_the_general_part_by_its_bundled_name() -> None:
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        if path.name.endswith(".cases.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["standard"].get("uses") == "discretion:general/apl-2021", path


# -- the wheel, installed elsewhere ------------------------------------------------------------------


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.packaging
def test_the_wheel_installed_in_a_fresh_venv_carries_the_general_part(tmp_path: Path) -> None:
    # Build from a copy, so the checkout gets no build/ folder and nothing of it is installed.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "wheel", ".", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(wheels)], source)  # fmt: skip
    (wheel,) = wheels.glob("discretion-*.whl")

    # A fresh venv without pip; the dependencies (pydantic, PyYAML) come from this venv's
    # site-packages as a plain path, which does not run its .pth files (the editable install).
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                tmp_path).strip()  # fmt: skip
    Path(site, "dev-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run([*pip, "--python", str(python), "install", "--no-index", "--no-deps", "-q", str(wheel)],
         tmp_path)  # fmt: skip

    project = tmp_path / "agency"
    _write_own(project)
    (project / "facts.yaml").write_text("party_type: organisation\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = _run([str(python), "-c", "import discretion; print(discretion.__file__)"], project, env)
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel, not this checkout
    out = _run(
        [str(python), "-m", "discretion", "evaluate", "rules", "--item", "DUST-115",
         "--facts", "facts.yaml", "--format", "json"],
        project,
        env,
    )  # fmt: skip
    rec = json.loads(out)
    fine = next(p for p in rec["penalties"] if p["id"] == "fine")
    assert {"min": str(fine["min"]), "max": str(fine["max"])} == EXPECTED_FINE
    # The general part's own example cases pass from the installed copy.
    checked = _run(
        [str(python), "-m", "discretion", "check", str(Path(site, "discretion", "standards"))],
        project,
        env,
    )
    cases = yaml.safe_load((STANDARDS / "general" / "apl-2021.cases.yaml").read_text("utf-8"))
    assert checked.startswith("ok: 2 standard(s), 1 item(s)"), checked
    assert f"{len(cases['cases'])} example case(s)" in checked, checked
