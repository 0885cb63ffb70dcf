"""The embedded store: one SQLite file holding articles, pair verdicts and lineages."""

from newstrace.store.sqlite import Store, StoreError

__all__ = ["Store", "StoreError"]
