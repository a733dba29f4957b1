"""Penalty kinds a standard declares beyond the built-in list (format ``kinds``).

《中华人民共和国行政处罚法》（2021年修订）第九条 lists the kinds of administrative penalty and ends
with (六) 法律、行政法规规定的其他行政处罚: a law may set a kind of its own, e.g.
《中华人民共和国治安管理处罚法》（2012年修正）第十条第二款: 对违反治安管理的外国人，可以附加适用限期出境
或者驱逐出境. A standard under such a law declares the kind once, with its label and citation, and
then uses its id as a penalty clause's ``kind`` like a built-in one.

Two properties the general part needs are declared, never guessed: ``hearing`` — whether the kind
gives the party the right to a hearing whatever its amount, as the heavy kinds of 第六十三条 do; and
``money`` — whether the kind's amount is a sum of money (in 元 or another currency) rather than
days or no amount at all. Only 罚款 is compared with the thresholds of 第五十一条 and 第六十三条; a
declared kind is never a 罚款, and a declared kind other than a warning rules out the summary
procedure, as every built-in kind other than 警告 and 罚款 does.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ._common import Citation, Name, _Model
from ._vocabulary import KIND_LABELS

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _kind_name(value: str) -> str:
    """A built-in kind, or a snake_case id a standard may declare (checked when compiled)."""
    if value in KIND_LABELS or _SNAKE.match(value):
        return value
    # Reported as the literal error it was before kinds could be declared: one error, with the
    # built-in kinds listed and the identifier of a kind written in Chinese suggested.
    raise PydanticCustomError(
        "literal_error",
        "Input should be {expected}",
        {"expected": ", ".join(repr(k) for k in KIND_LABELS)},
    )


KindName = Annotated[
    str,
    AfterValidator(_kind_name),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(KIND_LABELS)},
                {"type": "string", "pattern": _SNAKE.pattern},
            ]
        }
    ),
]
"""A penalty clause's ``kind``: a built-in kind (行政处罚法第九条), or one declared in ``kinds``."""


class DeclaredKind(_Model):
    """A penalty kind set by a law or administrative regulation (行政处罚法第九条第六项)."""

    id: Name = Field(description="种类标识，在处罚条款 kind 中使用，如 deportation")
    label: str = Field(description="中文名称，如 驱逐出境")
    label_en: str | None = Field(None, description="English label, e.g. deportation")
    citation: list[Citation] = Field(
        min_length=1,
        description="设定该处罚种类的法律、行政法规条文 / the provision that sets the kind",
    )
    hearing: bool = Field(
        False,
        description="是否属于应当告知听证权利的处罚（行政处罚法第六十三条，如 责令停产停业、吊销许可证件）"
        " / whether the kind gives a hearing right whatever its amount (APL Art. 63)",
    )
    money: bool = Field(
        False,
        description="数额是否为金钱（元或其他币种）；否则无数额或以日等计 / whether the kind's amount "
        "is money (otherwise days, or no amount)",
    )
