"""The docs site's generators: the catalogue of standards and the guides' live examples.

The catalogue is built in memory from ``rules/`` (no MkDocs build here; ``make docs`` does that).
What a page must show is read from the rule files with plain PyYAML, independently of the loader
the generator uses, so a page that drops an item, a level or an example case fails here. Figures
are checked against the statute or the published table they come from, cited beside each.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import discretion
from discretion.verify._examples import read_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
HOOKS = ROOT / "docs" / "hooks"
EXAMPLES = ROOT / "docs" / "examples"


def _import(name: str) -> ModuleType:
    # The generators live beside the MkDocs hook, which imports them as top-level modules.
    if str(HOOKS) not in sys.path:
        sys.path.insert(0, str(HOOKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def catalogue() -> ModuleType:
    # The catalogue ships inside the package (the mkdocs plugin ``discretion`` builds it).
    return importlib.import_module("discretion.catalogue")


@pytest.fixture(scope="module")
def guides() -> ModuleType:
    return _import("guides")


@pytest.fixture(scope="module")
def built(catalogue: ModuleType) -> Any:
    return catalogue.build_catalogue(ROOT)


def _rule_files() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(RULES.rglob("*.yaml")):
        if not path.name.endswith(".cases.yaml"):
            yield path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _cases_by_item() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(RULES.rglob("*.cases.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            out.setdefault(str(case["item"]), []).append(case)
    return out


def _item_page(built: Any, code: str) -> str:
    pages = [p for path, p in built.pages.items() if path.endswith(f"/{code}.md")]
    assert len(pages) == 1, f"item {code}: expected one page, found {len(pages)}"
    return str(pages[0].markdown)


# -- the catalogue -----------------------------------------------------------------------------------


def test_every_item_in_rules_has_a_page_with_its_levels(built: Any) -> None:
    items = [(path, item) for path, data in _rule_files() for item in data.get("items") or []]
    assert items, "rules/ holds no items"
    for path, item in items:
        page = _item_page(built, item["code"])
        assert page.startswith(f"# {item['code']} {item['name']}"), path
        for level in item["levels"]:
            # The level's name and the published table's wording, verbatim (DESIGN.md §3).
            assert f"**{level['label']}**" in page, (item["code"], level["id"])
            assert level["circumstances"] in page, (item["code"], level["id"])


def test_every_example_case_is_evaluated_on_its_item_page(built: Any) -> None:
    by_item = _cases_by_item()
    assert by_item, "rules/ holds no example cases"
    for code, cases in by_item.items():
        page = _item_page(built, code)
        for case in cases:
            assert f"：{case['name']}\n" in page, (code, case["name"])
        evaluated = [c for c in cases if "error" not in c["expect"]]
        # Each evaluated case shows the justification render_text produced for it (its header).
        assert page.count("行政处罚裁量建议（供法制审核）") >= len(evaluated), code
        assert page.count("Recommended penalty (for legality review)") >= len(evaluated), code


def test_every_example_case_matches_its_expectation(built: Any) -> None:
    # The hook turns each problem into a build warning, which fails `mkdocs build --strict`.
    assert built.problems == []


def test_each_standard_has_a_page_listed_in_the_navigation(built: Any) -> None:
    def flatten(nav: Any) -> Iterator[str]:
        if isinstance(nav, str):
            yield nav
        elif isinstance(nav, list):
            for entry in nav:
                yield from flatten(entry)
        elif isinstance(nav, dict):
            for value in nav.values():
                yield from flatten(value)

    listed = list(flatten(built.nav))
    assert sorted(listed) == sorted(built.pages), "every generated page is in the navigation once"
    titles = {data["standard"]["title"] for _path, data in _rule_files()}
    for title in titles:
        assert any(f"# {title}\n" in p.markdown for p in built.pages.values()), title


def test_links_between_generated_pages_resolve(built: Any) -> None:
    for path, page in built.pages.items():
        for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", page.markdown):
            resolved = (Path(path).parent / target).as_posix()
            parts: list[str] = []
            for part in resolved.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            found = "/".join(parts)
            # A generated page, or a page written under docs/ (a guide).
            assert found in built.pages or (ROOT / "docs" / found).is_file(), (
                f"{path} links to missing {target}"
            )


def test_general_part_page_links_to_its_guide(built: Any) -> None:
    page = built.pages["catalogue/cn.apl.general/index.md"].markdown
    assert "[总则规定怎样适用](../../guide/general.md)" in page


def test_fsl_124_page_reads_like_the_published_benchmark(built: Any) -> None:
    page = _item_page(built, "FSL-124")
    # Citations rendered from the structured citation (FSL 2021 Art. 124 ¶1).
    assert "《中华人民共和国食品安全法》第一百二十四条第一款" in page
    # The statutory clause: 货值金额不足一万元的，并处五万元以上十万元以下罚款 (FSL Art. 124).
    assert "5万元以上10万元以下" in page
    assert "10倍以上20倍以下" in page
    assert "| 罚款 | 并处 |" in page
    # Level 从轻 with the 30/40/30 convention (LAW.md §4): 50000 + 30 % × 50000 = 65000, and on
    # the multiple branch 10 + 30 % × (20 − 10) = 13 times the goods value.
    light = next(line for line in page.splitlines() if line.startswith("| **从轻**"))
    assert "5万元–6.5万元" in light
    assert "10–13 倍" in light
    # 情节严重的，吊销许可证 (FSL Art. 124): only at the serious level.
    serious = next(line for line in page.splitlines() if line.startswith("| **情节严重**"))
    assert "吊销许可证件" in serious
    assert "吊销许可证件" not in light
    # The general part applies: Art. 32 mitigation and the Art. 51 summary-procedure limits.
    assert "第三十二条" in page
    assert "公民 200元、法人或者其他组织 3000元" in page


def test_indexes_by_field_and_by_article(built: Any) -> None:
    by_field = built.pages["catalogue/by-field.md"].markdown
    by_article = built.pages["catalogue/by-article.md"].markdown
    for _path, data in _rule_files():
        assert f"## {data['standard']['field']}\n" in by_field
        for item in data.get("items") or []:
            assert f"[{item['code']}](" in by_field
            assert f"[{item['code']} {item['name']}](" in by_article
    assert "## 《中华人民共和国食品安全法》" in by_article
    row = next(line for line in by_article.splitlines() if "FSL-124" in line and "处罚依据" in line)
    assert row.startswith("| 《中华人民共和国食品安全法》第一百二十四条第一款 |")


def test_money_is_written_as_legal_staff_write_it(catalogue: ModuleType) -> None:
    assert catalogue.money(Decimal(50000)) == "5万元"
    assert catalogue.money(Decimal(65000)) == "6.5万元"
    assert catalogue.money(Decimal(2000)) == "2000元"
    assert catalogue.money(Decimal("12.5")) == "12.5元"
    assert catalogue.span(Decimal(1000), Decimal(1500)) == "1000元–1500元"
    assert catalogue.cell("a | b\nc") == "a \\| b<br>c"


# -- the guides' example standard ------------------------------------------------------------------


def test_the_guides_example_standard_loads_and_its_cases_pass(guides: ModuleType) -> None:
    rules = guides.load_example(ROOT, "straw-burning.yaml")
    assert rules.codes == ("AIR-119-1",)
    cases = read_cases(EXAMPLES / "straw-burning.cases.yaml")
    assert len(cases) == 3
    for case in cases:
        _rec, diffs = run_case(rules, case)
        assert diffs == [], (case.name, diffs)


def test_each_mistake_gives_the_error_the_guide_promises(guides: ModuleType) -> None:
    results = guides.run_mistakes(ROOT)
    assert len(results) == len(guides.MISTAKES)
    for r in results:
        assert r.status == 1, (r.mistake.title, r.output)
        for word in r.mistake.keywords:
            assert word in r.output, (r.mistake.title, word, r.output)
    # Load-time mistakes name the file and the line of the mistake itself.
    for r in results[:4]:
        assert f"rules/demo/{r.mistake.file}:{r.line}" in r.output, (r.mistake.title, r.output)


def test_banding_strategies_give_the_published_figures(guides: ModuleType) -> None:
    got = {}
    for case, rec in guides.banding_results(ROOT):
        fine = rec.penalty("fine")
        got[(case.item, case.note)] = (fine.min, fine.max)

    def check(item: str, note: str, lo: str, hi: str) -> None:
        assert got[(item, note)] == (Decimal(lo), Decimal(hi)), (item, note)

    # Hebei city-appearance table (LAW.md §3): key area → 20–40 元/m²; 30 m² → 600–1200.
    check("BAND-EXPLICIT", "重点区域，30 平方米", "600", "1200")
    # 30/40/30 convention (LAW.md §4) on 大气法 Art. 108 (2万–20万): 20000 + 30 % × 180000 = 74000;
    # 一般 30–70 %: 74000–146000.
    check("BAND-PERCENT", "情节较轻", "20000", "74000")
    check("BAND-PERCENT", "一般情节", "74000", "146000")
    # Maximum-only rule (LAW.md §4): 一般 40–60 % of 2000 (FSL Art. 125 ¶2).
    check("BAND-OF-MAX", "一般情节", "800", "1200")
    # Factor sum × maximum (大气法 Art. 99, max 100万): 20 + 15 + 10 = 45 %; 10 + 5 + 0 = 15 %.
    check("BAND-FACTORS", "污染较重、故意、再次违法", "450000", "450000")
    check("BAND-FACTORS", "污染轻微、过失、初次（不低于法定最低额）", "150000", "150000")
    # Hebei township table (LAW.md §3), 情节较重: organisation 3万–7万, individual 1000–1500.
    check("BAND-CASES", "单位，情节较重", "30000", "70000")
    check("BAND-CASES", "个人，情节较重", "1000", "1500")
    # 从重 keeps the upper half of the band (general part adjustment: aggravate_share 50).
    check("BAND-CASES", "单位，情节较重，一年内受过同类处罚", "50000", "70000")
    # 消费者权益保护法 Art. 56, 3–7 × gains of 10000.
    check("BAND-MULTIPLE", "违法所得 1 万元，一般情节", "30000", "70000")
    # No gains → fallback ≤ 50万; the band keeps its share (3−1)/9 … (7−1)/9 of it:
    # 500000 × 2/9 = 111111.11… rounded up to the fen, 500000 × 6/9 = 333333.33… rounded down.
    check("BAND-MULTIPLE", "没有违法所得，一般情节", "111111.12", "333333.33")


def test_the_format_reference_follows_the_models(guides: ModuleType) -> None:
    from discretion.format._model import StandardFile

    schema = StandardFile.model_json_schema()
    reference = {name: rows for name, _summary, rows in guides.format_reference()}
    assert set(reference) == {*schema["$defs"], "StandardFile"}
    fields = {(name, row[0].strip("`")) for name, rows in reference.items() for row in rows}
    stale = set(guides.NOTES) - fields
    assert not stale, f"notes on fields the models no longer have: {sorted(stale)}"


def test_every_marker_in_the_guides_expands(guides: ModuleType) -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        out = guides.expand(text, ROOT)
        assert "<!-- discretion:" not in out, page


def test_an_unknown_marker_is_an_error(guides: ModuleType) -> None:
    with pytest.raises(guides.GuideError, match="unknown marker"):
        guides.expand("<!-- discretion:nonsense -->\n", ROOT)


def test_a_failing_command_is_an_error(guides: ModuleType) -> None:
    with pytest.raises(guides.GuideError, match="exited 2"):  # an unknown item: bad input
        guides.expand("<!-- discretion:cli list rules/ --item NO-SUCH-ITEM -->\n", ROOT)


def test_rules_that_do_not_load_stop_the_catalogue(catalogue: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "bad.yaml").write_text("standard: {id: x}\n", encoding="utf-8")
    with pytest.raises(discretion.DiscretionError):
        catalogue.build_catalogue(tmp_path)


# -- the guides on the general part and on versions (issue 3) -----------------------------------


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml with its ``!!python/…`` tags read as nothing (only the nav is wanted here)."""


_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_args: None)


def _nav_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)

    def flatten(nav: Any) -> Iterator[str]:
        if isinstance(nav, str):
            yield nav
        elif isinstance(nav, list):
            for entry in nav:
                yield from flatten(entry)
        elif isinstance(nav, dict):
            for value in nav.values():
                yield from flatten(value)

    return list(flatten(config["nav"]))


def _sections(markdown: str) -> dict[str, str]:
    """A page's text by its second-level heading."""
    out: dict[str, str] = {}
    for chunk in re.split(r"^## ", markdown, flags=re.MULTILINE)[1:]:
        title, _, body = chunk.partition("\n")
        out[title.strip()] = body
    return out


def _cases(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(c["name"]): c for c in data["cases"]}


@pytest.fixture(scope="module")
def versions_page(guides: ModuleType) -> dict[str, str]:
    text = (ROOT / "docs" / "guide" / "versions.md").read_text(encoding="utf-8")
    return _sections(guides.expand(text, ROOT))


@pytest.fixture(scope="module")
def general_page(guides: ModuleType) -> dict[str, str]:
    text = (ROOT / "docs" / "guide" / "general.md").read_text(encoding="utf-8")
    return _sections(guides.expand(text, ROOT))


def test_the_guides_on_the_general_part_and_versions_are_in_the_navigation() -> None:
    nav = _nav_pages()
    for page in ("guide/general.md", "guide/versions.md"):
        assert page in nav, page
        assert (ROOT / "docs" / page).is_file(), page


def test_versions_page_shows_a_lighter_new_version_applied(versions_page: dict[str, str]) -> None:
    # The cases file states the figures (examples/versions/demo.cases.yaml, a demonstration
    # standard): act 2023-06-01, decision 2024-03-01, 较轻, 10 m². 2021 band 10–20 元/㎡, 2024 band
    # 10–15 元/㎡ → the 2024 version is lighter and applies (Art. 37): 10 × (10–15) = 100–150 元.
    case = _cases(ROOT / "examples" / "versions" / "demo.cases.yaml")[
        "决定时新版本较轻，适用新版本"
    ]
    assert (case["violation_date"], case["decision_date"]) == (
        dt.date(2023, 6, 1),
        dt.date(2024, 3, 1),
    )
    assert case["facts"] == {"party_type": "individual", "area": 10}
    assert case["expect"]["version"] == "2024"
    assert case["expect"]["penalties"]["fine"] == {"min": 100, "max": 150}
    section = versions_page["新版本较轻：适用新版本"]
    assert "| 适用的基准版本 | 2024（从旧兼从轻，行政处罚法第三十七条） |" in section
    assert "罚款（处）：100元–150元" in section
    assert "与案例文件的预期一致。" in section
    # The justification, with its version step (rendered by render_text, HTML-escaped).
    assert "版本 2024）" in section
    assert (
        "从旧兼从轻：违法行为发生时施行的版本为 2021 版，作出决定时施行的版本为 2024 版，"
        "决定时施行的版本处罚较轻，适用 2024 版。依据：《中华人民共和国行政处罚法》第三十七条；"
        "《演示裁量基准表（2024年修订）》。"
    ) in section
    # Only the benchmark was revised: the switch rests on the 2024 benchmark's own rule.
    assert "按新基准自身的规定比较两版的建议幅度" in section
    assert "建议幅度：100–150 元" in section
    assert "the version in force at the decision is lighter: version 2024 applies" in section


def test_versions_page_keeps_the_old_version_when_the_new_is_heavier(
    versions_page: dict[str, str],
) -> None:
    # Same dates, 严重: 2021 band 40–50 元/㎡, 2024 band 45–50 元/㎡ (heavier) → the version in
    # force at the act stays (Art. 37): 10 × (40–50) = 400–500 元.
    case = _cases(ROOT / "examples" / "versions" / "demo.cases.yaml")[
        "决定时新版本较重，仍适用行为时版本"
    ]
    assert case["expect"]["version"] == "2021"
    assert case["expect"]["penalties"]["fine"] == {"min": 400, "max": 500}
    section = versions_page["新版本较重：仍适用违法行为发生时的版本"]
    assert "| 适用的基准版本 | 2021（从旧兼从轻，行政处罚法第三十七条） |" in section
    assert "罚款（处）：400元–500元" in section
    assert "决定时施行的版本处罚不较轻，适用违法行为发生时施行的 2021 版" in section
    assert "建议幅度：400–500 元" in section


def test_versions_page_shows_the_diff_of_the_two_versions(versions_page: dict[str, str]) -> None:
    section = versions_page["两个版本有什么不同"]
    assert (
        "$ discretion diff examples/versions/demo-2021.yaml examples/versions/demo-2024.yaml"
        in (section)
    )
    # The 2024 revision: 较轻 band max 20 → 15 元/㎡, 严重 band min 40 → 45 元/㎡ (the two files).
    assert "levels[light].band.max: 20 → 15" in section
    assert "levels[serious].band.min: 40 → 45" in section
    assert "standard.version: 2021 → 2024" in section


def test_versions_page_marks_the_standard_as_a_demonstration(
    versions_page: dict[str, str],
) -> None:
    text = "".join(versions_page.values())
    assert "演示用基准，非正式文件" in text
    # Without a violation date, a standard in two versions refuses to guess (CaseError).
    section = versions_page["没有违法行为发生日期"]
    assert "拒绝计算" in section
    assert "CaseError" in section
    assert (
        "2024-03-01 决定：适用 2024 版，罚款 100–150 元"
        in versions_page["在命令行和程序中给出日期"]
    )
    assert (
        "2023-12-31 决定：适用 2021 版，罚款 100–200 元"
        in versions_page["在命令行和程序中给出日期"]
    )


GENERAL_CASES = ROOT / "rules" / "food" / "general-part.cases.yaml"


def test_general_page_shows_the_no_penalty_grounds(general_page: dict[str, str]) -> None:
    section = general_page["不予处罚（第三十条、第三十一条、第三十三条、第四十条）"]
    cases = _cases(GENERAL_CASES)
    # Art. 30: 不满十四周岁的未成年人有违法行为的，不予行政处罚.
    assert cases["不满十四周岁（13周岁）不予处罚"]["expect"]["outcome"] == "no_penalty"
    assert "| 不予处罚情形 | 不满十四周岁的未成年人有违法行为的，不予行政处罚（`under_14`） |" in (
        section
    )
    assert "结论：建议不予行政处罚，责令改正。" in section
    # Art. 33 ¶1: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚; measured at 一般,
    # FSL Art. 124 5万–10万 × 30–70 % = 65000–85000.
    waive = cases["初次违法且危害后果轻微并及时改正可以不予处罚"]["expect"]
    assert (waive["outcome"], waive["penalties"]["fine"]) == (
        "may_waive",
        {"min": 65000, "max": 85000},
    )
    assert "| 结论 | 可以不予行政处罚（由执法人员决定） |" in section
    assert "罚款（并处）：6.5万元–8.5万元" in section


def test_general_page_shows_the_limitation_period(general_page: dict[str, str]) -> None:
    section = general_page["追责时效（第三十六条）"]
    cases = _cases(GENERAL_CASES)
    # Art. 36 ¶1: 二年内未被发现的，不再给予行政处罚 — 2021-08-01 + 2 years ends 2023-08-01.
    late = cases["二年又一日被发现不再处罚"]
    assert late["facts"]["discovery_date"] == dt.date(2023, 8, 2)
    assert late["expect"]["outcome"] == "no_penalty"
    assert (
        "追责时效：违法行为发生于 2021-08-01，发现于 2023-08-02，追责期限二年（至 2023-08-01），"
        "已超过期限，不再给予行政处罚。"
    ) in section
    # Art. 36 ¶2: a continuing act is counted from its end, 2022-03-01 (+ 2 years: 2024-03-01).
    assert cases["继续状态的违法行为从行为终了之日起计算"]["expect"]["outcome"] == "penalty"
    assert (
        "违法行为终了于 2022-03-01，发现于 2024-02-28，追责期限二年（至 2024-03-01），未超过期限"
        in (section)
    )


def test_general_page_shows_both_options_of_mitigation_or_reduction(
    general_page: dict[str, str],
) -> None:
    section = general_page["从轻或者减轻（第三十条至第三十二条）"]
    # Art. 30: aged 14 → 应当从轻或者减轻. 从轻: lower half of 一般 65000–85000 = 65000–75000;
    # 减轻: below the statutory minimum 5万, floor 0 % (general part reduce_floor).
    options = _cases(GENERAL_CASES)["已满十四周岁（14周岁）应当从轻或者减轻"]["expect"]["options"]
    assert options["mitigate"]["fine"] == {"min": 65000, "max": 75000}
    assert options["reduce"]["fine"] == {"min": 0, "max": 50000}
    assert "| 可选：从轻 | " in section
    assert "罚款 6.5万元–7.5万元（应当从轻或者减轻，由执法人员选择）" in section
    assert "| 可选：减轻 | " in section
    assert "罚款 0元–5万元（应当从轻或者减轻，由执法人员选择）" in section
    assert (
        "（一）从轻，给予没收违法所得，没收违法生产经营的食品、食品添加剂，罚款 65000–75000 元"
        in (section)
    )


def test_general_page_shows_one_act_under_two_norms(general_page: dict[str, str]) -> None:
    section = general_page["一事不再罚（第二十九条）"]
    # Art. 29: 按照罚款数额高的规定处罚 — FSL Art. 124 (5万–10万) over Art. 125 ¶1 (5000–5万).
    assert "discretion.evaluate_act" in section
    assert "$ python docs/examples/one_act.py" in section
    assert "保留罚款的事项：FSL-124" in section
    assert "FSL-124：罚款 65000–85000 元" in section
    assert "FSL-125-1：罚款 不再处以" in section
    assert "--item FSL-124 --item FSL-125-1" in section
    assert "按照罚款数额高的 FSL-124 的规定处以罚款，本事项 FSL-125-1 不再处以罚款" in section


def test_a_case_marker_for_a_missing_case_is_an_error(guides: ModuleType) -> None:
    with pytest.raises(guides.GuideError, match="no-such-case"):
        guides.expand(
            '<!-- discretion:case examples/versions/demo.cases.yaml "no-such-case" -->\n', ROOT
        )


def test_a_case_marker_whose_case_does_not_match_stops_the_build(
    guides: ModuleType, tmp_path: Path
) -> None:
    cases = tmp_path / "wrong.cases.yaml"
    cases.write_text(
        f"rules: {ROOT / 'examples' / 'versions'}\n"
        "cases:\n"
        "  - name: wrong\n"
        "    item: DEMO-1\n"
        "    facts: {party_type: individual, area: 10}\n"
        "    violation_date: 2024-02-01\n"
        "    expect: {penalties: {fine: {min: 100, max: 999}}}\n"
        "    source: a deliberately wrong figure\n",
        encoding="utf-8",
    )
    with pytest.raises(guides.GuideError, match="fine"):
        guides.expand(f"<!-- discretion:case {cases} wrong -->\n", tmp_path)
