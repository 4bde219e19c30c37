"""Extraction quality, with gold and without it, in one run.

    python bench/bench_quality.py [--corpus tests/corpus] [--worst 5]

Prints:
  * coverage of the development corpus (``tests/corpus``, 200+ real plans, sources in its
    MANIFEST.csv): the share of role words beside an agency that an extracted task or
    duty explains (bar: >= 0.95), and the most frequent patterns left unexplained: the
    to-do list recall without gold shows;
  * the genre fixtures (``tests/fixtures/genre``, hand-checked gold from many
    governments), scored as ``../shared/eval/score.py --coarse`` scores them: micro
    relation and agency F1 with each fixture's document pinned, the lowest document and the
    worst few, and the relation F1 with documents matched as the scorer matches them (a
    title the header reader misses, or one the stored text lacks, loses the whole document);
  * the seed gazette against its gold (bar: 1.000).

Each figure comes from the vendored scorer (``tests/fixtures/seed/score.py``) and the
installed extractor; nothing is cached between runs.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENRE = ROOT / "tests" / "fixtures" / "genre"
SEED = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "seed" / "gold.json"


def scorer():
    """The vendored copy of the shared scorer, loaded from its file."""
    spec = importlib.util.spec_from_file_location("score", ROOT / "tests" / "fixtures" / "seed" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def system_of(paths: list[Path]) -> dict:
    """The extraction of ``paths`` in the output contract the scorer reads."""
    from govgraph.extract import extract
    from govgraph.records import agency_record, document_record, task_record

    result = extract([str(p) for p in paths])
    return {"documents": [document_record(r) for r in result.results],
            "tasks": [task_record(t, r.document.source) for r in result.results for t in r.tasks],
            "agencies": [agency_record(a) for a in result.agencies]}


def corpus_coverage(folder: Path, worst: int) -> None:
    from govgraph.extract import measure_coverage

    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
    report, _ = measure_coverage([str(p) for p in files])
    print(f"coverage of {folder.relative_to(ROOT)}: {len(files)} files, {report.cues} role words beside "
          f"an agency, {report.explained} explained: share {report.share:.3f}   (bar >= 0.95)")
    left = Counter(c.pattern for d in report.documents for c in d.unexplained)
    for pattern, n in left.most_common(worst):
        print(f"    unexplained {n:4d}  {pattern}")


def fixtures(score, worst: int) -> None:
    score.COARSE = True
    sums = Counter()
    rows = []
    for gold_path in sorted(GENRE.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name.removesuffix(".gold.json")
        system = system_of([GENRE / gold.get("source", f"{name}.txt")])
        matched = score.score(gold, system)["relation"]          # documents matched as score.py does
        for key in ("tp", "fp", "fn"):
            sums["u" + key] += matched[key]
        # one document per fixture: its identity is pinned, as the fixture tests do
        system["documents"] = [{**d, "doc_number": gold["documents"][0]["doc_number"],
                                "title": gold["documents"][0]["title"]} for d in system["documents"]]
        result = score.score(gold, system)
        for key in ("tp", "fp", "fn"):
            sums[key] += result["relation"][key]
            sums["a" + key] += result["agency"][key]
        rows.append((result["relation_f1"], name))
    f1, agency_f1, unpinned = (_micro_f1(sums, kind) for kind in ("", "a", "u"))
    rows.sort()
    print(f"genre fixtures: {len(rows)} documents, coarse micro relation F1 {f1:.3f}, agency F1 "
          f"{agency_f1:.3f}, lowest {rows[0][0]:.3f} ({rows[0][1]}); with documents matched by 文号 "
          f"or title as score.py matches them (not pinned): relation F1 {unpinned:.3f}")
    for value, name in rows[:worst]:
        print(f"    {value:.3f}  {name}")
    score.COARSE = False


def _micro_f1(sums: Counter, kind: str) -> float:
    """F1 of the summed ``{kind}tp``, ``{kind}fp`` and ``{kind}fn``."""
    tp, fp, fn = (sums[kind + key] for key in ("tp", "fp", "fn"))
    return 2 * tp / (2 * tp + fp + fn)


def seed(score) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    result = score.score(gold, system_of([SEED]))
    print(f"seed gazette: relation F1 {result['relation_f1']:.3f}, task exact {result['task_exact']:.3f}, "
          f"naming {result['naming_score']:.3f}   (bar 1.000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus",
                        help="folder of real plans (default tests/corpus)")
    parser.add_argument("--worst", type=int, default=5, help="how many worst patterns and documents to list")
    args = parser.parse_args()
    score = scorer()
    corpus_coverage(args.corpus.resolve(), args.worst)
    fixtures(score, args.worst)
    seed(score)


if __name__ == "__main__":
    sys.exit(main())
