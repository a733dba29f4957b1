"""Fixed words: Chinese and English names of penalty kinds, modes, circumstance kinds and numerals.

These are the vocabulary of Art. 9 of the Administrative Penalty Law and of the combination modes,
not figures: every number lives in ``rules/``.
"""

from __future__ import annotations

KIND_LABELS: dict[str, tuple[str, str]] = {
    "warning": ("警告", "warning"),
    "circulated_criticism": ("通报批评", "circulated criticism"),
    "fine": ("罚款", "fine"),
    "confiscate_gains": ("没收违法所得", "confiscation of illegal gains"),
    "confiscate_property": ("没收非法财物", "confiscation of illegal property"),
    "suspend_licence": ("暂扣许可证件", "suspension of licence"),
    "downgrade_qualification": ("降低资质等级", "downgrading of qualification"),
    "revoke_licence": ("吊销许可证件", "revocation of licence"),
    "restrict_business": ("限制开展生产经营活动", "restriction of business"),
    "suspend_business": ("责令停产停业", "suspension of production or business"),
    "close_down": ("责令关闭", "closure"),
    "restrict_employment": ("限制从业", "restriction of employment"),
    "detention": ("行政拘留", "administrative detention"),
    "other": ("其他行政处罚", "other penalty"),
}

UNSET = "由制定机关设定"
"""A procedure threshold no applicable source fixes yet: to be set by the issuing agency."""

MODE_LABELS: dict[str, tuple[str, str]] = {
    "required": ("处", "principal"),
    "combined": ("并处", "combined (mandatory)"),
    "optional": ("可以处", "optional"),
    "optional_combined": ("可以并处", "combined (optional)"),
    "alternative": ("或者（择一）", "alternative"),
    "single_or_combined": ("单处或者并处", "single or combined"),
}

CIRCUMSTANCE_LABELS: dict[str, tuple[str, str]] = {
    "mitigate": ("从轻", "mitigating"),
    "reduce": ("减轻", "reducing"),
    "aggravate": ("从重", "aggravating"),
}

FACT_TYPE_LABELS: dict[str, str] = {
    "money": "金额",
    "count": "数量（整数）",
    "area": "面积",
    "days": "天数",
    "number": "数值",
    "percent": "百分比",
    "bool": "是/否",
    "enum": "选项",
    "date": "日期",
    "dates": "日期列表",
}
"""Chinese names of the fact types, for messages and the docs."""

# Penalty kinds that carry a hearing right whatever their amount (Art. 63).
HEARING_KINDS = frozenset(
    {
        "downgrade_qualification",
        "revoke_licence",
        "suspend_business",
        "close_down",
        "restrict_employment",
    }
)

_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """A positive integer below 10 000 in Chinese numerals, as articles are numbered.

    >>> zh_number(124), zh_number(10), zh_number(1005), zh_number(15)
    ('一百二十四', '十', '一千零五', '十五')
    """
    if not 0 < n < 10000:
        return str(n)
    units = ["", "十", "百", "千"]
    digits = [int(d) for d in str(n)]
    out = ""
    zero = False
    for position, digit in enumerate(digits):
        unit = units[len(digits) - position - 1]
        if digit == 0:
            zero = True
            continue
        if zero and out:
            out += "零"
        zero = False
        out += _DIGITS[digit] + unit
    if out.startswith("一十"):
        out = out[1:]
    return out
