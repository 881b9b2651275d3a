"""Paragraphs and sentences with character spans. Reads Article.text; writes paragraphs, sentences.

(Minimal first version over pysbd; to be measured against alternatives.)
"""

from __future__ import annotations

import re

import pysbd

from .model import Article, Paragraph, Sentence

_seg = pysbd.Segmenter(language="en", clean=False, char_span=True)


def segment(article: Article) -> Article:
    article.paragraphs, article.sentences = [], []
    for pi, m in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", article.text)):
        is_heading = m.group(0).strip() in article.headings
        article.paragraphs.append(Paragraph(index=pi, start=m.start(), end=m.end(), is_heading=is_heading))
        if is_heading:
            continue
        for span in _seg.segment(m.group(0)):
            s_text = span.sent.strip()
            if not s_text:
                continue
            start = m.start() + span.start + (len(span.sent) - len(span.sent.lstrip()))
            n = len(article.sentences)
            article.sentences.append(Sentence(id=f"{article.id}:s{n}", article_id=article.id, start=start,
                                              end=start + len(s_text), text=s_text, paragraph=pi))
    return article
