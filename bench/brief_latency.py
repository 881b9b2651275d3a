"""Brief latency and memory on real articles: 2, 10 and 40 articles, each size in a fresh process.

For each size the parent writes the articles to a JSONL file and runs two child processes:
  floor: import + read + clean + segment (what any brief must pay)
  brief: import + read + clean + segment + all whole-story stages (model loading included)
and reports wall time of the child (from process start), its peak RSS (ru_maxrss), and the
brief's per-stage times (Brief.stats["timings_s"]).

Articles come from Multi-News (../shared/eval/multinews/sample_test.csv, documents of consecutive rows,
>= 100 words each) or BASIL (../shared/eval/basil/articles.jsonl, in file order).

usage: python bench/brief_latency.py [--sizes 2,10,40] [--source multinews|basil] [--backend auto]
                                      [--json out.json] [--src DIR ...]
--src: source trees (a `src` folder) to compare in one run, e.g. a checkout of the previous commit
(default: this checkout's src); children alternate between them at each size.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def load_articles(source: str, n: int) -> list[dict]:
    """The first `n` articles of a shared corpus as plain records (text, title, outlet, id)."""
    out: list[dict] = []
    if source == "basil":
        with open(SHARED / "basil" / "articles.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                out.append({"id": r["id"], "title": r["title"], "outlet": r["outlet"], "date": r["date"],
                            "text": r["text"]})
                if len(out) == n:
                    break
        return out
    csv.field_size_limit(1 << 30)
    with open(SHARED / "multinews" / "sample_test.csv", encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f)):
            for k, doc in enumerate(ast.literal_eval(row["documents"])):
                if len(doc.split()) < 100:
                    continue
                out.append({"id": f"mn{row_no}-{k}", "outlet": f"source{len(out) % 7}", "text": doc,
                            "title": ""})
                if len(out) == n:
                    return out
    return out


def child(path: str, mode: str, backend: str) -> None:
    """Run in a fresh process: time the work, print one JSON line."""
    t0 = time.perf_counter()
    from newsprism import pipeline

    t_import = time.perf_counter() - t0
    t = time.perf_counter()
    arts = pipeline.prepare([path])
    t_prepare = time.perf_counter() - t
    res = {"import_s": round(t_import, 3), "prepare_s": round(t_prepare, 3), "articles": len(arts),
           "words": sum(len(a.text.split()) for a in arts)}
    if mode == "brief":
        t = time.perf_counter()
        b = pipeline.build_brief(arts, backend=backend)
        res["build_s"] = round(time.perf_counter() - t, 3)
        res["timings_s"] = b.stats["timings_s"]
        res["backend"] = b.stats["similarity_backend"]
        res["facts"] = len(b.facts)
        res["quotes"] = len(b.quotes)
    res["inner_s"] = round(time.perf_counter() - t0, 3)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    res["peak_rss_mb"] = round(ru.ru_maxrss / 1024, 1)  # Linux: KiB
    res["cpu_s"] = round(ru.ru_utime + ru.ru_stime, 2)  # less sensitive than wall time to other jobs' load
    print(json.dumps(res))


def run_child(path: str, mode: str, backend: str, src: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "") if env.get("PYTHONPATH") else src
    t = time.perf_counter()
    p = subprocess.run([sys.executable, __file__, "--child", path, "--mode", mode, "--backend", backend],
                       capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"child {mode} {path} failed:\n{p.stderr[-3000:]}")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["wall_s"] = round(wall, 3)
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2,10,40")
    ap.add_argument("--source", default="multinews", choices=["multinews", "basil"])
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--json")
    ap.add_argument("--src", action="append", default=[])
    ap.add_argument("--child")
    ap.add_argument("--mode", default="brief")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.mode, args.backend)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    srcs = [str(Path(s).resolve()) for s in args.src] or [str(Path(__file__).resolve().parents[1] / "src")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(sizes):
            recs = load_articles(args.source, n)
            path = os.path.join(tmp, f"{args.source}_{n}.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for r in recs:
                    f.write(json.dumps(r) + "\n")
            for src in srcs:
                floor = run_child(path, "floor", args.backend, src)
                brief = run_child(path, "brief", args.backend, src)
                rows.append({"n": n, "src": src, "floor": floor, "brief": brief})
                ratio = brief["wall_s"] / floor["wall_s"]
                if len(srcs) > 1:
                    print(f"[{src}]")
                print(f"{n:>3} articles {brief['words']:>6} words | brief wall {brief['wall_s']:6.2f}s "
                      f"(import {brief['import_s']:.2f}, prepare {brief['prepare_s']:.2f}, build {brief['build_s']:.2f}) "
                      f"cpu {brief['cpu_s']:.1f}s peak RSS {brief['peak_rss_mb']} MB | read+clean+segment wall "
                      f"{floor['wall_s']:.2f}s (prepare {floor['prepare_s']:.2f}, cpu {floor['cpu_s']:.1f}s) | "
                      f"ratio {ratio:.1f}x | backend {brief['backend']}", flush=True)
                print(f"    stages: {brief['timings_s']}", flush=True)
                print(f"    load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"source": args.source, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
