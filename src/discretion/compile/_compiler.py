"""Compiling validated rule-file models into the records evaluation reads.

The compiler checks what the pydantic models cannot: conditions against the declared facts
(layered: general part, standard, item), citations against the declared laws, bands against the
statutory range, references between fields, and the succession of a standard's versions. Every
problem is collected with its file, line, item and field, and all are raised together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import RuleSetError, bundle, did_you_mean
from ..format import _yaml
from ..format._model import (
    Citation,
    Law,
    StandardFile,
)
from ..format._vocabulary import zh_number
from ._bundled import resolve_uses
from ._competence import check_bodies
from ._conditions import Condition, compile_condition
from ._items import ItemCompiler
from ._lists import check_lists
from ._records import (
    CompiledItem,
    Source,
    StandardInfo,
)
from ._ruleset import RuleSet

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _canonical(value: Any) -> Any:
    """Sort lists of named entries so that declaration order does not change the digest."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        for key in ("code", "id", "name"):
            if items and all(isinstance(v, dict) and isinstance(v.get(key), str) for v in items):
                return sorted(items, key=lambda v: v[key])
        return items
    return value


def digest_of(model: StandardFile, extra: str = "") -> str:
    """The content digest of a standard: sha256 of its canonical JSON (plus its general part's)."""
    data = _canonical(model.model_dump(mode="json", exclude_none=True))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + extra
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class Compiler:
    """Compiles parsed files into a :class:`RuleSet`, collecting every problem."""

    def __init__(
        self,
        parsed: list[tuple[_yaml.Located, StandardFile]],
        sources: tuple[tuple[str, str], ...],
    ) -> None:
        self.parsed = parsed
        self.sources = sources
        self.errors: list[RuleSetError] = []
        self.located: _yaml.Located | None = None
        self.item_code: str | None = None
        self._conditions: dict[tuple[Any, ...], Condition] = {}
        self._citations: dict[tuple[Citation, Law], Source] = {}

    # error helper: file and line from the path being compiled
    def fail(
        self,
        message: str,
        path: tuple[int | str, ...],
        hint: str | None = None,
        where: _yaml.Located | None = None,
    ) -> None:
        located = where or self.located
        assert located is not None
        self.errors.append(
            RuleSetError(
                message,
                file=located.file,
                line=located.line_of(path),
                item=self.item_code,
                field=_yaml.dotted(path),
                hint=hint,
            )
        )

    def build(self) -> RuleSet:
        by_file = {loc.file: (loc, model) for loc, model in self.parsed}
        general: dict[str, tuple[_yaml.Located, StandardFile, str]] = {}
        for loc, model in self.parsed:
            if model.standard.general:
                general[str(Path(loc.file).resolve())] = (loc, model, digest_of(model))
        standards: list[StandardInfo] = []
        versions: dict[str, list[tuple[StandardInfo, dict[str, CompiledItem]]]] = {}
        owner: dict[str, str] = {}
        item_places: dict[str, str] = {}
        for loc, model in self.parsed:
            self.located = loc
            self.item_code = None
            parent = None
            if model.standard.uses:
                try:
                    target = str(resolve_uses(loc.file, model.standard.uses))
                except ValueError:
                    target = ""
                parent = general.get(target)
                if parent is None:
                    self.fail(
                        f"总则 {model.standard.uses!r} 不存在或未标为总则，请改正 uses 或在总则中写 general: true / "
                        f"general part {model.standard.uses!r} not found or not marked general",
                        ("standard", "uses"),
                    )
                    continue
            digest = digest_of(model, parent[2] if parent else "")
            meta = model.standard
            info = StandardInfo(
                meta.id,
                meta.title,
                meta.title_en,
                meta.authority,
                meta.jurisdiction,
                meta.field,
                meta.version,
                meta.effective_from,
                meta.effective_to,
                meta.source,
                loc.file,
                digest,
                meta.general,
            )
            if meta.effective_to is not None and meta.effective_to < meta.effective_from:
                self.fail(
                    "失效日期早于生效日期，请把 effective_to 改为不早于 effective_from 的日期 / "
                    "effective_to is before effective_from",
                    ("standard", "effective_to"),
                )
            if meta.refines is not None and meta.refines.partition("@")[0] == meta.id:
                self.fail(
                    f"基准不能细化其自身：refines {meta.refines!r} 指向本基准，请改为上级基准 / "
                    f"standard {meta.id!r} refines itself (a cycle)",
                    ("standard", "refines"),
                )
            check_bodies(self, model)
            check_lists(self, model)
            standards.append(info)
            compiled_items: dict[str, CompiledItem] = {}
            for index, item in enumerate(model.items):
                self.item_code = item.code
                compiled = ItemCompiler(self, loc, model, parent, info, index, item).build()
                place = f"{loc.file}:{loc.line_of(('items', index))}"
                if item.code in compiled_items or owner.get(item.code, meta.id) != meta.id:
                    self.fail(
                        f"事项编码 {item.code!r} 已被使用，请改用另一个编码 / "
                        f"item code {item.code!r} is already defined in {item_places[item.code]}",
                        ("items", index, "code"),
                    )
                elif compiled is not None:
                    compiled_items[item.code] = compiled
                    owner[item.code] = meta.id
                    item_places.setdefault(item.code, place)
            versions.setdefault(meta.id, []).append((info, compiled_items))
        self.item_code = None
        for std_id, entries in versions.items():
            entries.sort(key=lambda e: e[0].effective_from)
            for (prev, _), (nxt, _) in itertools.pairwise(entries):
                self.check_contiguous(std_id, prev, nxt, by_file)
        if self.errors:
            raise bundle(self.errors)
        files = {name: model for name, (_loc, model) in by_file.items()}
        return RuleSet(standards, versions, owner, self.sources, files)

    def check_contiguous(
        self,
        std_id: str,
        prev: StandardInfo,
        nxt: StandardInfo,
        by_file: Mapping[str, tuple[_yaml.Located, StandardFile]],
    ) -> None:
        """Versions of one standard must follow each other without a gap or an overlap."""
        self.located = by_file[nxt.file][0]
        expected = prev.effective_to + dt.timedelta(days=1) if prev.effective_to else None
        if expected == nxt.effective_from:
            return
        if prev.effective_to is None or prev.effective_to >= nxt.effective_from:
            what = (
                f"overlaps version {prev.version} ({prev.file}, in force from "
                f"{prev.effective_from} to {prev.effective_to or 'open end'}) (版本重叠)"
            )
        else:
            what = (
                f"leaves a gap after version {prev.version}, which ends {prev.effective_to} "
                f"(版本之间存在空档)"
            )
        self.fail(
            f"基准 {std_id!r} 的版本生效期间有误，请调整 effective_from / effective_to / "
            f"version {nxt.version} of standard {std_id!r}, in force from {nxt.effective_from}, "
            + what,
            ("standard", "effective_from"),
            hint="each version's effective_to must be the day before the next effective_from",
        )

    def compile_cached(
        self, text: str, types: Mapping[str, str], values: Mapping[str, list[str]]
    ) -> Condition:
        """Compile a condition once per text and per schema of the facts it names.

        Items of one standard share the general part's and the standard's conditions; compiling
        them once per item made loading a large standard slow.
        """
        names = tuple(dict.fromkeys(_IDENTIFIER.findall(text)))
        key = (text, tuple((n, types.get(n), tuple(values.get(n) or ())) for n in names))
        found = self._conditions.get(key)
        if found is None:
            found = compile_condition(text, types, values)
            self._conditions[key] = found
        return found

    # -- citations ---------------------------------------------------------------------------
    def sources_of(
        self,
        citations: Iterable[Citation],
        laws: Mapping[str, Law],
        path: tuple[int | str, ...],
        where: _yaml.Located | None = None,
    ) -> tuple[Source, ...]:
        out = []
        for index, c in enumerate(citations):
            law = laws.get(c.law)
            if law is None:
                self.fail(
                    f"引用了未声明的法律 {c.law!r}，请在 laws 中声明或改正名称 / "
                    f"citation names undeclared law {c.law!r} (未声明的法律)",
                    (*path, index, "law"),
                    did_you_mean(c.law, laws),
                    where,
                )
                continue
            source = self._citations.get((c, law))
            if source is None:
                source = self._citations[(c, law)] = render_citation(c, law)
            out.append(source)
        return tuple(out)


def render_citation(c: Citation, law: Law) -> Source:
    """A structured citation as Chinese and English text.

    >>> from discretion.format._model import Citation, Law
    >>> s = render_citation(Citation(law="FSL", article=124, paragraph=1),
    ...                     Law(name="中华人民共和国食品安全法", name_en="Food Safety Law"))
    >>> s.zh, s.en
    ('《中华人民共和国食品安全法》第一百二十四条第一款', 'Food Safety Law, Art. 124 ¶1')
    >>> s = render_citation(Citation(law="X", article=133, article_suffix=1, item=3, subitem=2),
    ...                     Law(name="示例条例", name_en="Example Regulation"))
    >>> s.zh, s.en, s.key
    ('《示例条例》第一百三十三条之一第（三）项第2目', 'Example Regulation, Art. 133-1 (3), sub-item 2', 'X/133-1/(3)/2')
    """
    zh = f"《{law.name}》" if not law.name.startswith("《") else law.name
    en = law.name_en or law.name
    key = c.law
    if c.document:
        # a normative document cited by its number (冀环规范〔2023〕1号)
        zh += f"（{c.document}）"
        en += f" ({c.document})"
    if c.part:
        # a document numbered by parts, not articles (法发〔2021〕21号 二（二）2)
        zh += c.part
        en += f", part {c.part}"
        key += f"/{c.part}"
    if c.article:
        zh += f"第{zh_number(c.article)}条"
        en += f", Art. {c.article}"
        key += f"/{c.article}"
        if c.article_suffix:
            # 第一百二十四条之一: an article inserted after Art. 124 by an amendment
            zh += f"之{zh_number(c.article_suffix)}"
            en += f"-{c.article_suffix}"
            key += f"-{c.article_suffix}"
    if c.paragraph:
        zh += f"第{zh_number(c.paragraph)}款"
        en += f" ¶{c.paragraph}"
        key += f"/{c.paragraph}"
    if c.item:
        zh += f"第（{zh_number(c.item)}）项"
        en += f" ({c.item})"
        key += f"/({c.item})"
        if c.subitem:
            # 目 below 项, numbered in Arabic figures (第（三）项第1目)
            zh += f"第{c.subitem}目"
            en += f", sub-item {c.subitem}"
            key += f"/{c.subitem}"
    return Source(key, zh, en)
