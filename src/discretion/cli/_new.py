"""``discretion new``: a new standard's skeleton for legal staff, with the editor's schema modeline.

Writes ``FOLDER/<id>.yaml`` (a rule file that uses the packaged general part, every place to rewrite
marked 待填写), ``FOLDER/<id>.cases.yaml`` (one example case) and ``FOLDER/schemas/`` (the JSON
Schemas the two files' first lines name, so an editor validates and explains them offline).
Existing files are never overwritten unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import re
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import CaseError
from ..export._schemas import KINDS, schema_text

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


def _template(name: str) -> str:
    return resources.files("discretion.cli").joinpath("templates", name).read_text("utf-8")


def cmd_new(args: argparse.Namespace) -> int:
    """Write the skeleton; refuse an identifier the format would refuse, or an existing file."""
    if not _ID.match(args.id):
        raise CaseError(
            f"基准标识 {args.id!r} 只能用小写英文字母、数字、点、横线和下划线 / "
            f"the standard id {args.id!r} may use only a-z, 0-9, '.', '-' and '_'",
            field="--id",
            hint="discretion new mystandard --id hebei.air.straw-2026",
        )
    if not _CODE.match(args.item):
        raise CaseError(
            f"事项编码 {args.item!r} 只能用大写英文字母、数字、点、横线和下划线 / "
            f"the item code {args.item!r} may use only A-Z, 0-9, '.', '-' and '_'",
            field="--item",
            hint="--item AIR-119-1",
        )
    folder = Path(args.folder)
    files = {
        folder / f"{args.id}.yaml": _template("standard.yaml"),
        folder / f"{args.id}.cases.yaml": _template("standard.cases.yaml"),
    }
    for kind in KINDS:
        files[folder / "schemas" / f"{kind}.schema.json"] = schema_text(kind)
    existing = [p for p in files if p.exists() and p.parent == folder]
    if existing and not args.force:
        raise CaseError(
            f"文件已存在，未写入任何文件：{existing[0]}（覆盖请加 --force） / "
            f"{existing[0]} exists; nothing was written (use --force to overwrite)",
            file=str(existing[0]),
        )
    title = args.title or "待填写：裁量基准名称"
    try:
        (folder / "schemas").mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            text = text.replace("__ID__", args.id).replace("__ITEM__", args.item)
            path.write_text(text.replace("__TITLE__", title), encoding="utf-8")
    except OSError as exc:
        raise CaseError(f"无法写入 / cannot write {exc.filename}: {exc.strerror}") from None
    print(
        f"已写入 {folder / (args.id + '.yaml')}、{args.id}.cases.yaml 和 schemas/；"
        f"改写标有「待填写」之处后运行 discretion check {folder} / "
        f"wrote the skeleton; rewrite every 待填写 and run discretion check {folder}"
    )
    return 0


def add_new_parser(sub: Any) -> None:
    """Register ``discretion new`` on the command's sub-parsers."""
    p = sub.add_parser(
        "new",
        help="write a new standard's skeleton with its example cases and schemas "
        "(新建裁量基准骨架)",
    )
    p.add_argument("folder", help="folder to write into (created if missing)")
    p.add_argument("--id", required=True, help="the standard's id, e.g. hebei.air.straw-2026")
    p.add_argument("--item", default="NEW-1", help="the first item's code (default NEW-1)")
    p.add_argument("--title", default=None, help="the standard's Chinese title")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="errors as text or JSON"
    )
    p.set_defaults(handler=cmd_new)
