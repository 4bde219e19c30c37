"""Named queries: Cypher (``*.cypher``) and SPARQL (``*.rq``) files with a header.

A header is the leading comment block (``//`` for Cypher, ``#`` for SPARQL)::

    // name: tasks-of-agency
    // answers: every task of an agency, with its role (某机构的全部任务及其角色)
    // params: agency — canonical agency name, e.g. 罗湖区财政局

Values always reach a query as parameters (``$agency`` in Cypher, a bound variable
``?agency`` in SPARQL), never by pasting text into it.  Every query ends in an
``ORDER BY`` that makes its row order total, so engines can be compared row by row.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govgraph.errors import QueryError, UsageError

LANGUAGES = {".cypher": "cypher", ".rq": "sparql"}
_HEADER = re.compile(r"^\s*(?://|#)\s*(?P<key>name|answers|params|param)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    help: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    language: str                 # cypher / sparql
    answers: str
    params: tuple[Param, ...]
    text: str


def _parse(filename: str, text: str) -> NamedQuery:
    language = LANGUAGES[filename[filename.rindex("."):]]
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match["key"].rstrip("s"), []).append(match["value"].strip())
        elif line.strip() and not line.lstrip().startswith(("//", "#")):
            break
    name = (fields.get("name") or [filename.rsplit(".", 1)[0]])[0]
    params = []
    for spec in fields.get("param", []):
        for item in filter(None, (s.strip() for s in spec.split(";"))):
            pname, _, phelp = item.partition("—")
            params.append(Param(pname.strip(), phelp.strip()))
    return NamedQuery(name, language, " ".join(fields.get("answer", [])), tuple(params), text)


@lru_cache(maxsize=1)
def all_queries() -> tuple[NamedQuery, ...]:
    """Every named query shipped in this folder, sorted by language and name."""
    found = []
    for entry in resources.files(__name__).iterdir():
        suffix = entry.name[entry.name.rfind("."):]
        if suffix in LANGUAGES:
            found.append(_parse(entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda q: (q.language, q.name)))


def named(name: str, language: str) -> NamedQuery:
    """The named query ``name`` in ``language``; a clear error lists the others."""
    for query in all_queries():
        if query.name == name and query.language == language:
            return query
    available = ", ".join(q.name for q in all_queries() if q.language == language) or "none"
    raise QueryError(f"unknown {language} query '{name}'; available: {available}")


def looks_like_name(text: str) -> bool:
    """A bare word such as ``workload-by-role`` names a query; anything else is query text."""
    return re.fullmatch(r"[a-z][a-z0-9-]*", text.strip()) is not None


def query_text(text: str, language: str, params: Mapping[str, object]) -> str:
    """What to run for ``text``: itself, or the named query it names once every parameter of
    that query is given (a usage error names those missing)."""
    if not looks_like_name(text):
        return text
    query = named(text.strip(), language)
    if missing := [p for p in query.params if p.name not in params]:
        raise UsageError(f"query '{query.name}' needs "
                         + ", ".join(f"-p {p.name}=… ({p.help})" for p in missing))
    return query.text
