"""Python 接口示例：加载规则，计算一个案件，输出建议、说理的开头和 JSON 的摘要。

Python API example: load the rules, evaluate one case, print the recommendation.
"""

import json

import discretion

rules = discretion.load("rules/")  # 加载并校验全部规则文件
rec = discretion.evaluate(
    rules,
    "FSL-124",
    {"party_type": "organisation", "goods_value": "20", "first_violation": True},
)
fine = rec.penalty("fine")
assert fine is not None
print(rec.outcome, rec.level, fine.min, fine.max)  # 金额是 Decimal
print(discretion.render_text(rec).splitlines()[-1])  # 中文说理的结论
print(discretion.render_text(rec, "en").splitlines()[-1])  # English
data = json.loads(discretion.to_json(rec))
print(next(p for p in data["penalties"] if p["id"] == "fine"))

try:
    discretion.evaluate(rules, "FSL-124", {"party_type": "organisation", "goods_valu": "20"})
except discretion.DiscretionError as exc:  # 输入有错：指出事项、字段，并提示正确的名称
    print(type(exc).__name__, exc)
