"""Who may decide an item (行政处罚的实施机关, 《中华人民共和国行政处罚法》第十七条至第二十四条).

A standard declares the bodies that may decide its items in ``bodies``; an item names those of
them that may decide it in ``competence`` (none named: every body of the standard). A body holds
the power in one of three ways:

- ``statutory`` — its own statutory power (法定职权, APL Art. 17; a body authorised by law or
  regulation, Art. 19; or the body exercising a concentrated power, Art. 18). It decides in its
  own name.
- ``conferred`` — the power handed to a town or street by the province (赋权, APL Art. 24: 省、
  自治区、直辖市根据当地实际情况，可以决定将基层管理迫切需要的县级人民政府部门的行政处罚权交由能够
  有效承接的乡镇人民政府、街道办事处行使). The town or street decides **in its own name**.
- ``entrusted`` — entrusted in writing (委托, APL Art. 20 ¶3: 受委托组织在委托范围内，以委托行政机关
  名义实施行政处罚). The entrusted body decides **in the entrusting body's name** (``in_name_of``),
  and the entrusting body answers for the decision (Art. 20 ¶2).

Each body cites the clause or the document that gives it the power (a 赋权 decision of the
province, an entrustment document), so the justification can say on what ground, and in whose
name, the decision is made.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ._common import Citation, Name, _Model

CompetenceBasis = Literal["statutory", "conferred", "entrusted"]
"""How a body holds the power: 法定职权 / 赋权（以自己名义）/ 委托（以委托机关名义）."""

BASIS_LABELS: dict[str, str] = {
    "statutory": "法定职权",
    "conferred": "赋权，以自己的名义作出决定",
    "entrusted": "委托，以委托机关的名义作出决定",
}
"""The short Chinese name of each basis (the catalogue's index and item pages)."""

BASIS_WORDS: dict[str, str] = {
    "statutory": "法定职权，以自己名义作出决定（行政处罚法第十七条）/ its own statutory power",
    "conferred": "赋权：省级决定交由乡镇、街道行使，以自己名义作出决定（行政处罚法第二十四条）/ "
    "conferred on a town or street, deciding in its own name",
    "entrusted": "委托：以委托机关名义作出决定（行政处罚法第二十条）/ entrusted, deciding in the "
    "entrusting body's name",
}
"""Hover text of each basis, Chinese first (the JSON Schema's ``enumDescriptions``)."""


class Body(_Model):
    """A body that may decide the standard's items (有权作出处罚决定的机关或组织)."""

    id: Name = Field(description="机关标识，如 county_market（县级市场监督管理部门）")
    name: str = Field(
        description="机关名称，按法条或赋权、委托文件的表述，如 县级以上人民政府市场监督管理部门"
    )
    name_en: str | None = Field(None, description="English name of the body")
    basis: CompetenceBasis = Field(
        "statutory",
        description="职权来源：statutory 法定职权（以自己名义）/ conferred 赋权（行政处罚法第二十四条，"
        "以自己名义）/ entrusted 委托（行政处罚法第二十条，以委托机关名义）",
    )
    in_name_of: Name | None = Field(
        None,
        description="受委托时以其名义作出决定的委托机关标识（仅 entrusted）/ the entrusting body "
        "whose name an entrusted body decides in (entrusted only)",
    )
    citation: list[Citation] = Field(
        min_length=1,
        description="职权依据：法条或赋权、委托文件 / the clause or document giving the power",
    )

    @model_validator(mode="after")
    def _name_of_entrusting(self) -> Body:
        if self.basis == "entrusted" and self.in_name_of is None:
            raise ValueError(
                "受委托组织以委托机关名义作出决定（行政处罚法第二十条第三款），请写 in_name_of: "
                "委托机关的标识 / an entrusted body decides in the entrusting body's name: add "
                "in_name_of"
            )
        if self.basis != "entrusted" and self.in_name_of is not None:
            raise ValueError(
                "in_name_of 只用于受委托组织（basis: entrusted）；法定职权和赋权的机关以自己名义作出"
                "决定 / in_name_of belongs to entrusted bodies only: statutory and conferred bodies "
                "decide in their own name"
            )
        return self
