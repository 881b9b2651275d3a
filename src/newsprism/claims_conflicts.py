"""Claim conflicts across outlets: one event told with a different argument.

Two sentences of different articles that tell one event (same content verb, anchored by a shared object
or a compatible subject, and close enough by the story's pair score) but give a core argument of that
verb as different specific things of one type, neither sentence naming the other's:

- **what** (the object of "to"): "pleaded guilty to bribery" / "pleaded guilty to one tax count";
- **who** (the agent of a passive, or a named subject): "was brokered by Pellow" / "was brokered by Varnby";
- **where** (a place given for one described person or thing): "a nurse in Kettle City" / "a nurse at
  Varnby Clinic in Lantern";
- **when** (the date of one event, resolved against each article's own date): "sent the letter on
  Friday" / "last weekend, the letter was sent";
- **whether** a count happened: "1,200 people did not die" / "1,180 people died";

Reads the story's parse (`nlp.parse`), pair scores (`align.Scored`) and stance (`values.StoryValues`);
writes Conflict objects (kind "claim" or "date"), one side per article value, each with its sentence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np

from . import nlp, timeline, values
from .model import Article, Citation, Conflict, ConflictSide, Fact, per_value

# two sentences can tell one event only when at least this close (hybrid pair score, docs/similarity.md)
ARG_MIN_SCORE = 0.25
# ... and the place of one described person or thing needs a closer pair: a noun alone anchors little
PLACE_MIN_SCORE = 0.30

# verbs that say little about which event is told (or only report another's words)
_LIGHT = {"be", "have", "do", "make", "get", "go", "come", "take", "give", "say", "tell", "report", "add",
          "state", "claim", "note", "write", "show", "see", "include", "become", "seem", "appear", "know", "think",
          "believe", "accord", "call", "use", "want", "try", "need", "let", "begin", "start", "continue", "keep"}
# personal pronouns by the person they can stand for
_PERSONAL = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they", "i": "i",
             "we": "we"}
_DAY_ISO = re.compile(r"^\d{4}-\d\d-\d\d$")
_WEEKEND = re.compile(r"\b(last|this|past|the)\s+weekend\b", re.I)


def _phrase(tok) -> list:
    """The noun with its left modifiers ("one felony fraud count"), without clauses or prepositions."""
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nummod", "poss", "nmod")]
    toks = sorted({t for c in left for t in c.subtree} | {tok}, key=lambda t: t.i)
    return [t for t in toks if t.i <= tok.i]


def _content(toks) -> set[str]:
    return {t.lemma_.lower() for t in toks if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_stop}


def _asserted(v) -> bool:
    """A verb told as done: neither it nor a verb it depends on ("asked him to have X tweet") is negated,
    under a modal or an infinitive marker; a reporting verb above it ("X said ...") passes it on."""
    node = v
    for _ in range(4):
        kids = list(node.children)
        if any(c.dep_ == "neg" for c in kids) or \
                any(c.dep_ in ("aux", "auxpass") and (c.lower_ in values._MODAL_AUX or c.lower_ == "to") for c in kids):
            return False
        if node.dep_ not in ("xcomp", "ccomp", "advcl", "conj") or node.head is node:
            return True
        node = node.head
    return True


class _Frame:
    """One content verb of a sentence with the arguments a conflict can be about."""

    __slots__ = ("sid", "key", "subj", "objs", "args", "words")

    def __init__(self, sid, key, subj, objs, args, words):
        self.sid, self.key, self.subj, self.objs, self.args, self.words = sid, key, subj, objs, args, words


def _frames(span, sid: str) -> list[_Frame]:
    words = {t.lemma_.lower() for t in span} | {t.lower_ for t in span}
    out = []
    for v in span:
        if v.pos_ != "VERB" or v.lemma_.lower() in _LIGHT or not _asserted(v):
            continue
        key = " ".join([v.lemma_.lower()] + [c.lemma_.lower() for c in v.children if c.dep_ == "acomp"])
        subj, objs, args = "", set(), {}
        for c in v.children:
            if c.dep_ == "nsubj":
                subj = _PERSONAL.get(c.lower_, "") or (c.lemma_.lower() if c.pos_ == "NOUN" else "")
                if c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                    ent = next((e for e in nlp.ents_in(span) if e.start <= c.i < e.end), None)
                    subj = ent.text if ent is not None else c.text
                    args.setdefault("who", (c, ent.text if ent is not None else c.text, c.ent_type_))
            elif c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN":
                objs.add(c.lemma_.lower())
            elif c.dep_ == "prep" and c.lower_ == "to" or c.dep_ == "acomp":
                preps = [c] if c.dep_ == "prep" else [g for g in c.children if g.dep_ == "prep" and g.lower_ == "to"]
                for o in (g for p in preps for g in p.children if g.dep_ == "pobj"):
                    if _specific(o):
                        args["what"] = (o, " ".join(t.text for t in _phrase(o)), "NOUN")
            elif c.dep_ == "agent":
                o = next((g for g in c.children if g.dep_ == "pobj"), None)
                if o is not None and o.ent_type_ in ("PERSON", "ORG"):
                    ent = next((e for e in nlp.ents_in(span) if e.start <= o.i < e.end), None)
                    if ent is not None:
                        args["who"] = (o, ent.text, o.ent_type_)
        out.append(_Frame(sid, key, subj, objs, args, words))
    return out


def _specific(o) -> bool:
    """A common noun naming one thing ("bribery", "a tax count"), not a bare plural ("charges")
    that names a kind and fits any specific value."""
    if o.pos_ != "NOUN" or o.ent_type_:
        return False
    return o.tag_ != "NNS" or any(c.dep_ in ("compound", "amod", "nummod") for c in o.children)


def _same_subject(a: str, b: str) -> bool:
    """Subjects that can name one actor: a personal pronoun fits a name or the same pronoun, a name
    fits a name that shares a word, a common noun ("his wife") only the same noun."""
    if not a or not b:
        return False
    pa, pb = a in _PERSONAL.values(), b in _PERSONAL.values()
    if pa or pb:
        return a == b or (pa and b[:1].isupper()) or (pb and a[:1].isupper())
    return bool(set(a.lower().split()) & set(b.lower().split()))


def _names_other(words: set[str], value_toks) -> bool:
    """Whether a sentence (its word/lemma set) mentions any content word of the other side's value."""
    return bool(_content(value_toks) & words) or any(t.lower_ in words for t in value_toks
                                                      if t.pos_ in ("NOUN", "PROPN"))


def _places(span) -> list[tuple]:
    """(noun lemma, place entity, noun) for a singular noun given a place: "a nurse in Lantern", "a
    nurse at Varnby Clinic in Lantern" (a plural names a group, and two groups may live apart)."""
    ents = {t.i: e for e in nlp.ents_in(span) if e.label_ in ("GPE", "LOC") for t in e}
    out = []
    for n in span:
        if n.pos_ != "NOUN" or n.ent_type_ or n.tag_ != "NN":
            continue
        found = None
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from", "at"):
                for o in (g for g in c.children if g.dep_ == "pobj"):
                    if o.i in ents:
                        found = ents[o.i]
                    elif o.ent_type_ in ("ORG", "FAC"):  # "at Varnby College in Lantern"
                        for p in (g for g in o.children if g.dep_ == "prep" and g.lower_ == "in"):
                            found = next((ents[g.i] for g in p.children if g.dep_ == "pobj" and g.i in ents), found)
        if found is not None:
            out.append((n.lemma_.lower(), found, n))
    return out


def _same_place(a: str, b: str) -> bool:
    """Two place names that may name one place: a shared word, or one the initials of the other
    ("U.S." / "United States")."""
    wa, wb = (re.sub(r"[.,]", " ", x.lower().replace(".", "")).split() for x in (a, b))
    if set(wa) & set(wb):
        return True
    ia, ib = "".join(w[0] for w in wa if w != "the"), "".join(w[0] for w in wb if w != "the")
    return "".join(wa) in (ib, ib[:2]) or "".join(wb) in (ia, ia[:2])


def _weekend(phrase: str, ref: date | None) -> str:
    """'last weekend' / 'this weekend' as the Saturday/Sunday span before the article's date."""
    m = _WEEKEND.search(phrase)
    if not m or ref is None:
        return ""
    sat = ref - timedelta(days=(ref.weekday() - 5) % 7)  # the latest Saturday on or before ref
    if m.group(1).lower() == "last" and ref.weekday() >= 5:
        sat -= timedelta(days=7)
    return f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"


def _interval(iso: str) -> tuple[date, date] | None:
    """Day, 'start/end' span, month or year of a resolved date as (first day, last day); None when
    unresolved."""
    try:
        if "/" in iso:
            a, b = iso.split("/")
            return date.fromisoformat(a), date.fromisoformat(b)
        if _DAY_ISO.match(iso):
            d = date.fromisoformat(iso)
            return d, d
        if re.fullmatch(r"\d{4}-\d\d", iso):
            y, m = int(iso[:4]), int(iso[5:])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), nxt - timedelta(days=1)
        if re.fullmatch(r"\d{4}", iso):
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
    except ValueError:
        return None
    return None


def _event_dates(span, ref: date | None, years: list[int]) -> dict:
    """{verb token index: (phrase, interval)} for a date phrase said of a verb ("sent ... on Friday")."""
    out = {}
    for e in nlp.ents_in(span):
        if e.label_ != "DATE":
            continue
        head = e.root.head
        if e.root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("on", "at", "in", "during"):
            head = head.head
        elif e.root.dep_ not in ("npadvmod", "tmod"):
            continue
        if head.pos_ != "VERB":
            continue
        iso = _weekend(e.text, ref) or timeline.resolve(e.text, ref, years, past=True)
        iv = _interval(iso) if iso else None
        if iv is not None:
            out[head.i] = (e.text, iv)
    # "X said in 2017 that he repaid the loan": the repaying came on or before the day it was told of
    for t in span:
        if t.i in out and t.lemma_.lower() in values._REPORT:
            for c in t.children:
                if c.dep_ == "ccomp" and c.pos_ == "VERB" and c.i not in out:
                    phrase, (_, end) = out[t.i]
                    out[c.i] = (f"by {phrase} (told then)", (date.min, end))
    return out


def claim_conflicts(articles: list[Article], sc, vals, facts: list[Fact]) -> list[Conflict]:
    """Conflicts about what, who, where and when one event was, between sentences of different articles."""
    if sc is None or len(sc.sents) < 2:
        return []
    by_id = {a.id: a for a in articles}
    years = timeline._story_years(articles)
    refs = {a.id: timeline.reference_date(a, years) for a in articles}
    spans, frames, places, dates = {}, {}, {}, {}
    for k, s in enumerate(sc.sents):
        a = by_id[s.article_id]
        span = nlp.parse(a.text).char_span(s.start, s.end, alignment_mode="expand")
        if span is None:
            continue
        spans[k] = span
        frames[k] = _frames(span, s.id)
        places[k] = _places(span)
        dates[k] = _event_dates(span, refs.get(a.id), years)
    edges: list[tuple] = []  # (kind, about, (k, value), (k, value), score)
    low = min(ARG_MIN_SCORE, PLACE_MIN_SCORE)
    for i, j in np.argwhere(np.triu(sc.score >= low, 1)):
        if sc.art_index[i] == sc.art_index[j] or i not in spans or j not in spans:
            continue
        score = float(sc.score[i, j])
        for fi in frames[i]:
            for fj in frames[j]:
                if fi.key != fj.key:
                    continue
                anchored = bool(fi.objs & fj.objs)
                if not anchored and not (score >= ARG_MIN_SCORE and _same_subject(fi.subj, fj.subj)):
                    continue
                for role in ("what", "who"):
                    if role not in fi.args or role not in fj.args:
                        continue
                    (ti, vi, ki), (tj, vj, kj) = fi.args[role], fj.args[role]
                    if ki != kj or vi.lower() == vj.lower():
                        continue
                    toks_i = _phrase(ti) if role == "what" else [t for t in spans[i] if t.i == ti.i]
                    toks_j = _phrase(tj) if role == "what" else [t for t in spans[j] if t.i == tj.i]
                    if role == "who" and set(vi.lower().split()) & set(vj.lower().split()):
                        continue
                    if _names_other(fj.words, toks_i) or _names_other(fi.words, toks_j):
                        continue
                    edges.append(("claim", f"{role} {fi.key}", (i, vi), (j, vj), score))
                # when: one event (shared object) dated on days that do not meet
                if anchored:
                    di = next((dates[i][t.i] for t in spans[i] if t.i in dates[i] and t.lemma_.lower() == fi.key.split()[0]), None)
                    dj = next((dates[j][t.i] for t in spans[j] if t.i in dates[j] and t.lemma_.lower() == fj.key.split()[0]), None)
                    if di and dj and (di[1][1] < dj[1][0] or dj[1][1] < di[1][0]):
                        edges.append(("date", f"when {fi.key}", (i, di[0]), (j, dj[0]), score))
        if score >= PLACE_MIN_SCORE:
            for ni, gi, _ in places[i]:
                for nj, gj, _ in places[j]:
                    if ni != nj or _same_place(gi.text, gj.text):
                        continue
                    if gi.text.lower() in sc.sents[j].text.lower() or gj.text.lower() in sc.sents[i].text.lower():
                        continue
                    edges.append(("claim", f"where {ni}", (i, gi.text), (j, gj.text), score))
    edges += _denied_counts(sc, vals, spans)
    return _conflicts(edges, sc, by_id, facts)


_POINT_SPREAD = 1.25


def _verb_negated(span, q) -> bool:
    """Whether the verb the quantity is an argument of is itself negated ("1,200 people did not die");
    a negation elsewhere in the sentence ("there were no survivors among the 144") is not."""
    toks = [t for t in span if q.start <= t.idx < q.end]
    if not toks:
        return False
    t = toks[0]
    while t.head is not t and t.head.i in range(toks[0].i, toks[-1].i + 1):
        t = t.head  # the phrase's head ("people" in "1,200 people")
    if t.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    return t.head.pos_ == "VERB" and any(c.dep_ == "neg" for c in t.head.children)


def _denied_counts(sc, vals, spans) -> list[tuple]:
    """A count one article says did not happen ("1,200 people did not die") against a figure of the same
    key that another article states (1,380 deaths): one claim, asserted and denied."""
    qty = getattr(vals, "quantities", None)
    if not qty:
        return []
    edges = []
    for i, si in enumerate(sc.sents):
        if i not in spans:
            continue
        for x in vals.get(si.id):
            if not x.negated or x.foil or x.delta or not _verb_negated(spans[i], x):
                continue
            for j, sj in enumerate(sc.sents):
                if sc.art_index[j] == sc.art_index[i] or sc.score[i, j] < PLACE_MIN_SCORE:
                    continue
                for y in vals.get(sj.id):
                    if y.key != x.key or y.negated or y.foil or y.span or y.lo <= 0 \
                            or y.hi > y.lo * _POINT_SPREAD or not values.compatible(x, y):
                        continue
                    edges.append(("claim", f"whether: {x.text}", (i, f"denied: {x.text}"), (j, y.text),
                                  float(sc.score[i, j])))
    return edges


def _conflicts(edges, sc, by_id, facts) -> list[Conflict]:
    """One conflict per (kind, about) thing: edges joined through shared sentence sides."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for kind, about, a, b, _ in sorted(edges, key=lambda e: -e[4]):
        parent[find((kind, about, a))] = find((kind, about, b))
    groups: dict = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    fact_of = {sid: f for f in facts for c in f.citations for sid in c.sentence_ids}
    out = []
    for members in groups.values():
        kind, about = members[0][0], members[0][1]
        sides, seen = [], set()
        for _, _, (k, value) in sorted(members, key=lambda m: (by_id[sc.sents[m[2][0]].article_id].date, m[2][0])):
            s = sc.sents[k]
            a = by_id[s.article_id]
            if (a.id, value.lower()) in seen:
                continue
            seen.add((a.id, value.lower()))
            sides.append(ConflictSide(s.text, value, a.outlet or a.id, Citation.of(s, a.outlet), date=a.date))
        arts = list(dict.fromkeys(sd.citation.article_id for sd in sides))
        if len(arts) < 2 or len({sd.value.lower() for sd in sides}) < 2:
            continue
        summary = per_value(sides)
        f = next((fact_of[sd.citation.sentence_ids[0]] for sd in sides if sd.citation.sentence_ids[0] in fact_of
                  and fact_of[sd.citation.sentence_ids[0]].corroborated), None)
        out.append(Conflict(id="", kind=kind, claim=f"{about}: {summary}", sides=sides, articles=arts,
                            nature="disagreement", fact_id=f.id if f else "", about=about))
    return out
