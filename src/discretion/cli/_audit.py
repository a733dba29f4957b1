"""``discretion audit``: the case-file audit (案卷评查) from the command line.

The audit room needs the ``audit`` extra (pyarrow, matplotlib; dask for ``--scheduler``), so it is
imported when the command runs, never when the CLI starts.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..compile._loader import load
from ._errors import usage_error


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"需要不小于 1 的整数 (a whole number, 1 or more): {text!r}"
        ) from None
    return value


def add_audit_parser(sub: Any) -> None:
    """Add the ``audit`` sub-command to the CLI's sub-parsers."""
    p = sub.add_parser(
        "audit",
        help="audit an archive of past decisions: findings, like cases, report (案卷评查)",
    )
    p.add_argument(
        "archive", nargs="?", help="archive file (.csv, .parquet, .jsonl) or Parquet folder"
    )
    p.add_argument("--rules", help="rule file or folder the decisions are audited against")
    p.add_argument("-o", "--out", help="output folder (written whole, or not at all)")
    p.add_argument("--dask", action="store_true", help="run on a local Dask cluster (127.0.0.1)")
    p.add_argument("--scheduler", default=None, help="run on the Dask cluster at this address")
    p.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="并行进程数，默认为可用 CPU 数；1 为在本进程内评查；使用 --dask 时为本地 Dask 集群的"
        "工作进程数；--stream 总在本进程内 / worker processes auditing chunks at once (default: "
        "the usable CPUs; 1: in this process); with --dask, the workers of the local Dask "
        "cluster; --stream always runs in this process",
    )
    p.add_argument(
        "--stream",
        action="store_true",
        help="stream the archive chunk by chunk into -o, in bounded memory (archives of millions)",
    )
    p.add_argument("--schema", action="store_true", help="print the archive's JSON Schema and exit")
    p.add_argument(
        "--generate",
        type=int,
        metavar="N",
        default=None,
        help="write a synthetic archive of N decisions to ARCHIVE and exit",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of --generate")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="json: errors as JSON"
    )
    p.add_argument(
        "--defect-rate", type=float, default=0.1, help="share of planted defects for --generate"
    )
    p.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    """Run the audit, or print the schema, or generate an archive."""
    from .. import audit as room

    if args.schema:
        print(json.dumps(room.archive_schema(), ensure_ascii=False, indent=2))
        return 0
    if not args.archive or not args.rules:
        return usage_error(
            args, "需要案卷文件和 --rules / discretion audit: ARCHIVE and --rules are required"
        )
    rules = load(args.rules)
    if args.generate is not None:
        table = room.generate_archive(
            rules, args.rules, args.generate, seed=args.seed, defect_rate=args.defect_rate
        )
        room.write_archive(table, args.archive)
        print(f"{args.generate} decisions → {args.archive}")
        return 0
    if not args.out:
        return usage_error(args, "需要输出目录 -o / discretion audit: -o DIR is required")
    from ..verify._check._driver import usable_cpus

    workers = usable_cpus() if args.workers is None else args.workers
    if args.stream:
        streamed = room.audit_to(rules, args.archive, args.out, rules_path=args.rules)
        if args.format == "json":
            payload = {
                "ok": True,
                "decisions": streamed.decisions,
                "findings": streamed.defects,
                "report": str(streamed.folder / "report.html"),
            }
            print(json.dumps(payload, ensure_ascii=False, indent=2))
            return 0
        print(
            f"评查 {streamed.decisions} 件，问题 {streamed.defects} 项 / {streamed.decisions} decisions,"
            f" {streamed.defects} findings → {streamed.folder / 'report.html'}"
        )
        return 0
    if args.dask or args.scheduler:
        from ..audit.dask import audit_dask

        result = audit_dask(
            rules,
            args.archive,
            rules_path=args.rules,
            scheduler=args.scheduler,
            workers=workers,
        )
    else:
        result = room.audit(rules, args.archive, rules_path=args.rules, workers=workers)
    out = room.write_audit(result, args.out)
    kinds = result.findings.column("kind").to_pylist()
    defects = sum(k not in ("within_range", "approved_departure") for k in kinds)
    if args.format == "json":
        summary = {
            "ok": True,
            "decisions": result.decisions.num_rows,
            "findings": defects,
            "report": str(out / "report.html"),
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(
        f"评查 {result.decisions.num_rows} 件，问题 {defects} 项 / {result.decisions.num_rows} decisions, {defects} findings → {out / 'report.html'}"
    )
    return 0
