"""Ingest batches fill article by article: a record file larger than --batch is stored in several
transactions, and progress counts articles, not files. Invented records."""

from __future__ import annotations

import json

from newsprism import collection
from newsprism.store import Store


def test_collection_batches_split_one_record_file_and_progress_counts_articles(tmp_path, monkeypatch):
    recs = [{"id": f"r{i}", "title": f"Item {i} about the Tane ferry",
             "text": f"The Tane ferry made crossing number {i} on Sunday, the operator Velmar Lines said."}
            for i in range(5)]
    path = tmp_path / "five.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    sizes: list[int] = []
    told: list[int] = []
    with Store(str(tmp_path / "s.db")) as st:
        coll = collection.Collection(st)
        real = coll.add_batch
        monkeypatch.setattr(coll, "add_batch", lambda arts, rep, views=None: (sizes.append(len(arts)), real(arts, rep, views)))
        rep = coll.ingest([str(path)], batch_size=2, progress=told.append)
        assert sizes == [2, 2, 1] and told == [2, 2, 1]
        assert rep.added == 5 and rep.inputs == 1 and st.count() == 5


TOPICS = ["harbour ferry dock crane pier", "orchard apple blossom frost harvest", "museum painting curator gallery",
          "bridge girder span rivet crossing", "school pupil teacher exam timetable", "festival stage band ticket"]


def _topic_records(n: int) -> list[dict]:
    """Invented articles on six topics, interleaved, with overlapping words so that scores are close."""
    out = []
    for i in range(n):
        w = TOPICS[i % 6].split() + TOPICS[(i + 1) % 6].split()[:1]
        text = " ".join(f"{w[(i + k) % len(w)].capitalize()} {w[(k * 3 + i) % len(w)]} of Varnby {w[k % len(w)]}s."
                        for k in range(12))
        out.append({"id": f"t{i}", "title": f"{w[i % 5]} news {i}", "text": text,
                    "date": f"2031-03-{1 + (i * 7) % 20:02d}"})
    return out


def test_collection_stories_same_for_batches_that_hold_whole_units(tmp_path):
    recs = _topic_records(230)
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    got = {}
    for b in (50, 100, 1000):
        with Store(str(tmp_path / f"s{b}.db")) as st:
            collection.Collection(st).ingest([str(path)], batch_size=b)
            got[b] = st.db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
    assert len({s for _, s in got[50]}) > 6  # not one story: the grouping has something to differ on
    assert got[50] == got[100] == got[1000]
