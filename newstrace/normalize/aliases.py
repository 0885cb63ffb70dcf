"""Name variants (Daesh/ISIS/IS, Deir ez-Zor/Deir Ezzor) mapped to one key before comparing.

The table is data, not code: a default list ships with the package and a user adds their own
file in the same format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newstrace.normalize.keys import word_key


def _is_acronym(variant: str) -> bool:
    letters = [c for c in variant if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


@dataclass
class AliasTable:
    """Maps token-key sequences of a variant to the canonical name's key.

    `phrases` is keyed by the tuple of word keys of a variant; acronyms (all capitals) are kept
    apart because they must match case-sensitively.
    """

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_len: int = 1
    # first word of any variant (key, or surface of an acronym) -> the variant lengths, longest first
    starts: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: list[str]) -> AliasTable:
        table = cls()
        table.add_lines(lines)
        return table

    def add_lines(self, lines: list[str], where: str = "aliases") -> None:
        """Groups of names, one a line, canonical name first: "Daesh | ISIS | IS". A line that
        names nothing raises ValueError naming `where` and the line."""
        from newstrace.normalize.text import word_pattern

        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            names = [n.strip() for n in line.split("|") if n.strip()]
            if not names or not word_pattern.findall(names[0]):
                raise ValueError(f"{where}:{number}: a group starts with its canonical name, "
                                 f"then its variants, separated by '|' (got {line!r})")
            canonical = "_".join(word_key(w) for w in word_pattern.findall(names[0]))
            for name in names:
                words = word_pattern.findall(name)
                if not words:
                    continue
                target = self.acronyms if _is_acronym(name) else self.phrases
                key = tuple(word_key(w) if target is self.phrases else w.replace(".", "") for w in words)
                target[key] = canonical
                self.starts[key[0]] = sorted({*self.starts.get(key[0], []), len(key)}, reverse=True)
                self.max_len = max(self.max_len, len(key))

    @classmethod
    def default(cls) -> AliasTable:
        text = resources.files("newstrace.normalize").joinpath("aliases.txt").read_text("utf-8")
        return cls.from_lines(text.splitlines())

    @classmethod
    def load(cls, *paths: str | Path, with_default: bool = True) -> AliasTable:
        """The default table extended with the user's alias files."""
        table = cls.default() if with_default else cls()
        for path in paths:
            try:
                text = Path(path).read_text("utf-8")
            except UnicodeDecodeError:
                raise ValueError(f"{path}: not an alias file (not UTF-8 text)") from None
            table.add_lines(text.splitlines(), str(path))
        return table
