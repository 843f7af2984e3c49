"""A source document as ingested: text plus the metadata every citation needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from lodemap.ids import digest


def utcnow() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def document_id(text: str) -> str:
    """Id = hash of the body text, so the same article from two paths is one document."""
    return "doc-" + digest(text.strip())


@dataclass(frozen=True)
class Document:
    """One ingested document. `text` is the body that spans point into."""

    text: str
    source: str
    """Where it came from, as the user gave it: a path or a URL."""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    """ISO date (YYYY-MM-DD) the document was published, when known."""
    retrieved: str = field(default_factory=utcnow)
    media_type: str = "text/plain"
    kind: str = "article"
    """`article` for ingested text; `reference` for a knowledge-pack source that has no body."""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", document_id(self.text))

    @property
    def link(self) -> str:
        """The best address to cite: the URL when known, else the path."""
        return self.url or self.source

    @property
    def words(self) -> int:
        return len(self.text.split())
