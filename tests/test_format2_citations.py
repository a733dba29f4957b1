"""Format 2, citations (issue 20, point 12): 条之几, 目 below 项, a normative document's number.

The numbering follows the drafting convention of Chinese legislation: an article inserted by an
amendment is 第…条之一 (e.g. 《中华人民共和国刑法》第一百三十三条之一), 目 sit below 项 and are
numbered in Arabic figures, and a normative document is cited by its number
(国办发〔2022〕27号, LAW.md §5).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import discretion
from discretion.compile._compiler import render_citation
from discretion.format._model import Citation, Law

ROOT = Path(__file__).resolve().parent.parent
LAW = Law(name="中华人民共和国刑法", name_en="Criminal Law")


def test_article_suffix_renders_zhiyi() -> None:
    s = render_citation(Citation(law="CL", article=133, article_suffix=1), LAW)
    assert s.zh == "《中华人民共和国刑法》第一百三十三条之一"
    assert s.en == "Criminal Law, Art. 133-1"
    assert s.key == "CL/133-1"


def test_subitem_below_item() -> None:
    s = render_citation(Citation(law="CL", article=133, article_suffix=1, item=4), LAW)
    assert s.zh.endswith("第一百三十三条之一第（四）项")
    s = render_citation(Citation(law="X", article=5, paragraph=1, item=3, subitem=2), LAW)
    assert s.zh == "《中华人民共和国刑法》第五条第一款第（三）项第2目"
    assert s.en == "Criminal Law, Art. 5 ¶1 (3), sub-item 2"
    assert s.key == "X/5/1/(3)/2"


def test_a_document_cited_by_number() -> None:
    opinion = Law(
        name="国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见",
        name_en="State Council General Office opinion on discretion benchmarks",
    )
    s = render_citation(Citation(law="GB27", document="国办发〔2022〕27号"), opinion)
    assert (
        s.zh
        == "《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》（国办发〔2022〕27号）"
    )
    assert s.en.endswith("(国办发〔2022〕27号)")


def test_existing_citations_render_as_before() -> None:
    s = render_citation(
        Citation(law="FSL", article=124, paragraph=1), Law(name="中华人民共和国食品安全法")
    )
    assert s.zh == "《中华人民共和国食品安全法》第一百二十四条第一款"
    assert s.key == "FSL/124/1"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"article_suffix": 1}, "条之几须写明条"),
        ({"article": 5, "subitem": 1}, "目须写明所属的项"),
    ],
)
def test_dangling_parts_are_refused(fields: dict[str, int], words: str) -> None:
    with pytest.raises(ValidationError) as err:
        Citation(law="X", **fields)
    assert words in str(err.value)


def test_a_rule_file_error_names_file_line_and_field(tmp_path: Path) -> None:
    rule = ROOT / "examples" / "format2" / "amounts" / "fsl-124-gains.yaml"
    text = rule.read_text(encoding="utf-8").replace(
        'citation: [{law: FSL, article: 124, paragraph: 1, text: "没收违法所得"}]',
        "citation: [{law: FSL, article_suffix: 1}]",
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(discretion.RuleSetError) as err:
        discretion.load(tmp_path)
    message = str(err.value)
    assert "r.yaml:" in message
    assert "penalties[0].citation[0]" in message
    assert message.index("条之几须写明条") < message.index("needs 'article'")
