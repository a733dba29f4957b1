"""Amount shapes of the rule format's second edition (issue 20, point 3).

``equals``: an amount equal to a declared fact — the illegal gains confiscated (没收违法所得, APL
Art. 28 ¶2: 当事人有违法所得，除依法应当退赔的外，应当予以没收). It is neither banded nor moved by
circumstances: the whole of the fact is the amount, in the fact's unit.
"""

from __future__ import annotations

from pydantic import Field

from ._common import Name, _Model


class EqualsShape(_Model):
    """金额等于某一事实（没收违法所得 X 元）/ an amount equal to a fact (the gains confiscated)."""

    base: Name = Field(
        description="金额所等于的事实，如 illegal_gains / the fact the amount equals"
    )
    unit: str = Field("元", description="单位，缺省为元 / unit, 元 by default")
