"""Cited extractive summary of one story.

Reads Article.sentences/text/outlet/date, the align stage's Facts (citations, independent_sources) and a
similarity backend (`.encode(texts)` -> L2-normalised rows). Writes SummarySentence objects.

Each candidate sentence gets a salience score from three signals: support (how many other sources carry a
sentence that says the same thing, from the aligned facts and from sentence cosine), centrality (cosine to
the story centroid) and position (news puts the main facts first). Sentences are then picked greedily by
MMR (salience minus redundancy with what is already picked) under a sentence or word budget, and shown in
story order (relative position in their article, then article date/order). A summary sentence cites its
own article and sentence, plus every other article holding a sentence that states the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .model import Article, Citation, Fact, Sentence, SummarySentence

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_QUOTES = "\"“”«»"
_STOP = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours yourself also
said says say told mr mrs ms one two new""".split())
# Web furniture and page chrome that survive extraction; they are never a fact of the story.
_CHROME = re.compile(
    r"https?://|www\.|\b(?:click|tap) (?:here|to)\b|\bcookies?\b|\bjavascript\b|\bbrowser\b|\bsubscribe\b"
    r"|\bnewsletter\b|\bsign up\b|\bterms of (?:use|service)\b|\bprivacy policy\b|\b(?:tweet|post) with a location\b"
    r"|\bcaption\b|\bphoto:|\bphotograph:|\(ap photo|\bgetty images\b|\ball rights reserved\b|@\w|\bemail us\b"
    r"|\bfollow (?:us|him|her|them)\b|\bread more\b|\bsee also\b|\bdownload\b|\bapp store\b",
    re.I,
)
# Openers that only make sense after the previous sentence.
_DANGLING = re.compile(r"^(?:but|and|so|or|yet|however|still|also|meanwhile|instead|then|that|this|these|those|"
                       r"it|they|he|she|his|her|their|its|such|both|another|the other)\b", re.I)


@dataclass
class Params:
    """Weights and limits of the summariser (tuned on a dev half of the Multi-News sample, eval/summaries.py)."""

    w_support: float = 1.0
    w_central: float = 1.5
    w_position: float = 1.0
    position_decay: float = 20.0  # sentences; position score = exp(-k / decay)
    length_power: float = 0.0  # salience / words**p when a word budget is set (0 = whole-sentence gain)
    mmr_lambda: float = 0.6  # salience weight in MMR; (1 - lambda) weighs redundancy
    dup_cosine: float = 0.6  # never pick a sentence this similar to a picked one
    support_cosine: float = 0.55  # two sentences of different articles "say the same thing" (backend cosine)
    support_overlap: float = 0.45  # ... or this content-word Dice overlap
    cite_min: float = 0.45  # an aligned fact's sentence is cited only if max(cosine, Dice) reaches this
    dangling_penalty: float = 0.3
    min_words: int = 8
    max_words: int = 55


DEFAULT_PARAMS = Params()


def content_words(text: str) -> set[str]:
    """Lower-cased content words (stop words dropped, crude suffix stemming) used for overlap tests."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'").removesuffix("'s")
        if w in _STOP or len(w) < 2:
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def overlap(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two content-word sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def overlap_matrix(sets: list[set[str]]) -> np.ndarray:
    """Pairwise Dice overlap of content-word sets (dense; stories have hundreds of sentences, not more)."""
    vocab: dict[str, int] = {}
    rows = [[vocab.setdefault(w, len(vocab)) for w in ws] for ws in sets]
    m = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
    for r, cols in enumerate(rows):
        m[r, cols] = 1.0
    inter = m @ m.T
    size = m.sum(axis=1)
    return 2 * inter / np.maximum(size[:, None] + size[None, :], 1.0)


def usable(s: Sentence, p: Params = DEFAULT_PARAMS) -> bool:
    """A sentence that can stand in a summary: a whole declarative statement, not chrome or a fragment."""
    t = s.text.strip()
    words = _WORD.findall(t)
    if not (p.min_words <= len(words) <= p.max_words):
        return False
    if t.endswith("?") or t.endswith(":") or not t[0].isupper() and t[0] not in _QUOTES:
        return False
    if _CHROME.search(t):
        return False
    if sum(c.isupper() for c in t if c.isalpha()) > 0.5 * sum(c.isalpha() for c in t):
        return False  # shouting headline or label line
    marks = sum(t.count(c) for c in _QUOTES)
    if marks % 2 == 1 and marks == 1:
        return False  # half of a quote split across sentences
    if t[0] in _QUOTES and t.rstrip(".")[-1:] in _QUOTES:
        return False  # a bare quote without its speaker
    return True


def _order_key(articles: list[Article]) -> dict[str, tuple]:
    """Story order of each article: known date first, then input order."""
    return {a.id: (a.date or "9999", i) for i, a in enumerate(articles)}


def _fact_support(facts: list[Fact]) -> tuple[dict[str, int], dict[str, list[Citation]]]:
    """Per sentence id: independent sources of its fact's sentence group, and that group's citations."""
    n_src, cites = {}, {}
    for f in facts or []:
        # salience reads the whole sentence group the fact came from (articles telling the same part of
        # the story), not only the sentences that corroborate it word for word
        group = f.related or f.citations
        srcs = max(int(f.independent_sources or 1), int(f.related_sources or 0))
        for c in f.citations:
            for sid in c.sentence_ids:
                n_src[sid] = max(n_src.get(sid, 1), srcs)
                cites[sid] = group
    return n_src, cites


def _source_of(a: Article) -> str:
    return a.outlet.strip().lower() or a.id


def _pool(articles: list[Article]) -> list[tuple[int, int, Sentence]]:
    """(article index, position in article, sentence) of every sentence a summary weighs (4+ words)."""
    return [(ai, k, s) for ai, a in enumerate(articles) for k, s in enumerate(a.sentences)
            if len(_WORD.findall(s.text)) >= 4]


def texts_to_encode(articles: list[Article]) -> list[str]:
    """The sentence texts `summarise` encodes, in its order (the pipeline encodes them ahead)."""
    return [s.text for _, _, s in _pool(articles)]


def summarise(articles: list[Article], facts: list[Fact], sim, max_sentences: int | None = 5,
              max_words: int | None = None, params: Params | None = None) -> list[SummarySentence]:
    """The story summary: up to `max_sentences` sentences and/or about `max_words` words, each cited."""
    p = params or DEFAULT_PARAMS
    pool = _pool(articles)
    if not pool:
        return []
    texts = [s.text for _, _, s in pool]
    if hasattr(sim, "fit"):
        sim.fit(texts)
    emb = np.asarray(sim.encode(texts), dtype=np.float32)
    cos = np.clip(emb @ emb.T, 0.0, 1.0)
    words = [content_words(t) for t in texts]
    art = np.array([ai for ai, _, _ in pool])
    cand = [i for i, (_, _, s) in enumerate(pool) if usable(s, p)]
    if not cand:
        cand = list(range(len(pool)))
    n_src_fact, fact_cites = _fact_support(facts)
    sources = [_source_of(a) for a in articles]
    n_sources = max(len(set(sources)), 1)

    # Which other articles say the same thing as candidate i, and through which sentence.
    dice = overlap_matrix(words)
    both = np.maximum(cos, dice)
    ok = ((cos >= p.support_cosine) | (dice >= p.support_overlap)) & (art[:, None] != art[None, :])
    same: dict[int, dict[int, int]] = {}
    for i in cand:
        best: dict[int, tuple[float, int]] = {}
        for j in np.nonzero(ok[i])[0]:
            if both[i, j] > best.get(int(art[j]), (-1.0, -1))[0]:
                best[int(art[j])] = (float(both[i, j]), int(j))
        same[i] = {aj: j for aj, (_, j) in best.items()}

    centroid = emb.mean(axis=0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    central = np.clip(emb @ centroid, 0.0, 1.0)
    c_max = max(float(central[cand].max()), 1e-6)
    sal = {}
    for i in cand:
        ai, k, s = pool[i]
        srcs = {sources[aj] for aj in same[i]} - {sources[ai]}
        indep = max(len(srcs) + 1, n_src_fact.get(s.id, 1))
        support = (indep - 1) / max(n_sources - 1, 1)
        score = (p.w_support * support + p.w_central * central[i] / c_max
                 + p.w_position * float(np.exp(-k / p.position_decay)))
        if _DANGLING.match(s.text):
            score -= p.dangling_penalty
        if max_words and p.length_power:
            score /= max(len(_WORD.findall(s.text)), 1) ** p.length_power / 20 ** p.length_power
        sal[i] = score
    picked = _select(cand, sal, cos, pool, p, max_sentences, max_words)
    order = _order_key(articles)
    picked.sort(key=lambda i: (pool[i][1] / max(len(articles[pool[i][0]].sentences), 1),
                               order[articles[pool[i][0]].id]))
    index = {s.id: n for n, (_, _, s) in enumerate(pool)}
    return [_cited(i, pool, articles, same, fact_cites, index, both, p.cite_min) for i in picked]


def _select(cand, sal, cos, pool, p: Params, max_sentences, max_words) -> list[int]:
    """Greedy MMR under the sentence and word budgets."""
    picked: list[int] = []
    n_words = 0
    left = set(cand)
    lo = min(sal.values())
    hi = max(max(sal.values()) - lo, 1e-6)
    while left:
        if max_sentences and len(picked) >= max_sentences:
            break
        if max_words and n_words >= max_words:
            break
        best, best_v = None, -np.inf
        for i in left:
            red = max((float(cos[i, j]) for j in picked), default=0.0)
            if red >= p.dup_cosine:
                continue
            v = p.mmr_lambda * (sal[i] - lo) / hi - (1 - p.mmr_lambda) * red
            if v > best_v:
                best, best_v = i, v
        if best is None:
            break
        left.discard(best)
        picked.append(best)
        n_words += len(pool[best][2].text.split())
    return picked


def _cited(i, pool, articles, same, fact_cites, index, both, cite_min) -> SummarySentence:
    """The summary sentence with its own citation first, then the other articles that carry it."""
    ai, _, s = pool[i]
    by_article: dict[str, list[str]] = {articles[ai].id: [s.id]}
    for aj, j in same[i].items():
        by_article.setdefault(articles[aj].id, []).append(pool[j][2].id)
    for c in fact_cites.get(s.id, []):  # the aligner's grouping, kept where the wording backs it
        ids = by_article.setdefault(c.article_id, [])
        ids.extend(x for x in c.sentence_ids
                   if x not in ids and x in index and both[i, index[x]] >= cite_min)
    by_article = {aid: ids for aid, ids in by_article.items() if ids}
    outlet = {a.id: a.outlet for a in articles}
    return SummarySentence(text=s.text, citations=[Citation(aid, sids, outlet.get(aid, ""))
                                                   for aid, sids in by_article.items()])
