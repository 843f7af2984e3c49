"""What a signal is, and the registry that names them.

A signal is a documented function of one entity's statements. It returns a
`SignalResult`: a value (None when the store holds nothing for it), reasons
(plain sentences, each carrying the statement ids it rests on) and the union of
those ids. A `Reason` that states a fact cannot be built without a statement,
so a signal cannot state a fact the store does not hold; only a reason marked
`absence` (the store has nothing) may come without one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lodemap.errors import LodemapError

if TYPE_CHECKING:
    from lodemap.signals.facts import Facts


@dataclass(frozen=True)
class Reason:
    text: str
    statement_ids: tuple[str, ...] = ()
    absence: bool = False
    """True for "no evidence" sentences: they say what the store lacks, so cite nothing."""

    def __post_init__(self) -> None:
        if not self.statement_ids and not self.absence:
            raise LodemapError(f"signal reason without a statement: {self.text!r}")


def reason(text: str, statements: Iterable[Any]) -> Reason:
    """A reason citing statements (objects with an `id`) or statement ids, each once."""
    ids = [s if isinstance(s, str) else s.id for s in statements]
    return Reason(text, tuple(dict.fromkeys(ids)))


@dataclass
class SignalResult:
    name: str
    value: Any
    """JSON-ready; None means no evidence."""
    reasons: list[Reason] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)
    """The figures behind the value (counts, shares), for tables and JSON."""

    @property
    def explanation(self) -> str:
        return " ".join(r.text for r in self.reasons)

    @property
    def statement_ids(self) -> list[str]:
        return list(dict.fromkeys(i for r in self.reasons for i in r.statement_ids))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "explanation": self.explanation,
                "statement_ids": self.statement_ids, "detail": self.detail,
                "reasons": [{"text": r.text, "statement_ids": list(r.statement_ids),
                             "absence": r.absence} for r in self.reasons]}


def no_evidence(name: str, what: str) -> SignalResult:
    """The plain "no evidence" result: value None and a sentence saying what is missing."""
    return SignalResult(name, None, [Reason(f"No evidence: the store holds {what}.",
                                            absence=True)])


SignalFn = Callable[["Facts"], SignalResult]


@dataclass(frozen=True)
class Signal:
    name: str
    fn: SignalFn
    doc: str


REGISTRY: dict[str, Signal] = {}
"""Signals by name, in registration order (the order `compute_signals` reports)."""


def signal(name: str) -> Callable[[SignalFn], SignalFn]:
    """Register a signal under `name`; its docstring is its documentation."""
    def register(fn: SignalFn) -> SignalFn:
        if name in REGISTRY:
            raise LodemapError(f"signal {name!r} registered twice")
        REGISTRY[name] = Signal(name, fn, (fn.__doc__ or "").strip())
        return fn
    return register
