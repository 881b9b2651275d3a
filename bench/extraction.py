"""Extraction benchmark: newsprism's HTML ingest vs bare trafilatura on ../shared/eval/extraction.

    python bench/extraction.py [--limit N] [--repeat 1]

Score per page: token 4-gram shingle precision / recall / F1 against the ground-truth articleBody,
averaged over pages; speed in pages/s over the same pages, both systems in the same run
(alternating per page so machine load hits both alike).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parents[1] / "shared" / "eval" / "extraction"
_TOK = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    toks = _TOK.findall((text or "").lower())
    if len(toks) < n:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    inter = len(p & g)
    prec = inter / len(p) if p else 0.0
    rec = inter / len(g) if g else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def newsprism_text(html: bytes, url: str) -> str:
    """newsprism's ingest: the HTML reader then the cleaning stage (what the brief works on)."""
    from newsprism import clean
    from newsprism.errors import InputError
    from newsprism.readers import html as html_reader

    try:
        art = html_reader.parse(html, url, "page", url=url)
    except InputError:
        return ""
    return clean.clean(art).text


def trafilatura_text(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1, help="timing passes (scores come from the first)")
    args = ap.parse_args()
    root = Path(args.dir)
    gold = json.loads((root / "ground-truth.json").read_text())
    keys = sorted(gold)[: args.limit or None]
    pages = [(k, gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()), gold[k]) for k in keys]
    systems = {"newsprism": newsprism_text, "trafilatura": trafilatura_text}
    scores = {s: [] for s in systems}
    secs = dict.fromkeys(systems, 0.0)
    for fn in systems.values():  # warm-up: imports and lazy models outside the timing
        fn(pages[0][1], pages[0][2].get("url", ""))
    for rep in range(args.repeat):
        for _k, html, g in pages:
            for name, fn in systems.items():
                t = time.perf_counter()
                out = fn(html, g.get("url", ""))
                secs[name] += time.perf_counter() - t
                if rep == 0:
                    scores[name].append(prf(out, g.get("articleBody", "")))
    print(f"{len(pages)} pages, {args.repeat} timing pass(es)")
    print(f"{'system':12} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8}")
    for name in systems:
        n = len(scores[name])
        p, r, f = (sum(x[i] for x in scores[name]) / n for i in range(3))
        print(f"{name:12} {p:6.3f} {r:6.3f} {f:6.3f} {len(pages) * args.repeat / secs[name]:8.1f}")


if __name__ == "__main__":
    main()
