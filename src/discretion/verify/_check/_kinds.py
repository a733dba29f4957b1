"""Penalty kinds a standard declares (issue 20, point 12): their hearing declaration.

Enters: a compiled item. Checks ``kind_hearing``: a declared kind (``kinds``, 行政处罚法第九条第六项)
whose label is worded like a kind that 《中华人民共和国行政处罚法》（2021年修订）第六十三条第一款 lists
(降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业) but is declared ``hearing: false``, so
no hearing right would be given for it — a warning, since the law setting the kind may have its own
hearing provision (e.g. 治安管理处罚法（2012年修正）第九十八条). Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker

ARTICLE_63_WORDS = ("降低资质", "吊销", "停产停业", "责令关闭", "限制从业")
"""The wording of the kinds of 行政处罚法第六十三条第一款第三项、第四项."""


def check_kinds(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    for kind in item.kinds.values():
        words = [w for w in ARTICLE_63_WORDS if w in kind.label]
        if kind.hearing or not words:
            continue
        ctx.report(
            "kind_hearing",
            item,
            (*base, "penalties"),
            f"声明的处罚种类「{kind.label}」与《行政处罚法》第六十三条第一款所列的「{words[0]}」类处罚"
            "相同，但声明为 hearing: false，裁量建议将不告知听证权利",
            f"declared kind {kind.id!r} ({kind.label}) reads like a kind APL Art. 63 ¶1 lists, "
            "but is declared hearing: false",
            hint="declare hearing: true, or cite the law's own hearing provision in the comment",
            severity="warning",
        )
