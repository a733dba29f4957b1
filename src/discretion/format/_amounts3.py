"""Amount shapes of the rule format's second edition, continued (issue 20, point 3).

``of_clause``: a multiple range over another clause's range — 《中华人民共和国安全生产法》（2021年6月10日
修正）第一百一十四条第二款 "可以按照前款罚款数额的二倍以上五倍以下……处以罚款". The referenced clause (of the
same item) gives its statutory range for the case's facts; the range here is its minimum × ``min``
to its maximum × ``max``, computed exactly, and the step cites both clauses.

``product`` (a band): a share of the statutory maximum times an adjustment, paired endpoints
(the lower share × the lower adjustment, the higher × the higher), e.g. [30 %, 50 %] of the maximum
× [80 %, 100 %] for a small enterprise; never below the minimum, never above the maximum.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from ._common import Amount, Code, Name, Percent, _Model


class OfClauseShape(_Model):
    """前款规定罚款数额的 min 倍以上 max 倍以下 / ``min``–``max`` times another clause's range."""

    clause: Name = Field(
        description="所引用的处罚条款的 id（如 前款规定的罚款）/ the id of the clause whose range "
        "is multiplied"
    )
    item: Code | None = Field(
        None,
        description="所引用条款所在的事项编码（同一规则文件中；缺省为本事项），如 本法第五十七条规定的"
        "罚款数额 / the code of the item (in the same rule file) that clause belongs to; "
        "default: this item",
    )
    min: Amount = Field(description="最低倍数，如 2（二倍以上）/ the lowest multiple")
    max: Amount = Field(description="最高倍数，如 5（五倍以下）/ the highest multiple")
    label: str = Field(
        "前款规定罚款数额",
        description="条文对所引用数额的表述 / how the statute names the referenced amount",
    )
    label_en: str = Field("the fine of the preceding paragraph", description="English wording")
    unit: str = Field("元", description="金额的单位，缺省为元 / unit of the amount")

    @model_validator(mode="after")
    def _ordered(self) -> OfClauseShape:
        if self.min > self.max:
            raise ValueError(
                f"最低倍数 {self.min} 大于最高倍数 {self.max} / min multiple {self.min} is "
                f"greater than max {self.max}"
            )
        return self


class ProductBand(_Model):
    """法定最高额的 [a%, b%] × 调整比例 [c%, d%]，端点成对相乘 / a share of the maximum × an
    adjustment, paired endpoints (a × c, b × d)."""

    of_max: tuple[Percent, Percent] = Field(
        description="占法定最高额的百分比区间，如 [30, 50] / share of the statutory maximum"
    )
    times: tuple[Percent, Percent] = Field(
        description="再乘的调整比例区间，如 小微企业 [80, 100] / the adjustment it is multiplied by"
    )
    label: str = Field(
        "调整比例", description="调整比例的名称，如 按企业规模调整 / what the adjustment is"
    )
    label_en: str = Field("adjustment", description="English wording")

    @model_validator(mode="after")
    def _ordered(self) -> ProductBand:
        for pair in (self.of_max, self.times):
            if pair[0] > pair[1]:
                raise ValueError(f"区间 {pair[0]}%–{pair[1]}% 顺序颠倒 / {pair} is out of order")
        return self


class AtLeastShape(_Model):
    """处五万元以上罚款：只有下限、没有上限 / an open range: a minimum and no statutory maximum.

    The engine never invents an upper limit: the recommendation reads 「50000 元以上」 unless a
    level's explicit band (the standard's own, cited) sets one.
    """

    min: Amount = Field(description="下限（含本数），如 50000（五万元以上）/ the minimum, included")
    unit: str = Field("元", description="金额的单位，缺省为元 / unit of the amount")


class SetByShape(_Model):
    """罚款数额由其他机关规定（非数字的幅度）/ an amount another body's rules fix.

    《城市供水条例》（2020年3月27日修订）第三十八条: "本条例第三十三条、第三十四条、第三十五条规定的罚款数额由
    省、自治区、直辖市人民政府规定". A standard that cannot state the figures says who does; the
    recommendation names the penalty and that body, and no figure is invented.
    """

    by: str = Field(
        description="规定数额的机关或文件，如 省、自治区、直辖市人民政府 / who sets the amount"
    )
    by_en: str | None = Field(None, description="English wording")
    unit: str = Field("元", description="金额的单位，缺省为元 / unit of the amount")
