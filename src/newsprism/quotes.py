"""Quotes, cues and speakers in each article; matching of the same quote across articles.

Reads Article.text, sentences, outlet, id (and Entity.name/variants/id to canonicalise speakers);
writes Quote objects (direct quotes in quotation marks and indirect reported speech) and QuoteMatch
objects.  Every Quote.text is Article.text[start:end].  Marks: quotes_marks; cue verbs and their
speakers: quotes_cues (spaCy parse via newsprism.nlp); names, pronouns, descriptors: quotes_names;
cross-article matching: quotes_match.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from . import nlp
from .model import Article, CopyGroup, Entity, Quote, QuoteMatch
from .quotes_cues import STANCE, according_to, cue_phrase, is_cue, speech_ancestor, subject_of
from .quotes_marks import Span, find_quotes
from .quotes_match import match_quotes as _match
from .quotes_names import Resolver, clean_name

_FROM = re.compile(r"(?:^|\n)[ \t]*(?:from|via|per|said|says)[ \t]+([^\n:]{2,80}?)[ \t]*:[ \t\n]*$", re.I)
_COLON_NAME = re.compile(r"(?:^|\n)[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]*$")
_DASH = re.compile(r"^[\s,.']*[—–-]{1,2}[ \t]*([A-Z][^\n,;(]{1,60})")
_ENT_KINDS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass
class _Found:
    speaker_tok: object = None  # spaCy token of the speaker
    mention: str = ""
    cue: str = ""
    pos: int = -1


def _ent_of(tok):
    """The entity span holding `tok`, from its IOB tags (doc.ents is rebuilt on every access: quadratic)."""
    if tok.ent_iob_ in ("O", ""):
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    span = doc[start:end]
    span.label_ = tok.ent_type_
    return span


def _mention(tok) -> tuple[str, bool, str]:
    """(mention text, is a name, head lemma) of a speaker token's phrase."""
    e = _ent_of(tok)
    if e is not None and e.label_ in _ENT_KINDS:
        name, _ = clean_name(e)
        if name:
            return name, True, tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "appos":
            ce = _ent_of(c)
            if ce is not None and ce.label_ in ("PERSON", "ORG"):
                return clean_name(ce)[0], True, c.lemma_.lower()
    if tok.pos_ == "PRON":
        return tok.text, False, tok.lower_
    if tok.pos_ == "PROPN":
        toks = [t for t in tok.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"] + [tok]
        toks += [t for t in tok.rights if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
        toks.sort(key=lambda t: t.i)
        return tok.doc[toks[0].i: toks[-1].i + 1].text, True, tok.lemma_.lower()
    left = [t for t in tok.lefts if t.dep_ in ("det", "amod", "compound", "poss", "nmod")]
    start = min([t.i for t in left] + [tok.i])
    return tok.doc[start: tok.i + 1].text, False, tok.lemma_.lower()


def _inside(ranges: list[tuple[int, int]]):
    """pos -> whether a <= pos < b for some (a, b) of the sorted `ranges` (bisect, not a scan per call)."""
    starts = [a for a, _ in ranges]
    reach = list(itertools.accumulate((b for _, b in ranges), max))
    return lambda pos: (i := bisect.bisect_right(starts, pos) - 1) >= 0 and reach[i] > pos


def _sentence_id(article: Article, pos: int, starts: list[int] | None = None) -> str:
    """Id of the sentence holding `pos` (else the last one before it, else the first); `starts` for bisect."""
    sents = article.sentences
    if not sents:
        return ""
    starts = starts if starts is not None else [x.start for x in sents]
    i = bisect.bisect_right(starts, pos) - 1
    return sents[max(i, 0)].id


class _ArticleQuotes:
    """Extraction state for one article: parse, resolver, quote spans and token masks."""

    def __init__(self, article: Article, entities: list[Entity]):
        self.a = article
        self.text = article.text
        self.doc = nlp.parse(self.text)  # line breaks start sentences there (see nlp.py)
        heads = [(p.start, p.end) for p in article.paragraphs if p.is_heading]
        self.spans = [s for s in find_quotes(self.text) if self.text[s.start:s.end].strip()
                      and not any(a <= s.start < b for a, b in heads)]
        ranges = sorted((s.open_at, s.close_at if s.close_at >= 0 else s.end) for s in self.spans)
        self.res = Resolver(self.doc, entities, _inside(ranges))
        self.in_quote: set[int] = set()
        for s in self.spans:
            cs = self.doc.char_span(s.start, s.end, alignment_mode="expand")
            if cs is not None:
                self.in_quote.update(range(cs.start, cs.end))
        self.quotes: list[Quote] = []

    def _para_bounds(self, pos: int) -> tuple[int, int]:
        a = self.text.rfind("\n", 0, pos) + 1
        b = self.text.find("\n", pos)
        return a, (len(self.text) if b < 0 else b)

    def _tok_range(self, a: int, b: int):
        cs = self.doc.char_span(a, b, alignment_mode="expand") if b > a else None
        return [] if cs is None else list(cs)

    def _speaker_from(self, verb) -> _Found | None:
        if verb.lower_ == "according":
            o = according_to(verb)
            return _Found(o, cue="according to", pos=verb.idx) if o is not None else None
        subj = subject_of(verb)
        if subj is None or subj.i in self.in_quote:
            # the parser took a word of the quote as subject: another subject outside the quote, or the
            # noun after an inverted cue (“…,” tweeted a local user)
            prev = verb.doc[verb.i - 1] if verb.i > 0 else verb
            inverted = prev.i in self.in_quote or prev.is_punct
            alt = [c for c in verb.children if c.i not in self.in_quote and (
                c.dep_ in ("nsubj", "nsubjpass") or inverted and c.dep_ == "dobj" and c.i > verb.i)
                and c.pos_ in ("PROPN", "NOUN", "PRON")]
            if not alt:
                return None
            subj = alt[0]
        return _Found(subj, cue=cue_phrase(verb), pos=verb.idx)

    def _find_cue(self, i: int, s: Span) -> _Found | None:
        text = self.text
        close = s.close_at if s.close_at >= 0 else s.end
        p0, p1 = self._para_bounds(s.open_at)[0], self._para_bounds(close)[1]
        prev_end = max([q.close_at for q in self.spans[:i] if q.close_at >= p0] + [p0])
        nxt_open = min([q.open_at for q in self.spans[i + 1:] if q.open_at < p1] + [p1])
        before = text[prev_end:s.open_at]
        # “…” X said: “…” — a sentence-final quote followed by a colon intro: that cue is the next quote's
        after_ok = not (nxt_open < p1 and text[close + 1:nxt_open].rstrip().endswith(":")
                        and text[s.start:close].rstrip(" '\"”’\x00")[-1:] in (".", "!", "?"))
        # "From X:" / "X:" introducing the quote on the line before or the same line
        base = max(0, p0 - 200)
        m = _FROM.search(text[base:s.open_at])
        if m is None and before.strip():
            base = prev_end
            m = _COLON_NAME.search(before)
            if m and m.group(1).lower() in ("he", "she", "it", "they", "i", "we"):
                m = None
        if m:
            a = base + m.start(1)
            toks = self._tok_range(a, a + len(m.group(1)))
            if toks:
                return _Found(toks[-1], mention=m.group(1).strip(), cue=":", pos=a)
        if not before.strip() and p0 > 0 and text[:p0].rstrip().endswith(":"):
            f = self._colon_intro(p0)
            if f:
                return f
        elif before.rstrip().endswith(":"):  # "She then turned to the crowd: “…”"
            f = self._colon_intro(s.open_at)
            if f:
                return f
        m = _DASH.match(text[close + 1: nxt_open])
        if m:
            a = close + 1 + m.start(1)
            toks = self._tok_range(a, a + len(m.group(1).strip()))
            if toks:
                t = next((t for t in toks if _ent_of(t) is not None), toks[0])
                return _Found(t, cue="—", pos=a)
        # dependency head chain from the quote's tokens to a cue verb outside quotes
        qt = self._tok_range(s.start, s.end)
        ids = {t.i for t in qt}
        for t in qt:
            if t.head.i in ids:
                continue
            v = speech_ancestor(t, self.in_quote)
            if v is not None and prev_end - 5 <= v.idx <= nxt_open + 5 and (after_ok or v.idx < s.open_at):
                f = self._speaker_from(v)
                if f:
                    return f
        # positional: a cue right after the quote, then one before it in the same sentence
        for t in self._tok_range(close + 1, nxt_open)[:15 if after_ok else 0]:
            if t.i in self.in_quote:
                break
            if is_cue(t) or t.lower_ == "according":
                f = self._speaker_from(t)
                if f:
                    return f
            if t.text in (".", "!", "?") and t.idx > close + 2:
                break
        for t in reversed(self._tok_range(prev_end, s.open_at)[-25:]):
            if t.i in self.in_quote or t.text in (".", "!", "?"):
                break
            if is_cue(t) or t.lower_ == "according":
                f = self._speaker_from(t)
                if f:
                    return f
        return None

    def _starts(self) -> list[int]:
        if not hasattr(self, "_sent_starts"):
            self._sent_starts = [x.start for x in self.a.sentences]
        return self._sent_starts

    def _sent_of(self, i: int):
        """The sentence Span of token i (token.sent costs a pass over the whole doc per call)."""
        if not hasattr(self, "_sent_index"):
            self._sent_index = []
            for sent in self.doc.sents:
                self._sent_index.extend([sent] * (sent.end - sent.start))
        return self._sent_index[i]

    def _colon_intro(self, p0: int) -> _Found | None:
        """"X wrote:" ending the text before p0 (the previous paragraph, or the quote's own sentence)."""
        end = len(self.text[:p0].rstrip()) - 1
        toks = self._tok_range(max(0, end - 400), end + 1)
        if not toks:
            return None
        last = self._sent_of(toks[-1].i)
        sent = [t for t in toks if self._sent_of(t.i) is last]
        for t in reversed(sent):
            if t.i in self.in_quote:
                continue
            if is_cue(t) or t.lower_ == "according":
                f = self._speaker_from(t)
                if f:
                    return f
        root = last.root if sent else None
        if root is not None and root.i in self.in_quote:  # the parse hung the intro off the quote's verb
            root = next((t for t in reversed(sent) if t.pos_ in ("VERB", "AUX") and t.i not in self.in_quote
                         and subject_of(t) is not None), None)
        subj = subject_of(root) if root is not None else None
        named = subj is not None and (subj.pos_ == "PRON" or (_ent_of(subj) is not None
                                                                and _ent_of(subj).label_ in ("PERSON", "ORG")))
        if named and subj.i not in self.in_quote:
            return _Found(subj, cue=cue_phrase(root) + ":", pos=root.idx)
        return None

    def _inner_speaker(self, s: Span) -> _Found | None:
        """The reported speaker of a quote that itself reports speech: “X said that …”."""
        qt = self._tok_range(s.start, s.end)[:10]
        for t in qt:
            if is_cue(t) and t.i - qt[0].i <= 6:
                subj = subject_of(t)
                if subj is not None and subj.i >= qt[0].i and subj.i < t.i and (
                        _ent_of(subj) is not None and _ent_of(subj).label_ in ("PERSON", "ORG")):
                    if any(c.dep_ == "ccomp" for c in t.children):
                        return _Found(subj, cue=cue_phrase(t), pos=subj.idx)
                break
        return None

    def _resolve(self, f: _Found) -> tuple[str, str, str]:
        """(name, entity id, mention) of a found speaker."""
        if f.mention:
            name, kind = self.res.resolve(f.mention, f.pos, is_propn=f.mention[:1].isupper())
            mention = f.mention
        else:
            mention, is_name, head = _mention(f.speaker_tok)
            name, kind = self.res.resolve(mention, f.speaker_tok.idx, head_lemma=head, is_propn=is_name)
        if not name:
            return "", "", mention
        if f.speaker_tok is None or f.speaker_tok.dep_ in ("nsubj", "nsubjpass") or not mention[:1].isupper():
            self.res.note_speaker(f.pos, name, kind or "person")
        canon, eid = self.res.canonical(name)
        return canon, eid, mention

    def _add(self, start, end, speaker, eid, mention, cue, kind, via="") -> Quote:
        n = len(self.quotes)
        q = Quote(id=f"{self.a.id}:q{n}", article_id=self.a.id, sentence_id=_sentence_id(self.a, start, self._starts()),
                  text=self.text[start:end], start=start, end=end, speaker=speaker, speaker_entity=eid,
                  speaker_mention=mention, cue=cue, kind=kind, outlet=self.a.outlet, via=via)
        self.quotes.append(q)
        return q

    def direct(self) -> None:
        prev: Quote | None = None
        prev_para_end = -1
        for i, s in enumerate(self.spans):
            f = self._find_cue(i, s)
            speaker, eid, mention, cue = "", "", "", ""
            if f is not None:
                speaker, eid, mention = self._resolve(f)
                cue = f.cue
            p0, _ = self._para_bounds(s.open_at)
            starts_para = not self.text[p0:s.open_at].strip()
            if not speaker and not mention and prev is not None and (prev.speaker or prev.speaker_mention and prev.end >= p0) and (
                    starts_para and prev.end >= prev_para_end - 400 or prev.end >= p0):
                speaker, eid, mention, cue = prev.speaker, prev.speaker_entity, prev.speaker_mention, prev.cue
            # a quote that itself reports someone (“X said that …”) is the words of whoever says it; the
            # reported X is a fallback only when nobody is named for the quote
            inner = None if speaker or mention else self._inner_speaker(s)
            if inner is not None:
                speaker, eid, mention = self._resolve(inner)
                cue = inner.cue
            q = self._add(s.start, s.end, speaker, eid, mention, cue, "direct")
            prev, prev_para_end = q, self._para_bounds(s.open_at)[1]

    def _close_mark(self, a: int, b: int) -> int:
        """End of reported speech that opens a quotation mark: past its closing mark ('even “X,” but')."""
        seg = self.text[a:b]
        for op, cl in (("“", "”"), ('"', '"')):
            opened = seg.count(op) > seg.count(cl) if op != cl else seg.count(op) % 2 == 1
            m = re.match(rf"[,.;:!?]?{cl}", self.text[b:b + 2]) if opened else None
            if m:
                return b + m.end()
        return b

    def indirect(self) -> None:
        """Reported speech: a cue verb outside quotation marks with a clause complement."""
        covered = [(q.start, q.end) for q in self.quotes]
        for v in self.doc:
            if v.i in self.in_quote:
                continue
            content = None
            if is_cue(v):
                comps = [c for c in v.children if c.dep_ == "ccomp"]
                # "said in a statement that ..." parsed with the clause hanging off "statement"
                comps += [c for p in v.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
                          for c in o.children if c.dep_ in ("acl", "relcl")
                          and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
                if comps:
                    content = comps[0]
            elif v.lower_ == "according" and according_to(v) is not None and v.head is not v:
                content = v.head
            if content is None:
                continue
            f = self._speaker_from(v)
            if f is None:
                continue
            toks = [t for t in content.subtree if not (v.lower_ == "according" and t.i in
                                                     {x.i for x in v.subtree})]
            if v.lower_ == "according":
                toks = [t for t in toks if t.i > v.i] if sum(t.i > v.i for t in toks) > len(toks) / 2 else [
                    t for t in toks if t.i < v.i]
            while toks and (toks[0].lower_ in ("that", ",", "“", '"') or toks[0].is_space):
                toks = toks[1:]
            while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in ("”", '"', "?", "!"):
                toks = toks[:-1]
            if len(toks) < 3 or (v.lemma_.lower() in STANCE and f.speaker_tok.pos_ not in ("PROPN", "PRON")
                                 and _ent_of(f.speaker_tok) is None):
                continue
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            b = self._close_mark(a, b)
            inside = sum(max(0, min(b, e) - max(a, s)) for s, e in covered)
            if inside > 0.5 * (b - a):
                continue
            speaker, eid, mention = self._resolve(f)
            self._add(a, b, speaker, eid, mention, f.cue, "indirect")


def article_quotes(article: Article, entities: list[Entity] | None = None, indirect: bool = True) -> list[Quote]:
    """Direct (and, unless indirect=False, reported-speech) quotes of one article, in text order."""
    if not article.text.strip():
        return []
    aq = _ArticleQuotes(article, entities or [])
    aq.direct()
    if indirect:
        aq.indirect()
    qs = sorted(aq.quotes, key=lambda q: (q.start, q.end))
    for n, q in enumerate(qs):
        q.id = f"{article.id}:q{n}"
    return qs


def extract_quotes(articles: list[Article], entities: list[Entity]) -> list[Quote]:
    """Quotes of every article; speakers resolved in-article, then through `entities` variants."""
    out: list[Quote] = []
    for a in articles:
        out.extend(article_quotes(a, entities))
    return out


def match_quotes(quotes: list[Quote], articles: list[Article], groups: list[CopyGroup]) -> list[QuoteMatch]:
    """The same quote carried by two or more articles (see quotes_match)."""
    return _match(quotes, articles, groups)
