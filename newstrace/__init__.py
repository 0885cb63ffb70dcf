"""newstrace: find where a news article came from and what was changed on the way.

    >>> import newstrace
    >>> result = newstrace.compare("rt.txt", "irandaily.txt")
    >>> result.relation, result.source
"""

from newstrace.api import Corpus, Trace, compare, load_article
from newstrace.model import Alignment, Article, Comparison, Edits, Lineage, PassagePair, Substitution
from newstrace.pipeline import Analysis, analyze

__version__ = "0.1.0"
__all__ = [
    "Alignment", "Analysis", "Article", "Comparison", "Corpus", "Edits", "Lineage", "PassagePair",
    "Substitution", "Trace", "analyze", "compare", "load_article",
]
