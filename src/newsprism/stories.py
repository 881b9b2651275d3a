"""Incremental story clustering. Reads Article.title/lead/text/date/outlet; returns story ids per article.

Each article becomes a sparse vector: TF-IDF of its title + lead (the first LEAD_WORDS words) joined
with TF-IDF of its named entities (cheap: runs of capitalised words), weighted ENTITY_WEIGHT.
Features are hashed, so the vocabulary never has to be fixed; document frequencies grow with the
stream.  A new article joins the story holding its most similar earlier article (single link, only
within `window_days` when dates are known) if that cosine >= threshold, else it opens a story.
The defaults are tuned on half of the Multi-News sample clusters (eval/clustering.py), not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from .model import Article

N_FEATURES = 2 ** 20
# Tuned on the dev half of the Multi-News clusters (eval/clustering.py --tune); see docs/clustering.md.
THRESHOLD = 0.16
LEAD_WORDS = 100_000  # tuned: the whole text beat 200 words (no titles in Multi-News)
ENTITY_WEIGHT = 0.1
WINDOW_DAYS = 7.0
MIN_WORDS = 30  # texts with fewer content words are too thin to match: they stay on their own
LINK = "single"  # "single": best member; "average": mean over the story's members in the window
MAX_ACTIVE = 50_000  # articles kept for comparison when dates are unknown (bounds memory)

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


def raw_features(articles: list[Article], lead_words: int = LEAD_WORDS) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hashed term counts of title+lead, and of entity names, one row per article."""
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
    max_active: int = MAX_ACTIVE
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
            self._story.extend(stories)
            self._day.extend(days)

    def new_story_id(self) -> str:
        sid = f"s{self.next_story}"
        self.next_story += 1
        return sid

    def add(self, articles: list[Article], features=None) -> list[str]:
        """Story id of each article (in input order); earlier articles of the batch count too."""
        if not articles:
            return []
        w, e = features if features is not None else raw_features(articles, self.lead_words)
        self.df_w += np.bincount(w.indices, minlength=N_FEATURES).astype(np.int32)
        self.df_e += np.bincount(e.indices, minlength=N_FEATURES).astype(np.int32)
        self.n_docs += len(articles)
        days = [_parse_date(a.date) for a in articles]
        old_w = sp.vstack(self._w).tocsr() if self._w else None
        old_e = sp.vstack(self._e).tocsr() if self._e else None
        x_new = self._weigh(w, e)
        s_old = (x_new @ self._weigh(old_w, old_e).T).tocsr() if old_w is not None else None
        s_in = (x_new @ x_new.T).toarray()
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
        self._story.extend(out)
        self._day.extend(days)
        self._evict()
        return out  # type: ignore[return-value]

    def _best(self, sims: list, day, size: dict[str, int]) -> str | None:
        """The story to join: best single link, or best mean similarity over its members."""
        score: dict[str, float] = {}
        for s, sid, d in sims:
            if sid in self._thin or sid.startswith("~") or self._too_far(day, d):
                continue
            if self.link == "single":
                score[sid] = max(score.get(sid, 0.0), s)
            else:
                score[sid] = score.get(sid, 0.0) + s / size[sid]
        if not score:
            return None
        sid = max(score, key=score.get)
        return sid if score[sid] >= self.threshold else None

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
        self._day = [self._day[i] for i in idx]

    @property
    def active(self) -> int:
        return len(self._story)


def cluster(articles: list[Article], **params) -> list[str]:
    """One-shot: the story id of each article (ids s1, s2, ... in order of first appearance)."""
    c = Clusterer(**params)
    ids = c.add(articles)
    ren: dict[str, str] = {}
    return [ren.setdefault(s, f"s{len(ren) + 1}") for s in ids]
