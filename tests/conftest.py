from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "examples" / "seeds"
RT = SEEDS / "001_b9a74792a77f5a16.txt"
IRAN_DAILY = SEEDS / "000_a5baa378165069de.txt"
DEV = SHARED / "data" / "dev"
CLOUGH = SHARED / "data" / "peer" / "clough-stevenson"
REUTERS21578 = SHARED / "data" / "background" / "reuters21578.jsonl.gz"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared beside the checkout)")
    return path


@pytest.fixture
def dev() -> Path:
    return need(DEV)


@pytest.fixture
def dev_articles(dev: Path) -> dict:
    """The dev corpus's articles by id."""
    from newstrace.ingest.read import read_file
    from newstrace.model import Article

    return {a.id: a for a in read_file(dev / "articles.jsonl") if isinstance(a, Article)}


@pytest.fixture
def clough() -> Path:
    return need(CLOUGH)


def write_widely_printed(folder: Path, copies: int = 105) -> Path:
    """dev's seed story (RT, its rewrites, Tasnim's own report from TASS, a Reuters text) with RT's
    text printed again by `copies` more sites, each adding its own line: more copies than a rare
    gram may be found in (MAX_DF), as a wire story picked up everywhere is."""
    import json

    rows = [json.loads(line) for line in (need(DEV) / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    seed = [r for r in rows if r["id"].startswith("S-s00-") and r["lang"] == "en"]
    rt = next(r for r in seed if r["id"] == "S-s00-rt")
    printed = [{**rt, "id": f"print-{n:03d}", "url": f"https://site{n}.example/world/{n}", "outlet": f"Site {n}",
                "text": rt["text"] + f"\n\nShared by the night desk of site number {n}."} for n in range(copies)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in seed + printed), encoding="utf-8")
    return path


LATER_PARAGRAPH = ("Later on Monday the ministry said Russian sappers had begun clearing mines from the roads "
                   "leading into the city, and that humanitarian convoys carrying food, medicine and water "
                   "purification equipment would follow the army engineers within the next two days. Local "
                   "officials told residents who had fled the fighting to wait for the engineers to finish "
                   "before returning to the neighbourhoods along the river.")


def write_updated_story(folder: Path, copies: int = 105) -> Path:
    """`write_widely_printed`, with every copy after the third printing a later version of RT's
    story (a paragraph added), and a roundup of three other stories' openings that reuses that
    paragraph: the first texts of the story's family do not print it."""
    import json

    path = write_widely_printed(folder, copies)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        if r["id"].startswith("print-") and int(r["id"][6:]) >= 3:
            r["text"] += "\n\n" + LATER_PARAGRAPH
    dev = {r["id"]: r for r in map(json.loads, (need(DEV) / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    others = [dev[x]["text"][:700] for x in ("B-s02-a1", "B-s07-a1", "B-s15-a1")]
    rows.append({"id": "roundup", "url": "https://blog.example/roundup", "outlet": "Blog", "date": "2017-08-22",
                 "lang": "en", "title": "Roundup", "text": "\n\n".join([*others, LATER_PARAGRAPH])})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
