"""Ray engine: the same stage and block functions as the local engine, scheduled by Ray Data.

Phase 1 streams shards through `stages.shard_batches` (one shard per task, Arrow batches) into
Parquet; phase 2 reads the fingerprint columns back, sums document frequencies, expands rows into
time-window blocks (`blocking.with_blocks`), groups by block (a Ray shuffle) and runs
`blocking.block_edges` per group; the driver merges the edges with union-find (`blocking.Merge`).
Connect to a cluster with address="auto"/"ray://host:10001" or RAY_ADDRESS; see docs/scale.md.
"""

from __future__ import annotations

import os
import shutil
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ConfigError
from . import fingerprint as fp
from .blocking import BLOCK_COLUMNS, Merge, block_edges, with_blocks
from .output import articles_dir, write_assignments, write_run
from .stages import shard_batches

EDGE_SCHEMA = pa.schema([("type", pa.string()), ("a", pa.string()), ("b", pa.string()),
                         ("kind", pa.string()), ("score", pa.float64())])


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError("the ray engine needs Ray: pip install 'newsprism[ray]' (ray[data], pyarrow)") from None
    return ray


def connect(address: str | None = None, num_cpus: int | None = None):
    """Start or join Ray: `address` (or RAY_ADDRESS) joins a cluster; otherwise a local Ray is started."""
    ray = _ray()
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS") or None
        kw = {} if address else {"num_cpus": num_cpus, "include_dashboard": False}
        ray.init(address=address, log_to_driver=False, logging_level="ERROR", **kw)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    return ray


def _shards_udf(batch: pa.Table, batch_size: int, options: dict):
    for shard in batch.column("shard").to_pylist():
        for rb in shard_batches(shard, batch_size=batch_size, **options):
            yield pa.Table.from_batches([rb])


def _good(t: pa.Table) -> pa.Table:
    return t.filter(pc.equal(t["problem"], "")).drop_columns(["problem"])


def _df_udf(t: pa.Table) -> dict:
    a, b = fp.document_frequencies(t.column("w_idx").to_pylist(), t.column("e_idx").to_pylist())
    wi, ei = np.flatnonzero(a), np.flatnonzero(b)
    return {"n": np.array([t.num_rows]), "w_idx": [wi], "w_cnt": [a[wi]], "e_idx": [ei], "e_cnt": [b[ei]]}


def _edges_udf(group: pa.Table, df_w, df_e, n_docs: int, window: int) -> pa.Table:
    if not isinstance(df_w, np.ndarray):  # object refs, shared zero-copy by the tasks of one node
        df_w, df_e = _ray().get([df_w, df_e])
    edges = block_edges(group.to_pylist(), df_w, df_e, n_docs, window)
    return pa.Table.from_pylist([dict(zip(EDGE_SCHEMA.names, e, strict=True)) for e in edges], schema=EDGE_SCHEMA)


def run(shards: list[str], out: str, address: str | None = None, num_cpus: int | None = None,
        batch_size: int = 1000, window: int = fp.WINDOW_DAYS, **options) -> dict:
    """Per-article stages as a Ray Data pipeline over shards, then blocked copies + stories."""
    ray = connect(address, num_cpus)
    t0 = time.perf_counter()
    shutil.rmtree(articles_dir(out), ignore_errors=True)
    ds = ray.data.from_items([{"shard": s} for s in shards], override_num_blocks=max(1, len(shards)))
    ds = ds.map_batches(_shards_udf, batch_size=1, batch_format="pyarrow",
                        fn_kwargs={"batch_size": batch_size, "options": options})
    ds.write_parquet(articles_dir(out))
    t1 = time.perf_counter()

    arts = ray.data.read_parquet(articles_dir(out)).select_columns(BLOCK_COLUMNS + ["problem"])
    arts = arts.map_batches(_good, batch_format="pyarrow")
    df_w = np.zeros(fp.N_FEATURES, np.int32)
    df_e = np.zeros(fp.N_FEATURES, np.int32)
    n_docs = 0
    for part in arts.map_batches(_df_udf, batch_format="pyarrow", batch_size=4096).iter_rows():
        n_docs += int(part["n"])
        np.add.at(df_w, np.asarray(part["w_idx"], np.int64), np.asarray(part["w_cnt"], np.int32))
        np.add.at(df_e, np.asarray(part["e_idx"], np.int64), np.asarray(part["e_cnt"], np.int32))
    merge = Merge()
    if n_docs:
        blocks = arts.map_batches(with_blocks, batch_format="pyarrow", fn_kwargs={"window": window})
        parts = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
        edges = blocks.groupby("block", num_partitions=parts).map_groups(
            _edges_udf, batch_format="pyarrow",
            fn_kwargs={"df_w": ray.put(df_w), "df_e": ray.put(df_e), "n_docs": n_docs, "window": window})
        for batch in edges.iter_batches(batch_format="pyarrow"):
            for t, a, b in zip(batch.column("type").to_pylist(), batch.column("a").to_pylist(),
                               batch.column("b").to_pylist(), strict=True):
                merge.add(t, a, b)
    t2 = time.perf_counter()
    counts = write_assignments(out, merge)
    t3 = time.perf_counter()
    res = ray.cluster_resources()
    return write_run(out, {"engine": "ray", "cluster_cpus": res.get("CPU"), "shards": len(shards), **counts,
                           "window_days": window,
                           "timings_s": {"articles": round(t1 - t0, 2), "blocking": round(t2 - t1, 2),
                                         "assign": round(t3 - t2, 2), "total": round(t3 - t0, 2)}})
