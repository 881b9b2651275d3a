"""People, organisations and places of a story, with name variants joined across articles.

Reads Article.text and .sentences (spaCy NER through nlp.parse); writes Entity objects (canonical name,
variants, roles, nationality, mentions citing article + sentence ids).  Spelling variants share a key
(hyphens, case, diacritics); a surname or partial mention joins the most salient full name containing
it; two different full names never merge.
"""

from __future__ import annotations

import bisect
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from . import names, nlp
from .model import Article, Citation, Entity

_KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}
_NUMERIC = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """Time-zone abbreviations the tagger reads as organisations ('at 0900 GMT'), from the tz database."""
    found = {z for z in zoneinfo.available_timezones() if z.isalpha() and z.isupper() and len(z) == 3
             and z.endswith(("T", "C"))}
    return frozenset(found | {"BST", "EDT", "PDT", "CDT", "MDT", "CEST", "IST", "JST", "KST"})


@dataclass
class Mention:
    """One name occurrence inside a sentence."""

    article_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    kind: str
    titles: list[str] = field(default_factory=list)
    nationality: str = ""
    group: str = ""  # key of the entity it joins
    hint: str = ""  # kind the context shows ('the village of X' -> place, 'X, the company' -> org)
    demonym: bool = False  # a nationality word standing for a place ('Swedish')

    @property
    def toks(self) -> list[str]:
        return names.tokens(self.text)


def _sentence_finder(article: Article):
    starts = [s.start for s in article.sentences]

    def find(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and article.sentences[i].start <= pos < article.sentences[i].end:
            return article.sentences[i].id
        return ""

    return find


def _pieces(ent):
    """(start, end) char spans of an entity after splitting on newlines and trimming 'the'/possessives."""
    text, base = ent.text, ent.start_char
    pos = 0
    for part in text.split("\n"):
        s = names.strip_surface(part)
        if s and any(c.isalpha() for c in s):
            off = part.find(s)
            if off < 0:  # 'the' removed from the middle of spacing; find the stripped core
                off = part.find(s.split()[0])
            yield base + pos + off, base + pos + off + len(s), s
        pos += len(part) + 1


def _roles(doc, start: int, end: int) -> tuple[list[str], str]:
    """Roles written before the name or in apposition, and a nationality word before it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return [], ""
    run = names.premodifier_run(span)
    _, phrase, nat = names.role_of(run, span)
    roles = [phrase] if phrase else []
    for child in span.root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            roles.append(names.label_forms(child)[0])
    return roles, nat


def _person_span(doc, ent):
    """The PERSON entity with a first name the tagger left out put back ('chief executive [A] B')."""
    i = ent.start
    if i >= 2:
        t, before = doc[i - 1], doc[i - 2]
        if (t.pos_ == "PROPN" and t.is_alpha and t.is_title and not t.ent_type_
                and before.is_alpha and before.is_lower and not t.is_sent_start
                and names.fold(t.text) not in names.ROLE_NOUNS | names.HONORIFICS):
            return doc[i - 1:ent.end]
    return ent


def _field_of_role(ent) -> bool:
    """'professor of Asian Studies', 'minister of Foreign Affairs': the field of a role, not a body."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return False
    role = doc[ent.start - 2]
    return (names.fold(role.text) in names.ROLE_NOUNS
            and not any(names.fold(t.text) in names.ORG_NOUNS for t in ent))


def _hint(doc, start: int, end: int, roles: list[str], dateline: set[str]) -> str:
    """'org' or 'place' when the context says so, else ''."""
    if names.key(nlp.text_of(doc)[start:end]) in dateline:
        return "place"
    if any(w in names.ORG_NOUNS for r in roles for w in r.lower().split(" of ")[0].split()[-1:]):
        return "org"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and span.start >= 2:
        prep, head = doc[span.start - 1], doc[span.start - 2]
        if prep.lower_ == "of" and head.lower_ in names.PLACE_NOUNS:
            return "place"
    return ""


def article_mentions(article: Article) -> list[Mention]:
    """Name mentions of one article (sentences only; titles and headings carry no sentence id)."""
    doc = nlp.parse(article.text)
    find = _sentence_finder(article)
    dateline = {names.key(p) for p in (article.dateline or "").split(",") if p.strip()}
    out = []
    in_titles = set()  # 'Secretary of State X': the ORG inside a person's title is not an entity
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            in_titles |= {t.i for t in names.premodifier_run(ent) if t.ent_type_ == "ORG"}
    for ent in doc.ents:
        kind = _KIND.get(ent.label_)
        if (kind == "org" and (ent.start in in_titles or _field_of_role(ent))) or ent.text in _zones():
            continue
        role = ""
        if (len(ent) >= 3 and ent[0].is_title and names.fold(ent[0].text) in names.ROLE_NOUNS
                and all(t.is_title for t in ent[1:])):
            role, kind, ent = ent[0].text, "person", ent[1:]  # 'Farmer A B' tagged as one name
        if kind is None:
            if ent.label_ in _NUMERIC or not all(t.is_title or not t.is_alpha for t in ent):
                continue
            if _hint(doc, ent.start_char, ent.end_char, [], dateline) != "place":
                continue
            kind = "place"  # 'the village of X' the tagger took for a title or a product
        for start, end, text in _pieces(_person_span(doc, ent) if kind == "person" else ent):
            sid = find(start)
            if not sid:
                continue
            roles, nat = _roles(doc, start, end) if kind == "person" else ([], "")
            m = Mention(article.id, sid, start, end, text, kind, roles + ([role] if role else []), nat)
            m.hint = _hint(doc, start, end, roles, dateline)
            out.append(m)
    return out


def _split_compounds(ms: list[Mention]) -> list[Mention]:
    """'Smith-Jones meeting': a hyphenated span whose parts are both names seen elsewhere becomes two."""
    known = {names.key(m.text) for m in ms if "-" not in m.text}
    known |= {t for m in ms if m.kind == "person" and len(m.toks) > 1 for t in m.toks}
    out = []
    for m in ms:
        parts = m.text.split("-")
        if len(parts) == 2 and all(p[:1].isupper() and names.key(p) in known for p in parts):
            cut = m.start + len(parts[0])
            out.append(Mention(m.article_id, m.sentence_id, m.start, cut, parts[0], m.kind))
            out.append(Mention(m.article_id, m.sentence_id, cut + 1, m.end, parts[1], m.kind))
        else:
            out.append(m)
    return out


def _fix_kinds(ms: list[Mention]) -> list[Mention]:
    """Majority kind per name; surnames of full person names are persons; nationality words -> places."""
    places = sorted({m.text for m in ms if m.kind == "place"}, key=len)
    full_tokens = {t for m in ms if m.kind == "person" and len(m.toks) > 1 for t in m.toks}
    votes: dict[str, Counter] = defaultdict(Counter)
    hints: dict[str, Counter] = defaultdict(Counter)
    for m in ms:
        votes[names.key(m.text)][m.kind] += 1
        if m.hint:
            hints[names.key(m.text)][m.hint] += 1
    hinted = {names.key(m.text): m.toks for m in ms if m.hint}
    full_tokens -= {t for toks in hinted.values() for t in toks}
    org_tokens = {toks[0] for k, toks in hinted.items() if len(toks) > 1 and hints[k].most_common(1)[0][0] == "org"}
    out = []
    for m in ms:
        k = names.key(m.text)
        if m.kind in ("norp", "place") and not names.country_code(m.text):
            place = names.demonym_place(m.text, places)
            if place and names.key(place) != k:
                m.kind, m.group = "place", "place:" + (names.country_code(place) or names.key(place))
                m.demonym = True
                out.append(m)
                continue
            if m.kind == "norp":
                continue  # a group word with no place behind it ('communist')
        kind = votes[k].most_common(1)[0][0]
        if hints[k]:  # context beats the tagger's guess for the name
            kind = hints[k].most_common(1)[0][0]
        elif len(m.toks) == 1 and k in org_tokens and k not in full_tokens:
            kind = "org"  # 'Norvane' after 'Norvane Hydro, the company'
        elif len(m.toks) == 1 and k in full_tokens:
            kind = "person"
        elif names.country_code(m.text):
            kind = "place"
        m.kind = kind if kind != "norp" else "place"
        out.append(m)
    return out


def _strip_titles(ms: list[Mention]) -> None:
    """'President X' tagged as one name: drop leading words used as roles elsewhere, and honorifics."""
    role_words = {names.fold(w) for m in ms for r in m.titles for w in r.split()}
    name_words = {names.fold(w) for m in ms if m.kind == "person" and len(m.text.split()) > 1
                  and names.fold(m.text.split()[0]) not in names.ROLE_NOUNS for w in m.text.split()}
    for m in ms:
        if m.kind != "person":
            continue
        words = m.text.split()
        while len(words) > 1 and (names.fold(words[0]).rstrip(".") in names.HONORIFICS
                                  or names.fold(words[0]) in role_words
                                  or (names.fold(words[0]) in names.ROLE_NOUNS
                                      and (len(words) > 2 or names.fold(words[1]) in name_words))):
            m.titles.append(words[0])
            m.start += len(words[0]) + 1
            words = words[1:]
        m.text = " ".join(words)


def _group(ms: list[Mention]) -> None:
    """Set Mention.group: places by country code, orgs by key/acronym, persons by full name."""
    org_keys = {names.key(m.text): m.text for m in ms if m.kind == "org" and len(m.toks) > 1}
    acronyms = {names.initials(t).lower(): k for k, t in org_keys.items() if len(names.initials(t)) >= 2}
    for m in ms:
        if m.group:
            continue
        k = names.key(m.text)
        if m.kind == "place":
            m.group = "place:" + (names.country_code(m.text) or k)
        elif m.kind == "org" and m.text.isupper() and k not in org_keys and k in acronyms:
            m.group = "org:" + acronyms[k]
    _group_partials(ms, "org", single_only=True)
    _group_partials(ms, "person", single_only=False)


def _group_partials(ms: list[Mention], kind: str, single_only: bool) -> None:
    """Full names group by key; a partial name joins the most salient full name that contains it."""
    mine = [m for m in ms if m.kind == kind and not m.group]
    full = [m for m in mine if len(m.toks) > 1]
    fulls: dict[str, list[Mention]] = defaultdict(list)
    for m in full:
        fulls[names.key(m.text)].append(m)
    for k, group in fulls.items():
        for m in group:
            m.group = f"{kind}:{k}"
    story_count = {k: len(v) for k, v in fulls.items()}
    toks_of = {k: v[0].toks for k, v in fulls.items()}
    for m in mine:
        if m.group:
            continue
        t = m.toks
        cands = [k for k, ft in toks_of.items() if len(ft) > len(t) and _contains(ft, t)]
        if single_only and len(t) > 1:
            cands = []
        if not cands:
            m.group = f"{kind}:{names.key(m.text)}"
            continue
        in_art = [k for k in cands if any(x.article_id == m.article_id for x in fulls[k])]
        pool = _role_fit(m, in_art or cands, fulls)

        def salience(k, art=m.article_id):
            here = [x for x in fulls[k] if x.article_id == art]
            return (len(here), story_count[k], -min([x.start for x in here], default=10**9))

        m.group = f"{kind}:{max(pool, key=salience)}"


def _role_fit(m: Mention, pool: list[str], fulls: dict[str, list[Mention]]) -> list[str]:
    """Of several full names a partial one may stand for, those whose roles fit the one written with it.

    'the analyst X' joins the X described as a professor (same role family), and never an X whose only
    roles are of another family (a president); without a role, or when nothing fits, the pool is unchanged.
    """
    fam = {names.role_family(r) for r in m.titles} - {""}
    if not fam or len(pool) < 2:
        return pool
    fams = {k: {names.role_family(r) for x in fulls[k] for r in x.titles} - {""} for k in pool}
    fit = [k for k in pool if fams[k] & fam]
    return fit or [k for k in pool if not fams[k]] or pool


def _contains(seq: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def _missed_names(article: Article, ms: list[Mention], name_words: set[str]) -> list[Mention]:
    """Repeated surnames the tagger missed: capitalised words of a known full name, outside any entity."""
    doc = nlp.parse(article.text)
    find = _sentence_finder(article)
    taken = {i for m in ms if m.article_id == article.id for i in range(m.start, m.end)}
    out: list[Mention] = []

    def fits(t) -> bool:
        return (t.pos_ == "PROPN" and t.text[:1].isupper() and not t.ent_type_ and t.idx not in taken
                and names.key(t.text) in name_words)

    i = 0
    while i < len(doc):
        t = doc[i]
        if fits(t) and find(t.idx):
            j = i + 1
            while j < len(doc) and fits(doc[j]) and doc[j].idx == doc[j - 1].idx + len(doc[j - 1].text) + 1:
                j += 1  # 'Anders Veil' missed whole: one mention, not two
            start, end = t.idx, doc[j - 1].idx + len(doc[j - 1].text)
            out.append(Mention(article.id, find(start), start, end, article.text[start:end], "person"))
            i = j
        else:
            i += 1
    return out


def story_mentions(articles: list[Article]) -> list[Mention]:
    """All mentions of the story with their entity group keys set."""
    ms = [m for a in articles for m in article_mentions(a)]
    name_words = {t for m in ms if m.kind == "person" and len(m.toks) > 1 for t in (m.toks[0], m.toks[-1])}
    ms += [m for a in articles for m in _missed_names(a, ms, name_words)]
    ms = _split_compounds(ms)
    ms = _fix_kinds(ms)
    _strip_titles(ms)
    _group(ms)
    return ms


def _build(gkey: str, ms: list[Mention], articles: list[Article]) -> Entity:
    forms = Counter(m.text for m in ms if not m.demonym) or Counter(m.text for m in ms)
    longest = max(len(names.tokens(f)) for f in forms)
    first_seen = {f: i for i, f in reversed(list(enumerate(m.text for m in ms)))}
    name = max((f for f in forms if len(names.tokens(f)) == longest), key=lambda f: (forms[f], -first_seen[f]))
    titles = Counter(t for m in ms for t in m.titles)
    nats = Counter(names.demonym_place(m.nationality) or m.nationality for m in ms if m.nationality)
    order = {a.id: i for i, a in enumerate(articles)}
    cites: dict[str, list[str]] = defaultdict(list)
    for m in ms:
        if m.sentence_id not in cites[m.article_id]:
            cites[m.article_id].append(m.sentence_id)
    outlets = {a.id: a.outlet for a in articles}
    variants = Counter(m.text for m in ms)
    return Entity(id="", name=name, kind=gkey.split(":")[0], variants=sorted(variants, key=lambda f: -variants[f]),
                  titles=[t for t, _ in titles.most_common()],
                  mentions=[Citation(a, s, outlets.get(a, "")) for a, s in sorted(cites.items(), key=lambda x: order[x[0]])],
                  count=len(ms), nationality=nats.most_common(1)[0][0] if nats else "",
                  spans=[(m.article_id, m.start, m.end) for m in ms])


def extract_entities(articles: list[Article]) -> list[Entity]:
    """Entities of the story, most mentioned first; ids e1, e2, ..."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in story_mentions(articles):
        groups[m.group].append(m)
    ents = [_build(k, v, articles) for k, v in groups.items()]
    rank = {"person": 0, "org": 1, "place": 2}
    ents.sort(key=lambda e: (-e.count, rank.get(e.kind, 3), e.name))
    for i, e in enumerate(ents, 1):
        e.id = f"e{i}"
    return ents
