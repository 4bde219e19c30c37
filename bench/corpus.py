"""A corpus of distinct documents at any size, for benchmarks at scale.

    python bench/corpus.py OUT_DIR --size S|M|L        # ~1 MB, ~10 MB, ~100 MB
    python bench/corpus.py OUT_DIR --bar               # the issue's bar: 300 copies of the sample
    python bench/corpus.py OUT_DIR --copies 2 --duplicates 5  # and 5 exact duplicates

Copying one file many times measures nothing real: a store replaces a document loaded again
under its id or 文号, and copies under one title are duplicates to any reader, so a thousand
copies would be one document.  Each copy here is a document of
its own, as a government's next issue would be: a new file name, a new 文号 for every
document in it (``罗府〔2014〕10号`` → ``罗府〔2014〕1000号``, a counter per issuer and year) and
a new title (the copy's number before the genre word: ``…行动计划`` → ``…（第3批）行动计划``),
written everywhere the file names them, so the notice, its plan and the citations still
agree.  The tasks and their assignments are the original's (``tests/test_bench_corpus.py``
checks that govgraph reads the same from a copy).  ``--duplicates`` adds exact copies of
generated files under other names, for duplicate detection.

The originals are the bundled sample and the genre fixtures (``tests/fixtures/genre``), but
those whose copy govgraph would read otherwise (2 of 80: a table's header taken for a title,
a title cut from a long first line).  Files are written one at a time: memory holds the
originals, never the corpus.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "genre"
SIZES = {"S": 1_000_000, "M": 10_000_000, "L": 100_000_000}
BAR_COPIES = 300                  # issue 13's bar: 300 issues of the sample, ~33 MB
FIRST_NUMBER, LAST_NUMBER = 1000, 9999   # a 文号's number has at most four digits

_NUMBER = re.compile(r"(?P<head>.+?[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*第?\s*)(?P<number>\d{1,4})"
                     r"(?P<tail>\s*[号號])$")


@dataclass(frozen=True, slots=True)
class Original:
    """A source file and what a copy must change in it: its documents' 文号 and titles."""

    path: Path
    text: str
    numbers: tuple[str, ...]
    titles: tuple[str, ...]


def originals(paths: Sequence[Path] | None = None) -> list[Original]:
    """The sample and the genre fixtures (or ``paths``), each read by govgraph to learn the
    文号 and titles of its documents.  A source whose trial copy govgraph reads otherwise
    (another task, agency, place or kind, or a title not found to change) is left out and
    named on stderr: the benchmark measures copies, so a copy must be the original again."""
    import tempfile

    paths = list(paths) if paths is not None else [SAMPLE, *sorted(FIXTURES.glob("*.txt"))]
    found = _read(paths)
    sources = [Original(p, p.read_text(encoding="utf-8"),
                        tuple(r.document.doc_number for r in found[str(p)] if r.document.doc_number),
                        tuple(r.document.title for r in found[str(p)] if r.document.title))
               for p in paths]
    with tempfile.TemporaryDirectory(prefix="govgraph-corpus-") as folder:
        trials = [Path(folder) / f"{i}.txt" for i in range(len(sources))]
        for original, trial in zip(sources, trials):
            trial.write_text(copy_text(original, 1, Numbering()), encoding="utf-8")
        copied = _read(trials)
        kept = [o for o, t in zip(sources, trials) if _same(found[str(o.path)], copied[str(t)])]
    for original in sources:
        if original not in kept:
            print(f"corpus: {original.path.name} left out: a copy would not read as the original",
                  file=sys.stderr)
    return kept


def _read(paths: Sequence[Path]) -> dict[str, list]:
    """Each file's documents as govgraph extracts them (keywords aside: they do not change)."""
    from govgraph.extract import ExtractionRun

    found: dict[str, list] = {str(p): [] for p in paths}
    for result in ExtractionRun([str(p) for p in paths], keywords=False):
        found[result.document.source].append(result)
    return found


def _same(originals: list, copies: list) -> bool:
    """The copy's documents are the original's (same kind, place, issuers, tasks and
    assignments) under new titles and 文号."""
    def reading(result) -> tuple:
        doc = result.document
        return (doc.kind, doc.jurisdiction, doc.issued_by, bool(doc.doc_number),
                [(t.path, t.deadline, t.leaders, [(a.agency, a.role, a.role_word, a.surface)
                                                  for a in t.assignments]) for t in result.tasks])

    return [reading(r) for r in originals] == [reading(r) for r in copies] and all(
        a.document.title != b.document.title and (a.document.doc_number is None or
                                                  a.document.doc_number != b.document.doc_number)
        for a, b in zip(originals, copies))


class Numbering:
    """New 文号 for copies: a counter per issuer and year, from 1000, so no two copies share
    one (the originals' numbers stay below 1000)."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def renumbered(self, number: str) -> str:
        match = _NUMBER.match("".join(number.split()))
        if match is None:
            raise ValueError(f"not a 文号: {number}")
        key = re.sub(r"第$", "", match["head"])
        count = self.next.get(key, FIRST_NUMBER)
        if count > LAST_NUMBER:
            raise ValueError(f"more than {LAST_NUMBER - FIRST_NUMBER + 1} copies of {key}…号")
        self.next[key] = count + 1
        return f"{match['head']}{count}{match['tail'].strip()}"


def copy_text(original: Original, copy: int, numbering: Numbering) -> str:
    """The text of copy number ``copy``: each 文号 renumbered, each title marked with the copy."""
    text = original.text
    for number in dict.fromkeys(original.numbers):
        text = _spaced(number).sub(numbering.renumbered(number), text)
    for title in sorted(set(original.titles), key=len, reverse=True):
        text = _spaced(title).sub(lambda m, t=title: _marked(m.group(), t, copy), text)
    return text


def _spaced(written: str) -> re.Pattern:
    """``written`` wherever the text has it, with spaces, line breaks or bold markup between
    its characters (PDF text breaks titles: ``罗湖区 2013 年国民经济和 社会发展统计公报``)."""
    return re.compile(r"(?:\s|\*\*|__)*".join(re.escape(c) for c in "".join(written.split())))


def _marked(found: str, title: str, copy: int) -> str:
    """The title as found, with ``（第N批）`` before its genre word, where the extractor still
    reads the title, its kind and its tail (``（2014—2015年）``); before a ``的`` that comes
    first (``…意见的通知`` still reads as a notice); after a title with no genre word."""
    from govgraph.extract.documents import document_kind

    kind = document_kind(title)
    bare = "".join(title.split())
    at = bare.rfind(kind) if kind else len(bare)
    if at > 0 and bare[at - 1] == "的":        # …实施意见的通知: before 的, so 关于…的通知 still reads
        at -= 1
    seen = 0                      # characters of the title passed (not the spaces, markup between)
    for i, char in enumerate(found):
        if seen == at:
            return f"{found[:i]}（第{copy}批）{found[i:]}"
        seen += seen < len(bare) and char == bare[seen]
    return f"{found}（第{copy}批）"


def generate(folder: Path, size: int | None = None, copies: int | None = None,
             sources: Sequence[Original] | None = None, duplicates: int = 0) -> list[Path]:
    """Write copies of ``sources`` (the sample and the genre fixtures by default) into
    ``folder``, round after round, until ``size`` bytes or ``copies`` rounds; then
    ``duplicates`` exact copies of the first files written.  Returns the paths, in order."""
    if (size is None) == (copies is None):
        raise ValueError("give a size or a number of copies")
    folder.mkdir(parents=True, exist_ok=True)
    sources = list(sources) if sources is not None else originals()
    numbering, paths, written = Numbering(), [], 0
    for copy in _rounds(copies):
        for original in sources:
            path = folder / f"{original.path.stem}-c{copy:04d}.txt"
            data = copy_text(original, copy, numbering).encode("utf-8")
            path.write_bytes(data)
            paths.append(path)
            written += len(data)
            if size is not None and written >= size:
                break
        if size is not None and written >= size:
            break
    for i, path in enumerate(paths[:duplicates]):
        twin = folder / f"{path.stem}-dup{i:04d}.txt"
        shutil.copyfile(path, twin)
        paths.append(twin)
    return paths


def _rounds(copies: int | None) -> Iterator[int]:
    copy = 1
    while copies is None or copy <= copies:
        yield copy
        copy += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--size", choices=SIZES, help="S ~1 MB, M ~10 MB, L ~100 MB")
    group.add_argument("--bar", action="store_true",
                       help=f"{BAR_COPIES} copies of the sample alone (~33 MB, 2,100 documents)")
    group.add_argument("--copies", type=int, help="this many copies of every original")
    parser.add_argument("--duplicates", type=int, default=0, help="exact copies to add (default 0)")
    args = parser.parse_args(argv)
    if args.bar:
        paths = generate(args.folder, copies=BAR_COPIES, sources=originals([SAMPLE]),
                         duplicates=args.duplicates)
    else:
        paths = generate(args.folder, size=SIZES[args.size] if args.size else None,
                         copies=args.copies, duplicates=args.duplicates)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {total / 1e6:.1f} MB in {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
