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

import os
from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import fingerprint as fp

UNDATED = -1
BLOCK_COLUMNS = ["id", "day", "minhash", "n_shingles", "text_hash", "w_idx", "w_cnt", "e_idx", "e_cnt"]
MAX_BUCKET = 1000  # a band bucket bigger than this is boilerplate shared by many texts, not one copy family
CHUNK = 128  # rows scored at once against a block (bounds the dense similarity slice)


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


def _copy_pairs(sig: np.ndarray, has_sig: np.ndarray, home: np.ndarray) -> np.ndarray:
    """Sorted unique (i, j), i < j, sharing an LSH band bucket (2..MAX_BUCKET members), one of them home."""
    rows = np.flatnonzero(has_sig)
    codes = []
    n = len(home)
    for lo, hi in fp.HASHRANGES:
        keys = np.ascontiguousarray(sig[rows, lo:hi]).view(np.dtype((np.void, 4 * (hi - lo)))).ravel()
        _, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
        inv = inv.ravel()
        keep = (counts[inv] >= 2) & (counts[inv] <= MAX_BUCKET)
        if not keep.any():
            continue
        members, bucket = rows[keep], inv[keep]
        order = np.argsort(bucket, kind="stable")  # members of a bucket stay in row order
        members, bucket = members[order], bucket[order]
        starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
        for a, b in zip(starts, np.r_[starts[1:], len(bucket)], strict=True):
            m = members[a:b]
            x, y = np.triu_indices(len(m), 1)
            i, j = m[x], m[y]
            ok = home[i] | home[j]
            codes.append(i[ok].astype(np.int64) * n + j[ok])
    if not codes:
        return np.zeros((0, 2), np.int64)
    u = np.unique(np.concatenate(codes))
    return np.stack([u // n, u % n], axis=1)


def _as_table(rows) -> pa.Table:
    if isinstance(rows, pa.Table):
        return rows
    if isinstance(rows, pa.RecordBatch):
        return pa.Table.from_batches([rows])
    return pa.Table.from_pylist(list(rows))


def block_edges(rows, df_w: np.ndarray, df_e: np.ndarray, n_docs: int,
                window: int = fp.WINDOW_DAYS, stories_too: bool = True) -> list[tuple[str, str, str, str, float]]:
    """Edges (type, id_a, id_b, kind, score) among one block's rows (each with a `home` flag).

    rows: an Arrow table (or list of dicts) with BLOCK_COLUMNS + home; kept columnar (numpy), never
    expanded to Python objects, so a worker's memory is a few times the block's Arrow size.
    copy:  every candidate pair (LSH band bucket) at most `window` days apart that copies.classify accepts;
    story: each home row to its most similar earlier row within `window` days (stories.py's rule),
           when that similarity reaches STORY_THRESHOLD.  "Earlier" is the order (day, id).  The engines
           pass stories_too=False: their stories come from storypass.py (the stream Clusterer).
    """
    t = _as_table(rows)
    if t.num_rows == 0:
        return []
    ids0 = np.asarray(t.column("id").to_pylist(), dtype=object)
    day0 = t.column("day").to_numpy(zero_copy_only=False).astype(np.float64)
    order = np.lexsort((ids0, day0, day0 < 0))  # (undated last, day, id)
    t = t.take(pa.array(order))
    ids = ids0[order]
    days = day0[order]
    home = np.asarray(t.column("home").to_pylist(), dtype=bool)
    dated = days >= 0
    n_sh = t.column("n_shingles").to_numpy(zero_copy_only=False)
    mh = t.column("minhash").combine_chunks()
    sig = pc.list_flatten(mh).to_numpy(zero_copy_only=False).astype(np.uint32)
    lens = pc.list_value_length(mh).fill_null(0).to_numpy(zero_copy_only=False)
    has_sig = n_sh > 0
    if has_sig.any():
        sig_rows = np.zeros((len(ids), fp.NUM_PERM), np.uint32)
        sig_rows[lens == fp.NUM_PERM] = sig.reshape(-1, fp.NUM_PERM)
    hashes = t.column("text_hash").to_pylist()

    edges = []
    if has_sig.any():
        for i, j in _copy_pairs(sig_rows, has_sig, home).tolist():
            if not (dated[i] and dated[j]) or abs(days[i] - days[j]) <= window:
                link = fp.copy_link({"n_shingles": int(n_sh[i]), "minhash": sig_rows[i], "text_hash": hashes[i]},
                                    {"n_shingles": int(n_sh[j]), "minhash": sig_rows[j], "text_hash": hashes[j]})
                if link:
                    edges.append(("copy", ids[i], ids[j], link[0], link[1]))
    if not stories_too:
        return edges
    x = fp.story_matrix_arrow(t, df_w, df_e, n_docs)
    homes = np.flatnonzero(home)
    all_dated = bool(dated.all())
    for lo in range(0, len(homes), CHUNK):
        idx = homes[lo:lo + CHUNK]
        # candidates: earlier rows (index < i) within the window; rows are sorted by day, so a slice
        c0 = int(np.searchsorted(days, days[idx].min() - window - 1, "left")) if all_dated else 0
        c1 = int(idx.max())
        if c1 <= c0:
            continue
        s = (x[idx] @ x[c0:c1].T).toarray()
        cols = np.arange(c0, c1)
        ok = (cols[None, :] < idx[:, None]) & (s >= fp.STORY_THRESHOLD)
        both = dated[idx][:, None] & dated[None, c0:c1]
        ok &= ~both | (np.abs(days[idx][:, None] - days[None, c0:c1]) <= window)
        s = np.where(ok, s, -1.0)
        best = s.shape[1] - 1 - np.argmax(s[:, ::-1], axis=1)  # ties: the latest earlier row, as stories.py
        for r, i in enumerate(idx):
            j = best[r]
            if s[r, j] >= fp.STORY_THRESHOLD:
                edges.append(("story", ids[i], ids[c0 + j], "", round(float(s[r, j]), 4)))
    return edges


def spill(batches, spill_dir: str, tag: str, window: int = fp.WINDOW_DAYS, max_open: int = 64) -> set[int]:
    """Write rows (with_blocks applied) to spill_dir/b<block>/<tag>-<k>.parquet; return the blocks touched.

    One writer per block, each write a finished row group (nothing buffered), at most max_open files open;
    called once per articles file, so tasks never share a file and memory is one batch.
    """
    writers: dict[int, pq.ParquetWriter] = {}
    parts: dict[int, int] = defaultdict(int)
    touched: set[int] = set()
    for b in batches:
        t = with_blocks(b, window)
        block = t.column("block").to_numpy()
        for k in np.unique(block).tolist():
            sub = t.filter(pa.array(block == k))
            if k not in writers:
                if len(writers) >= max_open:
                    old = next(iter(writers))
                    writers.pop(old).close()
                d = os.path.join(spill_dir, f"b{k}")
                os.makedirs(d, exist_ok=True)
                writers[k] = pq.ParquetWriter(os.path.join(d, f"{tag}-{parts[k]}.parquet"), sub.schema)
                parts[k] += 1
                touched.add(k)
            writers[k].write(sub)
    for w in writers.values():
        w.close()
    return touched


def read_block(block_dir: str) -> pa.Table:
    """All spilled rows of one block (every file in its directory)."""
    files = sorted(f for f in os.listdir(block_dir) if f.endswith(".parquet"))
    return pa.concat_tables([pq.read_table(os.path.join(block_dir, f)) for f in files])


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
