"""The embedded store: one SQLite file holding articles, pair verdicts and lineages."""

from newstrace.store.sqlite import Store

__all__ = ["Store"]
