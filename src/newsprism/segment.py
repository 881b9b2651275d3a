"""Paragraphs and sentences with exact character spans. Reads Article.text, headings; writes paragraphs, sentences.

The splitter is a rule set written for news text (measured against pysbd, spaCy, syntok and blingfire
in bench/segment_compare.py, see docs/ingest.md): it splits after . ! ? … (plus closing quotes) when the
next word starts a sentence, and not after titles (Mr., Sen.), initials (Donald J.), month abbreviations
before a number (Feb. 28), or dotted acronyms (U.S.) followed by a word that continues the sentence.
A closing quote stays with its sentence, and `"...," he said.` is one sentence.
"""

from __future__ import annotations

import re

from .model import Article, Paragraph, Sentence

# Words after which a period never ends a sentence in news copy (titles and name parts come before a name).
_TITLES = {
    "mr", "mrs", "ms", "messrs", "mmes", "dr", "drs", "prof", "sen", "sens", "rep", "reps", "gov", "govs",
    "gen", "gens", "col", "lt", "sgt", "capt", "cpl", "pvt", "cmdr", "adm", "maj", "rev", "fr", "hon",
    "pres", "supt", "insp", "det", "amb", "atty", "st", "mt", "ft", "no", "nos", "vs", "v", "sec", "dept",
    "univ", "assn", "bros", "ave", "blvd", "rd", "fig", "vol", "ch", "art", "para", "approx", "ca",
    "cf", "al", "op", "ed", "eds", "pp", "gov't", "i.e", "e.g", "viz",
}
# Abbreviations that end a sentence only when the next word is clearly a sentence opener.
_SOFT = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp",
    "co", "ltd", "llc", "plc", "jr", "sr", "etc", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
    "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont",
    "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "approx", "min",
    "max", "est", "km", "mi", "yr", "yrs", "hr", "hrs", "p", "a",
}
# Words that open sentences; after an acronym or soft abbreviation they signal a boundary.
_OPENERS = set(
    "the a an he she it they we i you his her its their our my this that these those there here but and "
    "so yet or nor in on at for from with by as if when while after before since although though because "
    "however meanwhile still instead also then now later earlier today yesterday last next some many most "
    "no not one two three all both each several what who why how where which".split()
)
# `?" Maddow asked.` / `…" Clinton said.`: a capitalised speaker plus a speech verb continues the sentence.
_ATTRIB = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|asked|asks|added|adds|told|tells|replied|replies|repeated|"
    r"wrote|writes|continued|explained|insisted|noted|shouted|recalled|responded|quipped)"
    r"(?:\s*(?:[.!?]|$)|,\s+[a-z])"
)
_CAND = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*(?=\s+\S)")
_TOKEN_BEFORE = re.compile(r"([\w.'’-]+)$")
_NEXT = re.compile(r"\s*([\"'“‘«(\[]*)\s*(\S+)")


def _boundary(text: str, m: re.Match) -> int | None:
    """End of the sentence when the punctuation run in `m` ends one, else None."""
    end = _own_end(text, m)
    return end if _is_boundary(text, m, end) else None


def _own_end(text: str, m: re.Match) -> int:
    """Where the run ends once a straight quote that opens the next sentence is handed back."""
    end = m.end()
    if end - 1 > m.start() and text[end - 1] == '"' and text.count('"', 0, end - 1) % 2 == 0:
        end -= 1  # an even count of straight quotes before it: it opens the next quotation
    return end


def _is_boundary(text: str, m: re.Match, end: int) -> bool:
    """Decide whether the punctuation run in `m` (ending at `end`) ends a sentence."""
    punct = text[m.start():end]
    nxt = _NEXT.match(text, end)
    if not nxt:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    first = word[:1]
    if first.islower() or first in "-–—,;:)":
        return False  # '"...," he said' / '"...?" a spokesman asked' / dateline dashes
    if not (first.isupper() or first.isdigit() or opener):
        return False
    if punct.startswith(("...", "…")) and text[m.start() - 1:m.start()] in (",", ";"):
        return False  # "Tuesday,..." trails off mid-sentence
    if punct[-1] in "\"”’'" and _ATTRIB.match(text, nxt.start(2)):
        return False
    if not punct.startswith("."):
        return True  # ! ? …
    tok_m = _TOKEN_BEFORE.search(text, 0, m.start())
    tok = tok_m.group(1) if tok_m else ""
    core = tok.rstrip(".").lower().lstrip("'\"“‘(")
    if punct.rstrip("\"'”’»)]") != ".":
        return True  # "..." or ".)" combos: treat as a real end
    bare = word.strip("\"'”’,.;:").lower()
    if core in _TITLES:
        return False
    if re.fullmatch(r"[A-Z]", tok.lstrip("(\"'“‘")):
        return False  # an initial: "Jane Q. Public"
    if re.fullmatch(r"(?:[A-Za-z]\.){1,}[A-Za-z]", tok.rstrip(".")) or core in _SOFT:
        # U.S., D.C., a.m., Feb., Calif.: a boundary only before a sentence opener (or a quote mark).
        if first.isdigit():
            return False
        return bare in _OPENERS or bool(opener and opener[0] in "\"“‘'")
    return True


def split_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of one paragraph, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CAND.finditer(text):
        end = _boundary(text, m)
        if end is not None:
            spans.append((start, end))
            start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
    return out


def split(text: str) -> list[str]:
    """Sentences of one paragraph."""
    return [text[s:e] for s, e in split_spans(text)]


def segment(article: Article) -> Article:
    """Fill paragraphs (headings flagged) and sentences; sentence spans index Article.text exactly."""
    article.paragraphs, article.sentences = [], []
    heads = {h.strip() for h in article.headings}
    for pi, m in enumerate(re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", article.text)):
        block = m.group(0)
        is_heading = block.strip() in heads
        article.paragraphs.append(Paragraph(index=pi, start=m.start(), end=m.end(), is_heading=is_heading))
        if is_heading or not block.strip():
            continue
        for s, e in split_spans(block):
            n = len(article.sentences)
            article.sentences.append(Sentence(id=f"{article.id}:s{n}", article_id=article.id,
                                              start=m.start() + s, end=m.start() + e,
                                              text=block[s:e], paragraph=pi))
    return article
