"""Cleaning of extracted text. Reads Article.raw_text/text; writes text, headings, removed, metadata.

(Minimal first version: normalises whitespace; the boilerplate rules come next.)
"""

from __future__ import annotations

import re

from .model import Article


def clean(article: Article) -> Article:
    paras = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n|\n", article.text)]
    article.text = "\n\n".join(p for p in paras if p)
    return article


def clean_batch(articles: list[Article]) -> list[Article]:
    return [clean(a) for a in articles]
