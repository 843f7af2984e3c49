"""Tests for lodemap.pack: the bundled knowledge pack and invalid copies of it."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from lodemap.errors import SchemaError
from lodemap.pack import EXTRACTOR, Pack, load_pack, statements
from lodemap.schema import get_schema

FILES = ("entities.yaml", "relationships.csv", "figures.csv")
_SAFE_LOAD = yaml.safe_load


@pytest.fixture(autouse=True)
def _fast_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse with libyaml where available: same results, about ten times faster."""
    if hasattr(yaml, "CSafeLoader"):
        monkeypatch.setattr(yaml, "safe_load",
                            lambda stream: yaml.load(stream, Loader=yaml.CSafeLoader))


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


def test_bundled_pack_size(pack: Pack) -> None:
    assert len(pack.entities) >= 60
    assert pack.relationships
    assert pack.figures
    assert len(pack.version) == 8


def test_entity_ids_unique_and_types_valid(pack: Pack) -> None:
    schema = get_schema()
    ids = [e.id for e in pack.entities]
    assert len(ids) == len(set(ids))
    for ent in pack.entities:
        assert ent.type in schema.entity_types, ent.id
        assert not schema.entity_type(ent.type).abstract, ent.id
        assert ent.name.strip(), ent.id
        assert ent.origin == "pack"
        for stage in ent.stages:
            assert stage in schema.stages, (ent.id, stage)
        for text, kind in ent.aliases:
            assert kind in ("alias", "ticker"), (ent.id, text)


@pytest.mark.parametrize("kind", ["relationships", "figures"])
def test_every_row_is_sourced(pack: Pack, kind: str) -> None:
    rows: list[dict[str, str]] = getattr(pack, kind)
    for i, row in enumerate(rows, start=2):
        assert row["source_url"].startswith(("http://", "https://")), (kind, i)
        assert row["source_date"], (kind, i)
        assert row["source_date"][:4].isdigit(), (kind, i, row["source_date"])


def test_relationship_rows_are_schema_valid(pack: Pack) -> None:
    schema = get_schema()
    types = {e.id: e.type for e in pack.entities}
    for row in pack.relationships:
        assert row["type"] in schema.relations
        assert row["status"] in schema.statuses
        assert schema.accepts(row["type"], types[row["source"]], types[row["target"]]), row


def test_statements_cite_reference_documents(pack: Pack) -> None:
    grouped = statements(pack)
    assert grouped
    ids = {e.id for e in pack.entities}
    total = 0
    for doc_id, (doc, sts) in grouped.items():
        assert doc_id.startswith("ref-")
        assert doc.id == doc_id
        assert doc.kind == "reference"
        assert doc.url and doc.url.startswith(("http://", "https://"))
        assert sts
        for st in sts:
            total += 1
            assert st.doc_id == doc_id
            assert st.extractor == EXTRACTOR == "lodemap.pack"
            assert st.extractor_version == pack.version
            assert st.subject_id in ids
            assert st.object_id is None or st.object_id in ids
            assert st.evidence
    assert total >= len(pack.relationships) + len(pack.figures)
    rel_count = sum(1 for _, sts in grouped.values() for s in sts if s.is_relationship)
    assert rel_count == len(pack.relationships)


def test_statement_ids_are_stable(pack: Pack) -> None:
    first = {s.id for _, sts in statements(pack).values() for s in sts}
    second = {s.id for _, sts in statements(load_pack()).values() for s in sts}
    assert first == second


# ---- invalid packs -------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    src = resources.files("lodemap") / "data" / "pack"
    dest = tmp_path / "pack"
    dest.mkdir()
    for name in FILES:
        (dest / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    return dest


def _edit_csv(path: Path, edit: Callable[[list[dict[str, str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _edit_entities(path: Path, edit: Callable[[list[dict[str, Any]]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


ROW = 4  # the 0-based data row we break; the header is line 1, so this is line ROW + 2


def _rel(field: str, value: str) -> Callable[[Path], None]:
    def go(folder: Path) -> None:
        def edit(rows: list[dict[str, str]]) -> None:
            rows[ROW][field] = value
        _edit_csv(folder / "relationships.csv", edit)
    return go


def _fig(field: str, value: str) -> Callable[[Path], None]:
    def go(folder: Path) -> None:
        def edit(rows: list[dict[str, str]]) -> None:
            rows[ROW][field] = value
        _edit_csv(folder / "figures.csv", edit)
    return go


@cache
def _place_and_company() -> tuple[str, str]:
    pk = load_pack()
    place = next(e.id for e in pk.entities if e.type == "Place")
    company = next(e.id for e in pk.entities if e.type == "Company")
    return place, company


def _place_operates_company(folder: Path) -> None:
    place, company = _place_and_company()

    def edit(rows: list[dict[str, str]]) -> None:
        rows[ROW].update(source=place, type="operates", target=company)
    _edit_csv(folder / "relationships.csv", edit)


CSV_CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    # (id, mutation, file, words in the message)
    ("unknown-source", _rel("source", "no-such-entity"), "relationships.csv", "no-such-entity"),
    ("unknown-target", _rel("target", "ghost-metals"), "relationships.csv", "ghost-metals"),
    ("missing-source-url", _rel("source_url", ""), "relationships.csv", "source URL"),
    ("non-http-source-url", _rel("source_url", "ftp://files.example.org/a"),
     "relationships.csv", "source URL"),
    ("types-not-accepted", _place_operates_company, "relationships.csv", "operates"),
    ("figure-unknown-subject", _fig("subject", "nobody-at-all"), "figures.csv", "nobody-at-all"),
    ("figure-missing-source-url", _fig("source_url", ""), "figures.csv", "source URL"),
    ("unknown-relationship-type", _rel("type", "sells_to"), "relationships.csv", "sells_to"),
    ("unknown-status", _rel("status", "rumoured"), "relationships.csv", "rumoured"),
    ("figure-unknown-property", _fig("property", "colour"), "figures.csv", "colour"),
]


@pytest.mark.parametrize(("mutate", "filename", "words"), [c[1:] for c in CSV_CASES],
                         ids=[c[0] for c in CSV_CASES])
def test_invalid_row_names_file_and_line(tmp_path: Path, mutate: Callable[[Path], None],
                                         filename: str, words: str) -> None:
    folder = _copy(tmp_path)
    mutate(folder)
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    err = exc.value
    assert err.path == str(folder / filename)
    assert err.where == f"line {ROW + 2}"
    assert f"line {ROW + 2}" in str(err)
    assert words in str(err)


def _dup(data: list[dict[str, Any]]) -> None:
    data.append(dict(data[3]))


def _no_name(data: list[dict[str, Any]]) -> None:
    del data[2]["name"]


def _bad_type(data: list[dict[str, Any]]) -> None:
    data[2]["type"] = "Mine"


def _bad_stage(data: list[dict[str, Any]]) -> None:
    data[0]["stages"] = ["mining", "smelting"]


def test_duplicate_entity_id_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "entities.yaml").read_text(encoding="utf-8"))
    dup_id, last = data[3]["id"], len(data)  # the copy is appended as entry `last`
    _edit_entities(folder / "entities.yaml", _dup)
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    assert exc.value.path == str(folder / "entities.yaml")
    assert exc.value.where == f"entities[{last}]"
    assert "duplicate" in str(exc.value)
    assert dup_id in str(exc.value)


def test_entity_missing_name(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit_entities(folder / "entities.yaml", _no_name)
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    assert exc.value.path == str(folder / "entities.yaml")
    assert exc.value.where == "entities[2]"
    assert "name" in exc.value.reason


@pytest.mark.parametrize(("edit", "index"), [(_bad_type, 2), (_bad_stage, 0)],
                         ids=["bad-type", "bad-stage"])
def test_entity_bad_vocabulary_names_entry(
        tmp_path: Path, edit: Callable[[list[dict[str, Any]]], None], index: int) -> None:
    folder = _copy(tmp_path)
    _edit_entities(folder / "entities.yaml", edit)
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    assert exc.value.path == str(folder / "entities.yaml")
    assert exc.value.where == f"entities[{index}]"
    assert ("Mine" if index else "smelting") in str(exc.value)


def test_entities_not_a_list(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "entities.yaml").write_text("usa: {type: Company}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    assert exc.value.path == str(folder / "entities.yaml")


def test_missing_csv_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("source_url", "url")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SchemaError) as exc:
        load_pack(folder)
    assert exc.value.path == str(path)
    assert "source_url" in str(exc.value)


def test_copied_pack_has_same_version(tmp_path: Path, pack: Pack) -> None:
    folder = _copy(tmp_path)
    copied = load_pack(folder)
    assert copied.version == pack.version
    assert copied.folder == str(folder)
    assert len(copied.entities) == len(pack.entities)
    shutil.rmtree(folder)
