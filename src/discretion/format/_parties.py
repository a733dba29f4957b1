"""Several parties of one act (双罚制) and what a no-penalty ground keeps.

A unit's violation is often punished twice: the unit (单位) and the persons responsible for it
(对直接负责的主管人员和其他直接责任人员, e.g. 《中华人民共和国安全生产法》第九十七条). An item
declares those other parties in ``parties``; a penalty clause names the party it falls on with
``party`` (none: the party whose facts are given, 当事人). ``applies_to`` limits an item to some
party types (双罚 falls on a unit: an item that only a unit can commit says
``applies_to: [organisation]``).

A no-penalty or may-waive ground may keep what the law still requires (``keeps``): 《中华人民共和国
行政处罚法》第二十八条第二款 (违法所得 is confiscated), or 《中华人民共和国食品安全法》第一百三十六条
(可以免予处罚，但应当依法没收其不符合食品安全标准的食品). The kept kinds are named with the law that
keeps them (``keep_citation``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._common import Citation, Name, _Model

PartyType = Literal["individual", "organisation"]
"""The party types of the general part's ``party_type`` fact: 公民 / 法人或者其他组织."""


class Party(_Model):
    """Another party of the same act, punished beside the unit (双罚制)."""

    id: Name = Field(
        description="当事人标识，如 responsible（直接负责的主管人员和其他直接责任人员）"
    )
    label: str = Field(description="中文称谓，按法条原文，如 直接负责的主管人员和其他直接责任人员")
    label_en: str | None = Field(None, description="English name of the party")
    party_type: PartyType = Field(
        "individual",
        description="当事人类型：individual 公民（自然人）/ organisation 法人或者其他组织",
    )
    citation: list[Citation] = Field(
        min_length=1, description="规定对该当事人处罚的条款 / the clause that punishes this party"
    )


class Keep(_Model):
    """What a no-penalty ground keeps: penalty kinds still imposed, and the law that says so."""

    kinds: list[
        Literal[
            "confiscate_gains",
            "confiscate_property",
        ]
    ] = Field(
        min_length=1,
        description="仍应给予的处罚种类：confiscate_gains 没收违法所得 / confiscate_property 没收非法财物",
    )
    label: str = Field(description="中文表述，如 不予处罚，但违法所得依法予以没收")
    label_en: str | None = None
    citation: list[Citation] = Field(
        min_length=1,
        description="仍应给予的依据，如 行政处罚法第二十八条第二款 / the law that keeps it",
    )
