"""The agency gazetteer: curated names, aliases, kinds, levels and parent units.

It is data, not code: CSV files (``name,aliases,kind,level,parent,jurisdiction,note``,
aliases separated by ``|``) that open in Excel.  govgraph ships ``data/gazetteer/*.csv``;
a user adds files of their own with ``--gazetteer FILE`` or the ``GOVGRAPH_GAZETTEER``
environment variable (paths separated by ``:``), and later files win on conflicts.

A row with an empty ``jurisdiction`` is a *template*: ``市财政局`` at level ``city``
stands for the finance bureau of whichever city a document belongs to.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from govgraph.errors import GazetteerError

COLUMNS = ("name", "aliases", "kind", "level", "parent", "jurisdiction")
LEVELS = ("central", "province", "city", "district", "street")
KINDS = frozenset("""government party ministry bureau office committee center court procuratorate
    legislature cppcc association branch street collective leading_group section institution
    enterprise military unknown""".split())

_BRACKETS = str.maketrans({"<": "（", ">": "）", "〈": "（", "〉": "）", "＜": "（", "＞": "）",
                           "(": "（", ")": "）"})
_SPACE = re.compile(r"\s+")
_KEY_CACHE = 200_000              # candidate names whose contracted key is remembered


def normalise_name(text: str) -> str:
    """The form names are compared in: no whitespace, every bracket pair as （）."""
    return _SPACE.sub("", text).translate(_BRACKETS)


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated body, or a template for one body per jurisdiction."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    level: str
    parent: str | None
    jurisdiction: str | None
    source: str          # file:line, for messages and review

    @property
    def is_template(self) -> bool:
        return self.jurisdiction is None and self.level not in ("central",)


@dataclass(frozen=True, slots=True)
class Division:
    """An administrative division: 广东省 / 深圳市 / 罗湖区."""

    name: str
    short: str
    level: str
    parent: str | None


class Gazetteer:
    """Entries indexed by every normalised alias and by their contracted key."""

    def __init__(self, entries: list[Entry], divisions: list[Division],
                 abbreviations: list[tuple[str, str]]):
        self.entries = entries
        self.divisions: dict[str, list[Division]] = {}
        for division in divisions:
            self.divisions.setdefault(division.name, []).append(division)
        # longest phrase first, so 人力资源和社会保障 contracts before 社会保障
        self._abbrev = sorted(abbreviations, key=lambda p: -len(p[0]))
        self._short = dict(self._abbrev)
        self._long = re.compile("|".join(re.escape(full) for full, _ in self._abbrev)) \
            if self._abbrev else None
        self._keys: dict[str, str] = {}
        self._index: dict[str, list[Entry]] = {}
        self._keyed: dict[str, list[Entry]] = {}
        for entry in entries:
            for alias in dict.fromkeys((entry.name, *entry.aliases)):
                norm = normalise_name(alias)
                bucket = self._index.setdefault(norm, [])
                if entry not in bucket:
                    bucket.append(entry)
                keyed = self._keyed.setdefault(self.key(norm), [])
                if entry not in keyed:
                    keyed.append(entry)

    def key(self, name: str) -> str:
        """Contract the long forms inside a name (发展和改革 → 发展改革, 监督管理 → 监管).
        Discovery asks for many candidate names, so keys are remembered."""
        found = self._keys.get(name)
        if found is None:
            found = name
            if self._long is not None:
                # contract until nothing changes: a contraction may make a longer form whole
                while (contracted := self._long.sub(lambda m: self._short[m.group()], found)) != found:
                    found = contracted
            if len(self._keys) < _KEY_CACHE:
                self._keys[name] = found
        return found

    def exact(self, name: str, normalised: bool = False) -> list[Entry]:
        return self._index.get(name if normalised else normalise_name(name), [])

    def contracted(self, name: str, normalised: bool = False) -> list[Entry]:
        return self._keyed.get(self.key(name if normalised else normalise_name(name)), [])

    @cached_property
    def aliases(self) -> list[str]:
        """Every name and alias, for the jieba user dictionary and the mention matcher."""
        return list(self._index)

    def division(self, name: str, parent: str | None = None) -> Division | None:
        """The division of that name, preferring the one under ``parent`` (朝阳区 is in two cities)."""
        found = self.divisions.get(name, [])
        for division in found:
            if parent is None or division.parent == parent:
                return division
        return found[0] if found else None


# ---------------------------------------------------------------- loading

def _data_path(*parts: str) -> Path:
    return Path(str(resources.files("govgraph.data").joinpath(*parts)))


def builtin_gazetteer_files() -> list[Path]:
    return sorted(_data_path("gazetteer").glob("*.csv"))


def user_gazetteer_files() -> list[Path]:
    raw = os.environ.get("GOVGRAPH_GAZETTEER", "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def read_entries(path: Path) -> list[Entry]:
    """Rows of one gazetteer CSV; a malformed file raises GazetteerError naming file and line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("name", "kind", "level") if c not in (reader.fieldnames or [])]
            if missing:
                raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}; "
                                     f"expected header {','.join(COLUMNS)}")
            return [_entry(row, f"{path.name}:{reader.line_num}") for row in reader
                    if (row.get("name") or "").strip() and not row["name"].startswith("#")]
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GazetteerError(f"{path}: gazetteer must be UTF-8 CSV") from None
    except csv.Error as exc:
        raise GazetteerError(f"{path}: malformed CSV ({exc})") from None


def _entry(row: dict, source: str) -> Entry:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    kind, level = cell("kind") or "unknown", cell("level")
    if kind not in KINDS:
        raise GazetteerError(f"{source}: unknown kind '{kind}'; use one of {', '.join(sorted(KINDS))}")
    if level not in LEVELS:
        raise GazetteerError(f"{source}: unknown level '{level}'; use one of {', '.join(LEVELS)}")
    aliases = tuple(a.strip() for a in re.split(r"[|｜]", cell("aliases")) if a.strip())
    return Entry(name=cell("name"), aliases=aliases, kind=kind, level=level,
                 parent=cell("parent") or None, jurisdiction=cell("jurisdiction") or None,
                 source=source)


def read_divisions() -> list[Division]:
    path = _data_path("divisions.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [Division(r["name"].strip(), (r.get("short") or "").strip() or r["name"].strip(),
                         r["level"].strip(), (r.get("parent") or "").strip() or None)
                for r in csv.DictReader(handle) if r.get("name")]


def read_abbreviations() -> list[tuple[str, str]]:
    path = _data_path("abbreviations.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [(r["full"].strip(), r["short"].strip()) for r in csv.DictReader(handle)
                if r.get("full") and r.get("short") is not None]


def load_gazetteer(extra: list[str | Path] | None = None) -> Gazetteer:
    """The shipped gazetteer plus the user's files (``GOVGRAPH_GAZETTEER``, then ``extra``).

    A later file's row replaces an earlier row of the same name and jurisdiction, so a
    user can correct a shipped entry without editing it.
    """
    files = builtin_gazetteer_files() + user_gazetteer_files() + [Path(p) for p in extra or ()]
    rows: dict[tuple[str, str | None], Entry] = {}
    for path in files:
        for entry in read_entries(path):
            rows[(entry.name, entry.jurisdiction)] = entry
    return Gazetteer(list(rows.values()), read_divisions(), read_abbreviations())
