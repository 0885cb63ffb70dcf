"""How much the accuracy figures hang on each threshold of the alignment, relation and lineage stages.

    python benchmarks/sensitivity.py [NAME ...]

Each named threshold is scaled by 0.8, 0.9, 1.1 and 1.25 (counts rounded, at least 1) while the
others keep their values, and dev (English) and Clough–Stevenson are labelled and scored again.
A threshold whose small change moves the figures a lot rests on a few pairs of dev near it, and is
where a corpus kept back will differ most. Prints a Markdown table and writes it, with the raw
figures, to benchmarks/results/.

Only thresholds read when a function runs are listed; those bound as a function's default
argument (the aligner's `MIN_SIMILARITY`, the candidate stage's n-gram and sharing limits) cannot
be changed from outside and are left out.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import CodeType, FunctionType, ModuleType

from newstrace.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"
FACTORS = (0.8, 0.9, 1.1, 1.25)

# module -> the thresholds it reads at call time (the pipeline's stage order)
THRESHOLDS = {
    "newstrace.align.align": ["MIN_CONTAINED_TOKENS", "CUT_SENTENCE_TOKENS", "MIN_SHARED_ANCHORS", "PARAPHRASE_KEPT",
                              "QUOTE_KEPT", "TEMPLATE_FIGURES_KEPT"],
    "newstrace.lineage.relation": ["COPY_COVERAGE", "COPY_VERBATIM", "REWRITE_COVERAGE", "REWRITE_PARAPHRASE",
                                   "PARTIAL_COVERAGE", "MIN_SHARED_PROSE", "PASSAGE_COVERAGE", "PASSAGE_SHARED",
                                   "REUSED_PARAGRAPH", "KEPT_QUOTES", "KEPT_QUOTE_TOKENS"],
    "newstrace.lineage.build": ["CORE_MAX_COVERAGE", "CORE_MIN_COVERAGE", "MAX_WEAK_LINKS", "CONTAINS_MARGIN",
                                "STORY_SHARED", "LEAF_SOURCE_EVIDENCE", "MAX_STORY_LINKS"],
}
MODULES: list[ModuleType] = [importlib.import_module(m) for m in THRESHOLDS]
KEYS = ("f1", "false_merge", "direction", "relation")


def _read_at_call_time(module: ModuleType, name: str) -> bool:
    """Whether some function of the module looks the name up when it runs (a default argument
    is bound once, when the module loads, and changing the name afterwards changes nothing)."""
    def names(code: CodeType) -> set[str]:
        inner = [names(c) for c in code.co_consts if isinstance(c, CodeType)]
        return set(code.co_names).union(*inner)

    functions: list[FunctionType] = []
    for x in vars(module).values():
        if getattr(x, "__module__", None) != module.__name__:
            continue  # imported from elsewhere
        members = vars(x).values() if isinstance(x, type) else [x]  # a class's methods, or the function
        functions += [f for f in members if isinstance(f, FunctionType)]
    return any(name in names(f.__code__) for f in functions)


def set_threshold(name: str, value: float) -> None:
    """Set it in every stage module that holds it (build.py imports some of relation.py's by name)."""
    for module in MODULES:
        if hasattr(module, name):
            setattr(module, name, value)


def figures() -> dict[str, float]:
    dev = evaluate_corpus(DATA / "dev", lang="en")
    peer = evaluate_corpus(DATA / "peer" / "clough-stevenson")
    return {**{f"dev_{k}": dev[k] for k in KEYS}, "cs_f1": peer["f1"], "cs_relation": peer["relation"]}


def row(name: str, value: float | str, got: dict[str, float], base: dict[str, float]) -> str:
    cells = []
    for k, v in got.items():
        moved = abs(round(v, 3) - round(base[k], 3)) >= 0.0195  # figures are rounded to 3 places
        cells.append(f"**{v:.3f}**" if moved else f"{v:.3f}")
    return f"| {name} | {value} | " + " | ".join(cells) + " |"


def main(names: list[str]) -> None:
    wanted = [(m, n) for m, ns in THRESHOLDS.items() for n in ns if not names or n in names]
    unread = [n for m, n in wanted if not _read_at_call_time(importlib.import_module(m), n)]
    if unread:
        raise SystemExit(f"not read when a function runs, so changing them would change nothing: {', '.join(unread)}")
    base = figures()
    header = "| threshold | value | " + " | ".join(base) + " |"
    lines = [header, "|" + " --- |" * (len(base) + 2), row("(as shipped)", "", base, base)]
    print("\n".join(lines), flush=True)
    raw: list[dict[str, object]] = [{"threshold": None, "value": None, **base}]
    for module_name, name in wanted:
        shipped = getattr(importlib.import_module(module_name), name)
        for factor in FACTORS:
            value = max(1, round(shipped * factor)) if isinstance(shipped, int) else round(shipped * factor, 4)
            set_threshold(name, value)
            try:
                got = figures()
            finally:
                set_threshold(name, shipped)
            raw.append({"threshold": name, "value": value, "shipped": shipped, **got})
            line = row(f"{name} ({shipped})", f"×{factor} = {value}", got, base)
            lines.append(line)
            print(line, flush=True)
    if not names:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "sensitivity.md").write_text(
            "Each threshold scaled alone; bold: a figure moved by 0.02 or more from the shipped values.\n\n"
            + "\n".join(lines) + "\n", encoding="utf-8")
        (RESULTS / "sensitivity.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
