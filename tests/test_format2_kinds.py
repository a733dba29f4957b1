"""Penalty kinds a standard declares (issue 20, point 12 (a)): 行政处罚法第九条第六项.

Figures: 《中华人民共和国治安管理处罚法》（2012年10月26日修正）第十条第二款（对违反治安管理的外国人，可以附加
适用限期出境或者驱逐出境）、第四十九条（处五日以上十日以下拘留，可以并处五百元以下罚款；情节较重的，处十日以上
十五日以下拘留，可以并处一千元以下罚款）、第九十八条（吊销许可证以及处二千元以上罚款的，告知听证）, encoded in
examples/format2/kinds/psl-2012-kinds.yaml.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

import discretion
from discretion import audit
from discretion.explain._jsonio import from_json

EXAMPLE = Path(__file__).parents[1] / "examples" / "format2" / "kinds"
FILE = EXAMPLE / "psl-2012-kinds.yaml"
SERIOUS_FOREIGNER = {"party_type": "individual", "more_serious": True, "foreigner": True}


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def test_a_declared_kind_is_imposed_with_its_label(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLK-49", SERIOUS_FOREIGNER)
    leave = rec.penalty("leave_by_deadline")
    assert leave is not None
    assert (leave.kind, leave.label, leave.label_en) == (
        "leave_by_deadline",
        "限期出境",
        "ordered to leave the country by a deadline",
    )
    assert leave.min is None  # 限期出境 has no amount
    detention = rec.penalty("detention")
    assert detention is not None
    # 第四十九条：情节较重的，处十日以上十五日以下拘留
    assert (detention.min, detention.max) == (Decimal(10), Decimal(15))
    # 第十条第二款：驱逐出境 remains an option (可以附加适用)
    assert [p.id for p in rec.optional_penalties] == ["deportation"]


def test_the_kind_step_cites_the_law_setting_it(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLK-49", SERIOUS_FOREIGNER)
    steps = [s for s in rec.steps if s.stage == "kind"]
    assert [s.get("kind") for s in steps] == ["leave_by_deadline", "deportation"]
    assert all(s.sources[0].key == "PSL/10/2" for s in steps)
    zh = discretion.render_text(rec)
    assert "六、其他处罚种类" in zh
    assert (
        "限期出境：法律、行政法规规定的其他行政处罚（《中华人民共和国行政处罚法》第九条第六项）"
        in zh
    )
    assert "依据：《中华人民共和国治安管理处罚法》第十条第二款" in zh
    assert "结论：建议给予行政拘留 10–15 日，罚款 0–1000 元，限期出境。" in zh
    en = discretion.render_text(rec, "en")
    assert "a penalty set by law or administrative regulation (APL Art. 9 (6))" in en


def test_no_kind_step_where_no_declared_kind_applies(rules: discretion.RuleSet) -> None:
    # 第十条第二款 applies to foreigners only.
    rec = discretion.evaluate(rules, "PSLK-49", {"party_type": "individual", "more_serious": True})
    assert not [s for s in rec.steps if s.stage == "kind"]
    assert "、其他处罚种类\n" not in discretion.render_text(rec)


def test_hearing_follows_article_98(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLK-49", SERIOUS_FOREIGNER)
    # 第九十八条：罚款最高 1000 元 < 2000 元；限期出境 is not among the kinds it lists.
    assert rec.flags.hearing is False
    # 行政拘留 and 限期出境 are beyond 警告 and 罚款: no summary procedure.
    assert rec.flags.summary_procedure is False
    hearing = next(s for s in rec.steps if s.rule == "procedure/hearing")
    assert hearing.sources[0].key == "PSL/98"


def test_the_item_goes_to_the_reference_pipeline_and_the_columns_refuse_it(
    rules: discretion.RuleSet,
) -> None:
    from discretion.decide._columnar_plan import Unsupported, plan_item

    item = rules.item("PSLK-49")
    assert item.needs_reference
    assert set(item.kinds) == {"leave_by_deadline", "deportation"}
    with pytest.raises(Unsupported, match="kinds"):
        plan_item(item)


def test_a_batch_decides_the_rows_as_evaluate_does(rules: discretion.RuleSet) -> None:
    table = pa.table(
        {
            "item": ["PSLK-49", "PSLK-49"],
            "party_type": ["individual", "individual"],
            "more_serious": [True, False],
            "foreigner": [True, True],
        }
    )
    rows = discretion.evaluate_batch(rules, table).to_pylist()
    assert [r["ok"] for r in rows] == [True, True]
    # 第四十九条: 情节较重 / 一般
    assert [r["level"] for r in rows] == ["more_serious", "ordinary"]
    assert [r["hearing"] for r in rows] == [False, False]


def test_json_round_trip_keeps_the_kind_step(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLK-49", SERIOUS_FOREIGNER)
    assert from_json(discretion.to_json(rec)) == rec
    data = json.loads(discretion.to_json(rec))
    assert any(p["kind"] == "leave_by_deadline" for p in data["penalties"])


# -- a declared kind with a hearing right (第六十三条第一款第五项 其他较重的行政处罚) -------------------


def _variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = FILE.read_text("utf-8")
    assert old in text
    path = tmp_path / "psl.yaml"
    path.write_text(text.replace(old, new, count), "utf-8")
    return path


def test_a_declared_heavy_kind_gives_a_hearing_right_and_is_named(tmp_path: Path) -> None:
    # The example's reading (Art. 98) declares hearing: false; a standard under a law whose
    # hearing provision lists the kind declares it true, and the flag follows the declaration.
    path = _variant(tmp_path, "hearing: false     # Art. 98", "hearing: true      # Art. 98")
    rec = discretion.evaluate(discretion.load(path), "PSLK-49", SERIOUS_FOREIGNER)
    assert rec.flags.hearing is True
    hearing = next(s for s in rec.steps if s.rule == "procedure/hearing")
    assert hearing.get("kinds") == ("leave_by_deadline",)
    assert [s.key for s in hearing.sources] == ["PSL/98", "PSL/10/2"]
    zh = discretion.render_text(rec)
    assert "拟给予限期出境" in zh
    assert "属于应当告知听证权利的处罚（第六十三条）" in zh
    assert "the penalty includes ordered to leave the country by a deadline" in (
        discretion.render_text(rec, "en")
    )


# -- load errors ---------------------------------------------------------------------------------


def _load_error(path: Path) -> discretion.RuleSetError:
    with pytest.raises(discretion.RuleSetError) as caught:
        discretion.load(path)
    return caught.value


def test_an_unknown_kind_is_a_load_error_at_its_line(tmp_path: Path) -> None:
    path = _variant(tmp_path, "kind: deportation", "kind: deportaton")
    error = _load_error(path)
    assert "未在本基准 kinds 中声明" in error.message
    assert error.file == str(path)
    lines = path.read_text("utf-8").splitlines()
    assert error.line is not None
    assert "kind: deportaton" in lines[error.line - 1]
    assert error.item == "PSLK-49"
    assert error.hint == "did you mean 'deportation'?"


def test_a_declared_kind_may_not_shadow_a_built_in_one(tmp_path: Path) -> None:
    path = _variant(tmp_path, "- id: deportation", "- id: detention")
    assert "内置处罚种类" in str(_load_error(path))


def test_a_kind_declared_twice_is_a_load_error(tmp_path: Path) -> None:
    path = _variant(tmp_path, "- id: deportation", "- id: leave_by_deadline")
    assert "重复" in str(_load_error(path))


def test_a_kind_needs_its_citation(tmp_path: Path) -> None:
    text = FILE.read_text("utf-8")
    start = text.index("    citation: [{law: PSL, article: 10, paragraph: 2, text:")
    end = text.index("\n", start)
    path = tmp_path / "psl.yaml"
    path.write_text(text[:start] + "    citation: []" + text[end:], "utf-8")
    error = _load_error(path)
    assert "citation" in str(error)


def test_money_must_agree_with_the_amount(tmp_path: Path) -> None:
    # 限期出境 is declared money: false; an amount in 元 contradicts it.
    path = _variant(
        tmp_path,
        "        mode: optional\n        when: foreigner\n",
        "        mode: optional\n        when: foreigner\n        amount: {range: {max: 500}}\n",
    )
    error = _load_error(path)
    assert "money: false" in error.message
    assert error.field is not None
    assert error.field.endswith("amount")


def test_existing_rule_files_load_unchanged() -> None:
    # New keys are optional: the bundled standards declare no kinds.
    rules = discretion.load(Path(__file__).parents[1] / "rules")
    assert all(not item.kinds for item in rules.items())


# -- discretion check ----------------------------------------------------------------------------


def test_check_passes_the_example_and_warns_of_an_article_63_kind_without_hearing(
    tmp_path: Path,
) -> None:
    from discretion.verify import verify

    assert not [p for p in verify(discretion.load(EXAMPLE)).problems if p.check == "kind_hearing"]
    # A kind worded like 第六十三条第一款第三项's 吊销许可证件, declared without a hearing right.
    path = _variant(tmp_path, "label: 限期出境", "label: 吊销居留证件")
    found = [p for p in verify(discretion.load(path)).problems if p.check == "kind_hearing"]
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert "第六十三条" in found[0].message
    assert found[0].file == str(path)


def test_the_catalogue_names_a_declared_kind_by_its_label() -> None:
    from discretion.catalogue._pages import build_catalogue

    root = Path(__file__).parents[1]
    pages = build_catalogue(root, EXAMPLE).pages.values()
    text = "\n".join(p.markdown for p in pages)
    # the statutory penalty table: the kind's label, not its id
    assert "| 驱逐出境 | 可以处 | — |" in text
    assert "| deportation |" not in text


# -- (b) a standard without the APL general part and without a procedure block -------------------

OWN = {"more_serious": True}


def test_no_procedure_gives_no_flags_and_says_so(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLN-26", OWN)
    # 治安管理处罚法第二十六条：情节较重的，处十日以上十五日以下拘留，可以并处一千元以下罚款
    detention, fine = rec.penalty("detention"), rec.penalty("fine")
    assert detention is not None
    assert fine is not None
    assert (detention.min, detention.max) == (Decimal(10), Decimal(15))
    assert (fine.min, fine.max) == (Decimal(0), Decimal(1000))
    flags = rec.flags
    assert (flags.summary_procedure, flags.hearing, flags.legality_review) == (None, None, None)
    steps = [s for s in rec.steps if s.stage == "procedure"]
    assert [s.rule for s in steps] == ["procedure/none"]
    assert steps[0].sources[0].key == "PSL/26"
    zh = discretion.render_text(rec)
    assert "本基准未规定程序（简易程序、听证、法制审核），不作程序提示" in zh
    assert "The standard declares no procedure" in discretion.render_text(rec, "en")


def test_no_procedure_in_json_is_null_and_reads_back(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "PSLN-26", OWN)
    data = json.loads(discretion.to_json(rec))
    assert data["flags"] == {
        "summary_procedure": None,
        "hearing": None,
        "legality_review": None,
        "reduced": False,
    }
    assert from_json(discretion.to_json(rec)) == rec
    from jsonschema import Draft202012Validator

    from discretion.export import shipped_schema

    validator = Draft202012Validator(json.loads(shipped_schema("recommendation")))
    assert list(validator.iter_errors(data)) == []


def test_no_procedure_goes_to_the_reference_pipeline_and_the_columns_refuse_it(
    rules: discretion.RuleSet,
) -> None:
    from discretion.decide._columnar_plan import Unsupported, plan_item

    item = rules.item("PSLN-26")
    assert item.procedure is None
    assert item.needs_reference
    with pytest.raises(Unsupported, match="no procedure"):
        plan_item(item)
    rows = discretion.evaluate_batch(
        rules, pa.table({"item": ["PSLN-26", "PSLN-26"], "more_serious": [True, False]})
    ).to_pylist()
    assert [r["ok"] for r in rows] == [True, True]
    assert [r["hearing"] for r in rows] == [None, None]
    assert [r["summary_procedure"] for r in rows] == [None, None]


def test_a_general_part_still_needs_its_procedure(tmp_path: Path) -> None:
    # With the APL general part (uses) the procedure is inherited and required, as before.
    text = (EXAMPLE / "psl-2012-own.yaml").read_text("utf-8")
    path = tmp_path / "own.yaml"
    path.write_text(
        text.replace(
            "  source: 依据《中华人民共和国治安管理处罚法》（2012年10月26日修正）编制的格式示例\n",
            "  source: 依据《中华人民共和国治安管理处罚法》（2012年10月26日修正）编制的格式示例\n"
            "  uses: discretion:general/apl-2021\n",
        ),
        "utf-8",
    )
    # The general part leaves the Art. 63 threshold to each standard: its absence is an error.
    error = _load_error(path)
    assert "缺少程序参数 hearing_fine_min" in str(error)


# -- the audit -----------------------------------------------------------------------------------


def test_the_audit_finds_no_procedure_defect_without_a_procedure_and_one_for_a_heavy_kind(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "own.yaml").write_text((EXAMPLE / "psl-2012-own.yaml").read_text("utf-8"), "utf-8")
    heavy = FILE.read_text("utf-8").replace(
        "hearing: false     # Art. 98", "hearing: true      # Art. 98", 1
    )
    (folder / "kinds.yaml").write_text(heavy, "utf-8")
    header = (
        "case_id,item,facts,violation_date,decision_date,penalties,reduced,departure_reason,"
        "approval,procedure,hearing_offered,hearing_held,legality_review,unit,officer\n"
    )

    def row(case: str, item: str, facts: object, penalties: object, how: str) -> str:
        cells = [case, item, json.dumps(facts), "2024-03-01", "2024-05-10", json.dumps(penalties)]
        cells += ["false", "", "", how, "false", "false", "false", "一队", "一号"]
        return ",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n"

    decided = [{"id": "detention", "amount": "12"}, {"id": "fine", "amount": "800"}]
    archive = tmp_path / "archive.csv"
    archive.write_text(
        header
        # 第二十六条 within 10–15 日 and ≤ 1000 元; summary procedure, no hearing, no review: the
        # standard declares no procedure, so none of these is a finding.
        + row("N1", "PSLN-26", OWN, decided, "summary")
        # 限期出境 declared hearing: true, and no hearing offered: a finding.
        + row(
            "K1",
            "PSLK-49",
            {**SERIOUS_FOREIGNER},
            [*decided, {"id": "leave_by_deadline"}],
            "ordinary",
        ),
        "utf-8",
    )
    result = audit.audit(discretion.load(folder), archive, rules_path=str(folder), progress=False)
    got: dict[str, list[str]] = {}
    for case, kind in zip(
        result.findings.column("case_id").to_pylist(),
        result.findings.column("kind").to_pylist(),
        strict=True,
    ):
        got.setdefault(case, []).append(kind)
    assert got == {"N1": ["within_range"], "K1": ["hearing_not_offered"]}


# -- the other backend and the JSONLogic export ------------------------------------------------------


def test_the_durable_backend_gives_the_same_answer(rules: discretion.RuleSet) -> None:
    from durable_status import why_durable_is_missing

    pytest.importorskip("durable.engine", reason=why_durable_is_missing())
    for code, facts in (("PSLK-49", SERIOUS_FOREIGNER), ("PSLN-26", OWN)):
        ours = discretion.evaluate(rules, code, facts)
        theirs = discretion.evaluate(rules, code, facts, backend="durable")
        assert (theirs.penalties, theirs.flags) == (ours.penalties, ours.flags)


def test_the_jsonlogic_export_takes_an_item_without_procedure(rules: discretion.RuleSet) -> None:
    # The export states levels and circumstances only; the procedure does not enter it.
    from discretion.export import export_item

    exported = export_item(rules.item("PSLN-26"))
    assert [lv["id"] for lv in exported["levels"]] == ["ordinary", "more_serious"]


def test_the_compiled_form_and_the_review_log_keep_kinds_and_no_procedure(
    rules: discretion.RuleSet, tmp_path: Path
) -> None:
    from discretion.compile._compiled import write_compiled

    compiled = tmp_path / "rules.jsonl"
    write_compiled(rules, compiled)
    again = discretion.load(compiled)
    for code, facts in (("PSLK-49", SERIOUS_FOREIGNER), ("PSLN-26", OWN)):
        assert discretion.evaluate(again, code, facts) == discretion.evaluate(rules, code, facts)
    log = discretion.ReviewLog(tmp_path / "review.jsonl")
    rec = discretion.evaluate(rules, "PSLN-26", OWN)
    log.record(rec)
    assert log.verify().ok


@pytest.mark.parametrize(
    ("path", "item"),
    [
        (FILE, "PSLK-49"),  # the reference pipeline (a standard with declared kinds)
        (EXAMPLE.parent / "several" / "psl-2012.yaml", "PSL-49"),  # the compiled path
    ],
)
def test_detention_rules_out_the_summary_procedure_whatever_the_fine(path: Path, item: str) -> None:
    # 行政处罚法第五十一条 (and 治安管理处罚法第一百条): 当场作出 only for 警告 or a small 罚款;
    # 第四十九条's 五日以上十日以下拘留 is neither, so the 0–500 元 fine's range does not matter.
    rules = discretion.load(path)
    rec = discretion.evaluate(rules, item, {"party_type": "individual"})
    assert rec.flags.summary_procedure is False
    text = discretion.render_text(rec)
    assert "简易程序（当场处罚）：不适用：拟给予行政拘留，当场处罚只适用于警告或者罚款" in text
    assert "跨越当场处罚限额" not in text
    assert "an on-the-spot decision is for a warning or a fine only" in discretion.render_text(
        rec, "en"
    )
    stored = from_json(discretion.to_json(rec))
    assert discretion.render_text(stored) == text
