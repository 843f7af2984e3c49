"""The knowledge store (SQLAlchemy Core; SQLite by default)."""

from lodemap.store.store import Store, WriteResult, normalise_url

__all__ = ["Store", "WriteResult", "normalise_url"]
