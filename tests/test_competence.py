"""Who may decide an item (issue 17): ``bodies``/``competence`` in the rule file, ``evaluate``'s
``decided_by``, and the justification saying in whose name the decision is made.

Expected wording comes from the Administrative Penalty Law (2021): Art. 17 (行政处罚由具有行政处罚权
的行政机关在法定职权范围内实施), Art. 20 ¶3 (受委托组织在委托范围内，以委托行政机关名义实施行政处罚；
不得再委托), Art. 24 ¶1 (乡镇人民政府、街道办事处 exercising a county department's power conferred by
the province); and from 大气污染防治法 (2018) Art. 119 ¶1 (由县级以上地方人民政府确定的监督管理部门
…处五百元以上二千元以下的罚款).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import discretion
from discretion import evaluate, render_text, to_json
from discretion.errors import CompetenceError, RuleSetError

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(RULES)


def test_the_town_decides_in_its_own_name_by_conferral(rules: discretion.RuleSet) -> None:
    rec = evaluate(rules, "APL-119-1", {"party_type": "individual"}, decided_by="town")
    text = render_text(rec)
    assert "作出决定的机关" in text
    # APL Art. 24: a town exercising a conferred power decides in its own name
    assert (
        "由「乡镇人民政府」依省、自治区、直辖市交由其行使行政处罚权的决定（赋权）以自己的名义作出"
        in text
    )
    assert "《中华人民共和国行政处罚法》第二十四条第一款" in text
    # the decision itself is unchanged: 大气法 Art. 119 ¶1, township table 较轻 500–1 000 元
    plain = evaluate(rules, "APL-119-1", {"party_type": "individual"})
    assert [(p.min, p.max) for p in rec.penalties] == [(p.min, p.max) for p in plain.penalties]
    assert rec.penalties[0].min == 500
    assert rec.penalties[0].max == 1000
    assert '"competence"' in to_json(rec)
    assert "in its own name" in render_text(rec, "en")


def test_the_statutory_department_cites_the_article_that_names_it(
    rules: discretion.RuleSet,
) -> None:
    rec = evaluate(rules, "APL-119-1", {"party_type": "individual"}, decided_by="county_supervisor")
    text = render_text(rec)
    assert "由「县级以上地方人民政府确定的监督管理部门」在法定职权范围内以自己的名义作出" in text
    assert "《中华人民共和国大气污染防治法》第一百一十九条第一款" in text


def test_a_body_outside_the_items_competence_is_refused(rules: discretion.RuleSet) -> None:
    # Art. 119 ¶2 names the county government's department, not the 县级以上 one of ¶1
    with pytest.raises(CompetenceError) as caught:
        evaluate(rules, "APL-119-2", {"party_type": "individual"}, decided_by="county_supervisor")
    err = caught.value
    assert err.message.startswith("机关 'county_supervisor' 无权决定事项 APL-119-2")
    assert err.item == "APL-119-2"
    assert err.field == "decided_by"
    assert "county_designated_supervisor" in str(err)


def test_a_misspelt_body_gets_a_suggestion(rules: discretion.RuleSet) -> None:
    with pytest.raises(CompetenceError) as caught:
        evaluate(rules, "APL-119-1", {"party_type": "individual"}, decided_by="twon")
    assert caught.value.hint is not None
    assert "town" in caught.value.hint


def test_a_standard_without_bodies_cannot_check_competence(rules: discretion.RuleSet) -> None:
    # The municipal site-fence table names no competent body (see tests/test_bundled_coverage.py).
    with pytest.raises(CompetenceError, match="未声明有权作出处罚决定的机关"):
        evaluate(
            rules,
            "CITY-FENCE-PILE",
            {"party_type": "organisation", "degree": "minor"},
            decided_by="county_market",
        )


def test_the_food_regulator_decides_food_items_in_its_own_name(rules: discretion.RuleSet) -> None:
    # 食品安全法 Art. 124 ¶1 (2021): "由县级以上人民政府食品安全监督管理部门没收违法所得…".
    rec = evaluate(
        rules,
        "FSL-124",
        {"party_type": "individual", "goods_value": 5000},
        decided_by="county_food_regulator",
    )
    text = discretion.render_text(rec)
    assert "由「县级以上人民政府食品安全监督管理部门」在法定职权范围内以自己的名义作出" in text


ENTRUSTED = """\
standard:
  id: test.competence
  title: 委托执法测试基准
  authority: 某县市场监督管理局
  jurisdiction: 某县
  field: 市场监管
  version: "1"
  effective_from: 2022-01-01
  source: 测试
  uses: discretion:general/apl-2021
laws:
  X: {name: 某法}
  ENTRUST: {name: 某县市场监督管理局行政处罚委托书, document: 某市监委〔2022〕1号}
procedure:
  hearing_fine_min: {individual: 由制定机关设定, organisation: 由制定机关设定}
bodies:
  - id: county_market
    name: 某县市场监督管理局
    citation: [{law: X, article: 10}]
  - id: station
    name: 某综合执法站
    basis: entrusted
    in_name_of: county_market
    citation: [{law: APL, article: 20, paragraph: 3}, {law: ENTRUST}]
items:
  - code: T-1
    name: 测试事项
    legal_basis: [{law: X, article: 10}]
    penalty_basis: [{law: X, article: 10}]
    penalties:
      - {id: fine, kind: fine, mode: required, primary: true, amount: {range: {min: 100, max: 1000}},
         citation: [{law: X, article: 10}]}
    levels:
      - {id: all, label: 一般, when: "true", circumstances: 一般情形, band: {min: 100, max: 1000}}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "std.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_an_entrusted_body_decides_in_the_entrusting_bodys_name(tmp_path: Path) -> None:
    rules = discretion.load(_write(tmp_path, ENTRUSTED))
    rec = evaluate(rules, "T-1", {"party_type": "organisation"}, decided_by="station")
    text = render_text(rec)
    # APL Art. 20 ¶3: 以委托行政机关名义实施; ¶2: 委托行政机关…对该行为的后果承担法律责任
    assert (
        "由「某综合执法站」受「某县市场监督管理局」委托，以「某县市场监督管理局」的名义作出" in text
    )
    assert "《某县市场监督管理局行政处罚委托书》" in text


def test_entrusted_without_the_entrusting_body_is_a_load_error(tmp_path: Path) -> None:
    bad = ENTRUSTED.replace("    in_name_of: county_market\n", "")
    with pytest.raises(RuleSetError) as caught:
        discretion.load(_write(tmp_path, bad))
    assert "以委托机关名义作出决定" in str(caught.value)


def test_an_entrusted_body_cannot_entrust_again(tmp_path: Path) -> None:
    bad = ENTRUSTED.replace(
        "items:\n",
        "  - id: sub\n    name: 某执法队\n    basis: entrusted\n    in_name_of: station\n"
        "    citation: [{law: APL, article: 20, paragraph: 3}]\nitems:\n",
    )
    with pytest.raises(RuleSetError) as caught:
        discretion.load(_write(tmp_path, bad))
    assert "不得再委托" in str(caught.value)
    assert "std.yaml" in str(caught.value)


def test_an_item_naming_an_undeclared_body_is_a_load_error(tmp_path: Path) -> None:
    bad = ENTRUSTED.replace("  - code: T-1\n", "  - code: T-1\n    competence: [county_markte]\n")
    with pytest.raises(RuleSetError) as caught:
        discretion.load(_write(tmp_path, bad))
    message = str(caught.value)
    assert "未在基准的 bodies 中声明" in message
    assert "county_market" in message


def test_the_cli_takes_the_deciding_body(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from discretion.cli import main

    facts = tmp_path / "facts.json"
    facts.write_text('{"party_type": "individual"}', encoding="utf-8")
    args = ["evaluate", str(RULES), "--item", "APL-119-1", "--facts", str(facts)]
    assert main([*args, "--decided-by", "town"]) == 0
    assert "以自己的名义作出（《中华人民共和国行政处罚法》第二十四条）" in capsys.readouterr().out
    assert main([*args, "--decided-by", "nobody"]) != 0
    err = capsys.readouterr().err
    assert "无权决定事项 APL-119-1" in err


def test_the_catalogue_indexes_items_by_deciding_body() -> None:
    from discretion.catalogue import build_catalogue

    pages = build_catalogue(RULES.parent).pages
    index = pages["catalogue/by-body.md"].markdown
    # 大气法 Art. 119 ¶2 (县级人民政府确定的监督管理部门) decides APL-119-2 only
    section = index[index.index("## 县级人民政府确定的监督管理部门（法定职权）") :]
    section = section[: section.index("\n## ")]
    assert "APL-119-2" in section
    assert "APL-119-1" not in section
    town = index[index.index("## 乡镇人民政府（赋权，以自己的名义作出决定）") :].split("\n## ")[0]
    assert "APL-119-1" in town
    assert "APL-119-2" in town
    # items whose standard names no body are listed as such, not given a body
    assert "CITY-FENCE-PILE" in index[index.index("## 基准未载明作出决定的机关") :]
    assert "FSL-124" not in index[index.index("## 基准未载明作出决定的机关") :]
    item = pages["catalogue/cn.hebei.township.air-burning/APL-119-1.md"].markdown
    assert (
        "乡镇人民政府（赋权，以自己的名义作出决定；依据：《中华人民共和国行政处罚法》第二十四条第一款）"
        in item
    )
