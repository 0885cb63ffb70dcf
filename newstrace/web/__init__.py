"""The local web UI over a store (`newstrace serve`)."""

from newstrace.web.app import create_app

__all__ = ["create_app"]
