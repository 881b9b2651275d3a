"""Sentences across articles -> facts with supporting articles. (stub, to be built)"""

from __future__ import annotations

from .model import Article, Citation, CopyGroup, Fact


def align(articles: list[Article], sim, groups: list[CopyGroup]) -> list[Fact]:
    facts = []
    for a in articles:
        for s in a.sentences:
            facts.append(Fact(id=f"f{len(facts)}", text=s.text, outlets=[a.outlet] if a.outlet else [],
                              citations=[Citation(a.id, [s.id], a.outlet)]))
    return facts
