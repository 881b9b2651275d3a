"""Incremental story clustering. Reads Article.title/lead/text/date/outlet; returns story ids per article.

Each article becomes a sparse vector: TF-IDF of its title + lead (the first LEAD_WORDS words) joined
with TF-IDF of its named entities (cheap: runs of capitalised words), weighted ENTITY_WEIGHT.
Features are hashed, so the vocabulary never has to be fixed; document frequencies grow with the
stream.  A new article joins the story holding its most similar earlier article (single link, only
within `window_days` when dates are known) if that cosine >= threshold, else it opens a story.
Optionally (`embed_weight` > 0, off by default) the similarity of two articles whose TF-IDF vectors
share a term becomes (1 - w) * TF-IDF cosine + w * MiniLM cosine of their leads (the first
`embed_words` words, one encoder pass per article); the embeddings live in memory only, and without the
model package the clusterer stays TF-IDF only.
The defaults are tuned on half of the Multi-News sample clusters (eval/clustering.py), not guessed.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from . import encoder
from .model import Article

N_FEATURES = 2 ** 20
# Tuned on the dev half of the Multi-News clusters (eval/clustering.py --tune); see docs/clustering.md.
THRESHOLD = 0.16
LEAD_WORDS = 100_000  # tuned: the whole text beat 200 words (no titles in Multi-News)
ENTITY_WEIGHT = 0.1
WINDOW_DAYS = 7.0
MIN_WORDS = 20  # texts with fewer content words are too thin to match: they stay on their own
LINK = "single"  # "single": best member; "average": mean over the story's members in the window
MIN_LINKS = 1  # a story is joined only through >= min(MIN_LINKS, its size) members above the threshold
MIN_MEAN = 0.0  # ... and only if the mean similarity over its members in the window is >= MIN_MEAN
BOILER_DF = 3  # a paragraph (>= 5 words) seen in this many articles of the stream is page chrome: dropped
REPRINT_WORDS = 150  # ... unless they make up most of a text and this many words: then it is a reprint
MAX_PARAS = 1_000_000  # paragraph counts kept (singletons are pruned beyond this; bounds memory)
MAX_ACTIVE = 50_000  # articles kept for comparison when dates are unknown (bounds memory)
EMBED_WEIGHT = 0.0  # weight of the MiniLM lead cosine (option; see Clusterer.embed_weight)
EMBED_WORDS = 100  # words of the chrome-stripped title+lead encoded (one pass of <= ~150 tokens)

_TOK = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"  # a capitalised word; dots only inside ("U.S"), not at sentence end
_CAP = re.compile(rf"\b{_TOK}(?:[ \t]+(?:(?:of|the|de|du|al|bin|van|von|la|le|and)[ \t]+)?{_TOK})*")
_words_vec = HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None,
                               stop_words="english", token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")


def lead_text(a: Article, lead_words: int = LEAD_WORDS) -> str:
    """Title, standfirst and the first words of the body: where a story says what it is about."""
    body = " ".join(a.text.split()[:lead_words])
    return " ".join(x for x in (a.title, a.title, a.lead, body) if x)


def entity_names(text: str) -> list[str]:
    """Runs of capitalised words ("Acme Corp", "Ann Lee"), minus lone capitalised stop words."""
    out = []
    for m in _CAP.finditer(text):
        name = m.group(0).strip(".'’-&")
        toks = name.split()
        while toks and toks[0].lower() in ENGLISH_STOP_WORDS:
            toks = toks[1:]
        if not toks or (len(toks) == 1 and len(toks[0]) < 3):
            continue
        name = " ".join(toks).lower()
        out.append(name)
        if len(toks) > 1:  # the surname alone links "Ann Lee" and later "Lee"
            out.append(toks[-1].lower())
    return out


def para_keys(text: str) -> list[int]:
    """Stable hashes of the normalised paragraphs (>= 5 words) of a text; shorter ones get 0."""
    out = []
    for p in re.split(r"\n+", text):
        words = re.findall(r"\w+", p.lower())
        out.append(zlib.crc32(" ".join(words).encode()) if len(words) >= 5 else 0)
    return out


def strip_boiler(text: str, para_df: Counter, min_df: int = BOILER_DF) -> str:
    """The text without paragraphs that recur across many articles (share buttons, archive banners).

    A text that is mostly recurring paragraphs of some length is a reprint (a wire story run by many
    outlets), not chrome: page chrome is a few short lines, so such a text is kept whole.
    """
    paras = re.split(r"\n+", text)
    keep, dropped = [], 0
    for p, k in zip(paras, para_keys(text), strict=True):
        if k and para_df.get(k, 0) >= min_df:
            dropped += len(p.split())
        else:
            keep.append(p)
    if dropped >= REPRINT_WORDS and 2 * dropped > len(text.split()):
        return text
    return "\n".join(keep)


def raw_features(articles: list[Article], lead_words: int = LEAD_WORDS, para_df: Counter | None = None,
                 min_df: int = BOILER_DF) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hashed term counts of title+lead, and of entity names, one row per article.

    With `para_df`, paragraphs counted in >= min_df articles (page chrome) are dropped first.
    """
    if para_df:
        articles = [a if not a.text else replace(a, text=strip_boiler(a.text, para_df, min_df)) for a in articles]
    texts = [lead_text(a, lead_words) for a in articles]
    w = _words_vec.transform(texts).tocsr()
    ents = [" ".join("E_" + re.sub(r"\W+", "_", n) for n in entity_names(t)) for t in texts]
    e = _ent_vec.transform(ents).tocsr()
    return w, e


_ent_vec = HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None, lowercase=False,
                             token_pattern=r"\S+")


def _parse_date(s: str) -> float | None:
    """Days since epoch of an ISO date/timestamp, or None."""
    if not s:
        return None
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00")[:25])
    except ValueError:
        try:
            d = datetime.combine(date.fromisoformat(s[:10]), datetime.min.time())
        except ValueError:
            return None
    return d.timestamp() / 86400.0


def _rownorm(m: sp.csr_matrix) -> sp.csr_matrix:
    n = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    n[n == 0] = 1.0
    return sp.diags(1.0 / n) @ m


@dataclass
class Clusterer:
    """Stream clusterer: `add(articles)` assigns each article a story id, joining or opening stories."""

    threshold: float = THRESHOLD
    lead_words: int = LEAD_WORDS
    entity_weight: float = ENTITY_WEIGHT
    window_days: float = WINDOW_DAYS
    min_words: int = MIN_WORDS
    link: str = LINK
    min_links: int = MIN_LINKS
    min_mean: float = MIN_MEAN
    boiler_df: int = BOILER_DF
    para_df: Counter = field(default_factory=Counter)
    max_active: int = MAX_ACTIVE
    embed_weight: float = EMBED_WEIGHT
    embed_words: int = EMBED_WORDS
    df_w: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.int32))
    df_e: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.int32))
    n_docs: int = 0
    next_story: int = 1
    # the active window: raw counts, story ids and days of the articles new ones are compared with
    _w: list = field(default_factory=list)
    _e: list = field(default_factory=list)
    _story: list = field(default_factory=list)
    _day: list = field(default_factory=list)
    _thin: set = field(default_factory=set)
    # lead embeddings of the window's articles (None: not embedded, e.g. restored from the store)
    _v: list = field(default_factory=list)

    def _weigh(self, w: sp.csr_matrix, e: sp.csr_matrix) -> sp.csr_matrix:
        n = self.n_docs + 1
        idf_w = np.log(n / (1.0 + self.df_w)) + 1.0
        idf_e = np.log(n / (1.0 + self.df_e)) + 1.0
        w = _rownorm(w.copy().log1p() @ sp.diags(idf_w.astype(np.float32)))
        e = _rownorm(e.copy().log1p() @ sp.diags(idf_e.astype(np.float32)))
        a = self.entity_weight
        return sp.hstack([w * np.sqrt(1 - a), e * np.sqrt(a)]).tocsr()

    def load_active(self, w: sp.csr_matrix, e: sp.csr_matrix, stories: list[str], days: list) -> None:
        """Restore the window (e.g. from the store after a restart); counts are not re-added to df."""
        if w.shape[0]:
            self._w.append(w)
            self._e.append(e)
            self._v.extend([None] * w.shape[0])  # embeddings are not stored: restored rows match by TF-IDF
            self._story.extend(stories)
            self._day.extend(days)

    def count_paragraphs(self, articles: list[Article]) -> None:
        """Add the batch's paragraphs to the stream's paragraph counts (once per article)."""
        for a in articles:
            self.para_df.update({k for k in para_keys(a.text or "") if k})
        if len(self.para_df) > MAX_PARAS:
            self.para_df = Counter({k: v for k, v in self.para_df.items() if v > 1})

    def features(self, articles: list[Article]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """raw_features of a batch, after counting its paragraphs into the stream's (chrome cut)."""
        self.count_paragraphs(articles)
        return raw_features(articles, self.lead_words, self.para_df if self.boiler_df > 0 else None,
                            self.boiler_df)

    def embed(self, articles: list[Article]) -> np.ndarray | None:
        """Unit MiniLM vectors of the chrome-stripped leads, or None (option off or model not installed)."""
        if self.embed_weight <= 0 or not encoder.available():
            return None
        texts = []
        for a in articles:
            if a.text and self.boiler_df > 0:
                a = replace(a, text=strip_boiler(a.text, self.para_df, self.boiler_df))
            texts.append(" ".join(lead_text(a, self.embed_words).split()[:self.embed_words]))
        return encoder.get_encoder().encode(texts)

    def new_story_id(self) -> str:
        sid = f"s{self.next_story}"
        self.next_story += 1
        return sid

    def add(self, articles: list[Article], features=None) -> list[str]:
        """Story id of each article (in input order); earlier articles of the batch count too."""
        if not articles:
            return []
        w, e, *v = features if features is not None else self.features(articles)
        v = v[0] if v else self.embed(articles)
        self.df_w += np.bincount(w.indices, minlength=N_FEATURES).astype(np.int32)
        self.df_e += np.bincount(e.indices, minlength=N_FEATURES).astype(np.int32)
        self.n_docs += len(articles)
        days = [_parse_date(a.date) for a in articles]
        old_w = sp.vstack(self._w).tocsr() if self._w else None
        old_e = sp.vstack(self._e).tocsr() if self._e else None
        x_new = self._weigh(w, e)
        s_old = (x_new @ self._weigh(old_w, old_e).T).tocsr() if old_w is not None else None
        s_in = (x_new @ x_new.T).toarray()
        if v is not None:
            s_old, s_in = self._mix(v, s_old, s_in)
        old_story, old_day = list(self._story), list(self._day)
        order = sorted(range(len(articles)), key=lambda i: (days[i] is None, days[i] or 0.0))
        thin = np.asarray(w.sum(axis=1)).ravel() < self.min_words
        size: dict[str, int] = {}
        for sid in old_story:
            size[sid] = size.get(sid, 0) + 1
        out: list[str | None] = [None] * len(articles)
        done: list[int] = []
        for i in order:
            best_sid = None
            if not thin[i]:
                sims = []
                if s_old is not None:
                    lo, hi = s_old.indptr[i], s_old.indptr[i + 1]
                    sims = [(s, old_story[j], old_day[j])
                            for j, s in zip(s_old.indices[lo:hi], s_old.data[lo:hi], strict=True)]
                sims += [(s_in[i, j], out[j], days[j]) for j in done if s_in[i, j] > 0]
                best_sid = self._best(sims, days[i], size)
            out[i] = best_sid or self.new_story_id()
            if thin[i]:
                out[i] = "~" + out[i]  # marks a story nothing may join
            size[out[i]] = size.get(out[i], 0) + 1
            done.append(i)
        out = [o.lstrip("~") if o else o for o in out]
        self._thin.update(o for o, t in zip(out, thin, strict=True) if t)
        self._w.append(w)
        self._e.append(e)
        self._v.extend(list(v) if v is not None else [None] * len(articles))
        self._story.extend(out)
        self._day.extend(days)
        self._evict()
        return out  # type: ignore[return-value]

    def _mix(self, v: np.ndarray, s_old: sp.csr_matrix | None, s_in: np.ndarray):
        """(1 - w) * TF-IDF + w * embedding cosine where the TF-IDF cosine is > 0 and both are embedded.

        Pairs sharing no term keep 0: their mixed score would be <= w, below any sensible threshold.
        """
        a = self.embed_weight
        s_in = np.where(s_in > 0, (1 - a) * s_in + a * (v @ v.T), 0.0)
        if s_old is not None and s_old.nnz:
            has = np.array([x is not None for x in self._v])
            if has.any():
                old_v = np.vstack([x if x is not None else np.zeros(v.shape[1], v.dtype) for x in self._v])
                rows = np.repeat(np.arange(s_old.shape[0]), np.diff(s_old.indptr))
                cols = s_old.indices
                mixed = (1 - a) * s_old.data + a * (v @ old_v.T)[rows, cols]
                s_old = s_old.copy()
                s_old.data = np.where(has[cols], mixed, s_old.data).astype(s_old.data.dtype)
        return s_old, s_in

    def _best(self, sims: list, day, size: dict[str, int]) -> str | None:
        """The story to join: best single link (or mean), if enough members and the mean agree."""
        best: dict[str, float] = {}
        total: dict[str, float] = {}
        links: dict[str, int] = {}
        for s, sid, d in sims:
            if sid in self._thin or sid.startswith("~") or self._too_far(day, d):
                continue
            best[sid] = max(best.get(sid, 0.0), s)
            total[sid] = total.get(sid, 0.0) + s
            links[sid] = links.get(sid, 0) + (s >= self.threshold)
        ok = {sid: (best[sid] if self.link == "single" else total[sid] / size[sid]) for sid in best
              if links[sid] >= min(self.min_links, size[sid]) and total[sid] / size[sid] >= self.min_mean}
        ok = {sid: v for sid, v in ok.items() if v >= self.threshold}
        return max(ok, key=ok.get) if ok else None

    def _too_far(self, d1, d2) -> bool:
        return d1 is not None and d2 is not None and abs(d1 - d2) > self.window_days

    def _evict(self) -> None:
        """Drop articles older than the window (relative to the newest seen) and beyond max_active."""
        if not self._w:
            return
        w, e = sp.vstack(self._w).tocsr(), sp.vstack(self._e).tocsr()
        known = [d for d in self._day if d is not None]
        newest = max(known) if known else None
        keep = np.array([d is None or newest is None or newest - d <= self.window_days for d in self._day])
        idx = np.flatnonzero(keep)[-self.max_active:]
        self._w, self._e = [w[idx]], [e[idx]]
        self._story = [self._story[i] for i in idx]
        self._v = [self._v[i] for i in idx] if len(self._v) == len(keep) else [None] * len(idx)
        self._day = [self._day[i] for i in idx]
        self._thin &= set(self._story)  # thin stories that left the window can no longer be matched

    @property
    def active(self) -> int:
        return len(self._story)


def cluster(articles: list[Article], **params) -> list[str]:
    """One-shot: the story id of each article (ids s1, s2, ... in order of first appearance)."""
    c = Clusterer(**params)
    ids = c.add(articles)
    ren: dict[str, str] = {}
    return [ren.setdefault(s, f"s{len(ren) + 1}") for s in ids]
