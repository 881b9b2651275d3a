"""Web UI pages and JSON API over an in-memory store with invented stories (FastAPI TestClient)."""

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

from newsprism.web import create_app  # noqa: E402


@pytest.fixture
def store():
    return webfixtures.fake_store()


@pytest.fixture
def client(store):
    return TestClient(create_app(store=store))


def test_web_story_list_newest_first_with_size_and_outlets(client):
    html = client.get("/").text
    ids = re.findall(r'href="/stories/([^"]+)"', html)
    assert ids == ["hostile", "ferry", "library"]
    row = html[html.index('href="/stories/ferry"'):].split("</tr>")[0]
    assert re.search(r'<td class="num"[^>]*>3</td>', row)
    for outlet in ("Harbor Ledger", "Northfield Courier", "Plainview Wire"):
        assert outlet in row


def test_web_search_covers_titles_and_text(client):
    by_title = client.get("/", params={"q": "Brantwick"}).text
    assert re.findall(r'href="/stories/([^"]+)"', by_title) == ["library"]
    by_text = client.get("/", params={"q": "lifeboats"}).text  # only in the ferry articles' bodies
    assert re.findall(r'href="/stories/([^"]+)"', by_text) == ["ferry"]
    assert "No story matches" in client.get("/", params={"q": "zzzz-nothing"}).text


def test_web_story_page_shows_every_brief_section(client):
    html = client.get("/stories/ferry").text
    summary = html[html.index('id="summary"'):html.index('id="conflicts"')]
    assert 'href="/articles/harb1?story=ferry#harb1:s0"' in summary
    conflicts = html[html.index('id="conflicts"'):html.index('id="facts"')]
    assert 'class="conflict disagreement"' in conflicts and "230" in conflicts and "212" in conflicts
    facts = html[html.index('id="facts"'):html.index('id="quotes"')]
    assert facts.count('class="fact corroborated"') == 2 and facts.count('class="fact single"') == 1
    assert "3 independent sources" in facts
    quotes = html[html.index('id="quotes"'):html.index('id="framing"')]
    assert "Ilse Varn" in quotes and "carried by 2" in quotes and "#nfc2:s3" in quotes
    framing = html[html.index('id="framing"'):html.index('id="charts"')]
    assert "the captain" in framing and "reckless" in framing and "sandbar" in framing
    assert html.index('id="charts"') < html.index('id="articles"') and "form" in html[html.index('id="articles"'):]


def test_web_story_page_header_has_key_points_and_counts_then_conflicts_first(client):
    html = client.get("/stories/ferry").text
    start = html.index('<header class="story-head">')
    head = html[start:html.index("</header>", start)]
    assert "Key points" in head and 'id="summary"' in head and head.count("<li>") >= 2 + 4
    assert "<b>1</b> conflict<" in head and "<b>2</b> corroborated facts" in head and "from 3 outlets" in head
    after = html[start + len(head):]
    assert after.index('id="conflicts"') < after.index('id="facts"') < after.index('id="quotes"')
    # each conflict side shows the outlet's own sentence (evidence text), linked to it
    conflicts = after[after.index('id="conflicts"'):after.index('id="facts"')]
    assert "passengers on board: 212 (Harbor Ledger), 230 (Northfield Courier)" in conflicts
    assert '<a class="said" href="/articles/nfc2?story=ferry#nfc2:s2">The operator said 230 people were on board.</a>' in conflicts


def test_web_story_page_collapses_long_sections_with_counts(client):
    html = client.get("/stories/ferry").text
    assert re.search(r'<details class="single-all"><summary><h2>Single-source claims \(1 in 1 article\)</h2>', html)
    assert re.search(r'<details class="speaker"( open)?><summary><h3>Ilse Varn \(\d+\)</h3>', html)
    assert "Quotes by speaker (2 quotes, 1 speaker)" in html
    assert "What each outlet says (3)" in html


def test_web_story_page_shows_conflict_under_its_fact_and_label_phrases(client, store):
    brief = store.get_brief("ferry")
    brief["conflicts"][0]["fact_id"] = "f2"
    brief["framing"][0]["labels"]["harb1"][0]["phrase"] = "reckless young captain"
    html = client.get("/stories/ferry").text
    fact = html[html.index('id="fact-f2"'):]
    fact = fact[:fact.index("</li>")]
    assert 'href="#conflict-k1"' in fact and "212 (Harbor Ledger), 230 (Northfield Courier)" in fact
    assert "f1" not in fact and 'href="#conflict-k1"' not in html[html.index('id="fact-f1"'):html.index('id="fact-f2"')]
    framing = html[html.index('id="framing"'):html.index('id="charts"')]
    assert ">reckless young captain</a>" in framing


def test_web_charts_are_inline_svg_timeline_and_matrix(client):
    html = client.get("/stories/ferry").text
    tl = html[html.index('id="timeline"'):html.index('id="charts"')]
    assert tl.count("<svg") == 1
    svg = tl[:tl.index("</svg>")]
    assert svg.count('class="dot"') == 3
    # both events dated 2031-05-02 sit on the axis, numbered, each linking to its first cited sentence
    assert svg.count('<a class="event"') == 2
    assert 'href="/articles/harb1?story=ferry#harb1:s0"' in svg and 'href="/articles/pvw3?story=ferry#pvw3:s1"' in svg
    assert re.findall(r'<li id="event-(\d)"', tl) == ["1", "2"]
    # the undated event ("for years") is listed apart, not drawn
    undated = tl[tl.index('class="undated-events"'):]
    assert "Events without a day (1)" in undated and "Shifting sand near Quillport" in undated
    assert "Shifting sand" not in svg
    charts = html[html.index('id="charts"'):]
    assert charts.count("<svg") == 1
    matrix = charts[charts.index('class="chart matrix"'):]
    matrix = matrix[:matrix.index("</svg>")]
    # f1 in 3 outlets, f2 in 2, single-source f3 in 1 -> 6 filled cells out of 3 x 3
    assert matrix.count('class="cell on"') == 6 and matrix.count('class="cell"') == 3


def test_web_article_view_has_one_anchor_per_sentence(client, store):
    html = client.get("/articles/nfc2", params={"story": "ferry"}).text
    art = store.get_article("nfc2")
    for s in art.sentences:
        assert f'id="{s.id}"' in html
    assert 'href="https://courier.example/news/ferry"' in html
    assert 'href="/stories/ferry"' in html


def _sentence_classes(html: str) -> dict[str, set[str]]:
    return {sid: set(cls.split()) for cls, sid in re.findall(r'<span class="(sent[^"]*)" id="([^"]+)"', html)}


def _colour(classes: set[str]) -> str:
    return next((c for c in classes if re.fullmatch(r"c\d+", c)), "")


def test_web_compare_aligns_sentences_of_one_fact_with_one_colour(client):
    html = client.get("/stories/ferry/compare", params=[("a", "harb1"), ("a", "nfc2")]).text
    cls = _sentence_classes(html)
    spans = {sid: _colour(c) for sid, c in cls.items() if "aligned" in c}
    assert len(spans) == 4
    assert spans["harb1:s0"] == spans["nfc2:s0"] != spans["harb1:s1"] == spans["nfc2:s1"]
    assert html.count('class="col"') == 2
    # pvw3 is not shown, so f1 still aligns 2 shown articles; with pvw3 alone nothing aligns
    lone = client.get("/stories/ferry/compare", params=[("a", "pvw3")]).text
    assert "sent aligned" not in lone


def test_web_compare_marks_conflict_sides_with_their_values(client):
    html = client.get("/stories/ferry/compare", params=[("a", "harb1"), ("a", "nfc2")]).text
    cls = _sentence_classes(html)
    assert "conflict" in cls["harb1:s1"] and "conflict" in cls["nfc2:s2"]
    assert "conflict" not in cls["nfc2:s1"] and "conflict" not in cls["harb1:s0"]
    assert "passengers on board: 212 (Harbor Ledger), 230 (Northfield Courier)" in html
    nfc = html[html.index('id="nfc2:s2"'):]
    assert 'href="#conflict-1"' in nfc[:nfc.index("</span>")] and "C1: 230" in nfc[:nfc.index("</span>")]


def test_web_compare_never_colours_two_sides_of_a_conflict_as_one_fact(client, store):
    brief = store.get_brief("ferry")
    side = {s["citation"]["article_id"]: s["citation"] for s in brief["conflicts"][0]["sides"]}
    # a fact (as a sentence-similarity aligner may produce) citing the 212 and the 230 sentences together
    brief["facts"].append({"id": "f9", "text": "passengers", "corroborated": True, "conflicts": [],
                           "citations": [side["harb1"], side["nfc2"], {"article_id": "pvw3", "outlet": "Plainview Wire",
                                                                       "sentence_ids": ["pvw3:s1"]}]})
    html = client.get("/stories/ferry/compare", params=[("a", "harb1"), ("a", "nfc2"), ("a", "pvw3")]).text
    cls = _sentence_classes(html)
    assert "conflict" in cls["harb1:s1"] and "conflict" in cls["nfc2:s2"]
    assert "aligned" not in cls["nfc2:s2"]  # not painted in f9's colour
    assert html.count('<li id="fact-') == 2  # f1 and f2; f9 rests on one article once its split sides are out
    # with the conflict linked to the fact, none of its side sentences take the fact's colour
    brief["conflicts"][0]["fact_id"] = "f2"
    html = client.get("/stories/ferry/compare", params=[("a", "harb1"), ("a", "nfc2")]).text
    cls = _sentence_classes(html)
    assert "aligned" not in cls["harb1:s1"] and "conflict" in cls["harb1:s1"]


def test_web_api_mirrors_brief_schema(client, store):
    stories = client.get("/api/stories").json()
    assert [s["id"] for s in stories["stories"]] == ["hostile", "ferry", "library"]
    assert client.get("/api/stories", params={"q": "lifeboats"}).json()["count"] == 1
    one = client.get("/api/stories/ferry").json()
    assert one["story"]["article_ids"] == ["harb1", "nfc2", "pvw3"] and one["articles"][0]["words"] > 0
    brief = client.get("/api/stories/ferry/brief").json()
    assert brief == store.get_brief("ferry")
    assert set(brief) >= {"story", "articles", "summary", "facts", "single_source", "quotes", "shared_quotes",
                          "entities", "conflicts", "framing", "distinctive_terms", "timeline", "copy_groups"}
    art = client.get("/api/articles/harb1").json()
    assert art["sentences"][0]["id"] == "harb1:s0" and "raw_text" not in art


def test_web_unknown_ids_are_404_in_html_and_json(client):
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    r = client.get("/api/stories/nope/brief")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_web_security_headers_on_every_response(client):
    for path in ("/", "/stories/ferry", "/api/stories", "/static/style.css", "/stories/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_web_brief_built_once_then_reused(client, store, monkeypatch):
    from newsprism import pipeline
    from newsprism.model import ArticleInfo, Brief
    calls = []

    def counting(articles, **kw):  # stands in for the real stages, which other tests cover
        calls.append([a.id for a in articles])
        return Brief(story=kw.get("story"), articles=[ArticleInfo.of(a) for a in articles])

    monkeypatch.setattr(pipeline, "build_brief", counting)
    assert store.get_brief("library") is None
    assert client.get("/stories/library").status_code == 200
    assert client.get("/api/stories/library/brief").json()["story"]["id"] == "library"
    assert calls == [["solo1"]] and store.get_brief("library") is not None
    # a stored brief that no longer covers the story's articles is rebuilt
    store._briefs["ferry"]["articles"] = store._briefs["ferry"]["articles"][:1]
    client.get("/api/stories/ferry/brief")
    assert calls[-1] == ["harb1", "nfc2", "pvw3"]


def test_web_article_labels_fall_back_and_stay_distinct():
    from newsprism.web.views import article_labels
    infos = [{"id": "a", "outlet": "Tide Times"}, {"id": "b", "outlet": "Tide Times"},
             {"id": "c", "url": "https://news.example/x"}, {"id": "d", "url": "javascript:x"}, {"id": "e"}]
    assert article_labels(infos) == {"a": "Tide Times (1)", "b": "Tide Times (2)", "c": "news.example",
                                     "d": "Article 4", "e": "Article 5"}


def test_web_timeline_puts_articles_and_dated_events_on_one_axis_and_lists_the_rest():
    from newsprism.web.charts import timeline
    arts = [{"id": "a", "outlet": "Tide Times", "date": "2031-01-01"},
            {"id": "b", "outlet": "Tide Times", "date": "2031-01-03T12:00:00Z"},
            {"id": "c", "outlet": "Gull Gazette", "date": "not a date"}]
    cite = {"article_id": "b", "sentence_ids": ["b:s4", "b:s5"], "outlet": "Tide Times"}
    events = [{"date": "2031-01-05", "text": "The pier reopened.", "citations": [cite]},
              {"date": "2030-11", "text": "Work began.", "citations": []},
              {"date": "last winter", "text": "Storms hit.", "citations": []}]
    c = timeline({"articles": arts, "timeline": events}, {"a": "Tide Times (1)", "b": "Tide Times (2)", "c": "Gull Gazette"})
    rows = {r["full"]: r for r in c["rows"]}
    assert list(rows) == ["Tide Times", "Gull Gazette"] and rows["Tide Times"]["count"] == 2
    assert [u["id"] for u in c["undated"]] == ["c"] and c["dated"] == 2
    # whole days from 2031-01-01 00:00 to 2031-01-06 00:00; the event's day (noon of 2031-01-05) half a day
    # before the end
    xs = [d["x"] for d in rows["Tide Times"]["dots"]]
    day = (c["ticks"][1]["x"] - c["ticks"][0]["x"])
    assert [t["label"] for t in c["ticks"]][:2] == ["2031-01-01", "2031-01-02"] and len(c["ticks"]) == 6
    # a date without a time is drawn mid-day, as events are
    assert abs(xs[0] - (c["ticks"][0]["x"] + 0.5 * day)) < 0.2 and abs(xs[1] - (xs[0] + 2 * day)) < 0.2
    assert abs(c["events"][0]["x"] - (c["ticks"][-1]["x"] - 0.5 * day)) < 0.2 and c["left"] < xs[0]
    assert (c["events"][0]["article_id"], c["events"][0]["sentence_id"], c["events"][0]["n"]) == ("b", "b:s4", 1)
    assert [e["text"] for e in c["undated_events"]] == ["Work began.", "Storms hit."]


def test_web_timeline_stacks_events_of_one_day_and_draws_events_without_dated_articles():
    from newsprism.web.charts import timeline
    events = [{"date": "2031-02-02", "text": f"Event {n}.", "citations": []} for n in range(3)]
    c = timeline({"articles": [{"id": "a", "outlet": "Tide Times"}], "timeline": events}, {})
    assert c["drawn"] and c["dated"] == 0 and [u["id"] for u in c["undated"]] == ["a"]
    assert [e["level"] for e in c["events"]] == [0, 1, 2] and len({e["x"] for e in c["events"]}) == 1
    assert len({e["y"] for e in c["events"]}) == 3 and c["axis_y"] > max(e["y"] for e in c["events"])
    # within one day the axis is in hours: 12:00 to 13:00
    assert [t["label"] for t in c["ticks"]] == ["2031-02-02 12:00", "13:00"]


def test_web_timeline_axis_ticks_whole_days_or_hours():
    from datetime import datetime, timezone

    from newsprism.web.charts import axis
    d = lambda s: datetime.fromisoformat(s).replace(tzinfo=timezone.utc)  # noqa: E731
    lo, hi, ticks = axis([d("2031-01-01T09:30"), d("2031-01-30T02:00")])
    assert (lo, hi) == (d("2031-01-01"), d("2031-01-31")) and len(ticks) <= 7
    assert all(t.hour == 0 for t, _ in ticks) and ticks[1][0] - ticks[0][0] == hi - d("2031-01-26")
    lo, hi, ticks = axis([d("2031-01-01T09:30"), d("2031-01-01T14:10")])
    assert (lo, hi) == (d("2031-01-01T09:00"), d("2031-01-01T15:00"))
    assert [label for _, label in ticks] == ["2031-01-01 09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]


def test_web_chart_columns_follow_first_publication_not_the_alphabet():
    from newsprism.web.charts import fact_matrix, outlet_order, timeline
    arts = [{"id": "z1", "outlet": "Zephyr Daily", "date": "2031-03-02T09:00:00Z"},
            {"id": "a1", "outlet": "Amber Post", "date": "2031-03-02T15:00:00Z"},
            {"id": "m1", "outlet": "Moss Weekly", "date": ""},
            {"id": "b1", "outlet": "Birch Radio", "date": "2031-03-01"},
            {"id": "z2", "outlet": "Zephyr Daily", "date": "2031-02-27"},
            {"id": "c1", "outlet": "Cedar News", "date": ""}]
    order = ["Zephyr Daily", "Birch Radio", "Amber Post", "Moss Weekly", "Cedar News"]
    assert outlet_order(arts, {}) == order  # undated outlets last, in the brief's order
    brief = {"articles": arts, "facts": [{"id": "f1", "text": "A fact.", "corroborated": True, "citations": [
        {"article_id": "a1", "sentence_ids": ["a1:s0"]}, {"article_id": "m1", "sentence_ids": ["m1:s2"]}]}]}
    m = fact_matrix(brief, {})
    assert [c["full"] for c in m["cols"]] == order
    assert [cell["outlet"] for cell in m["rows"][0]["cells"] if cell["on"]] == ["Amber Post", "Moss Weekly"]
    assert [r["full"] for r in timeline(brief, {})["rows"]] == order


def test_web_chart_of_a_text_reprinted_by_many_outlets_draws_the_outlets_that_carry_facts():
    from newsprism.web.charts import fact_matrix
    arts = [{"id": f"k{i}", "outlet": f"Kettle Times {i}", "date": f"2031-03-02T{i % 24:02d}:00:00Z"} for i in range(60)]
    brief = {"articles": arts, "facts": [{"id": "f1", "text": "A fact.", "corroborated": False, "citations": [
        {"article_id": "k3", "sentence_ids": ["k3:s0"]}, {"article_id": "k1", "sentence_ids": ["k1:s1"]}]}]}
    m = fact_matrix(brief, {})
    assert [c["full"] for c in m["cols"]] == ["Kettle Times 1", "Kettle Times 3"] and m["hidden_outlets"] == 58
    assert all(cell["on"] for cell in m["rows"][0]["cells"])
    few = fact_matrix({**brief, "articles": arts[:40]}, {})
    assert len(few["cols"]) == 40 and few["hidden_outlets"] == 0  # up to 40 outlets: every one drawn


def test_web_story_page_cache_never_serves_a_changed_brief(client, store):
    first = client.get("/stories/ferry").text
    assert client.get("/stories/ferry").text == first
    store._briefs["ferry"]["summary"][0]["text"] = "A corrected opening line about the tide."
    assert "A corrected opening line about the tide." in client.get("/stories/ferry").text


def test_web_cli_serve_adds_then_serves_on_loopback(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from newsprism.cli import main
    from newsprism.web import server
    calls = []
    monkeypatch.setattr(server, "ingest", lambda db, inputs, **kw: calls.append(("ingest", db, inputs)) or (2, 1, [], {}))
    monkeypatch.setattr(server, "serve", lambda db, host, port, log: calls.append(("serve", db, host, port)))
    db = str(tmp_path / "x.db")
    res = CliRunner().invoke(main, ["serve", "--db", db, "--port", "8123", "--add", "a.txt", "--add", "dir"])
    assert res.exit_code == 0, res.output
    assert calls == [("ingest", db, ["a.txt", "dir"]), ("serve", db, "127.0.0.1", 8123)]
    assert "added 2, duplicates 1" in res.output


def test_web_matrix_cells_link_to_the_cited_sentence_and_flag_conflict_sides(client, store):
    brief = store.get_brief("ferry")
    brief["conflicts"][0]["fact_id"] = "f2"
    html = client.get("/stories/ferry").text
    matrix = html[html.index('class="chart matrix"'):]
    matrix = matrix[:matrix.index("</svg>")]
    assert 'href="/articles/pvw3?story=ferry#pvw3:s1"' in matrix  # f1's cell for Plainview Wire
    assert matrix.count("<a href=") == 6
    # f2's Harbor Ledger sentence (212) is a side of the 212/230 conflict linked to f2
    assert matrix.count('class="cell on conflict"') == 1
    assert "Harbor Ledger: gives another value for — All 212 passengers" in matrix


def test_web_quote_notes_name_outlets_not_ids_one_per_line(client, store):
    brief = store.get_brief("ferry")
    brief["shared_quotes"][0]["notes"] = ["harb1 vs nfc2: one version is a 5-word excerpt",
                                          "articles harb1, nfc2 are copies (copy1); they count as one source",
                                          "harb1 vs nfc2: one version is a 5-word excerpt"]
    html = client.get("/stories/ferry").text
    notes = re.findall(r'<li class="note">(.*?)</li>', html)
    assert notes == ["Harbor Ledger vs Northfield Courier: one version is a 5-word excerpt",
                     "articles Harbor Ledger, Northfield Courier are copies; they count as one source"]


def test_web_missing_brief_built_in_background_while_page_says_so(store, monkeypatch):
    import threading

    from newsprism import pipeline
    from newsprism.model import ArticleInfo, Brief
    release, calls = threading.Event(), []

    def slow(articles, **kw):  # a build that lasts until the test lets it finish
        calls.append([a.id for a in articles])
        release.wait(10)
        return Brief(story=kw.get("story"), articles=[ArticleInfo.of(a) for a in articles])

    monkeypatch.setattr(pipeline, "build_brief", slow)
    client = TestClient(create_app(store=store, build_wait=0.05))
    page = client.get("/stories/library")
    assert page.status_code == 202 and "being built" in page.text and 'http-equiv="refresh"' in page.text
    api = client.get("/api/stories/library/brief")
    assert api.status_code == 202 and api.json()["status"] == "building"
    assert calls == [["solo1"]]  # the second request joined the running build instead of starting one
    release.set()
    for _ in range(100):
        r = client.get("/api/stories/library/brief")
        if r.status_code == 200:
            break
        threading.Event().wait(0.05)
    assert r.status_code == 200 and r.json()["story"]["id"] == "library" and calls == [["solo1"]]
    assert client.get("/stories/library").status_code == 200


def test_web_background_build_failure_is_shown_not_lost(store, monkeypatch):
    from newsprism import pipeline

    def broken(articles, **kw):
        raise ValueError("parser exploded")

    monkeypatch.setattr(pipeline, "build_brief", broken)
    client = TestClient(create_app(store=store, build_wait=2.0))
    first = client.get("/stories/library")
    if first.status_code == 202:  # the failure is reported by the next request
        first = client.get("/stories/library")
    assert first.status_code == 500 and "parser exploded" in first.text


def test_web_views_keep_disputes_apart_from_conflicts_between_outlets():
    from newsprism.web import views
    side = {"text": "x", "value": "9", "citation": {"article_id": "a", "sentence_ids": ["a:s0"]}}
    number = {"id": "c0", "kind": "number", "nature": "disagreement", "sides": [side, {**side, "value": "11"}]}
    denial = {"id": "d0", "kind": "disputed", "nature": "disputed", "claim": "the hull was sound",
              "sides": [{**side, "party": "Port staff"}, {**side, "party": "The owner", "value": "denied"}]}
    new = {"conflicts": [number], "disputes": [denial]}
    old = {"conflicts": [number, denial]}  # a brief cached before schema 3.0
    for brief in (new, old):
        assert [c["id"] for c in views.conflict_views(brief, {})] == ["c0"]
        assert [c["id"] for c in views.conflict_views(brief, {}, disputes=True)] == ["d0"]
