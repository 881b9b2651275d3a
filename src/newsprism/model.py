"""The one data model that flows through newsprism's stages.

Per-article stages (readers, clean, segment) take and return Article objects; whole-story stages
(copies, align, quotes, entities, conflicts, framing, summarise) take Articles and return the other
objects below.  Everything serialises to plain JSON through `to_dict`, which is the brief schema
documented in docs/schema.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "3.0"


def to_dict(obj: Any) -> Any:
    """Plain-JSON form of a model object (dataclasses, lists, dicts); private fields (_x) are dropped."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if f.name.startswith("_") or f.metadata.get("json") is False:
                continue
            out[f.name] = to_dict(getattr(obj, f.name))
        return out
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def internal(default=None, factory=None):
    """A field kept in memory but left out of the JSON brief (e.g. removed boilerplate, raw text)."""
    if factory is not None:
        return field(default_factory=factory, metadata={"json": False}, repr=False, compare=False)
    return field(default=default, metadata={"json": False}, repr=False, compare=False)


@dataclass
class Paragraph:
    """A block of the cleaned text; headings are kept as paragraphs flagged is_heading, never sentences."""

    index: int
    start: int
    end: int
    is_heading: bool = False


@dataclass
class Sentence:
    """One sentence of an article; [start, end) indexes Article.text."""

    id: str  # "<article_id>:s<n>", n counts from 0 in reading order
    article_id: str
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass
class Article:
    """One news article, from raw input to cleaned, segmented text."""

    id: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    agency: str = ""
    dateline: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD or full timestamp) when known
    url: str = ""
    source: str = ""  # path/URL it was read from (plus #record for multi-record files)
    text: str = ""  # cleaned body text (after `clean`); sentence spans index into it
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    lead: str = ""  # subtitle/standfirst when the source gives one
    metadata: dict[str, Any] = field(default_factory=dict)
    raw_text: str = internal("")  # text as read, before cleaning
    removed: list[str] = internal(factory=list)  # boilerplate lines dropped by `clean`, for auditing

    def sentence(self, sid: str) -> Sentence | None:
        for s in self.sentences:
            if s.id == sid:
                return s
        return None


@dataclass
class Evidence:
    """One cited sentence as the reader can check it: its text and [start, end) in Article.text."""

    sentence_id: str
    text: str
    start: int
    end: int


@dataclass
class Citation:
    """Evidence: an article and the sentences in it that carry the item (text and spans filled by `cite`)."""

    article_id: str
    sentence_ids: list[str] = field(default_factory=list)
    outlet: str = ""
    evidence: list[Evidence] = field(default_factory=list)

    @classmethod
    def of(cls, s: Sentence, outlet: str = "") -> Citation:
        """The citation of one sentence."""
        return cls(article_id=s.article_id, sentence_ids=[s.id], outlet=outlet)


@dataclass
class Entity:
    """A person, organisation or place, with the name variants joined to it."""

    id: str
    name: str  # canonical (longest/fullest) form
    kind: str  # "person" | "org" | "place" | "other"
    variants: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # roles seen: "Foreign Minister", "professor"
    mentions: list[Citation] = field(default_factory=list)
    count: int = 0
    nationality: str = ""  # place a person is tied to by the text ("Freedonian leader X"), when seen
    spans: list[tuple[str, int, int]] = internal(factory=list)  # (article id, start, end) of each mention


@dataclass
class Quote:
    """A quote or attribution in one article. `text` occurs verbatim in the article's text."""

    id: str
    article_id: str
    sentence_id: str
    text: str
    start: int  # span of `text` in Article.text
    end: int
    speaker: str = ""  # resolved name ("" when unknown)
    speaker_entity: str = ""  # Entity.id when resolved
    speaker_mention: str = ""  # the words that point to the speaker ("he", "the ministry")
    cue: str = ""  # "said", "told reporters", "according to" ...
    kind: str = "direct"  # "direct" (in quotation marks) | "indirect" (reported speech)
    outlet: str = ""
    via: str = ""  # who relays the words when the quote reports someone else ("the ministry said X said")


@dataclass
class QuoteMatch:
    """The same quote carried by several articles; `status` flags altered or truncated versions."""

    id: str
    text: str  # the fullest version
    speaker: str
    quotes: list[Quote] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    status: str = "same"  # "same" | "truncated" | "altered"
    notes: list[str] = field(default_factory=list)


@dataclass
class Fact:
    """A statement with the articles that carry it. Corroborated when >= 2 independent outlets do."""

    id: str
    text: str  # representative sentence
    citations: list[Citation] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    independent_sources: int = 1  # copy groups / outlets counted once
    corroborated: bool = False
    score: float = 0.0  # alignment confidence
    position: float = 0.0  # mean relative position in the articles (0 = top)
    date: str = ""
    values: list[str] = field(default_factory=list)  # the values it states ("killed: at least 14 people")
    conflicts: list[str] = field(default_factory=list)  # ids of Conflicts about the same thing
    # the sentence group the fact was pruned from (what else the articles say about it): topic salience
    # for the summary, never shown as corroboration
    related: list[Citation] = internal(factory=list)
    related_sources: int = internal(0)


@dataclass
class ConflictSide:
    text: str  # what this side says (sentence or value)
    value: str = ""
    party: str = ""  # who holds it (speaker/outlet)
    citation: Citation | None = None
    date: str = ""  # publication date of the cited article (orders the sides of an update)


@dataclass
class Conflict:
    """Two or more incompatible versions of one fact given by different articles (Brief.conflicts), or a
    claim that a party denies, told within one article (Brief.disputes, kind "disputed")."""

    id: str
    kind: str  # "number" | "date" | "name" | "disputed"
    claim: str  # what the conflict is about
    sides: list[ConflictSide] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    nature: str = "disagreement"  # "disagreement" | "update" (explained by publication time) | "disputed"
    fact_id: str = ""  # the Fact this conflict belongs to, when there is one
    about: str = ""  # the thing the values measure ("deaths", "age", "chilean passenger")


def per_value(sides: list[ConflictSide]) -> str:
    """'at least 14 (A, B); 12 (C)': each value of a conflict with the parties that give it."""
    by_val: dict[str, list[str]] = {}
    for sd in sides:
        by_val.setdefault(sd.value, []).append(sd.party)
    return "; ".join(f"{v} ({', '.join(dict.fromkeys(p))})" for v, p in by_val.items())


@dataclass
class Label:
    text: str  # "leader", "tycoon", "reformer"
    article_id: str
    sentence_id: str = ""
    how: str = ""  # "premodifier" | "appositive" | "epithet" | "copula"
    phrase: str = ""  # the label with its modifiers: "Freedonian tycoon"


@dataclass
class Framing:
    """How each article labels one actor, keyed by article id."""

    actor: str  # Entity.name
    entity_id: str = ""
    labels: dict[str, list[Label]] = field(default_factory=dict)


@dataclass
class DistinctiveTerm:
    term: str
    article_id: str
    z: float  # log-odds z-score against the other articles (informative Dirichlet prior)
    count: int = 0


@dataclass
class TimelineEvent:
    date: str  # ISO date, or the phrase when it cannot be resolved
    text: str
    phrase: str = ""  # the date words in the text ("on Thursday", "last year")
    citations: list[Citation] = field(default_factory=list)


@dataclass
class SummarySentence:
    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class CopyGroup:
    """Articles that are copies of one text (wire/syndication); they count as one source."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    kind: str = "near"  # "exact" | "near" | "partial"
    similarity: float = 0.0


@dataclass
class Story:
    id: str
    title: str = ""
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""


@dataclass
class ArticleInfo:
    """What the brief says about each article (metadata, not the full text)."""

    id: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    agency: str = ""
    dateline: str = ""
    date: str = ""
    url: str = ""
    source: str = ""
    headings: list[str] = field(default_factory=list)
    sentences: int = 0
    words: int = 0

    @classmethod
    def of(cls, a: Article) -> ArticleInfo:
        return cls(id=a.id, title=a.title, outlet=a.outlet, author=a.author, agency=a.agency,
                   dateline=a.dateline, date=a.date, url=a.url, source=a.source,
                   headings=list(a.headings), sentences=len(a.sentences), words=len(a.text.split()))


@dataclass
class Outlet:
    """One row of the user's outlet table; newsprism ships no ratings, every value comes from the user."""

    domain: str = ""  # registered domain ("example.com"): URL hosts are matched on it
    name: str = ""
    lean: str = ""  # as the table says ("left", "lean right", "centre", ...)
    owner: str = ""
    country: str = ""
    kind: str = ""  # "wire" | "public" | "state" | "partisan" | ... as the table says
    aliases: list[str] = field(default_factory=list)  # other names it appears under (records, bylines)
    extra: dict[str, str] = field(default_factory=dict)  # the table's other columns, kept as given


@dataclass
class OutletCoverage:
    """One outlet's part in a story: its articles, how it was recognised, its first publication time."""

    outlet: str  # name shown to readers (the table's name, else the record's outlet, else the URL host)
    domain: str = ""
    lean: str = ""
    owner: str = ""
    country: str = ""
    kind: str = ""
    article_ids: list[str] = field(default_factory=list)
    matched_by: str = ""  # "url" | "name" | "agency" | "" (not in the outlet table)
    first_date: str = ""
    wire_copies: int = 0  # its articles that copy a wire text (agency byline or copy of a wire outlet's article)


@dataclass
class FirstReport:
    outlet: str
    article_id: str
    date: str


@dataclass
class Coverage:
    """Who carries a story. Counts are of independent sources: copies of one text count once per value."""

    outlets: list[OutletCoverage] = field(default_factory=list)
    sources: int = 0  # independent sources (a copy group or a lone article)
    by_lean: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)
    by_owner: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    rated_sources: int = 0  # sources with a known lean
    blindspot: str = ""  # the side that carries almost all of the story ("" when none); see docs/outlets.md
    blindspot_share: float = 0.0  # that side's share of the rated sources
    first_reported: list[FirstReport] = field(default_factory=list)  # earliest dated articles, in time order
    unmatched: list[str] = field(default_factory=list)  # article ids whose outlet is not in the table


@dataclass
class Brief:
    """Everything newsprism says about one story."""

    schema_version: str = SCHEMA_VERSION
    story: Story | None = None
    articles: list[ArticleInfo] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # corroborated facts
    single_source: dict[str, list[Fact]] = field(default_factory=dict)  # article id -> its own claims
    quotes: list[Quote] = field(default_factory=list)
    shared_quotes: list[QuoteMatch] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # between outlets: sides in 2+ articles
    disputes: list[Conflict] = field(default_factory=list)  # (3.0) a party's claim and another's denial, told in one article
    framing: list[Framing] = field(default_factory=list)
    distinctive_terms: dict[str, list[DistinctiveTerm]] = field(default_factory=dict)
    timeline: list[TimelineEvent] = field(default_factory=list)
    copy_groups: list[CopyGroup] = field(default_factory=list)
    coverage: Coverage | None = None  # who carries the story (2.1)
    outlets: list[Outlet] = field(default_factory=list)  # the outlet table's rows for this story's outlets (2.1)
    stats: dict[str, Any] = field(default_factory=dict)  # timings, backend used, counts
    problems: list[str] = field(default_factory=list)  # inputs skipped, one line each

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)
