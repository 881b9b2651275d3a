"""Store: articles round-trip, re-adding adds nothing, brief cache invalidation, search, story listing."""

from newsprism.model import Article, Paragraph, Sentence
from newsprism.store import Store


def make(aid, text="Tide gauges at Port Ellery recorded a record surge on Friday.", **kw):
    a = Article(id=aid, title=kw.pop("title", f"Surge {aid}"), text=text, source=f"/in/{aid}.txt", **kw)
    a.paragraphs = [Paragraph(index=0, start=0, end=len(text))]
    a.sentences = [Sentence(id=f"{aid}:s0", article_id=aid, start=0, end=len(text), text=text)]
    return a


def test_store_articles_round_trip_and_readding_adds_nothing(tmp_path):
    with Store(str(tmp_path / "s.db")) as st:
        a = make("a1", outlet="Coast Herald", date="2031-05-02", metadata={"k": [1, 2]}, lead="Standfirst")
        added, dups = st.add_articles([a])
        assert len(added) == 1 and not dups
        added, dups = st.add_articles([make("a1", outlet="Coast Herald", date="2031-05-02",
                                            metadata={"k": [1, 2]}, lead="Standfirst")])
        assert not added and len(dups) == 1
        back = st.get_article("a1")
        assert back == a and back.sentences[0].text == a.text and back.metadata == {"k": [1, 2]}
        assert st.count() == 1


def test_store_same_name_other_text_gets_new_id(tmp_path):
    with Store(str(tmp_path / "s.db")) as st:
        st.add_articles([make("a1")])
        b = make("a1", text="A different text about harbour dues and fishing quotas.")
        b.source = "/other/a1.txt"
        added, _ = st.add_articles([b])
        assert added[0].id != "a1" and added[0].sentences[0].id.startswith(added[0].id + ":")
        assert st.count() == 2


def test_store_stories_cache_and_search(tmp_path):
    with Store(str(tmp_path / "s.db")) as st:
        st.add_articles([make("a1", date="2031-05-01"), make("a2", date="2031-05-03"),
                         make("b1", text="The chess federation elected a new president in Halvik.",
                              title="Chess vote", date="2031-04-01")])
        st.assign([("a1", "s1"), ("a2", "s1"), ("b1", "s2")])
        assert [s.id for s in st.stories()] == ["s1", "s2"]  # newest first
        assert [s.id for s in st.stories(since="2031-04-15")] == ["s1"]
        assert st.story("s1").article_ids == ["a1", "a2"] and st.story("s1").last_seen == "2031-05-03"
        assert [a.id for a in st.story_articles("s1")] == ["a1", "a2"]
        assert [s.id for s in st.search("chess federation")] == ["s2"]
        st.save_brief("s1", {"x": 1})
        assert st.get_brief("s1") == {"x": 1}
        st.add_articles([make("a3", date="2031-05-04")])
        st.assign([("a3", "s1")])
        assert st.get_brief("s1") is None  # the story changed
        st.add_copy_links([("a2", "a1", "exact", 1.0)])
        groups = st.copy_groups("s1")
        assert len(groups) == 1 and groups[0].article_ids == ["a1", "a2"]


def test_store_conflict_counts_from_the_saved_column_and_from_briefs_of_an_older_store(tmp_path):
    import json
    import sqlite3
    path = str(tmp_path / "old.db")
    con = sqlite3.connect(path)  # a store made before briefs had a conflicts column
    con.execute("CREATE TABLE briefs (story_id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL)")
    con.commit()
    con.close()
    with Store(path) as st:
        st.add_articles([make("a1"), make("b1", text="The chess federation elected a new president in Halvik.")])
        st.assign([("a1", "s1"), ("b1", "s2")])
        st.db.execute("INSERT INTO briefs (story_id, version, json) VALUES ('s1', ?, ?)",
                      (st.story_version("s1"), json.dumps({"conflicts": [{}, {}]})))  # saved by the older version
        st.save_brief("s2", {"conflicts": [{}, {}, {}]})
        assert st.db.execute("SELECT conflicts FROM briefs WHERE story_id='s2'").fetchone()[0] == 3
        assert st.conflict_counts() == {"s1": 2, "s2": 3}
