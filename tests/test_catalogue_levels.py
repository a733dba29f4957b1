"""The catalogue per level: exactly the clauses that apply there, with all their amounts (issue 13).

The 裁量基准表 of an item page lists, for each level, the penalties of that level and their
ranges. They come from the compiled item (``catalogue._levels``), and must be what ``evaluate``
recommends for a case at that level: the first test builds such cases for every level of every
bundled item from the level's own condition (the fact domain of ``verify._domain``, the same
boundary points ``discretion check`` enumerates) and compares. The figures of the other tests
come from the statute or the published table, cited beside them.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.catalogue import build_catalogue
from discretion.catalogue._levels import level_cell, level_clauses
from discretion.catalogue._text import span
from discretion.compile._loader import loads_many
from discretion.compile._records import CompiledItem, CompiledLevel
from discretion.verify._domain import branches, space
from strategies import GENERAL, RULESET, VERSION_IDS, VERSIONS, evaluate

ROOT = Path(__file__).resolve().parent.parent
_CASES_PER_LEVEL = 48


def _level_cases(item: CompiledItem, level: CompiledLevel) -> list[dict[str, Any]]:
    """Cases at ``level``: the facts its condition, the clauses' conditions and the switches read,
    at their boundary points, where the level holds and nothing else moves the range (no
    circumstance, no no-penalty ground)."""
    conds = [level.when, *(c.when for c in item.clauses if c.when is not None)]
    for clause in item.clauses:
        conds += [cond for _id, cond, _shape in branches(clause.amount)]
    sp = space(item, conds, ["party_type"])
    out = []
    for facts in itertools.islice(sp, 4096):
        if not level.when(facts):
            continue
        if item.applies_to is not None and facts.get("party_type") not in item.applies_to:
            continue  # the item does not apply to this party type (format applies_to)
        if any(c.when(facts) for c in item.circumstances) or any(
            g.when(facts) for g in item.grounds
        ):
            continue
        out.append(facts)
        if len(out) == _CASES_PER_LEVEL:
            break
    return out


@pytest.mark.parametrize("item", VERSIONS, ids=VERSION_IDS)
def test_each_level_lists_what_evaluate_recommends_at_that_level(item: CompiledItem) -> None:
    for level in item.levels:
        cases = _level_cases(item, level)
        assert cases, f"{item.code}: no case found at level {level.id}"
        lines = level_clauses(item, level)
        cell = level_cell(item, level)
        for facts in cases:
            given = {k: v for k, v in facts.items() if v is not None}
            rec = evaluate(item, given, RULESET)
            assert rec.level == level.id
            where = f"{item.code} level {level.label} facts {given}"
            # The other parties' clauses (双罚制) are in rec.parties, not the party's penalties.
            applies = [
                lc for lc in lines if lc.party is None and (lc.when is None or lc.when(facts))
            ]
            imposed = {lc.clause.id for lc in applies if lc.imposed}
            optional = {lc.clause.id for lc in applies if not lc.imposed}
            assert {p.id for p in rec.penalties} == imposed, where
            assert {p.id for p in rec.optional_penalties} == optional, where
            for p in rec.penalties:
                line = next(lc for lc in applies if lc.clause.id == p.id)
                assert p.label in cell, where
                if p.min is None or p.max is None:
                    assert not line.amounts, where
                    continue
                # The branch this case reaches, with the level's figures in the unit of the fine.
                reached = [
                    a
                    for a in line.amounts
                    if all(c(facts) for c in a.conds)
                    and a.scale.fallback == (rec_scale(rec, p.id) == "fallback")
                ]
                assert len(reached) == 1, where
                amount = reached[0]
                assert amount.scale.unit == p.unit, where
                if amount.scale.shape == "range":
                    assert (amount.low, amount.high) == (p.min, p.max), where
                    assert span(p.min, p.max, p.unit or "") in cell, where


def rec_scale(rec: discretion.Recommendation, clause_id: str) -> str:
    """Whether a penalty was measured on its fallback range (a multiple without its base)."""
    for step in rec.steps:
        if step.stage == "penalty" and step.rule.endswith(f"/penalties/{clause_id}"):
            return "fallback" if step.get("fallback") else "scale"
    return "scale"


def _cell(code: str, level_id: str) -> str:
    item = RULESET.item(code)
    level = next(lv for lv in item.levels if lv.id == level_id)
    return level_cell(item, level)


def test_the_warning_level_of_fsl_126_shows_the_warning_and_no_fine() -> None:
    # 食品安全法第一百二十六条第一款："由县级以上人民政府食品安全监督管理部门责令改正，给予警告；
    # 拒不改正的，处五千元以上五万元以下罚款". The level 责令改正并警告 is the party that has
    # not refused: a warning, and no fine.
    cell = _cell("FSL-126", "ordered")
    assert cell == "**警告**（处）"
    assert "罚款" not in cell


def test_a_fine_level_of_fsl_126_shows_its_fine_and_no_warning() -> None:
    # The same clause after a refusal: 5000–50000 元; the standard's 一般 band is 30 %–70 % of the
    # range (rules/food/fsl-2021.yaml, its 三档划分): 5000 + 0.3 × 45000 = 18500, + 0.7 × 45000
    # = 36500.
    cell = _cell("FSL-126", "general")
    assert cell == "**罚款**（处）：**18500元–36500元**（法定幅度自最低额起 30%–70%）"
    assert "警告" not in cell


def test_a_switching_range_shows_only_the_branches_a_level_reaches() -> None:
    # 河北省大气污染防治条例第八十九条 (LAW.md §3): 单位 1万–3万, 情节严重 3万–10万; the township
    # table's 情节较轻 row (1万–3万 / 500–1000) is not 情节严重, its 情节严重 row (7万–10万 /
    # 1500–2000) is.
    light = _cell("APL-119-2", "lighter")
    assert "**1万元–3万元**" in light
    assert "**500元–1000元**" in light
    assert "情节严重（" not in light
    serious = _cell("APL-119-2", "serious")
    assert "**7万元–10万元**" in serious
    assert "**1500元–2000元**" in serious
    assert "一万元以上三万元以下）的" not in serious


_PSL = """
standard:
  id: test.psl
  title: 治安管理处罚裁量基准（测试）
  authority: 测试
  jurisdiction: 测试
  field: 测试
  version: "1"
  effective_from: 2021-07-15
  source: tests
  uses: discretion:general/apl-2021
laws:
  PSL:
    name: 中华人民共和国治安管理处罚法
    name_en: Public Security Administration Punishments Law
procedure:
  hearing_fine_min: {individual: 2000, organisation: 10000}
  citation_hearing: [{law: PSL, article: 23}]
items:
  - code: T-PSL-23
    name: 扰乱机关、团体、企业、事业单位秩序
    legal_basis: [{law: PSL, article: 23, paragraph: 1}]
    penalty_basis: [{law: PSL, article: 23, paragraph: 1}]
    facts:
      - {name: serious, type: bool, label: 情节较重, default: false}
    penalties:
      - id: warning
        kind: warning
        mode: alternative
        group: light
        levels: [light]
        citation: [{law: PSL, article: 23, paragraph: 1, text: 处警告或者二百元以下罚款}]
      - id: fine
        kind: fine
        mode: alternative
        group: light
        levels: [light]
        amount: {range: {min: 0, max: 200}}
        citation: [{law: PSL, article: 23, paragraph: 1, text: 处警告或者二百元以下罚款}]
      - id: detention
        kind: detention
        mode: required
        levels: [serious]
        amount: {range: {min: 5, max: 10, unit: 日}}
        citation: [{law: PSL, article: 23, paragraph: 1, text: 情节较重的，处五日以上十日以下拘留}]
      - id: fine_serious
        kind: fine
        mode: optional_combined
        levels: [serious]
        amount: {range: {min: 0, max: 500}}
        citation: [{law: PSL, article: 23, paragraph: 1, text: 可以并处五百元以下罚款}]
    levels:
      - id: light
        label: 一般
        when: not serious
        circumstances: 扰乱单位秩序，尚未造成严重损失的
        impose: [warning]
      - id: serious
        label: 情节较重
        when: serious
        circumstances: 情节较重的
"""


def test_a_warning_level_never_shows_a_detention_range(tmp_path: Path) -> None:
    # 中华人民共和国治安管理处罚法（2012 修正）第二十三条第一款："处警告或者二百元以下罚款；情节较重
    # 的，处五日以上十日以下拘留，可以并处五百元以下罚款". The level that warns shows the warning
    # (the 200 元 fine as its alternative) and no detention; the graver level shows the detention
    # of 5–10 days and its optional fine of up to 500 元, and no warning.
    rules = loads_many(((str(tmp_path / "psl.yaml"), _PSL), (str(GENERAL), GENERAL.read_text())))
    item = rules.item("T-PSL-23")
    light, serious = item.levels
    warn = level_cell(item, light)
    assert (
        warn == "**警告**（择一）\n罚款（择一，可选择替代「警告」）：**0元–200元**（法定幅度全幅）"
    )
    assert "拘留" not in warn
    assert "日" not in warn
    grave = level_cell(item, serious)
    assert "**行政拘留**（处）：**5–10日**" in grave
    assert "罚款（可以并处，由执法人员决定是否适用）：**0元–500元**" in grave
    assert "警告" not in grave
    rec = discretion.evaluate(rules, "T-PSL-23", {"party_type": "individual", "serious": True})
    detention = rec.penalty("detention")
    assert detention is not None
    assert (detention.min, detention.max, detention.unit) == (Decimal(5), Decimal(10), "日")


def test_the_item_page_carries_the_per_level_cells() -> None:
    pages = build_catalogue(ROOT).pages
    page = pages["catalogue/cn.food-safety.fines/FSL-126.md"].markdown
    table = page[page.index("## 裁量基准表") : page.index("## 法定处罚")]
    row = next(line for line in table.splitlines() if line.startswith("| **责令改正并警告**"))
    assert row.endswith("| **警告**（处） |")
    row = next(line for line in table.splitlines() if line.startswith("| **一般**"))
    assert "**18500元–36500元**" in row


def test_an_amount_equal_to_a_fact_reads_as_the_whole_of_it() -> None:
    # 价格法第四十二条：经营者违反明码标价规定的，责令改正，没收违法所得 — the
    # confiscation is the whole of the gains (equals), never a rate of "1 元" per unit.
    pages = build_catalogue(ROOT, ROOT / "rules" / "market").pages
    page = next(p.markdown for path, p in pages.items() if path.endswith("/MKT-PL-42.md"))
    assert "全额" in page
    assert "计，1 元" not in page
