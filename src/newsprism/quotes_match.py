"""The same quote across articles despite "US"/"U.S.", curly/straight marks, case, truncation, small edits.

Used by `quotes`; reads Quote.text/speaker/article_id and CopyGroup.article_ids; writes QuoteMatch.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from .model import Article, CopyGroup, Quote, QuoteMatch

_SHORT = 6  # quotes shorter than this (in words) match inside a longer one only with the same speaker
_ALTERED_RATIO = 0.8
_RANK = {"same": 0, "truncated": 1, "altered": 2}


def norm_tokens(text: str) -> list[str]:
    """Comparable words: NFKC, quote marks and punctuation dropped, dotted abbreviations joined, lowercase."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\b((?:[A-Za-z]\.){2,})", lambda m: m.group(1).replace(".", ""), t)
    t = t.replace("’", "'").replace("‘", "'").lower()
    return re.findall(r"[\w]+(?:'[\w]+)?", t)


def speaker_key(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-‐.]+", name.lower()) if w)


def same_speaker(a: str, b: str) -> bool:
    """Equal names, or one name's words a prefix/suffix of the other's ("Doe" ~ "Jane Doe")."""
    ka, kb = speaker_key(a), speaker_key(b)
    if not ka or not kb:
        return False
    if len(ka) > len(kb):
        ka, kb = kb, ka
    return ka == kb or kb[-len(ka):] == ka or kb[:len(ka)] == ka


def _contiguous(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def could_match(ta: list[str], tb: list[str]) -> bool:
    """Cheap necessary test for `relation`: every outcome needs >= 80% of the shorter quote's words shared."""
    short = min(len(ta), len(tb))
    return short > 0 and sum((Counter(ta) & Counter(tb)).values()) >= _ALTERED_RATIO * short


def relation(a: Quote, b: Quote, ta: list[str] | None = None, tb: list[str] | None = None
             ) -> tuple[str, list[str]] | None:
    """(status, notes) when a and b carry the same quote; None otherwise (ta/tb: their norm_tokens)."""
    ta = norm_tokens(a.text) if ta is None else ta
    tb = norm_tokens(b.text) if tb is None else tb
    if not ta or not tb:
        return None
    if min(len(ta), len(tb)) < _SHORT and a.speaker and b.speaker and not same_speaker(a.speaker, b.speaker):
        return None  # a short phrase in two mouths is a shared expression, not one quote
    if ta == tb:
        notes = [] if a.text == b.text else ["differs only in case, punctuation, quote marks or abbreviations"]
        return "same", notes
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < _SHORT and not same_speaker(a.speaker, b.speaker):
        return None
    if len(short) < 2:
        return None
    if _contiguous(short, long):
        return "truncated", [f"one version is a {len(short)}-word excerpt of the {len(long)}-word quote"]
    if len(short) >= 4 and _subsequence(short, long):
        return "truncated", [f"one version omits {len(long) - len(short)} words of the other"]
    if len(short) >= 5:
        sm = SequenceMatcher(a=ta, b=tb, autojunk=False)
        matched = sum(bl.size for bl in sm.get_matching_blocks())
        if matched / len(short) >= _ALTERED_RATIO and 2 * matched / (len(ta) + len(tb)) >= 0.5:
            changes = []
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "replace":
                    changes.append(f"'{' '.join(ta[i1:i2])}' -> '{' '.join(tb[j1:j2])}'")
                elif op == "delete":
                    changes.append(f"'{' '.join(ta[i1:i2])}' missing in one")
                elif op == "insert":
                    changes.append(f"'{' '.join(tb[j1:j2])}' added in one")
            status = "altered" if any(op == "replace" for op, *_ in sm.get_opcodes()) else "truncated"
            return status, ["words differ: " + "; ".join(changes[:6])]
    return None


def match_quotes(quotes: list[Quote], articles: list[Article], groups: list[CopyGroup]) -> list[QuoteMatch]:
    """Groups of quotes from >= 2 articles that carry the same words; copies within a CopyGroup noted."""
    qs = [q for q in quotes if q.kind == "direct" and q.text.strip()]
    parent = list(range(len(qs)))
    rel: dict[tuple[int, int], tuple[str, list[str]]] = {}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    toks = [norm_tokens(q.text) for q in qs]
    words = [set(t) for t in toks]
    for i in range(len(qs)):
        for j in range(i + 1, len(qs)):
            if (qs[i].article_id == qs[j].article_id or words[i].isdisjoint(words[j])
                    or not could_match(toks[i], toks[j])):
                continue
            r = relation(qs[i], qs[j], toks[i], toks[j])
            if r is not None:
                rel[(i, j)] = r
                parent[find(i)] = find(j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(qs)):
        clusters.setdefault(find(i), []).append(i)
    group_of = {aid: g.id for g in groups for aid in g.article_ids}
    out: list[QuoteMatch] = []
    for members in clusters.values():
        arts = sorted({qs[i].article_id for i in members})
        if len(arts) < 2:
            continue
        ms = sorted(members, key=lambda i: (qs[i].article_id, qs[i].start))
        status, notes = "same", []
        for (i, j), (st, nt) in rel.items():
            if i in members and j in members:
                if _RANK[st] > _RANK[status]:
                    status = st
                notes.extend(f"{qs[i].article_id} vs {qs[j].article_id}: {n}" for n in nt)
        copies = {}
        for a in arts:
            if a in group_of:
                copies.setdefault(group_of[a], []).append(a)
        for g, ids in copies.items():
            if len(ids) > 1:
                notes.append(f"articles {', '.join(ids)} are copies ({g}); they count as one source")
        speakers = [qs[i].speaker for i in ms if qs[i].speaker]
        speaker = max(speakers, key=lambda s: (speakers.count(s), len(s)), default="")
        fullest = max(ms, key=lambda i: len(norm_tokens(qs[i].text)))
        outlets = sorted({qs[i].outlet for i in ms if qs[i].outlet})
        out.append(QuoteMatch(id=f"qm{len(out)}", text=qs[fullest].text, speaker=speaker,
                              quotes=[qs[i] for i in ms], articles=arts, outlets=outlets,
                              status=status, notes=list(dict.fromkeys(notes))))
    out.sort(key=lambda m: (-len(m.articles), -len(m.text)))
    for n, m in enumerate(out):
        m.id = f"qm{n}"
    return out
