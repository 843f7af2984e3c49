"""load_bytes on plain text, HTML and PDF, and each per-document failure."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import pytest
from pypdf import PdfWriter

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest import load_bytes
from lodemap.ingest.loaders import LOADERS, Loader, loader

from .conftest import ARTICLE_HTML
from .pdfmaker import make_pdf

BODY = (
    "Meridian Metals  agreed to sell  dysprosium oxide to Kestrel Motors.\n"
    "\n"
    "    The contract starts in March; terms were not disclosed.\n"
    "Trailing spaces stay.   \n"
)
TEXT_FILE = "URL: https://example.com/meridian\nDATE: May 20, 2019\nTITLE: Meridian deal\n\n" + BODY


def fail(data: bytes, **kwargs: object) -> DocumentError:
    kwargs.setdefault("source", "input.bin")
    with pytest.raises(DocumentError) as caught:
        load_bytes(data, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- plain text ---------------------------------------------------------------------------


def test_text_headers_and_exact_body() -> None:
    document = load_bytes(TEXT_FILE.encode(), source="articles/meridian.txt")
    assert document.text == BODY
    assert document.source == "articles/meridian.txt"
    assert document.url == "https://example.com/meridian"
    assert document.title == "Meridian deal"
    assert document.published == "2019-05-20"
    assert document.media_type == "text/plain"
    assert document.kind == "article"
    start = document.text.index("dysprosium oxide")
    assert document.text[start : start + 16] == "dysprosium oxide"
    assert document.id == Document(text=BODY, source="elsewhere").id


def test_text_without_headers_is_whole_file() -> None:
    document = load_bytes(BODY.encode(), source="plain.txt")
    assert document.text == BODY
    assert (document.url, document.title, document.published) == (None, None, None)


def test_text_date_unknown_and_explicit_url_wins() -> None:
    data = b"URL: https://example.com/header\nDATE: unknown\n\nSome body text.\n"
    document = load_bytes(data, source="x.txt", url="https://example.com/fetched")
    assert document.published is None
    assert document.url == "https://example.com/fetched"


def test_crlf_and_bom_normalised() -> None:
    data = "\ufeffTITLE: Windows file\r\n\r\nLine one.\r\nLine two.\r\n".encode()
    document = load_bytes(data, source="win.txt")
    assert document.title == "Windows file"
    assert document.text == "Line one.\nLine two.\n"


def test_cp1252_file() -> None:
    data = "TITLE: Caf\u00e9 news\n\nThe \u201cNi\u00f1o\u201d mine \u2013 now open.\n".encode(
        "cp1252"
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = load_bytes(data, source="legacy.txt")
    assert document.title == "Caf\u00e9 news"
    assert document.text == "The \u201cNi\u00f1o\u201d mine \u2013 now open.\n"


def test_latin1_fallback_when_cp1252_fails() -> None:
    data = b"Byte \x81 is undefined in cp1252 but fine in latin-1: \xe9.\n"
    document = load_bytes(data, source="odd.txt")
    assert document.text == "Byte \x81 is undefined in cp1252 but fine in latin-1: \u00e9.\n"


def test_utf16_with_bom() -> None:
    data = "TITLE: Wide\n\nUTF-16 body about gallium.\n".encode("utf-16")
    document = load_bytes(data, source="wide.txt")
    assert (document.title, document.text) == ("Wide", "UTF-16 body about gallium.\n")


# --- HTML -----------------------------------------------------------------------------------


def test_html_article() -> None:
    document = load_bytes(ARTICLE_HTML, source="saved/harbour.html")
    assert document.media_type == "text/html"
    assert "separated neodymium and praseodymium oxide" in document.text
    assert "Lantern Magnetics" in document.text
    for leaked in ("alert(1)", "SECRET-SCRIPT-TOKEN", "SECOND-SCRIPT-TOKEN", "font-family"):
        assert leaked not in document.text
    assert document.title == "Harbour Rare Earths opens separation plant"
    assert document.published == "2022-08-16"
    assert document.url == "https://news.example.org/2022/harbour-separation-plant"


def test_html_sniffed_without_suffix_and_title_fallback() -> None:
    page = (
        b"<html><head><title>Fallback  title</title><style>p{margin:0}</style></head>"
        b"<body><p>Osprey Tin restarted its smelter after a two-month outage, the company "
        b"said.</p><script>alert(1)</script></body></html>"
    )
    document = load_bytes(page, source="download-without-suffix")
    assert document.media_type == "text/html"
    assert "Osprey Tin restarted its smelter" in document.text
    assert "alert" not in document.text
    assert "margin" not in document.text
    assert document.title == "Fallback title"
    assert document.published is None


def test_html_stdlib_fallback_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    document = load_bytes(ARTICLE_HTML, source="page.html")
    assert "Lantern Magnetics" in document.text
    assert "alert(1)" not in document.text
    assert "SECRET-SCRIPT-TOKEN" not in document.text
    assert "font-family" not in document.text


def test_html_declared_by_suffix() -> None:
    fragment = b"<p>Plover Nickel cut its output forecast for the year.</p>"
    assert load_bytes(fragment, source="clip.htm").media_type == "text/html"
    assert load_bytes(fragment, source="clip.txt").media_type == "text/plain"


# --- PDF ------------------------------------------------------------------------------------

PDF_PAGES = [
    ["Thistle Resources annual report", "Revenue from zircon sales rose (again)."],
    ["Page two: the Wren Creek project entered feasibility."],
]


def test_pdf_text_and_metadata() -> None:
    pdf = make_pdf(PDF_PAGES, title="Thistle annual report", created="D:20210304120000Z")
    document = load_bytes(pdf, source="reports/thistle.pdf")
    assert document.media_type == "application/pdf"
    assert document.title == "Thistle annual report"
    assert document.published == "2021-03-04"
    assert document.text == (
        "Thistle Resources annual report\nRevenue from zircon sales rose (again).\n\n"
        "Page two: the Wren Creek project entered feasibility."
    )


def test_pdf_sniffed_without_suffix() -> None:
    document = load_bytes(make_pdf(PDF_PAGES), source="blob")
    assert document.media_type == "application/pdf"
    assert document.title is None
    assert "Wren Creek" in document.text


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_broken(keep: float) -> None:
    pdf = make_pdf(PDF_PAGES, title="Cut short")
    error = fail(pdf[: int(len(pdf) * keep)], source="cut.pdf")
    assert error.source == "cut.pdf"
    assert error.reason.startswith("broken PDF: ")


def test_not_a_pdf_named_pdf_is_broken() -> None:
    error = fail(b"This is plain text with a misleading name.\n", source="fake.pdf")
    assert error.reason == "broken PDF: no %PDF- header"


def test_encrypted_pdf() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(PDF_PAGES)))
    writer.encrypt(user_password="hunter2", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    error = fail(out.getvalue(), source="locked.pdf")
    assert (error.source, error.reason) == ("locked.pdf", "encrypted PDF")


def test_pdf_encrypted_with_empty_user_password_is_read() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(PDF_PAGES)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "Wren Creek" in load_bytes(out.getvalue(), source="restricted.pdf").text


def test_pdf_without_text_is_empty() -> None:
    error = fail(make_pdf([[]]), source="scan.pdf")
    assert (error.source, error.reason) == ("scan.pdf", "empty document: no text")


# --- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", "\ufeff\n".encode(), b"TITLE: Header only\nDATE: 2020\n\n"],
    ids=["empty", "whitespace", "bom-only", "headers-only"],
)
def test_empty_documents(data: bytes) -> None:
    error = fail(data, source="blank.txt")
    assert (error.source, error.reason) == ("blank.txt", "empty document: no text")


def test_empty_html() -> None:
    page = b"<html><head><script>alert(1)</script></head><body>  </body></html>"
    error = fail(page, source="blank.html")
    assert error.reason == "empty document: no text"


def test_binary_content() -> None:
    noise = bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00\x00"
    error = fail(noise, source="noise.dat")
    assert (error.source, error.reason) == ("noise.dat", "binary content: not text, HTML or PDF")


def test_control_characters_are_binary() -> None:
    data = b"ab\x01\x02\x03\x04\x05\x06cd" * 50
    assert fail(data, source="ctl.txt").reason == "binary content: not text, HTML or PDF"


def test_image_declared_type_is_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)
    error = fail(png, source="photo.png", media_type="image/png")
    assert error.reason == "binary content: not text, HTML or PDF"


def test_too_large() -> None:
    error = fail(b"scandium " * 20, source="big.txt", max_bytes=100)
    assert (error.source, error.reason) == ("big.txt", "too large: 180 bytes > 100 bytes limit")
    assert error.hint == "raise LODEMAP_MAX_MB (in MB) to read larger documents"
    assert load_bytes(b"scandium " * 10, source="ok.txt", max_bytes=100).text


# --- plugin registry ------------------------------------------------------------------------


@pytest.fixture
def registry() -> Iterator[dict[str, Loader]]:
    saved = dict(LOADERS)
    yield LOADERS
    LOADERS.clear()
    LOADERS.update(saved)


def test_plugin_loader_by_declared_type(registry: dict[str, Loader]) -> None:
    @loader("application/x-lodemap-test")
    def load_test(data: bytes, *, source: str, url: str | None) -> Document:
        return Document(text=data[::-1].decode("latin-1"), source=source, url=url)

    assert "application/x-lodemap-test" in registry
    data = b"\x00\x01.elbadaer si yranib ylhtooms"
    document = load_bytes(data, source="x.blob", media_type="application/x-lodemap-test")
    assert document.text.startswith("smoothly binary is readable.")
