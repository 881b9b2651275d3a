"""Does `newsprism add --batch` change the stories? The Multi-News sample (documents shuffled, one article
each) is ingested through Collection.ingest into in-memory stores with several batch sizes; reports
stories, BCubed F1 against the gold clusters, and BCubed F1 against the first batch size's stories.

    python bench/batch_stories.py [--batches 50 200 5000] [--limit 0] [--csv PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from clustering import SHARED, bcubed, load  # noqa: E402

from newsprism.collection import Collection  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", type=Path, default=SHARED / "eval/multinews/sample_test.csv")
    ap.add_argument("--batches", type=int, nargs="+", default=[50, 200, 5000])
    ap.add_argument("--limit", type=int, default=0, help="first N documents only")
    a = ap.parse_args()
    docs = load(a.csv)
    random.Random(7).shuffle(docs)
    if a.limit:
        docs = docs[:a.limit]
    gold = [ci for ci, _ in docs]
    runs = {}
    for b in a.batches:
        arts = [Article(id=f"d{i}", title="", outlet=f"o{i % 7}", text=t, raw_text=t, source=f"mn://{i}")
                for i, (_, t) in enumerate(docs)]
        t0 = time.perf_counter()
        with Store(":memory:") as st:
            Collection(st).ingest(arts, batch_size=b)
            got = dict(st.db.execute("SELECT id, story_id FROM articles").fetchall())
        pred = [got[f"d{i}"] for i in range(len(docs))]
        runs[b] = pred
        ref = runs[a.batches[0]]
        row = {"batch": b, "articles": len(pred), "stories": len(set(pred)), "bcubed_gold": bcubed(pred, gold)["f1"],
               f"bcubed_vs_batch_{a.batches[0]}": bcubed(pred, ref)["f1"],
               "identical_to_first": pred == ref or len({(p, r) for p, r in zip(pred, ref, strict=True)})
               == len(set(ref)) == len(set(pred)),
               "seconds": round(time.perf_counter() - t0, 1)}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
