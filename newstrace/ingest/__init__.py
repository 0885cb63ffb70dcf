"""Ingest: files and folders of scraped news in, `Article`s out, and a problem line per bad file."""

from newstrace.ingest.read import IngestProblem, read_paths

__all__ = ["IngestProblem", "read_paths"]
