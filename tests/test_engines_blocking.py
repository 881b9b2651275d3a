"""Blocking and merge: every near pair meets in one block, blocked = unblocked, engines = stage code."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from newsprism import copies, stories
from newsprism.engines import blocking, synth
from newsprism.engines import fingerprint as fp
from newsprism.model import Article
from newsprism.pipeline import prepare_one


def _articles(n: int, per_day: int, seed: int = 3) -> list[Article]:
    return [prepare_one(Article(id=r["id"], title=r["title"], text=r["text"], raw_text=r["text"],
                                outlet=r["outlet"], date=r["date"]))
            for r in synth.generate(n, seed=seed, per_day=per_day)]


def _partition(labels: dict[str, str]) -> set[frozenset]:
    groups: dict[str, set] = {}
    for k, v in labels.items():
        groups.setdefault(v, set()).add(k)
    return {frozenset(g) for g in groups.values()}


def _blocked_edges(rows: list[dict], window: int = fp.WINDOW_DAYS, one_block: bool = False):
    df_w, df_e = fp.document_frequencies([r["w_idx"] for r in rows], [r["e_idx"] for r in rows])
    if one_block:
        return blocking.block_edges([dict(r, home=True) for r in rows], df_w, df_e, len(rows), window)
    t = blocking.with_blocks(pa.Table.from_pylist(rows), window).to_pylist()
    edges = []
    for b in sorted({r["block"] for r in t}):
        edges += blocking.block_edges([r for r in t if r["block"] == b], df_w, df_e, len(rows), window)
    return edges


def _merge(rows, edges):
    m = blocking.Merge()
    for e in edges:
        m.add(e[0], e[1], e[2])
    return {r["id"]: m.labels(r["id"]) for r in rows}


def test_blocking_every_near_pair_meets_once():
    rng = random.Random(0)
    days = [rng.uniform(0, 60) for _ in range(300)]
    t = pa.table({"id": [str(i) for i in range(300)], "day": days})
    for window in (1, 3, 7):
        x = blocking.with_blocks(t, window).to_pylist()
        seen: dict[tuple, int] = {}
        by_block: dict[int, list] = {}
        for r in x:
            by_block.setdefault(r["block"], []).append(r)
        for rows in by_block.values():
            for i, a in enumerate(rows):
                for b in rows[i + 1:]:
                    if a["home"] or b["home"]:
                        key = tuple(sorted((a["id"], b["id"])))
                        seen[key] = seen.get(key, 0) + 1
        for i in range(300):
            for j in range(i + 1, 300):
                if abs(days[i] - days[j]) <= window:
                    assert seen.get(tuple(sorted((str(i), str(j))))) == 1, (window, days[i], days[j])


def test_union_find_labels_smallest_id_whatever_the_order():
    edges = [("b", "c"), ("d", "e"), ("c", "a"), ("e", "f")]
    for perm in (edges, edges[::-1], edges[1:] + edges[:1]):
        uf = blocking.UnionFind()
        for a, b in perm:
            uf.union(a, b)
        assert [uf.find(x) for x in "abcdefg"] == ["a", "a", "a", "d", "d", "d", "g"]


@pytest.fixture(scope="module")
def spread_rows():
    arts = _articles(240, per_day=12)  # ~20 days: several blocks of an 8-day width
    return arts, fp.fingerprints(arts)


def test_blocking_blocked_equals_one_block(spread_rows):
    arts, rows = spread_rows
    blocked = _merge(rows, _blocked_edges(rows))
    whole = _merge(rows, _blocked_edges(rows, one_block=True))
    assert len({s for s, _ in blocked.values()}) > 10
    assert _partition({k: v[0] for k, v in blocked.items()}) == _partition({k: v[0] for k, v in whole.items()})
    assert _partition({k: v[1] for k, v in blocked.items() if v[1]}) == \
        _partition({k: v[1] for k, v in whole.items() if v[1]})


def test_blocking_stories_equal_stories_clusterer(spread_rows):
    """Same partition as stories.Clusterer's single-link rule fed in (date, id) order with the corpus
    document frequencies (block story edges are that rule; the engines now use storypass.py instead)."""
    arts, rows = spread_rows
    ours = _merge(rows, _blocked_edges(rows))
    order = sorted(arts, key=lambda a: (fp.day_of(a.date), a.id))
    w, e = stories.raw_features(order)
    df_w, df_e = fp.document_frequencies([r["w_idx"] for r in rows], [r["e_idx"] for r in rows])
    c = stories.Clusterer(df_w=df_w - np.bincount(w.indices, minlength=fp.N_FEATURES).astype(np.int32),
                          df_e=df_e - np.bincount(e.indices, minlength=fp.N_FEATURES).astype(np.int32),
                          centroid=0.0, decay_days=0.0, outlet_penalty=1.0, threshold_dated=stories.THRESHOLD)
    theirs = dict(zip([a.id for a in order], c.add(order, features=(w, e)), strict=True))
    assert _partition({k: v[0] for k, v in ours.items()}) == _partition(theirs)


def test_blocking_copies_equal_copy_index():
    """Within one window, copy groups equal copies.py's signature-based index (the store's mode)."""
    arts = _articles(200, per_day=400)
    rows = fp.fingerprints(arts)
    ours = _merge(rows, _blocked_edges(rows))
    index = copies.CopyIndex(keep_sets=False)
    links = [(a.id, o, k, s) for a in arts for o, k, s in index.add(a.id, a.text)[3]]
    groups = copies.group_links([a.id for a in arts], links)
    assert groups, "the synthetic corpus has wire copies"
    assert {frozenset(g.article_ids) for g in groups} == _partition({k: v[1] for k, v in ours.items() if v[1]})
