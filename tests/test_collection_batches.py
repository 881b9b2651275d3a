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

