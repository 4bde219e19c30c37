"""Agency normalisation: one rule per test, through ``AgencyResolver`` on the real gazetteer.

The jurisdiction is that of the sample (广东省深圳市罗湖区), so 区财政局 is
罗湖区财政局; other districts and the central government get their own bodies.
"""
from __future__ import annotations

import pytest

from govgraph.errors import GazetteerError
from govgraph.extract.agencies import AgencyResolver
from govgraph.extract.jurisdiction import CENTRAL, Jurisdiction
from govgraph.gazetteer import load_gazetteer

FUTIAN = Jurisdiction(province="广东省", city="深圳市", district="福田区")


def names(resolver, surfaces, where):
    return {s: resolver.resolve(s, where).name for s in surfaces}


# --------------------------------------------------------------------------- brackets


def test_bracket_forms_are_one_body(resolver, luohu):
    forms = ["区委<政府>办", "区委（政府）办", "区委〈政府〉办", "区委(政府)办", "区委＜政府＞办",
             "区委 <政府> 办"]
    found = [resolver.resolve(s, luohu) for s in forms]
    assert {r.name for r in found} == {"罗湖区委（政府）办"}
    assert not any(r.discovered for r in found)
    assert {r.kind for r in found} == {"office"}


def test_bracket_names_a_sub_unit(resolver, luohu):
    found = resolver.resolve("区文化体育局<文产办>", luohu)
    assert (found.name, found.parent, found.rule, found.discovered) == \
        ("罗湖区文产办", "罗湖区文化体育局", "bracket-sub-unit", False)
    assert resolver.resolve("区文化体育局〈文产办〉", luohu).name == "罗湖区文产办"
    assert resolver.resolve("区文产办", luohu).name == "罗湖区文产办"
    assert resolver.resolve("区文产办", luohu).parent == "罗湖区文化体育局"


def test_bracket_names_a_sub_unit_housed_in_the_finance_bureau(resolver, luohu):
    found = resolver.resolve("区财政局<集资办>", luohu)
    assert (found.name, found.parent) == ("罗湖区集资办", "罗湖区财政局")


def test_bracket_gives_a_second_name_of_the_same_body(resolver, luohu):
    found = resolver.resolve("区出租屋综管办<租赁局>", luohu)
    assert (found.name, found.parent, found.discovered) == ("罗湖区租赁局", None, False)
    assert resolver.resolve("区出租屋综管办", luohu).name == "罗湖区租赁局"
    assert resolver.resolve("区租赁局", luohu).name == "罗湖区租赁局"


# --------------------------------------------------------------------------- variants and mending


@pytest.mark.parametrize("variants, canonical", [
    (["罗湖地税局", "罗湖地税分局", "深圳市地方税务局罗湖分局"], "罗湖地税局"),
    (["罗湖国税局", "罗湖国税分局"], "罗湖国税局"),
    (["罗湖消防监管大队", "罗湖消防监督管理大队"], "罗湖消防监督管理大队"),
    (["市市场监管局罗湖分局", "市市场监督管理局罗湖分局"], "深圳市市场监管局罗湖分局"),
    (["区卫生人口计生局", "区卫生和人口计划生育局", "罗湖区卫生和人口计划生育局"], "罗湖区卫生人口计生局"),
    (["区安监局"], "罗湖区安全监管局"),
    (["区发改局"], "罗湖区发展改革局"),
])
def test_written_variants_share_one_name(resolver, luohu, variants, canonical):
    assert set(names(resolver, variants, luohu).values()) == {canonical}


def test_typo_is_mended_and_recorded(resolver, luohu):
    found = resolver.resolve("区推资推广局", luohu)
    assert (found.name, found.rule, found.discovered) == ("罗湖区投资推广局", "typo", False)
    assert (found.correction.surface, found.correction.corrected, found.correction.rule) == \
        ("区推资推广局", "区投资推广局", "typo")


def test_short_names_are_not_mended_as_typos(resolver, luohu):
    # 区财政局 / 区民政局 differ in one character but are different bodies
    assert resolver.resolve("区民政局", luohu).name == "罗湖区民政局"
    assert resolver.resolve("区财政局", luohu).name == "罗湖区财政局"


def test_missing_level_marker_is_restored_and_recorded(resolver, luohu):
    found = resolver.resolve("投资推广局", luohu)
    assert (found.name, found.rule) == ("罗湖区投资推广局", "level-marker")
    assert (found.correction.surface, found.correction.corrected, found.correction.rule) == \
        ("投资推广局", "区投资推广局", "level-marker")


def test_collectives_are_one_collective(resolver, luohu):
    found = [resolver.resolve(s, luohu) for s in ("各街道办事处", "各街道办", "各街道")]
    assert {r.name for r in found} == {"罗湖区各街道办事处"}
    assert {r.kind for r in found} == {"collective"}
    assert resolver.resolve("各相关单位", luohu).kind == "collective"
    assert resolver.resolve("区直各部门", luohu).kind == "collective"


@pytest.mark.parametrize("written, short", [
    ("深圳市罗湖区统计局", "区统计局"),
    ("罗湖区统计局", "区统计局"),
    ("罗湖区卫生和人口计划生育局", "区卫生人口计生局"),
    ("深圳市罗湖区财政局", "区财政局"),
    ("罗湖区委宣传部", "区委宣传部"),
])
def test_place_qualified_forms_are_the_short_form(resolver, luohu, written, short):
    a, b = resolver.resolve(written, luohu), resolver.resolve(short, luohu)
    assert a.name == b.name and not a.discovered


def test_place_written_in_the_name_wins_over_the_document(resolver, luohu):
    """深圳市福田区财政局 named in a 罗湖区 plan is 福田's bureau, not 罗湖's."""
    assert resolver.resolve("深圳市福田区财政局", luohu).name == "福田区财政局"


def test_other_districts_keep_their_own_bodies(resolver, luohu):
    futian = resolver.resolve("区财政局", FUTIAN)
    assert futian.name == "福田区财政局"
    assert futian.jurisdiction == "广东省深圳市福田区"
    assert futian.name != resolver.resolve("区财政局", luohu).name
    # a 罗湖-only entry does not leak into 福田
    assert resolver.resolve("区重建局", FUTIAN).name != "罗湖区重建局"


def test_two_districts_in_one_run_are_never_merged(extract_text, tmp_path, gazetteer):
    from govgraph.extract import extract

    (tmp_path / "futian.txt").write_text(
        "深圳市福田区人民政府关于加快信息化发展的若干意见\n\n一、建设数据中心。（牵头单位：区财政局）\n",
        encoding="utf-8")
    (tmp_path / "luohu.txt").write_text(
        "深圳市罗湖区人民政府关于加快信息化发展的若干意见\n\n一、建设数据中心。（牵头单位：区财政局）\n",
        encoding="utf-8")
    result = extract([str(tmp_path)], gazetteer, keywords=False)
    assert sorted(a.agency for t in result.tasks for a in t.assignments) == ["福田区财政局", "罗湖区财政局"]
    listed = {a.name: a for a in result.agencies}
    assert listed["福田区财政局"].jurisdiction == "广东省深圳市福田区"
    assert listed["罗湖区财政局"].jurisdiction == "广东省深圳市罗湖区"


# --------------------------------------------------------------------------- discovery


def test_unknown_agency_shaped_name_is_discovered(resolver, luohu):
    found = resolver.resolve("区智慧城市办", luohu)
    assert (found.name, found.discovered, found.rule) == ("罗湖区智慧城市办", True, "suffix")


def test_discovered_name_in_an_annotation_is_never_dropped(extract_text):
    result = extract_text("深圳市罗湖区人民政府关于加快信息化发展的若干意见\n\n"
                          "一、建设智慧城市运行中心。（牵头单位：区智慧城市办；责任单位：区科技创新局）\n")
    task = result.tasks[0]
    assert [(a.agency, a.role, a.surface) for a in task.assignments] == [
        ("罗湖区智慧城市办", "lead", "区智慧城市办"),
        ("罗湖区科技创新局", "responsible", "区科技创新局")]
    listed = {a.name: a for a in result.agencies}
    assert listed["罗湖区智慧城市办"].discovered is True
    assert listed["罗湖区智慧城市办"].mentions == 1
    assert "区智慧城市办" in listed["罗湖区智慧城市办"].example
    assert listed["罗湖区科技创新局"].discovered is False


GAZETTEER_CSV = "name,aliases,kind,level,parent,jurisdiction,note\n" \
                "区智慧城市办,区智慧办|区智慧城市管理办公室,office,district,,深圳市罗湖区,test row\n"


def test_user_gazetteer_file_makes_a_discovered_name_known(tmp_path, luohu):
    path = tmp_path / "mine.csv"
    path.write_text(GAZETTEER_CSV, encoding="utf-8")
    resolver = AgencyResolver(load_gazetteer(extra=[path]))
    for surface in ("区智慧城市办", "区智慧办", "区智慧城市管理办公室"):
        found = resolver.resolve(surface, luohu)
        assert (found.name, found.discovered, found.kind) == ("罗湖区智慧城市办", False, "office")
    # the shipped entries are still there
    assert resolver.resolve("区重建局", luohu).name == "罗湖区重建局"


def test_user_gazetteer_from_the_environment(tmp_path, luohu, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(GAZETTEER_CSV, encoding="utf-8-sig")          # Excel writes a BOM
    monkeypatch.setenv("GOVGRAPH_GAZETTEER", str(path))
    found = AgencyResolver(load_gazetteer()).resolve("区智慧城市办", luohu)
    assert (found.name, found.discovered) == ("罗湖区智慧城市办", False)
    monkeypatch.delenv("GOVGRAPH_GAZETTEER")
    assert AgencyResolver(load_gazetteer()).resolve("区智慧城市办", luohu).discovered is True


@pytest.mark.parametrize("body, where", [
    ("区智慧城市办,,office,planet,,深圳市罗湖区,\n", "bad.csv:3: unknown level 'planet'"),
    ("区智慧城市办,,ministry-ish,district,,深圳市罗湖区,\n", "bad.csv:3: unknown kind 'ministry-ish'"),
])
def test_malformed_gazetteer_names_file_and_line(tmp_path, body, where):
    path = tmp_path / "bad.csv"
    path.write_text(GAZETTEER_CSV + body, encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(extra=[path])
    message = str(info.value)
    assert message.startswith(where), message
    assert "\n" not in message


def test_gazetteer_without_the_needed_columns(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("nom,genre\n区智慧城市办,office\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"cols\.csv: missing column\(s\) name, kind, level"):
        load_gazetteer(extra=[path])


def test_missing_gazetteer_file(tmp_path):
    with pytest.raises(GazetteerError, match="cannot read gazetteer"):
        load_gazetteer(extra=[tmp_path / "nope.csv"])


# --------------------------------------------------------------------------- central bodies


@pytest.mark.parametrize("surface, canonical", [
    ("国家发展和改革委员会", "国家发展改革委"),
    ("国家发改委", "国家发展改革委"),
    ("财政部", "财政部"),
    ("中华人民共和国财政部", "财政部"),
    ("中共中央办公厅", "中共中央办公厅"),
], ids=["ndrc-full", "ndrc-short", "mof", "mof-full", "party-office"])
def test_central_names(resolver, surface, canonical):
    found = resolver.resolve(surface, CENTRAL)
    assert found is not None
    assert (found.name, found.discovered) == (canonical, False)


def test_central_jurisdiction_does_not_qualify_names(resolver):
    found = resolver.resolve("国家发展和改革委员会", CENTRAL)
    assert found is not None and not found.name.startswith("区")
    assert found.jurisdiction == "中华人民共和国"


# --------------------------------------------------------------------------- the sample's registry


@pytest.fixture(scope="module")
def registry(sample_extraction):
    return {a.name: a for a in sample_extraction.agencies}


def test_sample_registry_keeps_aliases_and_corrections(registry):
    office = registry["罗湖区委（政府）办"]
    assert {"区委<政府>办", "区委〈政府〉办"} <= set(office.aliases)
    bureau = registry["罗湖区投资推广局"]
    assert {(c.surface, c.rule) for c in bureau.corrections} == {
        ("区推资推广局", "typo"), ("投资推广局", "level-marker")}
    assert registry["罗湖地税局"].aliases and "罗湖地税分局" in registry["罗湖地税局"].aliases
    sub = registry["罗湖区文产办"]
    assert sub.parent == "罗湖区文化体育局" and "罗湖区文化体育局" in registry


def test_sample_registry_names_each_body_once(registry):
    assert sum(len(a.aliases) for a in registry.values()) >= 90
    owner: dict[str, str] = {}
    for agency in registry.values():
        for alias in agency.aliases:
            assert owner.setdefault(alias, agency.name) == agency.name, alias


def test_sample_agencies_are_all_of_luohu(registry):
    assert not [n for n in registry if n.startswith(("区", "福田"))]
    assert {a.jurisdiction for a in registry.values()} == {"广东省深圳市罗湖区"}
