"""一事不再罚示例：同一违法行为违反两个事项，只处一次罚款，按罚款数额高的规定（行政处罚法第二十九条）。

One act under two items (Art. 29): one fine, under the item whose fine is higher.
"""

import discretion

rules = discretion.load("rules/")
act = discretion.evaluate_act(
    rules, ["FSL-124", "FSL-125-1"], {"party_type": "organisation", "goods_value": 20}
)
print(f"保留罚款的事项：{act.fine_item}")
for rec in act.recommendations:
    fine = rec.penalty("fine")
    shown = f"{fine.min}–{fine.max} 元" if fine else "不再处以"
    review = "必经" if rec.flags.legality_review else "非必经"
    print(f"{rec.item}：罚款 {shown}；法制审核{review}")
