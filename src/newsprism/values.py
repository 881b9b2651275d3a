"""Values a sentence asserts: quantities with their unit or counted noun, modifier and interval.

A helper of the align and conflicts stages (reads a spaCy parse of the article, writes nothing). Two
sentences give *the same thing* when a quantity of each has the same key (counted noun or unit, plus any
qualifier such as a nationality, and whether it is a change "by N"); the values are *compatible* when
their intervals meet: "at least 14" = [14, inf) meets "14" but not "12"; "80 km" and "80 miles" have
different keys of one dimension, so they never support each other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import nlp

_WORD_NUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORD_NUM.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                  "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24})
_MULT = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
         "m": 1e6, "bn": 1e9, "k": 1e3}
# modifier words before a number -> how they bound it (lo factor, hi factor); None = unbounded
_LOWER = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
          "a minimum of", "exceeding", "above", "beyond",
          # a verb of surpassing right before the figure claims a lower bound ("the toll may exceed 900"); with
          # words between ("exceeded the official toll of 83") the figure is a foil (_FOIL_BEFORE)
          "exceed", "exceeds", "exceeded", "surpass", "surpasses", "surpassed")
_UPPER = ("up to", "as many as", "as much as", "fewer than", "less than", "under", "below", "at most",
          "no more than", "a maximum of")
_NEAR = ("nearly", "almost", "close to", "just under", "just shy of")
_ABOUT = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "circa",
          "or so", "nearly", "almost", "close to")
_DURATION = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_DIMENSION = {
    "length": {"km", "kilometer", "kilometre", "mile", "meter", "metre", "m", "foot", "feet", "ft", "yard",
               "inch", "cm", "centimeter", "centimetre", "mm", "nautical"},
    "mass": {"kg", "kilogram", "kilo", "pound", "lb", "ton", "tonne", "gram", "g", "ounce"},
    "money": {"$", "€", "£", "¥", "dollar", "euro", "pound sterling", "yen", "usd", "eur", "gbp"},
    "speed": {"mph", "km/h", "kph", "knot"},
    "temperature": {"celsius", "fahrenheit", "degree"},
    "time": _DURATION,
}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "us$": "$"}
_UNIT_ALIAS = {"kilometre": "km", "kilometer": "km", "metre": "meter", "per cent": "%", "percent": "%",
               "percentage": "%", "feet": "foot", "ft": "foot", "kilo": "kg", "kilogram": "kg", "dollar": "$",
               "euro": "€", "pound": "pound", "person": "people", "persons": "people", "mile": "mile",
               "percentage point": "point"}
_NUM_RE = re.compile(r"^\d[\d,]*(\.\d+)?$|^\d+(\.\d+)?$")
_CLOCK_RE = re.compile(r"\b(?:(about|around|approximately|roughly|shortly after|just after|before|after)\s+)?"
                       r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)
_AGE_RE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b", re.I)
_SKIP_ENTS = {"ORDINAL", "PRODUCT", "ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "TIME"}
_NEG = {"not", "n't", "never", "no"}
_CTX = 5  # tokens each side of a number read as its context (measured: 3 and 4 did no better)
# words that make a number count a subset or an addition, not the whole: "the last three miners", "5 more"
_SUBSET_BEFORE = {"last", "first", "other", "remaining", "another", "additional", "further", "next", "final",
                  "latest", "new", "following"}
# units that measure many different things in one story (prices, shares, times of day): their values
# are compared only when said of one thing (a shared head or nearby content word)
_CONTEXT_UNITS = {"clock", "$", "€", "£", "¥", "%", "point", "people", "since", "day"}
_SINCE_RE = re.compile(r"\b(?:ever )?since\s+((?:1[89]|20)\d\d)\b(?!\s*(?:[-–]|and|or|to)\s*\d)", re.I)
# durations are compared in days ("nearly two weeks" meets "12 days"); "a months-long inquiry" is vague
_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.4,
         "year": 365.25, "decade": 3652.5, "century": 36525}
_VAGUE_LONG = re.compile(r"\b(hours|days|weeks|months|years|decades)[- ]?long\b", re.I)
_VAGUE_SPAN = {"hours": (2 / 24, 1), "days": (2, 14), "weeks": (14, 90), "months": (60, 730), "years": (730, 7305),
               "decades": (7305, 36525)}
# units measured, not counted: a whole number written for them stands for what rounds to it ("55%" for
# 54.9%, "80 km" for 80.4 km; a value of exactly x.5 is written with its decimal); counts ("12 people")
# and sums of money are exact
_MEASURED = {"%", "point", "degree"} | {u for d in ("length", "mass", "speed", "temperature")
                                        for u in _DIMENSION[d]}
_THING_PREPS = {"on", "at", "for", "in", "to", "of"}
# a figure named as the reference of a comparison, a correction or an older value is not the sentence's claim
_FOIL_BEFORE = re.compile(r"\b(?:than|exceed(?:ed|s|ing)?|surpass(?:ed|es|ing)?|contrasts?(?:ed)?(?: sharply)? with|"
                          r"compared (?:to|with)|up from|down from|rather than|instead of)\b[^.;:]{0,40}$", re.I)
_FOIL_AFTER = re.compile(r"^[^.;:]{0,30}\b(?:was|is|were|are|been) (?:\w+ )?(?:underestimated|overstated|"
                         r"understated|too low|too high|wrong|inaccurate)\b|^[^.;:]{0,20}\bis an? (?:\w+ )?"
                         r"(?:underestimate|overestimate)\b", re.I)
_META_NOUNS = {"number", "figure", "time", "way", "thing", "part", "side", "point", "step", "one", "reason",
               "question", "option", "kind", "type", "word"}
_SUBSET_AFTER = {"more", "other", "additional", "further", "extra", "others"}


@dataclass(frozen=True)
class Quantity:
    """One quantity in a sentence: value interval [lo, hi], its key and the words as written."""

    lo: float
    hi: float
    unit: str  # counted noun lemma or unit ("people", "%", "$", "km", "year", "age", "" when bare)
    qualifier: str = ""  # kind of the counted noun ("norlandic" for a group adjective), "" when none
    delta: bool = False  # a change ("by 100", "rose 5%"), never compared with a level
    negated: bool = False
    text: str = ""  # as written: "at least 14 people"
    start: int = 0  # char span in the article text
    end: int = 0
    head: str = ""  # lemma of the verb or noun the quantity attaches to ("kill", "toll")
    context: frozenset = frozenset()  # content lemmas near the number (what it is about)
    part: bool = False  # a part of a group ("67 of the passengers"): compared only with qualified counts
    span: bool = False  # a stated range ("aged 12-15"): its two ends are both claims
    nouns: frozenset = frozenset()  # the nouns of `context`
    thing: frozenset = frozenset()  # what a sum of money is the price or cost of ("$3,000 bicycle", "$40 on fuel"),
    # or the place a distance is measured from ("40 km from the border", and "@pellow" for the named place
    # it is given for: "Pellow, 40 km from the border")
    foil: bool = False  # a figure the sentence measures its claim against ("far higher than the toll of 83")

    @property
    def key(self) -> tuple[str, bool]:
        return (self.unit, self.delta)

    def dimension(self) -> str:
        for dim, units in _DIMENSION.items():
            if self.unit in units:
                return dim
        return ""

    def label(self) -> str:
        """Short reader form: 'at least 14 people'."""
        return self.text


def _parse_number(tokens) -> float | None:
    """Value of consecutive number tokens: '1,406', '1.5 million', 'twelve', 'two dozen'."""
    val = None
    for t in tokens:
        w = t.lower_.replace(",", "")
        if _NUM_RE.match(w):
            v = float(w)
            val = v if val is None else val + v
        elif w in _WORD_NUM:
            v = float(_WORD_NUM[w])
            if w in ("hundred",) and val is not None:
                val *= 100
            elif w in ("dozen", "dozens") and val is not None:
                val *= 12
            else:
                val = v if val is None else val + v
        elif w in _MULT and val is not None:
            val *= _MULT[w]
        elif w in ("a", "an") and val is None:
            continue
        else:
            return val
    return val


def _is_round(v: float) -> bool:
    return v >= 100 and v == int(v) and int(v) % 100 == 0


def _modifier(doc, i: int) -> str:
    """The bounding words just before token i ('at least', 'about'), lower-cased, or ''."""
    before = " ".join(t.lower_ for t in doc[max(0, i - 4):i])
    for phrase in _LOWER + _UPPER + _ABOUT:
        if before.endswith(phrase):
            return phrase
    return ""


def _interval(v: float, mod: str) -> tuple[float, float]:
    if mod in _NEAR:
        return v * 0.85, v
    if mod in _LOWER:
        return v, math.inf
    if mod in _UPPER:
        return 0.0, v
    if mod in _ABOUT:
        return v * 0.9, v * 1.1
    if _is_round(v):  # "3,000" stands for about that many
        return v * 0.97, v * 1.03
    return v, v


_DEATH_UNITS = {"death toll", "toll", "death", "dead", "fatality", "body"}
_DIE_VERBS = {"die", "kill", "perish", "drown", "dead"}
_HURT_VERBS = {"injure", "wound", "hurt"}


def _casualty(unit: str, tok) -> str:
    """One key for the commonest count in news: 'N people died', 'killed N', 'a toll of N', 'N deaths'."""
    if unit in _DEATH_UNITS and unit != "body":
        return "deaths"
    if unit in ("people", "person", "") and tok is not None:
        for anc in [tok.head, tok.head.head]:
            lem = anc.lemma_.lower()
            if lem in _DIE_VERBS:
                return "deaths"
            if lem in _HURT_VERBS:
                return "injured"
            if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" and c.lemma_.lower() in _DEATH_UNITS
                                                   for c in anc.children):
                return "deaths"  # "deaths exceeded 83 people"
    return unit


def _nationality(tok, qual: str) -> str:
    """The nationality a count is of, from its counted noun, its qualifier or a predicate ('were Chilean')."""
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    if noun.ent_type_ == "NORP" and noun.pos_ in ("PROPN", "NOUN"):
        w = noun.lower_
        return w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    for c in noun.children:
        if c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP":
            return c.lower_
    subj = noun.head if noun.dep_ == "appos" else noun  # "half of the dead, 131 people, were Chilean"
    if subj.dep_ == "nsubj" and subj.head.lemma_ == "be":
        for c in subj.head.children:
            if c.dep_ in ("acomp", "attr") and c.ent_type_ == "NORP":
                w = c.lower_
                return w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    return ""


def _precision(text: str) -> float:
    """Half a unit of the last digit written: '1.33' stands for [1.325, 1.335]."""
    m = re.search(r"\.(\d+)", text)
    return 0.5 * 10 ** -len(m.group(1)) if m else 0.0


def _norm_unit(lemma: str) -> str:
    lemma = lemma.lower().strip()
    return _UNIT_ALIAS.get(lemma, lemma)


def _noun_key(noun) -> tuple[str, str]:
    """Counted noun (with a common-noun compound: 'death toll') and its qualifier ('Chilean passengers')."""
    qual = [c.lower_ for c in noun.children
            if c.dep_ in ("amod", "compound") and (c.ent_type_ == "NORP" or c.pos_ == "PROPN")]
    lemma = noun.lemma_.lower()
    if lemma == noun.lower_ and noun.text[:1].isupper() and lemma.endswith("s") and not lemma.endswith("ss"):
        lemma = lemma[:-1]  # "Chileans" (a plural the lemmatiser leaves alone)
    comp = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return _norm_unit(" ".join([*comp, lemma])), " ".join(qual)


def _measure_noun(tok):
    """For a bare number ('toll of 37', 'put the toll at 37', 'the count is 37'): the noun it measures."""
    h = tok.head
    if tok.dep_ == "pobj" and h.dep_ == "prep":
        g = h.head
        if g.pos_ in ("NOUN", "PROPN"):
            return g
        if g.pos_ in ("VERB", "AUX"):
            for dep in ("dobj", "nsubjpass", "nsubj"):
                for c in g.children:
                    if c.dep_ == dep and c.pos_ == "NOUN":
                        return c
    if tok.dep_ in ("attr", "acomp", "dobj") and h.pos_ in ("AUX", "VERB"):  # "the toll could reach 2,500"
        for c in h.children:
            if c.dep_ == "nsubj" and c.pos_ == "NOUN":
                return c
    return None


def _thing(doc, start: int, end: int, span_end: int) -> frozenset:
    """What a sum of money at tokens [start, end) is for: the noun it modifies ("a $3,000 bicycle" ->
    football), or the object after it ("$40 on fuel", "$9,000 worth of furniture"); empty when unsaid."""
    def phrase(noun) -> frozenset:  # the noun phrase without its coordinated items ("X and $9 of Y")
        cut = [c for c in noun.children if c.dep_ in ("conj", "cc", "appos", "relcl", "acl")]
        skip = {w.i for c in cut for w in c.subtree}
        return frozenset(w.lemma_.lower() for w in noun.subtree if w.pos_ in ("NOUN", "PROPN") and w.is_alpha
                         and end <= w.i < span_end and w.i not in skip)
    k = end
    if k < span_end and doc[k].lower_ == "worth" and k + 1 < span_end and doc[k + 1].lower_ == "of":
        k += 1
    if k < span_end and doc[k].lower_ in _THING_PREPS:
        obj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
        return phrase(obj) if obj is not None else frozenset()
    head = doc[end - 1]
    for _ in range(3):  # the word the amount attaches to: "$41,250 gold-plated men's watch" -> watch
        if head.i not in range(start, end) or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ in ("NOUN", "PROPN") and end <= head.i < min(span_end, end + 8):
        return phrase(head)  # "a $3,000 vacation at the Lakeside Retreat" -> vacation, lakeside, retreat
    return frozenset()


_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "away",
               "outside", "inland", "offshore", "short", "northward", "southward", "eastward", "westward"}


def _origin(doc, end: int, span_end: int) -> frozenset:
    """The place a distance at tokens [.., end) is measured from: "30 km (19 miles) from the border" ->
    {border}, "12 miles north of Varnby" -> {varnby}; empty when unsaid. Two distances from different
    places are two things."""
    k = end
    if k < span_end and _norm_unit(doc[k].lemma_) in _DIMENSION["length"] | {"km"}:
        k += 1  # the unit word the quantity's text left out ("about 30 kilometers")
    if k < span_end and doc[k].text == "(":  # a conversion in brackets
        close = next((t.i for t in doc[k:min(span_end, k + 8)] if t.text == ")"), None)
        k = close + 1 if close is not None else k
    elif k < span_end and doc[k].text == ")":  # the conversion itself: "30 km (19 miles) from ..."
        k += 1
    while k < span_end and doc[k].lower_ in _DIRECTIONS:
        k += 1
    if k >= span_end or doc[k].lower_ not in ("from", "of", "off"):
        return frozenset()
    obj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
    if obj is None:
        return frozenset()
    cut = {w.i for c in obj.children if c.dep_ in ("conj", "cc", "appos", "relcl", "acl") for w in c.subtree}
    return frozenset(w.lemma_.lower() for w in obj.subtree if w.pos_ in ("NOUN", "PROPN") and w.is_alpha
                     and w.i not in cut and w.i < span_end)


def _located(unit) -> frozenset:
    """The named place a distance is given for ("the village of Pellow, 40 km from the border", "Ferrow
    waypoint, which is 50 km from the border"), as "@"-marked lemmas of its proper nouns; empty when the
    distance is said of no name ("the plane crashed 40 km from the border")."""
    x = None
    if unit.dep_ == "appos" or unit.dep_ == "conj" and unit.head.pos_ == "PROPN":  # "Pellow, 40 km from ..."
        x = unit.head
    elif unit.dep_ in ("attr", "dobj", "npadvmod") and unit.head.pos_ in ("VERB", "AUX"):
        x = next((c for c in unit.head.children if c.dep_ == "nsubj"), None)
        if x is not None and x.lower_ in ("which", "that") and x.i > 0:
            k = x.i - 1 - (x.doc[x.i - 1].is_punct and x.i > 1)
            x = x.doc[k] if x.doc[k].pos_ in ("NOUN", "PROPN") else None  # ", which is": the noun before it
    if x is None:
        return frozenset()
    names = [x] + [c for c in x.children if c.dep_ == "compound"]
    if x.pos_ == "NOUN":  # "the village of Pellow"
        names += [g for c in x.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj"]
    return frozenset("@" + w.lemma_.lower() for w in names if w.pos_ == "PROPN")


def _group_count(noun) -> bool:
    """A number before a list of kinds ('180 doctors, nurses, technicians and surgeons') counts the whole
    group, not its first kind."""
    conj, n = noun, 0
    while True:  # kinds listed without a count of their own ("two doctors and a few nurses" is two counts)
        nxt = next((c for c in conj.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")), None)
        if nxt is None:
            return n >= 2
        if not any(c.dep_ in ("det", "nummod", "poss", "quantmod") for c in nxt.children):
            n += 1
        conj = nxt


_SCORE_RE = re.compile(r"\b(?:won|wins|win|passed|approved|carried|beat|defeated|lost|led|leads)\s+by\s+[\d.,]+\s*"
                       r"(?:%|percent|per cent|votes?|points?)?\s+(?:to|-)\s+[\d.,]+", re.I)


_CHANGE_VERBS = {"lose", "gain", "shed", "pick", "add"}  # "lost 60 seats", "picked up five seats": a change
_CHANGE_WORDS = _CHANGE_VERBS | {"cut", "rise", "fall", "increase", "decrease", "drop", "grow", "reduce", "raise",
                                 "lower", "climb", "jump", "decline", "shrink", "slash", "boost", "win"}


def _is_delta(tok) -> bool:
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _CHANGE_VERBS:
        return True
    near = nlp.text_of(tok.doc)[max(0, tok.idx - 30):tok.idx + 30]
    if _SCORE_RE.search(near):
        return False  # "won by 55% to 45%", "passed by 312 votes to 250": a score, not a change
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ == "to":
        return False  # "rose by 12 to 40": 40 is the new level
    for anc in [tok.head, *list(tok.head.ancestors)[:2]]:
        if anc.lower_ == "by" and anc.dep_ in ("prep", "agent") and anc.head.pos_ == "VERB":
            return True
    return False


def _negated(tok) -> bool:
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "neg" or c.lower_ in _NEG and c.dep_ in ("neg", "det") for c in anc.children):
            return True
        if anc.dep_ == "ROOT":
            break
    return False


def quantities(doc, start: int, end: int) -> list[Quantity]:
    """Quantities in the char span [start, end) of a parsed article (its sentence)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    out: list[Quantity] = []
    text = nlp.text_of(doc)  # doc.text rebuilds the whole article per call: quadratic over its sentences
    for m in _AGE_RE.finditer(text, start, end):
        v = float(m.group(1))
        out.append(Quantity(v, v, "age", text=m.group(0), start=m.start(), end=m.end()))
    for m in _CLOCK_RE.finditer(text, start, end):
        h = int(m.group(2)) % 12 + (12 if m.group(4).lower() == "p" else 0)
        v = h + int(m.group(3) or 0) / 60
        mod = (m.group(1) or "").lower()
        lo, hi = (v - 0.4, v + 0.4) if mod in ("about", "around", "approximately", "roughly") else \
            (v, v + 1) if "after" in mod else (v - 1, v) if mod == "before" else (v, v)
        tok = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        ctx = frozenset(w.lemma_.lower() for w in doc[max(span.start, tok.start - 6):min(span.end, tok.end + 4)]
                        if w.is_alpha and not w.is_stop and w.pos_ in ("NOUN", "VERB")) if tok is not None else frozenset()
        out.append(Quantity(lo, hi, "clock", text=m.group(0).strip(), start=m.start(), end=m.end(), context=ctx))
    for m in _SINCE_RE.finditer(text, start, end):  # "has led the party since 1998": when a state began
        tok = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if tok is None:
            continue
        verb = next((a for a in tok[0].ancestors if a.pos_ in ("VERB", "AUX")), None)
        ctx = frozenset(w.lemma_.lower() for w in (verb.subtree if verb is not None else [])
                        if w.is_alpha and not w.is_stop and w.pos_ in ("NOUN", "VERB", "PROPN")
                        and span.start <= w.i < span.end)
        y = float(m.group(1))
        out.append(Quantity(y, y, "since", text=m.group(0), start=m.start(), end=m.end(),
                            head=verb.lemma_.lower() if verb is not None else "", context=ctx))
    for m in _VAGUE_LONG.finditer(text, start, end):  # "a months-long investigation"
        tok = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if tok is None:
            continue
        noun = next((t for t in doc[tok.end:min(span.end, tok.end + 4)] if t.pos_ in ("NOUN", "PROPN")), None)
        ctx = frozenset({noun.lemma_.lower()}) if noun is not None else frozenset()
        lo, hi = _VAGUE_SPAN[m.group(1).lower()]
        out.append(Quantity(lo, hi, "day", text=m.group(0), start=m.start(), end=m.end(),
                            head=noun.lemma_.lower() if noun is not None else "", context=ctx, nouns=ctx))
    age_spans = [(q.start, q.end) for q in out]
    i = span.start
    while i < span.end:
        t = doc[i]
        if not (t.like_num or t.lower_ in ("dozen", "dozens")) or t.ent_type_ in _SKIP_ENTS:
            i += 1
            continue
        j = i
        while j + 1 < span.end and (doc[j + 1].like_num or doc[j + 1].lower_ in _MULT) \
                and doc[j + 1].ent_type_ not in _SKIP_ENTS:
            j += 1
        toks = doc[i:j + 1]
        last = doc[j]
        i = j + 1
        if any(a <= toks.start_char < b for a, b in age_spans) or toks[0].ent_type_ == "TIME":
            continue
        if any(ch.isalpha() for ch in toks[0].text) and toks[0].lower_ not in _WORD_NUM:
            continue  # "QX12", "B7", "5am"
        prev = doc[toks.start - 1] if toks.start > span.start else None
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        # numbers that name things, not count them: "Route 9", "Model 310", "No. 3"
        if prev is not None and prev.pos_ == "PROPN" and prev.ent_type_ not in ("MONEY",) \
                and last.dep_ in ("nummod", "compound", "appos", "npadvmod", "nmod") and last.head.i == prev.i:
            continue
        if nxt is not None and nxt.text in ("-",) and j + 2 < len(doc) and doc[j + 2].like_num:
            pass  # a range: handled below
        if re.search(r"(?:\b[Nn]o\.|\b[Nn]umber|#)\s*$", text[max(span.start_char, toks.start_char - 12):toks.start_char]):
            continue  # "the No. 2 position": a rank, not a count
        if toks[0].lower_ == "one" and len(toks) == 1 and last.dep_ != "nummod":
            continue  # "one of the ...", "the one who": a pronoun, not a count
        v = _parse_number(toks)
        if v is None:
            continue
        cur = prev is not None and prev.text.lower() in _CURRENCY
        lo_mod = _modifier(doc, prev.i if cur else toks.start)  # "about $7,200": the modifier is before the sign
        hi = None
        # ranges: "20,000-40,000", "between 12 and 15", "12 to 15"
        k = j + 1
        if lo_mod == "" and prev is not None and prev.lower_ == "between" and k + 1 < span.end \
                and doc[k].lower_ == "and" and doc[k + 1].like_num:
            lo_mod = "between"
        if k + 1 < span.end and doc[k].text in ("-", "–", "to", "and") and doc[k + 1].like_num \
                and (doc[k].text != "and" or lo_mod == "between") \
                and not (prev is not None and prev.lower_ == "by" and doc[k].text == "to"):  # "rose by 12 to 40"
            hi = _parse_number(doc[k + 1:k + 2])
            m_end = k + 2
            while m_end < span.end and doc[m_end].lower_ in _MULT:
                hi = hi * _MULT[doc[m_end].lower_] if hi is not None else hi
                m_end += 1
            if hi is not None and hi > v:
                # "20-40,000", "1-2 million": the first number shares the second's magnitude
                if m_end > k + 2 and v * _MULT.get(doc[k + 2].lower_, 1) <= hi:
                    v *= hi / _parse_number(doc[k + 1:k + 2]) if _parse_number(doc[k + 1:k + 2]) else 1
                elif re.fullmatch(r"\d{1,3},000", doc[k + 1].text) and v < 1000 and v * 1000 <= hi:
                    v *= 1000
                last = doc[m_end - 1]
                i = m_end
                if m_end < span.end and doc[m_end].lower_ == "times":
                    continue  # "1.5 to 2 times higher": a ratio
            else:
                hi = None
        is_date = t.ent_type_ in ("DATE",)
        unit, qual = "", ""
        person = last.head if last.dep_ in ("appos", "npadvmod", "amod") else None
        if person is not None and person.ent_type_ == "PERSON" and hi is None and 0 < v < 120 \
                and toks[0].text[:1].isdigit():
            out.append(Quantity(v, v, "age", text=toks.text, start=toks.start_char, end=toks.end_char,
                                head=person.lemma_.lower()))
            continue
        ante = doc[toks.start - 2] if toks.start - 2 >= span.start else None
        if prev is not None and (prev.lower_ in ("aged", "ages") or prev.lower_ == "between" and ante is not None
                                 and ante.lower_ in ("aged", "ages")):
            unit = "age"
        elif (nxt is not None and nxt.lower_ in ("%", "percent") or t.ent_type_ == "PERCENT"
              or nxt is not None and nxt.lower_ == "per" and j + 2 < len(doc) and doc[j + 2].lower_ == "cent"):
            unit = "%"
        elif prev is not None and prev.text.lower() in _CURRENCY:
            unit = _CURRENCY[prev.text.lower()]
        else:
            head = last.head if last.dep_ in ("nummod", "quantmod", "compound") else \
                t.head if hi is not None and t.dep_ in ("nummod", "quantmod") else None  # "20-40,000 people"
            if head is not None and head.pos_ == "PROPN" and head.ent_type_ != "NORP" and head.i > last.i \
                    and head.text[:1].isupper() and head.i > last.i + 1 and doc[last.i + 1].text[:1].isupper():
                continue  # "the 11 Storm Petrels" (a team): a name with a number in it
            if head is not None and head.pos_ in ("NOUN", "PROPN") and head.i > last.i:
                unit, qual = _noun_key(head)
            elif nxt is not None and nxt.lower_ == "of" and j + 2 < len(doc):
                noun = next((c for c in nxt.children if c.dep_ == "pobj"), None)
                if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                    unit, qual = _noun_key(noun)
            else:
                noun = _measure_noun(last)
                if noun is not None:
                    unit, qual = _noun_key(noun)
        if last.dep_ in ("nummod", "quantmod") and last.head.pos_ == "NOUN" and _group_count(last.head):
            continue
        if nxt is not None and nxt.lower_ == "times":
            continue  # "40 times the official estimate": a ratio, not a count
        if unit == "" and nxt is not None and nxt.ent_type_ == "NORP" and nxt.pos_ == "ADJ":
            unit = nxt.lower_  # "27 were Chilean and 23 Peruvian": the second count keeps the predicate
        if unit in _META_NOUNS:
            continue  # "the two numbers", "40 times the estimate": not a count of things in the story
        if is_date and unit not in _DURATION and not unit.endswith("s") and unit not in ("%", "age"):
            if unit not in _DURATION:
                continue  # years, days of month: dates, not quantities
        if nxt is not None and unit in _DURATION:
            after = doc[last.i + 2] if last.i + 2 < len(doc) else None
            if after is not None and (after.lower_ in ("ago", "earlier", "later") or after.lower_ in (
                    "after", "before", "into", "prior") and not (prev is not None and prev.lower_ in ("the", "those"))):
                continue  # "10 years ago", "three days after the plea": a time reference, not a duration
                # ("in the five months after the storm" is a period: it is kept)
        if unit == "" and (v >= 1000 and v <= 2100 and v == int(v) and "," not in toks.text):
            continue  # a bare year
        noun_unit, unit = unit, _casualty(unit, t if hi is not None and t.dep_ == "nummod" else last)
        scale = 1.0
        if unit in _DAYS and hi is None or unit in _DAYS and lo_mod == "between":
            scale, unit = _DAYS[unit], "day"
        nat = _nationality(last, qual)
        if nat:  # "131 Chilean passengers", "150 of the passengers were Chilean", "45 Chileans": a Chilean count
            unit, qual = nat, ""
        lo, hi2 = _interval(v, lo_mod)
        if unit in _MONEY and not lo_mod and hi is None:
            lo, hi2 = v, v  # a sum of money is written as paid or charged: "$7,200" is not "$7,260"
        if hi is not None:
            lo, hi2 = v, hi
        if lo == hi2:
            eps = _precision(toks.text) or (0.49 if unit in _MEASURED and v == int(v) else 0.0)
            lo, hi2 = lo - eps, hi2 + eps
        lo, hi2 = lo * scale, hi2 * scale
        start_tok = (prev.i if cur else toks.start) - len(lo_mod.split()) if lo_mod else toks.start
        words_end = last.i + 1
        if noun_unit and words_end < len(doc) and doc[words_end].lemma_.lower() == noun_unit.split()[-1]:
            words_end += 1
        elif unit == "%" and words_end < len(doc) and doc[words_end].lower_ in ("%", "percent"):
            words_end += 1
        if prev is not None and unit in ("$", "€", "£", "¥"):
            start_tok = min(start_tok, prev.i)
        sp = doc[start_tok:words_end]
        before = doc[start_tok - 1].lower_ if start_tok > span.start else ""
        if before in _SUBSET_BEFORE or (nxt is not None and nxt.lower_ in _SUBSET_AFTER):
            continue
        part = nxt is not None and nxt.lower_ == "of" and unit != "%" and not nat
        ctx = frozenset(w.lemma_.lower() for w in doc[max(span.start, start_tok - _CTX):min(span.end, words_end + _CTX)]
                        if w.is_alpha and not w.is_stop and w.i not in range(start_tok, words_end)
                        and w.pos_ in ("NOUN", "VERB", "ADJ", "PROPN") and w.lower_ not in ("cent", "percent"))
        nouns = frozenset(w.lemma_.lower() for w in doc[max(span.start, start_tok - _CTX):min(span.end, words_end + _CTX)]
                          if w.is_alpha and not w.is_stop and w.i not in range(start_tok, words_end)
                          and w.pos_ in ("NOUN", "PROPN"))
        thing = _thing(doc, start_tok, words_end, span.end) if unit in _MONEY else \
            _origin(doc, words_end, span.end) | _located(last.head if last.dep_ == "nummod" else last) \
            if unit in _DIMENSION["length"] else frozenset()
        foil = bool(_FOIL_BEFORE.search(text[span.start_char:sp.start_char])
                    or _FOIL_AFTER.search(text[sp.end_char:span.end_char]))
        out.append(Quantity(lo, hi2, unit, qual, _is_delta(last), _negated(last), sp.text,
                            sp.start_char, sp.end_char, last.head.lemma_.lower(), ctx, part, hi is not None, nouns,
                            thing, foil))
    return out


def same_thing(a: Quantity, b: Quantity) -> bool:
    """Do the two quantities measure one thing? Same key, qualifiers not contradicting, a part of a
    group only against a qualified count ("67 of the passengers" vs "67 German passengers")."""
    if not a.unit or not b.unit or a.key != b.key:
        return False
    if (a.part and not b.qualifier and not b.part) or (b.part and not a.qualifier and not a.part):
        return False
    if a.unit not in _MONEY and _two_places(a, b):
        return False
    return not (a.qualifier and b.qualifier and a.qualifier != b.qualifier)


_MONEY = {"$", "€", "£", "¥"}


def _two_places(a: Quantity, b: Quantity) -> bool:
    """Distances from two places, or of two named places: two things."""
    oa, ob = {w for w in a.thing if w[:1] != "@"}, {w for w in b.thing if w[:1] != "@"}
    la, lb = a.thing - oa, b.thing - ob
    return bool(oa and ob and not oa & ob or la and lb and not la & lb)


_UNIT_WORDS = {"%", "percent", "cent", "per", "$", "€", "£", "¥", ""}


def _context_match(a: Quantity, b: Quantity, common: frozenset = frozenset()) -> bool:
    """Said of one thing: the same head word, or a shared word nearby; words common in the story (in
    many of its sentences) say what the story is about, not what one number counts."""
    if a.delta and b.delta:  # changes told by verbs of other directions ("lost 40 seats", "picked up five")
        va, vb = a.context & _CHANGE_WORDS, b.context & _CHANGE_WORDS
        if va and vb and not va & vb:
            return False
    if a.unit in _MONEY:  # sums of money compare only when paid for, or owed for, the same thing
        if a.thing and b.thing:
            return bool(a.thing & b.thing)
        return bool((a.nouns & b.nouns) - common)
    if a.head == b.head and a.head not in _UNIT_WORDS and a.head not in _DAYS and a.head not in common \
            and a.head != a.unit:
        return True  # (the counted noun itself says nothing more: both counts are of it)
    return bool((a.context & b.context) - common - {a.unit, b.unit})


def compatible(a: Quantity, b: Quantity) -> bool:
    """Intervals meet (both are read as ranges: 'at least 14' meets '14', not '12'); two stated ranges
    must give the same ends ('aged 12-15' is not 'aged 12-16')."""
    if a.span and b.span:
        return math.isclose(a.lo, b.lo, rel_tol=1e-6) and math.isclose(a.hi, b.hi, rel_tol=1e-6)
    return meet(a, b) and not open_gap(a, b)


def open_gap(a: Quantity, b: Quantity) -> bool:
    """An open bound met only far beyond it by a stated value ("at least 17 bodies" and "140 bodies", "up
    to 300" and "12"): two different counts, not one (a later one is an update)."""
    pa, pb = _point(a), _point(b)
    return meet(a, b) and _open(a) != _open(b) and min(pa, pb) > 0 and max(pa, pb) >= FAR_APART * min(pa, pb)


FAR_APART = 1.5  # an open bound and a value this many times beyond it are two counts


def meet(a: Quantity, b: Quantity) -> bool:
    """The two intervals overlap (the plain reading, before the open-bound rule of `compatible`)."""
    return a.lo <= b.hi * (1 + 1e-9) and b.lo <= a.hi * (1 + 1e-9)


def _open(q: Quantity) -> bool:
    return math.isinf(q.hi) or q.lo == 0


def _point(q: Quantity) -> float:
    """The number as written: the bound of an open interval, else the middle."""
    if math.isinf(q.hi):
        return q.lo
    if q.lo == 0:
        return q.hi
    return (q.lo + q.hi) / 2


def clash_units(a: Quantity, b: Quantity) -> bool:
    """One number given in two units of one dimension ('80 km' vs '80 miles'): not the same claim."""
    da, db = a.dimension(), b.dimension()
    return bool(da) and da == db and a.unit != b.unit and compatible(a, b) and da != "time" \
        and not _two_places(a, b)


def disagreement(qa: list[Quantity], qb: list[Quantity], strict: bool = True,
                 common: frozenset = frozenset()) -> list[tuple[Quantity, Quantity]]:
    """Pairs (x from qa, y from qb) measuring one thing with values that cannot both hold.

    A key on which the two sentences share a compatible value is left out: the other numbers of that key
    likely count other things ("120 Chileans, 30 Peruvians" vs "30 Peruvians").
    """
    out = []
    keys = {(q.unit, q.delta) for q in qa if q.unit and not q.negated}
    for key in keys:
        xs = [q for q in qa if q.key == key and not q.negated]
        ys = [q for q in qb if q.key == key and not q.negated]
        pairs = [(x, y) for x in xs for y in ys if same_thing(x, y)]
        if strict and (len(xs) > 1 or len(ys) > 1) and key[0] != "age" \
                and any(compatible(x, y) and not (x.qualifier or y.qualifier) for x, y in pairs):
            continue  # "won 55% to 45%" vs "won 54.9%": one value shared, the other counts another thing
        # pair only values said of one thing (strict: for conflicts; loose: for corroboration, where a
        # differing value of one unit with no matching value is reason enough to doubt support)
        if strict and (len(xs) > 1 or len(ys) > 1 or key[0] in _CONTEXT_UNITS or key[1]):  # changes too
            pairs = [(x, y) for x, y in pairs if _context_match(x, y, common)]
        by_thing: dict[str, list] = {}  # "120 Norlandic" vs "118 Norlandic" apart from "30 Estvian" vs "30 Estvian"
        for x, y in pairs:
            by_thing.setdefault(x.qualifier or y.qualifier, []).append((x, y))
        for group in by_thing.values():
            if strict:
                if not any(compatible(x, y) for x, y in group):
                    out += group
                continue
            # support: a value on each side that nothing on the other side matches ("aged 12-15 and a
            # coach of 25" against "aged 12-16 and a coach of 25"), whatever else the two share
            gx, gy = {x for x, _ in group}, {y for _, y in group}
            ux = {x for x in gx if not any(compatible(x, y) for y in gy)}
            uy = {y for y in gy if not any(compatible(x, y) for x in gx)}
            out += [(x, y) for x, y in group if x in ux and y in uy]
    for x in qa:
        for y in qb:
            if clash_units(x, y):
                out.append((x, y))
    return out


def supports(qa: list[Quantity], qb: list[Quantity]) -> bool:
    """Can two sentences corroborate each other as far as their values go? (no disagreement, no negation flip)"""
    if disagreement(qa, qb, strict=False):
        return False
    for x in qa:
        for y in qb:
            if same_thing(x, y) and compatible(x, y) and x.negated != y.negated:
                return False
    return True


_REPORT = {"say", "tell", "report", "announce", "confirm", "add", "note", "state", "claim", "write", "explain",
           "insist", "argue", "allege", "according"}
_PROSPECT = {"expect", "agree", "plan", "intend", "schedule", "poise", "prepare", "likely", "set", "due", "aim", "hope",
             "promise", "pledge", "vow",
             "propose", "threaten", "consider", "seek"}
_MODAL_AUX = {"will", "would", "may", "might", "could", "should", "shall", "can", "'ll", "must", "wo"}  # wo(n't)


def stance(doc, start: int, end: int) -> tuple[bool, bool, str]:
    """(prospective, negated, main verb) of what a sentence asserts: 'is expected to plead' / 'may reach' / 'will
    file' are prospective, 'pleaded' is not; a reporting verb ('X said ...') passes to its clause."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False, False, ""
    root = span.root
    for _ in range(2):
        if root.lemma_.lower() in _REPORT:
            comp = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")]
            if comp:
                root = comp[0]
                continue
        break
    prospective = negated = False
    node = root
    for _ in range(3):
        kids = list(node.children)
        if any(c.dep_ == "neg" for c in kids):
            negated = not negated
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODAL_AUX for c in kids) \
                or node.lemma_.lower() in _PROSPECT \
                or any(c.dep_ == "aux" and c.lower_ == "to" for c in kids) and node.dep_ != "xcomp":
            prospective = True
        nxt = [c for c in kids if c.dep_ in ("xcomp",) and c.pos_ in ("VERB", "AUX")]
        if not nxt:
            break
        node = nxt[0]
    return prospective, negated, node.lemma_.lower()


_LIGHT = {"be", "have", "do", "say", "tell", "report", "add", "make", "get", "go", "take", "come", "give",
          "accord", "include", "know", "see", "expect", "plan", "agree", "set", "schedule", "intend", "hope",
          "want", "seek", "try", "aim", "propose", "prepare", "appear", "seem", "use", "promise", "pledge", "vow"}


def verb_status(doc, start: int, end: int) -> dict[str, bool]:
    """Content verbs a sentence tells as expected (True: 'is expected to plead', 'will plead', 'agreed to
    plead') or as done (False: 'pleaded', past tense, no modal); other verbs are not read. A verb said
    twice is left out."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return {}
    out: dict[str, bool] = {}
    seen: dict[str, int] = {}
    for t in span:
        if t.pos_ != "VERB":
            continue
        lem = t.lemma_.lower()
        if lem in _LIGHT or lem in _REPORT:
            continue
        seen[lem] = seen.get(lem, 0) + 1
        kids = list(t.children)
        modal = any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODAL_AUX for c in kids)
        planned = t.dep_ == "xcomp" and (t.head.lemma_.lower() in _PROSPECT
                                         or any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODAL_AUX
                                                for c in t.head.children))
        if modal or planned:
            out[lem] = True
        elif t.tag_ == "VBD" and not any(c.dep_ == "neg" for c in kids):
            out[lem] = False
    return {k: v for k, v in out.items() if seen[k] == 1}


@dataclass
class StoryValues:
    """What each sentence of a story asserts, read once and shared by align and conflicts."""

    quantities: dict  # sentence id -> list[Quantity]
    stance: dict  # sentence id -> (prospective, negated, main verb lemma)
    common: frozenset = frozenset()  # content lemmas in more than COMMON_SHARE of the story's sentences
    verbs: dict = field(default_factory=dict)  # sentence id -> {content verb: told as expected (True) or done}

    def get(self, sid: str, default=None) -> list[Quantity]:
        return self.quantities.get(sid, [] if default is None else default)

    def agree(self, a: str, b: str) -> bool:
        """Can sentences a and b state one claim? Values compatible, and both tell it as done (or both
        as expected) with the same polarity: 'pleaded guilty' is not 'is expected to plead guilty'."""
        if not supports(self.get(a), self.get(b)):
            return False
        va, vb = self.verbs.get(a, {}), self.verbs.get(b, {})
        if any(va[v] != vb[v] for v in va.keys() & vb.keys()):
            return False  # "is expected to plead guilty" / "later pleaded guilty": one verb, two stances
        sa, sb = self.stance.get(a), self.stance.get(b)
        if sa is None or sb is None or sa[2] != sb[2]:
            return True  # different main verbs: stance says nothing about one claim
        return sa[:2] == sb[:2]


COMMON_SHARE = 0.2  # a word in more than a fifth of a story's sentences tells the story's topic


def of_articles(articles, parse) -> StoryValues:
    """Quantities and stance of every sentence of a story (computed once, shared by stages)."""
    q: dict[str, list[Quantity]] = {}
    st: dict[str, tuple[bool, bool, str]] = {}
    df: dict[str, int] = {}
    vs: dict[str, dict] = {}
    n = 0
    for a in articles:
        if not a.sentences:
            continue
        try:
            doc = parse(a.text)
        except Exception:  # noqa: BLE001 - no spaCy model: no values, sentences compare by similarity only
            return StoryValues({}, {})
        for s in a.sentences:
            q[s.id] = quantities(doc, s.start, s.end)
            st[s.id] = stance(doc, s.start, s.end)
            vs[s.id] = verb_status(doc, s.start, s.end)
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None:
                n += 1
                for lem in {t.lemma_.lower() for t in span if t.is_alpha and not t.is_stop
                            and t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN")}:
                    df[lem] = df.get(lem, 0) + 1
    common = frozenset(w for w, k in df.items() if n >= 10 and k > COMMON_SHARE * n)
    return StoryValues(q, st, common, vs)
