"""The standards shipped inside the package (随包提供的规则文件), and how ``standard.uses`` names them.

A standard names its general part in ``standard.uses``, either as a path relative to its own file
(``../general/apl-2021.yaml``) or as a bundled name, ``discretion:general/apl-2021``: the file
``general/apl-2021.yaml`` under ``discretion/standards/`` of the installed package. The bundled name
works wherever discretion is installed, so an agency's own standard need not copy the general part.
"""

from __future__ import annotations

from pathlib import Path

SCHEME = "discretion:"
"""The prefix of a bundled name in ``standard.uses``."""

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
"""The folder of the bundled standards inside the installed package."""


def bundled(name: str) -> Path:
    """The file of a bundled standard, e.g. ``general/apl-2021`` → ``…/standards/general/apl-2021.yaml``.

    The name may be written with or without ``discretion:`` and ``.yaml``. The file is not
    checked for existence here: the loader says where a name that does not exist was written.

    Raises:
        ValueError: the name steps out of the bundled folder (``..``, an absolute path).
    """
    name = name.removeprefix(SCHEME).strip()
    if not name.endswith(".yaml"):
        name += ".yaml"
    parts = name.split("/")
    if any(part in ("", ".", "..") or "\\" in part or ":" in part for part in parts):
        raise ValueError(f"not a bundled standard name: {name!r}")
    return STANDARDS.joinpath(*parts)


def names() -> list[str]:
    """The bundled standards, as ``discretion:…`` names (for error messages and the docs)."""
    return sorted(
        SCHEME + path.relative_to(STANDARDS).with_suffix("").as_posix()
        for path in STANDARDS.rglob("*.yaml")
        if not path.name.endswith(".cases.yaml") and "examples" not in path.parts
    )


def resolve_uses(file: str | Path, uses: str) -> Path:
    """The file a ``standard.uses`` written in ``file`` names: bundled, or relative to ``file``."""
    if uses.startswith(SCHEME):
        return bundled(uses)
    return (Path(file).parent / uses).resolve()
