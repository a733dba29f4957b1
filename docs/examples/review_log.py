"""审核记录示例：记录一条建议、两个决定，核验，再改动一个字节后核验。

Review-log example: record a recommendation and two decisions, verify, then change one byte.
"""

import tempfile
from pathlib import Path

import discretion
from discretion.review import ReviewLog

rules = discretion.load("rules/")
rec = discretion.evaluate(rules, "FSL-124", {"party_type": "organisation", "goods_value": "20"})
fine = rec.penalty("fine")
assert fine is not None
print(f"建议：{rec.level_label}，罚款 {fine.min}–{fine.max} 元")

path = Path(tempfile.mkdtemp()) / "review.jsonl"
log = ReviewLog(path)
entry = log.record(rec, case="（示例）市监罚〔2024〕1号", officer="张三")

# 在建议幅度之内（一般：6.5万–8.5万元）：直接记录
log.decide(
    entry.seq,
    {"penalties": ["confiscate_gains", "confiscate_food", {"id": "fine", "amount": 70000}]},
)

# 偏离建议而未说明理由：拒绝记录
try:
    log.decide(
        entry.seq,
        {"penalties": ["confiscate_gains", "confiscate_food", {"id": "fine", "amount": 90000}]},
    )
except discretion.DiscretionError as exc:
    print("拒绝：", exc)

# 调整适用：写明理由和批准，予以记录
log.decide(
    entry.seq,
    {
        "penalties": ["confiscate_gains", "confiscate_food", {"id": "fine", "amount": 90000}],
        "reason": "当事人在调查期间转移涉案食品",
        "approval": "collective_discussion",  # 或者 principal_head（负责人批准）
        "approver": "局务会议",
    },
)

result = log.verify()
print("核验：", result.ok, "共", result.entries, "条，head", result.head)

# 改动一个字节（把 70000 改成 70001），再核验
data = path.read_bytes().replace(b'"amount":"70000"', b'"amount":"70001"', 1)
path.write_bytes(data)
result = log.verify()
print("改动后核验：", result.ok, result.problem)
