"""A story printed by more sites than a rare gram may be found in (MAX_DF = 100): whether its
copies are found and how long the pipeline takes as their number grows.

    python benchmarks/widely_printed.py [COPIES ...] [--workdir DIR]

The corpus: dev's seed story (RT's text, Iran Daily's and Financial Tribune's rewrites of it,
Tasnim's own report from TASS, a Reuters text) with RT's text printed again by COPIES more sites,
each adding one line of its own. `newstrace ingest` and `newstrace analyze` run into a fresh store;
printed: the time and peak memory of each, the candidate pairs,
how many copies are in RT's lineage, whether the rewrites are, and whether Tasnim's report is
apart from it but in its story. Default: 100, 1,000 and 10,000
copies (about a minute in all).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import BIN, timed  # noqa: E402

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev" / "articles.jsonl"


def corpus(copies: int, path: Path) -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    seed = [r for r in rows if r["id"].startswith("S-s00-") and r["lang"] == "en"]
    rt = next(r for r in seed if r["id"] == "S-s00-rt")
    printed = [{**rt, "id": f"print-{n:05d}", "url": f"https://site{n}.example/world/{n}", "outlet": f"Site {n}",
                "text": rt["text"] + f"\n\nShared by the night desk of site number {n}."} for n in range(copies)]
    path.write_text("".join(json.dumps(r) + "\n" for r in seed + printed), encoding="utf-8")


def run(copies: int, workdir: Path) -> dict[str, object]:
    path, db = workdir / f"printed-{copies}.jsonl", workdir / f"printed-{copies}.db"
    corpus(copies, path)
    db.unlink(missing_ok=True)
    ingest_s, ingest_mb, _ = timed([str(BIN), "ingest", str(path), "--db", str(db)])
    analyze_s, analyze_mb, out = timed([str(BIN), "analyze", "--db", str(db)])
    _, _, exported = timed([str(BIN), "export", "articles", "--db", str(db)])
    rows = {r["id"]: r for r in map(json.loads, exported.splitlines())}
    lineage = rows["S-s00-rt"]["lineage"]
    pairs = next((line.split(", ")[1] for line in out.splitlines() if "candidate pairs" in line), "")
    return {
        "copies": copies, "ingest_s": round(ingest_s, 1), "analyze_s": round(analyze_s, 1),
        "peak_memory_mb": round(max(ingest_mb, analyze_mb)),
        "candidate_pairs": pairs.split()[0] if pairs else None,
        "copies_in_lineage": sum(r["lineage"] == lineage for k, r in rows.items() if k.startswith("print-")),
        "rewrites_in_lineage": [k for k in ("S-s00-irandaily", "S-s00-ftribune") if rows[k]["lineage"] == lineage],
        "tasnim_apart": rows["S-s00-tasnim"]["lineage"] != lineage,
        "tasnim_in_story": rows["S-s00-tasnim"]["story"] == rows["S-s00-rt"]["story"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("copies", nargs="*", type=int, default=[100, 1000, 10000])
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newstrace-printed-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for copies in args.copies:
        print(json.dumps(run(copies, workdir)), flush=True)


if __name__ == "__main__":
    main()
