"""What each outlet says for a fact or a conflict, shaped once for the Markdown and HTML renderers.

Reads Citation.evidence, Conflict.sides/nature/fact_id, Fact.conflicts; no analysis happens here: the
values compared are the ones the brief already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Brief, Citation, Conflict, Fact


@dataclass
class Said:
    """One outlet's cited sentence."""

    outlet: str
    article_id: str
    sentence_id: str
    text: str  # the sentence as the article gives it ("" when the brief has no evidence for it)


@dataclass
class ValueGroup:
    """One value of a conflict and the outlets that give it."""

    value: str
    outlets: list[str] = field(default_factory=list)
    date: str = ""  # earliest publication date among its sides (updates are ordered by it)


@dataclass
class SideView:
    outlet: str
    party: str
    value: str
    date: str
    said: list[Said]


@dataclass
class ConflictView:
    id: str
    nature: str  # "disagreement" | "update" | "disputed"
    about: str
    claim: str
    fact_id: str
    values: list[ValueGroup]
    sides: list[SideView]

    @property
    def line(self) -> str:
        """Values per outlet: 'killed: 12 (A), at least 14 (B, C)'; an update reads in time order with arrows."""
        if self.nature == "disputed":
            return "; ".join(f"{s.party or s.outlet}: {s.value or (s.said[0].text if s.said else '')}"
                             for s in self.sides)
        parts = []
        for g in self.values:
            when = f", {g.date}" if self.nature == "update" and g.date else ""
            parts.append(f"{g.value} ({', '.join(g.outlets)}{when})")
        head = f"{self.about or self.claim}: " if (self.about or self.claim) else ""
        return head + (" → " if self.nature == "update" else ", ").join(parts)


def outlet_names(b: Brief) -> dict[str, str]:
    return {a.id: a.outlet or a.id for a in b.articles}


def says(citations: list[Citation], names: dict[str, str]) -> list[Said]:
    """One entry per cited sentence, in citation order, with the sentence text from the evidence."""
    out = []
    for c in citations:
        outlet = c.outlet or names.get(c.article_id, c.article_id)
        texts = {e.sentence_id: e.text for e in c.evidence}
        for sid in c.sentence_ids:
            out.append(Said(outlet, c.article_id, sid, texts.get(sid, "")))
    return out


def _date_key(date: str) -> tuple[int, str]:
    return (0, date) if date else (1, "")  # undated sides last


def conflict_view(c: Conflict, names: dict[str, str]) -> ConflictView:
    nature = "disputed" if c.kind == "disputed" or c.nature == "disputed" else (c.nature or "disagreement")
    sides = []
    for s in c.sides:
        cit = s.citation
        outlet = (cit.outlet or names.get(cit.article_id, cit.article_id)) if cit else ""
        sides.append(SideView(outlet=outlet or s.party, party=s.party, value=(s.value or s.text).strip(),
                              date=s.date, said=says([cit], names) if cit else []))
    if nature == "update":
        sides.sort(key=lambda s: _date_key(s.date))
    groups: dict[str, ValueGroup] = {}
    for s in sides:
        g = groups.setdefault(s.value.lower(), ValueGroup(s.value, date=s.date))
        if s.outlet and s.outlet not in g.outlets:
            g.outlets.append(s.outlet)
        if s.date and (not g.date or s.date < g.date):
            g.date = s.date
    values = list(groups.values())
    if nature == "update":
        values.sort(key=lambda g: _date_key(g.date))
    return ConflictView(id=c.id, nature=nature, about=c.about, claim=c.claim, fact_id=c.fact_id,
                        values=values, sides=sides)


def conflicts_by_fact(b: Brief, names: dict[str, str]) -> tuple[dict[str, list[ConflictView]], list[ConflictView]]:
    """Fact id -> the conflicts shown under it (linked either way), and every conflict in brief order."""
    views = [conflict_view(c, names) for c in b.conflicts]
    by_id = {v.id: v for v in views}
    facts: list[Fact] = list(b.facts) + [f for fs in b.single_source.values() for f in fs]
    out: dict[str, list[ConflictView]] = {}
    for f in facts:
        linked = [by_id[i] for i in f.conflicts if i in by_id]
        linked += [v for v in views if v.fact_id == f.id and v not in linked]
        if linked:
            out[f.id] = linked
    order = {"disagreement": 0, "update": 1, "disputed": 2}
    return out, sorted(views, key=lambda v: order.get(v.nature, 3))


def dispute_views(b: Brief, names: dict[str, str]) -> list[ConflictView]:
    """Claims a party denies within one article, in brief order (shown apart from conflicts between outlets)."""
    return [conflict_view(c, names) for c in b.disputes]
