"""Incremental story clustering. Reads Article.title/lead/text/date/outlet; returns story ids per article.

Each article becomes a sparse vector: TF-IDF of its title + lead (the first LEAD_WORDS words) joined
with TF-IDF of its named entities (cheap: runs of capitalised words), weighted ENTITY_WEIGHT.
Features are hashed, so the vocabulary never has to be fixed; document frequencies grow with the
stream.  A new article is scored against each story that has a member within `window_days` of it:
(1 - CENTROID) * its best member cosine + CENTROID * its cosine to the story's centroid (the sum of
the members' vectors), so one close member alone cannot pull in an article the story as a whole does
not match (chaining); the score is cut by OUTLET_PENALTY when the story already holds a same-day,
non-copy article of the article's own outlet.  It joins the best story scoring >= threshold, else it
opens one.  Articles stay comparable whatever order they arrive in (up to `max_active` of them);
only those within the window of the batch are compared.
Optionally (`embed_weight` > 0, off by default) the similarity of two articles whose TF-IDF vectors
share a term becomes (1 - w) * TF-IDF cosine + w * MiniLM cosine of their leads (the first
`embed_words` words, one encoder pass per article); the embeddings live in memory only, and without the
model package the clusterer stays TF-IDF only.
The defaults are tuned on dev halves (eval/clustering.py, eval/clustering_dated.py), not guessed.
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
THRESHOLD = 0.18
THRESHOLD_DATED = 0.12  # the threshold when the article and the story's members are dated (the window guards)
LEAD_WORDS = 100_000  # tuned: the whole text beat 200 words (no titles in Multi-News)
ENTITY_WEIGHT = 0.1
WINDOW_DAYS = 7.0
MIN_WORDS = 20  # texts with fewer content words are too thin to match: they stay on their own
LINK = "single"  # "single": best member; "average": mean over the story's members in the window
MIN_LINKS = 1  # a story is joined only through >= min(MIN_LINKS, its size) members above the threshold
CENTROID = 0.5  # weight of the story-centroid cosine against the best member's (guard against chaining)
DECAY_DAYS = 3.0  # a story's score fades as exp(-days to its nearest member / DECAY_DAYS); 0: no fading
OUTLET_PENALTY = 0.7  # score factor when the story holds a same-day, non-copy article of the same outlet
OUTLET_DAYS = 1.0  # "same day": closer than this many days
COPY_SIM = 0.6  # a pair at least this similar is a copy/update, not a second story of that outlet
BOILER_DF = 3  # a paragraph (>= 5 words) seen in this many articles of the stream is page chrome: dropped
REPRINT_WORDS = 150  # ... unless they make up most of a text and this many words: then it is a reprint
MAX_PARAS = 1_000_000  # paragraph counts kept (singletons are pruned beyond this; bounds memory)
MAX_ACTIVE = 20_000  # articles kept for comparison (bounds memory; the oldest dated leave first)
# Articles clustered per Clusterer.add by the store and the engines, whatever the commit batch (`--batch`):
# document frequencies and paragraph counts move once per unit, so a fixed unit gives the same stories for
# any batch size. 1,000: units of 50 cost Multi-News 0.006-0.012 BCubed F1 (the first articles weighed with
# the counts of 50); 1,000 scored >= 200 on every set of eval/clustering_dated.py (docs/clustering.md).
UNIT = 1000
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
    try:
        return d.timestamp() / 86400.0
    except (ValueError, OverflowError, OSError):  # "0001-01-01", a placeholder some pages carry: no usable day
        return None


def _outlet_key(outlet: str) -> str:
    """Outlet name compared case- and space-insensitively ("" when unknown)."""
    return " ".join((outlet or "").lower().split())


def _rownorm(m: sp.csr_matrix) -> sp.csr_matrix:
    n = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    n[n == 0] = 1.0
    return sp.diags(1.0 / n) @ m


@dataclass
class Clusterer:
    """Stream clusterer: `add(articles)` assigns each article a story id, joining or opening stories."""

    threshold: float = THRESHOLD
    threshold_dated: float = THRESHOLD_DATED
    lead_words: int = LEAD_WORDS
    entity_weight: float = ENTITY_WEIGHT
    window_days: float = WINDOW_DAYS
    min_words: int = MIN_WORDS
    link: str = LINK
    min_links: int = MIN_LINKS
    centroid: float = CENTROID
    decay_days: float = DECAY_DAYS
    outlet_penalty: float = OUTLET_PENALTY
    outlet_days: float = OUTLET_DAYS
    copy_sim: float = COPY_SIM
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
    _outlet: list = field(default_factory=list)
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

    def load_active(self, w: sp.csr_matrix, e: sp.csr_matrix, stories: list[str], days: list,
                    outlets: list[str] | None = None) -> None:
        """Restore the window (e.g. from the store after a restart); counts are not re-added to df."""
        if w.shape[0]:
            self._w.append(w)
            self._e.append(e)
            self._v.extend([None] * w.shape[0])  # embeddings are not stored: restored rows match by TF-IDF
            self._story.extend(stories)
            self._day.extend(days)
            self._outlet.extend([_outlet_key(o) for o in outlets] if outlets else [""] * w.shape[0])

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
        outlets = [_outlet_key(a.outlet) for a in articles]
        cand = self._candidates(days)  # active rows within the window of some article of the batch
        x_new = self._weigh(w, e)
        s_old = None
        old_story = [self._story[j] for j in cand]
        old_day = [self._day[j] for j in cand]
        old_outlet = [self._outlet[j] for j in cand]
        norm2: dict[str, float] = {}  # squared norm of each story's centroid (sum of its unit vectors)
        if len(cand):
            old_w = sp.vstack(self._w).tocsr()[cand]
            old_e = sp.vstack(self._e).tocsr()[cand]
            x_old = self._weigh(old_w, old_e)
            s_old = (x_new @ x_old.T).tocsr()
            norm2 = self._centroid_norms(x_old, old_story)
        s_in = (x_new @ x_new.T).toarray()
        if v is not None:
            old_v = [self._v[j] for j in cand]
            s_old, s_in = self._mix(v, s_old, s_in, old_v)
        order = range(len(articles))  # input order: the ids and joins do not depend on how input is batched
        thin = np.asarray(w.sum(axis=1)).ravel() < self.min_words
        size: dict[str, int] = {}
        for sid in old_story:
            size[sid] = size.get(sid, 0) + 1
        out: list[str | None] = [None] * len(articles)
        for i in order:
            best_sid, tot = None, {}
            if not thin[i]:
                sims = []
                if s_old is not None:
                    lo, hi = s_old.indptr[i], s_old.indptr[i + 1]
                    sims = [(s, old_story[j], old_day[j], old_outlet[j])
                            for j, s in zip(s_old.indices[lo:hi], s_old.data[lo:hi], strict=True)]
                sims += [(s_in[i, j], out[j], days[j], outlets[j]) for j in np.flatnonzero(s_in[i, :i] > 0)]
                best_sid, tot = self._best(sims, days[i], outlets[i], size, norm2)
            out[i] = best_sid or self.new_story_id()
            if thin[i]:
                out[i] = "~" + out[i]  # marks a story nothing may join
            else:
                norm2[out[i]] = norm2.get(out[i], 0.0) + 1.0 + 2.0 * tot.get(out[i], 0.0)
            size[out[i]] = size.get(out[i], 0) + 1
        out = [o.lstrip("~") if o else o for o in out]
        self._thin.update(o for o, t in zip(out, thin, strict=True) if t)
        self._w.append(w)
        self._e.append(e)
        self._v.extend(list(v) if v is not None else [None] * len(articles))
        self._story.extend(out)
        self._day.extend(days)
        self._outlet.extend(outlets)
        self._evict()
        return out  # type: ignore[return-value]

    def _candidates(self, days: list) -> np.ndarray:
        """Active rows an article of the batch may be compared with: undated, or within the window of one."""
        if not self._story:
            return np.zeros(0, dtype=np.int64)
        known = np.array(sorted(d for d in days if d is not None))
        if len(known) < len(days) or not len(known):
            return np.arange(len(self._story))
        old = np.array([np.nan if d is None else d for d in self._day])
        pos = np.clip(np.searchsorted(known, old), 0, len(known) - 1)
        gap = np.minimum(np.abs(known[pos] - old), np.abs(known[np.maximum(pos - 1, 0)] - old))
        return np.flatnonzero(np.isnan(old) | (gap <= self.window_days))

    @staticmethod
    def _centroid_norms(x: sp.csr_matrix, story: list[str]) -> dict[str, float]:
        """Squared norm of the sum of each story's member vectors (rows of x)."""
        ids = {sid: k for k, sid in enumerate(dict.fromkeys(story))}
        m = sp.csr_matrix((np.ones(len(story)), ([ids[s] for s in story], np.arange(len(story)))),
                          shape=(len(ids), len(story)))
        c = (m @ x).tocsr()
        sq = np.asarray(c.multiply(c).sum(axis=1)).ravel()
        return {sid: float(sq[k]) for sid, k in ids.items()}

    def _mix(self, v: np.ndarray, s_old: sp.csr_matrix | None, s_in: np.ndarray, old_v: list):
        """(1 - w) * TF-IDF + w * embedding cosine where the TF-IDF cosine is > 0 and both are embedded.

        Pairs sharing no term keep 0: their mixed score would be <= w, below any sensible threshold.
        """
        a = self.embed_weight
        s_in = np.where(s_in > 0, (1 - a) * s_in + a * (v @ v.T), 0.0)
        if s_old is not None and s_old.nnz:
            has = np.array([x is not None for x in old_v])
            if has.any():
                ov = np.vstack([x if x is not None else np.zeros(v.shape[1], v.dtype) for x in old_v])
                rows = np.repeat(np.arange(s_old.shape[0]), np.diff(s_old.indptr))
                cols = s_old.indices
                mixed = (1 - a) * s_old.data + a * (v @ ov.T)[rows, cols]
                s_old = s_old.copy()
                s_old.data = np.where(has[cols], mixed, s_old.data).astype(s_old.data.dtype)
        return s_old, s_in

    def _best(self, sims: list, day, outlet: str, size: dict[str, int], norm2: dict[str, float]):
        """(story to join or None, similarity sum per story) for an article with these member similarities.

        A story's score mixes the best member cosine with the cosine to the story's centroid (weight
        `centroid`), so one close member alone cannot pull an article into a story that has drifted
        elsewhere (chaining).  The score fades with the days to the story's nearest member
        (`decay_days`) and is cut by `outlet_penalty` when the story already holds a non-copy
        article of the same outlet from the same day: outlets rarely run one story twice a day.
        """
        best: dict[str, float] = {}
        total: dict[str, float] = {}
        links: dict[str, int] = {}
        near: dict[str, float] = {}
        clash: set[str] = set()
        for s, sid, d, o in sims:
            if sid in self._thin or sid.startswith("~"):
                continue
            total[sid] = total.get(sid, 0.0) + s
            if self._too_far(day, d):
                continue
            best[sid] = max(best.get(sid, 0.0), s)
            dated = day is not None and d is not None
            links[sid] = links.get(sid, 0) + (s >= (self.threshold_dated if dated else self.threshold))
            if dated:
                dt = abs(day - d)
                near[sid] = min(near.get(sid, dt), dt)
                if outlet and o == outlet and dt < self.outlet_days and s < self.copy_sim:
                    clash.add(sid)
        ok = {}
        for sid, b in best.items():
            if links[sid] < min(self.min_links, size[sid]):
                continue
            if self.link == "average":
                score = total[sid] / size[sid]
            else:
                cent = total[sid] / np.sqrt(max(norm2.get(sid, 1.0), 1.0))
                score = (1 - self.centroid) * b + self.centroid * cent
            if self.decay_days > 0 and sid in near:
                score *= float(np.exp(-near[sid] / self.decay_days))
            if sid in clash:
                score *= self.outlet_penalty
            if score >= (self.threshold_dated if sid in near else self.threshold):
                ok[sid] = score
        return (max(ok, key=ok.get) if ok else None), total

    def _too_far(self, d1, d2) -> bool:
        return d1 is not None and d2 is not None and abs(d1 - d2) > self.window_days

    def _evict(self) -> None:
        """Keep at most max_active articles: beyond that, drop the oldest dated ones, then the oldest undated.

        Articles are not dropped for their age alone: a stream that is not in date order (an archive
        dump) still finds the earlier articles of a story; candidates are picked by date in `add`.
        """
        n = len(self._story)
        if not self._w or n <= self.max_active:
            if len(self._w) > 1:
                self._w, self._e = [sp.vstack(self._w).tocsr()], [sp.vstack(self._e).tocsr()]
            return
        w, e = sp.vstack(self._w).tocsr(), sp.vstack(self._e).tocsr()
        rank = sorted(range(n), key=lambda i: (self._day[i] is None, self._day[i] or 0.0, i))
        idx = np.array(sorted(rank[n - self.max_active:]))
        self._w, self._e = [w[idx]], [e[idx]]
        self._story = [self._story[i] for i in idx]
        self._v = [self._v[i] for i in idx] if len(self._v) == n else [None] * len(idx)
        self._day = [self._day[i] for i in idx]
        self._outlet = [self._outlet[i] for i in idx] if len(self._outlet) == n else [""] * len(idx)
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
