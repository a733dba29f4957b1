"""Synthetic standards and cases for the benchmarks, generated from a fixed seed.

A synthetic standard is shaped like the real ones in ``rules/`` (see ``rules/food/fsl-2021.yaml``):
a general part (总则) with the party type, named 30/40/30-style bands, the adjustment convention and
the procedure thresholds, and a standard of N items. Every item has

- 4 or 5 discretion levels (裁量阶次) that split a money fact (货值金额) by thresholds, with a
  boolean (情节严重) and an enum (违法行为涉及范围: 全国 lifts the level) in their conditions;
- a combined fine (并处罚款) of one of four shapes found in statutes: a fixed range with named
  percentage bands, a fixed range with explicit sub-ranges, a multiple of illegal gains with a
  fallback range (没有违法所得的), and a range that switches on the goods value (食品安全法第一百二十四条);
- further combined penalties (没收违法所得, 责令停产停业 and 吊销许可证 at the heavy levels) and, on
  every third item, an optional warning the lightest level imposes;
- circumstances (情节): two aggravating, one mitigating and, on every other item, a reducing one
  (减轻: first violation, no harm, small goods value).

The figures are invented and cite an invented act (合成法): they exist to be measured, not applied.
The generator returns the YAML text (so that load time is real) and, beside it, the plain
parameters of every item (:class:`ItemSpec`) from which the peer engines in :mod:`peers` are built
independently of the library's compiler.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERAL_FILE = "src/discretion/standards/general/apl-2021.yaml"
SEED = 20210715  # the day the 2021 Administrative Penalty Law took effect; any fixed value will do

LEVEL_IDS = {
    4: ("minor", "light", "heavy", "gravest"),
    5: ("minor", "light", "ordinary", "heavy", "gravest"),
}
LEVEL_LABELS = {
    "minor": ("轻微", "minor"),
    "light": ("较轻", "lighter"),
    "ordinary": ("一般", "ordinary"),
    "heavy": ("较重", "heavier"),
    "gravest": ("严重", "gravest"),
}
# Percentage bands of the statutory range per level, as the general part names them.
PERCENT_BANDS = {
    4: ((0, 30), (30, 60), (60, 85), (85, 100)),
    5: ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100)),
}
SHAPES = ("range", "range_explicit", "multiple", "switch")
# The general part's adjustment convention (the same figures as src/discretion/standards/general/apl-2021.yaml).
MITIGATE_SHARE = 50
AGGRAVATE_SHARE = 50
REDUCE_FLOOR = 0


@dataclass(frozen=True)
class ItemSpec:
    """The parameters of one synthetic item, in plain values.

    Attributes:
        code: item code, e.g. ``SYN-00042``.
        levels: level ids, lightest first; the last is 情节严重, the one before it also takes
            every case whose scope is national.
        thresholds: ascending goods-value thresholds splitting the non-serious, non-national
            levels (one fewer than those levels).
        reduce_below: goods value under which a first, harmless violation is reduced (减轻);
            ``None`` when the item has no reducing circumstance.
        shape: one of :data:`SHAPES`.
        range_min, range_max: the fixed range (range shapes, and the switch's lower branch).
        bands: per level, the band: percentages for percent bands, yuan for explicit ones.
        multiple_min, multiple_max: the multiple (multiple and switch shapes).
        fallback_max: the fallback range's maximum when there are no illegal gains (its
            minimum is 0).
        switch_at: goods value from which the switch uses the multiple of goods value.
        warning: the item has an optional warning the lightest level imposes.
    """

    code: str
    levels: tuple[str, ...]
    thresholds: tuple[int, ...]
    reduce_below: int | None
    shape: str
    range_min: int
    range_max: int
    bands: tuple[tuple[Decimal, Decimal], ...]
    multiple_min: int
    multiple_max: int
    fallback_max: int
    switch_at: int
    warning: bool


def general_source() -> tuple[str, str]:
    """The real general part (总则) of the repository, which every synthetic standard uses."""
    return str(ROOT / GENERAL_FILE), (ROOT / GENERAL_FILE).read_text(encoding="utf-8")


def _level_conditions(spec: ItemSpec) -> list[str]:
    """Exclusive and exhaustive conditions, lightest level first."""
    ladder = len(spec.levels) - 1  # levels below 情节严重
    out = []
    bounds = (None, *spec.thresholds, None)
    for index in range(ladder - 1):
        lo, hi = bounds[index], bounds[index + 1]
        parts = ["not serious", 'scope != "national"']
        if lo is not None:
            parts.append(f"goods_value >= {lo}")
        if hi is not None:
            parts.append(f"goods_value < {hi}")
        out.append(" and ".join(parts))
    out.append(f'not serious and (scope == "national" or goods_value >= {spec.thresholds[-1]})')
    out.append("serious")
    return out


def _fine_yaml(spec: ItemSpec) -> str:
    cite = "citation: [{law: SYN, article: %d, paragraph: 1}]"
    if spec.shape in ("range", "range_explicit"):
        amount = f"{{range: {{min: {spec.range_min}, max: {spec.range_max}}}}}"
        return f"        amount: {amount}\n        {cite}"
    if spec.shape == "multiple":
        return (
            "        amount:\n"
            "          multiple:\n"
            "            base: illegal_gains\n"
            f"            min: {spec.multiple_min}\n"
            f"            max: {spec.multiple_max}\n"
            f"            fallback: {{min: 0, max: {spec.fallback_max}}}\n"
            f"        {cite}"
        )
    return (
        "        amount:\n"
        "          switch:\n"
        "            - id: below\n"
        "              label: 货值金额不足起算金额\n"
        f"              when: goods_value < {spec.switch_at}\n"
        f"              amount: {{range: {{min: {spec.range_min}, max: {spec.range_max}}}}}\n"
        "            - id: from\n"
        "              label: 货值金额达到起算金额\n"
        f"              when: goods_value >= {spec.switch_at}\n"
        "              amount: {multiple: {base: goods_value, "
        f"min: {spec.multiple_min}, max: {spec.multiple_max}}}}}\n"
        f"        {cite}"
    )


def _item_yaml(spec: ItemSpec, article: int) -> str:
    n = len(spec.levels)
    lines = [
        f"  - code: {spec.code}",
        f"    name: 合成违法行为{spec.code[4:]}（基准测试用）",
        f"    name_en: Synthetic violation {spec.code}",
        "    legal_basis:",
        f"      - {{law: SYN, article: {article}}}",
        "    penalty_basis:",
        f"      - {{law: SYN, article: {article + 1}, paragraph: 1}}",
        "    facts:",
        "      - name: goods_value",
        "        type: money",
        "        label: 货值金额",
        "        label_en: goods value",
        "        unit: 元",
        "      - name: illegal_gains",
        "        type: money",
        "        label: 违法所得",
        "        label_en: illegal gains",
        "        unit: 元",
        "        default: 0",
        "    orders: [责令改正]",
        "    penalties:",
    ]
    if spec.warning:
        lines += [
            "      - id: warning",
            "        kind: warning",
            "        mode: optional",
            f"        levels: [{spec.levels[0]}]",
            f"        citation: [{{law: SYN, article: {article + 1}, paragraph: 1}}]",
        ]
    lines += [
        "      - id: confiscate_gains",
        "        kind: confiscate_gains",
        "        mode: combined",
        f"        citation: [{{law: SYN, article: {article + 1}, paragraph: 1}}]",
        "      - id: fine",
        "        kind: fine",
        "        mode: combined",
        _fine_yaml(spec) % (article + 1),
        "      - id: suspend",
        "        kind: suspend_business",
        "        mode: combined",
        f"        levels: [{', '.join(spec.levels[-2:])}]",
        f"        citation: [{{law: SYN, article: {article + 1}, paragraph: 2}}]",
        "      - id: revoke",
        "        kind: revoke_licence",
        "        mode: combined",
        f"        levels: [{spec.levels[-1]}]",
        f"        citation: [{{law: SYN, article: {article + 1}, paragraph: 2}}]",
        "    levels:",
    ]
    for index, (level, when) in enumerate(zip(spec.levels, _level_conditions(spec), strict=True)):
        zh, en = LEVEL_LABELS[level]
        lo, hi = spec.bands[index]
        band = f"p{n}_{index}" if spec.shape != "range_explicit" else f"{{min: {lo}, max: {hi}}}"
        lines += [
            f"      - id: {level}",
            f"        label: {zh}",
            f"        label_en: {en}",
            f"        when: '{when}'",
            f"        circumstances: 合成情形：{zh}",
            f"        band: {band}",
        ]
        if index == 0 and spec.warning:
            lines.append("        impose: [warning]")
        lines.append("        citation: [{law: CONV}]")
    lines += [
        "    circumstances:",
        "      - id: repeat",
        "        kind: aggravate",
        "        label: 一年内因同类违法行为受过处罚",
        "        when: repeat_offence",
        "        citation: [{law: CONV}]",
        "      - id: health_risk",
        "        kind: aggravate",
        "        label: 可能危害人体健康",
        "        when: health_risk",
        "        citation: [{law: CONV}]",
        "      - id: cooperated",
        "        kind: mitigate",
        "        label: 主动配合调查取证",
        "        when: cooperated",
        "        mandatory: false",
        "        citation: [{law: APL, article: 32}]",
    ]
    if spec.reduce_below is not None:
        lines += [
            "      - id: self_reported",
            "        kind: reduce",
            "        label: 主动报告并召回问题产品、不危害人体健康且货值金额较小",
            "        when: self_reported and not health_risk and goods_value < "
            f"{spec.reduce_below}",
            "        citation: [{law: APL, article: 32}]",
        ]
    return "\n".join(lines)


def _standard_header(size: int) -> str:
    bands = "\n".join(
        f"  p{count}_{index}: {{percent: [{lo}, {hi}]}}"
        for count, pairs in PERCENT_BANDS.items()
        for index, (lo, hi) in enumerate(pairs)
    )
    return f"""\
# 合成裁量基准（{size} 项，仅供基准测试，数字均为虚构）
standard:
  id: bench.synthetic-{size}
  title: 合成裁量基准（{size} 项）
  title_en: Synthetic standard ({size} items, benchmark only)
  authority: 基准测试
  jurisdiction: 全国
  field: 基准测试
  version: "1"
  effective_from: 2021-07-15
  source: 基准测试合成数据，不具法律效力
  uses: discretion:general/apl-2021

laws:
  SYN:
    name: 合成法（基准测试用）
    name_en: Synthetic Act (benchmark only)
  CONV:
    name: 合成裁量惯例（基准测试用）
    name_en: synthetic banding convention (benchmark only)

procedure:
  hearing_fine_min:
    individual: 5000
    organisation: 50000
  citation_hearing:
    - {{law: SYN, article: 1}}

# Stated here rather than taken from the general part, so that the peer engines' figures are
# fixed by this generator (they are the general part's figures today).
adjustment:
  mitigate_share: {MITIGATE_SHARE}
  aggravate_share: {AGGRAVATE_SHARE}
  reduce_floor: {REDUCE_FLOOR}
  combine: net

bands:
{bands}

facts:
  - name: self_reported
    type: bool
    label: 主动报告并召回问题产品
    default: false
  - name: health_risk
    type: bool
    label: 可能危害人体健康
    default: false
  - name: serious
    type: bool
    label: 情节严重
    default: false
  - name: repeat_offence
    type: bool
    label: 一年内因同类违法行为受过处罚
    default: false
  - name: cooperated
    type: bool
    label: 主动配合调查取证
    default: false
  - name: scope
    type: enum
    label: 违法行为涉及范围
    values: [local, regional, national]
    value_labels:
      local: 本地
      regional: 跨地区
      national: 全国
    default: local

items:
"""


def item_specs(size: int, seed: int = SEED) -> list[ItemSpec]:
    """The parameters of ``size`` items, the same for the same seed."""
    rng = random.Random(f"{seed}/items/{size}")
    specs = []
    for i in range(size):
        n = 5 if i % 2 else 4
        base = rng.choice((1000, 2000, 5000, 10000, 20000))
        thresholds = (base, base * 5, base * 20)[: n - 2]
        shape = SHAPES[i % len(SHAPES)]
        range_min = rng.choice((1000, 5000, 10000, 20000, 50000))
        range_max = range_min * rng.choice((2, 5, 10))
        if shape == "range_explicit":
            # Explicit sub-ranges in whole yuan, touching one another like a published table.
            cuts = [range_min + (range_max - range_min) * p // 100 for p, _ in PERCENT_BANDS[n]]
            cuts.append(range_max)
            bands = tuple((Decimal(cuts[k]), Decimal(cuts[k + 1])) for k in range(n))
        else:
            bands = tuple((Decimal(lo), Decimal(hi)) for lo, hi in PERCENT_BANDS[n])
        multiple_min = rng.choice((1, 2, 5))
        specs.append(
            ItemSpec(
                code=f"SYN-{i + 1:05d}",
                levels=LEVEL_IDS[n],
                thresholds=thresholds,
                reduce_below=base // 10 if i % 2 == 0 else None,
                shape=shape,
                range_min=range_min,
                range_max=range_max,
                bands=bands,
                multiple_min=multiple_min,
                multiple_max=multiple_min * rng.choice((2, 4)),
                fallback_max=rng.choice((10000, 50000, 100000)),
                switch_at=base * 2,
                warning=i % 3 == 0,
            )
        )
    return specs


def standard_sources(specs: list[ItemSpec]) -> tuple[tuple[str, str], ...]:
    """The ``(file name, YAML text)`` pairs for :func:`discretion.compile._loader.loads_many`."""
    size = len(specs)
    # Articles cycle below 9 999, the most any law has (the format refuses more): a 10 000-item
    # standard cites each synthetic article twice, and smaller ones are unchanged.
    body = "\n".join(_item_yaml(spec, 10 + 2 * (k % 4990)) for k, spec in enumerate(specs))
    return (
        general_source(),
        (f"rules/bench/synthetic-{size}.yaml", _standard_header(size) + body + "\n"),
    )


def generate_cases(
    specs: list[ItemSpec], count: int, seed: int = SEED
) -> list[tuple[str, dict[str, Any]]]:
    """``count`` cases ``(item code, facts)`` over the items, the same for the same seed.

    Facts are plain JSON-like values (money in whole yuan as ``int``), so every engine receives
    the very same dictionaries. Goods values are spread log-uniformly over the thresholds, and one
    case in ten sits exactly on a threshold, where a wrong ``<`` / ``<=`` shows.
    """
    rng = random.Random(f"{seed}/cases/{len(specs)}/{count}")
    cases = []
    for _ in range(count):
        spec = specs[rng.randrange(len(specs))]
        edges = [*spec.thresholds, spec.switch_at]
        if spec.reduce_below is not None:
            edges.append(spec.reduce_below)
        if rng.random() < 0.1:
            goods = rng.choice(edges)
        else:
            goods = int(10 ** rng.uniform(0, 1.3 + len(str(spec.thresholds[-1]))))
        gains = 0 if rng.random() < 0.25 else int(10 ** rng.uniform(0, 5))
        facts: dict[str, Any] = {
            "party_type": rng.choice(("individual", "organisation")),
            "goods_value": goods,
            "illegal_gains": gains,
            "self_reported": rng.random() < 0.5,
            "health_risk": rng.random() < 0.3,
            "serious": rng.random() < 0.1,
            "repeat_offence": rng.random() < 0.2,
            "cooperated": rng.random() < 0.4,
            "scope": rng.choice(("local", "local", "regional", "national")),
        }
        cases.append((spec.code, facts))
    return cases
