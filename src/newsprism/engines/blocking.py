"""Copy detection and story clustering by blocking: time-window blocks -> pairs in a block -> union-find.

Every dated article lives in its home block `day // (WINDOW_DAYS + 1)` and is a guest in the next
block, so any two articles at most WINDOW_DAYS apart meet in exactly one block (home-home there, or
guest-home in the later block); guest-guest pairs are skipped because they meet in their home block.
Inside a block, copy candidates come from LSH band buckets of the MinHash signatures and are checked
with copies.classify; each home article is linked to its most similar earlier article (stories.py's
rule and weighting, with corpus-wide document frequencies).  A block yields edges; the union of all edges is merged with union-find,
and each component is labelled by its smallest article id, so the result does not depend on block order,
engine or number of workers.  See docs/scale.md.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa

from . import fingerprint as fp

UNDATED = -1
BLOCK_COLUMNS = ["id", "day", "minhash", "n_shingles", "text_hash", "w_idx", "w_cnt", "e_idx", "e_cnt"]
MAX_BUCKET = 1000  # a band bucket bigger than this is boilerplate shared by many texts, not one copy family
CHUNK = 256  # rows scored at once against a block (bounds the dense similarity slice)


def block_width(window: int = fp.WINDOW_DAYS) -> int:
    return window + 1


def with_blocks(batch, window: int):
    """Each row once in its home block and once more as a guest in the next block (undated: home only)."""
    day = batch.column("day").to_numpy(zero_copy_only=False)
    width = block_width(window)
    dated = np.flatnonzero(day >= 0)
    home_block = np.where(day >= 0, np.floor(day).astype(np.int64) // width, UNDATED)
    idx = np.concatenate([np.arange(len(day)), dated])
    block = np.concatenate([home_block, home_block[dated] + 1]).astype(np.int32)
    home = np.concatenate([np.ones(len(day), bool), np.zeros(len(dated), bool)])
    t = batch.take(pa.array(idx))
    cls = pa.Table if isinstance(batch, pa.Table) else pa.RecordBatch
    return cls.from_arrays(list(t.columns) + [pa.array(block), pa.array(home)],
                           names=list(t.schema.names) + ["block", "home"])


def _copy_pairs(rows: list[dict], home: list[bool]) -> set[tuple[int, int]]:
    buckets: dict[bytes, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["n_shingles"]:
            for key in fp.band_keys(r["minhash"]):
                buckets[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if home[i] or home[j]:
                    pairs.add((i, j))
    return pairs


def block_edges(rows: list[dict], df_w: np.ndarray, df_e: np.ndarray, n_docs: int,
                window: int = fp.WINDOW_DAYS) -> list[tuple[str, str, str, str, float]]:
    """Edges (type, id_a, id_b, kind, score) among one block's rows (each with a `home` flag).

    copy:  every candidate pair (LSH band bucket) at most `window` days apart that copies.classify accepts;
    story: each home row to its most similar earlier row within `window` days (stories.py's rule),
           when that similarity reaches STORY_THRESHOLD.  "Earlier" is the order (day, id).
    """
    rows = sorted(rows, key=lambda r: (r["day"] < 0, r["day"], r["id"]))
    home = [bool(r["home"]) for r in rows]
    days = np.array([r["day"] for r in rows], dtype=np.float64)
    dated = days >= 0

    def near(i: int, j: int) -> bool:
        return not (dated[i] and dated[j]) or abs(days[i] - days[j]) <= window

    edges = []
    for i, j in sorted(_copy_pairs(rows, home)):
        if near(i, j):
            link = fp.copy_link(rows[i], rows[j])
            if link:
                edges.append(("copy", rows[i]["id"], rows[j]["id"], link[0], link[1]))
    if not rows:
        return edges
    x = fp.story_matrix(rows, df_w, df_e, n_docs)
    xt = x.T.tocsr()
    homes = np.flatnonzero(home)
    cols = np.arange(len(rows))
    for lo in range(0, len(homes), CHUNK):
        idx = homes[lo:lo + CHUNK]
        s = (x[idx] @ xt).toarray()
        ok = (cols[None, :] < idx[:, None]) & (s >= fp.STORY_THRESHOLD)
        both = dated[idx][:, None] & dated[None, :]
        ok &= ~both | (np.abs(days[idx][:, None] - days[None, :]) <= window)
        s = np.where(ok, s, -1.0)
        best = s.shape[1] - 1 - np.argmax(s[:, ::-1], axis=1)  # ties: the latest earlier row, as stories.py
        for r, i in enumerate(idx):
            j = best[r]
            if s[r, j] >= fp.STORY_THRESHOLD:
                edges.append(("story", rows[i]["id"], rows[j]["id"], "", round(float(s[r, j]), 4)))
    return edges


class UnionFind:
    """Disjoint sets keyed by article id; a component's root is always its smallest id."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent
        if x not in p:
            return x
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while x != root:  # path compression
            p[x], x = root, p[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self.parent.setdefault(lo, lo)
        self.parent[hi] = lo


class Merge:
    """Union-find over all blocks' edges: copy groups from copy edges, stories from story edges."""

    def __init__(self) -> None:
        self.copies, self.stories = UnionFind(), UnionFind()
        self.n_edges = {"copy": 0, "story": 0}

    def add(self, edge_type: str, a: str, b: str) -> None:
        self.n_edges[edge_type] += 1
        (self.copies if edge_type == "copy" else self.stories).union(a, b)

    def labels(self, article_id: str) -> tuple[str, str]:
        """(story id, copy group id) of an article; copy group is "" when it has no copy."""
        c = self.copies.find(article_id)
        in_group = article_id in self.copies.parent
        return "s-" + self.stories.find(article_id), ("c-" + c) if in_group else ""
