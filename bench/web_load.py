"""Bounded loopback load test of the web UI's story page: requests/s and latency percentiles.

The server (`newsprism serve`, one uvicorn process) runs in a subprocess on 127.0.0.1; the load comes
from concurrent httpx clients in this process (or from wrk when it is installed and --wrk is given).
The first request of the story builds its brief and is left out of the figures (warm-up).

    python bench/web_load.py                          # seed story from ../shared/seeds, 8 clients, 10 s
    python bench/web_load.py --db newsprism.db --story s1 --concurrency 16 --seconds 20
    python bench/web_load.py --baseline               # also with the rendered-page cache off, same run
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

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, page_cache: bool = True) -> subprocess.Popen:
    env = dict(os.environ, NEWSPRISM_WEB_PAGE_CACHE="1" if page_cache else "0")
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
