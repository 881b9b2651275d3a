"""Pair decision eval: newsprism.pairs against cosine-threshold baselines, on MRPC test and on the story gold.

- MRPC (`test.tsv`; thresholds and weights come from `train.tsv` only): accuracy and F1 (positive class =
  paraphrase) of cosine >= t for MiniLM, TF-IDF and their 0.5/0.5 average ("hybrid", the align default),
  t = best train accuracy; and of the shipped PairModel variants, trained probability alone ("paraphrase")
  and the shipped decision (value rule on), each at its shipped threshold.
- Story gold (`--stories` folders of FORMAT.md files): positives = pairs of evidence sentences of one gold
  fact in two articles; hard negatives = pairs of sentences carrying two different values of one gold
  conflict, in two articles (values compared without their parenthesised notes).  A sentence = the
  sentence(s) of the article text (split by newsprism.segment) overlapping the evidence string.  Pairs
  labelled both ways are dropped and counted.  TF-IDF is fitted on the story's sentences, as align does.
  Same methods and thresholds as on MRPC, plus hybrid cosine at align's shipped threshold (today's rule),
  and each with newsprism.values' parse-based verdict (not values.supports) in place of the regex value rule.
- Seed pair (dev set, eval/data/seed_alignment_gold.json): ranking of all cross pairs of two articles.
- Speed: pairs.score_matrix over all gold-story sentences pooled as one story, default prefilter vs none.
Usage: python eval/pairs.py [--stories DIR ...] [--out eval/results/pairs.json] [--no-minilm] [--model JSON]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pairs_data import MRPC, SHARED, load_mrpc, minilm_embed  # noqa: E402
from train_pairs import pair_cosines  # noqa: E402

from newsprism import align, encoder, nlp, pairs, segment, values  # noqa: E402
from newsprism.model import Article  # noqa: E402
from newsprism.similarity import TfidfBackend  # noqa: E402

HERE = Path(__file__).resolve().parent
COS_GRID = np.round(np.arange(0.0, 1.0001, 0.005), 3)


def metrics(pred: np.ndarray, y: np.ndarray) -> dict:
    pred, y = np.asarray(pred, bool), np.asarray(y, bool)
    tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    out = {"accuracy": round(float((pred == y).mean()), 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
           "precision": round(p, 4), "recall": round(r, 4)}
    if (~y).any():
        out["negatives_rejected"] = round(float((~pred[~y]).mean()), 4)
    return out


def tune(c: np.ndarray, y: np.ndarray) -> float:
    accs = [((c >= t) == y).mean() for t in COS_GRID]
    return float(COS_GRID[int(np.argmax(accs))])


def with_hybrid(cos: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    if "minilm" in cos:
        cos = dict(cos, hybrid=0.5 * cos["minilm"] + 0.5 * cos["tfidf"])
    return cos


def at_recall(score: np.ndarray, y: np.ndarray, recall: float) -> dict:
    """Metrics at the highest threshold whose recall reaches `recall` (operating point read off the labels)."""
    pos = np.sort(score[y])[::-1]
    t = pos[min(int(np.ceil(recall * len(pos))) - 1, len(pos) - 1)]
    return dict(metrics(score >= t, y), threshold=round(float(t), 4))


def methods(models, thresholds, fa, fb, cos, y, extra=None, parsed=None) -> dict:
    """Every method's metrics on one labelled pair set; "+ value rule" = also no pairs.number_conflicts;
    "values.py verdict" = newsprism.values (spaCy parse) decides the value conflict instead."""
    out, scores = {}, {}
    conflict = np.array([bool(pairs.number_conflicts(a, b)) for a, b in zip(fa, fb, strict=True)])
    for name, t in list(thresholds.items()) + [(k, v) for k, v in (extra or {}).items()]:
        today = name in (extra or {}) and extra[name] == t
        label = f"cosine {name} >= {t}" + (" (align today)" if today else "")
        out[label] = metrics(cos[name] >= t, y)
        out[label + " + value rule"] = metrics((cos[name] >= t) & ~conflict, y)
        if today and parsed is not None:
            out[label + " + values.py verdict"] = metrics((cos[name] >= t) & ~parsed, y)
        scores[f"cosine {name}"] = cos[name]
    for m in models:
        x = m.matrix(fa, fb, cos)
        para, dec = m.prob(x), m.decide(x)
        out[f"pairs {m.variant}: paraphrase only"] = metrics(para >= m.threshold, y)
        out[f"pairs {m.variant}: decision (value rule)"] = metrics(dec >= m.threshold, y)
        scores[f"pairs {m.variant}: paraphrase only"] = para
        scores[f"pairs {m.variant}: decision (value rule)"] = dec
        if parsed is not None:
            x[:, len(m.cosines) + pairs.LEXICAL.index("num_conflict")] = parsed
            scores[f"pairs {m.variant}: decision (values.py verdict)"] = m.decide(x)
    ranking = {k: {"roc_auc": round(float(roc_auc_score(y, v)), 4),
                   "average_precision": round(float(average_precision_score(y, v)), 4)} for k, v in scores.items()}
    res = {"at_threshold": out, "ranking": ranking, "value_rule_flags": {
        "positives": round(float(conflict[y].mean()), 4), "negatives": round(float(conflict[~y].mean()), 4)}}
    if parsed is not None:
        res["values_py_flags"] = {"positives": round(float(parsed[y].mean()), 4),
                                  "negatives": round(float(parsed[~y].mean()), 4)}
    if extra:
        name, t = next(iter(extra.items()))
        r = metrics(cos[name] >= t, y)["recall"]
        res["at_recall_of_align_today"] = {"recall": r, **{k: at_recall(v, y, r) for k, v in scores.items()}}
    return res


# ---- story gold ----

def _norm_value(v: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", v)).strip().lower()


def story_pairs(path: Path) -> tuple[list[tuple[str, str, int]], list[str], dict, dict]:
    """Labelled (sentence a, sentence b, same) pairs of one gold story, its sentences, counts, and where
    each sentence text sits: text -> (article text, start, end)."""
    d = json.loads(path.read_text())
    arts = {a["id"]: segment.segment(Article(id=a["id"], text=a["text"])) for a in d["articles"]}
    where: dict[str, tuple[str, int, int]] = {}

    def sentence(aid: str, ev: str) -> str | None:
        a = arts.get(aid)
        start = a.text.find(ev) if a else -1
        if start < 0:
            return None
        end = start + len(ev)
        hit = [s for s in a.sentences if s.start < end and s.end > start]
        if not hit:
            return None
        text = a.text[hit[0].start:hit[-1].end]
        where.setdefault(text, (a.text, hit[0].start, hit[-1].end))
        return text

    pos, neg, missing = set(), set(), 0
    for f in d.get("facts", []):
        ev = [(aid, sentence(aid, e)) for aid, e in f.get("evidence", {}).items()]
        missing += sum(s is None for _, s in ev)
        for (a1, s1), (a2, s2) in itertools.combinations([e for e in ev if e[1]], 2):
            if a1 != a2:
                pos.add(tuple(sorted((s1, s2))))
    for c in d.get("conflicts", []):
        vals = [(v["article"], _norm_value(v["value"]), sentence(v["article"], v["evidence"])) for v in c["values"]]
        missing += sum(v[2] is None for v in vals)
        for (a1, v1, s1), (a2, v2, s2) in itertools.combinations([v for v in vals if v[2]], 2):
            if a1 != a2 and v1 != v2 and s1 != s2:
                neg.add(tuple(sorted((s1, s2))))
    both = pos & neg
    rows = [(*p, 1) for p in sorted(pos - both)] + [(*p, 0) for p in sorted(neg - both)]
    sents = [s.text for a in arts.values() for s in a.sentences]
    return rows, sents, {"positives": len(pos - both), "hard_negatives": len(neg - both),
                         "dropped_both": len(both), "evidence_not_found": missing}, where


def values_verdict(rows, where) -> list[bool]:
    """newsprism.values' verdict per pair (True = values disagree: not values.supports), from one spaCy
    parse per article, as align and conflicts use it."""
    out = []
    for a, b, _ in rows:
        qs = [values.quantities(nlp.parse(where[t][0]), where[t][1], where[t][2]) for t in (a, b)]
        out.append(not values.supports(*qs))
    return out


def story_eval(dirs: list[Path], models, thresholds, use_minilm: bool) -> dict:
    fa, fb, y, cos_parts, per, parsed = [], [], [], [], {}, []
    for d in dirs:
        for path in sorted(d.glob("*.json")):
            rows, sents, counts, where = story_pairs(path)
            per[path.stem] = counts
            if not rows:
                continue
            a = [r[0] for r in rows]
            b = [r[1] for r in rows]
            tf = TfidfBackend().fit(sents)
            c = {"tfidf": np.einsum("ij,ij->i", tf.encode(a), tf.encode(b))}
            if use_minilm:
                m = minilm_embed(a + b)
                c["minilm"] = np.einsum("ij,ij->i", m[: len(a)], m[len(a):])
            cos_parts.append(c)
            fa += pairs.features(a)
            fb += pairs.features(b)
            y += [r[2] for r in rows]
            parsed += values_verdict(rows, where)
    cos = with_hybrid({k: np.concatenate([c[k] for c in cos_parts]) for k in cos_parts[0]})
    y = np.array(y, dtype=bool)
    today = {"hybrid": align.THRESHOLDS["hybrid"][0]} if "hybrid" in cos else {"tfidf": align.THRESHOLDS["tfidf"][0]}
    return {"pairs": int(len(y)), "positives": int(y.sum()), "hard_negatives": int((~y).sum()), "stories": per,
            "methods": methods(models, thresholds, fa, fb, cos, y, today, np.array(parsed, dtype=bool))}


def seed_eval(models, use_minilm: bool) -> dict:
    """Ranking of all cross pairs of the seed pair (eval/alignment.py's gold; 'acceptable' pairs left out).

    This is the dev set the feature forms were checked on (docs/similarity.md), so it is reported apart."""
    import alignment

    arts = alignment.load_seed(SHARED)
    core, ok = alignment.gold_pairs(arts, json.loads((HERE / "data/seed_alignment_gold.json").read_text()))
    sents = [(a.id, s) for a in arts for s in align.content_sentences(a)]
    texts = [s.text for _, s in sents]
    g = np.array([aid for aid, _ in sents])
    ii, jj = np.nonzero(np.triu(g[:, None] != g[None, :], 1))
    ids = [frozenset((sents[i][1].id, sents[j][1].id)) for i, j in zip(ii, jj, strict=True)]
    keep = np.array([x not in ok for x in ids])
    y = np.array([x in core for x in ids])[keep]
    rows = {"tfidf": TfidfBackend().fit(texts).encode(texts)}
    if use_minilm:
        rows["minilm"] = minilm_embed(texts)
    cos = with_hybrid({k: (m @ m.T)[ii, jj] for k, m in rows.items()})
    feats = pairs.features(texts)
    scores = {f"cosine {k}": v[keep] for k, v in cos.items()}
    for m in models:
        scores[f"pairs {m.variant}: decision (value rule)"] = m.decide(m._rows(feats, ii, jj, cos))[keep]
    return {"pairs": int(len(y)), "positives": int(y.sum()),
            "ranking": {k: {"roc_auc": round(float(roc_auc_score(y, v)), 4),
                            "average_precision": round(float(average_precision_score(y, v)), 4)}
                        for k, v in scores.items()}}


def speed(dirs: list[Path], use_minilm: bool) -> dict:
    """score_matrix over every gold-story sentence pooled as one story (articles = groups)."""
    texts, groups = [], []
    for d in dirs:
        for path in sorted(d.glob("*.json")):
            for a in json.loads(path.read_text())["articles"]:
                sents = align.content_sentences(segment.segment(Article(id=a["id"], text=a["text"])))
                texts += [s.text for s in sents]
                groups += [f"{path.stem}/{a['id']}"] * len(sents)
    rows = {"tfidf": TfidfBackend().fit(texts).encode(texts)}
    if use_minilm:
        rows["minilm"] = minilm_embed(texts)
    model = pairs.PairModel.load_for(rows)
    t0 = time.perf_counter()
    feats = pairs.features(texts)
    t_feat = time.perf_counter() - t0
    out = {"sentences": len(texts), "articles": len(set(groups)), "variant": model.variant,
           "features_s": round(t_feat, 3), "prefilter": model.prefilter}
    for label, pre in (("prefilter", None), ("no prefilter", -1.0)):
        t0 = time.perf_counter()
        m = pairs.score_matrix(feats, rows, groups, model, prefilter=pre)
        out[label] = {"seconds": round(time.perf_counter() - t0, 3), "same": int((m >= model.threshold).sum() // 2)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", nargs="*", default=[str(SHARED / "eval" / "stories")])
    ap.add_argument("--out", default=str(HERE / "results/pairs.json"))
    ap.add_argument("--no-minilm", action="store_true", help="TF-IDF only (as an install without the model)")
    ap.add_argument("--model", help="pair model JSON to measure instead of the shipped one (e.g. an ablation)")
    args = ap.parse_args(argv)
    use_minilm = encoder.available() and not args.no_minilm
    variants = ("minilm", "tfidf") if use_minilm else ("tfidf",)
    if args.model:
        shipped = json.loads(Path(args.model).read_text())["variants"]
        models = [pairs.PairModel.from_dict(v, shipped[v]) for v in variants]
    else:
        models = [pairs.PairModel.load(v) for v in variants]

    ta, tb, ty = load_mrpc(MRPC / "train.tsv")
    train_cos = with_hybrid(pair_cosines(ta, tb, use_minilm))
    thresholds = {k: tune(v, ty.astype(bool)) for k, v in train_cos.items()}
    a, b, y = load_mrpc(MRPC / "test.tsv")
    cos = with_hybrid(pair_cosines(a, b, use_minilm))
    # the product's own decision (align today): its backend threshold + newsprism.values' verdict
    today = {"hybrid": align.THRESHOLDS["hybrid"][0]} if "hybrid" in cos else {"tfidf": align.THRESHOLDS["tfidf"][0]}
    verdict = np.array([not values.supports(values.quantities(nlp.parse(x), 0, len(x)),
                                            values.quantities(nlp.parse(z), 0, len(z))) for x, z in zip(a, b, strict=True)])
    res = {"mrpc_test": {"pairs": int(len(y)), "positives": int(y.sum()),
                         "methods": methods(models, thresholds, pairs.features(a), pairs.features(b), cos,
                                            y.astype(bool), today, verdict)},
           "cosine_thresholds_from_train": thresholds,
           "model": args.model or "shipped", "model_thresholds": {m.variant: m.threshold for m in models}}
    dirs = [Path(d) for d in args.stories]
    res["stories"] = story_eval(dirs, models, thresholds, use_minilm)
    res["seed_dev"] = seed_eval(models, use_minilm)
    res["speed"] = speed(dirs, use_minilm)
    for part in ("mrpc_test", "stories"):
        r = res[part]["methods"]
        print(f"== {part}: {res[part]['pairs']} pairs ({res[part]['positives']} positive); value rule flags",
              r["value_rule_flags"], "values.py flags", r.get("values_py_flags", "-"))
        for name, m in r["at_threshold"].items():
            print(f"  {name:58s} " + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
        for name, m in r["ranking"].items():
            print(f"  ranking {name:50s} " + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
        for name, m in r.get("at_recall_of_align_today", {}).items():
            if name != "recall":
                print(f"  @recall {r['at_recall_of_align_today']['recall']:.3f} {name:42s} "
                      + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
    print(f"== seed pair (dev set): {res['seed_dev']['pairs']} cross pairs ({res['seed_dev']['positives']} gold)")
    for name, m in res["seed_dev"]["ranking"].items():
        print(f"  ranking {name:50s} " + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
    print("== speed", json.dumps(res["speed"]))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=1) + "\n")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
