"""The audit never compares a fine in another unit with the 元 thresholds (issue 14, as issue 13).

《中华人民共和国行政处罚法》（2021年1月22日修订）第五十一条: 当场处罚 for "对公民处以二百元以下、
对法人或者其他组织处以三千元以下罚款或者警告"; 第六十三条第一款第（一）项: a hearing right for
"较大数额罚款", here the figures of tests/broken/gap.yaml (individual 5000 元, organisation 50000 元,
the Henan figures of LAW.md §4). Both are sums of 人民币元: a fine decided in 美元 is not under or
over them until converted at the rate the law prescribes, and one counted in 日 never is, so the
audit finds neither ``summary_beyond_limit`` nor ``hearing_not_offered`` from its amount — on the
column path (``audit._vector``) and on the reference classifier alike. The same decisions in 元
are found.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pytest

from discretion.audit import _run as run
from discretion.audit._archive import conform
from strategies import fine_item, load_inline

RULES = load_inline(
    "items:\n"
    + fine_item("T-USD", 100, 80000, "美元")
    + fine_item("T-CNY", 100, 80000, "元")
    + fine_item("T-DAY", 100, 80000, "日")
)

# (case, party, fine decided, procedure, hearing offered)
_CASES = [
    ("S1", "individual", "300", "summary", True),  # 300 > 200 (Art. 51, 公民)
    ("S2", "organisation", "3500", "summary", True),  # 3500 > 3000 (Art. 51, 法人或者其他组织)
    ("S3", "individual", "150", "summary", True),  # 150 ≤ 200: within the limit in 元
    ("H1", "individual", "7000", "ordinary", False),  # 7000 ≥ 5000 (Art. 63, gap.yaml)
    ("H2", "organisation", "60000", "ordinary", False),  # 60000 ≥ 50000 (Art. 63, gap.yaml)
    ("H3", "individual", "4000", "ordinary", False),  # 4000 < 5000: no hearing right
]


def _archive(item: str) -> pa.Table:
    cols = [
        "case_id",
        "item",
        "facts",
        "violation_date",
        "decision_date",
        "penalties",
        "reduced",
        "departure_reason",
        "approval",
        "procedure",
        "hearing_offered",
        "hearing_held",
        "legality_review",
        "unit",
        "officer",
    ]
    rows: dict[str, list[Any]] = {c: [] for c in cols}
    for case, party, fine, procedure, offered in _CASES:
        values = (
            f"{item}-{case}",
            item,
            json.dumps({"party_type": party}),
            "2023-03-01",
            "2023-05-10",
            json.dumps([{"id": "fine", "amount": fine}]),
            False,
            None,
            None,
            procedure,
            offered,
            False,
            True,
            "一队",
            "张",
        )
        for c, v in zip(cols, values, strict=True):
            rows[c].append(v)
    return conform(pa.table(rows))


def _kinds(table: pa.Table, columns: bool) -> dict[str, list[str]]:
    findings, _ = run.audit_rows(RULES, table, "rules/", columns=columns)
    out: dict[str, list[str]] = {}
    for case, kind in zip(
        findings.column("case_id").to_pylist(), findings.column("kind").to_pylist(), strict=True
    ):
        out.setdefault(case.rsplit("-", 1)[1], []).append(kind)
    return {k: sorted(v) for k, v in sorted(out.items())}


@pytest.mark.parametrize("columns", [True, False], ids=["columns", "reference"])
def test_fines_in_yuan_are_compared_with_the_thresholds(columns: bool) -> None:
    assert _kinds(_archive("T-CNY"), columns) == {
        "S1": ["summary_beyond_limit"],
        "S2": ["summary_beyond_limit"],
        "S3": ["within_range"],
        "H1": ["hearing_not_offered"],
        "H2": ["hearing_not_offered"],
        "H3": ["within_range"],
    }


@pytest.mark.parametrize("item", ["T-USD", "T-DAY"])
@pytest.mark.parametrize("columns", [True, False], ids=["columns", "reference"])
def test_fines_in_dollars_or_days_are_not(columns: bool, item: str) -> None:
    # The same figures in 美元 or in 日: none is found under or over a limit counted in 元.
    assert _kinds(_archive(item), columns) == {c[0]: ["within_range"] for c in _CASES}


def test_the_columns_settle_the_dollar_rows_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not handed to the reference classifier because of a 元 threshold they were compared with.
    settled: list[int] = []
    real = getattr(run, "settle")  # noqa: B009 - the name the run calls

    def spy(*args: Any, **kw: Any) -> Any:
        out = real(*args, **kw)
        settled.append(int(out[0].sum()))
        return out

    monkeypatch.setattr(run, "settle", spy)
    run.audit_rows(RULES, _archive("T-USD"), "rules/")
    assert settled == [len(_CASES)]
