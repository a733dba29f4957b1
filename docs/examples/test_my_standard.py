"""性质测试示例：用 discretion.testing 检验自己的裁量基准。

Property tests of one's own standard with discretion.testing. Copy into tests/ and run pytest.
The rule set comes from the fixture ``discretion_rules`` of discretion's pytest plugin (the ini
option ``discretion_rules``, default ``rules``), so nothing is loaded when the module is imported.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

import discretion
from discretion.testing import cases


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_never_above_the_statutory_maximum(
    discretion_rules: discretion.RuleSet, data: st.DataObject
) -> None:
    """任何建议都不超过法定最高额（行政处罚法第五条“过罚相当”；各罚则的上限）。"""
    case = data.draw(cases(discretion_rules))
    rec = discretion.evaluate(
        discretion_rules, case.item, case.facts, violation_date=case.violation_date
    )
    for p in rec.penalties:
        if p.max is not None and p.statutory_max is not None:
            assert p.max <= p.statutory_max


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_same_facts_same_recommendation(
    discretion_rules: discretion.RuleSet, data: st.DataObject
) -> None:
    """同案同罚：同样的事实、同样的版本，得出同样的建议和逐字相同的说理。"""
    case = data.draw(cases(discretion_rules))
    first = discretion.evaluate(
        discretion_rules, case.item, case.facts, violation_date=case.violation_date
    )
    again = discretion.evaluate(
        discretion_rules, case.item, case.facts, violation_date=case.violation_date
    )
    assert discretion.render_text(first) == discretion.render_text(again)
