"""Bounded copy index: texts older than the window and beyond the size cap are forgotten in memory only."""

import random

from newsprism import collection, copies
from newsprism.model import Article
from newsprism.store import Store

_VOCAB = ("harbour pier ferry council budget river bridge school clinic market orchard quarry tunnel rail "
          "museum library station storm drought harvest festival mayor engineer nurse farmer baker tailor "
          "pilot miner clerk judge vote levy grant wage price permit licence audit tender contract repair "
          "opened closed delayed approved rejected announced warned promised blamed praised cut raised").split()


def text(seed: int, n: int = 90) -> str:
    """An invented text of n words, unrelated to other seeds (5-shingles almost never shared)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(n)) + "."


def day(d: int) -> float:
    return 20000.0 + d


def test_window_evicts_old_texts_from_memory_and_the_lsh():
    idx = copies.CopyIndex(window_days=7)
    sig_a = idx.add("a", text(1), day(0))[0]
    idx.add("b", text(2), day(3))
    assert len(idx) == 2
    idx.add("c", text(3), day(10))  # a (10 days old) leaves the window; b (7 days) stays
    assert set(idx.sizes) == {"b", "c"} and "a" not in idx.sigs and "a" not in idx.days
    assert "a" not in idx.lsh.query(sig_a)  # removed from the LSH tables too
    assert idx.add("a2", text(1), day(11))[3] == []  # a copy of the forgotten text finds nothing


def test_copies_within_the_window_are_still_found():
    idx = copies.CopyIndex(window_days=7)
    idx.add("a", text(1), day(0))
    idx.add("x", text(9), day(2))
    assert idx.add("a_copy", text(1), day(6))[3] == [("a", "exact", 1.0)]
    partial = text(1) + " " + text(77, 40)  # the same text with an added local paragraph
    found = idx.add("a_local", partial, day(7))[3]
    assert ("a", "partial") in {(o, k) for o, k, _ in found}


def test_late_old_text_is_not_linked_beyond_the_window_nor_kept():
    idx = copies.CopyIndex(window_days=7)
    idx.add("a", text(1), day(9))
    idx.add("new", text(2), day(10))
    assert idx.add("old_copy", text(1), day(1))[3] == []  # 8 days before its copy: not linked
    assert "old_copy" not in idx.sizes  # already outside the window: not indexed
    assert idx.add("undated_copy", text(1), None)[3] == [("a", "exact", 1.0)]  # no date: no window


def test_undated_texts_are_capped_oldest_first():
    idx = copies.CopyIndex(max_size=3)
    for i in range(5):
        idx.add(f"u{i}", text(100 + i), None)
    assert list(idx.days) == ["u2", "u3", "u4"] and len(idx.lsh.keys) == 3
    assert idx.add("copy0", text(100), None)[3] == []
    assert [o for o, _, _ in idx.add("copy4", text(104), None)[3]] == ["u4"]


def art(aid: str, body: str, d: int | None, source: str | None = None) -> Article:
    return Article(id=aid, title=f"Report {aid}", text=body, raw_text=body, outlet=f"outlet-{aid}",
                   date=f"2031-01-{d:02d}" if d else "", source=source or f"test://{aid}")


def test_restart_restores_only_the_window_and_readding_still_dedups(tmp_path):
    db = str(tmp_path / "s.db")
    first = [art(f"a{d}", text(200 + d), d) for d in (1, 3, 12, 15, 18)] + [art("u1", text(300), None)]
    with Store(db) as st:
        rep = collection.Collection(st).ingest(first, batch_size=2)
        assert rep.added == 6
    with Store(db) as st:
        coll = collection.Collection(st)
        # newest day 18: days 12, 15, 18 and the undated one are restored, days 1 and 3 stay in SQLite only
        assert set(coll.index.sizes) == {"a12", "a15", "a18", "u1"}
        assert st.db.execute("SELECT COUNT(*) FROM signatures").fetchone()[0] == 6
        again = [art(f"a{d}", text(200 + d), d) for d in (1, 3, 12, 15, 18)]
        rep = coll.ingest(again)  # same source and text: the store's uniqueness, not the index, dedups
        assert rep.added == 0 and rep.duplicates == 5
        rep = coll.ingest([art("r15", text(215), 19, "test://reprint15"),
                           art("r1", text(201), 19, "test://reprint1")])
        assert rep.added == 2
        links = st.db.execute("SELECT a, b, kind FROM copy_links WHERE a IN ('r15', 'r1')").fetchall()
        assert links == [("r15", "a15", "exact")]  # the reprint of day 1 is outside the window


def test_restart_caps_undated_signatures(tmp_path):
    db = str(tmp_path / "s.db")
    with Store(db) as st:
        collection.Collection(st, max_active=3).ingest([art(f"u{i}", text(400 + i), None) for i in range(5)])
    with Store(db) as st:
        coll = collection.Collection(st, max_active=3)
        assert list(coll.index.days) == ["u2", "u3", "u4"]  # the newest three, in stored order
