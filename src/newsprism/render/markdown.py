"""Markdown brief for terminals and notes; what each outlet says is quoted under each fact and conflict.

Article text is untrusted: `<` and `>` are written as entities so raw HTML in a title or a sentence never
reaches a Markdown viewer as markup.
"""

from __future__ import annotations

from ..coverage import BLINDSPOT_MIN_SOURCES, lean_bar
from ..model import Brief, Citation, Coverage
from .claims import ConflictView, Said, conflicts_by_fact, dispute_views, outlet_names, says

NATURE = {"disagreement": "outlets disagree", "update": "update (ordered by publication time)",
          "disputed": "disputed"}


def esc(text: str) -> str:
    """Text from articles with raw HTML neutralised (`<`, `>` as entities; other characters kept)."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def _cite(cits: list[Citation]) -> str:
    return " ".join(f"[{esc(c.article_id)}]" for c in cits)


def _said(s: Said, indent: str, when: str = "") -> str:
    text = esc(s.text) if s.text else "(sentence text not in this brief)"
    return f"{indent}- {esc(s.outlet)}{f' ({esc(when)})' if when else ''}: {text} [{esc(s.sentence_id)}]"


def _conflict(v: ConflictView, indent: str = "") -> list[str]:
    out = [f"{indent}- **{NATURE.get(v.nature, v.nature)}** ({esc(v.id)}): {esc(v.line)}"]
    for s in v.sides:
        out.extend(_said(x, indent + "  ", s.date if v.nature == "update" else "") for x in s.said)
    return out


def _counts(counts: dict[str, int]) -> str:
    return " · ".join(f"{esc(k)} {v}" for k, v in counts.items())


def coverage_lines(c: Coverage) -> list[str]:
    """Who carries the story: counts per independent source, blindspot, first reports, one line per outlet."""
    out = ["\n## Coverage\n",
           f"- {len(c.outlets)} outlets, {c.sources} independent sources (copies of one text count once)"]
    if c.by_lean:
        bar = " · ".join(f"{esc(s['lean'])} {s['sources']}" for s in lean_bar(c.by_lean))
        out.append(f"- by lean: {bar} (of {c.rated_sources} sources with a known lean)")
    for name, counts in (("country", c.by_country), ("owner", c.by_owner), ("kind", c.by_kind)):
        if counts:
            out.append(f"- by {name}: {_counts(counts)}")
    if c.blindspot:
        out.append(f"- **blindspot**: carried almost only by {esc(c.blindspot)} outlets "
                   f"({round(100 * c.blindspot_share)}% of {c.rated_sources} rated sources)")
    elif c.rated_sources and c.rated_sources < BLINDSPOT_MIN_SOURCES:
        out.append(f"- blindspot: not judged (fewer than {BLINDSPOT_MIN_SOURCES} sources with a known lean)")
    if c.first_reported:
        out.append("- first reported by: " + "; ".join(f"{esc(f.outlet)} ({esc(f.date)}) [{esc(f.article_id)}]"
                                                        for f in c.first_reported))
    for o in c.outlets:
        meta = ", ".join(esc(x) for x in (o.lean, o.country, o.owner, o.kind) if x) or "not in the outlet table"
        wire = f", {o.wire_copies} wire cop{'y' if o.wire_copies == 1 else 'ies'}" if o.wire_copies else ""
        out.append(f"  - {esc(o.outlet or '(no outlet)')}: {meta}; {len(o.article_ids)} article(s){wire}"
                   f"{', first ' + esc(o.first_date) if o.first_date else ''}")
    return out


def render_markdown(b: Brief) -> str:
    out: list[str] = []
    names = outlet_names(b)
    under_fact, conflicts = conflicts_by_fact(b, names)
    title = b.story.title if b.story else "Story"
    out.append(f"# {esc(title)}\n")
    out.append("## Articles\n")
    for a in b.articles:
        meta = ", ".join(esc(x) for x in (a.outlet, a.author, a.agency, a.dateline, a.date) if x)
        out.append(f"- **[{esc(a.id)}]** {esc(a.title)}" + (f" — {meta}" if meta else ""))
    if b.copy_groups:
        out.append("\nCopies of one text (count once): " +
                   "; ".join(", ".join(esc(x) for x in g.article_ids) for g in b.copy_groups))
    if b.coverage is not None:
        out.extend(coverage_lines(b.coverage))
    out.append("\n## Summary\n")
    for s in b.summary:
        out.append(f"- {esc(s.text)} {_cite(s.citations)}")
    out.append("\n## Conflicts between outlets\n")
    for v in conflicts:
        out.extend(_conflict(v))
    if not conflicts:
        out.append("- (none found)")
    disputes = dispute_views(b, names)
    if disputes:
        out.append("\n## Disputed claims (a claim and its denial, told in one article)\n")
        for v in disputes:
            out.extend(_conflict(v))
    out.append("\n## Corroborated facts\n")
    for f in b.facts:
        out.append(f"- {esc(f.text)} {_cite(f.citations)} ({f.independent_sources} independent sources)")
        if f.values:
            out.append(f"  - states: {esc('; '.join(f.values))}")
        out.extend(_said(s, "  ") for s in says(f.citations, names))
        for v in under_fact.get(f.id, []):
            out.extend(_conflict(v, "  "))
    if not b.facts:
        out.append("- (none found)")
    out.append("\n## Single-source claims\n")
    for aid, facts in b.single_source.items():
        out.append(f"### [{esc(aid)}]")
        for f in facts[:12]:
            out.append(f"- {esc(f.text)}")
            for v in under_fact.get(f.id, []):
                out.extend(_conflict(v, "  "))
        if len(facts) > 12:
            out.append(f"- … {len(facts) - 12} more")
    out.append("\n## Quotes\n")
    for m in b.shared_quotes:
        flag = "" if m.status == "same" else f" **({m.status})**"
        out.append(f"- “{esc(m.text)}” — **{esc(m.speaker or 'unknown')}**, in {esc(', '.join(m.articles))}{flag}")
    for q in b.quotes:
        said = f"“{esc(q.text)}”" if q.kind == "direct" else f"(reported) {esc(q.text)}"
        cue = f" ({esc(q.cue)})" if q.cue else ""
        who = q.speaker or (f"{q.speaker_mention} (unnamed)" if q.speaker_mention else "unknown")
        out.append(f"- {said} — {esc(who)}{cue} [{esc(q.sentence_id)}]")
    out.append("\n## Framing\n")
    for fr in b.framing:
        parts = [f"[{esc(aid)}] " + ", ".join(sorted({esc(lab.phrase or lab.text) for lab in labs}))
                 for aid, labs in fr.labels.items()]
        out.append(f"- **{esc(fr.actor)}**: " + "; ".join(parts))
    for aid, terms in b.distinctive_terms.items():
        out.append(f"- distinctive terms [{esc(aid)}]: " + ", ".join(esc(t.term) for t in terms[:10]))
    out.append("\n## People, organisations, places\n")
    for kind in ("person", "org", "place"):
        ents = [e for e in b.entities if e.kind == kind]
        if ents:
            out.append(f"- **{kind}**: " + "; ".join(
                esc(e.name) + (f" ({esc(', '.join(v for v in e.variants if v != e.name))})"
                               if len(e.variants) > 1 else "")
                for e in ents))
    if b.timeline:
        out.append("\n## Timeline\n")
        for ev in b.timeline:  # one entry per event; carried by several, what each outlet says
            out.append(f"- {esc(ev.date)}: {esc(ev.text)} {_cite(ev.citations)}")
            said = says(ev.citations, names)
            if len(said) > 1:
                out.extend(_said(s, "  ") for s in said)
    if b.problems:
        out.append("\n## Skipped inputs\n")
        out.extend(f"- {esc(p)}" for p in b.problems)
    return "\n".join(out) + "\n"
