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
