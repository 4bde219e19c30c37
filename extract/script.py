"""Traditional characters (國務院辦公廳) read as simplified ones for matching.

Patterns and the gazetteer are written in simplified characters.  A text in the
traditional script (the gov.cn big5 gateway, Hong Kong and Taiwan reposts) is
converted with OpenCC (``t2s``) for reading only: the conversion keeps every
character in place, so spans found in it point into the original, and titles,
surfaces and task texts are always cut from the original as written.

Mirror sites gloss characters with pinyin in brackets (``責(zé)任單位``, ``實(shí)施``): for
reading, a gloss becomes blanks of its length, so a label or a name reads whole again (the
compact text the grammar reads drops blanks) and every offset stays where it was.
"""
from __future__ import annotations

import re
from functools import lru_cache

SAMPLE = 1000          # characters looked at to decide the script
SHARE = 0.02           # share of characters that change under t2s in a traditional text
_HAN = re.compile("[\u4e00-\u9fff]")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONED = re.compile(f"[{_TONES}]")
_GLOSS = re.compile(f"(?<=[\u4e00-\u9fff])[（(][a-zü{_TONES}]{{0,6}}[{_TONES}][a-zü{_TONES}]{{0,6}}[)）]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, same length, or ``text`` itself when it is
    simplified already (the usual case costs one conversion of a short sample)."""
    sample = text[:SAMPLE]
    if _HAN.search(sample) is None:
        return text
    converted = _converter().convert(sample)
    if converted == sample or len(converted) != len(sample) or \
            sum(map(str.__ne__, sample, converted)) < SHARE * len(sample):
        return text
    whole = _converter().convert(text)
    if len(whole) == len(text):
        return whole
    # a phrase changed length: fall back to one character at a time, which never does
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)


def unglossed(text: str) -> str:
    """``text`` with each pinyin gloss after a character (``(zé)``) blanked, same length."""
    if _TONED.search(text) is None:
        return text
    return _GLOSS.sub(lambda m: " " * len(m.group()), text)
