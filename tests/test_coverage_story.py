"""Per-story coverage: counts per independent source, blindspot threshold, first reports. Invented outlets only."""

from __future__ import annotations

from newsprism.coverage import BLINDSPOT_MIN_SOURCES, coverage, side_of
from newsprism.model import Article, CopyGroup, Outlet
from newsprism.outlets import OutletTable


def table(*rows) -> OutletTable:
    return OutletTable([Outlet(domain=d, name=n, lean=lean, country=c, owner=o, kind=k)
                        for d, n, lean, c, o, k in rows])


T = table(("left-one.example", "Left One", "left", "Ostreland", "Alpha Group", "partisan"),
          ("left-two.example", "Left Two", "lean left", "Ostreland", "Alpha Group", "partisan"),
          ("left-three.example", "Left Three", "left", "Westmark", "Beta Trust", "public"),
          ("right-one.example", "Right One", "right", "Westmark", "Gamma Media", "partisan"),
          ("mid.example", "Mid Paper", "centre", "Ostreland", "Delta", "public"),
          ("wire.example", "Wire Co", "centre", "Ostreland", "Wire Coop", "wire"))


def art(aid: str, host: str, date: str = "", agency: str = "", outlet: str = "") -> Article:
    return Article(id=aid, url=f"https://{host}/story/{aid}" if host else "", date=date, agency=agency,
                   outlet=outlet)


def test_coverage_counts_copies_of_one_wire_text_once_per_value():
    arts = [art("w", "wire.example", "2031-05-01T08:00:00Z"), art("l1", "left-one.example", "2031-05-01T09:00:00Z"),
            art("l2", "left-two.example", "2031-05-01T10:00:00Z"), art("r", "right-one.example", "2031-05-02")]
    groups = [CopyGroup(id="g1", article_ids=["w", "l1", "l2"])]
    cov, rows = coverage(arts, groups, T)
    assert cov.sources == 2  # the wire text and its two copies are one source; the right outlet's own is the other
    assert cov.by_lean == {"centre": 1, "lean left": 1, "left": 1, "right": 1}
    assert cov.by_owner["Alpha Group"] == 1  # two Alpha outlets running one wire text: one source
    assert cov.by_kind == {"partisan": 2, "wire": 1}
    by = {r.outlet: r for r in cov.outlets}
    assert by["Left One"].wire_copies == 1 and by["Wire Co"].wire_copies == 0 and by["Right One"].wire_copies == 0
    assert {o.name for o in rows} == {"Wire Co", "Left One", "Left Two", "Right One"}


def test_coverage_blindspot_when_one_side_carries_almost_all_rated_sources():
    arts = [art(f"l{i}", h) for i, h in enumerate(["left-one.example", "left-two.example", "left-three.example"])]
    cov, _ = coverage(arts, [], T)
    assert cov.rated_sources == 3 and cov.blindspot == "left" and cov.blindspot_share == 1.0
    balanced, _ = coverage(arts + [art("r", "right-one.example")], [], T)
    assert balanced.blindspot == ""  # 3 of 4 = 75% < 80%


def test_coverage_no_blindspot_below_min_sources_or_with_one_sided_table():
    few = [art(f"l{i}", h) for i, h in enumerate(["left-one.example", "left-two.example"])][:BLINDSPOT_MIN_SOURCES - 1]
    assert coverage(few, [], T)[0].blindspot == ""
    only_left = table(*[("l%d.example" % i, "L%d" % i, "left", "", "", "") for i in range(4)])
    arts = [art(f"a{i}", f"l{i}.example") for i in range(4)]
    assert coverage(arts, [], only_left)[0].blindspot == ""  # a table with one side cannot show a missing side


def test_coverage_centre_heavy_story_is_not_a_blindspot():
    t = table(("m1.example", "M1", "centre", "", "", ""), ("m2.example", "M2", "center", "", "", ""),
              ("m3.example", "M3", "centre", "", "", ""), ("l.example", "L", "left", "", "", ""),
              ("r.example", "R", "right", "", "", ""))
    arts = [art(f"a{i}", f"m{i}.example") for i in (1, 2, 3)]
    assert coverage(arts, [], t)[0].blindspot == ""


def test_coverage_first_reported_in_time_order_one_per_outlet_undated_left_out():
    arts = [art("tz", "right-one.example", "2031-05-02T09:00:00+02:00"),
            art("early", "mid.example", "2031-05-02T07:30:00Z"),
            art("early2", "mid.example", "2031-05-02T07:45:00Z"),
            art("nodate", "left-one.example")]
    cov, _ = coverage(arts, [], T)
    assert [(f.outlet, f.article_id) for f in cov.first_reported] == [("Right One", "tz"), ("Mid Paper", "early")]  # 09:00+02 is 07:00Z
    first = {r.outlet: r.first_date for r in cov.outlets}
    assert first["Left One"] == "" and first["Mid Paper"] == "2031-05-02T07:30:00Z"


def test_coverage_without_table_still_names_outlets_and_counts_sources():
    arts = [art("a", "", outlet="Unlisted Post"), art("b", "unlisted.example")]
    cov, rows = coverage(arts, [], None)
    assert [r.outlet for r in cov.outlets] == ["Unlisted Post", "unlisted.example"]
    assert cov.sources == 2 and cov.by_lean == {} and cov.unmatched == ["a", "b"] and rows == []


def test_coverage_side_of_groups_lean_words():
    assert side_of("Lean Left") == "left" and side_of("far-right") == "right" and side_of("Center") == "centre"
    assert side_of("libertarian") == "libertarian" and side_of("") == ""
