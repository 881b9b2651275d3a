"""Near-duplicate / wire-copy groups. Reads Article.text; returns CopyGroup list. (stub, to be built)"""

from __future__ import annotations

from .model import Article, CopyGroup


def find_copies(articles: list[Article]) -> list[CopyGroup]:
    return []
