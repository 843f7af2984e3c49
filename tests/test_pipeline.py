"""Ingest end to end on real SQLite files: storing, idempotency, bad input in a batch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lodemap.document import Document
from lodemap.extract.extractor import Extraction
from lodemap.pipeline import Pipeline, load_pack_into
from lodemap.store import Store

GOOD = """URL: https://example.org/zephyr-news
DATE: 2026-02-03
TITLE: Zephyr Magnetics signs supply deal

Zephyr Magnetics Inc. signed a supply agreement with Borealis Motors Corp. in February.
Zephyr Magnetics will supply 500 tonnes per year of sintered magnets to Borealis Motors Corp.
"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article.txt":
            body = GOOD.replace("Zephyr", "Quill").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_ingest_stores_statements_with_provenance(pack_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "good.txt"
    doc.write_text(GOOD, encoding="utf-8")
    report = Pipeline(pack_store).ingest([str(doc)])
    assert [i.status for i in report.items] == ["stored"]
    zephyr = pack_store.list_entities(query="Zephyr Magnetics")
    assert [e.name for e in zephyr] == ["Zephyr Magnetics Inc."]
    sts = pack_store.statements_about(zephyr[0].id)
    rels = [s for s in sts if s.object_id]
    assert rels, "the supply sentence gives a relationship"
    for s in sts:
        assert s.doc_id == report.items[0].doc_id
        text = pack_store.documents_by_id([s.doc_id])[s.doc_id].text
        assert text[s.span_start:s.span_end] == s.evidence
        assert s.extractor == "lodemap.rules" and s.extractor_version
        assert s.date == "2026-02-03"
        assert s.first_seen and s.last_seen
    supplies = [s for s in rels if s.predicate == "supplies"]
    assert {(s.subject_text, s.object_text) for s in supplies} >= {
        ("Zephyr Magnetics", "Borealis Motors Corp.")}


def test_reingest_is_a_no_op(pack_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "good.txt"
    doc.write_text(GOOD, encoding="utf-8")
    copy = tmp_path / "copy" / "same.txt"
    copy.parent.mkdir()
    copy.write_text(GOOD, encoding="utf-8")
    pipeline = Pipeline(pack_store)
    pipeline.ingest([str(doc)])
    before = pack_store.stats()
    again = Pipeline(pack_store).ingest([str(doc), str(copy)])
    assert [i.status for i in again.items] == ["unchanged", "unchanged"]
    assert pack_store.stats() == before
    assert load_pack_into(pack_store) == {"entities": 0, "statements": 0}
    assert pack_store.stats() == before


def test_a_stored_document_is_not_extracted_again(pack_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "good.txt"
    doc.write_text(GOOD, encoding="utf-8")
    Pipeline(pack_store).ingest([str(doc)])
    again = Pipeline(pack_store)
    extracted: list[str] = []
    extract = again.extractor.extract

    def counting(document: Document) -> Extraction:
        extracted.append(document.source)
        return extract(document)

    again.extractor.extract = counting  # type: ignore[method-assign]
    other = tmp_path / "other.txt"
    other.write_text(GOOD.replace("Zephyr", "Quillon"), encoding="utf-8")
    report = again.ingest([str(doc), str(other)])
    assert [i.status for i in report.items] == ["unchanged", "stored"]
    assert extracted == [str(other)]


def test_bad_input_is_reported_and_the_batch_goes_on(pack_store: Store, tmp_path: Path,
                                                      server: str) -> None:
    good = tmp_path / "a_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "c_binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "d_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n")
    missing = str(tmp_path / "e_missing.txt")
    items = [str(good), str(tmp_path / "b_empty.txt"), str(tmp_path / "c_binary.bin"),
             str(tmp_path / "d_broken.pdf"), missing, f"{server}/gone",
             f"{server}/article.txt"]
    report = Pipeline(pack_store).ingest(items)
    by_source = {i.source: i for i in report.items}
    assert by_source[str(good)].status == "stored"
    assert by_source[f"{server}/article.txt"].status == "stored"
    reasons = {i.source: i.error or "" for i in report.failed}
    assert reasons[str(tmp_path / "b_empty.txt")].startswith("empty document")
    assert reasons[str(tmp_path / "c_binary.bin")].startswith("binary content")
    assert reasons[str(tmp_path / "d_broken.pdf")].startswith("broken PDF")
    assert reasons[missing].startswith("cannot read")
    assert reasons[f"{server}/gone"].startswith("fetch failed: HTTP 404")
    assert len(report.failed) == 5
    assert pack_store.stats()["documents"] == 2
    assert pack_store.list_entities(query="Quill Magnetics")


def test_html_and_pdf_documents_flow_through_with_their_metadata(pack_store: Store,
                                                                   tmp_path: Path) -> None:
    from .ingest.pdfmaker import make_pdf

    html = tmp_path / "story.html"
    html.write_text(
        "<html><head><title>Zephyr deal</title>"
        '<meta property="article:published_time" content="2026-04-02">'
        "<script>document.write('ignored')</script></head><body><article>"
        "<p>Zephyr Magnetics Inc. signed a supply agreement with Borealis Motors Corp. "
        "for sintered magnets used in traction motors.</p>"
        "<p>The agreement covers five years of deliveries from its new plant.</p>"
        "</article></body></html>", encoding="utf-8")
    pdf = tmp_path / "filing.pdf"
    pdf.write_bytes(make_pdf([["Quill Metals Corp. acquired Tamsin Minerals Ltd in June."]],
                             title="Quill filing"))
    report = Pipeline(pack_store).ingest([str(html), str(pdf)])
    assert [i.status for i in report.items] == ["stored", "stored"]
    docs = pack_store.documents_by_id(i.doc_id for i in report.items if i.doc_id)
    by_type = {d.media_type: d for d in docs.values()}
    assert by_type["text/html"].title == "Zephyr deal"
    assert "ignored" not in by_type["text/html"].text
    assert by_type["application/pdf"].title == "Quill filing"
    quill = pack_store.list_entities(query="Quill Metals")
    acquired = [s for s in pack_store.statements_about(quill[0].id) if s.predicate == "acquires"]
    assert acquired and acquired[0].object_text == "Tamsin Minerals Ltd"


def test_known_organisations_enter_the_store_when_a_document_names_them(
        pack_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "index.txt"
    doc.write_text("Honeywell signed a supply agreement with Zephyr Magnetics Inc. for "
                   "magnets.\n", encoding="utf-8")
    before = {e.id for e in pack_store.list_entities()}
    Pipeline(pack_store).ingest([str(doc)])
    added = [e for e in pack_store.list_entities() if e.id not in before]
    known = [e for e in added if e.name.startswith("Honeywell")]
    assert len(known) == 1 and known[0].origin in ("index", "curated")
    rels = [s for s in pack_store.statements_about(known[0].id) if s.object_id]
    assert rels and rels[0].predicate == "supplies"
