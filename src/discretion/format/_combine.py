"""Several separate violations in one case: how a standard combines their penalties.

Besides one act under several norms (《中华人民共和国行政处罚法》第二十九条: one fine, under the
heavier norm), laws state how the penalties of several separate violations of one party combine:

* ``sum`` — 分别裁量、合并处罚: each violation is measured on its own and the amounts are added;
* ``sum_capped`` — added, but never above a cap: a fixed cap per kind (《中华人民共和国治安管理处罚法》
  （2012年修正）第十六条: 行政拘留处罚合并执行的，最长不超过二十日), or ``gravest``: the gravest
  violation's statutory maximum; a kind without a cap is summed;
* ``absorb`` — the gravest violation's penalty absorbs the others (从一重处罚).

The rule is declared and cited per standard (``several``), never assumed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._common import Amount, Citation, _Model

SeveralMode = Literal["sum", "sum_capped", "absorb"]
CombinedKind = Literal["fine", "detention"]


class Several(_Model):
    """How the penalties of several separate violations in one case are combined."""

    rule: SeveralMode = Field(
        description="sum 分别裁量、合并处罚 / sum_capped 相加但不超过上限 / absorb 从一重（重者吸收轻者）"
    )
    kinds: list[CombinedKind] = Field(
        default_factory=lambda: list[CombinedKind](["fine"]),
        description="合并的处罚种类（有幅度的：罚款、行政拘留）/ the kinds whose amounts are combined",
    )
    cap: dict[Literal["fine", "detention"], Amount | Literal["gravest"]] | None = Field(
        None,
        description="sum_capped 的上限：固定数额（如 行政拘留合并执行最长二十日：detention: 20）或 gravest"
        "（最重违法行为的法定最高额）；未写的种类直接相加；整项省略则各种类均以 gravest 为上限 / "
        "caps per kind: a figure, or gravest (the gravest violation's statutory maximum); a kind "
        "left out is summed; no cap at all caps every kind at gravest",
    )
    label: str = Field(description="条文表述，如 有两种以上违反治安管理行为的，分别决定，合并执行")
    label_en: str | None = None
    citation: list[Citation] = Field(min_length=1)
