"""What a user copies to test their own standard (issue 16): the README's hypothesis example and
the docs' example module pass ``mypy --strict`` as written, and run under pytest through the
plugin's ``discretion_rules`` fixture, which loads the rules only when a test asks for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_package import OWN_STANDARD

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
DOCS_EXAMPLE = ROOT / "docs" / "examples" / "test_my_standard.py"


def readme_hypothesis_example() -> str:
    """The Python block of the README's section "Testing your own standard"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Testing your own standard") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's testing section has no Python example"
    return match.group(1)


def _mypy_strict(path: Path) -> subprocess.CompletedProcess[str]:
    # No project configuration: the file is checked as a user's project would check it.
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "/dev/null",
         "--no-incremental", "--cache-dir", "/dev/null", str(path)],
        cwd=path.parent, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("source", ["README.md", "docs/examples/test_my_standard.py"])
def test_the_users_example_passes_mypy_strict(tmp_path: Path, source: str) -> None:
    text = readme_hypothesis_example() if source == "README.md" else DOCS_EXAMPLE.read_text("utf-8")
    path = tmp_path / "test_my_standard.py"
    path.write_text(text, encoding="utf-8")
    done = _mypy_strict(path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_would_refuse_the_untyped_example(tmp_path: Path) -> None:
    # The check can fail: the earlier, unannotated example is refused.
    path = tmp_path / "test_untyped.py"
    path.write_text(
        readme_hypothesis_example().replace(
            "discretion_rules: discretion.RuleSet, data: st.DataObject\n) -> None:",
            "discretion_rules, data\n):",
        ),
        encoding="utf-8",
    )
    assert _mypy_strict(path).returncode != 0


def _project(pytester: pytest.Pytester, standard: str = OWN_STANDARD) -> None:
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / "dust.yaml").write_text(standard, encoding="utf-8")
    pytester.makeini("[pytest]\ndiscretion_rules = rules\n")


def test_the_readme_example_runs_on_a_users_own_standard(pytester: pytest.Pytester) -> None:
    _project(pytester)
    pytester.makepyfile(test_readme=readme_hypothesis_example())
    shutil.copy(DOCS_EXAMPLE, pytester.path / "test_docs_example.py")
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_a_broken_rule_file_fails_the_tests_that_use_it_not_the_collection(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester, OWN_STANDARD.replace("band: middle_40", "band: middle_99"))
    pytester.makepyfile(
        test_uses="""
        import discretion

        def test_loads(discretion_rules: discretion.RuleSet) -> None:
            assert discretion_rules.codes
        """,
        test_other="""
        def test_unrelated() -> None:
            assert 1 + 1 == 2
        """,
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*middle_99*"])
    result.stdout.fnmatch_lines(["*dust.yaml*"])


def test_discretion_load_loads_a_folder_once(pytester: pytest.Pytester) -> None:
    _project(pytester)
    pytester.makepyfile(
        test_twice="""
        def test_same(discretion_load, discretion_rules) -> None:
            assert discretion_load("rules") is discretion_load("rules") is discretion_rules
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
