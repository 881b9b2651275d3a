"""Article and story ids with any characters ('/', '?', '#', '%', '..') open, and the story page links to them."""

from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import webfixtures  # noqa: E402

from newsprism.web import create_app  # noqa: E402

ODD = ["feed/2031/04/ferry", "a?b#c", "100%/x", "../up", "sp ace/é"]


@pytest.fixture
def client():
    st = webfixtures.FakeStore()
    arts = [webfixtures.make_article(aid, f"Ferry report {i}", f"Outlet {i}", "2031-04-2" + str(i),
                                     f"https://o{i}.example/x", [["The ferry sailed from Varnholm at dawn."]])
            for i, aid in enumerate(ODD)]
    st.add_story(webfixtures.story_of("odd/story", arts), arts, None)
    return TestClient(create_app(store=st))


def test_web_ids_with_slashes_open_from_story_page_links(client):
    html = client.get("/").text
    story_links = re.findall(r'href="(/stories/[^"]+)"', html)
    assert len(story_links) == 1
    page = client.get(unescape(story_links[0]))
    assert page.status_code == 200
    links = sorted({unescape(x).split("#")[0] for x in re.findall(r'href="(/articles/[^"]+)"', page.text)})
    assert len(links) == len(ODD)
    titles = set()
    for link in links:
        r = client.get(link)
        assert r.status_code == 200, link
        titles.add(re.search(r"<h1[^>]*>([^<]+)</h1>", r.text).group(1).strip())
    assert titles == {f"Ferry report {i}" for i in range(len(ODD))}
    for aid in ODD:
        from urllib.parse import quote
        assert client.get(f"/api/articles/{quote(aid, safe='')}").json()["id"] == aid
    assert client.get(f"/api/stories/{quote('odd/story', safe='')}").status_code == 200
    assert client.get(f"/stories/{quote('odd/story', safe='')}/compare").status_code == 200
