"""Derived facts (推算事实): values a standard computes from declared facts, never given by a case.

A standard's published table often bands by a figure the officer does not find directly but works
out: the exceedance multiple (超标倍数 = (实测浓度 − 排放限值) ÷ 排放限值), the days between two dates,
the number of prior violations of the same kind within two years. Writing those figures into bands
by hand hides the law from the reviewer; a derived fact states the computation, with a label, a
unit, its citation and its rounding, and the engine shows it in the justification with the case's
numbers. A derived fact is read by conditions and amounts exactly like a declared one.

The models only check shape; names, types, cycles and rounding are checked by
:mod:`discretion.compile._derived` when the standard loads.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ._common import Citation, Name, _Model
from ._limits import MAX_YEARS

DerivedOp = Literal["sum", "difference", "product", "ratio", "days_between", "count_within"]
"""The computations: 求和、差、乘积、比值（除法）、两日期间隔天数、期间内次数."""

DerivedType = Literal["money", "number", "percent", "area", "count", "days"]

RoundingMode = Literal["half_up", "down", "up", "half_even"]
"""四舍五入、舍去（向零）、进一（远离零）、四舍六入五成双."""


class Rounding(_Model):
    """How a derived value is rounded: to ``places`` decimal places, by ``mode``."""

    places: int = Field(ge=0, le=6, description="保留小数位数 / decimal places kept")
    mode: RoundingMode = Field(
        "half_up",
        description="舍入方式：half_up 四舍五入，down 舍去，up 进一，half_even 四舍六入五成双",
    )


class Window(_Model):
    """The period before the reference date that ``count_within`` counts (如 二年内)."""

    years: int | None = Field(None, ge=1, le=MAX_YEARS, description="年数 / years")
    days: int | None = Field(None, ge=1, le=366 * MAX_YEARS, description="天数 / days")

    @model_validator(mode="after")
    def _one(self) -> Window:
        if (self.years is None) == (self.days is None):
            raise ValueError("a window gives exactly one of 'years' and 'days'（年数与天数二选一）")
        return self


class DerivedFact(_Model):
    """A fact computed from other facts (推算事实), with its label, unit, citation and rounding.

    ``of`` names the operands in order: ``difference`` is ``of[0] − of[1]``, ``ratio`` is
    ``of[0] ÷ of[1]``, ``days_between`` is the days from the date ``of[0]`` to the date ``of[1]``,
    ``count_within`` counts the dates of the list fact ``of[0]`` (type ``dates``) that fall in
    ``window`` before the date ``of[1]``. An operand may itself be a derived fact (they form a
    DAG). ``ratio`` needs ``round``; the other computations are exact and may still state one.
    """

    name: Name
    label: str = Field(description="中文名称，如 超标倍数")
    label_en: str | None = None
    unit: str | None = Field(None, description="单位，如 倍、日、次")
    op: DerivedOp = Field(
        description="计算方式：sum 求和、difference 差、product 乘积、ratio 比值、"
        "days_between 间隔天数、count_within 期间内次数"
    )
    of: list[Name] = Field(min_length=1, description="参与计算的事实（按公式顺序）")
    type: DerivedType | None = Field(
        None, description="结果类型；省略时按计算方式和参与事实推定 / inferred when omitted"
    )
    window: Window | None = Field(None, description="count_within: 统计期间")
    round: Rounding | None = Field(None, description="舍入规则；ratio 必须写明")
    citation: list[Citation] = Field(min_length=1, description="计算方法的依据")
    description: str | None = None


DERIVED_WORDS: dict[str, str] = {
    "sum": "求和 / sum",
    "difference": "差（第一项减第二项）/ difference",
    "product": "乘积 / product",
    "ratio": "比值（第一项除以第二项，须写明舍入）/ ratio",
    "days_between": "两日期间隔天数 / days between two dates",
    "count_within": "统计期间内的次数 / count of dates within a window",
    "half_up": "四舍五入 / round half up",
    "down": "舍去 / round down",
    "up": "进一 / round up",
    "half_even": "四舍六入五成双 / round half to even",
}
"""Chinese names of the computations and rounding modes, for the schema's hover text."""
