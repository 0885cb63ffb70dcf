"""Passage alignment of a candidate pair, and the edits it reveals."""

from newstrace.align.align import align, furniture, template_fill
from newstrace.align.edits import find_attributions, find_edits

__all__ = ["align", "find_attributions", "find_edits", "furniture", "template_fill"]
