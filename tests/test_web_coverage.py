"""Web UI coverage (issue 17): lean bar per story, blindspot badge, filters by lean/country, sort and pages,
readable dates, 'who covers it' on the story page. Invented outlets over the in-memory fake store."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import webfixtures  # noqa: E402

from newsprism import coverage as cov_stage  # noqa: E402
from newsprism.model import ArticleInfo, Outlet, to_dict  # noqa: E402
from newsprism.outlets import OutletTable  # noqa: E402
from newsprism.web import create_app  # noqa: E402

TABLE = [Outlet(domain="ledger.example", name="Harbor Ledger", lean="left", country="Ostreland"),
         Outlet(domain="courier.example", name="Northfield Courier", lean="lean left", country="Ostreland"),
         Outlet(domain="wire.example", name="Plainview Wire", lean="left", country="Westmark", kind="wire"),
         Outlet(domain="post.example", name="Brantwick Post", lean="right", country="Westmark")]


class TableStore(webfixtures.FakeStore):
    def outlets(self):
        return list(TABLE)


@pytest.fixture
def store():
    st = TableStore()
    base = webfixtures.fake_store()
    for sid in ("ferry", "library", "hostile"):
        story = base.story(sid)
        st.add_story(story, base.story_articles(sid), base.get_brief(sid))
    ferry = st.get_brief("ferry")
    cov, rows = cov_stage.coverage([ArticleInfo(**{k: v for k, v in a.items()}) for a in ferry["articles"]], [],
                                   OutletTable(TABLE))
    ferry["coverage"], ferry["outlets"] = to_dict(cov), to_dict(rows)
    return st


@pytest.fixture
def client(store):
    return TestClient(create_app(store=store))


def story_ids(html: str) -> list[str]:
    return re.findall(r'href="/stories/([^"]+)"', html)


def test_web_coverage_list_shows_lean_bar_and_blindspot(client, store):
    html = client.get("/").text
    row = html[html.index('href="/stories/ferry"'):].split("</tr>")[0]
    assert '<svg class="leanbar"' in row and 'class="lean-left"' in row
    assert "blindspot: left only" in row  # three sources, all on the left of this table
    lib = html[html.index('href="/stories/library"'):].split("</tr>")[0]
    assert 'class="lean-right"' in lib and "blindspot" not in lib  # one rated source: not judged


def test_web_coverage_filter_by_lean_and_country(client):
    assert story_ids(client.get("/", params={"lean": "right"}).text) == ["library"]
    assert story_ids(client.get("/", params={"lean": "left"}).text) == ["ferry"]
    assert story_ids(client.get("/", params={"country": "Westmark"}).text) == ["ferry", "library"]
    html = client.get("/").text
    assert '<option value="lean left">' in html and '<option value="Westmark">' in html


def test_web_coverage_list_pages_and_sort_keep_the_filters(client):
    first = client.get("/", params={"limit": 1, "sort": "outlets"}).text
    assert story_ids(first) == ["ferry"] and "page 1 of 3" in first
    nxt = re.search(r'rel="next" href="/\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "sort=outlets" in nxt and "page=2" in nxt
    assert len(story_ids(client.get("/?" + nxt).text)) == 1
    assert client.get("/", params={"sort": "bogus"}).status_code == 422


def test_web_coverage_list_dates_are_readable(client):
    html = client.get("/").text
    row = html[html.index('href="/stories/ferry"'):].split("</tr>")[0]
    assert "2031-05-02 08:10" in row and "+00:00" not in row


def test_web_coverage_story_page_shows_who_covers_it(client):
    html = client.get("/stories/ferry").text
    head = html[html.index('id="coverage"'):html.index('id="summary"')]
    assert "3 independent sources" in head and '<svg class="leanbar"' in head
    assert "Carried almost only by <b>left</b>" in head
    assert re.search(r"First reported by <a [^>]*>Harbor Ledger</a> \(2031-05-02 08:10\)", head)
    assert "<td>Plainview Wire</td>" in head
    assert html.index('id="coverage"') < html.index('id="conflicts"')


def test_web_coverage_story_page_without_coverage_has_no_section(client):
    assert 'id="coverage"' not in client.get("/stories/hostile").text


def test_web_coverage_api_list_has_coverage_pages_and_filters(client):
    d = client.get("/api/stories", params={"lean": "right"}).json()
    assert [s["id"] for s in d["stories"]] == ["library"] and d["total"] == 1
    assert d["stories"][0]["coverage"]["by_lean"] == {"right": 1}
    paged = client.get("/api/stories", params={"limit": 2, "page": 2}).json()
    assert paged["pages"] == 2 and paged["count"] == 1
