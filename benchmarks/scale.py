"""Speed, memory and accuracy on injected reuse from 10^3 articles up, for newstrace and, at the
same N, datasketch MinHashLSH.

    python benchmarks/scale.py 1000 10000 100000 [--no-minhash] [--workdir DIR] [--engines embedded,spark]

For each N: a generated corpus (benchmarks/generate.py), then `newstrace ingest` and
`newstrace analyze` in fresh processes (wall time, and peak memory summed over every process the
command starts: analyze's workers too, `memory.py`), candidate pairs, and recall / precision on the
injected families; datasketch MinHashLSH on the same texts at several thresholds (one process,
its own peak RSS); at the largest N, one new article ingested and traced (the incremental path)
and the web UI's pages timed. With `--engines spark` (or `embedded,spark`), `newstrace spark` on
a local Spark over the same corpus file (memory: the Java process and the Python workers,
measured the same way). Table and log-log plots go to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from memory import peak_memory  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
BIN = Path(sys.executable).parent / "newstrace"
THRESHOLDS = [0.2, 0.3, 0.5, 0.7, 0.9]


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak memory in MiB, stdout) of a command in a fresh process: the proportional
    set size summed over every process it starts (analyze's workers, Spark's Java process and
    Python workers), sampled five times a second (`memory.py`)."""
    wall, mib, _, out, status = peak_memory(cmd, capture=True)
    if status:
        raise subprocess.CalledProcessError(status, cmd, out)
    return wall, mib, out


def family_scores(same: dict[str, str], truth: list[dict], relations: tuple[str, ...]) -> dict[str, float]:
    """Recall: derived texts of these relations put in their source's lineage. Precision: of the
    predicted same-lineage pairs that involve one of those derived texts, the share inside its
    family (for all relations: pairs that involve any family member, sources included)."""
    fam_of = {}
    for t in truth:
        fam_of[t["source"]] = fam_of[t["derived"]] = t["family"]
    wanted = [t for t in truth if t["relation"] in relations]
    focus = {t["derived"] for t in wanted}
    if len(relations) == 3:
        focus |= {t["source"] for t in wanted}
    hits = sum(same.get(t["derived"]) is not None and same.get(t["derived"]) == same.get(t["source"]) for t in wanted)
    groups: dict[str, list[str]] = defaultdict(list)
    for x, g in same.items():
        groups[g].append(x)
    true_pairs = false_pairs = 0
    for members in groups.values():
        if len(members) < 2 or not any(m in focus for m in members):
            continue
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if x in focus or y in focus:
                    if fam_of.get(x) is not None and fam_of.get(x) == fam_of.get(y):
                        true_pairs += 1
                    else:
                        false_pairs += 1
    return {"recall": round(hits / len(wanted), 4) if wanted else 0.0,
            "precision": round(true_pairs / (true_pairs + false_pairs), 4) if true_pairs + false_pairs else 1.0}


def _scores(same: dict[str, str], truth: list[dict]) -> dict[str, float]:
    row = {}
    for name, rel in (("all", ("copy", "rewrite", "partial")), ("rewrite", ("rewrite",)), ("copy", ("copy",)),
                      ("partial", ("partial",))):
        s = family_scores(same, truth, rel)
        row[f"recall_{name}"], row[f"precision_{name}"] = s["recall"], s["precision"]
    return row


def run_newstrace(n: int, corpus: Path, truth: list[dict]) -> dict:
    db = corpus / "newstrace.db"
    for f in corpus.glob("newstrace.db*"):
        f.unlink()
    ingest_s, ingest_mb, _ = timed([str(BIN), "ingest", "--db", str(db), str(corpus / "articles.jsonl")])
    analyze_s, analyze_mb, out = timed([str(BIN), "analyze", "--db", str(db)])
    candidates = int(re.search(r"(\d+) candidate pairs", out).group(1))  # type: ignore[union-attr]
    from newstrace.store import Store

    store = Store(db)
    lineage = {x.id: x.lineage for x in store.lineages()}
    store.close()
    row = {"N": n, "method": "newstrace", "ingest_s": round(ingest_s, 1), "analyze_s": round(analyze_s, 1),
           "total_s": round(ingest_s + analyze_s, 1), "articles_per_s": round(n / (ingest_s + analyze_s), 1),
           "peak_memory_mb": round(max(ingest_mb, analyze_mb)), "candidate_pairs": candidates}
    row.update(_scores(lineage, truth))
    return row


def run_spark(n: int, corpus: Path, truth: list[dict]) -> dict:
    """`newstrace spark` on a local Spark with every core, over the same corpus file."""
    out = corpus / "spark"
    total_s, peak_mb, _ = timed([str(BIN), "spark", str(corpus / "articles.jsonl"), "--out", str(out),
                                   "--master", "local[*]", "--conf", "spark.driver.memory=8g"])
    run = json.loads((out / "run.json").read_text())
    lineage = {row["id"]: row["lineage"] for f in sorted((out / "lineages").glob("part-*.json"))
               for row in map(json.loads, f.read_text().splitlines())}
    row = {"N": n, "method": "newstrace-spark", "total_s": round(total_s, 1), "articles_per_s": round(n / total_s, 1),
           "peak_memory_mb": round(peak_mb), "candidate_pairs": run["candidates"], "stages_s": run["seconds"]}
    row.update(_scores(lineage, truth))
    return row


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def run_minhash(n: int, corpus: Path, truth: list[dict], num_perm: int = 128) -> list[dict]:
    import resource

    from datasketch import MinHash, MinHashLSH
    from peers import ngrams

    t = time.perf_counter()
    ids, hashes = [], []
    with open(corpus / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            m = MinHash(num_perm=num_perm)
            m.update_batch([g.encode("utf-8") for g in ngrams(r["text"], 5)])
            ids.append(r["id"])
            hashes.append(m)
    hash_s = time.perf_counter() - t
    rows = []
    for th in THRESHOLDS:
        t = time.perf_counter()
        lsh = MinHashLSH(threshold=th, num_perm=num_perm)
        for i, m in enumerate(hashes):
            lsh.insert(i, m)
        parent = list(range(len(ids)))
        pairs = 0
        for i, m in enumerate(hashes):
            for j in lsh.query(m):
                if j > i:
                    pairs += 1
                    parent[_find(parent, i)] = _find(parent, j)
        same = {ids[i]: str(_find(parent, i)) for i in range(len(ids))}
        query_s = time.perf_counter() - t
        row = {"N": n, "method": f"datasketch MinHashLSH t={th}", "total_s": round(hash_s + query_s, 1),
               "articles_per_s": round(n / (hash_s + query_s), 1),
               "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "candidate_pairs": pairs}
        row.update(_scores(same, truth))
        rows.append(row)
    return rows


def incremental(corpus: Path, truth: list[dict]) -> dict:
    """One new article (a fresh rewrite of a stored source) into the store of N: ingest + lineage."""
    import random

    from newstrace.api import Corpus

    arts = {}
    want = {t["source"] for t in truth[:50]}
    with open(corpus / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in want:
                arts[r["id"]] = r
    src = arts[truth[0]["source"]]
    new = dict(src, id="incremental-new", outlet="Outlet New",
               text=generate.rewrite(src, next(iter(arts.values())), "Outlet New", random.Random(1)))
    path = corpus / "new-article.jsonl"
    path.write_text(json.dumps(new) + "\n", encoding="utf-8")
    t = time.perf_counter()
    with Corpus(corpus / "newstrace.db") as c:
        c.ingest([path])
        c.analyze()
        lineage = c.trace("incremental-new")
    seconds = time.perf_counter() - t
    return {"incremental_s": round(seconds, 3), "found_source": lineage.article.lineage == (c_lineage(corpus, src["id"]))}


def c_lineage(corpus: Path, article_id: str) -> str | None:
    from newstrace.store import Store

    s = Store(corpus / "newstrace.db")
    x = s.lineage_of(article_id)
    s.close()
    return x.lineage if x else None


def web_timings(corpus: Path) -> dict:
    """Server time of each page on the store (FastAPI's test client, in process), median of 3."""
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    client = TestClient(create_app(corpus / "newstrace.db"))
    summary = client.get("/api/corpus").json()
    big = summary["largest_lineages"][0]
    art = client.get(f"/api/story/{big['story']}").json()["lineages"][0]["nodes"]
    urls = {"corpus": "/", "search": "/?q=president+said", "story": f"/story/{big['story']}",
            "article": f"/article/{art[0]['id']}", "compare": f"/compare?a={art[0]['id']}&b={art[1]['id']}",
            "outlets": "/outlets"}
    out = {}
    for name, url in urls.items():
        times = []
        for _ in range(3):
            t = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append(time.perf_counter() - t)
        out[f"page_{name}_ms"] = round(statistics.median(times) * 1000, 1)
    return out


def plot(rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for method in sorted({r["method"] for r in rows}):
        if method.startswith("datasketch") and not method.endswith("t=0.5"):
            continue
        rs = sorted((r for r in rows if r["method"] == method), key=lambda r: r["N"])
        ns = [r["N"] for r in rs]
        for ax, key, label in zip(axes, ("total_s", "peak_memory_mb", "candidate_pairs"),
                                  ("wall time, s (ingest + analyze)", "peak memory, MiB", "candidate pairs"), strict=True):
            ys = [r[key] for r in rs]
            if len(ns) > 1 and all(y > 0 for y in ys):
                slope = np.polyfit(np.log10(ns), np.log10(ys), 1)[0]
                ax.loglog(ns, ys, "o-", label=f"{method} (slope {slope:.2f})")
            else:
                ax.loglog(ns, ys, "o-", label=method)
            ax.set_xlabel("articles (N)")
            ax.set_title(label)
    for ax in axes:
        ax.legend(fontsize=7)
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(RESULTS / "scale.png", dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--no-minhash", action="store_true")
    ap.add_argument("--workdir", default="/tmp/newstrace-scale")
    ap.add_argument("--engines", default="embedded", help="embedded, spark, or both: embedded,spark")
    args = ap.parse_args()
    engines = set(args.engines.split(","))
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / "scale.jsonl"
    rows = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    for n in args.sizes:
        corpus = generate.write(n, Path(args.workdir) / str(n))
        truth = list(generate.read_truth(corpus))
        new_rows = []
        if "embedded" in engines:
            row = run_newstrace(n, corpus, truth)
            if n == max(args.sizes):
                row.update(incremental(corpus, truth))
                row.update(web_timings(corpus))
            new_rows.append(row)
        if "spark" in engines:
            new_rows.append(run_spark(n, corpus, truth))
        new_rows += [] if args.no_minhash else run_minhash(n, corpus, truth)
        for r in new_rows:
            print(json.dumps(r))
        rows = [r for r in rows if not (r["N"] == n and r["method"] in {x["method"] for x in new_rows})] + new_rows
        log.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cols = ["N", "method", "total_s", "articles_per_s", "peak_memory_mb", "candidate_pairs", "recall_rewrite",
            "precision_rewrite", "recall_copy", "precision_copy", "recall_partial", "precision_partial", "recall_all",
            "precision_all"]
    table = ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
    for r in sorted(rows, key=lambda r: (r["N"], r["method"])):
        table.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    (RESULTS / "scale.md").write_text("\n".join(table) + "\n")
    print("\n".join(table))
    plot(rows)


if __name__ == "__main__":
    main()
