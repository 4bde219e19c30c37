"""Agency names in running text: curated names found by one Aho-Corasick scan, and
names nobody curated found by jieba (gazetteer names as ``nt`` user words) plus the
agency suffix rule."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govgraph.cache import settle
from govgraph.gazetteer import Gazetteer
from govgraph.extract.agencies import AGENCY_SUFFIX, AgencyResolver

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

# words that open a clause before its subject, never part of a name
FUNCTION_WORDS = re.compile(r"^(?:同时|并且|并|另外|此外|其中|由|经|请径与|请与|与|和|及|对|在|将|要|"
                            r"按照|根据|依托|由于|积极|主动|全面|切实|进一步)+")
_NAME_PART = re.compile(r"^[\u4e00-\u9fff（）]+$")
_INNER_FUNCTION = re.compile(r"[由对在将把被向从经请]|本办法|本方案|本意见")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str


class MentionFinder:
    """Finds curated agency names (and the place names written before them)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._by_ending: dict[str, list[str]] = {}      # division names by their last two characters
        for name in gazetteer.divisions:
            self._by_ending.setdefault(name[-2:], []).append(name)
        self._loaded: AhoCorasick | None = None

    def _matcher(self) -> AhoCorasick:
        """The curated names as one automaton, built on first use."""
        if self._loaded is None:
            import ahocorasick_rs

            names = [a for a in self.gazetteer.aliases if len(a) >= 2]
            self._loaded = ahocorasick_rs.AhoCorasick(
                names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._loaded

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Curated names in ``text[start:end]``, with offsets into ``text``."""
        end = len(text) if end is None else end
        piece = text[start:end] if (start, end) != (0, len(text)) else text
        mentions = []
        for _, a, b in self._matcher().find_matches_as_indexes(piece):
            a = self._place_before(text, start + a, start)
            mentions.append(Mention(a, start + b, text[a:start + b]))
        return mentions

    def _place_before(self, text: str, start: int, floor: int = 0) -> int:
        """深圳市财政局: the template 市财政局 matched; take 深圳市 in too (and 广东省 before it)."""
        moved = True
        while moved:
            moved = False
            for shared in (1, 0):              # 深圳[市]财政局 shares the marker character
                end = start + shared
                for name in self._by_ending.get(text[max(floor, end - 2):end], ()):
                    if end - len(name) >= floor and text.startswith(name, end - len(name)):
                        start, moved = end - len(name), True
                        break
                if moved:
                    break
        return start


class Discoverer:
    """Agency-shaped names the gazetteer does not know, cut out of free text.

    The name a clause prefix ends with is, in order: the longest tail that resolves to
    a curated body; else the prefix itself when it is one clean run of name characters;
    else the tail that jieba (gazetteer names as ``nt`` user words) starts at a place or
    level-marker token, or after the last function word.  jieba loads only for that
    last case.
    """

    def __init__(self, resolver: AgencyResolver):
        self.resolver = resolver
        self._loaded: Any = None                        # a jieba.Tokenizer

    def _tokenizer(self) -> Any:
        """jieba with the gazetteer's names as user words, loaded on first use."""
        if self._loaded is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for alias in self.resolver.gazetteer.aliases:
                tokenizer.add_word(alias, freq=20000, tag="nt")
            settle()
            self._loaded = tokenizer
        return self._loaded

    def subject(self, prefix: str, place=None) -> str | None:
        """The agency name a clause prefix ends with: '本办法由罗湖区卫生…局' → '罗湖区卫生…局'."""
        prefix = FUNCTION_WORDS.sub("", prefix)
        if not prefix or not AGENCY_SUFFIX.search(prefix):
            return None
        for start in range(len(prefix) - 1):
            if self.resolver.curated(prefix[start:], place):
                return prefix[start:]
        if _NAME_PART.match(prefix) and not _INNER_FUNCTION.search(prefix) and len(prefix) <= 20:
            return prefix
        return self._tail(prefix)

    def _tail(self, prefix: str) -> str | None:
        tokens = self._tokenizer().lcut(prefix, HMM=False)
        starts, pos = [], 0
        for token in tokens:
            starts.append((pos, token))
            pos += len(token)
        begin = 0
        for offset, token in starts:
            if _INNER_FUNCTION.fullmatch(token) or not _NAME_PART.match(token):
                begin = offset + len(token)
        for offset, token in starts:
            if offset >= begin and (token in self.resolver.gazetteer.divisions
                                    or token[:1] in "省市区县"):
                begin = offset
                break
        candidate = prefix[begin:]
        return candidate if len(candidate) >= 2 and AGENCY_SUFFIX.search(candidate) else None
