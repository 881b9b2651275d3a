"""Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

Used by framing to find each article's distinctive words against the rest of the story; the prior is
the pooled counts of the whole story (optionally scaled by `prior_weight`)."""

from __future__ import annotations

import math
from collections import Counter

from . import nlp
from .model import Article, DistinctiveTerm, Entity

Z_MIN = 1.96
TOP = 10
_SKIP_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL",
              "MONEY", "PERCENT", "QUANTITY"}
_KEEP_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}


def term_counts(article: Article) -> Counter:
    """Lemmatised content words of an article; names, numbers, dates and stopwords left out."""
    doc = nlp.parse(article.text)
    return Counter(t.lemma_.lower() for t in doc
                   if t.is_alpha and not t.is_stop and len(t) > 2 and t.pos_ in _KEEP_POS
                   and t.ent_type_ not in _SKIP_ENTS)


def log_odds(counts_i: Counter, counts_j: Counter, prior: Counter, prior_weight: float = 1.0) -> dict[str, float]:
    """z-scores of each word of i against j: delta / sqrt(var), with alpha_w = prior_weight * prior[w]."""
    a0 = prior_weight * sum(prior.values())
    n_i, n_j = sum(counts_i.values()), sum(counts_j.values())
    out = {}
    for w, yi in counts_i.items():
        a = prior_weight * prior.get(w, 0) or 0.01
        yj = counts_j.get(w, 0)
        delta = math.log((yi + a) / (n_i + a0 - yi - a)) - math.log((yj + a) / (n_j + a0 - yj - a))
        out[w] = delta / math.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
    return out


def distinctive_terms(articles: list[Article], entities: list[Entity] | None = None,
                      prior_weight: float = 1.0, z_min: float = Z_MIN, top: int = TOP) -> dict[str, list[DistinctiveTerm]]:
    """Per article: words with z >= z_min (at most `top`); when none reach it, the `top` best used twice+."""
    if len(articles) < 2:
        return {}
    counts = {a.id: term_counts(a) for a in articles}
    pooled = sum(counts.values(), Counter())
    out = {}
    for a in articles:
        rest = pooled - counts[a.id]
        z = log_odds(counts[a.id], rest, pooled, prior_weight)
        ranked = sorted(z.items(), key=lambda kv: (-kv[1], kv[0]))
        picked = [(w, s) for w, s in ranked if s >= z_min][:top]
        if not picked:
            picked = [(w, s) for w, s in ranked if s > 0 and counts[a.id][w] >= 2][:top]
        out[a.id] = [DistinctiveTerm(w, a.id, round(s, 3), counts[a.id][w]) for w, s in picked]
    return out
