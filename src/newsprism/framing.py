"""How each article labels the story's main actors, and each article's distinctive words.

Reads Article.text/.sentences (nlp.parse) and the Entities (their mention spans, roles, nationality);
writes Framing (labels per article, each citing a sentence) and DistinctiveTerm lists per article.
Labels: role nouns before the name ("Freedonian leader X"), appositives ("X, the leader of ..."),
copulas ("X is a ...") and epithets ("the tycoon") resolved to an actor by a salience heuristic.
Distinctive terms: weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from functools import lru_cache

from . import names, nlp
from .logodds import distinctive_terms
from .model import Article, DistinctiveTerm, Entity, Framing, Label

MAX_ACTORS = 5
_ARG = {"nsubj", "nsubjpass", "dobj", "pobj", "attr"}
_SUBJ = {"nsubj", "nsubjpass"}
_AGENT_SUFFIXES = ("or", "er", "ist", "man", "woman")
_COPULAS = {"be", "become", "remain"}

__all__ = ["frame", "main_actors", "distinctive_terms"]


def main_actors(entities: list[Entity], n: int = MAX_ACTORS) -> list[Entity]:
    """Most mentioned persons and organisations, seen in >= 2 articles when the story has several."""
    arts = {c.article_id for e in entities for c in e.mentions}
    need = 2 if len(arts) > 1 else 1
    cands = [e for e in entities if e.kind in ("person", "org") and len(e.mentions) >= need]
    return sorted(cands, key=lambda e: -e.count)[:n]


def _explicit(span) -> list[tuple[str, str, str, str]]:
    """(label, phrase, how, nationality) written next to one name mention."""
    out = []
    lab, phrase, nat = names.role_of(names.premodifier_run(span), span)
    if lab:
        out.append((lab, " ".join(w for w in (nat, phrase) if w), "premodifier", nat))
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            out.append((*names.label_forms(child), "appositive", ""))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.append((*names.label_forms(root.head), "appositive", ""))
    if root.dep_ in _SUBJ and root.head.lemma_ in _COPULAS:
        for child in root.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                out.append((*names.label_forms(child), "copula", ""))
    return out


class _Article:
    """One article's parse with the entity mentions placed on it."""

    def __init__(self, article: Article, persons: list[Entity]):
        self.a = article
        self.doc = nlp.parse(article.text)
        self.starts = [s.start for s in article.sentences]
        self.mentions = sorted((s, e_, ent) for ent in persons for aid, s, e_ in ent.spans if aid == article.id)
        self.covered = {i for s, e_, _ in self.mentions for i in range(s, e_)}

    def sid(self, pos: int) -> str:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.a.sentences[i].start <= pos < self.a.sentences[i].end:
            return self.a.sentences[i].id
        return ""

    def sent_index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


@lru_cache(maxsize=1)
def _lemma_index() -> dict[str, set]:
    """spaCy's English lemma lists by part of speech (empty when the model has none)."""
    try:
        idx = nlp.get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return {pos: set(idx[pos]) for pos in ("verb", "noun", "adj")}
    except Exception:  # noqa: BLE001 - another model or pipeline: fall back to the suffix alone
        return {}


def is_agent_noun(word: str) -> bool:
    """'leader', 'governor', 'activist', 'chairman' name a person; 'water', 'corner', 'mirror' do not.

    The suffix must sit on a known verb ('lead-er', 'govern-or', 'run-n-er') or, for -ist, on a known
    noun or adjective ('journal-ist', 'activ-e-ist'); -man/-woman always counts.
    """
    w = word.lower()
    if len(w) <= 4 or not w.isalpha():
        return False
    if w.endswith(("man", "woman")):
        return True
    idx = _lemma_index()
    if not idx:
        return w.endswith(_AGENT_SUFFIXES)
    for suf, pools in (("er", ("verb",)), ("or", ("verb",)), ("ist", ("noun", "adj"))):
        if w.endswith(suf):
            base = w[: -len(suf)]
            forms = {base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else base,
                     base[:-1] + "y" if base.endswith("i") else base, base + "ism", base + "ic"}
            return any(f in idx.get(p, ()) for p in pools for f in forms if len(f) >= 3)
    return False


def _nat_key(words: str) -> str:
    return names.key(names.demonym_place(words) or words) if words else ""


def _epithets(art: _Article, labels_of: dict[str, set], nat_of: dict[str, str]):
    """(entity, label, phrase, sentence id) for definite NPs that stand for a person mentioned before."""
    for t in art.doc:
        is_norp = t.ent_type_ == "NORP" and t.head.ent_type_ != "NORP" and t.dep_ in _SUBJ
        if not (is_norp or (t.pos_ == "NOUN" and t.tag_ == "NN" and t.dep_ in _ARG)):
            continue
        if t.idx in art.covered or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            continue
        if any(c.dep_ in ("appos", "poss") for c in t.children):
            continue  # 'the founder, X' names its own referent; 'the X's leader' is someone else's
        lab, phrase = names.label_forms(t)
        if is_norp:  # 'the outspoken Freedonian': the nationality is the label
            lab = " ".join(x.text for x in t.subtree if x.ent_type_ == "NORP" and x.i <= t.i)
        known = [eid for eid, labs in labels_of.items() if lab in labs]
        agentive = t.dep_ in _SUBJ and is_agent_noun(lab)
        if not (known or agentive or is_norp):
            continue
        sid = art.sid(t.idx)
        if not sid:
            continue
        ent = _resolve(art, t, lab, known, nat_of)
        if ent is not None:
            yield ent, lab, phrase, sid


def _resolve(art: _Article, t, lab: str, known: list[str], nat_of: dict[str, str]):
    """The person an epithet stands for: role and nationality must fit; then the most salient."""
    before = [(s, e_, ent) for s, e_, ent in art.mentions if s < t.idx]
    cands = {ent.id: ent for _, _, ent in before}
    if known:
        cands = {k: v for k, v in cands.items() if k in known}  # a role known for someone else: theirs
    np_nat = " ".join(x.text for x in t.subtree if x.ent_type_ == "NORP" and x.i <= t.i)
    if np_nat:
        want = _nat_key(np_nat)
        cands = {k: v for k, v in cands.items() if not nat_of.get(k) or nat_of[k] == want}
    if not cands:
        return None
    here = art.sent_index(t.idx)
    score: Counter = Counter()
    for s, e_, ent in before:
        if ent.id not in cands:
            continue
        si = art.sent_index(s)
        score[ent.id] += 0.2
        if si == here - 1:
            span = art.doc.char_span(s, e_, alignment_mode="expand")
            score[ent.id] += 3 if span is not None and span.root.dep_ in _SUBJ else 2
        elif si == here:
            score[ent.id] += 1
    for k in known:
        if k in cands:
            score[k] += 3
    best = max(score.items(), key=lambda kv: (kv[1], cands[kv[0]].count), default=(None, 0))
    return cands[best[0]] if best[0] and best[1] >= 1 else None


def frame(articles: list[Article], entities: list[Entity]) -> tuple[list[Framing], dict[str, list[DistinctiveTerm]]]:
    """Labels of the main actors per article, and each article's distinctive terms."""
    persons = [e for e in entities if e.kind in ("person", "org")]
    parsed = [_Article(a, persons) for a in articles]
    found: dict[str, list[Label]] = defaultdict(list)
    labels_of: dict[str, set] = defaultdict(set)
    nat_of = {e.id: names.key(e.nationality) for e in persons if e.nationality}
    for art in parsed:
        for s, e_, ent in art.mentions:
            span = art.doc.char_span(s, e_, alignment_mode="expand")
            sid = art.sid(s)
            if span is None or not sid:
                continue
            for lab, phrase, how, nat in _explicit(span):
                found[ent.id].append(Label(lab, art.a.id, sid, how, phrase))
                labels_of[ent.id].add(lab)
                if nat and ent.id not in nat_of:
                    nat_of[ent.id] = _nat_key(nat)
    for ent in persons:
        labels_of[ent.id] |= {names.fold(t.split(" of ")[0].split()[-1]) for t in ent.titles if t.strip()}
    for art in parsed:
        for ent, lab, phrase, sid in _epithets(art, labels_of, nat_of):
            found[ent.id].append(Label(lab, art.a.id, sid, "epithet", phrase))
    framings = []
    for ent in main_actors(entities):
        fr = Framing(actor=ent.name, entity_id=ent.id)
        seen = set()
        for lab in found.get(ent.id, []):
            if (lab.text, lab.sentence_id) not in seen:
                seen.add((lab.text, lab.sentence_id))
                fr.labels.setdefault(lab.article_id, []).append(lab)
        framings.append(fr)
    return framings, distinctive_terms(articles, entities)
