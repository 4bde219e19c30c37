"""Agency names as users write them (queries/names.py): a named query's ``agency`` takes the
canonical name, an alias or a place form, resolved by a query on the store; several matches
or none is one ``Error:`` line and a non-zero exit, never 0 rows."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import invoke
from govgraph.errors import QueryError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.names import SHOWN, resolve, resolve_params, store_candidates

LUOHU = "广东省深圳市罗湖区"
FUTIAN_PLAN = ("深圳市福田区人民政府办公室关于印发福田区2014年政务公开工作要点的通知\n\n福府办〔2014〕3号\n\n"
               "一、推进财政预决算公开。（牵头单位：区财政局；配合单位：区发改局；完成时间：2014年底）\n\n"
               "深圳市福田区人民政府办公室\n2014年6月10日\n")


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("written, canonical", [
    ("罗湖区财政局", "罗湖区财政局"),          # the name itself
    ("区财政", "罗湖区财政局"),                # an alias
    ("区财政局", "罗湖区财政局"),              # a place form: 罗湖 in front
    ("财政局", "罗湖区财政局"),                # 罗湖区 in front
    ("深圳市罗湖区财政局", "罗湖区财政局"),    # written with more of its place
    ("发改局", "罗湖区发展改革局"),            # a place form of the alias 区发改局
])
def test_a_name_alias_or_place_form_resolves(written, canonical):
    candidates = [("罗湖区财政局", ["区财政", "区财政局"], LUOHU), ("罗湖区发展改革局", ["区发改局"], LUOHU),
                  ("罗湖区财政局集资办", [], LUOHU)]
    assert resolve(written, candidates, "g.db") == canonical


def test_an_exact_name_beats_an_alias_and_an_alias_beats_a_place_form():
    candidates = [("区财政局", [], ""), ("罗湖区财政局", ["区财政局"], LUOHU), ("福田区财政局", [], "广东省深圳市福田区")]
    assert resolve("区财政局", candidates, "g.db") == "区财政局"
    assert resolve("区财政局", candidates[1:], "g.db") == "罗湖区财政局"


@pytest.mark.parametrize("written", ["局", "政局", "区财正局", "湖南财政局"])
def test_a_prefix_that_is_no_place_of_the_agency_matches_nothing(written):
    with pytest.raises(QueryError, match=f"^{written} matches no agency in g.db "):
        resolve(written, [("罗湖区财政局", ["区财政局"], LUOHU)], "g.db")


def test_several_matches_are_listed_and_a_long_list_is_cut():
    districts = [f"区{i:02d}" for i in range(SHOWN + 5)]
    candidates = [(f"{d}财政局", [], f"广东省深圳市{d}") for d in districts]
    with pytest.raises(QueryError) as info:
        resolve("财政局", candidates[:2], "g.db")
    assert str(info.value) == "财政局 matches 区00财政局, 区01财政局; give one of them, e.g. -p agency=区00财政局"
    with pytest.raises(QueryError, match=r"区09财政局 and more; give one") as info:
        resolve("财政局", candidates, "g.db")
    assert "区10财政局" not in str(info.value)


def test_only_agency_parameters_of_named_queries_are_resolved(tmp_path):
    params = {"agency": "区财政局", "task": "x"}
    missing = tmp_path / "none.db"            # never opened: nothing to resolve
    assert resolve_params("MATCH (a) RETURN a", "cypher", params, missing) is params
    assert resolve_params("agencies-of-task", "cypher", params, missing) is params
    assert resolve_params("tasks-of-agency", "cypher", {}, missing) == {}


# --------------------------------------------------------------------------- on the stores


@pytest.fixture(scope="module")
def two_districts(sample_db, tmp_path_factory):
    """The sample (罗湖区) and a 福田区 plan: two finance bureaus written 区财政局."""
    folder = tmp_path_factory.mktemp("names")
    db = shutil.copy(sample_db, folder / "two.db")
    (folder / "futian.txt").write_text(FUTIAN_PLAN, encoding="utf-8")
    result = invoke("build", folder / "futian.txt", "--db", db)
    assert result.exit_code == 0, result.stderr
    return db


def test_the_store_offers_only_names_that_end_alike(two_districts):
    with EmbeddedStore(two_districts) as store:
        found = list(store_candidates(store, "区财政局"))
    assert [name for name, _, _ in found] == ["福田区财政局", "罗湖区财政局"]
    assert all(isinstance(aliases, list) and jurisdiction for _, aliases, jurisdiction in found)


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_a_short_form_gives_the_rows_of_the_canonical_name(sample_db, command):
    canonical = invoke(command, "tasks-of-agency", "-p", "agency=罗湖区财政局", "--db", sample_db, "-f", "json")
    short = invoke(command, "tasks-of-agency", "-p", "agency=区财政局", "--db", sample_db, "-f", "json")
    assert canonical.exit_code == short.exit_code == 0, short.stderr
    assert json.loads(canonical.stdout) and short.stdout == canonical.stdout


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_an_ambiguous_name_is_one_line_listing_the_candidates(two_districts, command):
    result = invoke(command, "tasks-of-agency", "-p", "agency=区财政局", "--db", two_districts)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: 区财政局 matches 福田区财政局, 罗湖区财政局; "
                             "give one of them, e.g. -p agency=福田区财政局\n")
    one = invoke(command, "tasks-of-agency", "-p", "agency=福田区财政局", "--db", two_districts, "-f", "json")
    assert [r["task"] for r in json.loads(one.stdout)] == ["futian:1/t1"]


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_a_name_that_matches_nothing_is_an_error_not_zero_rows(sample_db, command):
    result = invoke(command, "tasks-of-agency", "-p", "agency=区财正局", "--db", sample_db)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: 区财正局 matches no agency in {sample_db} ")
    assert result.stderr.count("\n") == 1


def test_sparql_on_an_extraction_file_resolves_from_its_agencies(sample_json_path):
    canonical = invoke("sparql", "tasks-of-agency", "-p", "agency=罗湖区财政局", "--db", sample_json_path, "-f", "json")
    short = invoke("sparql", "tasks-of-agency", "-p", "agency=区财政局", "--db", sample_json_path, "-f", "json")
    assert short.exit_code == 0, short.stderr
    assert json.loads(canonical.stdout) and short.stdout == canonical.stdout


def test_neo4j_offers_the_candidates_the_embedded_store_offers(two_districts, neo4j_store):
    """The candidates' Cypher runs on both engines alike (``query --neo4j`` resolves there)."""
    with EmbeddedStore(two_districts) as store:
        neo4j_store.push(store)
        for written in ("区财政局", "发改局", "罗湖区财政局", "局"):
            here = sorted(store_candidates(store, written))
            assert here == sorted(store_candidates(neo4j_store, written)), written
            if written != "局":
                assert here, written
