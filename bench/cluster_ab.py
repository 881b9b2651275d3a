"""A/B clustering time (library Clusterer, batches of 200): current defaults vs clustering_dated.BEFORE.

Reads the prepared sets pickled by `eval/clustering_dated.py --cache PATH`; 3 interleaved runs each.

    python bench/cluster_ab.py PATH
"""

import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
import clustering_dated as cd  # noqa: E402

arts = pickle.loads(Path(sys.argv[1]).read_bytes())
for name in ("basil", "multinews", "mix", "mix_dense"):
    a = arts[name]
    t: dict[str, list[float]] = {"now": [], "before": []}
    for _ in range(3):
        for label, p in (("now", {}), ("before", cd.BEFORE)):
            t0 = time.perf_counter()
            cd.run_library(a, **p)
            t[label].append((time.perf_counter() - t0) / len(a) * 1000)
    print(f"{name:10s} n={len(a)}  s/1k now {min(t['now']):.2f} (runs {', '.join(f'{x:.2f}' for x in t['now'])})"
          f"  before {min(t['before']):.2f} (runs {', '.join(f'{x:.2f}' for x in t['before'])})", flush=True)
