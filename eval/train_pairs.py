"""Train the pair decision (newsprism.pairs) on MRPC train.tsv only and write src/newsprism/data/pairs.json.

Deterministic: the same data gives the same weights (lbfgs logistic regression, fixed folds).  Two variants:
"minilm" (MiniLM + TF-IDF cosines + lexical features) and "tfidf" (TF-IDF cosine + lexical features).
TF-IDF is fitted on the sentences of the split being scored, as align fits it on a story's sentences.
The decision threshold is the one with the best accuracy of the shipped decision (trained probability x the
value rule, see PairModel) on out-of-fold train predictions (5 folds).
Usage: python eval/train_pairs.py [--out src/newsprism/data/pairs.json] [--no-minilm]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pairs_data import MRPC, load_mrpc, minilm_embed  # noqa: E402

from newsprism import encoder, pairs  # noqa: E402
from newsprism.similarity import TfidfBackend  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
C = 1.0  # L2 strength; not tuned (a handful of features, 4,076 pairs)
PREFILTER_QUANTILE = 0.0  # score_matrix skips pairs below the lowest cosine of a train pair called "same"
GRID = np.round(np.arange(0.20, 0.801, 0.01), 2)


def pair_cosines(a: list[str], b: list[str], use_minilm: bool) -> dict[str, np.ndarray]:
    """Per-pair cosines: TF-IDF fitted on all sentences of the split, MiniLM when asked."""
    tf = TfidfBackend().fit(a + b)
    ea, eb = tf.encode(a), tf.encode(b)
    out = {"tfidf": np.einsum("ij,ij->i", ea, eb)}
    if use_minilm:
        m = minilm_embed(a + b)
        out["minilm"] = np.einsum("ij,ij->i", m[: len(a)], m[len(a):])
    return out


def design(model_cosines: tuple[str, ...], a: list[str], b: list[str], cos: dict[str, np.ndarray]) -> np.ndarray:
    """Feature matrix in PairModel order (cosines, then pairs.LEXICAL)."""
    stub = pairs.PairModel("x", model_cosines, np.zeros(len(model_cosines) + len(pairs.LEXICAL)), 0.0, 0.5)
    return stub.matrix(pairs.features(a), pairs.features(b), cos)


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """Threshold of the grid with the best accuracy (ties: the one nearest 0.5)."""
    accs = [((p >= t) == y).mean() for t in GRID]
    best = max(accs)
    return float(min((abs(t - 0.5), t) for t, acc in zip(GRID, accs, strict=True) if acc == best)[1])


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised columns, returned as weights on the raw columns."""
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=2000).fit((x - mu) / sd, y)
    w = lr.coef_[0] / sd
    return w, float(lr.intercept_[0] - (w * mu).sum())


def train(cosines: tuple[str, ...], x: np.ndarray, y: np.ndarray) -> pairs.PairModel:
    """The fitted model; threshold = best accuracy of the shipped decision (value rule on) out of fold."""
    oof = np.zeros(len(y))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
        w, b = fit(x[tr], y[tr])
        oof[te] = pairs.PairModel("fold", cosines, w, b, 0.5).decide(x[te])
    w, b = fit(x, y)
    model = pairs.PairModel("x", cosines, w, b, best_threshold(oof, y))
    called_same = x[model.decide(x) >= model.threshold, 0]
    model.prefilter = float(np.floor(np.quantile(called_same, PREFILTER_QUANTILE) * 100) / 100)
    return model


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "src/newsprism/data/pairs.json"))
    ap.add_argument("--no-minilm", action="store_true", help="train only the tfidf variant")
    args = ap.parse_args(argv)
    use_minilm = encoder.available() and not args.no_minilm
    a, b, y = load_mrpc(MRPC / "train.tsv")
    cos = pair_cosines(a, b, use_minilm)
    variants = {"minilm": ("minilm", "tfidf"), "tfidf": ("tfidf",)}
    if not use_minilm:
        variants.pop("minilm")
    out = {"about": "newsprism pair decision: logistic regression, P(same claim) from cosines and lexical "
                    "features (newsprism.pairs); rebuilt by eval/train_pairs.py",
           "trained_on": "MRPC train.tsv", "pairs": int(len(y)), "positives": int(y.sum()), "C": C,
           "variants": {}}
    for name, cosines in variants.items():
        model = train(cosines, design(cosines, a, b, cos), y)
        model.variant = name
        out["variants"][name] = model.to_dict()
        print(name, " ".join(f"{f}={c:+.2f}" for f, c in zip(model.feature_names, model.coef, strict=True)),
              f"b={model.intercept:+.2f} threshold={model.threshold} prefilter={model.prefilter}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
