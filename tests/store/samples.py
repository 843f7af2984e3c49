"""Texts, entities and statements written for the store tests (shared by the SQLite-only
tests and the contract suite that runs on every backend)."""

from __future__ import annotations

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.statement import Statement

TEXT = (
    "Zephyr Magnetics signed a supply agreement with Quillon Minerals on Monday. "
    "Quillon Minerals will deliver separated oxide to the Zephyr plant from 2027. "
    "The Northern Minerals Finance Agency lent Zephyr Magnetics $40 million."
)
SENT1 = (0, 75)
SENT2 = (76, 152)


def entities() -> list[Entity]:
    return [
        Entity(id="zephyr", type="Company", name="Zephyr Magnetics", country="US",
               stages=["magnet", "alloy"],
               aliases=[("Zephyr Magnetics, Inc.", "alias"), ("NASDAQ:ZPHR", "ticker")]),
        Entity(id="quillon", type="Company", name="Quillon Minerals",
               aliases=[("Quillon Minerals Pty Ltd", "alias")]),
        Entity(id="nmfa", type="GovernmentBody", name="Northern Minerals Finance Agency",
               aliases=[("NMFA", "acronym")]),
    ]


def document(text: str = TEXT, **kw: str) -> Document:
    return Document(text=text, source="tests/zephyr.txt", title="Zephyr deal",
                    published="2026-03-02", **kw)


def st(doc: Document, subject: str, predicate: str, obj: str | None, span: tuple[int, int],
       status: str = "signed", **kw: object) -> Statement:
    names = {"zephyr": "Zephyr Magnetics", "quillon": "Quillon Minerals",
             "nmfa": "Northern Minerals Finance Agency", "ghost": "Ghost Co"}
    return Statement(
        doc_id=doc.id, subject_id=subject, subject_text=names[subject], predicate=predicate,
        object_id=obj, object_text=names[obj] if obj else None, status=status,
        evidence=doc.text[span[0]:span[1]], span_start=span[0], span_end=span[1],
        extractor="test", extractor_version="1", confidence=0.9, date="2026-03-02",
        **kw,  # type: ignore[arg-type]
    )


def statements(doc: Document) -> list[Statement]:
    return [
        st(doc, "quillon", "supplies", "zephyr", SENT1),
        st(doc, "quillon", "supplies", "zephyr", SENT2, status="announced"),
        st(doc, "nmfa", "funds", "zephyr", (153, len(TEXT)), status="completed"),
        st(doc, "nmfa", "amount", None, (153, len(TEXT)), status="completed",
           value="40000000", unit="USD"),
    ]
