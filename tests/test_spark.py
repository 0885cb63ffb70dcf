"""The Spark engine gives the embedded engine's rows, on a local Spark (needs PySpark and Java)."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CLOUGH, DEV, IRAN_DAILY, RT, SEEDS, need

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark here", allow_module_level=True)

from newstrace.api import Corpus  # noqa: E402
from newstrace.cli import main  # noqa: E402
from newstrace.evaluate import read_corpus  # noqa: E402
from newstrace.pipeline import analyze  # noqa: E402
from newstrace.spark import analyze_on_spark, run_job, spark_session  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]", [("spark.sql.shuffle.partitions", "4")])
    yield session
    session.stop()


@pytest.mark.parametrize("corpus", [DEV, CLOUGH], ids=["dev", "clough-stevenson"])
def test_same_rows_as_the_embedded_engine(spark, corpus: Path) -> None:
    need(corpus)
    result = analyze_on_spark(spark, [corpus / "articles.jsonl"])
    run = result.run
    embedded = analyze(read_corpus(corpus))
    assert [row for _, row in sorted(result.rows.collect(), key=lambda r: r[0])] == embedded.lineages
    judged = {(v.source, v.derived): v for _, _, v in result.verdicts.collect()}
    assert judged == {(v.source, v.derived): v for v in embedded.verdicts}
    assert run.articles == len(embedded.lineages) and run.candidates == embedded.candidates
    sizes = Counter(x.lineage for x in embedded.lineages)
    assert run.lineages == sum(n > 1 for n in sizes.values()) > 5


def test_same_rows_on_a_story_printed_by_more_sites_than_max_df(spark, tmp_path: Path) -> None:
    from newstrace.candidates import MAX_DF
    from tests.conftest import write_updated_story, write_widely_printed

    for write in (write_widely_printed, write_updated_story):  # the second: a later version's paragraph reused
        folder = tmp_path / write.__name__
        path = write(folder, copies=MAX_DF + 5)
        result = analyze_on_spark(spark, [path])
        embedded = analyze(read_corpus(folder))
        assert [row for _, row in sorted(result.rows.collect(), key=lambda r: r[0])] == embedded.lineages
        judged = {(v.source, v.derived): v for _, _, v in result.verdicts.collect()}
        assert judged == {(v.source, v.derived): v for v in embedded.verdicts}
        assert result.run.candidates == embedded.candidates > MAX_DF


def test_bad_input_is_named_and_the_rest_analysed(spark, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(RT, corpus)
    shutil.copy(IRAN_DAILY, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.jsonl").write_text('{"id": "x1", "text": "A line."}\n{"id": "x2", "te\n'
                                         '{"id": "x1", "text": "Another text under the same id."}\n', encoding="utf-8")
    run = run_job(spark, [corpus, tmp_path / "missing.jsonl"], tmp_path / "out")
    problems = "\n".join(run.problems)
    assert "empty.txt" in problems and "broken.jsonl:2: malformed JSON" in problems
    assert "missing.jsonl: no such file or folder" in problems
    assert "broken.jsonl: id 'x1' given again with another text; kept the first" in problems
    assert run.articles == 3
    rows = {r["id"]: r for f in (tmp_path / "out" / "lineages").glob("part-*.json")
            for r in map(json.loads, f.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {"x1", IRAN_DAILY.stem, RT.stem}
    assert rows[IRAN_DAILY.stem]["relation"] == "rewrite" and rows[IRAN_DAILY.stem]["derived_from"] == RT.stem
    assert json.loads((tmp_path / "out" / "run.json").read_text())["articles"] == 3


def test_results_saved_in_a_store_as_analyze_would(spark, tmp_path: Path) -> None:
    """`--db`: the store reads as one that `ingest` and `analyze` made (every verdict cached, so a
    full `analyze` judges nothing again and gives the same rows), and `trace` follows the lineage."""
    db = tmp_path / "spark.db"
    result = CliRunner().invoke(main, ["spark", str(need(DEV) / "articles.jsonl"), "--out", str(tmp_path / "out"),
                                       "--db", str(db), "--master", "local[2]"])
    assert result.exit_code == 0, result.output
    with Corpus(db) as corpus:
        stored = corpus.store.lineages()
        assert corpus.store.count() == 107 and corpus.store.count("pairs") == 203
        judged: list[int] = []
        again = corpus.analyze(progress=lambda stage, done, total: judged.append(done) if stage == "alignment" else None,
                               full=True, workers=1)
        assert judged == [0] and again.lineages == stored == analyze(read_corpus(DEV)).lineages
        assert corpus.trace("S-s00-irandaily").origin.id == "S-s00-rt"
    result = CliRunner().invoke(main, ["spark", str(SEEDS), "--out", str(tmp_path / "out2"), "--db", str(db)])
    assert result.exit_code != 0 and "holds articles already" in result.output


def test_cli(spark, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["spark", str(SEEDS), "--out", str(out), "--master", "local[2]"])
    assert result.exit_code == 0, result.output
    assert "2 articles, 1 candidate pairs, 1 lineages of two texts or more, 0 problems" in result.output
    assert list((out / "pairs").glob("*.parquet"))
    result = CliRunner().invoke(main, ["spark", str(SEEDS), "--out", str(out), "--conf", "oops"])
    assert result.exit_code != 0 and "KEY=VALUE" in result.output


def test_module_entry_point_prints_no_start_up_notes(tmp_path: Path) -> None:
    """`python -m newstrace.spark` (what spark-submit runs) is the CLI command, and a local run's
    stderr holds Spark's warnings, not the notes every start prints (the log4j profile in use,
    no native Hadoop library, a hostname resolving to the loopback address)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "newstrace.spark", str(SEEDS), "--out", str(tmp_path / "out"),
                           "--master", "local[1]"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 articles, 1 candidate pairs" in done.stdout
    for note in ("log4j profile", "NativeCodeLoader", "resolves to a loopback address", "Setting default log level"):
        assert note not in done.stderr, done.stderr
