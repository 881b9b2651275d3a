"""Actor labels per article and distinctive terms. (stub, to be built)"""

from __future__ import annotations

from .model import Article, DistinctiveTerm, Entity, Framing


def frame(articles: list[Article], entities: list[Entity]) -> tuple[list[Framing], dict[str, list[DistinctiveTerm]]]:
    return [], {}
