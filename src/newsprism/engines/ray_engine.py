"""Ray engine: the same stage and block functions as the local engine, scheduled by Ray Data.

Phase 1 streams shards through `stages.shard_batches` (one shard per task, Arrow batches) into
Parquet; phase 2 is two more Ray Data maps: one task per articles file spills its rows by time-window
block into OUT/_blocks (`blocking.spill`, a shuffle through the shared filesystem) and counts document
frequencies, then one task per block runs `blocking.block_edges` and writes its edges to OUT/_edges;
the driver merges the edge files block by block (`assign.merge_blocks`, as the local engine).  No
task holds more than one articles file or one block, and the object store only carries small counts.
Connect to a cluster with address="auto"/"ray://host:10001" or RAY_ADDRESS; see docs/scale.md.
"""

from __future__ import annotations

import os
import shutil
import time

import numpy as np
import pyarrow as pa

from ..errors import ConfigError
from . import fingerprint as fp
from . import storypass
from .assign import edges_path, merge_blocks, write_edges
from .blocking import BLOCK_COLUMNS, block_edges, read_block, spill
from .output import article_files, articles_dir, scan_file, write_run
from .stages import shard_batches


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


def _counted(batches, acc: dict):
    """Pass batches through, adding their rows and document frequencies to acc."""
    for b in batches:
        a, c = fp.document_frequencies(b.column("w_idx").to_pylist(), b.column("e_idx").to_pylist())
        acc["w"] += a
        acc["e"] += c
        acc["n"] += b.num_rows
        yield b


def _spill_udf(batch: pa.Table, spill_dir: str, window: int) -> pa.Table:
    """One articles file per call: spill its good rows by block, count its document frequencies."""
    out = {k: [] for k in ("n", "w_idx", "w_cnt", "e_idx", "e_cnt", "blocks")}
    for path in batch.column("path").to_pylist():
        acc = {"n": 0, "w": np.zeros(fp.N_FEATURES, np.int32), "e": np.zeros(fp.N_FEATURES, np.int32)}
        tag = os.path.splitext(os.path.basename(path))[0]
        blocks = spill(_counted(scan_file(path, BLOCK_COLUMNS), acc), spill_dir, tag, window)
        n, df_w, df_e = acc["n"], acc["w"], acc["e"]
        wi, ei = np.flatnonzero(df_w), np.flatnonzero(df_e)
        for k, v in (("n", n), ("w_idx", wi.tolist()), ("w_cnt", df_w[wi].tolist()), ("e_idx", ei.tolist()),
                     ("e_cnt", df_e[ei].tolist()), ("blocks", sorted(blocks))):
            out[k].append(v)
    return pa.table(out)


def _edges_udf(batch: pa.Table, df_w, df_e, n_docs: int, window: int) -> pa.Table:
    """One block directory per call: its edges written to its edge file; returns how many."""
    if not isinstance(df_w, np.ndarray):  # object refs, shared zero-copy by the tasks of one node
        df_w, df_e = _ray().get([df_w, df_e])
    n = [write_edges(block_edges(read_block(d), df_w, df_e, n_docs, window, stories_too=False), p)
         for d, p in zip(batch.column("dir").to_pylist(), batch.column("edges").to_pylist(), strict=True)]
    return pa.table({"n": n})


def run(shards: list[str], out: str, address: str | None = None, num_cpus: int | None = None,
        batch_size: int = 1000, window: int = fp.WINDOW_DAYS, keep_text: bool = True, **options) -> dict:
    """Per-article stages as a Ray Data pipeline over shards, then blocked copies + stories."""
    ray = connect(address, num_cpus)
    t0 = time.perf_counter()
    shutil.rmtree(articles_dir(out), ignore_errors=True)
    ds = ray.data.from_items([{"shard": s} for s in shards], override_num_blocks=max(1, len(shards)))
    ds = ds.map_batches(_shards_udf, batch_size=1, batch_format="pyarrow",
                        fn_kwargs={"batch_size": batch_size, "options": {**options, "keep_text": True}})
    ds.write_parquet(articles_dir(out))
    t1 = time.perf_counter()

    spill_dir, edges_dir = os.path.join(out, "_blocks"), os.path.join(out, "_edges")
    for d in (spill_dir, edges_dir):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(edges_dir)
    files = article_files(out)
    df_w = np.zeros(fp.N_FEATURES, np.int32)
    df_e = np.zeros(fp.N_FEATURES, np.int32)
    n_docs, blocks = 0, set()
    spilled = ray.data.from_items([{"path": f} for f in files], override_num_blocks=max(1, len(files)))
    spilled = spilled.map_batches(_spill_udf, batch_size=1, batch_format="pyarrow",
                                  fn_kwargs={"spill_dir": spill_dir, "window": window})
    for part in spilled.iter_rows():
        n_docs += int(part["n"])
        np.add.at(df_w, np.asarray(part["w_idx"], np.int64), np.asarray(part["w_cnt"], np.int32))
        np.add.at(df_e, np.asarray(part["e_idx"], np.int64), np.asarray(part["e_cnt"], np.int32))
        blocks.update(int(k) for k in part["blocks"])
    if blocks:
        items = [{"dir": os.path.join(spill_dir, f"b{k}"), "edges": edges_path(edges_dir, k)} for k in sorted(blocks)]
        edges = ray.data.from_items(items, override_num_blocks=len(items))
        edges = edges.map_batches(_edges_udf, batch_size=1, batch_format="pyarrow",
                                  fn_kwargs={"df_w": ray.put(df_w), "df_e": ray.put(df_e), "n_docs": n_docs,
                                             "window": window})
        for _ in edges.iter_batches(batch_format="pyarrow"):
            pass
    t2 = time.perf_counter()
    counts = merge_blocks(out, spill_dir, edges_dir, blocks)
    for d in (spill_dir, edges_dir):
        shutil.rmtree(d, ignore_errors=True)
    t3 = time.perf_counter()
    counts = storypass.finish(out, shards, keep_text, counts)
    t4 = time.perf_counter()
    res = ray.cluster_resources()
    return write_run(out, {"engine": "ray", "cluster_cpus": res.get("CPU"), "shards": len(shards), **counts,
                           "window_days": window,
                           "timings_s": {"articles": round(t1 - t0, 2), "blocking": round(t2 - t1, 2),
                                         "assign": round(t3 - t2, 2), "stories": round(t4 - t3, 2),
                                         "total": round(t4 - t0, 2)}})
