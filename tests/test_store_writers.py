"""One writer per store: concurrent ingests never share story ids; a file commits batch by batch."""

import threading
import time

import pytest

from newsprism.collection import Collection
from newsprism.model import Article
from newsprism.store import Store

TOPICS = [w.split() for w in (
    "harbour ferry dock crane pier", "orchard apple blossom frost harvest", "museum painting curator gallery loan",
    "bridge girder span rivet crossing", "school pupil teacher exam timetable", "festival stage band ticket crowd",
    "reservoir drought water pipe leak", "tram track depot driver fare", "library archive reader shelf loan",
    "stadium pitch referee league fixture", "volcano ash crater eruption lava", "glacier ice melt valley snow")]


def _arts(prefix: str, topics: list[list[str]], per: int = 3) -> list[Article]:
    out = []
    for t, words in enumerate(topics):
        for k in range(per):
            body = " ".join(f"{w.capitalize()} {words[(i + 1) % 5]} {words[(i + 2) % 5]} {w}s {words[(i + 3) % 5]}."
                            for i, w in enumerate(words)) * 3 + f" Bulletin {k} of {prefix}."
            out.append(Article(id=f"{prefix}{t}-{k}", title=f"{words[0]} {words[1]} news {k}", outlet=f"Out{k}",
                               text=body, raw_text=body, source=f"mem://{prefix}{t}-{k}"))
    return out


def _groups(db: str) -> list[set[str]]:
    with Store(db) as st:
        rows = st.db.execute("SELECT id, story_id FROM articles").fetchall()
    by: dict[str, set[str]] = {}
    for aid, sid in rows:
        by.setdefault(sid, set()).add(aid)
    return sorted(by.values(), key=sorted)


def test_store_writers_concurrent_ingests_match_sequential(tmp_path):
    a1, a2, b = _arts("a", TOPICS[:3]), _arts("c", TOPICS[3:6]), _arts("b", TOPICS[6:])
    seq = str(tmp_path / "seq.db")
    with Store(seq) as st:
        Collection(st).ingest(a1 + a2, batch_size=9)
    with Store(seq) as st:
        Collection(st).ingest(b, batch_size=9)

    db = str(tmp_path / "conc.db")
    first_done, waited = threading.Event(), []

    def writer_a():
        with Store(db) as st:
            col = Collection(st)
            col.ingest(a1, batch_size=9)
            first_done.set()
            time.sleep(0.5)  # the other writer starts now; before the lock it interleaved its batches here
            col.ingest(a2, batch_size=9)

    def writer_b():
        first_done.wait(10)
        with Store(db) as st:
            Collection(st, on_wait=waited.append).ingest(b, batch_size=9)

    ts = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    assert waited and "another newsprism process" in waited[0]
    groups = _groups(db)
    assert all(len({aid.split("-")[0] for aid in g}) == 1 for g in groups), "a story mixes unrelated articles"
    assert groups == _groups(seq)


def test_store_writers_one_file_commits_per_batch(tmp_path, monkeypatch):
    db = str(tmp_path / "s.db")
    path = tmp_path / "many.jsonl"
    import json
    arts = _arts("r", TOPICS, per=2)  # 24 records in one file
    path.write_text("\n".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) for a in arts))
    calls = []
    real = Collection.add_batch

    def add_batch(self, batch, report, views=None):
        calls.append(len(batch))
        if len(calls) == 3:
            raise KeyboardInterrupt  # stands for a kill in the middle of the file
        real(self, batch, report, views)

    monkeypatch.setattr(Collection, "add_batch", add_batch)
    with Store(db) as st, pytest.raises(KeyboardInterrupt):
        Collection(st).ingest([str(path)], batch_size=5)
    with Store(db) as st:
        assert st.count() == 10 and len(st.unassigned()) == 10  # committed, waiting for their stories
    monkeypatch.setattr(Collection, "add_batch", real)
    with Store(db) as st:  # the re-run: pending articles first, the committed ones are duplicates
        rep = Collection(st).ingest([str(path)], batch_size=5)
        assert (rep.added, rep.duplicates) == (14, 10) and st.count() == 24 and st.unassigned() == []
    clean = str(tmp_path / "clean.db")
    with Store(clean) as st:
        Collection(st).ingest([str(path)], batch_size=5)
    assert _groups(db) == _groups(clean)
