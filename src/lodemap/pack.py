"""The bundled knowledge pack: curated entities and sourced facts.

`data/pack/entities.yaml` lists organisations, facilities, deposits and places
with their aliases and tickers; `relationships.csv` and `figures.csv` hold
facts, every row with the URL and date of the public source that reports it.
Loading the pack writes each source as a reference document and each row as a
statement of the `lodemap.pack` extractor, so pack facts and extracted facts
are cited the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.errors import SchemaError, located
from lodemap.ids import digest
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement

EXTRACTOR = "lodemap.pack"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when present
RELATIONSHIP_COLUMNS = ("source", "type", "target", "status", "date", "source_url",
                        "source_date", "source_title", "note")
FIGURE_COLUMNS = ("subject", "property", "value", "unit", "qualifier", "year", "source_url",
                  "source_date", "note")


@dataclass
class Pack:
    version: str
    entities: list[Entity]
    relationships: list[dict[str, str]]
    figures: list[dict[str, str]]
    folder: str

    def documents(self) -> Iterator[Path | Traversable]:
        folder = resources.files("lodemap") / "data" / "pack" / "documents"
        if Path(self.folder).joinpath("documents").is_dir():
            folder = Path(self.folder) / "documents"
        yield from sorted((p for p in folder.iterdir() if p.name.endswith(".txt")),
                          key=lambda p: p.name)


def _entity(item: dict[str, Any], path: str, schema: Schema, i: int) -> Entity:
    where = f"entities[{i}]"
    for key in ("id", "type", "name"):
        if not item.get(key):
            raise SchemaError(f"missing {key!r}", path=path, where=where)
    with located(path, where):
        schema.entity_type(item["type"])
        for stage in item.get("stages") or []:
            schema.stage(stage)
    aliases = [(str(a), "alias") for a in item.get("aliases") or []]
    aliases += [(str(t), "ticker") for t in item.get("tickers") or []]
    return Entity(id=item["id"], type=item["type"], name=item["name"],
                  country=item.get("country"), stages=list(item.get("stages") or []),
                  description=item.get("description"), origin="pack", aliases=aliases,
                  source_url=item.get("source_url"))


def _rows(path: Path | Traversable, columns: tuple[str, ...]) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = set(columns) - set(reader.fieldnames or [])
    if missing:
        raise SchemaError(f"missing columns {sorted(missing)}", path=str(path))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def load_pack(folder: str | Path | None = None, schema: Schema | None = None) -> Pack:
    """Read and validate a pack folder (the bundled one by default, read once per process:
    callers only read it)."""
    if folder is None and schema is None:
        return _bundled_pack()
    return _read_pack(folder, schema or get_schema())


@cache
def _bundled_pack() -> Pack:
    return _read_pack(None, get_schema())


def _read_pack(folder: str | Path | None, schema: Schema) -> Pack:
    base: Path | Traversable = (
        Path(folder) if folder else resources.files("lodemap") / "data" / "pack"
    )
    ent_path = base / "entities.yaml"
    data = yaml.load(ent_path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    if not isinstance(data, list):
        raise SchemaError("entities.yaml must be a list", path=str(ent_path))
    entities = [_entity(item, str(ent_path), schema, i) for i, item in enumerate(data)]
    ids: set[str] = set()
    for i, e in enumerate(entities):
        if e.id in ids:
            raise SchemaError(f"duplicate entity id {e.id!r}", path=str(ent_path),
                              where=f"entities[{i}]")
        ids.add(e.id)
    types = {e.id: e.type for e in entities}

    rel_path = base / "relationships.csv"
    rels = _rows(rel_path, RELATIONSHIP_COLUMNS)
    for i, row in enumerate(rels, start=2):
        where = f"line {i}"
        for end in ("source", "target"):
            if row[end] not in ids:
                raise SchemaError(f"unknown {end} entity {row[end]!r}", path=str(rel_path),
                                  where=where)
        with located(str(rel_path), where):
            rel = schema.relation(row["type"])
            schema.status(row["status"])
        if not schema.accepts(rel.name, types[row["source"]], types[row["target"]]):
            raise SchemaError(
                f"{rel.name} cannot join {types[row['source']]} to {types[row['target']]}",
                path=str(rel_path), where=where)
        if not row["source_url"].startswith(("http://", "https://")):
            raise SchemaError("every fact needs its source URL", path=str(rel_path), where=where)

    fig_path = base / "figures.csv"
    figs = _rows(fig_path, FIGURE_COLUMNS)
    for i, row in enumerate(figs, start=2):
        where = f"line {i}"
        if row["subject"] not in ids:
            raise SchemaError(f"unknown subject {row['subject']!r}", path=str(fig_path),
                              where=where)
        with located(str(fig_path), where):
            schema.prop(row["property"])
        if not row["source_url"].startswith(("http://", "https://")):
            raise SchemaError("every figure needs its source URL", path=str(fig_path),
                              where=where)
    version = digest(ent_path.read_text(encoding="utf-8"), rel_path.read_text(encoding="utf-8"),
                     fig_path.read_text(encoding="utf-8"), length=8)
    return Pack(version, entities, rels, figs, str(base))


def _iso(date: str) -> str | None:
    date = date.strip()
    return date[:10] if date and date[0].isdigit() else None


def reference(url: str, title: str, date: str) -> Document:
    """The citation record of one public source; it has no stored body."""
    return Document(text="", source=url, url=url, title=title or url, published=_iso(date),
                    media_type="text/uri-list", kind="reference", id="ref-" + digest(url))


def statements(pack: Pack) -> dict[str, tuple[Document, list[Statement]]]:
    """The pack's facts as statements, grouped by the reference document they cite."""
    names = {e.id: e.name for e in pack.entities}
    out: dict[str, tuple[Document, list[Statement]]] = {}

    def bucket(row: dict[str, str]) -> list[Statement]:
        doc = reference(row["source_url"], row.get("source_title", ""), row["source_date"])
        return out.setdefault(doc.id, (doc, []))[1]

    for row in pack.relationships:
        evidence = row["note"] or (
            f"{names[row['source']]} {row['type']} {names[row['target']]}")
        bucket(row).append(Statement(
            doc_id=reference(row["source_url"], "", "").id,
            subject_id=row["source"], subject_text=names[row["source"]],
            predicate=row["type"], object_id=row["target"], object_text=names[row["target"]],
            status=row["status"], evidence=evidence, span_start=0, span_end=0,
            extractor=EXTRACTOR, extractor_version=pack.version, confidence=1.0,
            date=_iso(row["date"]) or _iso(row["source_date"]),
        ))
    for ent in pack.entities:
        if not ent.source_url:
            continue
        for stage in ent.stages:
            bucket({"source_url": ent.source_url, "source_title": "",
                    "source_date": ""}).append(Statement(
                doc_id=reference(ent.source_url, "", "").id, subject_id=ent.id,
                subject_text=ent.name, predicate="stage", value=stage, status="completed",
                evidence=ent.description or f"{ent.name} works in the {stage} stage.",
                span_start=0, span_end=0, extractor=EXTRACTOR,
                extractor_version=pack.version, confidence=1.0,
            ))
    for row in pack.figures:
        evidence = row["note"] or f"{names[row['subject']]} {row['qualifier']}"
        bucket(row).append(Statement(
            doc_id=reference(row["source_url"], "", "").id,
            subject_id=row["subject"], subject_text=names[row["subject"]],
            predicate=row["property"], value=row["value"], unit=row["unit"] or None,
            qualifier=" ".join(x for x in (row["qualifier"], row["year"] and f"({row['year']})")
                               if x) or None,
            status="completed", evidence=evidence, span_start=0, span_end=0,
            extractor=EXTRACTOR, extractor_version=pack.version, confidence=1.0,
            date=_iso(row["source_date"]),
        ))
    return out
