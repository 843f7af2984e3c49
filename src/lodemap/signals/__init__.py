"""Signals: named, documented functions of an entity's statements.

Each returns a value (None: no evidence), reasons that cite the statements
they rest on, and those statement ids. Signals register by name with
`@signal("name")` (`lodemap.signals.base`); `compute_signals` runs them all.
Rules and examples: docs/signals.md.
"""

from __future__ import annotations

from lodemap.errors import LodemapError, NotFoundError
from lodemap.signals import position, stage, trade  # noqa: F401  (register the signals)
from lodemap.signals.base import REGISTRY, Reason, SignalResult, signal
from lodemap.signals.facts import Facts
from lodemap.store import Store


class UnknownSignal(LodemapError):
    """A signal name nobody registered (a usage error)."""

    exit_code = 2


ORDER = ("geography", "posture", "commercial_stage", "vertical_integration", "concentration",
         "criticality", "maturity")
"""The order signals are reported in; signals registered elsewhere follow."""


def compute_signals(store: Store, entity_id: str, *, as_of: str | None = None,
                    names: list[str] | None = None) -> list[SignalResult]:
    """Every registered signal (or those in `names`) for one entity, as known on `as_of`
    (an ISO date: statements effective after it are left out)."""
    entity = store.entity(entity_id)
    if entity is None:
        raise NotFoundError(entity_id)
    wanted = names or sorted(REGISTRY, key=lambda n: ORDER.index(n) if n in ORDER
                             else len(ORDER))
    unknown = [n for n in wanted if n not in REGISTRY]
    if unknown:
        raise UnknownSignal(f"unknown signal(s): {', '.join(unknown)}",
                         hint=f"known: {', '.join(REGISTRY)}")
    facts = Facts(store, entity, as_of=as_of)
    return [REGISTRY[n].fn(facts) for n in wanted]


__all__ = ["REGISTRY", "Facts", "Reason", "SignalResult", "compute_signals", "signal"]
