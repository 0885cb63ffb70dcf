"""Passage alignment of a candidate pair, the edits it reveals and the credits each text prints."""

from newstrace.align.align import align, furniture, template_fill
from newstrace.align.credits import find_attributions
from newstrace.align.edits import find_edits

__all__ = ["align", "find_attributions", "find_edits", "furniture", "template_fill"]
