"""Whether an incremental `analyze` (a few articles added to an analysed store) gives what a full
run over the whole corpus gives, and how long it takes.

    python benchmarks/incremental.py [CORPUS.jsonl.gz] [--add 50] [--seed 0] [--workdir DIR]

A full run: `newstrace ingest CORPUS` and `newstrace analyze` into one store. An incremental run:
the corpus less ADD articles drawn at random (seeded), ingested and analysed into another store;
then the ADD articles ingested and `newstrace analyze` timed again (it looks them up in the
full-text index, rebuilds only the lineages they touch and grows the stories again from the stored
verdicts). Every article's row is
compared between the two stores: its lineage (by its first text), relation and source, and its
story (by the set of its members). Default corpus: AllSides (37,554 articles, about six minutes).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import BIN, RESULTS, timed  # noqa: E402

from newstrace.model import Lineage  # noqa: E402
from newstrace.store import Store  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "background" / "allsides-baly2020.jsonl.gz"


def run(db: Path, *args: str) -> tuple[float, float]:
    seconds, rss, _ = timed([str(BIN), *args, "--db", str(db)])
    return seconds, rss


def rows_of(db: Path) -> dict[str, Lineage]:
    store = Store(db)
    try:
        return {x.id: x for x in store.lineages()}
    finally:
        store.close()


def story_members(rows: dict[str, Lineage]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for x in rows.values():
        groups[x.story].add(x.id)
    return {x.id: frozenset(groups[x.story]) for x in rows.values()}


def differences(full: dict[str, Lineage], inc: dict[str, Lineage]) -> dict[str, int]:
    """How many articles' rows differ, field by field."""
    assert full.keys() == inc.keys(), "the two stores hold different articles"
    fs, is_ = story_members(full), story_members(inc)
    count = {"lineage": 0, "relation": 0, "derived_from": 0, "story": 0}
    for x, f in full.items():
        i = inc[x]
        count["lineage"] += f.origin != i.origin
        count["relation"] += f.relation != i.relation
        count["derived_from"] += f.derived_from != i.derived_from
        count["story"] += fs[x] != is_[x]
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--add", type=int, default=50, help="articles added to the analysed store")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, help="where the stores go (default: a temporary folder)")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newstrace-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if args.corpus.suffix == ".gz" else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    late = set(random.Random(args.seed).sample(range(len(lines)), args.add))
    (work / "rest.jsonl").write_text("".join(x for n, x in enumerate(lines) if n not in late), encoding="utf-8")
    (work / "new.jsonl").write_text("".join(lines[n] for n in sorted(late)), encoding="utf-8")
    full, inc = work / "full.db", work / "incremental.db"
    for db in (full, inc):
        db.unlink(missing_ok=True)

    run(full, "ingest", str(args.corpus))
    full_s, full_rss = run(full, "analyze")
    run(inc, "ingest", str(work / "rest.jsonl"))
    run(inc, "analyze")
    run(inc, "ingest", str(work / "new.jsonl"))
    inc_s, inc_rss = run(inc, "analyze")

    diff = differences(rows_of(full), rows_of(inc))
    result = {"corpus": args.corpus.name, "articles": len(lines), "added": args.add, "seed": args.seed,
              "full_analyze_s": round(full_s, 1), "full_peak_memory_mb": round(full_rss),
              "incremental_analyze_s": round(inc_s, 1), "incremental_peak_memory_mb": round(inc_rss),
              "rows_differing": diff}
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "incremental.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
