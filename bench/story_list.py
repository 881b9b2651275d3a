"""Story list and outlet stats over a synthetic store: N stories of 1-8 articles from invented outlets.

Times one page of the story list (sorted, with coverage), a lean filter (cold: coverage of every story;
warm: memoised), the per-outlet stats, and as the baseline the list the web UI read before coverage
existed (`Store.stories(limit=200)`), all in one run on one store.

    python bench/story_list.py [--stories 2000] [--out eval/results/story_list_bench.json]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from newsprism import listing
from newsprism.model import Article, Outlet
from newsprism.store import Store

LEANS = ["left", "lean left", "centre", "lean right", "right"]


def build(path: str, n_stories: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    outlets = [Outlet(domain=f"outlet{i}.example", name=f"Outlet {i}", lean=LEANS[i % 5], country=f"C{i % 7}",
                      kind="wire" if i % 17 == 0 else "partisan") for i in range(120)]
    with Store(path) as st:
        st.import_outlets(outlets)
        n = 0
        for s in range(n_stories):
            arts = []
            for _ in range(rng.randint(1, 8)):
                n += 1
                o = rng.choice(outlets)
                day = "" if rng.random() < 0.05 else f"2031-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                arts.append(Article(id=f"a{n}", title=f"Story {s} item {n}", text=f"Invented text {s} {n}.",
                                    date=day, url=f"https://www.{o.domain}/n/{n}", source=f"a{n}", outlet=o.name))
            st.add_articles(arts)
            st.assign((a.id, f"s{s}") for a in arts)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t, 4)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    path = str(Path(tempfile.mkdtemp()) / "bench.db")
    _, t_build = timed(lambda: build(path, args.stories))
    res = {"stories": args.stories, "build_s": t_build}
    with Store(path) as st:
        res["articles"] = st.count()
        _, res["baseline_stories_limit200_s"] = timed(lambda: st.stories(limit=200))
        for sort in listing.SORTS:
            _, res[f"page1_{sort}_s"] = timed(lambda sort=sort: listing.list_stories(st, sort=sort, per_page=25))
        pg, res["lean_filter_cold_s"] = timed(lambda: listing.list_stories(st, lean="right", per_page=25))
        _, res["lean_filter_warm_s"] = timed(lambda: listing.list_stories(st, lean="right", per_page=25))
        res["lean_filter_matches"] = pg.total
        stats, res["outlet_stats_s"] = timed(lambda: listing.outlet_stats(st))
        res["outlets"] = len(stats)
    print(json.dumps(res, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
