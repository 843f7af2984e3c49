"""The HTML loader: main text via trafilatura, guarded against pages built to be costly.

lxml parses even hostile pages quickly; what is slow is trafilatura's extraction, which
grows with the number of elements (about 0.1 ms each, so a 10 MB page of tiny elements
takes minutes). The parsed tree is therefore measured first, and a page with too many
elements, or nested deeper than libxml2 keeps (it silently drops what lies below 256
levels), is refused. The standard-library parser is the fallback when trafilatura finds
no text or fails on a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest.charset import decode, normalise_newlines
from lodemap.ingest.headers import normalise_date

HTML = "text/html"
MAX_ELEMENTS = 100_000
"""More elements than this is not an article page (large news pages have a few thousand)."""
MAX_DEPTH = 250
"""Just below libxml2's fixed depth limit of 256, beyond which content is lost."""


class _VisibleText(HTMLParser):
    """Fallback extractor: the <title> and the visible body text, no scripts or styles."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe"})
    BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "section",
            "article", "blockquote", "pre", "table", "ul", "ol", "header", "footer", "main",
            "aside", "nav",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.hidden:
            self.parts.append(data)

    @property
    def title(self) -> str | None:
        return _one_line("".join(self.title_parts))

    @property
    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


def _fallback(html: str) -> _VisibleText:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def _absolute_http(value: str | None) -> str | None:
    return value if value and re.match(r"https?://", value, re.IGNORECASE) else None


def check_tree(tree: Any, source: str) -> None:
    """Refuse a parsed page with more than MAX_ELEMENTS elements or deeper than MAX_DEPTH
    (one pass over an explicit stack, stopping at the first limit reached)."""
    elements = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        elements += 1
        if elements > MAX_ELEMENTS:
            raise DocumentError(
                source,
                f"HTML has too many elements: over {MAX_ELEMENTS:,}",
                hint="not an article page; extracting its text would take minutes",
            )
        if depth > MAX_DEPTH:
            raise DocumentError(
                source,
                f"HTML nested too deeply: over {MAX_DEPTH} levels",
                hint="the HTML parser drops content nested this deep",
            )
        stack.extend((child, depth + 1) for child in node)


def _extract(html: str, *, source: str, url: str | None) -> tuple[str | None, Any, Any]:
    """(main text, metadata, tree) from trafilatura; (None, None, None) when it cannot."""
    import trafilatura  # deferred: importing it is slow and only HTML needs it

    try:
        tree = trafilatura.load_html(html)
    except Exception:  # any parser failure: the fallback reads the page instead
        return None, None, None
    if tree is None:
        return None, None, None
    check_tree(tree, source)
    try:
        meta = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
        text = trafilatura.extract(
            tree,
            url=url,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception:  # as above: a page trafilatura trips over is read by the fallback
        return None, None, tree
    return text, meta, tree


def load_html(data: bytes, *, source: str, url: str | None) -> Document:
    """Main text via trafilatura (recall-oriented, tables kept, no comments), with
    title, date and canonical URL from its metadata; <title> and visible text as fallback.
    Raises DocumentError for pages that cannot be decoded or are too large or deep."""
    html, _ = decode(data, source=source, html=True)
    text, meta, tree = _extract(html, source=source, url=url)
    title = _one_line(meta.title) if meta is not None else None
    published = normalise_date(meta.date) if meta is not None and meta.date else None
    page_url = _absolute_http(meta.url) if meta is not None else None
    if tree is not None and not title:
        title = _one_line(tree.findtext(".//title"))
    if text and text.strip():
        text = normalise_newlines(text)
    else:
        parsed = _fallback(html)
        text, title = parsed.text, title or parsed.title
    return Document(
        text=text,
        source=source,
        url=url or page_url,
        title=title,
        published=published,
        media_type=HTML,
    )
