"""SQLAlchemy Core tables of the knowledge store.

The store holds documents, canonical entities with their names, and
statements. A statement keeps the names as written next to the entity ids they
resolved to, so resolution can change without losing what the source said.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

meta = Table(
    "lodemap_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("retrieved", String(32), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("stages", Text, nullable=False, default=""),
    Column("description", Text),
    Column("origin", String(16), nullable=False),
    Column("created_at", String(32), nullable=False),
)

aliases = Table(
    "aliases",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("entity_id", String(80), ForeignKey("entities.id"), primary_key=True),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("doc_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("subject_id", String(80), ForeignKey("entities.id"), nullable=False),
    Column("subject_text", Text, nullable=False),
    Column("predicate", String(40), nullable=False),
    Column("object_id", String(80), ForeignKey("entities.id")),
    Column("object_text", Text),
    Column("value", Text),
    Column("unit", String(32)),
    Column("qualifier", Text),
    Column("status", String(16), nullable=False),
    Column("date", String(10)),
    Column("evidence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("extractor", String(40), nullable=False),
    Column("extractor_version", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
)

# Entity-resolution decisions, append-only: rows are never updated or deleted; a
# newer row on the same pair supersedes an older one when clusters are rebuilt
# (lodemap.resolution). The pair is stored with the smaller id on the left.
judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(80), ForeignKey("entities.id"), nullable=False),
    Column("right_id", String(80), ForeignKey("entities.id"), nullable=False),
    Column("judgement", String(16), nullable=False),
    Column("author", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("reason", Text),
    CheckConstraint("judgement IN ('same', 'different', 'unsure')", name="ck_judgement"),
    sqlite_autoincrement=True,  # ids never reused: they order the log
)

Index("ix_statements_subject", statements.c.subject_id, statements.c.predicate)
Index("ix_statements_object", statements.c.object_id, statements.c.predicate)
Index("ix_statements_doc", statements.c.doc_id)
Index("ix_aliases_entity", aliases.c.entity_id)
