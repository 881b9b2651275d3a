"""Multi-document summaries on the Multi-News sample: newsprism against baselines, ROUGE in one run.

Each row of ../shared/eval/multinews/sample_test.csv is one story: `documents` (a Python list literal, one
string per document) and `summary` (the reference; its leading "– " is stripped). Every document becomes
an Article, goes through newsprism.pipeline.prepare (clean + segment), then the stages build_brief uses
for the summary (copies -> align -> summarise) with a word budget instead of a sentence count.

Systems, all on the same sentence splits and the same budget (whole sentences until >= BUDGET words, then
the text is cut at BUDGET words): newsprism; lead (first sentences of the first document); LexRank
(TF-IDF cosine graph, edges >= 0.1, PageRank d=0.85); TextRank (Mihalcea-Tarau overlap similarity,
d=0.85); centroid (TF-IDF cosine to the story centroid); oracle (greedy ROUGE-1+2 against the reference,
an upper bound). LexRank/TextRank/centroid rank the same candidate sentences newsprism may use
(summarise.usable) and skip a sentence whose TF-IDF cosine with a picked one is >= 0.8 (Multi-News
stories often hold two copies of one wire text). ROUGE: rouge-score package, F-measure, use_stemmer=True,
rouge1/rouge2/rougeL (rougeL over the whole text, no sentence split).

Citation check: every newsprism summary sentence must cite >= 1 article, and in each cited article one of
the cited sentences must support it: TF-IDF cosine (fitted on the story's sentences) or Dice overlap of
stemmed content words >= SUPPORT_THRESHOLD.

    python eval/summaries.py [--limit N] [--backend tfidf|hybrid|...] [--out eval/results/summaries.json]
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import pickle
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from newsprism import align, copies, pipeline, similarity, summarise
from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "eval" / "multinews" / "sample_test.csv"
BUDGET = 215  # words: the mean reference length of the 250-story sample is 214.7
DUP = 0.8
SUPPORT_THRESHOLD = 0.35
ROUGE_TYPES = ["rouge1", "rouge2", "rougeL"]
SCORER = rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=True)
SYSTEMS = ["newsprism", "lead", "lexrank", "textrank", "centroid", "oracle"]


def load(path: Path, limit: int | None = None) -> list[tuple[list[str], str]]:
    """(documents, reference) per story."""
    csv.field_size_limit(sys.maxsize)
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs = [d for d in ast.literal_eval(row["documents"]) if d.strip()]
            ref = row["summary"].strip().removeprefix("–").strip()
            out.append((docs, ref))
            if limit and len(out) >= limit:
                break
    return out


def articles_of(docs: list[str], story: int) -> list[Article]:
    """Articles by hand (Multi-News gives neither titles nor outlets), prepared like any input."""
    arts = [Article(id=f"m{story}d{i}", raw_text=d.replace("\r\n", "\n")) for i, d in enumerate(docs)]
    return pipeline.prepare(arts)


def fit(sents: list[str], budget: int) -> list[str]:
    """Sentences in order until the budget is reached; the caller cuts the text at `budget` words."""
    out, n = [], 0
    for s in sents:
        if n >= budget:
            break
        out.append(s)
        n += len(s.split())
    return out


def cut(sents: list[str], budget: int) -> list[str]:
    """The sentences with the text cut at `budget` words (the last sentence may be shortened)."""
    out, n = [], 0
    for s in sents:
        w = s.split()
        if n + len(w) > budget:
            if budget - n > 0:
                out.append(" ".join(w[: budget - n]))
            break
        out.append(s)
        n += len(w)
    return out


def tfidf(texts: list[str]) -> np.ndarray:
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform(texts).toarray()
    except ValueError:
        return np.zeros((len(texts), 1))
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def pagerank(w: np.ndarray, d: float = 0.85, iters: int = 100) -> np.ndarray:
    n = len(w)
    rows = w.sum(axis=1, keepdims=True)
    t = np.where(rows > 0, w / np.maximum(rows, 1e-12), 1.0 / n)
    r = np.full(n, 1.0 / n)
    for _ in range(iters):
        nxt = (1 - d) / n + d * (t.T @ r)
        if np.abs(nxt - r).sum() < 1e-8:
            return nxt
        r = nxt
    return r


def ranked(texts: list[str], scores: np.ndarray, m: np.ndarray, budget: int) -> list[str]:
    """Best-first, skipping near-duplicates of picked sentences, until the budget."""
    picked, n = [], 0
    for i in np.argsort(-scores, kind="stable"):
        if n >= budget:
            break
        if any(m[i, j] >= DUP for j in picked):
            continue
        picked.append(int(i))
        n += len(texts[i].split())
    return [texts[i] for i in picked]


def lexrank(texts, cs, budget):
    w = (cs >= 0.1).astype(float)
    np.fill_diagonal(w, 0.0)
    return ranked(texts, pagerank(w), cs, budget)


def textrank(texts, cs, budget):
    toks = [set(SCORER._tokenizer.tokenize(t)) for t in texts]
    n = len(texts)
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            den = np.log(len(toks[i]) + 1) + np.log(len(toks[j]) + 1)
            if den > 0:
                w[i, j] = w[j, i] = len(toks[i] & toks[j]) / den
    return ranked(texts, pagerank(w), cs, budget)


def centroid(texts, m, cs, budget):
    c = m.mean(axis=0)
    return ranked(texts, m @ (c / max(np.linalg.norm(c), 1e-12)), cs, budget)


def _ngrams(toks: list[str], n: int) -> dict:
    out: dict = {}
    for i in range(len(toks) - n + 1):
        g = tuple(toks[i:i + n])
        out[g] = out.get(g, 0) + 1
    return out


def _f(cand: dict, ref: dict) -> float:
    hit = sum(min(c, ref.get(g, 0)) for g, c in cand.items())
    if not hit:
        return 0.0
    p, r = hit / sum(cand.values()), hit / sum(ref.values())
    return 2 * p * r / (p + r)


def oracle(texts: list[str], ref: str, budget: int) -> list[str]:
    """Greedy sentence choice maximising ROUGE-1 F + ROUGE-2 F (same tokenizer/stemmer as the scorer)."""
    rt = SCORER._tokenizer.tokenize(ref)
    r1, r2 = _ngrams(rt, 1), _ngrams(rt, 2)
    toks = [SCORER._tokenizer.tokenize(t) for t in texts]
    picked, cur, best, n = [], [], 0.0, 0
    while n < budget:
        choice = None
        for i, t in enumerate(toks):
            if i in picked:
                continue
            trial = cur + t
            v = _f(_ngrams(trial, 1), r1) + _f(_ngrams(trial, 2), r2)
            if v > best:
                best, choice = v, i
        if choice is None:
            break
        picked.append(choice)
        cur = cur + toks[choice]
        n += len(texts[choice].split())
    return [texts[i] for i in sorted(picked)]


def support_check(summary, arts: list[Article]) -> tuple[int, int, int, int]:
    """(sentences, sentences citing >= 1 article, cited articles, cited articles with a supporting sentence)."""
    by_id = {a.id: a for a in arts}
    all_sents = [s.text for a in arts for s in a.sentences] + [s.text for s in summary]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(all_sents)

    def cw(t):
        return {w for w in SCORER._tokenizer.tokenize(t) if w not in ENGLISH_STOP_WORDS}

    n_cited = n_art = n_ok = 0
    for ss in summary:
        n_cited += bool(ss.citations)
        for c in ss.citations:
            n_art += 1
            a = by_id.get(c.article_id)
            cited = [a.sentence(sid) for sid in c.sentence_ids] if a else []
            cited = [s.text for s in cited if s is not None]
            if not cited:
                continue
            m = vec.transform([ss.text] + cited)
            cos = (m[0] @ m[1:].T).toarray().ravel()
            a_w = cw(ss.text)
            dice = [2 * len(a_w & cw(t)) / max(len(a_w) + len(cw(t)), 1) for t in cited]
            n_ok += max(float(cos.max()), max(dice)) >= SUPPORT_THRESHOLD
    return len(summary), n_cited, n_art, n_ok


def staged(docs: list[str], k: int, sim, backend: str, cache: Path | None):
    """Prepared articles and aligned facts of story k (pickled under `cache` to speed up reruns)."""
    key = hashlib.blake2b("\x00".join(docs).encode(), digest_size=8).hexdigest()
    path = cache / f"{backend}-{k}-{key}.pkl" if cache else None
    if path and path.is_file():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    arts = articles_of(docs, k)
    facts = align.align(arts, sim, copies.find_copies(arts))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            pickle.dump((arts, facts), fh)
    return arts, facts


def run(stories, backend: str, budget: int, params: summarise.Params | None = None, log=None,
        cache: Path | None = None):
    """Summaries of every system per story, ROUGE per story, the citation check and timings."""
    sim = similarity.get_backend(backend)
    per = {s: {t: [] for t in ROUGE_TYPES} for s in SYSTEMS}
    lengths = {s: [] for s in SYSTEMS}
    checks = np.zeros(4, dtype=int)
    t_prep = t_sum = 0.0
    examples = []
    for k, (docs, ref) in enumerate(stories):
        t0 = time.perf_counter()
        arts, facts = staged(docs, k, sim, backend, cache)
        t1 = time.perf_counter()
        summ = summarise.summarise(arts, facts, sim, max_sentences=None, max_words=budget, params=params)
        t_prep += t1 - t0
        t_sum += time.perf_counter() - t1
        checks += support_check(summ, arts)
        pool = [s.text for a in arts for s in a.sentences if summarise.usable(s)]
        pool = pool or [s.text for a in arts for s in a.sentences]
        every = [s.text for a in arts for s in a.sentences if len(s.text.split()) >= 4]
        m = tfidf(pool) if pool else np.zeros((0, 1))
        cs = m @ m.T
        outs = {
            "newsprism": [s.text for s in summ],
            "lead": fit([s.text for s in arts[0].sentences] if arts else [], budget),
            "lexrank": lexrank(pool, cs, budget) if pool else [],
            "textrank": textrank(pool, cs, budget) if pool else [],
            "centroid": centroid(pool, m, cs, budget) if pool else [],
            "oracle": oracle(every, ref, budget),
        }
        for name, sents in outs.items():
            sents = cut(sents, budget)
            text = " ".join(sents)
            sc = SCORER.score(ref, text)
            for t in ROUGE_TYPES:
                per[name][t].append(sc[t].fmeasure)
            lengths[name].append(len(text.split()))
        if k < 3:
            examples.append({"reference": ref[:600], "newsprism": [to_ex(s) for s in summ][:4]})
        if log and (k + 1) % 25 == 0:
            log(f"{k + 1} stories, R1 so far: newsprism {np.mean(per['newsprism']['rouge1']):.4f} "
                f"lexrank {np.mean(per['lexrank']['rouge1']):.4f}")
    return per, lengths, checks, {"prepare_align_s": round(t_prep, 1), "summarise_s": round(t_sum, 1)}, examples


def to_ex(s) -> dict:
    return {"text": s.text, "cites": [[c.article_id, c.sentence_ids] for c in s.citations]}


def table(per, lengths, idx=None) -> dict:
    out = {}
    for name in SYSTEMS:
        row = {}
        for t in ROUGE_TYPES:
            v = per[name][t] if idx is None else [per[name][t][i] for i in idx]
            row[t] = round(float(np.mean(v)) if v else 0.0, 4)
        ln = lengths[name] if idx is None else [lengths[name][i] for i in idx]
        row["words"] = round(statistics.mean(ln), 1) if ln else 0.0
        out[name] = row
    return out


def show(title: str, rows: dict) -> None:
    print(f"\n{title}")
    print(f"{'system':<11}" + "".join(f"{t:>10}" for t in ROUGE_TYPES) + f"{'words':>8}")
    for name, r in rows.items():
        print(f"{name:<11}" + "".join(f"{100 * r[t]:>10.2f}" for t in ROUGE_TYPES) + f"{r['words']:>8.1f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=CSV)
    ap.add_argument("--limit", type=int, default=None, help="first N stories only (quick runs)")
    ap.add_argument("--backend", default="tfidf", help="similarity backend for align + summarise")
    ap.add_argument("--budget", type=int, default=BUDGET)
    ap.add_argument("--params", default="", help="JSON overrides of summarise.Params (tuning)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="pickle prepared articles + facts here (reruns)")
    args = ap.parse_args(argv)
    if not args.csv.is_file():
        print(f"{args.csv}: not found (the Multi-News sample lives in ../shared/eval/multinews)", file=sys.stderr)
        return 2
    params = summarise.Params(**json.loads(args.params)) if args.params else None
    stories = load(args.csv, args.limit)
    t0 = time.perf_counter()
    per, lengths, checks, timing, examples = run(stories, args.backend, args.budget, params,
                                                 log=lambda m: print(m, file=sys.stderr), cache=args.cache)
    elapsed = time.perf_counter() - t0
    n = len(stories)
    res = {
        "all": table(per, lengths),
        "dev_even": table(per, lengths, range(0, n, 2)),
        "test_odd": table(per, lengths, range(1, n, 2)),
    }
    for key, title in (("all", f"All {n} stories"), ("dev_even", "Dev half (even rows; used for tuning)"),
                       ("test_odd", "Held-out half (odd rows)")):
        show(title, res[key])
    sents, cited, arts, ok = (int(x) for x in checks)
    cite = {"sentences": sents, "citing_ge1": cited, "pct_citing": round(100 * cited / max(sents, 1), 2),
            "cited_articles": arts, "supported": ok, "pct_supported": round(100 * ok / max(arts, 1), 2),
            "threshold": SUPPORT_THRESHOLD,
            "measure": "max(TF-IDF cosine, Dice of stemmed content words) over the cited sentences"}
    print(f"\nCitations: {cited}/{sents} summary sentences cite >= 1 article ({cite['pct_citing']}%); "
          f"{ok}/{arts} cited articles hold a supporting cited sentence ({cite['pct_supported']}%, "
          f">= {SUPPORT_THRESHOLD})")
    print(f"time: {elapsed:.0f} s ({timing})")
    nw = res["all"]["newsprism"]
    out = args.out or ROOT / "eval" / "results" / ("summaries.json" if not args.limit else
                                                   f"summaries_quick{args.limit}.json")
    payload = {
        "harness": "summaries", "stories": n, "budget_words": args.budget, "backend": args.backend,
        "rouge": "rouge-score 0.1.2 F-measure, use_stemmer=True, rougeL without sentence split",
        "metrics": {"rouge1": nw["rouge1"], "rouge2": nw["rouge2"], "rougeL": nw["rougeL"],
                    "citation_support": round(ok / max(arts, 1), 4),
                    "citing": round(cited / max(sents, 1), 4)},
        "table": res, "citations": cite, "seconds": round(elapsed, 1), "timing": timing,
        "params": vars(params or summarise.DEFAULT_PARAMS), "examples": examples,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
