"""Property-based tests of the text and HTML loaders, the decoder and the header parser:
arbitrary input fails only with DocumentError, and what is valid comes through whole."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lodemap.errors import DocumentError
from lodemap.ingest import load_bytes, parse_headers
from lodemap.ingest.charset import decode, normalise_newlines
from lodemap.ingest.headers import KNOWN_KEYS

MODEST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a person writes: no control characters, surrogates, private-use or unassigned points.
PRINTABLE = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn"), whitelist_characters="\n\t"
)
KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,31}", fullmatch=True)
# A header value: one line, no blanks at either end (the parser trims spaces and tabs).
VALUE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
).map(lambda v: v.strip(" \t"))
TAGS = ["p", "div", "span", "script", "style", "title", "head", "body", "html", "b", "li"]
HTML_PIECES = st.one_of(
    st.sampled_from([f"<{t}>" for t in TAGS] + [f"</{t}>" for t in TAGS]),
    st.sampled_from(["<!--", "-->", "<!DOCTYPE html>", "&amp;", "&#x0;", "&#xD800;", "<![CDATA["]),
    st.text(max_size=20),
)


def load(data: bytes, source: str) -> None:
    """Load, allowing only DocumentError (naming the document, with a reason) to escape."""
    failure: DocumentError | None = None
    try:
        document = load_bytes(data, source=source)
    except DocumentError as error:
        failure = error
    if failure is None:
        assert document.text.strip()
    else:
        assert (failure.source, bool(failure.reason)) == (source, True)


@MODEST
@given(st.binary(max_size=2000))
def test_any_bytes_as_text_fail_only_with_document_error(data: bytes) -> None:
    load(data, "any.txt")


@MODEST
@given(st.lists(HTML_PIECES, max_size=40).map("".join), st.sampled_from(["utf-8", "utf-16"]))
def test_any_markup_as_html_fails_only_with_document_error(markup: str, encoding: str) -> None:
    load(("<html>" + markup).encode(encoding, errors="surrogatepass"), "any.html")


@MODEST
@given(st.binary(max_size=600))
def test_arbitrary_bytes_decode_or_fail_with_a_reason(data: bytes) -> None:
    failure: DocumentError | None = None
    try:
        text, encoding = decode(data, source="x")
    except DocumentError as error:
        failure = error
    if failure is None:
        assert encoding
        text.encode("utf-8")  # no lone surrogates leave the decoder
    else:
        assert failure.reason.startswith("cannot decode")


@MODEST
@given(st.text(PRINTABLE, max_size=300))
def test_valid_utf8_is_decoded_whole(text: str) -> None:
    assert decode(text.encode(), source="x") == (text, "utf-8")


@MODEST
@given(st.text(PRINTABLE, min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_valid_utf8_body_is_never_lost(body: str) -> None:
    """A body after a header block comes back exactly (newlines normalised)."""
    data = f"TITLE: Property\n\n{body}".encode()
    document = load_bytes(data, source="p.txt")
    assert document.title == "Property"
    assert document.text == normalise_newlines(body)


@MODEST
@given(
    st.dictionaries(KEY, VALUE, min_size=0, max_size=5),
    st.sampled_from(sorted(KNOWN_KEYS)),
    VALUE,
    st.text(max_size=200),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_headers_round_trip(
    extra: dict[str, str], known: str, value: str, body: str, newline: str
) -> None:
    # "\r" then a body opening with "\n" reads as one CRLF line end: another text.
    assume(not (newline == "\r" and body.startswith("\n")))
    headers = {known.upper(): value} | extra
    written = newline.join(f"{key}: {text}" for key, text in headers.items())
    parsed, parsed_body = parse_headers(written + newline + newline + body)
    expected: dict[str, str] = {}
    for key, text in headers.items():
        expected.setdefault(key.lower(), text)  # the first of a repeated key wins
    assert parsed == expected
    assert parsed_body == body


@MODEST
@given(st.text(max_size=300))
def test_header_parser_keeps_the_text(text: str) -> None:
    headers, body = parse_headers(text)
    assert text.endswith(body)
    if not headers:
        assert body == text
    assert all(key == key.lower() for key in headers)


@MODEST
@given(st.text(string.ascii_letters + " ", min_size=1, max_size=60).filter(str.strip))
def test_legacy_encodings_decode_to_the_same_text(words: str) -> None:
    text = f"{words} – café “{words}”"
    for encoding in ("utf-8", "cp1252", "utf-16"):
        decoded, _ = decode(text.encode(encoding), source="x")
        assert decoded == text
