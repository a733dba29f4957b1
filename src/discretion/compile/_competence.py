"""Compiling who may decide an item (format ``bodies`` and ``competence``, APL Art. 17–24).

Load-time checks, each with the file and line (Chinese first, English second): a body declared
twice; an entrusted body whose entrusting body (``in_name_of``) is not declared, or is itself
entrusted (a body acting in another's name cannot entrust: APL Art. 20 ¶4, 受委托组织不得再委托);
an item naming a body the standard does not declare (with a suggestion), or naming bodies when the
standard declares none.
"""

from __future__ import annotations

from ..errors import did_you_mean
from ..format._competence import Body
from ..format._model import StandardFile
from ._items_scope import ItemScope, Reporter
from ._records import CompiledBody


def check_bodies(reporter: Reporter, model: StandardFile) -> None:
    """The standard's own declaration of bodies, checked once per file."""
    by_id: dict[str, Body] = {}
    for index, body in enumerate(model.bodies):
        if body.id in by_id:
            reporter.fail(
                f"机关标识 {body.id!r} 重复：每个机关只能声明一次 / body id {body.id!r} is "
                "declared twice",
                ("bodies", index, "id"),
            )
            continue
        by_id[body.id] = body
    for index, body in enumerate(model.bodies):
        if body.in_name_of is None:
            continue
        entrusting = by_id.get(body.in_name_of)
        if entrusting is None:
            reporter.fail(
                f"受委托组织 {body.id!r} 的委托机关 {body.in_name_of!r} 未在 bodies 中声明 / "
                f"the entrusting body {body.in_name_of!r} of {body.id!r} is not declared",
                ("bodies", index, "in_name_of"),
                did_you_mean(body.in_name_of, [b for b in by_id if b != body.id]),
            )
        elif entrusting.basis == "entrusted" or entrusting.id == body.id:
            reporter.fail(
                f"受委托组织 {body.id!r} 不能以另一受委托组织 {entrusting.id!r} 的名义作出决定：受委托"
                "组织不得再委托（行政处罚法第二十条第四款）/ an entrusted body cannot act in the name "
                "of another entrusted body (APL Art. 20 ¶4)",
                ("bodies", index, "in_name_of"),
            )


class CompetenceParts(ItemScope):
    """The bodies that may decide the item, resolved from the standard's ``bodies``."""

    def competence(self) -> tuple[CompiledBody, ...]:
        bodies = {b.id: b for b in self.model.bodies}
        place = {b.id: i for i, b in reversed(list(enumerate(self.model.bodies)))}
        named = self.item.competence
        if named is None:
            chosen = list(dict.fromkeys(b.id for b in self.model.bodies))
        else:
            if not bodies:
                self.fail(
                    "事项写了 competence（有权决定的机关），但基准没有声明 bodies；请在基准中声明各机关"
                    "及其职权依据 / the item names bodies in 'competence' but the standard declares "
                    "no 'bodies'",
                    (*self.base, "competence"),
                )
                return ()
            chosen = []
            for index, body_id in enumerate(named):
                if body_id not in bodies:
                    self.fail(
                        f"competence 中的机关 {body_id!r} 未在基准的 bodies 中声明 / body "
                        f"{body_id!r} is not among the standard's bodies",
                        (*self.base, "competence", index),
                        did_you_mean(body_id, list(bodies)),
                    )
                elif body_id in chosen:
                    self.fail(
                        f"competence 中的机关 {body_id!r} 重复 / body {body_id!r} is named twice",
                        (*self.base, "competence", index),
                    )
                else:
                    chosen.append(body_id)
        out = []
        for body_id in chosen:
            body = bodies[body_id]
            owner = bodies.get(body.in_name_of or body.id, body)
            out.append(
                CompiledBody(
                    body.id,
                    body.name,
                    body.name_en or body.id,
                    body.basis,
                    owner.name,
                    owner.name_en or owner.id,
                    self.sources(body.citation, self.laws, ("bodies", place[body_id], "citation")),
                )
            )
        return tuple(out)
