"""Ingest + clustering benchmark: N articles (Multi-News documents repeated with variation) into a new store.

Articles are generated lazily and ingested in batches (clean, segment, store, copy index, stories), so
memory is bounded by the batch, the clusterer's window and the copy index's window.  Reports articles/s,
and every --every articles the current and peak RSS, the clusterer's window and the copy index's size.

    python bench/ingest.py [-n 10000] [--batch 200] [--out eval/results/ingest_bench.json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from clustering import SHARED, load  # noqa: E402

from newsprism.collection import Collection, iter_batches  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.store import Store  # noqa: E402


def variants(docs: list[tuple[int, str]], n: int, days: int = 60, seed: int = 5):
    """n Articles: round k of the corpus drops/reorders paragraphs and is dated k*days/rounds later."""
    rng = random.Random(seed)
    rounds = max(1, -(-n // len(docs)))
    start = date(2031, 1, 1)
    for i in range(n):
        k, j = divmod(i, len(docs))
        ci, text = docs[j]
        paras = [p for p in text.split("\n") if p.strip()]
        if k and len(paras) > 2:
            paras = [p for p in paras if rng.random() > 0.2] or paras[:1]
            if rng.random() < 0.3:
                paras = paras[1:] + paras[:1]
        body = "\n\n".join(paras)
        title = " ".join(body.split()[:10])
        day = start + timedelta(days=int(k * days / rounds + rng.random() * 2))
        yield Article(id=f"b{i}", title=title, text=body, raw_text=body, outlet=f"outlet{i % 37}",
                      date=day.isoformat(), source=f"bench://{i}")


def rss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_now_mb() -> float:
    """Current resident set size (MB; Linux /proc, else the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return rss_mb()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--every", type=int, default=1000, help="print progress every N articles")
    ap.add_argument("--db", default=None, help="store file (default: a temporary one)")
    ap.add_argument("--out", type=Path, default=ROOT / "eval/results/ingest_bench.json")
    args = ap.parse_args()
    docs = load(SHARED / "eval/multinews/sample_test.csv")
    rss0 = rss_mb()
    added = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        with Store(db) as st:
            coll = Collection(st)
            done, t0, marks = 0, time.perf_counter(), []
            for chunk in iter_batches(variants(docs, args.n), args.every):
                added += coll.ingest(chunk, batch_size=args.batch).added  # same batches as one call
                done += len(chunk)
                el = time.perf_counter() - t0
                mark = {"articles": done, "seconds": round(el, 1), "rss_mb": round(rss_now_mb(), 1),
                        "peak_rss_mb": round(rss_mb(), 1), "active_window": coll.clusterer.active,
                        "copy_index": len(coll.index)}
                marks.append(mark)
                print(f"{done:6d} articles  {el:7.1f} s  {done / el:6.1f}/s  RSS {mark['rss_mb']:.0f} MB"
                      f" (peak {mark['peak_rss_mb']:.0f})  window {mark['active_window']}"
                      f"  copy index {mark['copy_index']}", flush=True)
            el = time.perf_counter() - t0
            n_stories = st.db.execute("SELECT COUNT(*) FROM stories WHERE size > 0").fetchone()[0]
            n_links = st.db.execute("SELECT COUNT(*) FROM copy_links").fetchone()[0]
    res = {"articles": args.n, "added": added, "batch": args.batch, "seconds": round(el, 1),
           "articles_per_s": round(added / el, 1), "peak_rss_mb": round(rss_mb(), 1),
           "rss_before_mb": round(rss0, 1), "stories": n_stories, "copy_links": n_links, "progress": marks}
    print(json.dumps({k: v for k, v in res.items() if k != "progress"}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))

if __name__ == "__main__":
    main()
