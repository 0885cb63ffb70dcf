"""The `newstrace` command: a thin layer over the Python API (each command one API call)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import sqlite3
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import click
from tqdm import tqdm

from newstrace.align.edits import counted
from newstrace.api import Corpus, compare
from newstrace.export import DERIVED, GRAPH_FORMATS, TABLE_FORMATS, write_graph, write_rows
from newstrace.ingest import IngestProblem
from newstrace.model import Comparison, Lineage
from newstrace.normalize import AliasTable
from newstrace.store import StoreError
from newstrace.store.sqlite import default_db_path


def _aliases(paths: tuple[str, ...]) -> AliasTable:
    try:
        return AliasTable.load(*paths)
    except ValueError as e:
        raise click.ClickException(str(e)) from None


db_option = click.option("--db", default=None, help="SQLite store (default ./newstrace.db or $NEWSTRACE_DB).")
aliases_option = click.option("--aliases", multiple=True, type=click.Path(exists=True, dir_okay=False),
                              help="Extra alias file(s): one group of name variants per line, '|'-separated.")


# what to do when SQLite cannot write the store; a transaction that fails leaves what it held before
_STORE_FAILURES = {
    "database or disk is full": "free some space and run the command again: what the store held before is kept",
    "database is locked": "another process is writing to it: run this command again when that one is done",
}


class _Main(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as e:  # a --db that is not a store: one line, not a traceback
            raise click.ClickException(str(e)) from None
        except sqlite3.OperationalError as e:  # a full disk, a lock held too long: one line too
            hint = _STORE_FAILURES.get(str(e))
            raise click.ClickException(f"the store: {e}" + (f" ({hint})" if hint else "")) from None


@click.group(cls=_Main)
@click.version_option(package_name="newstrace")
def main() -> None:
    """Find which news articles were copied or rewritten from which, and what was changed."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", type=int, default=None, help="Processes parsing web pages and text files (default: CPU cores).")
def ingest(paths: tuple[str, ...], db: str | None, workers: int | None) -> None:
    """Read files and folders (text, markdown, JSONL, CSV, HTML, WARC; .gz too) into the store."""
    with Corpus(db) as corpus, tqdm(unit=" articles", disable=None, file=sys.stderr) as bar:
        def on_item(item: object) -> None:
            if isinstance(item, IngestProblem):
                tqdm.write(f"skipped {item}", file=sys.stderr)
            else:
                bar.update(1)

        try:
            report = corpus.ingest(paths, on_item=on_item, workers=workers)
        except KeyboardInterrupt:
            _interrupted(f"{corpus.store.count()} articles are stored; run the same `newstrace ingest` again to "
                         "go on (what is stored already is not added twice)")
        for note in report.problems:
            if "already stored" in note:
                tqdm.write(note, file=sys.stderr)
        total, where = corpus.store.count(), corpus.store.path
    click.echo(f"{report.added} articles added ({report.seen - report.added} already stored), "
               f"{len(report.problems)} problems; {total} in {where}")
    if report.problems and not report.seen:
        sys.exit(1)  # nothing could be read: a script must not go on as if it had been


@main.command()
@db_option
@aliases_option
@click.option("--workers", type=int, default=None, help="Processes for shingling and alignment (default: CPU cores).")
@click.option("--full", is_flag=True, help="Re-run over the whole store even when few articles are new.")
def analyze(db: str | None, aliases: tuple[str, ...], workers: int | None, full: bool) -> None:
    """Find candidate pairs, align them and build stories and lineages over the whole store.

    When few articles were added since the last run, only they are looked up and only the lineages
    they touch are rebuilt (their stories grown again from the stored verdicts); --full forces the
    corpus-wide pass."""
    with Corpus(_existing_store(db), _aliases(aliases)) as corpus:
        if not corpus.store.count():
            raise click.ClickException(f"{corpus.store.path}: no articles to analyze (run `newstrace ingest` first)")
        try:
            with _StageBars() as bars:
                result = corpus.analyze(progress=bars.update, workers=workers, full=full)
        except KeyboardInterrupt:
            _interrupted(f"{corpus.store.count('pairs')} judged pairs are stored; run `newstrace analyze` again "
                         "to go on from there")
        lineages = result.lineages
        if result.new is not None:  # only the new articles were looked up: say so, then sum up the store
            click.echo(f"{result.new} new articles: {result.candidates} candidate pairs, the lineages of "
                       f"{len(lineages)} articles rebuilt" if result.new else
                       "nothing new since the last analyze (--full runs it all again)")
            lineages = corpus.store.lineages()
    derived = sum(x.relation in DERIVED for x in lineages)
    multi = {x.lineage for x in lineages if x.relation in DERIVED}  # a lone copy of an absent text too
    pairs = f", {result.candidates} candidate pairs" if result.new is None else " in the store"
    click.echo(f"{len(lineages)} articles{pairs}, "
               f"{len(multi)} lineages with reuse, {derived} derived articles, "
               f"{len({x.story for x in lineages})} stories")
    if result.seconds:
        click.echo("seconds: " + ", ".join(f"{k} {v}" for k, v in result.seconds.items()), err=True)


class _StageBars:
    """A progress bar per stage of `analyze` (on a terminal): how many articles are shingled, how
    many pairs judged of how many, so a long run shows where it is and how long it has left."""

    UNITS = {"shingles": " articles", "lookup": " articles", "alignment": " pairs"}

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: tqdm[Any] | None = None

    def update(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=f"{stage:<11}", unit=self.UNITS.get(stage, ""), disable=None,
                            file=sys.stderr, bar_format=None if stage in self.UNITS else "{desc}|{bar:20}| {elapsed}")
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar = None

    def __enter__(self) -> _StageBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _interrupted(what_is_kept: str) -> NoReturn:
    """Ctrl-C: say what was kept and how to go on, not a traceback or click's bare "Aborted!"."""
    click.echo(f"\ninterrupted: {what_is_kept}.", err=True)
    sys.exit(130)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _print_comparison(c: Comparison) -> None:
    width = max(40, min(shutil.get_terminal_size((120, 20)).columns, 160))
    col = (width - 3) // 2
    click.echo(f"relation:  {c.relation}  (score {c.score:.2f})")
    click.echo(f"source:    {c.source}")
    click.echo(f"derived:   {c.derived}")
    for e in c.evidence:
        click.echo(f"  evidence: {e}")
    ed = c.edits
    if ed.substitutions:
        click.echo("substitutions:")
        for sub in ed.substitutions:
            click.echo(f"  {sub.old} → {sub.new}  ×{sub.count}")
    for key in ("added", "removed", "kept"):
        for phrase in ed.attribution.get(key, []):
            click.echo(f"attribution {key}: {phrase}")
    for n in ed.numbers.get("changed", []):
        click.echo(f"number changed: {n['source']} → {n['derived']}")
    for side in ("removed", "added"):
        if ed.numbers.get(side):
            click.echo(f"numbers {side}: {', '.join(counted(ed.numbers[side]))}")
    for q in ed.quotes.get("changed", []):
        click.echo(f"quote changed: “{q['source']}” → “{q['derived']}”")
    for q in ed.quotes.get("dropped", []):
        click.echo(f"quote dropped: “{q}”")
    for q in ed.quotes.get("added", []):
        click.echo(f"quote added: “{q}”")
    for pair in ed.reworded:
        click.echo(f"~ reworded: {pair['source']}\n         → {pair['derived']}")
    for sentence in ed.removed:
        click.echo(f"- removed: {sentence}")
    for sentence in ed.added:
        click.echo(f"+ added:   {sentence}")
    click.echo("\naligned passages (source | derived):")
    for p in c.alignment.passages:
        click.echo("-" * width)
        left, right = _wrap(p.a_text, col), _wrap(p.b_text, col)
        for i in range(max(len(left), len(right))):
            lt = left[i] if i < len(left) else ""
            rt = right[i] if i < len(right) else ""
            click.echo(f"{lt:<{col}} | {rt}")


@main.command(name="compare")
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@db_option
@aliases_option
def compare_cmd(a: str, b: str, as_json: bool, db: str | None, aliases: tuple[str, ...]) -> None:
    """Compare two articles (file paths or stored ids): relation, direction and edits."""
    table = _aliases(aliases)
    stored: tuple[Lineage | None, Lineage | None] = (None, None)
    try:
        if not Path(db or default_db_path()).exists():  # two files need no store: none is made
            result = compare(a, b, table)
        else:
            with Corpus(db, table) as corpus:
                result = compare(a, b, corpus.aliases, corpus.store)
                stored = corpus.lineage(result.source), corpus.lineage(result.derived)
    except (LookupError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_comparison(result)
    if stored[0] and stored[1]:
        click.echo(f"\n{_lineage_note(result, stored[0], stored[1])}")


def _lineage_note(c: Comparison, source: Lineage, derived: Lineage) -> str:
    """Where `analyze` put the two stored texts: a pair can share a passage that does not join
    their lineages (too small a part of either, or shared with many texts)."""
    if source.lineage == derived.lineage:
        return f"stored lineage: both in {source.lineage}"
    return (f"stored lineages: {c.source} in {source.lineage}, {c.derived} in {derived.lineage}; "
            "analyze did not link them: what they share is too small a part of either text, or is shared "
            "with many texts, to join a lineage (see `newstrace trace`)")


def _describe(x: Lineage, corpus: Corpus) -> dict[str, Any]:
    art = corpus.article(x.id)
    return {"id": x.id, "relation": x.relation, "outlet": art.outlet if art else None,
            "date": art.date if art else None, "score": round(x.score, 4), "derived_from": x.derived_from,
            "title": art.title if art else None}


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="All of it as one JSON object (every sibling and derivative).")
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True,
              help="Siblings and derivatives listed, each (0: all); a wire story may have thousands.")
@db_option
def trace(article_id: str, as_json: bool, limit: int, db: str | None) -> None:
    """An article's lineage: its origin, its source, its siblings and derivatives."""
    with Corpus(_existing_store(db)) as corpus:
        try:
            t = corpus.trace(article_id)
        except LookupError as e:
            raise click.ClickException(str(e)) from None
        out: dict[str, Any] = {
            "article": _describe(t.article, corpus),
            "story": t.article.story,
            "lineage": t.article.lineage,
            "origin": _describe(t.origin, corpus) if t.origin else None,
            "derived_from": _describe(t.source, corpus) if t.source else None,
            "siblings": [_describe(x, corpus) for x in t.siblings],
            "derivatives": [_describe(x, corpus) for x in t.derivatives],
            "members": [_describe(x, corpus) for x in t.lineage],
            "origin_agency": t.origin_agency,
        }
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return

    def line(d: dict[str, Any]) -> str:
        return f"{d['id']}  {d['relation']:<11} {d['outlet'] or '?':<28} {d['date'] or 'no date':<10}  score {d['score']:.2f}"

    click.echo(f"article:      {line(out['article'])}")
    click.echo(f"story:        {out['story']}\nlineage:      {out['lineage']}")
    if out["origin"]:
        origin = line(out["origin"])
    else:
        origin = "(this article)" if t.article.relation == "origin" else "(none in the store)"
    if t.origin_agency:
        origin += f"\n              the origin is {t.origin_agency}'s own text, not in the store (named by a dateline or byline)"
    click.echo(f"origin:       {origin}")
    click.echo(f"derived from: {line(out['derived_from']) if out['derived_from'] else '-'}")
    for key in ("siblings", "derivatives"):
        click.echo(f"{key}:")
        shown = out[key][:limit] if limit else out[key]
        for d in shown:
            click.echo(f"  {line(d)}")
        if len(shown) < len(out[key]):
            click.echo(f"  ... and {len(out[key]) - len(shown)} more (--limit 0 or --json for all)")


def _skipped(problem: IngestProblem) -> None:
    click.echo(f"skipped {problem}", err=True)


@main.command()
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Labels file to write (JSONL).")
@aliases_option
def label(corpus_dir: str, out: str, aliases: tuple[str, ...]) -> None:
    """Label a corpus folder (articles.jsonl) in the labels format; its labels are never read."""
    from newstrace.evaluate import label_corpus

    try:
        lineages = label_corpus(corpus_dir, _aliases(aliases), on_problem=_skipped)
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    with open(out, "w", encoding="utf-8") as f:
        for x in lineages:
            f.write(json.dumps(x.to_label(), ensure_ascii=False) + "\n")
    click.echo(f"{len(lineages)} labels written to {out}")


@main.command(name="eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--lang", default=None, help="Score only articles in this language (e.g. en).")
@click.option("--json", "as_json", is_flag=True)
@aliases_option
def eval_cmd(corpus_dir: str, lang: str | None, as_json: bool, aliases: tuple[str, ...]) -> None:
    """Label a corpus folder and score it against its labels.jsonl."""
    from newstrace.evaluate import evaluate_corpus

    try:
        result = evaluate_corpus(corpus_dir, lang, _aliases(aliases), on_problem=_skipped)
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    width = max(map(len, result))
    for key, value in result.items():
        click.echo(f"{key:<{width}}  {_figure(value)}")


def _figure(value: object) -> str:
    """One eval figure as a line: an accuracy with its count, a confusion table as true → predicted."""
    if isinstance(value, dict) and "accuracy" in value:
        return f"{value['accuracy']}  ({value['articles']} articles)"
    if isinstance(value, dict):
        return ", ".join(f"{t} → {p} {n}" for t, row in value.items() for p, n in row.items())
    return str(value)


def _existing_store(db: str | None) -> str:
    """The store's path; a command that only reads one must not create an empty one."""
    path = db or default_db_path()
    if not Path(path).exists():
        raise click.ClickException(f"{path}: no store here (run `newstrace ingest` and `newstrace analyze` first)")
    return path


def _analysed_store(db: str | None, aliases: tuple[str, ...] = ()) -> Corpus:
    path = _existing_store(db)
    corpus = Corpus(path, _aliases(aliases))
    if corpus.store.count("lineages") == 0:
        corpus.close()
        raise click.ClickException(f"{path}: nothing analysed yet (run `newstrace analyze` first)")
    return corpus


@contextmanager
def _output(out: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """The file to write, or standard output."""
    if out is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with open(out, "wb") if binary else open(out, "w", encoding="utf-8", newline="") as f:
        yield f


@main.group()
def export() -> None:
    """Write what `analyze` found for other tools: article tables, reuse graphs."""


@export.command(name="articles")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="jsonl", show_default=True)
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="File to write (default: standard output).")
@db_option
def export_articles(fmt: str, out: str | None, db: str | None) -> None:
    """One row per article: metadata, story, lineage, relation, source, origin, score, attribution."""
    with _analysed_store(db) as corpus, _output(out) as f:
        n = write_rows(corpus.article_rows(), f, fmt)
    if out:
        click.echo(f"{n} articles written to {out}", err=True)


@export.command(name="derivations")
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="File to write (default: standard output).")
@db_option
@aliases_option
def export_derivations(out: str | None, db: str | None, aliases: tuple[str, ...]) -> None:
    """JSON Lines: each derived text compared with its source, as `compare --json` gives it."""
    with _analysed_store(db, aliases) as corpus, _output(out) as f:
        n = write_rows(tqdm(corpus.derivations(), unit=" texts", disable=None, file=sys.stderr), f, "jsonl")
    if out:
        click.echo(f"{n} derived texts written to {out}", err=True)


@export.command(name="graph")
@click.option("--level", type=click.Choice(["articles", "outlets"]), default="articles", show_default=True,
              help="articles: the lineage trees; outlets: who takes from whom.")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="graphml", show_default=True)
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="File to write (default: standard output).")
@db_option
def export_graph(level: str, fmt: str, out: str | None, db: str | None) -> None:
    """The reuse network as GraphML, GEXF (Gephi) or node-link JSON (networkx, D3)."""
    with _analysed_store(db) as corpus:
        graph = corpus.reuse_graph(level)
        with _output(out, binary=True) as f:
            write_graph(graph, f, fmt)
    if out:
        click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to {out}", err=True)


@main.command()
@db_option
@aliases_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all interfaces).")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str | None, aliases: tuple[str, ...], host: str, port: int) -> None:
    """Browse stories, lineages, comparisons and the outlet network in a local web UI."""
    import uvicorn

    from newstrace.web import create_app

    path = _existing_store(db)
    Corpus(path).close()  # a file that is not a store fails here, not on the first page
    try:  # a port in use: say so before announcing the address (uvicorn would, after it)
        with socket.create_server((host, port)):
            pass
    except OSError as e:
        why = os.strerror(e.errno).lower() if e.errno else str(e)
        todo = ("another --port, or stop what holds it (another newstrace serve?)" if e.errno == errno.EADDRINUSE
                else "--host: an address of this machine (127.0.0.1, or 0.0.0.0 for all)")
        raise click.ClickException(f"cannot listen on {host}:{port} ({why}): {todo}") from None
    click.echo(f"newstrace: serving {path} at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(path, _aliases(aliases)), host=host, port=port, log_level="warning")


@main.command(name="spark")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for lineages/, pairs/ and run.json.")
@click.option("--db", default=None, type=click.Path(dir_okay=False),
              help="Also write everything into this new store, for serve, trace, compare and export.")
@click.option("--master", default=None, help="Spark master URL (default: spark-submit's, else local[*]).")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting, e.g. spark.driver.memory=4g.")
@aliases_option
def spark_cmd(paths: tuple[str, ...], out: str, db: str | None, master: str | None, conf: tuple[str, ...],
              aliases: tuple[str, ...]) -> None:
    """Ingest and analyze on Apache Spark, for corpora that outgrow one machine: results as files
    (and, with --db, in a store)."""
    settings = [tuple(c.split("=", 1)) for c in conf]
    if any(len(c) != 2 for c in settings):
        raise click.BadParameter("give each setting as KEY=VALUE", param_hint="--conf")
    try:
        from pyspark.sql import SparkSession

        from newstrace.spark.job import check_new_store, run_job, spark_session
    except ImportError:
        raise click.ClickException("the Spark engine needs PySpark: pip install 'newstrace[spark]'") from None
    with Corpus(db) if db else contextlib.nullcontext() as corpus:
        try:
            if corpus is not None:
                check_new_store(corpus.store)  # before Spark starts, not after the run
        except ValueError as e:
            raise click.ClickException(str(e)) from None
        mine = SparkSession.getActiveSession() is None  # a session the caller runs is left running
        session = spark_session(master, settings)  # type: ignore[arg-type]
        try:
            run = run_job(session, paths, out, _aliases(aliases), corpus.store if corpus else None)
        finally:
            if mine:
                session.stop()
    for problem in run.problems:
        click.echo(f"skipped {problem}", err=True)
    click.echo(f"{run.articles} articles, {run.candidates} candidate pairs, {run.lineages} lineages of two texts "
               f"or more, {len(run.problems)} problems; written to {out}" + (f" and {db}" if db else ""))


if __name__ == "__main__":
    main()
