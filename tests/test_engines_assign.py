"""Block-by-block merge (assign.merge_blocks) = the whole-corpus union-find, with bounded open state."""

from __future__ import annotations

import random

import pyarrow as pa

from newsprism.engines import assign, blocking
from newsprism.engines.output import read_assignments


def _random_run(tmp_path, seed: int, n: int = 400, days: float = 80.0, window: int = 3, p_undated: float = 0.1,
                density: float = 1.0):
    """Spill n random rows by block and write random edges inside each block (a home row in each pair)."""
    rng = random.Random(seed)
    day = [-1.0 if rng.random() < p_undated else rng.uniform(0, days) for _ in range(n)]
    ids = [f"a{rng.randrange(10**6):06d}-{i}" for i in range(n)]
    spill_dir, edges_dir = tmp_path / "_blocks", tmp_path / "_edges"
    edges_dir.mkdir()
    blocks = blocking.spill([pa.record_batch({"id": ids, "day": day})], str(spill_dir), "t", window)
    t = blocking.with_blocks(pa.table({"id": ids, "day": day}), window).to_pylist()
    all_edges = []
    for k in sorted(blocks):
        rows = [r for r in t if r["block"] == k]
        edges = []
        for _ in range(rng.randrange(0, max(1, int(density * len(rows))))):
            a, b = rng.sample(rows, 2) if len(rows) > 1 else (rows[0], rows[0])
            if a["id"] != b["id"] and (a["home"] or b["home"]):
                edges.append((rng.choice(["story", "story", "copy"]), a["id"], b["id"], "", 1.0))
        assign.write_edges(edges, assign.edges_path(str(edges_dir), k))
        all_edges += edges
    return ids, blocks, all_edges, str(spill_dir), str(edges_dir)


def test_merge_blocks_equals_whole_corpus_union_find(tmp_path):
    for seed in range(6):
        d = tmp_path / f"s{seed}"
        d.mkdir()
        ids, blocks, edges, spill_dir, edges_dir = _random_run(d, seed)
        counts = assign.merge_blocks(str(d), spill_dir, edges_dir, blocks)
        ref = blocking.Merge()
        for typ, a, b, _k, _s in edges:
            ref.add(typ, a, b)
        got = read_assignments(str(d))
        assert sorted(got) == sorted(ids)  # every article exactly once
        assert got == {i: ref.labels(i) for i in ids}
        assert counts["articles"] == len(ids)
        assert counts["stories"] == len({s for s, _ in got.values()})
        assert counts["copy_groups"] == len({c for _, c in got.values() if c})
        assert counts["edges"] == {t: sum(1 for e in edges if e[0] == t) for t in ("copy", "story")}


def test_merge_blocks_forgets_closed_components(tmp_path):
    """Open state stays near a few blocks' worth of linked rows, not the corpus."""
    ids, blocks, edges, spill_dir, edges_dir = _random_run(tmp_path, 7, n=3000, days=300.0, window=3,
                                                           p_undated=0.0, density=0.3)
    counts = assign.merge_blocks(str(tmp_path), spill_dir, edges_dir, blocks)
    assert counts["articles"] == 3000
    assert 0 < counts["merge_peak_open_articles"] < 3000 / 5
