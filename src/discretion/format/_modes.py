"""Combination modes per branch and 单处或者并处 per level (rule format, second edition, issue 20
point 8).

* A branch of a switching amount may carry its own mode: 《中华人民共和国电影产业促进法》（2016）第四十
  七条 "违法所得五万元以上的，并处违法所得五倍以上十倍以下的罚款；没有违法所得或者违法所得不足五万元的，
  可以并处二十五万元以下的罚款" — one fine clause, 并处 on one branch and 可以并处 on the other.
* 单处或者并处 (《中华人民共和国消费者权益保护法》（2013）第五十六条 "可以根据情节单处或者并处警告、没收
  违法所得、处以违法所得一倍以上十倍以下的罚款") is its own mode: a level imposes one or several members
  of the group (``impose``), and ``may_add`` says which others the officer may still add at that
  level (left out: every other member of the group; an empty list: none).
"""

from __future__ import annotations

from typing import Literal

BranchMode = Literal[
    "required",  # 处
    "combined",  # 并处
    "optional",  # 可以处
    "optional_combined",  # 可以并处
]
"""The modes a branch may give its clause: those of a clause outside a group (a branch cannot
move its clause into an alternative or 单处或者并处 group)."""
