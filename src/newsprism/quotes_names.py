"""Speaker mentions to names: titles stripped, pronouns/descriptors/surnames resolved within an article.

Used by `quotes`. Works on a spaCy Doc of Article.text; `entities` (optional) only canonicalise names.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .model import Entity
from .names import ORG_NOUNS, ROLE_NOUNS, entity_called

# Generic English titles and role words that precede a name ("Foreign Minister X", "professor X").
TITLES = set("""
mr mrs ms miss dr prof professor president vice prime minister foreign secretary sen senator rep
representative gov governor gen general lt lieutenant col colonel maj major adm admiral sgt sergeant
capt captain cmdr commander chairman chairwoman chair chief judge justice mayor king queen prince
princess pope rev reverend sir dame lord lady speaker leader former retired ambassador spokesman
spokeswoman spokesperson director ceo candidate nominee first deputy state defense defence attorney
commissioner officer official analyst economist expert author activist sheriff councilman
councilwoman supreme majority minority house senate democratic republican gop presidential
assistant associate executive managing interior finance trade health education press chancellor
emperor supreme premier mr. mrs. ms. dr. prof. sen. rep. gov. gen. lt. col. maj. adm. sgt. capt.
""".split())
PERSON_PRONOUNS = {"he", "she", "him", "her"}
ORG_PRONOUNS = {"it"}
GROUP_PRONOUNS = {"they", "them"}
FIRST_PERSON = {"i", "we", "me", "us", "you"}
# "Doe Says ..." in title case: NER takes the verb into the name
_HEADLINE_VERBS = {"says", "said", "tells", "told", "warns", "urges", "claims", "calls", "slams", "blasts", "admits"}
_POSS = re.compile(r"(?:['’]s|['’])$")
_POSS_IN = re.compile(r"\w['’]s?\s")


@dataclass
class Mention:
    """A named entity mention in an article: position, name (titles stripped), kind, role words."""

    start: int
    name: str
    kind: str  # person | org
    roles: set[str] = field(default_factory=set)
    subject: bool = False
    quoted: bool = False  # inside quotation marks: not a referent for "he"/"it" outside them
    sent: int = 0  # start of its sentence


def clean_name(span) -> tuple[str, set[str]]:
    """Name of a spaCy span with leading titles/nationalities and a trailing possessive removed."""
    toks = [t for t in span if not t.is_space]
    roles: set[str] = set()
    while toks and (toks[0].lower_ in TITLES or toks[0].ent_type_ in ("NORP", "GPE") and len(toks) > 1
                    and toks[-1].ent_type_ == "PERSON" or toks[0].is_lower or toks[0].is_punct
                    or toks[0].lower_ == "the"):
        if toks[0].lower_ in TITLES or toks[0].is_lower:
            roles.add(toks[0].lower_.rstrip("."))
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("'s", "’s", "'", "’") or toks[-1].lower_ in _HEADLINE_VERBS):
        toks = toks[:-1]
    if not toks:
        return "", roles
    text = span.doc[toks[0].i: toks[-1].i + 1].text  # not doc.text[...]: spaCy rebuilds doc.text per call
    return _POSS.sub("", text).strip(), roles


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> list[str]:
    return [w for w in _KEY_SPLIT.split(name.lower().replace(".", "")) if w]


_KEY_SPLIT = re.compile(r"[\s\-‐]+")


_COMPOUND = re.compile(r"^[A-Z][\w.]*-[A-Z][\w.]*$")  # "Smith-Jones meeting": a modifier, not a name


def mentions_of(doc, quoted=lambda pos: False) -> list[Mention]:
    """Named person/org mentions with the role words seen before them or in an appositive."""
    out = []
    sent_start = {}  # token index -> its sentence's first character (ent.sent costs a pass over the doc)
    for sent in doc.sents:
        sent_start.update(dict.fromkeys(range(sent.start, sent.end), sent.start_char))
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        name, roles = clean_name(ent)
        if not name or len(name) < 2 or _COMPOUND.match(name):
            continue
        kind = "person" if ent.label_ == "PERSON" else "org"
        i = ent.start - 1
        while i >= 0 and i >= ent.start - 4 and not doc[i].is_punct:
            roles.add(doc[i].lower_)
            i -= 1
        for t in ent:
            for c in t.children:
                if c.dep_ == "appos":
                    roles.update(w.lower_ for w in c.subtree)
        if ent.end < len(doc) and doc[ent.end].text == ",":
            roles.update(w.lower_ for w in doc[ent.end + 1: ent.end + 6])
        subj = any(t.dep_ in ("nsubj", "nsubjpass") for t in ent)
        out.append(Mention(ent.start_char, name, kind, roles, subj, quoted(ent.start_char),
                           sent_start.get(ent.start, ent.start_char)))
    return out


class Resolver:
    """Resolves speaker mentions in one article to the fullest named person or body before them."""

    def __init__(self, doc, entities: list[Entity] | None = None, quoted=lambda pos: False):
        self.mentions = mentions_of(doc, quoted)
        self.sent_starts = [s.start_char for s in doc.sents]
        self.speakers: list[Mention] = []  # resolved speakers so far, in text order
        self.canon: dict[str, Entity] = {}
        self.entities = list(entities or [])
        for e in self.entities:
            for v in [e.name, *e.variants]:
                self.canon.setdefault(" ".join(_key(v)), e)
        for m in self.mentions:  # the story's entity typing (context, all articles) beats one parse
            e = self.canon.get(" ".join(_key(m.name)))
            if e is not None and e.kind in ("person", "org"):
                m.kind = e.kind

    def note_speaker(self, pos: int, name: str, kind: str) -> None:
        if name:
            sent = self.sent_starts[max(0, bisect_right(self.sent_starts, pos) - 1)] if self.sent_starts else 0
            self.speakers.append(Mention(pos, name, kind, subject=True, sent=sent))

    def canonical(self, name: str) -> tuple[str, str]:
        """(name, entity id) through the entities' variants; the name itself when no entity has it."""
        k = _key(name)
        e = self.canon.get(" ".join(k))
        while e is None and len(k) > 2 and k[0] in TITLES | ROLE_NOUNS:  # 'Farmer A B' -> 'A B'
            k = k[1:]
            e = self.canon.get(" ".join(k))
        return (e.name, e.id) if e else (name, "")

    def _before(self, pos: int, kind: str | None = None, subjects_only: bool = False) -> list[Mention]:
        pool = [m for m in self.mentions if m.start < pos and (not subjects_only or m.subject and not m.quoted)]
        pool += [m for m in self.speakers if m.start < pos]
        return sorted((m for m in pool if kind is None or m.kind == kind), key=lambda m: m.start)

    def _extends(self, k: tuple[str, ...]) -> tuple[list[Mention], list[Mention]]:
        """(mentions, resolved speakers) whose name key is longer than `k` and starts or ends with it.

        Indexed by every proper prefix and suffix of each key, so a lookup costs the matches, not a
        scan of every mention (the scan made quote extraction quadratic in the article's length).
        """
        if not hasattr(self, "_ext_m"):
            self._ext_m, self._ext_s, self._ext_n = self._index(self.mentions), {}, 0
            self._first_start = min((m.start for m in self.mentions), default=float("inf"))
        for m in self.speakers[self._ext_n:]:
            self._first_start = min(self._first_start, m.start)
            for part in self._parts(m):
                self._ext_s.setdefault(part, []).append(m)
        self._ext_n = len(self.speakers)
        return self._ext_m.get(k, []), self._ext_s.get(k, [])

    @staticmethod
    def _parts(m: Mention) -> set[tuple[str, ...]]:
        mk = tuple(_key(m.name))
        return {p for j in range(1, len(mk)) for p in (mk[:j], mk[-j:])}

    def _index(self, mentions: list[Mention]) -> dict[tuple[str, ...], list[Mention]]:
        out: dict[tuple[str, ...], list[Mention]] = {}
        for m in mentions:
            for part in self._parts(m):
                out.setdefault(part, []).append(m)
        return out

    def full_name(self, name: str, pos: int, kind: str = "person") -> str:
        """Fullest earlier name that a short mention ("Doe") is a prefix/suffix of ("Jane Doe")."""
        k = tuple(_key(name))
        if not k:
            return name
        ms, ss = self._extends(k)
        if self._first_start < pos:  # some mention or speaker comes before: only those count
            cands = sorted([m for m in ms if m.start < pos] + [m for m in ss if m.start < pos], key=lambda m: m.start)
        else:
            cands = list(ms)
        if not cands:
            cands = list(ms)  # a name introduced later (headline-style lead)
        if not cands:
            return name
        # the first-introduced bearer, unless another bearer was introduced very close before
        first, last = cands[0], cands[-1]
        pick = last if pos - last.start < 250 and last.name != first.name and last.subject else first
        return max((c.name for c in cands if _key(pick.name) == _key(c.name)), key=len, default=pick.name)

    def resolve(self, mention: str, pos: int, head_lemma: str = "", is_propn: bool = False) -> tuple[str, str]:
        """(resolved name, kind) of a speaker mention at `pos`; ("", "") when it cannot be resolved."""
        low = mention.lower().strip()
        if low in FIRST_PERSON or not low:
            return "", ""
        if low in PERSON_PRONOUNS:
            c = self._nearest(pos, "person")
            return (self.full_name(c.name, c.start + 1), "person") if c else ("", "")
        if low in ORG_PRONOUNS:
            c = self._nearest(pos, "org", speakers_first=True)
            return (c.name, "org") if c else ("", "")
        if low in GROUP_PRONOUNS:
            c = self._nearest(pos, "org", speakers_first=True)
            return (c.name, "org") if c else ("", "")
        if not is_propn:
            return self._descriptor(low, pos, head_lemma)
        kind = "person"
        for m in self.mentions:
            if _key(m.name) == _key(mention):
                kind = m.kind
                break
        return self.full_name(mention, pos, kind), kind

    def _nearest(self, pos: int, kind: str, speakers_first: bool = False) -> Mention | None:
        if speakers_first:
            sp = [m for m in self.speakers if m.start < pos and m.kind == kind]
            if sp:
                return sp[-1]
        # Hobbs-style: the latest sentence with a candidate; in it, the first subject, else the first mention
        cands = [m for m in self._before(pos, kind) if not m.quoted]
        if not cands:
            return None
        last = max(m.sent for m in cands)
        in_sent = sorted((m for m in cands if m.sent == last), key=lambda m: m.start)
        subj = [m for m in in_sent if m.subject]
        return (subj or in_sent)[0]

    def _descriptor(self, low: str, pos: int, head: str) -> tuple[str, str]:
        head = head or low.split()[-1]
        bare = len(low.split()) <= 2 and low.split()[0] in ("the", "this", "that", head)
        if head in ORG_NOUNS:
            orgs = [m for m in self._before(pos, "org") if head in m.name.lower()]
            if orgs:
                return orgs[-1].name, "org"
            titled = self._titled(head, pos, "org")
            if titled:
                return titled, "org"
            if _POSS_IN.search(low):  # "the mayor's office": the body of someone else
                return "", ""
            c = self._nearest(pos, "org", speakers_first=True)
            return (c.name, "org") if c else ("", "")
        people = [m for m in self._before(pos, "person") if head in m.roles]
        if people:
            return self.full_name(people[-1].name, pos), "person"
        person = self._titled(head, pos, "person") if bare else ""
        return (person, "person") if person else ("", "")

    def _titled(self, head: str, pos: int, kind: str) -> str:
        """The story entity of `kind` the articles call `head`, named before `pos` ('the company')."""
        named_before = {" ".join(_key(m.name)) for m in self._before(pos)}
        e = entity_called(head, self.entities, (kind,),
                          known=lambda e: any(" ".join(_key(v)) in named_before for v in [e.name, *e.variants]))
        return e.name if e else ""
