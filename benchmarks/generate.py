"""A seeded, deterministic corpus of N articles made from real news text, with injected reuse
families whose truth is written beside it.

Each family is one real article (the source) and three texts derived from it with the edits seen
in real rewrites: a copy with light edits; a rewrite (name and transliteration variants swapped,
words replaced and dropped, sentences dropped, paragraphs reordered, an attribution line added,
a paragraph from another article added); and a partial reuse (one of its paragraphs inside an
unrelated real article). The rest is real background text (AllSides and Reuters from
`../shared/data/background/`, dev); past the real articles, background articles are generated
from a word-bigram model of them (news vocabulary, no passage of any one text).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FAMILY_SHARE = 0.05  # families per article: 5% of N, four articles each
SYNONYMS = {
    "said": "stated", "says": "states", "killed": "slain", "militants": "terrorists", "fighters": "militants",
    "government": "administration", "officials": "authorities", "attack": "assault", "announced": "declared",
    "president": "leader", "country": "nation", "people": "individuals", "help": "assist", "began": "started",
    "began.": "started.", "big": "large", "large": "big", "show": "indicate", "shows": "indicates",
    "children": "kids", "city": "town", "buy": "purchase", "bought": "purchased", "told": "informed",
    "because": "as", "however": "but", "also": "additionally", "about": "around", "nearly": "almost",
    "many": "numerous", "new": "fresh", "week": "weekly period", "company": "firm", "companies": "firms",
    "increase": "rise", "rose": "climbed", "fell": "dropped", "percent": "per cent", "million": "mln",
    "billion": "bln", "plan": "proposal", "meeting": "talks", "law": "legislation", "police": "officers",
}
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def real_articles(limit: int) -> list[dict]:
    """Real texts, distinct, in a fixed order (dev first, then the background files)."""
    out, seen = [], set()
    files = [DATA / "dev" / "articles.jsonl", DATA / "background" / "allsides-baly2020.jsonl.gz",
             DATA / "background" / "reuters21578.jsonl.gz"]
    for path in files:
        if not path.exists():
            continue
        with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")) as f:
            for line in f:
                r = json.loads(line)
                key = r["text"][:200]
                if key in seen or len(r["text"]) < 400:
                    continue
                seen.add(key)
                out.append(r)
                if len(out) >= limit:
                    return out
    return out


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.replace("\n\n", " ")) if s.strip()]


def paragraphs(text: str) -> list[str]:
    ps = [p.strip() for p in text.split("\n\n") if p.strip()]
    if len(ps) < 3:  # one block: make paragraphs of three sentences
        ss = sentences(text)
        ps = [" ".join(ss[i : i + 3]) for i in range(0, len(ss), 3)]
    return ps


def _variants() -> list[list[str]]:
    groups = []
    for line in (Path(__file__).resolve().parent.parent / "newstrace" / "normalize" / "aliases.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append([n.strip() for n in line.split("|") if n.strip()])
    return groups


VARIANTS = _variants()


def swap_names(text: str, rng: random.Random) -> str:
    for group in VARIANTS:
        for name in sorted(group, key=len, reverse=True):
            if re.search(rf"\b{re.escape(name)}\b", text):
                other = rng.choice([g for g in group if g != name])
                text = re.sub(rf"\b{re.escape(name)}\b", other, text)
                break
    return text


def reword(sentence: str, rng: random.Random, rate: float) -> str:
    words = sentence.split(" ")
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if low in SYNONYMS and rng.random() < 0.8:
            out.append(SYNONYMS[low])
        elif i > 0 and rng.random() < rate:
            if rng.random() < 0.5:
                continue  # a word dropped
            out.append(w)
            out.append(rng.choice(["also", "reportedly", "now", "indeed", "further"]))
        else:
            out.append(w)
    return " ".join(out)


def rewrite(src: dict, other: dict, outlet: str, rng: random.Random) -> str:
    ps = paragraphs(src["text"])
    kept = []
    for k, p in enumerate(ps):
        ss = sentences(p)
        ss = [s for j, s in enumerate(ss) if k == 0 and j == 0 or rng.random() > 0.2]  # sentences dropped
        if ss:
            kept.append(" ".join(reword(s, rng, 0.12) for s in ss))
    if len(kept) > 4:  # two middle paragraphs reordered
        i = rng.randrange(1, len(kept) - 2)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    credit = src.get("outlet") or "the agency"
    kept[0] = kept[0].rstrip(".") + f", {credit} reported."  # attribution line added
    extra = paragraphs(other["text"])
    kept.insert(rng.randrange(1, len(kept) + 1), extra[len(extra) // 2])  # a paragraph from another article
    return swap_names("\n\n".join(kept), rng)


def light_copy(src: dict, rng: random.Random) -> str:
    ps = paragraphs(src["text"])
    if len(ps) > 3:
        ps = ps[:-1]  # the last paragraph cut
    i = rng.randrange(len(ps))
    ps[i] = reword(ps[i], rng, 0.03)
    return "\n\n".join(ps)


def partial(src: dict, host: dict, rng: random.Random) -> str:
    ps, hs = paragraphs(src["text"]), paragraphs(host["text"])
    chunk = ps[min(1, len(ps) - 1)]
    if len(sentences(chunk)) < 2 and len(ps) > 2:
        chunk = chunk + " " + ps[2]
    return "\n\n".join(hs[: len(hs) // 2] + [chunk] + hs[len(hs) // 2 :])


def bigram_model(pool: list[dict], rng: random.Random, sample: int = 3000) -> dict[str, list[str]]:
    """Word-to-next-word lists from real articles, for background text past the real ones."""
    model: dict[str, list[str]] = defaultdict(list)
    for p in rng.sample(pool, min(sample, len(pool))):
        words = ["<s>"] + p["text"].split()
        for a, b in zip(words, words[1:], strict=False):
            model[a].append(b)
    return model


def babble(model: dict[str, list[str]], rng: random.Random) -> str:
    """Real words in real word pairs, but no passage of any one text: background that
    resembles news in vocabulary and length without being anyone's copy."""
    out, word = [], "<s>"
    for _ in range(rng.randint(250, 700)):
        word = rng.choice(model.get(word) or model["<s>"])
        out.append(word)
    ss = sentences(" ".join(out))
    return "\n\n".join(" ".join(ss[i : i + 3]) for i in range(0, len(ss), 3))


def _unique_texts(pool: list[dict]) -> list[bool]:
    """Whether each text shares no sampled word 8-gram with another text of the pool: family
    sources are drawn from these, so the truth is not blurred by real copies in the background."""
    grams: list[set[int]] = []
    df: dict[int, int] = defaultdict(int)
    for p in pool:
        w = re.findall(r"\w+", p["text"].lower())
        # crc32, not hash(): Python's string hash changes from one process to the next
        g = {h for h in (zlib.crc32(" ".join(w[i : i + 8]).encode()) for i in range(len(w) - 7)) if h % 4 == 0}
        grams.append(g)
        for h in g:
            df[h] += 1
    return [all(df[h] == 1 for h in g) for g in grams]


def _date(d: str | None, days: int) -> str:
    from datetime import date, timedelta

    base = date.fromisoformat(d) if d else date(2020, 1, 1)
    return (base + timedelta(days=days)).isoformat()


def generate(n: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """(articles, truth): N articles in the common format and one truth record per derived text."""
    rng = random.Random(seed)
    families = max(1, int(n * FAMILY_SHARE / 4))
    pool = real_articles(n)
    rng.shuffle(pool)
    unique = _unique_texts(pool)
    sources = [p for p, u in zip(pool, unique, strict=True) if u and len(sentences(p["text"])) >= 8][:families]
    used = {id(p) for p in sources}
    rest = [p for p in pool if id(p) not in used]
    # texts that lend a paragraph (to a rewrite) or host a partial reuse stay out of the background:
    # otherwise the corpus holds real reuse that the truth does not list
    lenders, rest = rest[: 2 * len(sources)], rest[2 * len(sources) :] or rest
    articles: list[dict] = []
    truth: list[dict] = []
    for k, src in enumerate(sources):
        fam = f"fam{k:06d}"
        sid = f"{fam}-source"
        articles.append({**src, "id": sid, "story": None})
        other, host = lenders[2 * k % len(lenders)], lenders[(2 * k + 1) % len(lenders)]
        derived = {
            "copy": light_copy(src, rng),
            "rewrite": rewrite(src, other, OUTLETS[k % 26], rng),
            "partial": partial(src, host, rng),
        }
        for j, (relation, text) in enumerate(derived.items()):
            did = f"{fam}-{relation}"
            articles.append({"id": did, "story": None, "url": None, "outlet": OUTLETS[(k + j + 1) % 26],
                             "date": _date(src.get("date"), 1 + j), "title": (src.get("title") or "")[:80],
                             "lang": "en", "text": text})
            truth.append({"family": fam, "source": sid, "derived": did, "relation": relation,
                          "jaccard5": round(jaccard5(src["text"], text), 3)})
    background = n - len(articles)
    model = bigram_model(rest, rng) if background > len(rest) else {}
    for k in range(background):
        if k < len(rest):
            articles.append({**rest[k], "id": f"bg{k:07d}", "story": None})
        else:
            articles.append({"id": f"mix{k:07d}", "story": None, "url": None, "outlet": OUTLETS[k % 26],
                             "date": None, "title": None, "lang": "en", "text": babble(model, rng)})
    rng.shuffle(articles)
    return articles, truth


def jaccard5(a: str, b: str) -> float:
    def grams(t: str) -> set[tuple[str, ...]]:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + 5]) for i in range(len(w) - 4)}

    ga, gb = grams(a), grams(b)
    return len(ga & gb) / len(ga | gb) if ga | gb else 0.0


def write(n: int, out_dir: Path, seed: int = 0) -> Path:
    articles, truth = generate(n, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t) + "\n")
    return out_dir


def read_truth(out_dir: Path) -> Iterator[dict]:
    with open(out_dir / "truth.jsonl", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


if __name__ == "__main__":
    import sys

    print(write(int(sys.argv[1]), Path(sys.argv[2])))
