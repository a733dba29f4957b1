"""Why the durable-rules backend's tests cannot run here, in words ``make test`` prints."""

from __future__ import annotations

import sys
from pathlib import Path


def why_durable_is_missing() -> str:
    """Why durable_rules does not import here, as ``make test`` prints it in its summary."""
    if sys.version_info >= (3, 13):
        return (
            "durable-rules 不能在 Python 3.13 及以上导入（最后一版 2.0.28）/ durable-rules does "
            "not import on Python 3.13+: run these tests on Python 3.11 or 3.12"
        )
    recorded = Path(sys.prefix) / "durable-missing.txt"  # written by the Makefile's install
    if recorded.is_file():
        return recorded.read_text(encoding="utf-8").strip()
    return (
        "durable-rules 未安装：需要 C 编译器构建它的 C 扩展；pip install 'discretion[durable]' / "
        "durable-rules not installed: building it needs a C compiler"
    )
