"""版本更替示例：同一案件，决定日期不同，适用的基准版本不同（行政处罚法第三十七条）。

Versions example: the same case decided on different dates falls under different versions (Art. 37).
"""

import datetime as dt

import discretion

rules = discretion.load("examples/versions/")  # 演示基准的 2021 年版和 2024 年版
facts = {"party_type": "individual", "area": 10}
for decided in (dt.date(2023, 12, 31), dt.date(2024, 3, 1)):
    rec = discretion.evaluate(
        rules, "DEMO-1", facts, violation_date=dt.date(2023, 6, 1), decision_date=decided
    )
    fine = rec.penalty("fine")
    assert fine is not None
    print(f"{decided} 决定：适用 {rec.ruleset.version} 版，罚款 {fine.min}–{fine.max} 元")
