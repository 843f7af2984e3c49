"""Gold relations: one JSON object per line (`article, source, target, type, status, evidence`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lodemap.errors import SchemaError
from lodemap.schema import Schema, get_schema

KEYS = ("article", "source", "target", "type", "status", "evidence")


@dataclass(frozen=True)
class GoldItem:
    article: str
    source: str
    target: str
    type: str
    """As written in the gold file (may be an alias such as `customer_of`)."""
    status: str
    evidence: str
    line: int


def parse_gold_line(raw: str, *, path: str, line: int, schema: Schema) -> GoldItem:
    where = f"line {line}"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"not valid JSON: {exc.msg}", path=path, where=where) from exc
    if not isinstance(data, dict):
        raise SchemaError("a gold line must be a JSON object", path=path, where=where)
    for key in KEYS:
        if key not in data:
            raise SchemaError(f"missing key {key!r}", path=path, where=where)
        if not isinstance(data[key], str) or (key != "evidence" and not data[key].strip()):
            raise SchemaError(f"key {key!r} must be a non-empty string", path=path, where=where)
    if data["type"] not in schema.relations and data["type"] not in schema.aliases:
        raise SchemaError(f"unknown relationship type {data['type']!r}", path=path, where=where)
    if data["status"] not in schema.statuses:
        raise SchemaError(f"unknown status {data['status']!r} (known: "
                          f"{', '.join(schema.statuses)})", path=path, where=where)
    return GoldItem(data["article"].strip(), data["source"].strip(), data["target"].strip(),
                    data["type"], data["status"], data["evidence"], line)


def load_gold(path: str | Path, schema: Schema | None = None) -> list[GoldItem]:
    """Read and validate a gold file; errors name the file and the line."""
    schema = schema or get_schema()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"cannot read gold file: {exc.strerror}", path=str(p)) from exc
    items = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            items.append(parse_gold_line(raw, path=str(p), line=n, schema=schema))
    return items


def check_articles(items: list[GoldItem], docs: Path, gold_path: str | Path) -> None:
    """Every gold article must have `<docs>/<article>.txt`."""
    for item in items:
        if not (docs / f"{item.article}.txt").is_file():
            raise SchemaError(f"article {item.article!r} has no file {docs / item.article}.txt",
                              path=str(gold_path), where=f"line {item.line}")
