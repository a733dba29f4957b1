"""The example-case format of issue 20, point 13: every new key can fail, old files stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError
from discretion.verify import read_cases, run_case

ROOT = Path(__file__).parents[1]
FORMAT2 = ROOT / "examples" / "format2"


def _run(folder: str, text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "x.cases.yaml"
    path.write_text(text, encoding="utf-8")
    (case,) = read_cases(path)
    return run_case(discretion.load(FORMAT2 / folder), case)[1]


def test_a_wrong_combined_figure_is_reported(tmp_path: Path) -> None:
    diffs = _run(
        "several",
        """cases:
  - name: wrong
    violations:
      - {item: PSL-26, facts: {party_type: individual, more_serious: true}}
      - {item: PSL-49, facts: {party_type: individual, more_serious: true}}
    expect:
      combined: {detention: {min: 20, max: 30}, fine: {}}
      violations: [{level: ordinary}]
    source: deliberately wrong (Art. 16 caps at 20 days)
""",
        tmp_path,
    )
    assert "combined.detention.max: expected 30, got 20" in diffs
    assert any(d.startswith("violations[0].level") for d in diffs)


@pytest.mark.parametrize(
    ("expect", "wanted"),
    [
        ("parties: {responsible: {responsible_fine: {max: 60000}}}", "parties.responsible"),
        ("kept: [confiscate_gains]", "kept: expected"),
        ("citations: ['SPL/98']", "citations: 'SPL/98'"),
        ("optional_penalties: [suspend]", "optional_penalties: expected"),
        ("penalties: {fine: {start: 120000}, suspend: {}}", "carries no starting point"),
    ],
)
def test_each_new_key_can_fail(tmp_path: Path, expect: str, wanted: str) -> None:
    diffs = _run(
        "parties",
        f"""cases:
  - name: wrong
    item: SPL-97
    facts: {{party_type: organisation, overdue: true}}
    expect:
      {expect}
    source: deliberately wrong
""",
        tmp_path,
    )
    assert any(wanted in d for d in diffs), diffs


def test_mandatory_circumstance_is_compared(tmp_path: Path) -> None:
    diffs = _run(
        "parties",
        """cases:
  - name: Art. 32 (1) is mandatory
    item: SPL-97
    facts: {party_type: organisation, overdue: true, eliminated_harm: true}
    expect:
      circumstances: {eliminated_harm: {mandatory: false}}
    source: 行政处罚法第三十二条 应当从轻或者减轻
""",
        tmp_path,
    )
    # APL Art. 32: 应当从轻或者减轻 — the case states 可以, so the flag differs
    assert diffs == ["circumstances.eliminated_harm.mandatory: expected False, got True"]


def test_old_case_files_still_read() -> None:
    for path in sorted((ROOT / "rules").rglob("*.cases.yaml")):
        assert read_cases(path)


def test_a_list_where_expect_needs_a_mapping_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "bad.cases.yaml"
    path.write_text(
        "cases:\n"
        "  - name: bad options\n"
        "    item: APL-119-1\n"
        "    facts: {party_type: individual}\n"
        "    expect:\n"
        "      options: [mitigate, reduce]\n"
        "    source: x\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError) as err:
        read_cases(path)
    assert err.value.line == 6
    assert err.value.field == "expect.options"
    assert "应为映射" in str(err.value)
