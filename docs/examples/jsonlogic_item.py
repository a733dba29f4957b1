"""JSONLogic 导出示例：导出 FSL-124 的阶次与情节，把一个案件编码成数据对象，用 datalogic 判断。

JSONLogic export example: export FSL-124, encode one case's facts, let datalogic decide.
Needs ``pip install 'discretion[jsonlogic]'`` (datalogic-py).
"""

import json

from datalogic_py import apply

import discretion
from discretion.export import encode_facts, export_item

rules = discretion.load("rules/")
item = rules.item("FSL-124")
doc = export_item(item)  # 与 discretion export-jsonlogic 写出的文件相同
print(json.dumps(doc["facts"]["goods_value"], ensure_ascii=False))
light = doc["levels"][0]  # 第一个阶次：它的条件写成 JSONLogic
print(light["id"], light["label"], json.dumps(light["rule"], ensure_ascii=False))

facts = {"party_type": "organisation", "goods_value": "9999.99", "first_violation": True}
data = encode_facts(item, facts)  # 金额以分为单位的整数
print(json.dumps({k: data[k] for k in ("goods_value", "first_violation")}))

print("level:", apply(doc["level"], data))  # 阶次
held = [c["id"] for c in doc["circumstances"] if apply(c["rule"], data) is True]
print("circumstances:", held)  # 成立的情节

# The library decides the same case the same way.
rec = discretion.evaluate(rules, "FSL-124", facts)
print("library:", rec.level, [c.id for c in rec.circumstances])
