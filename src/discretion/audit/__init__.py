"""Case-file audit (案卷评查) and like-case consistency (同案同罚) over an archive of past decisions.

Enters: a :class:`~discretion.RuleSet` and an archive (CSV, Parquet or JSON Lines; ``_archive``),
each row re-decided under the version in force (Art. 37; ``_decide``). Leaves: an
:class:`AuditResult` of Arrow tables — a finding per defect, each citing its rule and carrying the
``discretion evaluate`` command that replays it (``_classify``); like-case groups and per unit and
officer statistics (``_consistency``); and, from ``write_audit``, a folder with the tables as
Parquet and CSV and a Chinese HTML report with plots (``_report``), written whole or not at all.
The same audit over Parquet partitions on Dask lives in :mod:`discretion.audit.dask`, which
nothing else imports. A synthetic archive for the demo, tests and benchmarks comes from
``generate_archive`` (``_generate``).
"""

from ._archive import COLUMNS, ArchiveError, archive_schema, read_archive, write_archive
from ._classify import KINDS
from ._generate import generate_archive
from ._output import write_audit
from ._run import AuditResult, audit
from ._stream import StreamSummary, audit_to

__all__ = [
    "COLUMNS",
    "KINDS",
    "ArchiveError",
    "AuditResult",
    "StreamSummary",
    "archive_schema",
    "audit",
    "audit_to",
    "generate_archive",
    "read_archive",
    "write_archive",
    "write_audit",
]
