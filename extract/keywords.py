"""A few keywords per task, for topic views: TF-IDF over jieba's dictionary and IDF table.

jieba's own segmenter walks a DAG in pure Python, about 1 MB/s; a plan corpus is
mostly task text, so segmenting every task that way would make keywords the whole
cost of extraction.  Instead jieba's dictionary (words of frequency >= 10) is
compiled once into a leftmost-longest Aho-Corasick automaton (ahocorasick-rs,
Rust), which cuts text the way forward maximum matching does at tens of MB/s.
Scores are term frequency times jieba's IDF; agency names and the stop words of
``data/stopwords.txt`` never become keywords.
"""
from __future__ import annotations

import os
import re
from importlib import resources
from itertools import accumulate
from typing import TYPE_CHECKING

from govgraph.cache import cached, settle
from govgraph.gazetteer import Gazetteer

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

MIN_FREQUENCY = 10          # jieba dictionary words rarer than this are mostly names and idioms
# words that longest matching finds glued across a particle (审批和服务 → 和服, 有方向的 → 有方)
# are never keywords
_GLUED = re.compile(r"^[和与及的对把被将]|[的和与及地得]$|^有.$")
TOP = 5


class Keywords:
    """Keywords of a text; loads its vocabulary on first use."""

    def __init__(self, gazetteer: Gazetteer, top: int = TOP):
        self.gazetteer = gazetteer
        self.top = top
        self._loaded: tuple[AhoCorasick, list[str], list[float | None]] | None = None

    def of_many(self, texts: list[str]) -> list[tuple[str, ...]]:
        """The ``top`` words of each text by tf × idf (ties by the word itself).

        The texts are scanned as one, joined by line breaks that no word spans: a call
        of the automaton costs more than scanning a task.  Words are counted by their
        number in the automaton, which also indexes their scores."""
        matcher, words, scores = self._vocabulary()
        keywords: list[tuple[str, ...]] = []
        counts: dict[int, int] = {}
        starts = accumulate(len(text) + 1 for text in texts)     # where each next text starts
        following = next(starts, 0)
        for word, start, _ in matcher.find_matches_as_indexes("\n".join(texts)):
            while start >= following:
                keywords.append(self._top(counts, words, scores))
                counts = {}
                following = next(starts)
            counts[word] = counts.get(word, 0) + 1
        while len(keywords) < len(texts):
            keywords.append(self._top(counts, words, scores))
            counts = {}
        return keywords

    def _top(self, counts: dict[int, int], words: list[str], scores: list[float | None]
             ) -> tuple[str, ...]:
        ranked = [(-n * score, words[word]) for word, n in counts.items()
                  if (score := scores[word]) is not None]
        ranked.sort()
        return tuple(word for _, word in ranked[: self.top])

    # ------------------------------------------------------------ resources
    def _vocabulary(self) -> tuple[AhoCorasick, list[str], list[float | None]]:
        """The automaton that cuts text into words, its words, and the score of each
        (None: no keyword); loaded on first use."""
        if self._loaded is None:
            lexicon, idf = self._lexicon()
            # each word once, so that a word has one number
            words = list(dict.fromkeys(lexicon + [a for a in self.gazetteer.aliases if len(a) >= 2]))
            score = self._score(idf)
            self._loaded = (self._matcher(words), words, [score.get(w) for w in words])
        return self._loaded

    def _lexicon(self) -> tuple[list[str], dict[str, float]]:
        """jieba's words (frequency >= MIN_FREQUENCY) and the IDF of those that may be
        keywords, cached on disk.  jieba itself is not imported: only its data files."""
        from importlib.metadata import version
        from importlib.util import find_spec

        spec = find_spec("jieba")
        assert spec is not None and spec.origin, "jieba is a dependency"
        folder = os.path.dirname(spec.origin)
        key = f"keywords-jieba{version('jieba')}-f{MIN_FREQUENCY}-v2"
        lexicon = cached(key, lambda: _read_lexicon(folder))
        settle()
        return lexicon

    def _matcher(self, words: list[str]) -> AhoCorasick:
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(
            words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def _score(self, idf: dict[str, float]) -> dict[str, float]:
        """IDF of every word that may be a keyword: not a stop word, not an agency name."""
        score = dict(idf)
        path = resources.files("govgraph.data").joinpath("stopwords.txt")
        for word in path.read_text(encoding="utf-8").splitlines():
            score.pop(word.strip(), None)
        for alias in self.gazetteer.aliases:
            score.pop(alias, None)
        return score


def _read_lexicon(jieba_dir: str) -> tuple[list[str], dict[str, float]]:
    """(the vocabulary that cuts the text, the IDF of each word that may be a keyword)."""
    words = []
    with open(os.path.join(jieba_dir, "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, freq, _ = line.split(" ", 2)
            if len(word) >= 2 and int(freq) >= MIN_FREQUENCY:
                words.append(word)
    idf = {}
    with open(os.path.join(jieba_dir, "analyse", "idf.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.rstrip("\n").partition(" ")
            idf[word] = float(value)
    median = sorted(idf.values())[len(idf) // 2]
    return words, {w: idf.get(w, median) for w in words if not _GLUED.search(w)}
