"""A pytest plugin that runs example cases (``*.cases.yaml``) as tests, and lends tests a rule set.

Each case becomes one test item; a failure is reported as ``file / case / what differed``. The
rule set a cases file tests is the folder it sits in (with the general part its standards use).

Fixtures, so that a test module does not load the rules at import time (a rule file with a
mistake then fails the tests that need it, with the loader's file and line, instead of stopping
the collection of every module):

``discretion_rules``
    The rule set of the ini option ``discretion_rules`` (a folder or file, relative to the
    rootdir; default ``rules``), loaded once per session.
``discretion_load``
    A function ``load(path)`` that loads any rule folder or file once per session (a path
    relative to the rootdir, or absolute).

``pytest`` finds the plugin through its entry point once discretion is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..compile._loader import CASES_SUFFIX, load
from ..compile._ruleset import RuleSet
from ._examples import ExampleCase, read_cases, run_case

_CACHE: dict[Path, RuleSet] = {}


def _rules_for(folder: Path) -> RuleSet:
    if folder not in _CACHE:
        _CACHE[folder] = load(folder)
    return _CACHE[folder]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "discretion_rules",
        "the rule folder or file of the discretion_rules fixture, relative to the rootdir "
        "(规则文件目录)",
        default="rules",
    )


@pytest.fixture(scope="session")
def discretion_load(pytestconfig: pytest.Config) -> Callable[[str | Path], RuleSet]:
    """``load(path)``: a rule set from a folder or file, loaded once per session."""

    def load_once(path: str | Path) -> RuleSet:
        return _rules_for((pytestconfig.rootpath / path).resolve())

    return load_once


@pytest.fixture(scope="session")
def discretion_rules(
    pytestconfig: pytest.Config, discretion_load: Callable[[str | Path], RuleSet]
) -> RuleSet:
    """The rule set named by the ini option ``discretion_rules`` (default ``rules``)."""
    return discretion_load(str(pytestconfig.getini("discretion_rules")))


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(CASES_SUFFIX):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in read_cases(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseFailedError(Exception):
    """An example case's recommendation differs from its expectation; args[0] lists how."""


class CaseItem(pytest.Item):
    def __init__(self, *, case: ExampleCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        rules = _rules_for((self.case.rules or self.path.parent).resolve())
        _rec, diffs = run_case(rules, self.case)
        if diffs:
            raise CaseFailedError(diffs)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailedError):
            diffs = excinfo.value.args[0]
            return "\n".join(
                f"{self.case.file}:{self.case.line} / {self.case.name} / {d}" for d in diffs
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, (self.case.line or 1) - 1, f"case: {self.case.name}"
