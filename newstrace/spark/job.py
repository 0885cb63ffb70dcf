"""The embedded pipeline's stages spread over a Spark cluster, each calling the same functions.

1. Files are listed on the driver and read on the executors by `read_file`, a file per task.
2. Each article's rare-gram shingles and credited names: `article_signature`, `credited_outlets`.
3. Candidate pairs: texts sharing grams that are rare (in 2 to `MAX_DF` texts), each gram's
   posting list giving all pairs of its texts (a longer list: its first text with each other),
   counted by Spark SQL where the embedded engine sorts numpy arrays; the pair rules are
   `enough_shared` and `widely_printed`, the same functions.
4. Each pair judged next to its two texts by `judge_pairs`, in the embedded engine's order
   (`local_order`: an article's pairs close together, so a task prepares most articles once).
5. Lineages and stories by `build_lineages`, once per group of texts joined by verdicts that can
   link them (`links`): the builder reads no other verdict, so each group comes out as it would
   from the whole corpus. No text goes to the driver, only pairs' numbers: every candidate's,
   to order them (step 4), and the linked ones', to find the groups.

The rows are those `newstrace.pipeline.analyze` gives for the same articles in the same order
(the tests check it on the labelled corpora).
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, astuple, dataclass, field, fields
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args, get_type_hints

import numpy as np

from newstrace.candidates import MAX_DF, enough_shared, families, widely_printed
from newstrace.ingest.read import IngestProblem, iter_files, read_file
from newstrace.lineage.build import PairVerdict, UnionFind, build_lineages, links
from newstrace.lineage.relation import Prepared
from newstrace.model import Article, Lineage
from newstrace.normalize import AliasTable
from newstrace.parallel import batched
from newstrace.pipeline import (
    ALGORITHM_VERSION,
    LINEAGE_VERSION,
    LRU,
    article_signature,
    credited_outlets,
    judge_pairs,
    local_order,
)
from newstrace.store.sqlite import Store, text_hash

if TYPE_CHECKING:
    from pyspark import RDD, SparkContext
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

ARTICLES_PER_PARTITION = 2000  # a task's share of the work
PAIRS_PER_PARTITION = 20_000  # a task's pairs: fewer tasks prepare fewer articles twice
# what an article carries from stage to stage: the article, its credited names, the outlets it credits
Carried = tuple[Article, tuple[str, ...], frozenset[str]]


@dataclass
class SparkRun:
    """What a run did: counts, the files or lines that could not be read, and stage times."""

    articles: int
    candidates: int
    linked: int  # texts in a lineage or story with another text
    lineages: int  # lineages of two texts or more
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class SparkAnalysis:
    """A run's results, as cached RDDs keyed by article number (the order articles were read in):
    lineage rows, verdicts of candidate pairs (a < b), and the articles with what they credit."""

    rows: RDD[tuple[int, Lineage]]
    verdicts: RDD[tuple[int, int, PairVerdict]]
    articles: RDD[tuple[int, bytes]]  # a pickled (Article, credited names, credited outlets)
    run: SparkRun


def spark_session(master: str | None = None, conf: Iterable[tuple[str, str]] = ()) -> SparkSession:
    """A session; on a local master the executors run this Python (and so find newstrace). With
    no master, spark-submit's, or else local[*]."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newstrace").config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
    launched = "PYSPARK_GATEWAY_PORT" in os.environ  # by spark-submit, whose master and Python hold
    if (master or ("" if launched else "local")).startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    conf = list(conf)
    if not launched and not any(key == "spark.driver.extraJavaOptions" for key, _ in conf):
        # Spark's start-up notes on every local run are noise; its warnings and errors are kept
        logging = Path(__file__).with_name("log4j2.properties")
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={logging.as_uri()}")
    for key, value in conf:
        builder = builder.config(key, value)
    # newstrace hands Spark no pandas frames: PySpark's warning that it does not yet support the
    # installed pandas is noise here
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    return builder.getOrCreate()


def _read(path: str) -> Iterator[Article | IngestProblem]:
    if not os.path.exists(path):
        yield IngestProblem(path, "no such file or folder")
        return
    yield from read_file(Path(path))


def _articles(item: Article | IngestProblem) -> list[Article]:
    return [item] if isinstance(item, Article) else []


def _problems(item: Article | IngestProblem) -> list[str]:
    return [str(item)] if isinstance(item, IngestProblem) else []


Numbered = tuple[int, Article, tuple[str, ...]]  # position in the walk, article, notes on ids given again


def _first(x: Numbered, y: Numbered) -> Numbered:
    """Of two articles with one id, the first read (as the store keeps the one stored first)."""
    x, y = (x, y) if x[0] < y[0] else (y, x)
    again = () if text_hash(x[1].text) == text_hash(y[1].text) else (
        f"{y[1].path or y[1].id}: id {y[1].id!r} given again with another text; kept the first",)
    return x[0], x[1], x[2] + y[2] + again


def read_articles(sc: SparkContext, paths: Sequence[str | Path]) -> tuple[RDD[tuple[int, Article]], list[str]]:
    """(position in the walk, article) for every article under the paths, an id given twice kept
    the first time, and a line for each file, record or id set aside."""
    files = [str(p) for p in iter_files(paths)]
    if not files:
        return sc.emptyRDD(), []
    items = sc.parallelize(files, min(len(files), sc.defaultParallelism * 4)).flatMap(_read).cache()
    problems = items.flatMap(_problems).collect()
    numbered = items.flatMap(_articles).zipWithIndex()
    # spread over the cluster: a corpus is often one file, read by one task
    parts = max(sc.defaultParallelism * 2, numbered.count() // ARTICLES_PER_PARTITION)
    no_notes: tuple[str, ...] = ()
    # not cached: the next stage keeps the articles, and redoing this reduce from its shuffle is cheap
    kept = numbered.map(lambda x: (x[0].id, (x[1], x[0], no_notes))).reduceByKey(_first, parts).map(lambda kv: kv[1])
    problems += sorted(kept.flatMap(lambda k: k[2]).collect())
    items.unpersist()
    return kept.map(lambda k: (k[0], k[1])), problems


def _signature(item: tuple[int, Article], aliases: AliasTable) -> tuple[int, bytes, int, list[int]]:
    """A row of the articles table: number, the article with what it credits (pickled: the JVM
    joins and sorts it as bytes, only Python reads it), and its rare-gram shingles."""
    n, article = item
    grams, names = article_signature(article, aliases)
    carried: Carried = (article, names, credited_outlets(article, names))
    return n, pickle.dumps(carried, protocol=pickle.HIGHEST_PROTOCOL), len(grams), grams.view("int64").tolist()


def _articles_table(spark: SparkSession, signed: RDD[tuple[int, bytes, int, list[int]]]) -> DataFrame:
    from pyspark.sql.types import ArrayType, BinaryType, IntegerType, LongType, StructField, StructType

    schema = StructType([StructField("doc", LongType()), StructField("carried", BinaryType()),
                         StructField("grams_n", IntegerType()), StructField("grams", ArrayType(LongType()))])
    return spark.createDataFrame(signed, schema)


def candidate_pairs_on_spark(docs: DataFrame) -> np.ndarray:
    """The pairs (a, b) of article numbers a < b sharing enough rare grams (`enough_shared`),
    from a table of (doc, grams_n, grams), collected on the driver. As in the embedded engine, each rare
    gram's posting list (its documents, sorted) contributes all pairs of its documents, each longer
    list the pairs of its first document with every other (kept by `widely_printed`), and, where
    such pairs join texts into families, each longer list once more with each family written once
    (as its first member in the list; `families`, on the driver); the pairs are counted."""
    from pyspark.sql import functions as F

    grams = docs.select("doc", F.explode("grams").alias("gram"))
    postings = grams.groupBy("gram").agg(F.array_sort(F.collect_list("doc")).alias("docs")).where(F.size("docs") >= 2)
    pairs = postings.select(F.explode(F.expr(
        f"CASE WHEN size(docs) <= {MAX_DF} THEN {_ALL_PAIRS} "  # a rare gram: (docs[i], each later doc) for every i
        "ELSE transform(slice(docs, 2, size(docs) - 1), "  # a longer list: (docs[0], each other doc)
        "later -> named_struct('a', docs[0], 'b', later, 'long', true)) END"
    )).alias("pair"))
    sizes = docs.select("doc", "grams_n")

    def counted(pairs: DataFrame) -> DataFrame:
        shared = (pairs.groupBy(F.col("pair.a").alias("a"), F.col("pair.b").alias("b"), F.col("pair.long").alias("long"))
                  .agg(F.count("*").alias("n")))
        with_sizes = (shared.join(sizes.withColumnRenamed("doc", "a").withColumnRenamed("grams_n", "na"), "a")
                      .join(sizes.withColumnRenamed("doc", "b").withColumnRenamed("grams_n", "nb"), "b"))
        shorter = F.least("na", "nb")
        return with_sizes.where(F.when(F.col("long"), widely_printed(F.col("n"), shorter))
                                .otherwise(enough_shared(F.col("n"), shorter)))

    kept = first = counted(pairs).cache()  # read twice: for the families, then for the pairs
    printed = np.array(kept.where("long").select("a", "b").collect(), dtype=np.int64).reshape(-1, 2)
    if len(printed):
        family = families(printed[:, 0], printed[:, 1], int(printed.max()) + 1)  # a text in no such pair is its own
        moved = [(d, int(f)) for d, f in enumerate(family.tolist()) if f != d]
        smallest = postings.sparkSession.createDataFrame(moved, "doc long, family long")
        by_family = (postings.where(F.size("docs") > MAX_DF).select("gram", F.explode("docs").alias("doc"))
                     .join(F.broadcast(smallest), "doc", "left")
                     .groupBy("gram", F.coalesce("family", "doc").alias("family")).agg(F.min("doc").alias("doc"))
                     .groupBy("gram").agg(F.array_sort(F.collect_list("doc")).alias("docs"))
                     .where((F.size("docs") >= 2) & (F.size("docs") <= MAX_DF)))
        kept = kept.unionByName(counted(by_family.select(F.explode(F.expr(_ALL_PAIRS)).alias("pair"))))
    found = kept.select("a", "b").distinct().collect()
    first.unpersist()
    return np.array(found, dtype=np.int64).reshape(-1, 2)


# every pair (docs[i], a later doc) of a sorted posting list, in Spark SQL's higher-order functions
_ALL_PAIRS = ("flatten(transform(sequence(1, size(docs) - 1), i -> transform(slice(docs, i + 1, size(docs) - i), "
              "later -> named_struct('a', docs[i - 1], 'b', later, 'long', false))))")


def _judge_partition(rows: Iterable[Any], aliases: AliasTable) -> Iterator[tuple[int, int, PairVerdict]]:
    """Verdicts for one partition's pairs (rows of a, b and both articles), a batch at a time,
    each article unpickled and prepared once for all its pairs in the batch and the ones after."""
    prepared: LRU[str, Prepared] = LRU(4096)
    unpickled: LRU[int, Carried] = LRU(4096)

    def carried(n: int, blob: bytes) -> Carried:
        if n not in unpickled:
            unpickled[n] = pickle.loads(blob)
        return unpickled[n]

    for batch in batched(rows, 500):
        pairs = [(r.a, r.b, carried(r.a, r.carried_a), carried(r.b, r.carried_b)) for r in batch]
        articles = {c[0].id: c[0] for _, _, x, y in pairs for c in (x, y)}
        names = {c[0].id: c[1] for _, _, x, y in pairs for c in (x, y)}
        verdicts = judge_pairs(articles, [(x[0].id, y[0].id) for _, _, x, y in pairs], aliases, prepared, names)
        for (a, b, _, _), v in zip(pairs, verdicts, strict=True):
            yield a, b, v


def _groups(pairs: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Each linked article number's group: the smallest number connected to it."""
    groups = UnionFind({x for pair in pairs for x in pair})
    for a, b in pairs:
        groups.union(a, b)
    return {x: groups.find(x) for x in groups.parent}


def _build_group(members: Iterable[tuple[int, bytes]],
                 verdicts: Iterable[tuple[int, int, PairVerdict]]) -> list[tuple[int, Lineage]]:
    """`build_lineages` over one group, its articles and verdicts in the embedded engine's order."""
    ordered = [(n, cast(Carried, pickle.loads(blob))) for n, blob in sorted(members)]
    judged = [v for _, _, v in sorted(verdicts, key=lambda t: (t[0], t[1]))]
    number = {c[0].id: n for n, c in ordered}
    rows = build_lineages([c[0] for _, c in ordered], judged, {c[0].id: c[2] for _, c in ordered})
    return [(number[row.id], row) for row in rows]


def analyze_on_spark(spark: SparkSession, paths: Sequence[str | Path], aliases: AliasTable | None = None,
                     ) -> SparkAnalysis:
    """The whole analysis of the articles under `paths`; the caller collects or writes it."""
    aliases = aliases or AliasTable.default()
    sc = spark.sparkContext
    clock = time.monotonic()
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[stage] = round(now - clock, 1)
        clock = now

    articles, problems = read_articles(sc, paths)
    lap("read")
    docs = _articles_table(spark, articles.map(lambda x: _signature(x, aliases))).cache()
    count = docs.count()
    lap("shingles")
    # judged in the embedded engine's order (`local_order`): an article's pairs close together, so
    # a task prepares most articles once. Only the pairs' numbers come to the driver for it.
    found = candidate_pairs_on_spark(docs)
    candidates = len(found)
    lap("candidates")
    rank = np.empty(candidates, np.int64)
    rank[local_order(found, int(found.max()) + 1 if candidates else 0)] = np.arange(candidates)
    pairs = spark.createDataFrame([(int(a), int(b), int(r)) for (a, b), r in zip(found, rank, strict=True)],
                                  "a long, b long, rank long")
    texts = docs.select("doc", "carried")
    with_texts = (pairs.join(texts.withColumnRenamed("doc", "a").withColumnRenamed("carried", "carried_a"), "a")
                  .join(texts.withColumnRenamed("doc", "b").withColumnRenamed("carried", "carried_b"), "b"))
    parts = max(sc.defaultParallelism * 2, candidates // PAIRS_PER_PARTITION)
    verdicts = (with_texts.repartitionByRange(parts, "rank").sortWithinPartitions("rank").rdd
                .mapPartitions(lambda rows: _judge_partition(rows, aliases)).cache())
    verdicts.count()
    lap("alignment")
    group = sc.broadcast(_groups(verdicts.filter(lambda t: links(t[2])).map(lambda t: (t[0], t[1])).collect()))
    carried = texts.rdd.map(lambda r: (r.doc, r.carried)).cache()
    grouped = (carried.filter(lambda m: m[0] in group.value).map(lambda m: (group.value[m[0]], m))
               .cogroup(verdicts.filter(lambda t: links(t[2])).map(lambda t: (group.value[t[0]], t)))
               .flatMap(lambda kv: _build_group(kv[1][0], kv[1][1])))
    alone = carried.filter(lambda m: m[0] not in group.value).flatMap(lambda m: _build_group([m], []))
    rows = grouped.union(alone).cache()
    lineages = rows.map(lambda r: (r[1].lineage, 1)).reduceByKey(add).filter(lambda kv: kv[1] > 1).count()
    docs.unpersist()
    lap("lineages")
    run = SparkRun(articles=count, candidates=candidates, linked=len(group.value), lineages=lineages,
                   problems=problems, seconds=seconds)
    return SparkAnalysis(rows, verdicts, carried, run)


def check_new_store(store: Store) -> None:
    """A run is saved only into a store with no articles: its rows are the whole corpus's."""
    if store.count():
        raise ValueError(f"{store.path}: this store holds articles already; give a new file")


def save_to_store(analysis: SparkAnalysis, store: Store, batch: int = 2000) -> None:
    """Write a run's articles, verdicts, credits and lineages into an empty store, as `newstrace
    ingest` and `analyze` would have: `serve`, `trace`, `compare` and `export` read it, and a later
    `analyze` finds every verdict cached. Streamed through the driver a partition at a time."""
    check_new_store(store)
    store.use_algorithm(ALGORITHM_VERSION, LINEAGE_VERSION)
    ids: dict[int, str] = {}
    credits: dict[str, frozenset[str]] = {}
    in_order: Iterator[tuple[int, bytes]] = analysis.articles.sortByKey().toLocalIterator()
    for chunk in batched(in_order, batch):
        carried = [(n, cast(Carried, pickle.loads(blob))) for n, blob in chunk]
        store.add_articles(c[0] for _, c in carried)
        for n, (article, _, outlets) in carried:
            ids[n] = article.id
            credits[article.id] = outlets
    hashes = store.hashes()
    for verdicts in batched(analysis.verdicts.toLocalIterator(), batch):
        store.save_verdicts([(ids[a], ids[b], v) for a, b, v in verdicts], hashes)
    store.save_credits(credits, hashes)
    store.replace_lineages(row for _, row in analysis.rows.sortByKey().toLocalIterator())
    store.mark_analysed(ids.values())


def _schema(cls: type) -> StructType:
    """A Spark table's columns from a result dataclass's fields (text, number, yes/no; None allowed
    where the field allows it)."""
    from pyspark.sql.types import BooleanType, DoubleType, LongType, StringType, StructField, StructType

    spark_type = {str: StringType(), float: DoubleType(), bool: BooleanType(), int: LongType()}
    hints = get_type_hints(cls)
    columns = []
    for f in fields(cls):
        kinds = get_args(hints[f.name]) or (hints[f.name],)
        base = next(k for k in kinds if k is not type(None))
        columns.append(StructField(f.name, spark_type[base], nullable=type(None) in kinds))
    return StructType(columns)


def run_job(spark: SparkSession, paths: Sequence[str | Path], out: str | Path,
            aliases: AliasTable | None = None, store: Store | None = None) -> SparkRun:
    """Analyse the articles under `paths` and write, under `out`: `lineages/` (JSON Lines, a row per
    article: its story, lineage, relation, source, score, attribution, origin), `pairs/` (Parquet,
    a verdict per candidate pair) and `run.json` (counts, problems, stage times); and, given an
    empty `store`, everything into it (`save_to_store`)."""
    analysis = analyze_on_spark(spark, paths, aliases)
    out = Path(out)
    lineages = spark.createDataFrame(analysis.rows.sortByKey().map(lambda r: astuple(r[1])), _schema(Lineage))
    lineages.write.mode("overwrite").option("ignoreNullFields", "false").json(str(out / "lineages"))
    pairs = spark.createDataFrame(analysis.verdicts.map(lambda t: astuple(t[2])), _schema(PairVerdict))
    pairs.write.mode("overwrite").parquet(str(out / "pairs"))
    (out / "run.json").write_text(json.dumps(asdict(analysis.run), indent=1) + "\n", encoding="utf-8")
    if store is not None:
        save_to_store(analysis, store)
    return analysis.run


__all__ = ["SparkAnalysis", "SparkRun", "analyze_on_spark", "candidate_pairs_on_spark", "check_new_store", "read_articles",
           "run_job", "save_to_store", "spark_session"]
