"""The case-file audit on a small fixed archive whose every finding was worked out by hand.

Every row of ``audit_fixtures/fsl-124.csv`` is a decision under 食品安全法第一百二十四条第一款 for
goods worth 20 元 (货值不足一万元 → 并处五万元以上十万元以下, so the statutory fine is
[50 000, 100 000]). The standard places the 一般 level in the middle 40 % (rules/food: 50 000 +
30 %/70 % × 50 000 = [65 000, 85 000]). The organisation's hearing threshold is 50 000 元 (the
standard's Henan parameter, LAW.md §4), the summary procedure ends at 3 000 元 for an
organisation (行政处罚法第五十一条), and legality review follows a hearing (第五十八条第一款第二项).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

import discretion
from discretion.audit import ArchiveError, archive_schema, audit, read_archive, write_audit

HERE = Path(__file__).parent
FIXTURE = HERE / "audit_fixtures" / "fsl-124.csv"
RULES = discretion.load(HERE.parent / "rules")

# case → the findings worked out by hand, each with the article it rests on.
EXPECTED = {
    "A01": ["within_range"],  # 70 000 ∈ [65 000, 85 000]; hearing offered, review done
    "A02": ["unapproved_departure"],  # 90 000 > 85 000, no reason or approval (第五条)
    "A03": ["approved_departure"],  # 90 000 with reason and 集体讨论决定 (第五十七条)
    "A04": ["above_statutory_max"],  # 100 001 > 100 000 (食品安全法第一百二十四条第一款)
    "A05": ["mandatory_missing"],  # 并处没收违法生产经营的食品 dropped, 减轻 not applied
    "A06": ["penalty_despite_ground"],  # aged 13: 不予行政处罚 (行政处罚法第三十条)
    "A07": ["limitation_expired"],  # found two years and a day after the act (第三十六条)
    # 150 000 ∈ [130 000, 170 000] (第一百二十四条第一款, goods value 10 000, 13–17 ×) and ≥ 十万元
    # for an organisation (第六十三条; 《市场监督管理行政处罚听证办法》第五条第一款第（三）项).
    "A08": ["hearing_not_offered"],
    "A09": ["legality_review_missing"],  # hearing held, no 法制审核 (第五十八条第一款第（二）项)
    "A10": ["summary_beyond_limit"],  # 70 000 > 3 000 for an organisation (第五十一条)
    "A11": ["facts_invalid"],  # party_type "martian" is not a declared value
    "A12": ["unknown_item"],  # no such item in the standard
}


@pytest.fixture(scope="module")
def result() -> discretion.audit.AuditResult:
    return audit(RULES, FIXTURE, rules_path="rules/", progress=False)


def test_every_case_gets_the_findings_worked_out_by_hand(
    result: discretion.audit.AuditResult,
) -> None:
    got: dict[str, list[str]] = {}
    for case, kind in zip(
        result.findings.column("case_id").to_pylist(),
        result.findings.column("kind").to_pylist(),
        strict=True,
    ):
        got.setdefault(case, []).append(kind)
    assert got == EXPECTED


def test_each_finding_cites_its_article_and_replays(result: discretion.audit.AuditResult) -> None:
    rows = {r["case_id"]: r for r in result.findings.to_pylist()}
    assert "第三十六条" in rows["A07"]["citation"]
    assert "第六十三条" in rows["A08"]["citation"]
    assert "第五十一条" in rows["A10"]["citation"]
    assert rows["A04"]["rule"] == "FSL-124/fine"
    assert rows["A04"]["decided"] == "100001"
    assert rows["A02"]["rule"] == "FSL-124/general"
    replay = rows["A01"]["replay"]
    assert "discretion evaluate rules/ --item FSL-124 --facts -" in replay
    assert "--violation-date 2023-03-01 --decision-date 2023-05-10" in replay


def test_replay_command_gives_the_range_the_finding_was_judged_against(
    result: discretion.audit.AuditResult,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import shlex

    from discretion.cli._main import main

    replay = next(r["replay"] for r in result.findings.to_pylist() if r["case_id"] == "A02")
    facts = shlex.split(replay.split("|")[0])[1]
    args = shlex.split(replay.split("|")[1])[1:]
    monkeypatch.setattr("sys.stdin", io.StringIO(facts))
    assert main([*args[:1], str(HERE.parent / "rules"), *args[2:], "--format", "json"]) == 0
    fine = next(p for p in json.loads(capsys.readouterr().out)["penalties"] if p["id"] == "fine")
    assert (fine["min"], fine["max"]) == ("65000", "85000")


def test_like_cases_are_grouped_by_structure_and_outliers_named(
    result: discretion.audit.AuditResult,
) -> None:
    # A01–A05, A08–A10: organisation, 一般, no circumstance, no ground → one group. Positions in
    # [65 000, 85 000]: 70 000 → 25 %, 90 000 → 125 %, 100 001 → 175 %. A05 keeps its fine.
    # A08, A09 (goods value 10 000): 150 000 in [130 000, 170 000] → 50 %. Median of
    # 25, 25, 25, 50, 50, 125, 125, 175 → 50 %.
    group = next(
        g for g in result.groups.to_pylist() if g["item"] == "FSL-124" and g["level"] == "general"
    )
    assert group["cases"] == 8
    assert (group["position_min"], group["position_median"], group["position_max"]) == (
        25.0,
        50.0,
        175.0,
    )
    outliers = sorted(result.outliers.column("case_id").to_pylist())
    assert outliers == ["A02", "A03", "A04"]  # more than 40 points from the median of 50 %


def test_unit_statistics(result: discretion.audit.AuditResult) -> None:
    units = {u["unit"]: u for u in result.units.to_pylist()}
    # 一队: A01–A04; departures A02 (unapproved) and A03 (approved) → 2 of 4
    assert units["一队"]["cases"] == 4
    assert units["一队"]["departure_rate"] == 50.0
    assert units["一队"]["share_top"] == 75.0  # A02, A03, A04 at or past 95 %


def test_always_at_the_maximum_is_found() -> None:
    row = {
        "item": "FSL-124",
        "facts": json.dumps({"party_type": "organisation", "goods_value": 20}),
        "violation_date": dt.date(2023, 3, 1),
        "decision_date": dt.date(2023, 5, 10),
        "penalties": json.dumps(
            [
                {"id": "confiscate_gains"},
                {"id": "confiscate_food"},
                {"id": "fine", "amount": "85000"},
            ]
        ),
        "hearing_offered": True,
        "legality_review": True,
        "unit": "四队",
        "officer": "钱",
    }
    table = pa.Table.from_pylist([{**row, "case_id": f"M{i}"} for i in range(5)])
    res = audit(RULES, table, progress=False)
    officer = res.officers.to_pylist()[0]
    assert (officer["always_max"], officer["always_min"], officer["share_top"]) == (
        True,
        False,
        100.0,
    )


def test_missing_and_mistyped_columns_are_named_in_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "case_id,item,violation_date,decision_date,penalties,hearing_offered\nX,FSL-124,2023-01-01,not-a-date,[],perhaps\n",
        encoding="utf-8",
    )
    with pytest.raises(ArchiveError) as info:
        read_archive(bad)
    text = str(info.value)
    assert "bad.csv" in text
    for word in ("缺少列", "facts", "类型不符", "decision_date", "hearing_offered"):
        assert word in text


def test_a_failed_run_writes_nothing(tmp_path: Path, result: discretion.audit.AuditResult) -> None:
    out = tmp_path / "out"
    broken = discretion.audit.AuditResult(**{**result.__dict__, "units": "not a table"})
    with pytest.raises(AttributeError):
        write_audit(broken, out)
    assert list(tmp_path.iterdir()) == []
    write_audit(result, out)
    assert {p.name for p in out.iterdir()} >= {
        "findings.parquet",
        "findings.csv",
        "report.html",
        "positions.png",
    }
    assert "案卷评查报告" in (out / "report.html").read_text(encoding="utf-8")


def test_the_formats_agree(tmp_path: Path) -> None:
    table = read_archive(FIXTURE)
    discretion.audit.write_archive(table, tmp_path / "a.parquet")
    discretion.audit.write_archive(table, tmp_path / "a.jsonl")
    assert read_archive(tmp_path / "a.parquet").equals(table)
    assert read_archive(tmp_path / "a.jsonl").equals(table)


def test_schema_lists_the_required_columns() -> None:
    schema = archive_schema()
    assert schema["required"] == [
        "case_id",
        "item",
        "facts",
        "violation_date",
        "decision_date",
        "penalties",
    ]


def test_the_command_writes_the_folder_and_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from discretion.cli._main import main

    out = tmp_path / "report"
    assert main(["audit", str(FIXTURE), "--rules", str(HERE.parent / "rules"), "-o", str(out)]) == 0
    # 12 decisions: A01 within range and A03 an approved departure; the other 10 are problems
    assert "评查 12 件，问题 10 项" in capsys.readouterr().out
    assert (out / "findings.csv").read_text(encoding="utf-8").count("\n") == 13  # header + 12
    assert main(["audit", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["required"][0] == "case_id"
