"""Bad files and bytes: size limits, encodings, hostile HTML. Each failure is one specific
DocumentError naming the document; what can be read is read exactly."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from lodemap.errors import DocumentError, LodemapError
from lodemap.ingest import load_bytes, load_source
from lodemap.ingest.html import MAX_DEPTH, MAX_ELEMENTS

ARTICLE = "Wren Creek shipped its first nickel concentrate to Kestrel Refining on Monday.\n"
PARAGRAPH = f"<p>{ARTICLE.strip()}</p>"


def fail(data: bytes, source: str = "bad.txt", **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_bytes(data, source=source, **kwargs)  # type: ignore[arg-type]
    assert caught.value.source == source
    return caught.value


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


# --- size -------------------------------------------------------------------------------


def test_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:  # sparse: 60 MB on paper, nothing on disk
        file.truncate(60_000_000)
    with pytest.raises(DocumentError) as caught:
        load_source(str(huge))
    assert (caught.value.source, caught.value.reason) == (
        str(huge),
        "too large: 60 MB > 50 MB limit",
    )


def test_size_limit_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE * 30, encoding="utf-8")  # 2.4 kB
    assert load_source(str(article)).text == ARTICLE * 30
    monkeypatch.setenv("LODEMAP_MAX_MB", "0.002")
    with pytest.raises(DocumentError) as caught:
        load_source(str(article))
    assert caught.value.reason == "too large: 2.4 kB > 2 kB limit"
    monkeypatch.setenv("LODEMAP_MAX_MB", "lots")
    with pytest.raises(LodemapError) as bad:
        load_source(str(article))
    assert not isinstance(bad.value, DocumentError)  # a bad setting stops the run
    assert bad.value.message == "LODEMAP_MAX_MB='lots' is not a size"


def test_limit_shown_exactly_when_rounding_would_hide_it() -> None:
    error = fail(b"x" * 1001, max_bytes=1000)
    assert error.reason == "too large: 1,001 bytes > 1,000 bytes limit"


# --- encodings --------------------------------------------------------------------------

TEXT = "TITLE: Café report\n\nThe “Niño” mine – 1,200 t of ore – reopened.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-32"), id="utf-32-bom"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), id="utf-8-bom"),
        pytest.param(TEXT.encode("cp1252"), id="cp1252"),
        pytest.param(
            TEXT.encode()[: TEXT.encode().index(b"1,200")]
            + "1,200 t of ore – reopened.\n".encode("cp1252"),
            id="utf-8-then-cp1252",
        ),
    ],
)
def test_encodings_without_declaration(data: bytes) -> None:
    document = load_bytes(data, source="odd.txt")
    assert (document.title, document.text) == (
        "Café report",
        "The “Niño” mine – 1,200 t of ore – reopened.\n",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            codecs.BOM_UTF16_LE + "Cut short".encode("utf-16-le") + b"!",
            "cannot decode as UTF-16-LE: truncated data at byte 18",
            id="utf-16-odd-length",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "Lone ".encode("utf-16-le") + b"\x00\xd8x\x00",
            "cannot decode as UTF-16-LE: illegal UTF-16 surrogate at byte 10",
            id="utf-16-lone-surrogate",
        ),
        pytest.param(
            b"Text " + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40,
            "cannot decode text: 98% of characters are control characters "
            "(read as utf-8, else cp1252 per byte)",
            id="undefined-cp1252-bytes",
        ),
        pytest.param(
            ARTICLE.encode() * 120 + bytes(range(1, 9)) * 3000,
            "cannot decode text: 72% of characters are control characters (read as utf-8)",
            id="text-then-binary-after-the-sniffed-start",
        ),
    ],
)
def test_undecodable_text(data: bytes, reason: str) -> None:
    error = fail(data)
    assert error.reason == reason
    assert error.hint


def test_truncated_utf8_keeps_everything_before_the_cut() -> None:
    data = (ARTICLE + "Prices rose – ").encode()[:-2]  # cut inside the dash
    # The two bytes left of the dash are read as cp1252 (no text is lost or refused).
    assert load_bytes(data, source="cut.txt").text == ARTICLE + "Prices rose â€"


def test_nul_characters_after_the_sniffed_start_are_dropped() -> None:
    data = (ARTICLE * 120 + ARTICLE.replace("nickel", "nic\x00kel")).encode()
    assert load_bytes(data, source="n.txt").text == ARTICLE * 121


def test_empty_after_decoding() -> None:
    error = fail(codecs.BOM_UTF16_LE + " \n\t".encode("utf-16-le"), source="wide-blank.txt")
    assert error.reason == "empty document: no text"


# --- HTML -------------------------------------------------------------------------------


def test_html_nested_too_deeply() -> None:
    levels = MAX_DEPTH + 50
    error = fail(page("<div>" * levels + PARAGRAPH + "</div>" * levels), source="deep.html")
    assert error.reason == "HTML nested too deeply: over 250 levels"


def test_html_nested_deeply_but_within_the_limit_is_read() -> None:
    levels = MAX_DEPTH - 10
    document = load_bytes(page("<div>" * levels + PARAGRAPH + "</div>" * levels), source="d.html")
    assert "Kestrel Refining" in document.text


def test_html_with_too_many_elements() -> None:
    error = fail(page("<span>a</span>" * (MAX_ELEMENTS + 1)), source="spans.html")
    assert error.reason == "HTML has too many elements: over 100,000"


def test_html_with_scripts_and_styles_only() -> None:
    head = "<style>body { color: red }</style><script>var article = 'hidden';</script>"
    error = fail(page("<script>document.write('x')</script>", head), source="app.html")
    assert error.reason == "empty document: no text"
    assert error.hint is not None and "JavaScript" in error.hint


def test_html_many_entities_are_text_not_expansion() -> None:
    data = page("<p>" + "&amp;&lt;&eacute;" * 50_000 + "</p>" + PARAGRAPH)
    document = load_bytes(data, source="entities.html")
    assert "&<é&<é" in document.text
    assert "Kestrel Refining" in document.text


def test_html_entity_bomb_in_doctype_is_not_expanded() -> None:
    laughs = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    body = f"<body>{PARAGRAPH}<p>&lol9;</p></body>"
    data = f'<!DOCTYPE html [<!ENTITY lol0 "lol">{laughs}]><html>{body}</html>'
    document = load_bytes(data.encode(), source="laughs.html")
    assert "Kestrel Refining" in document.text
    assert "lollol" not in document.text
    assert len(document.text) < 1000


def test_truncated_html_reads_what_arrived() -> None:
    data = page(PARAGRAPH + "<p>The second paragraph was never finished")
    document = load_bytes(data[: data.index(b"finished") + 3], source="cut.html")
    assert "Kestrel Refining" in document.text


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="windows-1251">', "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r"),
    ],
)
def test_html_meta_charset(meta: str, encoding: str) -> None:
    text = "Норникель нарастил выпуск никеля в первом квартале, сообщила компания."
    data = page(f"<p>{text}</p>", meta).decode().encode(encoding)
    assert load_bytes(data, source="ru.html").text == text


def test_html_meta_charset_that_lies_is_overruled_by_the_bytes() -> None:
    data = page("<p>Café owners said the “Niño” mine reopened after a long strike.</p>",
                '<meta charset="utf-8">').decode().encode("cp1252")
    assert load_bytes(data, source="lies.html").text == (
        "Café owners said the “Niño” mine reopened after a long strike."
    )


def test_html_in_utf16_without_bom() -> None:
    data = page(PARAGRAPH).decode().encode("utf-16-le")
    document = load_bytes(data, source="wide.html")
    assert (document.media_type, document.text) == ("text/html", ARTICLE.strip())
