"""Value conflicts and disputed claims. (stub, to be built)"""

from __future__ import annotations

from .model import Article, Conflict, Entity, Fact, Quote


def find_conflicts(articles: list[Article], facts: list[Fact], quotes: list[Quote],
                   entities: list[Entity]) -> list[Conflict]:
    return []
