"""The statement: lodemap's atomic, sourced claim.

One row per asserted relationship or value. It keeps the names as written
(`subject_text`, `object_text`) apart from the canonical entity ids they
resolved to, and the evidence sentence with its character span in the
document, so every number and link in a dossier can be traced back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lodemap.ids import digest


@dataclass
class Statement:
    doc_id: str
    subject_id: str
    subject_text: str
    predicate: str
    """A relationship type or a property name from the schema."""
    status: str
    evidence: str
    span_start: int
    span_end: int
    extractor: str
    extractor_version: str
    confidence: float
    object_id: str | None = None
    object_text: str | None = None
    value: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    """What a value measures when the property alone does not say (e.g. the pack's metric name)."""
    date: str | None = None
    """The date the claim is about or was made: the document's publication date unless stated."""
    first_seen: str | None = None
    last_seen: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.content_id()

    def content_id(self) -> str:
        """Derived from what was claimed, where, and by which extractor: never from time."""
        return "st-" + digest(
            self.doc_id, self.extractor, self.predicate, self.subject_text, self.object_text,
            self.value, self.unit, self.qualifier, self.status, self.span_start, self.span_end,
        )

    @property
    def is_relationship(self) -> bool:
        return self.object_id is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
