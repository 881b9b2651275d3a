"""Value conflicts and disputed claims.

Reads Articles (text, sentences), Facts (aligned sentence groups), Quotes (speakers) and Entities (name
variants); writes Conflict objects.
- number/date/name: sentences aligned into one fact whose numbers (same unit), dates (weekday, month-day)
  or role-named people ("Foreign Minister X" vs "Foreign Minister Y") differ across articles.
- disputed: a sentence whose cue ("was lying", "denied", "rejected the claim", "false", "not true" ...)
  answers a statement of another party nearby; sides = the claim with its speaker, the denial with its.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations

import numpy as np

from . import claims_conflicts, names, nlp, values
from .model import Article, Citation, Conflict, ConflictSide, Entity, Fact, Quote, Sentence, per_value

# two sentences of different articles can give values for one thing only when they are this similar
# (the story's pair score: hybrid MiniLM + TF-IDF cosine; see docs/similarity.md)
NUMBER_MIN_SCORE = 0.30
# ... or this similar when the two values are said of one uncommon word ("trapped for 12 days" / "after
# being trapped for 16 days"): the values anchor the pair where the rest of the sentences differ
ANCHORED_MIN_SCORE = 0.20
_UPDATE_CUES = re.compile(r"\b(raised|revised|updated|rose|risen|climbed|jumped|increased|lowered|now stands|"
                          r"has (?:risen|climbed|grown)|new (?:toll|figure|estimate|count)|latest)\b", re.I)

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_RE = re.compile(r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{1,2})\b", re.I)
_NUM_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                          "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                                          "twenty".split())}
# cue -> how it names the target: lemma of a denial verb/adjective; "lie" takes its subject as the target
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}
_DENY_LEMMAS = {"lie", "deny", "reject", "dispute", "refute", "contradict", "dismiss", "fabricate", "rebut"}
_DENY_PHRASES = re.compile(r"\b(not true|untrue|false(?:hood)?s?|baseless|groundless|fake news|lying|lied|"
                           r"fabricat\w+|denied|denies|deny|rejected|rejects|disputed|disputes|refuted|"
                           r"contradicted|dismissed)\b", re.I)
_STOP = {"the", "and", "that", "with", "for", "from", "was", "were", "has", "had", "have", "his", "her", "their",
         "its", "this", "said", "says", "who", "which", "not", "but", "also", "after", "before", "into", "than"}
_CLAIM_OBJECT = re.compile(r"\b(?:deny|denied|denies|reject(?:ed|s)?|disputed?|disputes|refuted?|dismissed)\s+"
                           r"(?:the|that|this|these|those|his|her|their|its|such)\s+(?:\w+\s+)?(?:claims?|allegations?|"
                           r"accusations?|charges?|reports?|assertions?|suggestions?|account|version)\b", re.I)
_NEGATIVE = re.compile(r"\b(?:never|not|no|n't|nothing|nobody|neither|nor)\b|n't\b", re.I)
_HEDGE = re.compile(r"\b(may|might|could|possibly|perhaps)\s+(have\s+)?(been\s+)?\w*$", re.I)


def _values(a: Article, s: Sentence) -> dict[str, dict[str, set[str]]]:
    """Values in one sentence: {"number": {unit: {value}}, "date": {"weekday"|month: {...}}, "name": {role: {surname}}}."""
    out: dict[str, dict[str, set[str]]] = {"number": {}, "date": {}, "name": {}}
    doc = nlp.parse(a.text)
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    if span is None:
        return out
    for t in span:
        # ordinals ("first", "second") number different events, not a quantity: never compared
        if t.like_num and t.dep_ == "nummod" and t.ent_type_ not in ("ORDINAL", "DATE", "TIME"):
            txt = t.text.lower().replace(",", "")
            val = str(_NUM_WORDS[txt]) if txt in _NUM_WORDS else txt
            if re.fullmatch(r"\d+(\.\d+)?", val):
                unit = t.head.lemma_.lower()
                out["number"].setdefault(unit, set()).add(val)
        if t.ent_type_ == "PERCENT" and t.like_num:
            out["number"].setdefault("percent", set()).add(t.text)
    low = s.text.lower()
    days = {d for d in _WEEKDAYS if re.search(r"\b" + d + r"\b", low)}
    if days:
        out["date"]["weekday"] = days
    for m in _MONTH_RE.finditer(s.text):
        out["date"].setdefault(m.group(1).lower(), set()).add(m.group(2))
    for e in nlp.ents_in(span):  # span.ents rebuilds doc.ents per sentence: quadratic
        if e.label_ != "PERSON":
            continue
        role = [c.lemma_.lower() for c in e.root.children if c.dep_ in ("compound", "amod") and c.i < e.start]
        if e.root.dep_ == "appos" and e.root.head.pos_ == "NOUN":
            role.append(e.root.head.lemma_.lower())
        if role:
            out["name"].setdefault(" ".join(role), set()).add(e.text)
    return out


def _words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def _related(a1: Article, s1: Sentence, a2: Article, s2: Sentence) -> bool:
    """Two sentences plausibly tell one event: same main verb, or a good share of their content words."""
    w1, w2 = _words(s1.text), _words(s2.text)
    if w1 and w2 and len(w1 & w2) / len(w1 | w2) >= 0.3:
        return True
    roots = []
    for a, s in ((a1, s1), (a2, s2)):
        span = nlp.parse(a.text).char_span(s.start, s.end, alignment_mode="expand")
        roots.append({t.lemma_.lower() for t in span if t.dep_ == "ROOT"} if span is not None else set())
    return bool(roots[0] & roots[1] - {"be", "say"})


_EVENT_YEAR = re.compile(r"\b(?:in|of|during)\s+(?:\w+\s+)?(1[6-9]\d\d|20\d\d)\b|\b(1[6-9]\d\d|20\d\d)['’]s\b")


def _historical(text: str, date: str, story_year: int | None) -> bool:
    """A sentence about an earlier event ("the flood of 1952 killed 300", "2009's storm"): its
    numbers are not the story's, so they never take part in a conflict."""
    ref = int(date[:4]) if date[:4].isdigit() else story_year
    if ref is None:
        return False
    return any(int(m.group(1) or m.group(2)) < ref - 1 for m in _EVENT_YEAR.finditer(text))


def _anchored(x: values.Quantity, y: values.Quantity, common: frozenset) -> bool:
    """Two quantities said of the same uncommon verb or noun (not one the whole story uses)."""
    return bool({x.head} & {y.head} - common - values._UNIT_WORDS - {x.unit}) or \
        bool(x.context & y.context - common - {x.unit})


class _UF:
    def __init__(self):
        self.p: dict = {}

    def find(self, x):
        self.p.setdefault(x, x)
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        self.p[self.find(a)] = self.find(b)


def _nature(sides: list[ConflictSide], texts: list[str], quants: list | None = None) -> str:
    """"update" when publication time explains the difference (each value on its own date and growing
    with time, or a revision cue such as "raised to", "revised down"), else "disagreement". Compatible
    values ("17", "at least 17") count as one value."""
    if any(_UPDATE_CUES.search(t) for t in texts):
        return "update"
    by_value: dict[str, set[str]] = {}
    classes: list = []  # representative quantity of each class of compatible values
    for k, sd in enumerate(sides):
        label = sd.value
        if quants is not None:
            q = quants[k]
            rep = next((c for c in classes if values.compatible(c, q)), None)
            if rep is None:
                classes.append(q)
                rep = q
            label = rep.text
        by_value.setdefault(label, set()).add(sd.date[:10])
    if any("" in d for d in by_value.values()) or len(by_value) < 2:
        return "disagreement"
    dates = list(by_value.values())
    for i in range(len(dates)):
        for j in range(i + 1, len(dates)):
            if dates[i] & dates[j]:
                return "disagreement"  # two values on one day: not explained by time
    if quants is not None and classes:
        # a count that grows with time is an update; one that shrinks without a revision cue is not
        order = sorted(classes, key=lambda c: min(by_value[c.text]))
        if any(later.lo < earlier.lo for earlier, later in zip(order, order[1:], strict=False)):
            return "disagreement"
    return "update"


def _merge_same_thing(comps: list[list], quants: dict) -> list[list]:
    """Join two conflicts of one key when an article gives a compatible value in each and no article
    gives incompatible values across them: one thing ("died around 3 a.m." / "4am"), found through two
    sets of sentence pairs, is one conflict."""
    def arts(c):
        out: dict = {}
        for m in c:
            out.setdefault(m[0].split(":s")[0], []).append(quants[m])
        return out
    merged = True
    while merged:
        merged = False
        for i in range(len(comps)):
            for j in range(i + 1, len(comps)):
                a, b = comps[i], comps[j]
                if quants[a[0]].key != quants[b[0]].key:
                    continue
                qa, qb = arts(a), arts(b)
                shared = qa.keys() & qb.keys()
                if shared and all(values.compatible(x, y) for aid in shared for x in qa[aid] for y in qb[aid]):
                    comps[i] = a + b
                    del comps[j]
                    merged = True
                    break
            if merged:
                break
    return comps


def number_conflicts(articles: list[Article], sc, qty: values.StoryValues, facts: list[Fact],
                     min_score: float = NUMBER_MIN_SCORE) -> list[Conflict]:
    """Sentences of different articles, about one thing (pair score >= min_score), that give values
    of one key that cannot both hold; linked into one conflict per thing, one side per article value."""
    if sc is None or not qty.quantities or len(sc.sents) < 2:
        return []
    by_id = {a.id: a for a in articles}
    uf = _UF()
    quants: dict[tuple, values.Quantity] = {}
    cand = np.argwhere(np.triu(sc.score >= min(min_score, ANCHORED_MIN_SCORE), 1))
    years = [int(a.date[:4]) for a in articles if a.date[:4].isdigit()]
    story_year = max(years) if years else None
    aside = {s.id for s in sc.sents if _historical(s.text, by_id[s.article_id].date, story_year)}
    edges = []
    for i, j in cand:
        si, sj = sc.sents[i], sc.sents[j]
        if sc.art_index[i] == sc.art_index[j] or si.id in aside or sj.id in aside:
            continue
        for x, y in values.disagreement(qty.get(si.id, []), qty.get(sj.id, []), common=qty.common):
            if x.unit != y.unit or x.foil or y.foil:
                continue  # one number in two units, or a figure named only as what a claim is set against
            if sc.score[i, j] < min_score and not _anchored(x, y, qty.common):
                continue
            if values.open_gap(x, y) and by_id[si.article_id].date[:10] == by_id[sj.article_id].date[:10]:
                continue  # "more than 25 million" and "13 million" on one day: two counts, not a conflict
            edges.append((float(sc.score[i, j]), (si.id, x.start, x.key), (sj.id, y.start, y.key), x, y))
    # strongest pairs first; two values one article gives for a key never join one conflict (an outlet
    # that gives 45% and 55% tells two things, and a chain through them would mix those things)
    members_of: dict = {}
    for _score, kx, ky, x, y in sorted(edges, key=lambda e: -e[0]):
        quants.setdefault(kx, x)
        quants.setdefault(ky, y)
        rx, ry = uf.find(kx), uf.find(ky)
        if rx == ry:
            continue
        mx, my = members_of.get(rx, [kx]), members_of.get(ry, [ky])
        if any(m[0].split(":s")[0] == n[0].split(":s")[0] and not values.compatible(quants[m], quants[n])
               for m in mx for n in my):
            continue
        uf.union(kx, ky)
        members_of[uf.find(kx)] = mx + my
    comps: dict = {}
    for k in quants:
        comps.setdefault(uf.find(k), []).append(k)
    comps = _merge_same_thing(list(comps.values()), quants)
    fact_of = {sid: f for f in facts for c in f.citations for sid in c.sentence_ids}
    out = []
    for members in comps:
        sides, texts, arts, seen, side_q = [], [], [], {}, []
        for sid, _, _key in sorted(members, key=lambda m: (by_id[m[0].split(":s")[0]].date, m[0], m[1])):
            q = quants[(sid, _, _key)]
            aid = sid.split(":s")[0]
            a = by_id[aid]
            if (aid, q.text) in seen:  # one article giving the value again: the side cites each sentence
                cited = seen[(aid, q.text)].citation.sentence_ids
                if sid not in cited:
                    cited.append(sid)
                continue
            side_q.append(q)
            s = a.sentence(sid)
            sides.append(ConflictSide(s.text if s else q.text, q.text, a.outlet or a.id, Citation.of(s, a.outlet),
                                      date=a.date))
            seen[(aid, q.text)] = sides[-1]
            texts.append(s.text if s else "")
            if aid not in arts:
                arts.append(aid)
        if len(arts) < 2 or len({(q.lo, q.hi) for q in (quants[m] for m in members)}) < 2:
            continue
        q0 = quants[members[0]]
        about = " ".join(w for w in (q0.qualifier, q0.unit) if w) + (" (change)" if q0.delta else "")
        summary = per_value(sides)
        f = next((fact_of[sd.citation.sentence_ids[0]] for sd in sides
                  if sd.citation and sd.citation.sentence_ids[0] in fact_of
                  and fact_of[sd.citation.sentence_ids[0]].corroborated), None)
        out.append(Conflict(id="", kind="number", claim=f"{about}: {summary}", sides=sides, articles=arts,
                            nature=_nature(sides, texts, side_q), fact_id=f.id if f else "", about=about))
    return out


STATUS_MIN_SCORE = 0.45
_FUTURE = re.compile(r"\b(will|'ll|would|expected to|expects? to|plans? to|planned to|intends? to|(?:is|are|was|were) "
                     r"(?:set|scheduled|due|poised|about|going) to|agreed to|(?:is|are) to)\b", re.I)
_LIGHT_VERBS = {"be", "have", "say", "do", "make", "get", "go", "take", "come", "tell", "report", "add"}


def status_conflicts(articles: list[Article], sc, vals, facts: list[Fact],
                     min_score: float = STATUS_MIN_SCORE) -> list[Conflict]:
    """One event told as expected by some articles ("is expected to plead guilty", "plans to file
    charges") and as done by others ("pleaded guilty"): an update of its status, shown side by side.
    Both sentences must be close (pair score >= min_score) and share their main verb."""
    stance = getattr(vals, "stance", None)
    if sc is None or not stance or len(sc.sents) < 2:
        return []
    by_id = {a.id: a for a in articles}
    uf, verb_of = _UF(), {}
    for i, j in np.argwhere(np.triu(sc.score >= min_score, 1)):
        si, sj = sc.sents[i], sc.sents[j]
        if sc.art_index[i] == sc.art_index[j]:
            continue
        a, b = stance.get(si.id), stance.get(sj.id)
        if not a or not b or a[2] != b[2] or not a[2] or a[2] in _LIGHT_VERBS or a[1] or b[1] or a[0] == b[0]:
            continue
        if not _FUTURE.search((si if a[0] else sj).text):
            continue  # "can be seen", "may have": a hedge, not an event still to come
        uf.union(si.id, sj.id)
        verb_of[si.id] = verb_of[sj.id] = a[2]
    comps: dict = {}
    for sid in verb_of:
        comps.setdefault(uf.find(sid), []).append(sid)
    fact_of = {sid: f for f in facts for c in f.citations for sid in c.sentence_ids}
    out = []
    for members in comps.values():
        verb = verb_of[members[0]]
        sides = []
        for sid in sorted(members, key=lambda x: (by_id[x.split(":s")[0]].date, x)):
            a = by_id[sid.split(":s")[0]]
            s = a.sentence(sid)
            told = "expected" if stance[sid][0] else "done"
            sides.append(ConflictSide(s.text if s else "", told, a.outlet or a.id, Citation.of(s, a.outlet), date=a.date))
        if len({sd.value for sd in sides}) < 2 or len({sd.citation.article_id for sd in sides}) < 2:
            continue
        summary = per_value(sides)
        f = next((fact_of[sid] for sid in members if sid in fact_of and fact_of[sid].corroborated), None)
        out.append(Conflict(id="", kind="claim", claim=f"{verb}: {summary}", sides=sides,
                            articles=list(dict.fromkeys(sd.citation.article_id for sd in sides)),
                            nature="update", fact_id=f.id if f else "", about=f"whether it happened: {verb}"))
    return out


def value_conflicts(articles: list[Article], facts: list[Fact],
                    kinds: tuple[str, ...] = ("number", "date", "name")) -> list[Conflict]:
    """Differing numbers, dates or role-named people between sentences of one aligned fact."""
    by_id = {a.id: a for a in articles}
    out, seen = [], set()
    for f in facts:
        if len({c.article_id for c in f.citations}) < 2:
            continue
        sents = [(by_id[c.article_id], by_id[c.article_id].sentence(sid))
                 for c in f.citations if c.article_id in by_id for sid in c.sentence_ids]
        sents = [(a, s) for a, s in sents if s is not None]
        vals = {s.id: _values(a, s) for a, s in sents}
        for (a1, s1), (a2, s2) in combinations(sents, 2):
            if a1.id == a2.id or not _related(a1, s1, a2, s2):
                continue
            for kind in kinds:
                v1, v2 = vals[s1.id][kind], vals[s2.id][kind]
                for key in v1.keys() & v2.keys():
                    x, y = v1[key], v2[key]
                    if x & y or not x or not y:
                        continue  # share a value: the other numbers likely count other things
                    if kind == "name" and {w for n in x for w in n.lower().split()} & \
                            {w for n in y for w in n.lower().split()}:
                        continue  # "Ilse" and "Ilse Brandt" name one person
                    sig = (kind, key, frozenset(x), frozenset(y), f.id)
                    if sig in seen:
                        continue
                    seen.add(sig)
                    out.append(Conflict(id="", kind=kind, claim=f"{key}: {f.text}",
                                        sides=[ConflictSide(s1.text, ", ".join(sorted(x)), a1.outlet or a1.id,
                                                            Citation.of(s1, a1.outlet)),
                                               ConflictSide(s2.text, ", ".join(sorted(y)), a2.outlet or a2.id,
                                                            Citation.of(s2, a2.outlet))],
                                        articles=[a1.id, a2.id]))
    return out


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$",
                      re.I)
_RANK = {"deputy", "vice", "assistant"}


def _persons(a: Article):
    """(entity, its sentence span, sentence) for each person name of two or more words in an article."""
    doc = nlp.parse(a.text)
    for s in a.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None:
            continue
        for e in nlp.ents_in(span):  # span.ents rebuilds doc.ents per sentence: quadratic
            if e.label_ == "PERSON" and len(e) >= 2:
                yield e, span, s


def _titles(a: Article) -> list[tuple[str, list[str], Sentence]]:
    """(surname, title words, sentence) for each person named with a title before the name
    ("Warrant Officer 2nd Class Ilse Brandt" -> brandt, [warrant, officer, 2nd, class])."""
    out = []
    for e, span, s in _persons(a):
        doc = span.doc
        sub = {t.i for t in e.root.subtree}
        words, k = [], e.start - 1
        while k >= span.start and k in sub and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "NUM") \
                and doc[k].dep_ in ("compound", "amod", "nummod"):
            words.insert(0, doc[k].text)
            k -= 1
        if words:
            out.append((e[-1].lower_, words, s))
    return out


def _title_clash(t1: list[str], t2: list[str]) -> bool:
    """Two titles of one person that cannot both hold: same title with another rank number ("2nd Class"
    vs "1st Class"), or a deputy's title against the title itself ("Deputy Governor" vs "Governor")."""
    t1, t2 = [w.lower() for w in t1], [w.lower() for w in t2]
    if t1[-1] != t2[-1]:
        return False
    o1 = {w for w in t1 if _ORDINAL.match(w)}
    o2 = {w for w in t2 if _ORDINAL.match(w)}
    if o1 and o2 and o1 != o2:
        return True
    r1, r2 = set(t1) & _RANK, set(t2) & _RANK
    return r1 != r2 and not (set(t1) - r1 - o1) ^ (set(t2) - r2 - o2)


def title_conflicts(articles: list[Article]) -> list[Conflict]:
    """One person given titles by different articles that cannot both hold."""
    seen: dict[str, list[tuple[Article, list[str], Sentence]]] = {}
    for a in articles:
        for sur, words, s in _titles(a):
            seen.setdefault(sur, []).append((a, words, s))
    out = []
    for sur, mentions in seen.items():
        sides, arts = [], []
        for i, (a1, t1, s1) in enumerate(mentions):
            for a2, t2, s2 in mentions[i + 1:]:
                if a1.id == a2.id or not _title_clash(t1, t2):
                    continue
                for a, t, s in ((a1, t1, s1), (a2, t2, s2)):
                    if a.id not in arts:
                        arts.append(a.id)
                        sides.append(ConflictSide(s.text, " ".join(t), a.outlet or a.id, Citation.of(s, a.outlet), date=a.date))
        if len(arts) >= 2:
            name = sur.capitalize()
            out.append(Conflict(id="", kind="name", claim=f"title of {name}: {per_value(sides)}", sides=sides,
                                articles=arts, nature="disagreement", about=f"title of {name}"))
    return out


def _fold(w: str) -> str:
    return names.fold(w).strip(".")


def _same_first(a: str, b: str) -> bool:
    """'L.' and 'Linda', 'Sandi' and 'Sandra', 'Ekapol' and 'Ekkapol' (a spelling) can name one person;
    'Loretta' and 'Linda' cannot."""
    from difflib import SequenceMatcher
    a, b = _fold(a), _fold(b)
    if a == b or len(a) == 1 and b.startswith(a) or len(b) == 1 and a.startswith(b) or a[:3] == b[:3] \
            or SequenceMatcher(None, a, b).ratio() >= 0.7:
        return True
    nn = _nicknamer()
    forms_a = {a} | nn.nicknames_of(a) | nn.canonicals_of(a)
    forms_b = {b} | nn.nicknames_of(b) | nn.canonicals_of(b)
    return bool(forms_a & forms_b)  # "Jim" and "James", "Bill" and "William"


@cache
def _nicknamer():
    from nicknames import NickNamer  # read on first use: most stories never compare two first names
    return NickNamer()


def _full_names(a: Article) -> list[tuple[str, str, str, Sentence]]:
    """(first, last, as written, sentence) for each two-or-more-word person name in an article."""
    out = []
    for e, _span, s in _persons(a):
        words = [t.text for t in e if t.is_alpha or t.text.endswith(".")]
        if len(words) >= 2 and words[0][:1].isupper() and words[-1][:1].isupper():
            out.append((words[0], _fold(words[-1]), e.text, s))
    return out


def surname_conflicts(articles: list[Article], sc, min_score: float = NUMBER_MIN_SCORE) -> list[Conflict]:
    """One person named with different first names by different articles ("Loretta Tal" / "Linda Tal")
    in sentences about one thing (pair score >= min_score), when neither article ever uses the other's
    first name with that surname (relatives in one story, "Ilse Tal" and "Olav Tal", are named by both)."""
    if sc is None or len(sc.sents) < 2:
        return []
    names = {a.id: _full_names(a) for a in articles}
    by_sent: dict[str, list] = {}
    firsts: dict[tuple[str, str], list[str]] = {}
    for aid, ns in names.items():
        for first, last, written, s in ns:
            by_sent.setdefault(s.id, []).append((first, last, written, s))
            firsts.setdefault((aid, last), []).append(first)
    by_id = {a.id: a for a in articles}
    groups: dict[str, dict[str, tuple]] = {}
    for i, j in np.argwhere(np.triu(sc.score >= min_score, 1)):
        si, sj = sc.sents[i], sc.sents[j]
        if sc.art_index[i] == sc.art_index[j]:
            continue
        for f1, l1, w1, s1 in by_sent.get(si.id, []):
            for f2, l2, w2, s2 in by_sent.get(sj.id, []):
                if l1 != l2 or _same_first(f1, f2) or set(w1.split()) <= set(w2.split()) \
                        or set(w2.split()) <= set(w1.split()):
                    continue  # "Lind Osk" is "Mira Lind Osk"
                a1, a2 = si.article_id, sj.article_id
                if any(_same_first(f, f2) for f in firsts[(a1, l1)]) or \
                        any(_same_first(f, f1) for f in firsts[(a2, l2)]):
                    continue  # an article names both: two people
                g = groups.setdefault(l1, {})
                g.setdefault(a1, (w1, s1))
                g.setdefault(a2, (w2, s2))
    out = []
    for last, per in groups.items():
        sides = []
        for aid, (written, s) in sorted(per.items(), key=lambda kv: (by_id[kv[0]].date, kv[0])):
            a = by_id[aid]
            sides.append(ConflictSide(s.text, written, a.outlet or a.id, Citation.of(s, a.outlet), date=a.date))
        if len({_fold(sd.value.split()[0]) for sd in sides}) < 2:
            continue
        name = last.capitalize()
        out.append(Conflict(id="", kind="name", claim=f"name of {name}: {per_value(sides)}", sides=sides,
                            articles=list(per), nature="disagreement", about=f"name of {name}"))
    return out


def _canonical(name: str, entities: list[Entity], kinds: tuple[str, ...] = ("person",)) -> str:
    """Entity name for a mention (full name or surname variant); the mention itself when unknown."""
    low = name.lower()
    for e in entities:
        if e.kind in kinds and (low == e.name.lower() or low in (v.lower() for v in e.variants)):
            return e.name
    return name


def names_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _described(phrase: str, entities: list[Entity]) -> str:
    """'The company' -> the most mentioned entity the story calls a company; '' if none."""
    words = phrase.lower().split()
    if len(words) > 3 or words[0] not in ("the", "this", "that"):
        return ""
    e = names.entity_called(words[-1], entities, ("person", "org"))
    return e.name if e else ""


def _forms(name: str, entities: list[Entity]) -> set[str]:
    """Lower-cased names and variants of the entity called `name` (or the name itself)."""
    for e in entities:
        if e.name == name:
            return {v.lower() for v in e.variants if len(v) > 2} | {name.lower()}
    return {name.lower()}


def _denial(a: Article, s: Sentence):
    """(cue text, target mention or "", denier phrase or "") when the sentence denies someone; else None."""
    m = _DENY_PHRASES.search(s.text)
    if not m or _HEDGE.search(s.text[: m.start()]):
        return None
    doc = nlp.parse(a.text)
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    target = denier = ""
    if span is not None:
        for t in span:
            if t.lemma_.lower() in _DENY_LEMMAS or t.lower_ in ("lying", "false", "untrue"):
                subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj and t.lemma_.lower() not in ("lie", "fabricate") and subj[0].dep_ == "nsubj":
                    denier = " ".join(w.text for w in subj[0].subtree if not w.is_punct)  # "The company denied"
                if t.lemma_.lower() in ("lie", "fabricate") and subj:
                    target = " ".join(w.text for w in subj[0].subtree if w.pos_ == "PROPN") or ""
                objs = [c for c in t.children if c.dep_ == "dobj"]
                for o in objs:  # "rejected X's claim"
                    poss = [c for c in o.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
                    if poss:
                        target = " ".join(w.text for w in poss[0].subtree if w.pos_ == "PROPN")
                break
    return m.group(0), target, denier


def disputes(articles: list[Article], quotes: list[Quote], entities: list[Entity]) -> list[Conflict]:
    """A party's statement and another party's denial of it, both within one article."""
    out: list[Conflict] = []
    seen: dict[tuple[str, str], Conflict] = {}
    for a in articles:
        qa = [q for q in quotes if q.article_id == a.id]
        idx = {s.id: k for k, s in enumerate(a.sentences)}
        for k, s in enumerate(a.sentences):
            d = _denial(a, s)
            if d is None:
                continue
            cue, target, subject = d
            denier = next((q.speaker for q in qa if q.sentence_id == s.id and q.speaker), "")
            if not denier and subject and subject.lower() not in _PRONOUNS:
                denier = _described(subject, entities) or _canonical(subject, entities, ("person", "org"))
            if not denier:
                continue
            target = _canonical(target, entities) if target else ""
            forms = _forms(denier, entities)

            def about_denier(q, forms=forms) -> bool:
                return any(f in q.text.lower() for f in forms)

            # a claim just before the denial, or a few sentences up if it names the denier
            claims = [q for q in qa if q.speaker != denier and q.sentence_id in idx and q.sentence_id != s.id
                      and (q.speaker or q.cue)
                      and 0 < k - idx[q.sentence_id] <= (5 if about_denier(q) else 3 if target else 2)
                      and (not target or q.speaker == target)]
            if not claims:
                continue
            # the denial must answer what the claim says: they share content words (the denial sentence or
            # the one after it, which often carries the counter-statement)
            # unless the denial names the claim's speaker ("X was lying") or the claim itself ("denied
            # the allegation", said of the claim right before it or of one about the denier)
            after = a.sentences[k + 1].text if k + 1 < len(a.sentences) else ""
            answer = _words(s.text + " " + after)
            names_claim = bool(_CLAIM_OBJECT.search(s.text))
            claims = [q for q in claims if len(_words(q.text) & answer) >= 2 or (target and q.speaker == target)
                      or (names_claim and (about_denier(q) or k - idx[q.sentence_id] == 1))]
            # a negative statement in a sentence naming the denier ("the minister was never aware of it,"
            # said the minister's spokesman) is the denier's own side: not the claim the denial answers
            claims = [q for q in claims if not (_NEGATIVE.search(q.text) and any(
                f in (a.sentence(q.sentence_id).text if a.sentence(q.sentence_id) else q.text).lower() for f in forms))]
            if not claims:
                continue
            claim = max(claims, key=lambda q: (about_denier(q), idx[q.sentence_id],
                                               len(q.text)))  # a claim about the denier first
            cs = a.sentence(claim.sentence_id)
            sig = (names_key(claim.text), names_key(s.text))
            if sig in seen:  # a copy of the same text in another article
                seen[sig].articles.append(a.id)
                continue
            who = claim.speaker or claim.speaker_mention or "unnamed source"
            out.append(Conflict(id="", kind="disputed", claim=f"{who}: {claim.text}",
                                sides=[ConflictSide(cs.text if cs else claim.text, claim.text, who,
                                                    Citation(a.id, [claim.sentence_id], a.outlet)),
                                       ConflictSide(s.text, cue, denier, Citation.of(s, a.outlet))],
                                articles=[a.id]))
            seen[sig] = out[-1]
    return out


def _side_key(c: Conflict, value: str, numbers: bool = False) -> str:
    """A side's value as compared: its numbers for a number conflict ('at least 14 people' -> '14'), or
    for any conflict with `numbers` (a denial keeps its mark: 'denied: 3,000 people' -> 'denied: 3000'),
    else its words."""
    nums = re.findall(r"\d[\d,.]*", value) if c.kind == "number" or numbers else []
    if nums:
        key = " ".join(n.replace(",", "").rstrip(".") for n in nums)
        return "denied: " + key if c.kind != "number" and value.lower().startswith("denied") else key
    return " ".join(value.lower().split())


def hold_facts(facts: list[Fact], found: list[Conflict], source_of, text_of) -> None:
    """A corroborated fact keeps only citations that give the value its own sentence gives, for every
    conflict between outlets found in the story: a fact never cites both sides of a conflict.
    `source_of(article_id)` is the independence key (copy group or outlet), `text_of(sentence_id)` a
    sentence's text; facts left with one source are no longer corroborated."""
    sides: list[dict[str, str]] = []
    for c in found:
        if c.kind == "disputed" or len(c.articles) < 2:
            continue
        by_sid: dict[str, str] = {}
        for numbers in (True, False):  # a claim conflict's sides by their numbers when that still parts
            by_sid = {}                # them ('an estimated 1,406 deaths' and '1,406 people' are one side)
            for sd in c.sides:
                for sid in (sd.citation.sentence_ids if sd.citation else []):
                    by_sid.setdefault(sid, _side_key(c, sd.value, numbers))
            if len(set(by_sid.values())) >= 2:
                break
        if len(set(by_sid.values())) >= 2:
            sides.append(by_sid)
    for f in facts:
        if not f.corroborated:
            continue
        sids = [sid for ct in f.citations for sid in ct.sentence_ids]
        rep = next((sid for sid in sids if text_of(sid) == f.text), "")
        drop: set[str] = set()
        for by_sid in sides:
            keys = {sid: by_sid[sid] for sid in sids if sid in by_sid}
            if len(set(keys.values())) < 2:
                continue
            keep = keys.get(rep) or max(set(keys.values()), key=lambda k: (list(keys.values()).count(k),
                                                                            -list(keys.values()).index(k)))
            drop |= {sid for sid, k in keys.items() if k != keep}
        if not drop:
            continue
        for ct in f.citations:
            ct.sentence_ids = [sid for sid in ct.sentence_ids if sid not in drop]
        f.citations = [ct for ct in f.citations if ct.sentence_ids]
        f.outlets = list(dict.fromkeys(ct.outlet for ct in f.citations if ct.outlet))
        f.independent_sources = len({source_of(ct.article_id) for ct in f.citations})
        f.corroborated = f.independent_sources >= 2


def find_disputes(articles: list[Article], quotes: list[Quote], entities: list[Entity]) -> list[Conflict]:
    """Claims a party denies, each told within one article (ids d0, d1, ...): what the story's parties
    contest, kept apart from the conflicts between outlets (an outlet reporting a denial does not
    disagree with another outlet)."""
    out = disputes(articles, quotes, entities)
    for n, c in enumerate(out):
        c.id, c.nature = f"d{n}", "disputed"
    return out


def find_conflicts(articles: list[Article], facts: list[Fact], qty: values.StoryValues | None = None,
                   scored=None) -> list[Conflict]:
    """Conflicts between outlets: numbers, claims (what/who/where/when, status), dates and names that
    sentences of different articles give differently (disputes within one article: `find_disputes`).

    With `qty` and `scored` (the story's values and pair scores) numbers are compared across the whole
    story; without them, only within aligned facts (the older, narrower rule).
    """
    if qty is not None and scored is not None:
        nums = number_conflicts(articles, scored, qty, facts) + status_conflicts(articles, scored, qty, facts) \
            + claims_conflicts.claim_conflicts(articles, scored, qty, facts)
        others = value_conflicts(articles, facts, kinds=("date", "name")) + title_conflicts(articles) \
            + surname_conflicts(articles, scored)
    else:
        nums, others = [], value_conflicts(articles, facts)
    out = nums + others
    by_fact = {f.id: f for f in facts}
    for n, c in enumerate(out):
        c.id = f"c{n}"
        if c.fact_id in by_fact:
            by_fact[c.fact_id].conflicts.append(c.id)
    return out
