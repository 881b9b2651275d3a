"""Story list across the store (sort, pages, undated last, filter by lean/country, search) and per-outlet stats.

Stories, outlets and texts are invented; stories are assigned by hand so the clusterer plays no part.
"""

from __future__ import annotations

import json

import pytest

from newsprism import listing
from newsprism.model import Article, Outlet
from newsprism.store import Store

OUTLETS = [Outlet(domain="left-post.example", name="Left Post", lean="left", country="Ostreland", kind="partisan"),
           Outlet(domain="right-sun.example", name="Right Sun", lean="right", country="Westmark", kind="partisan"),
           Outlet(domain="wire.example", name="Wire Co", lean="centre", country="Ostreland", kind="wire")]


def art(aid: str, host: str, date: str, text: str = "Plain words about a town.") -> Article:
    return Article(id=aid, title=f"Title {aid}", text=text, date=date, url=f"https://{host}/{aid}", source=aid,
                   outlet=host.split(".")[0])


@pytest.fixture
def st(tmp_path):
    s = Store(str(tmp_path / "t.db"))
    s.import_outlets(OUTLETS)
    stories = {
        "old": [art("o1", "left-post.example", "2031-01-01")],
        "new": [art("n1", "right-sun.example", "2031-03-01"), art("n2", "left-post.example", "2031-03-02"),
                art("n3", "wire.example", "2031-03-02T06:00:00Z", "The harbour crane fell over.")],
        "undated": [art("u1", "wire.example", ""), art("u2", "right-sun.example", "")],
        "mid": [art("m1", "left-post.example", "2031-02-01"), art("m2", "wire.example", "2031-02-02")],
    }
    for sid, arts in stories.items():
        s.add_articles(arts)
        s.assign((a.id, sid) for a in arts)
    yield s
    s.close()


def ids(page) -> list[str]:
    return [r.story.id for r in page.rows]


def test_listing_latest_first_and_undated_stories_last(st):
    assert ids(listing.list_stories(st)) == ["new", "mid", "old", "undated"]
    assert st.story("undated").last_seen == ""  # the time an article was added is not its date


def test_listing_sort_by_outlets_and_by_conflicts(st):
    assert ids(listing.list_stories(st, sort="outlets"))[:1] == ["new"]
    for sid, n in (("mid", 3), ("old", 1)):
        st.save_brief(sid, {"conflicts": [{}] * n})
    assert ids(listing.list_stories(st, sort="conflicts")) == ["mid", "old", "new", "undated"]
    rows = {r.story.id: r.conflicts for r in listing.list_stories(st).rows}
    assert rows["mid"] == 3 and rows["new"] is None
    with pytest.raises(ValueError, match="unknown sort"):
        listing.list_stories(st, sort="random")


def test_listing_pages_cover_every_story_once(st):
    pages = [listing.list_stories(st, page=n, per_page=3) for n in (1, 2)]
    assert pages[0].pages == 2 and pages[0].total == 4
    assert ids(pages[0]) + ids(pages[1]) == ["new", "mid", "old", "undated"]
    assert listing.list_stories(st, page=9, per_page=3).page == 2  # past the end: the last page


def test_listing_filter_by_lean_side_and_country(st):
    assert ids(listing.list_stories(st, lean="right")) == ["new", "undated"]
    assert ids(listing.list_stories(st, lean="lean left")) == ["new", "mid", "old"]  # same side as "left"
    assert ids(listing.list_stories(st, country="westmark")) == ["new", "undated"]
    page = listing.list_stories(st)
    assert page.leans == ["centre", "left", "right"] and page.countries == ["Ostreland", "Westmark"]


def test_listing_search_results_sorted_the_same_way(st):
    assert ids(listing.list_stories(st, query="harbour crane")) == ["new"]
    assert ids(listing.list_stories(st, query="town")) == ["new", "mid", "old", "undated"]


def test_listing_rows_carry_coverage_from_the_stored_table(st):
    row = listing.list_stories(st).rows[0]
    assert row.coverage.by_lean == {"centre": 1, "left": 1, "right": 1} and row.coverage.sources == 3


def test_listing_outlet_stats_stories_lean_shares_and_wire_share(st):
    st.add_articles([art("c1", "left-post.example", "2031-03-03", "Copied wire words.")])
    st.assign([("c1", "new")])
    st.add_copy_links([("c1", "n3", "near", 0.9)])
    stats = {s.outlet: s for s in listing.outlet_stats(st)}
    left = stats["Left Post"]
    assert (left.stories, left.articles) == (3, 4)  # o1, n2, m1, c1
    assert left.wire_share == 0.25  # c1 copies Wire Co's text
    assert left.lean_share["right"] == 0.5  # right outlets carry 'new' and 'undated'; Left Post only 'new'
    assert stats["Wire Co"].wire_share == 0.0 and stats["Right Sun"].lean_share["left"] == pytest.approx(1 / 3,
                                                                                                        abs=0.001)


def test_listing_outlet_import_replaces_and_drops_cached_briefs(st):
    st.save_brief("new", {"conflicts": []})
    st.import_outlets([Outlet(domain="other.example", name="Other")], replace=True)
    assert [o.name for o in st.outlets()] == ["Other"] and st.get_brief("new") is None
    assert json.loads(json.dumps([o.__dict__ for o in st.outlets()]))[0]["domain"] == "other.example"
