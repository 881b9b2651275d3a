"""Quotation-mark spans in article text: straight/curly double and single quotes, apostrophes kept out.

Used by `quotes`; reads only the text. A quote left open at a paragraph's end continues when the next
paragraph opens with a quote mark (the newspaper convention for multi-paragraph quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_D, _CLOSE_D = "\u201c\u201e\u00ab", "\u201d\u00bb"
_OPEN_S, _CLOSE_S = "\u2018\u201a\u2039", "\u2019\u203a"
_LETTER = re.compile(r"[^\W_]", re.UNICODE)
_PAD = "\x00"  # stands for the second apostrophe of a '' mark in the normalised text
_STRIP_TAIL = " \t\n,.;:" + _PAD
_STRIP_HEAD = " \t\n" + _PAD
_MAX_SINGLE = 300  # single quotes longer than this are taken to be apostrophes, not a quote


@dataclass
class Span:
    """Inner span of one quotation (marks excluded, trailing ,.;: stripped); [start, end) into text."""

    start: int
    end: int
    open_at: int  # position of the opening mark
    close_at: int  # position of the closing mark (-1 when the quote ran to the paragraph's end)
    single: bool = False
    continues: bool = False  # continues a quote from the previous paragraph


def _is_letter(ch: str) -> bool:
    return bool(ch) and bool(_LETTER.match(ch))


def _opening_ok(text: str, i: int) -> bool:
    """A straight mark opens when it follows space/start/bracket/dash and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _closing_ok(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not _is_letter(after)


def _paragraphs(text: str):
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        yield m.start(), m.end()


def _double_spans(text: str, p0: int, p1: int) -> list[tuple[int, int]]:
    """(open, close) mark positions of double quotes in one paragraph; close=-1 when left open."""
    out, open_at, nested = [], None, False
    for i in range(p0, p1):
        ch = text[i]
        if nested:  # curly marks nested in a straight-quoted passage: “…” inside "…"
            nested = ch not in _CLOSE_D
            continue
        if ch in _OPEN_D and open_at is not None and text[open_at] == '"' and _opening_ok(text, i) \
                and any(c in _CLOSE_D for c in text[i + 1:p1]):
            nested = True
            continue
        if ch in _OPEN_D:
            if open_at is not None and _closing_ok(text, i) and not _opening_ok(text, i):
                out.append((open_at, i))  # an opening mark typed where the closing one belongs
                open_at = None
            elif open_at is None:
                open_at = i
            # a second opener while open: treat the earlier as unclosed and restart
            else:
                open_at = i
        elif ch in _CLOSE_D:
            if open_at is None and _opening_ok(text, i) and not _closing_ok(text, i):
                open_at = i  # a closing mark typed where the opening one belongs
            elif open_at is not None:
                out.append((open_at, i))
                open_at = None
        elif ch == '"':
            if open_at is None:
                if _opening_ok(text, i) or i == p0:
                    open_at = i
            elif text[open_at] == '"' or _closing_ok(text, i):
                out.append((open_at, i))
                open_at = None
    if open_at is not None:
        out.append((open_at, -1))
    return out


def _single_spans(text: str, p0: int, p1: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quote spans outside double quotes; an apostrophe has a letter on both sides."""
    def inside(i):
        return any(a <= i <= (b if b >= 0 else p1) for a, b in taken)

    out, i = [], p0
    while i < p1:
        ch = text[i]
        if (ch in _OPEN_S or ch == "'") and not inside(i) and _opening_ok(text, i):
            j = i + 1
            while j < min(p1, i + _MAX_SINGLE):
                c = text[j]
                if (c in _CLOSE_S or c == "'") and _closing_ok(text, j) and not _is_letter(text[j + 1:j + 2]):
                    # "voters' choice": a plural possessive, not a closer, when a lowercase word follows
                    nxt = text[j + 1:j + 3]
                    if text[j - 1] == "s" and re.match(r" [a-z]", nxt) and ch == "'":
                        j += 1
                        continue
                    break
                if c == "\n" or c in '"\u201c\u201d':
                    j = p1
                    break
                j += 1
            if j < min(p1, i + _MAX_SINGLE) and j - i > 2:
                out.append((i, j))
                i = j + 1
                continue
        i += 1
    return out


def _inner(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _STRIP_HEAD:
        a += 1
    while b > a and text[b - 1] in _STRIP_TAIL:
        b -= 1
    return a, b


def _two_apostrophes(text: str) -> str:
    """Text with each '' quote mark (two apostrophes, as in some archives) as a straight " plus a pad.

    Three apostrophes are a single mark next to a double one: before a word they open both, after one
    they close both (the inner single quote first).
    """
    def sub(m):
        if len(m.group(0)) == 2:
            return '"' + _PAD
        if _is_letter(text[m.end():m.end() + 1]):
            return '"' + _PAD + "'"
        return "'" + '"' + _PAD
    return re.sub(r"(?<!')'{2,3}(?!')", sub, text) if "''" in text else text


def find_quotes(text: str) -> list[Span]:
    """Every quotation in `text`, in order; multi-paragraph quotes become one span across paragraphs."""
    text = _two_apostrophes(text)
    spans: list[Span] = []
    pending: Span | None = None  # a quote left open at the end of the previous paragraph
    for p0, p1 in _paragraphs(text):
        doubles = _double_spans(text, p0, p1)
        all_doubles = list(doubles)
        first = doubles[0] if doubles else None
        if pending is not None:
            if first is not None and first[0] == p0 + (len(text[p0:p1]) - len(text[p0:p1].lstrip())):
                # continuation: merge the pending span with this paragraph's first quote
                close = first[1]
                end = close if close >= 0 else p1
                a, b = _inner(text, pending.start, end)
                pending = Span(a, b, pending.open_at, close, continues=True)
                doubles = doubles[1:]
                if close >= 0:
                    spans.append(pending)
                    pending = None
            else:
                a, b = _inner(text, pending.start, pending.end)
                if b > a:
                    spans.append(Span(a, b, pending.open_at, -1, continues=pending.continues))
                pending = None
        for o, c in doubles:
            if c < 0:
                a, _ = _inner(text, o + 1, p1)
                pending = Span(a, p1, o, -1)
                continue
            a, b = _inner(text, o + 1, c)
            if b > a:
                spans.append(Span(a, b, o, c))
        for o, c in _single_spans(text, p0, p1, all_doubles):
            a, b = _inner(text, o + 1, c)
            if b > a:
                spans.append(Span(a, b, o, c, single=True))
    if pending is not None:
        a, b = _inner(text, pending.start, pending.end)
        if b > a:
            spans.append(Span(a, b, pending.open_at, -1, continues=pending.continues))
    spans.sort(key=lambda s: s.start)
    return spans
