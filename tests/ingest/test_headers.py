"""Header blocks and date normalisation."""

from __future__ import annotations

import pytest

from lodemap.ingest import parse_headers
from lodemap.ingest.headers import normalise_date

BODY = "Delta Lithium began shipping spodumene.\n\nA second paragraph.\n"


@pytest.mark.parametrize(
    ("text", "headers", "body"),
    [
        pytest.param(
            "URL: https://example.net/a\nDATE: 2021-06-01\nTITLE: Shipping starts\n\n" + BODY,
            {"url": "https://example.net/a", "date": "2021-06-01", "title": "Shipping starts"},
            BODY,
            id="three-headers",
        ),
        pytest.param(BODY, {}, BODY, id="no-headers"),
        pytest.param(
            "DATE: unknown\nTITLE: Undated\n\n" + BODY,
            {"date": "unknown", "title": "Undated"},
            BODY,
            id="date-unknown",
        ),
        pytest.param(
            "url: https://example.net/b\r\nTitle:   Spaced out  \r\n\r\nBody line.\r\n",
            {"url": "https://example.net/b", "title": "Spaced out"},
            "Body line.\r\n",
            id="crlf-and-case",
        ),
        pytest.param(
            "TITLE: Header then body without a blank line\nThe body starts here.\n",
            {},
            "TITLE: Header then body without a blank line\nThe body starts here.\n",
            id="no-blank-line",
        ),
        pytest.param(
            "TITLE: only a header line", {}, "TITLE: only a header line", id="header-only-no-end"
        ),
        pytest.param(
            "Update: the company revised its guidance.\n\nMore text.\n",
            {},
            "Update: the company revised its guidance.\n\nMore text.\n",
            id="unknown-key-is-body",
        ),
        pytest.param(
            "\nURL: https://example.net/c\n\nBody.\n",
            {},
            "\nURL: https://example.net/c\n\nBody.\n",
            id="blank-first-line",
        ),
        pytest.param(
            "TITLE: Two words key\nBad Key: value\n\nBody.\n",
            {},
            "TITLE: Two words key\nBad Key: value\n\nBody.\n",
            id="multi-word-key-is-not-header",
        ),
        pytest.param(
            "TITLE: Kept\nAUTHOR: R. Writer\n\n\nBody after two blank lines.\n",
            {"title": "Kept", "author": "R. Writer"},
            "\nBody after two blank lines.\n",
            id="body-kept-exactly",
        ),
        pytest.param(
            "TITLE: First\nTITLE: Second\n\nBody.\n", {"title": "First"}, "Body.\n", id="first-wins"
        ),
        pytest.param(
            "URL: https://example.net/d\nDATE: 2020-01-01\n\n",
            {"url": "https://example.net/d", "date": "2020-01-01"},
            "",
            id="empty-body",
        ),
    ],
)
def test_parse_headers(text: str, headers: dict[str, str], body: str) -> None:
    assert parse_headers(text) == (headers, body)


def test_body_offsets_point_into_original() -> None:
    text = "TITLE: Offsets\n\n" + BODY
    _, body = parse_headers(text)
    assert text[len(text) - len(body) :] == body
    start = body.index("spodumene")
    assert body[start : start + len("spodumene")] == "spodumene"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-05-20", "2019-05-20"),
        ("2019-5-2", "2019-05-02"),
        ("2019/05/20", "2019-05-20"),
        ("2019-05", "2019-05"),
        ("2019", "2019"),
        ("May 20, 2019", "2019-05-20"),
        ("May 20 2019", "2019-05-20"),
        ("20 May 2019", "2019-05-20"),
        ("20th May, 2019", "2019-05-20"),
        ("Sept. 3, 2021", "2021-09-03"),
        ("September 2021", "2021-09"),
        ("Monday, May 20, 2019", "2019-05-20"),
        ("2019-05-20T08:15:00Z", "2019-05-20"),
        ("2019-05-20T23:59:59+10:00", "2019-05-20"),
        ("2019-05-20 08:15", "2019-05-20"),
        ("20190520", "2019-05-20"),
        ("D:20190520101500+01'00'", "2019-05-20"),
        ("  2019-05-20  ", "2019-05-20"),
        ("unknown", None),
        ("Unknown", None),
        ("", None),
        ("n/a", None),
        ("2019-02-30", None),
        ("2019-13", None),
        ("Smarch 20, 2019", None),
        ("yesterday", None),
        ("20 May", None),
        ("12345", None),
        ("2019-05-20 and more", None),
    ],
)
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected
