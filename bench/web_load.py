"""Bounded loopback load test of the web UI: requests/s, latency percentiles and errors.

The server (`newsprism serve`, one uvicorn process) runs in a subprocess on 127.0.0.1; the load comes
from concurrent httpx clients in this process (or from wrk when it is installed and --wrk is given).
The first request of the story builds its brief and is left out of the figures (warm-up).

    python bench/web_load.py                          # seed story from ../shared/seeds, 8 clients, 10 s
    python bench/web_load.py --db newsprism.db --story s1 --concurrency 16 --seconds 20
    python bench/web_load.py --baseline               # also with the rendered-page cache off, same run
    python bench/web_load.py --mix --seconds 20       # issue 15: list, search, the largest story page

--mix makes (or takes with --db) a store, builds the brief of its largest story (a story of 230 copies of
one text in the made store), then loads the list (`/`), a search (`/?q=...`) and that story's page, one
after the other, each with --concurrency clients for --seconds; meanwhile one more client asks, once a
second, for the page of a story whose brief is not built yet (each such request starts a build) and
records how long that answer took ("no request blocked on a brief being built"). --src runs the server
on another checkout's sources (e.g. a baseline from `git worktree add /tmp/base REV --detach`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, page_cache: bool = True, src: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, NEWSPRISM_WEB_PAGE_CACHE="1" if page_cache else "0")
    if src:
        env["PYTHONPATH"] = src
    proc = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not start within 90 s")


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))] if xs else float("nan")


async def load(url: str, concurrency: int, seconds: float, max_requests: int) -> dict:
    """`concurrency` clients request `url` back to back until the time or request budget is spent."""
    lat: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def worker():
            nonlocal errors, sent
            while time.perf_counter() < stop_at and sent < max_requests:
                sent += 1
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200 and len(r.content) > 0
                except httpx.HTTPError:
                    ok = False
                if ok:
                    lat.append(time.perf_counter() - t)
                else:
                    errors += 1
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return {"requests": len(lat), "errors": errors, "seconds": round(wall, 2),
            "requests_per_s": round(len(lat) / wall, 1) if wall else 0.0,
            "p50_ms": round(1000 * percentile(lat, 50), 1), "p95_ms": round(1000 * percentile(lat, 95), 1),
            "p99_ms": round(1000 * percentile(lat, 99), 1), "max_ms": round(1000 * max(lat), 1) if lat else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing store (default: a temporary one holding the seed articles)")
    ap.add_argument("--story", help="story id to load (default: the newest)")
    ap.add_argument("--path", default="", help="page to load instead of the story page, e.g. / or /api/stories")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--max-requests", type=int, default=20000)
    ap.add_argument("--wrk", action="store_true", help="use wrk instead of httpx clients when it is installed")
    ap.add_argument("--baseline", action="store_true",
                    help="also run with the rendered-page cache off (same store, same run) for comparison")
    ap.add_argument("--mix", action="store_true", help="list, search and the largest story page (see above)")
    ap.add_argument("--query", default="bridge", help="--mix: the search words")
    ap.add_argument("--src", action="append", default=[],
                    help="--mix: run the server on these sources (repeatable; default: this checkout's)")
    args = ap.parse_args()
    if args.mix:
        return mix(args)
    if args.concurrency < 1 or args.concurrency > 256 or args.seconds > 120:
        raise SystemExit("bounded test: 1..256 clients for at most 120 s")

    tmp = None
    db = args.db
    if db is None:
        if not (SHARED / "seeds").is_dir():
            raise SystemExit(f"no --db and no seeds at {SHARED}/seeds")
        from newsprism.web.server import ingest
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "bench.db")
        added, _, _ = ingest(db, [str(SHARED / "seeds")])
        print(f"ingested {added} seed articles into a temporary store", file=sys.stderr)
    try:
        modes = [True, False] if args.baseline else [True]
        for page_cache in modes:
            result = run_one(db, args, page_cache)
            print(json.dumps(result))
    finally:
        if tmp:
            tmp.cleanup()


def run_one(db: str, args: argparse.Namespace, page_cache: bool) -> dict:
    """Start a server on `db`, warm the page up, load it; the figures as a dict."""
    port = free_port()
    server = start_server(db, port, page_cache)
    try:
        base = f"http://127.0.0.1:{port}"
        story = args.story or httpx.get(f"{base}/api/stories?limit=1", timeout=30).json()["stories"][0]["id"]
        url = base + (args.path or f"/stories/{story}")
        t = time.perf_counter()
        first = httpx.get(url, timeout=600)
        warm = time.perf_counter() - t
        first.raise_for_status()
        print(f"warm-up (builds the brief if not cached): {warm:.2f} s, page {len(first.content)} bytes",
              file=sys.stderr)
        if args.wrk and shutil.which("wrk"):
            out = subprocess.run(["wrk", "-t2", f"-c{args.concurrency}", f"-d{int(args.seconds)}s", "--latency", url],
                                 capture_output=True, text=True, timeout=args.seconds + 60).stdout
            print(out, file=sys.stderr)
            result = {"tool": "wrk", "raw": out}
        else:
            result = {"tool": "httpx", **asyncio.run(load(url, args.concurrency, args.seconds, args.max_requests))}
        result.update({"page_cache": page_cache, "url_path": url[len(base):], "concurrency": args.concurrency,
                       "page_bytes": len(first.content), "warmup_s": round(warm, 2), "cpus": os.cpu_count()})
        return result
    finally:
        server.terminate()
        server.wait(timeout=10)


def make_store(db: str) -> None:
    """Seeds, the BASIL articles when present, and a story of 230 copies of one text (bench/hostile.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from hostile import copy_record

    from newsprism.web.server import ingest
    d = Path(db).parent
    with open(d / "copies230.jsonl", "w") as fh:
        for i in range(230):
            fh.write(json.dumps(copy_record(i)) + "\n")
    inputs = [str(x) for x in (SHARED / "seeds", SHARED / "eval" / "basil" / "articles.jsonl") if x.exists()]
    t = time.perf_counter()
    added, _, _ = ingest(db, inputs + [str(d / "copies230.jsonl")])
    print(f"made a store of {added} articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)


async def poke_builds(base: str, ids: list[str], stop: asyncio.Event) -> list[tuple[str, int, float]]:
    """Once a second, the page of the next story without a brief: (id, status, seconds) of each answer."""
    out = []
    async with httpx.AsyncClient(timeout=60) as client:
        for sid in ids:
            if stop.is_set():
                break
            t = time.perf_counter()
            try:
                status = (await client.get(f"{base}/stories/{quote(sid, safe='')}")).status_code
            except httpx.HTTPError:
                status = 0
            out.append((sid, status, time.perf_counter() - t))
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
    return out


async def phase(base: str, path: str, args: argparse.Namespace, unbuilt: list[str]) -> dict:
    stop = asyncio.Event()
    poker = asyncio.create_task(poke_builds(base, unbuilt, stop))
    res = await load(base + path, args.concurrency, args.seconds, args.max_requests)
    stop.set()
    pokes = await poker
    del unbuilt[:len(pokes)]
    res["during_builds"] = {"requests": len(pokes), "statuses": sorted({p[1] for p in pokes}),
                            "max_s": round(max((p[2] for p in pokes), default=0.0), 2)}
    return res


def mix(args: argparse.Namespace) -> None:
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "bench.db")
        make_store(db)
    try:
        for src in args.src or [str(ROOT / "src")]:
            print(json.dumps(mix_one(db, src, args)))
    finally:
        if tmp:
            tmp.cleanup()


def mix_one(db: str, src: str, args: argparse.Namespace) -> dict:
    import sqlite3
    con = sqlite3.connect(db)
    con.execute("DELETE FROM briefs")  # every version starts from no built brief
    con.commit()
    sizes = con.execute("SELECT id, size FROM stories WHERE size > 0 ORDER BY size DESC, id").fetchall()
    con.close()
    big = args.story or sizes[0][0]
    unbuilt = [sid for sid, n in sizes if sid != big and n >= 2]
    port = free_port()
    server = start_server(db, port, src=src)
    base = f"http://127.0.0.1:{port}"
    out = {"src": src, "story": big, "story_articles": dict(sizes).get(big), "concurrency": args.concurrency,
           "seconds": args.seconds, "cpus": os.cpu_count()}
    try:
        t = time.perf_counter()
        url = f"{base}/stories/{quote(big, safe='')}"
        while True:  # the brief is built in the background: poll until the page is there
            r = httpx.get(url, timeout=900)
            if r.status_code != 202 or time.perf_counter() - t > 900:
                break
            time.sleep(1)
        r.raise_for_status()
        out["story_build_s"], out["story_page_bytes"] = round(time.perf_counter() - t, 1), len(r.content)
        print(f"{src}: story {big} built in {out['story_build_s']} s, page {len(r.content):,} bytes", file=sys.stderr)
        for name, path in (("list", "/"), ("search", f"/?q={quote(args.query)}"),
                           ("story_page", f"/stories/{quote(big, safe='')}")):
            out[name] = asyncio.run(phase(base, path, args, unbuilt))
            print(f"{src}: {name} {out[name]}", file=sys.stderr)
        return out
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """Terminate the server; kill it when it does not exit within 10 s (e.g. stuck sending a huge page)."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
