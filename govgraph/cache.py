"""A small on-disk cache for derived lexicons, so start-up stays fast after the first run.

Entries live in ``$GOVGRAPH_CACHE`` (default ``~/.cache/govgraph``) as pickles named by
their key; a cache that cannot be written is simply not used.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    if os.environ.get("GOVGRAPH_CACHE"):
        return Path(os.environ["GOVGRAPH_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govgraph"


def cached(key: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when an entry for ``key`` exists."""
    path = cache_dir() / f"{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        with open(path, "rb") as handle:
            return pickle.load(handle)
    value = build()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    return value


def settle() -> None:
    """Move everything loaded so far out of the garbage collector's sight.

    The lexicons (jieba's dictionary, the keyword vocabulary, the gazetteer) hold
    10^5-10^6 objects that live as long as the process; without this every full
    collection walks all of them and extraction slows down by half.
    """
    gc.freeze()
