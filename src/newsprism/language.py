"""The language of each article, so a non-English one gets a warning instead of silent English-only analysis.

Per-article helper: reads Article.text (else raw_text), writes Article.metadata["language"] and, when
the model was asked, metadata["language_confidence"]. Text whose common function words are clearly
English is taken as English without loading the model; otherwise py3langid's bundled model (read from the
installed package, never fetched) decides. Short texts are not judged.
"""

from __future__ import annotations

import functools
import re

from .errors import NOT_ENGLISH, InputWarning
from .model import Article

MIN_WORDS = 20  # fewer words: not judged
MIN_CONFIDENCE = 0.9  # the model's normalised probability needed to call a text non-English
SAMPLE_CHARS = 4000
# English function words: in English news text they are about a fifth of all words; in other languages
# written in Latin script almost none of them occur.
ENGLISH = frozenset("the of and to a in is that for on was with said by it as at from his her he she they "
                    "has have had are were be been will would not but this which who".split())
ENGLISH_SHARE = 0.12


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) of a text; ("", 0.0) when too short to judge."""
    sample = text[:SAMPLE_CHARS]
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < MIN_WORDS:
        return "", 0.0
    if sum(w in ENGLISH for w in words) / len(words) >= ENGLISH_SHARE:
        return "en", 1.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 3)


def tag(articles: list[Article]) -> list[Article]:
    """Set each article's metadata["language"] (and its confidence when the model decided)."""
    for a in articles:
        if "language" in a.metadata:
            continue
        lang, prob = detect(a.text or a.raw_text)
        if lang:
            a.metadata["language"] = lang
            a.metadata["language_confidence"] = prob
    return articles


def warnings(articles: list[Article]) -> list[InputWarning]:
    """One warning per article confidently not in English (from the metadata `tag` set)."""
    out = []
    for a in articles:
        lang, prob = a.metadata.get("language", ""), a.metadata.get("language_confidence", 0.0)
        if lang and lang != "en" and prob >= MIN_CONFIDENCE:
            out.append(InputWarning(a.source or a.id, f"the text looks like language '{lang}' (confidence {prob:.2f}); "
                                    "newsprism's analysis is English-only, so facts, quotes and names may be missed",
                                    NOT_ENGLISH))
    return out
