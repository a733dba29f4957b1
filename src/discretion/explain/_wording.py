"""Fixed wording of the justification: section titles, outcome words, units, Art. 58 grounds.

Words only, Chinese and English side by side as ``(zh, en)`` pairs; the section renderers of
:mod:`discretion.explain._note` choose one. Figures never live here (they are in ``rules/``).
"""

from __future__ import annotations

import re

FACTS_TITLE = ("认定的事实", "Facts found")
# The section of a stage the note does not know; ``{stage}`` is its name in the trace.
OTHER_TITLE = ("其他审查步骤（{stage}）", "Other checks ({stage})")
STAGE_TITLES = {
    "version": ("适用的裁量基准版本", "Version applied"),
    "gate": ("不予处罚事由", "No-penalty grounds"),
    "level": ("裁量阶次", "Discretion level"),
    "circumstance": ("裁量情节", "Circumstances"),
    "penalty": ("处罚种类和幅度", "Penalties and ranges"),
    "combine": ("单处或者并处", "Single or combined penalties"),
    "procedure": ("程序", "Procedure"),
}
OUTCOME_WORDS = {
    "no_penalty": ("不予处罚", "no penalty"),
    "may_waive": ("可以不予处罚", "may be waived"),
    "penalty": ("给予处罚", "penalty"),
    "imposed": ("适用", "imposed"),
    "optional": ("可以适用，未选择", "optional, not chosen"),
    "not_applicable": ("不适用", "not applicable"),
    "not_checked": ("未审查（所需事实未提供）", "not checked (the facts it needs were not given)"),
    "lighter": ("适用较轻的规定", "the lighter rule applies"),
    "applied": ("适用", "applied"),
    "none": ("均不成立", "none holds"),
    "within_period": ("未超过追责时效", "within the limitation period"),
    "reduced_to_none": ("减轻后不处罚款", "reduced to no fine"),
    "none_found": ("数额为零（未查明），不予给予", "nothing found; not imposed"),
    "not_allowed": ("本阶次不予并处", "not allowed at this level"),
    "single": ("单处", "single"),
    "new_lighter": (
        "决定时的版本较轻，适用新版本",
        "the version in force at the decision is lighter and applies",
    ),
    "old_applies": ("适用违法行为发生时的版本", "the version in force at the act applies"),
    "no_longer_punished": ("新版本不再处罚该行为", "the new version no longer punishes the act"),
    "fine_removed": (
        "不再处以罚款（一事不再罚，按罚款数额高的规定处罚）",
        "its fine is dropped (one act, one fine: the heavier norm's fine is kept)",
    ),
}
# Detail keys a generic step shows, with their names; the others are for the renderer only.
DETAIL_WORDS = {
    "years": ("期限（年）", "period (years)"),
    "start": ("起算日", "counted from"),
    "deadline": ("期限届满日", "period ends"),
    "discovered": ("发现日", "discovered on"),
    "old_version": ("违法行为发生时的版本", "version at the act"),
    "new_version": ("作出决定时的版本", "version at the decision"),
    "applied": ("适用的版本", "version applied"),
    "kept": ("保留罚款的事项", "item whose fine is kept"),
    "removed": ("不再罚款的事项", "item whose fine is dropped"),
    "orders": ("责令", "orders"),
}
DETAIL_HIDDEN = frozenset(
    {
        *("label", "label_en", "tested", "item", "labels", "labels_en", "given", "penalty_basis"),
        # rendered by their own sections (gate, version, procedure), never as raw pairs
        *("origin", "duty", "duty_en", "duty_cite", "duty_cite_en"),
        *("basis", "reason", "old_figures", "new_figures", "rule", "rule_en"),
        *("threshold_unset", "if_hearing", "fine_min", "kept_max", "removed_max"),
        *("other_kinds", "kind_labels"),
        *("below", "product", "raised", "reduced_to_none", "none_found"),
    }
)
# What the engine records as a step's ``test`` when the test is a named check rather than a
# condition: English, for developers. The Chinese note never prints it; steps recorded before
# they carried a label are worded from this table.
TESTS = {
    "no ground for not imposing a penalty holds": (
        "不予处罚情形均不成立",
        "no ground for not imposing a penalty holds",
    ),
    "limitation period (dates not given)": ("追责时效", "limitation period"),
    "is the version in force at the decision lighter?": (
        "决定时施行的版本是否较轻",
        "is the version in force at the decision lighter?",
    ),
    "the new version no longer lists the item": (
        "决定时施行的版本不再规定该事项",
        "the new version no longer lists the item",
    ),
    "no penalty clause applies": ("没有适用的处罚条款", "no penalty clause applies"),
}
# Where a no-penalty ground is set: the law (the general part) or the standard or item itself.
GROUND_ORIGINS = {
    "general": ("法律规定的不予处罚情形：", "Ground set by law: "),
    "standard": ("本基准规定的不予处罚情形：", "Ground set by this standard: "),
    "item": ("本事项规定的不予处罚情形：", "Ground set by this item: "),
}
LIMITATION = ("追责时效", "Limitation period")
LIMITATION_NOT_CHECKED = (
    "未提供违法行为发生日期或发现日期，未审查追责时效",
    "the date of the act or of its discovery is not given; the limitation period was not checked",
)
LIMITATION_VERDICTS = {
    "within_period": ("未超过期限", "within the period"),
    "no_penalty": (
        "已超过期限，不再给予行政处罚",
        "the period has run out, so no administrative penalty may be imposed",
    ),
}
# Art. 37 (version step) and Art. 29 (one act, several norms): the principle's short name and
# what each outcome means; ``{v}`` is the version applied.
TRANSITION = ("从旧兼从轻", "Old law unless the new one is lighter")
TRANSITION_VERDICTS = {
    "new_lighter": (
        "决定时施行的版本处罚较轻，适用 {v} 版",
        "the version in force at the decision is lighter: version {v} applies",
    ),
    "old_applies": (
        "决定时施行的版本处罚不较轻，适用违法行为发生时施行的 {v} 版",
        "the version in force at the decision is not lighter: version {v}, in force at the act, "
        "applies",
    ),
    "no_longer_punished": (
        "决定时施行的版本不再处罚该行为，不予行政处罚",
        "the version in force at the decision no longer punishes the act: no penalty",
    ),
}
# What the Art. 37 comparison rested on (the version step's ``basis``) and its result (``reason``).
TRANSITION_BASIS = {
    "statute": (
        "法律、法规、规章规定的处罚已修改，比较两版的法定处罚",
        "the statutory penalty changed, so the two statutory consequences are compared",
    ),
    "benchmark_rule": (
        "法定处罚未修改，仅裁量基准修订；按新基准自身的规定比较两版的建议幅度",
        "the statutory penalty is unchanged and only the benchmark was revised; under the new "
        "benchmark's own rule the two recommended ranges are compared",
    ),
    "benchmark_only": (
        "法定处罚未修改，仅裁量基准修订，不属于第三十七条所称法律、法规、规章的修改，"
        "新基准也未规定其适用于施行前的行为",
        "the statutory penalty is unchanged and only the benchmark was revised: that is no "
        "change of law under Art. 37, and the new benchmark has no rule applying it to earlier acts",
    ),
}
TRANSITION_REASONS = {
    "old_no_penalty": ("行为时的规定不予处罚", "the old rule imposes no penalty"),
    "new_no_penalty": (
        "新的规定不予处罚，较轻",
        "the new rule imposes no penalty, which is lighter",
    ),
    "new_no_row": (
        "新基准对本案没有对应的阶次，不能据此认定较轻",
        "the new benchmark has no row for this case, which does not make it lighter",
    ),
    "kinds_not_comparable": (
        "两版的处罚种类不同，不能认定新的规定较轻",
        "the kinds of penalty differ, so the new rule cannot be held lighter",
    ),
    "fewer_kinds": (
        "新的规定处罚种类较少，较轻",
        "the new rule has fewer kinds of penalty: lighter",
    ),
    "units_differ": ("两版的计量单位不同，不能比较", "the units differ and cannot be compared"),
    "range_heavier": (
        "新的规定幅度的最高额（或最高额相同时的最低额）较高，不较轻",
        "the new maximum (or, the maxima being equal, the minimum) is higher: not lighter",
    ),
    "range_lighter": (
        "先比最高额、最高额相同再比最低额，新的规定较轻",
        "comparing the maxima first and, where equal, the minima, the new rule is lighter",
    ),
    "same": ("两版相同，不较轻", "both are the same: not lighter"),
    "benchmark_only": ("适用违法行为发生时的版本", "the version in force at the act applies"),
}
ONE_ACT = ("一事不再罚", "One act, one fine")
# Procedure flags worded as conditions: a may-waive outcome, an unset threshold, a hearing not held.
IF_IMPOSED = ("如决定给予处罚，", "if a penalty is imposed, ")
HEARING_UNSET = (
    "较大数额罚款标准由制定机关设定，本基准尚未设定，不能据罚款数额判断是否属于听证范围",
    "the large-fine threshold is to be set by the issuing agency and this standard has not set "
    "it, so the fine alone cannot decide the hearing right",
)
REVIEW_IF_HEARD = (
    "当事人有权要求听证；如经过听证程序，作出决定前应当进行法制审核（情形：{g}）",
    "the party has a hearing right; if a hearing is held, legality review is required before "
    "the decision (ground: {g})",
)
THE_LAW = ("法律规定：", "The law: ")
NO_CLAUSE = (
    "本阶次没有适用的处罚条款，不予行政处罚",
    "no penalty clause applies at this level: no penalty",
)
# When nothing is imposed, the summary procedure and the hearing right have nothing to attach to.
NO_PENALTY_PROCEDURE = (
    "简易程序、听证：不予处罚，无需适用简易程序，也无需告知听证权利",
    "Summary procedure and hearing: no penalty is imposed, so neither applies",
)
# A member of an alternative group (A 或者 B) that the level did not impose: the officer may
# impose it instead of the member the level chose, never both.
ALTERNATIVE = ("可选择替代（择一）", "alternative the officer may choose instead")
ALTERNATIVE_OF = ("可选择替代「{x}」（择一）", "alternative the officer may choose instead of {x}")
OPTIONS_TITLE = ("从轻或者减轻（由行政机关选择）", "Mitigate or reduce (the authority chooses)")
CHOICES = {"mitigate": ("从轻", "mitigate"), "reduce": ("减轻", "reduce")}
EXTRA_CIRCUMSTANCES = {"mitigate_or_reduce": ("从轻或者减轻", "mitigating or reducing")}
MANDATORY_MODES = frozenset({"required", "combined"})
# 《行政处罚法》第五十八条第一款 — the grounds that make legality review mandatory.
ART58 = {
    1: ("涉及重大公共利益的", "involves a major public interest"),
    2: (
        "直接关系当事人或者第三人重大权益，经过听证程序的",
        "directly concerns major rights of the party or a third party and went through a hearing",
    ),
    3: (
        "案件情况疑难复杂、涉及多个法律关系的",
        "is difficult or complex, or involves several legal relationships",
    ),
    4: (
        "法律、法规规定应当进行法制审核的其他情形",
        "is another case where law or regulation requires it",
    ),
}
ART58_KEY = re.compile(r"/58(?:/\d+)?/\((\d)\)$")
# English names of the units rule files use (they are written in Chinese).
UNITS_EN = {
    "元": "yuan",
    "倍": "times",
    "日": "days",
    "天": "days",
    "个月": "months",
    "月": "months",
    "年": "years",
    "周岁": "years",
    "平方米": "m²",
    "立方米": "m³",
    "吨": "tonnes",
    "件": "pieces",
    "次": "times",
    # currencies a fine may be set in (compile._amounts._CURRENCIES)
    "美元": "US dollars",
    "欧元": "euros",
    "日元": "yen",
    "港元": "Hong Kong dollars",
    "英镑": "pounds sterling",
    "澳门元": "patacas",
    "新台币": "New Taiwan dollars",
}
# The rounding a recommended range states, by what its unit is (compile._amounts.quantum_of).
ROUNDING = {
    "fen": ("按分取整", "rounded to the fen"),
    "cent": ("精确到 0.01 {u}", "to 0.01 {u}"),
    "whole": ("按整{u}取整", "in whole {u}"),
}
# An option that leaves no penalty of the item (减轻 below a minimum of zero).
NOTHING_LEFT = (
    "不处罚款，适用较轻的处罚种类或者不予罚款",
    "no fine: a lighter kind of penalty, or no fine",
)
REDUCED_TO_NONE = (
    "减轻后不处罚款：法定最低额为零，减轻处罚只能适用较轻的处罚种类或者不予罚款，不建议“罚款 0 元”",
    "Reduced to no fine: the statutory minimum is zero, so 减轻 means a lighter kind of penalty "
    "or no fine, never a fine of 0",
)
BAND_TEXT = {
    "full": ("取法定幅度全幅", "the whole statutory range"),
    "explicit": ("取基准表规定的子幅度", "the sub-range set by the benchmark table"),
    "explicit_share": (
        "按基准子幅度在原幅度中的相对位置取 {a}%–{b}%",
        "the benchmark sub-range's relative position, {a}%–{b}% of the way through",
    ),
    "percent": (
        "取法定幅度自最低额起 {a}%–{b}% 的区间",
        "{a}%–{b}% of the way from the statutory minimum to the maximum",
    ),
    "of_max": (
        "取法定最高额的 {a}%–{b}%（不低于法定最低额）",
        "{a}%–{b}% of the statutory maximum (never below the minimum)",
    ),
    "factors": (
        "按裁量因子百分比之和乘以法定最高额（不低于法定最低额）",
        "the sum of factor percentages times the statutory maximum (never below the minimum)",
    ),
}
