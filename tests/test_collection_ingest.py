"""Ingest of files: counts, duplicates, one line per bad file, stories, one-shot clustering, store brief."""

from newsprism import collection
from newsprism.store import Store

A = ("Floods cut off Marrowby as the river Tane bursts its banks\n\nRescue teams in Marrowby evacuated two "
     "hundred residents after the river Tane burst its banks overnight. Mayor Ilsa Brandt said the flood "
     "barrier failed near the old mill.\n")
B = ("Marrowby flood: mayor Brandt blames failed barrier\n\nIlsa Brandt, mayor of Marrowby, said the Tane flood "
     "barrier gave way at the old mill, forcing evacuations. Rescue teams moved residents to the sports hall.\n")
C = ("Teenager Oskar Lind wins Halvik chess open\n\nOskar Lind, sixteen, won the Halvik chess open with a "
     "final-round victory over grandmaster Pavel Surin. The tournament drew players from thirty clubs.\n")


def write(d, files):
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def test_collection_ingest_counts_and_readding(tmp_path):
    d = write(tmp_path / "in", {"a.txt": A, "b.txt": B, "c.txt": C, "empty.txt": "", "x.bin": "??"})
    with Store(str(tmp_path / "s.db")) as st:
        rep = collection.Collection(st).ingest(collection.expand([str(d)]), batch_size=2)
        assert rep.added == 3 and rep.duplicates == 0 and len(rep.problems) == 2
        assert rep.skipped["empty"] == 1 and rep.skipped["unknown-format"] == 1
        sizes = sorted(len(s.article_ids) for s in st.stories())
        assert sizes == [1, 2]
    with Store(str(tmp_path / "s.db")) as st:  # a new run restores the clusterer from the store
        coll = collection.Collection(st)
        rep = coll.ingest([str(d / "a.txt"), str(d / "b.txt")])
        assert rep.added == 0 and rep.duplicates == 2
        more = write(tmp_path / "more", {"b2.txt": B.replace("sports hall", "town library")})
        rep = coll.ingest([str(more / "b2.txt")])
        assert rep.added == 1
        sid = st.db.execute("SELECT story_id FROM articles WHERE id='b2'").fetchone()[0]
        assert len(st.story(sid).article_ids) == 3  # joined the stored flood story


def test_collection_cluster_paths_one_shot(tmp_path):
    d = write(tmp_path / "in", {"a.txt": A, "b.txt": B, "c.txt": C})
    pairs, rep = collection.cluster_paths([str(d)])
    got = dict(pairs)
    assert got["a"] == got["b"] != got["c"] and rep.added == 3
