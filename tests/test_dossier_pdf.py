"""The PDF dossier: it opens, and its text is the HTML dossier's text."""

from __future__ import annotations

import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

from lodemap.dossier import build_dossier, render, render_bytes
from lodemap.ledger import find_entity
from lodemap.pipeline import Pipeline
from lodemap.store import Store


class _Text(HTMLParser):
    """The visible text of an HTML page (no head, style or script)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


def test_pdf_opens_and_says_what_the_html_says(demo_store: Store) -> None:
    dossier = build_dossier(demo_store, find_entity(demo_store, "USA Rare Earth"),
                            generated="2026-11-22")
    html = render(dossier, "html")
    pdf = render_bytes(dossier, "pdf")
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    pdf_words = _words(" ".join(page.extract_text() for page in reader.pages))
    parser = _Text()
    parser.feed(html)
    html_words = _words(" ".join(parser.parts))
    # Page numbers ("1 / 7") are the PDF's own; otherwise every word of the HTML is in
    # the PDF as often (line breaks may split a hyphenated word, hence a small slack).
    missing = html_words - pdf_words
    assert sum(missing.values()) <= 0.01 * sum(html_words.values()), missing.most_common(10)
    for name in ("Arnold Magnetic Technologies", "Round Top", "Stillwater"):
        assert name.lower().split()[0] in pdf_words


def test_pdf_shows_planted_markup_as_text(pack_store: Store, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "TITLE: Zephyr deal\n\n"
        "Zephyr Magnetics Inc. signed a supply agreement with USA Rare Earth "
        "<script>alert(1)</script> for magnets.\n", encoding="utf-8")
    Pipeline(pack_store).ingest([str(hostile)])
    dossier = build_dossier(pack_store, find_entity(pack_store, "USA Rare Earth"),
                            generated="2026-11-22")
    assert "<script>" not in render(dossier, "html")
    text = " ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(render_bytes(dossier, "pdf"))).pages)
    assert "<script>alert(1)</script>" in text  # shown as the text it is, never run
