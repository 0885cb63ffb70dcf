"""Text normalisation: the keys that make rewritten text comparable to its source."""

from newstrace.normalize.aliases import AliasTable
from newstrace.normalize.text import (
    Document,
    Sentence,
    Token,
    document_keys,
    prepare,
    split_sentences,
    tokenize,
    writing_system,
)

__all__ = ["AliasTable", "Document", "Sentence", "Token", "document_keys", "prepare", "split_sentences", "tokenize",
           "writing_system"]
