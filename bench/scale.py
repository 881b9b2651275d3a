"""Scale benchmark: synthetic corpora of N articles through the local and the Ray engine.

    nice python bench/scale.py --n 10000 100000 --engines local ray --work /tmp/np-scale

For each N a corpus with story structure (stories, outlets, wire copies with small edits, dates) is
generated from invented vocabulary (newsprism.engines.synth) as JSONL shards of 5,000 articles.  Each
(N, engine) run is a fresh child process; the parent samples every 0.5 s the proportional set size
(PSS, so Ray's shared object store is not counted once per process) of the child's whole process tree
and reports its peak, with articles/s over the whole run and per phase.  Results append to results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(pid))
    return kids


def tree_pss_mb(root: int) -> float:
    """Summed PSS (MB) of a process and all its descendants."""
    kids, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


CHILD = """
import json, sys
from newsprism import engines
kw = json.loads(sys.argv[1])
if kw["engine"] == "ray":
    import ray
    ray.init(num_cpus=kw.pop("cpus"), include_dashboard=False, log_to_driver=False, logging_level="ERROR",
             object_store_memory=kw.pop("object_store_mb") << 20)
else:
    kw["workers"] = kw.pop("cpus")
    kw.pop("object_store_mb")
import time
print("START", time.time(), flush=True)
info = engines.run([kw.pop("inputs")], kw.pop("out"), engine=kw.pop("engine"), **kw)
print(json.dumps(info))
"""


def run_one(n: int, engine: str, corpus: str, out: str, cpus: int, object_store_mb: int = 1024) -> dict:
    arg = json.dumps({"engine": engine, "inputs": corpus, "out": out, "cpus": cpus, "keep_text": False,
                      "object_store_mb": object_store_mb})
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", CHILD, arg], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True)
    samples = []  # (unix time, tree PSS MB)
    while p.poll() is None:
        samples.append((time.time(), tree_pss_mb(p.pid)))
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    peak = max((m for _, m in samples), default=0.0)
    out_lines = p.stdout.read().splitlines()
    lines = [ln for ln in out_lines if ln.startswith("{")]
    start = [float(ln.split()[1]) for ln in out_lines if ln.startswith("START ")]
    if p.returncode or not lines:
        return {"n": n, "engine": engine, "error": f"exit {p.returncode}"}
    info = json.loads(lines[-1])
    t = info["timings_s"]
    phase_peak = {}
    if start:  # attribute samples to phases by the run's own timings
        edge = start[0]
        for name in ("articles", "blocking", "assign"):
            inside = [m for ts, m in samples if edge <= ts < edge + t[name] + 0.5]
            phase_peak[name] = round(max(inside, default=0.0))
            edge += t[name]
    return {"n": n, "engine": engine, "articles": info["articles"], "wall_s": round(wall, 1),
            "articles_per_s": round(info["articles"] / wall, 1),
            "phase1_articles_per_s": round(info["articles"] / max(t["articles"], 1e-9), 1),
            "blocking_articles_per_s": round(info["articles"] / max(t["blocking"], 1e-9), 1),
            "peak_pss_mb": round(peak), "phase_peak_pss_mb": phase_peak, "stories": info["stories"], "copy_groups": info["copy_groups"],
            "merge_peak_open_articles": info.get("merge_peak_open_articles"),
            "timings_s": t}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--engines", nargs="+", default=["local", "ray"], choices=["local", "ray"])
    ap.add_argument("--work", default="/tmp/newsprism-scale")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--object-store-mb", type=int, default=1024, help="Ray object store cap (spills beyond it)")
    args = ap.parse_args()
    from newsprism.engines import synth
    os.makedirs(args.work, exist_ok=True)
    for n in args.n:
        corpus = os.path.join(args.work, f"corpus-{n}")
        if not os.path.isdir(corpus):
            synth.write_corpus(corpus, n, shard_size=5000, seed=n)
        for engine in args.engines:
            res = run_one(n, engine, corpus, os.path.join(args.work, f"out-{n}-{engine}"), args.cpus,
                         args.object_store_mb)
            print(json.dumps(res), flush=True)
            with open(os.path.join(args.work, "results.jsonl"), "a") as fh:
                fh.write(json.dumps(res) + "\n")
    print("\n| N | engine | articles/s (whole run) | phase 1 art/s | blocking art/s | peak PSS MB "
          "| peak PSS MB in phase 1 / blocking / assign | open articles in merge (peak) |")
    print("|---|---|---|---|---|---|---|---|")
    with open(os.path.join(args.work, "results.jsonl")) as fh:
        for line in fh:
            r = json.loads(line)
            if "error" in r:
                print(f"| {r['n']} | {r['engine']} | {r['error']} | | | | | |")
            else:
                print(f"| {r['n']} | {r['engine']} | {r['articles_per_s']} | {r['phase1_articles_per_s']} | "
                      f"{r['blocking_articles_per_s']} | {r['peak_pss_mb']} | "
                      f"{' / '.join(str(v) for v in r.get('phase_peak_pss_mb', {}).values())} | "
                      f"{r.get('merge_peak_open_articles', '')} |")


if __name__ == "__main__":
    main()
