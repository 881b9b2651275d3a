"""Markdown brief for terminals and notes."""

from __future__ import annotations

from ..model import Brief, Citation


def _cite(cits: list[Citation]) -> str:
    return " ".join(f"[{c.article_id}]" for c in cits)


def render_markdown(b: Brief) -> str:
    out: list[str] = []
    title = b.story.title if b.story else "Story"
    out.append(f"# {title}\n")
    out.append("## Articles\n")
    for a in b.articles:
        meta = ", ".join(x for x in (a.outlet, a.author, a.agency, a.dateline, a.date) if x)
        out.append(f"- **[{a.id}]** {a.title}" + (f" — {meta}" if meta else ""))
    if b.copy_groups:
        out.append("\nCopies of one text (count once): " +
                   "; ".join(", ".join(g.article_ids) for g in b.copy_groups))
    out.append("\n## Summary\n")
    for s in b.summary:
        out.append(f"- {s.text} {_cite(s.citations)}")
    out.append("\n## Corroborated facts\n")
    for f in b.facts:
        out.append(f"- {f.text} {_cite(f.citations)} ({f.independent_sources} independent sources)")
    if not b.facts:
        out.append("- (none found)")
    out.append("\n## Single-source claims\n")
    for aid, facts in b.single_source.items():
        out.append(f"### [{aid}]")
        for f in facts[:12]:
            out.append(f"- {f.text}")
        if len(facts) > 12:
            out.append(f"- … {len(facts) - 12} more")
    out.append("\n## Quotes\n")
    for m in b.shared_quotes:
        flag = "" if m.status == "same" else f" **({m.status})**"
        out.append(f"- “{m.text}” — **{m.speaker or 'unknown'}**, in {', '.join(m.articles)}{flag}")
    for q in b.quotes:
        said = f"“{q.text}”" if q.kind == "direct" else f"(reported) {q.text}"
        cue = f" ({q.cue})" if q.cue else ""
        who = q.speaker or (f"{q.speaker_mention} (unnamed)" if q.speaker_mention else "unknown")
        out.append(f"- {said} — {who}{cue} [{q.sentence_id}]")
    out.append("\n## Conflicts and disputes\n")
    for c in b.conflicts:
        out.append(f"- **{c.kind}: {c.claim}**")
        for side in c.sides:
            who = f"{side.party}: " if side.party else ""
            where = f" [{side.citation.article_id}]" if side.citation else ""
            out.append(f"  - {who}{side.text}{where}")
    if not b.conflicts:
        out.append("- (none found)")
    out.append("\n## Framing\n")
    for fr in b.framing:
        parts = [f"[{aid}] " + ", ".join(sorted({lab.text for lab in labs})) for aid, labs in fr.labels.items()]
        out.append(f"- **{fr.actor}**: " + "; ".join(parts))
    for aid, terms in b.distinctive_terms.items():
        out.append(f"- distinctive terms [{aid}]: " + ", ".join(t.term for t in terms[:10]))
    out.append("\n## People, organisations, places\n")
    for kind in ("person", "org", "place"):
        names = [e for e in b.entities if e.kind == kind]
        if names:
            out.append(f"- **{kind}**: " + "; ".join(
                e.name + (f" ({', '.join(v for v in e.variants if v != e.name)})" if len(e.variants) > 1 else "")
                for e in names))
    if b.timeline:
        out.append("\n## Timeline\n")
        for ev in b.timeline:
            out.append(f"- {ev.date}: {ev.text} {_cite(ev.citations)}")
    if b.problems:
        out.append("\n## Skipped inputs\n")
        out.extend(f"- {p}" for p in b.problems)
    return "\n".join(out) + "\n"
