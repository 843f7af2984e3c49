"""A batch full of bad input on a store that already holds documents: each bad document is
reported with its own reason, the good ones are stored, and nothing stored before changes."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.pipeline import Pipeline
from lodemap.store import Store

from .pdfmaker import make_pdf

EARLIER = """TITLE: Zephyr Magnetics signs supply deal

Zephyr Magnetics Inc. will supply 500 tonnes per year of sintered magnets to Borealis Motors Corp.
"""
LATER = EARLIER.replace("Zephyr", "Quill").replace("Borealis", "Aurora")


def rows(db: Path, table: str) -> dict[str, tuple[Any, ...]]:
    """Every row of a table by id, read straight from the SQLite file."""
    with sqlite3.connect(db) as conn:
        return {row[0]: row for row in conn.execute(f"SELECT * FROM {table}")}  # noqa: S608


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Secret offtake terms."]])))
    writer.encrypt(user_password="hunter2", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bad_files(folder: Path) -> dict[str, str]:
    """Bad documents written into `folder`: path -> the reason each must fail with."""
    folder.mkdir()
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "empty document: no text"),
        "noise.bin": (bytes(range(256)) * 16, "binary content: not text, HTML or PDF"),
        "cut.pdf": (make_pdf([["Cut short."]])[:200], "broken PDF: "),
        "locked.pdf": (encrypted_pdf(), "encrypted PDF"),
        "wide.txt": (
            b"\xff\xfe" + "Cut".encode("utf-16-le") + b"!",
            "cannot decode as UTF-16-LE: truncated data at byte 6",
        ),
        "deep.html": (
            b"<html><body>" + b"<div>" * 300 + b"<p>Deep.</p></body></html>",
            "HTML nested too deeply: over 250 levels",
        ),
        "app.html": (
            b"<html><head><script>main()</script></head><body></body></html>",
            "empty document: no text",
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(51_000_000)
    reasons = {str(folder / name): reason for name, (_, reason) in files.items()}
    reasons[str(folder / "huge.txt")] = "too large: 51 MB > 50 MB limit"
    return reasons


def test_failing_batch_leaves_stored_content_alone(
    pack_store: Store, tmp_path: Path, server: str
) -> None:
    db = tmp_path / "pack.db"
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(EARLIER, encoding="utf-8")
    assert [i.status for i in Pipeline(pack_store).ingest([str(earlier)]).items] == ["stored"]
    statements_before, documents_before = rows(db, "statements"), rows(db, "documents")
    assert statements_before

    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    expected = bad_files(tmp_path / "bad") | {
        f"{server}/nowhere": "fetch failed: HTTP 404",
        f"{server}/server-error": "fetch failed: HTTP 500",
        f"{server}/loop": "fetch failed: too many redirects",
        f"{server}/gzip-bomb": "fetch failed: decompressed body too large: over the 50 MB limit",
        f"{server}/endless": "fetch failed: too large: over the 50 MB limit",
        f"{server}/truncated": "fetch failed: truncated body: the connection closed before the end",
    }
    report = Pipeline(pack_store).ingest(
        [str(tmp_path / "bad"), str(later), *list(expected)[-6:], f"{server}/article.txt"]
    )

    failures = {i.source: i.error or "" for i in report.failed}
    assert set(failures) == set(expected)
    for source, reason in expected.items():
        assert failures[source].startswith(reason), (source, failures[source])
    stored = {i.source: i for i in report.items if i.status == "stored"}
    assert set(stored) == {str(later), f"{server}/article.txt"}

    statements_after, documents_after = rows(db, "statements"), rows(db, "documents")
    assert {k: statements_after[k] for k in statements_before} == statements_before
    assert {k: documents_after[k] for k in documents_before} == documents_before
    new_documents = set(documents_after) - set(documents_before)
    assert new_documents == {i.doc_id for i in stored.values()}
    new_statements = {k: v for k, v in statements_after.items() if k not in statements_before}
    assert new_statements, "the good documents in the batch gave statements"
    later_ids = {s.id for s in pack_store.statements_for_document(stored[str(later)].doc_id or "")}
    assert later_ids and later_ids <= set(new_statements)


def test_cli_exit_code_and_failure_list(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    inputs = tmp_path / "inputs"
    reasons = bad_files(inputs)
    good = inputs / "good.txt"
    good.write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(inputs), "--db", db])
    assert result.exit_code == 1
    for source, reason in reasons.items():
        assert f"failed {source}: {reason}" in result.output
    assert f"1 stored, 0 unchanged, {len(reasons)} failed" in result.output

    as_json = CliRunner().invoke(app, ["ingest", str(inputs), "--db", db, "--json"])
    assert as_json.exit_code == 1
    items = json.loads(as_json.stdout)["items"]
    failed = {i["source"]: i["error"] for i in items if i["status"] == "failed"}
    assert set(failed) == set(reasons)
    assert [i["status"] for i in items if i["source"] == str(good)] == ["unchanged"]
