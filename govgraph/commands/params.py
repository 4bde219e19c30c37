"""Query parameters given on the command line as ``-p name=value``."""
from __future__ import annotations

import os
import re
from pathlib import Path

from govgraph.errors import UsageError

DEFAULT_DB = "govgraph.db"


def default_db() -> Path:
    """The embedded store a command uses when none is given: ``$GOVGRAPH_DB`` or ./govgraph.db."""
    return Path(os.environ.get("GOVGRAPH_DB") or DEFAULT_DB)


def parse_params(items: list[str]) -> dict[str, object]:
    """``["agency=罗湖区财政局", "limit=5"]`` → ``{"agency": "罗湖区财政局", "limit": 5}``.

    Whole numbers become integers; write ``name:str=5`` to keep a number as text.
    """
    params: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, _, kind = key.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UsageError(f"bad parameter '{item}'; write it as name=value, e.g. -p agency=罗湖区财政局")
        params[key] = int(value) if kind != "str" and re.fullmatch(r"-?\d+", value) else value
    return params
