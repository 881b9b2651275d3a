"""Dated events of a story: sentences whose date words resolve to a calendar date.

Reads Article.date/.dateline/.sentences (DATE entities from nlp.parse) and the aligned Facts; writes
TimelineEvent objects sorted by date.  Relative dates ("on Thursday", "last year", "10 years ago") are
resolved against the article's own date, else a day written in its dateline (the year inferred from the
weekday and the years the story states); never against another article's date, a body date or a caption
(captions are gone after `clean`).  In an article without any date, relative phrases stay as written.
A yearless "Oct. 4" takes its year from the article's date and the tense of its clause; "since 1990"-style
asides date nothing.  A sentence that dates several happenings gives each date its own clause; 'a day
after <event>' and 'later that day' are dated from the day they hang on.  The same date with similar text
in several articles becomes one event citing them all (with their outlets).
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date, timedelta

from . import nlp
from .model import Article, Citation, Evidence, Fact, TimelineEvent

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_DAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_FULL = re.compile(rf"(?:{_DAY},?\s+)?{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?\b", re.I)
_FULL_DMY = re.compile(rf"(?:{_DAY},?\s+)?(\d{{1,2}})\s+{_MON}(?:,?\s+((?:19|20)\d\d))?\b", re.I)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "few": 3, "several": 3}
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b", re.I)
_REL = re.compile(r"\b(last|this|next|past)\s+(week|month|year)\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
SIMILAR = 0.2  # content-word Jaccard at which two same-date sentences are one event


def _iso(d: date) -> str:
    return d.isoformat()


def _pick_year(month: int, day: int, weekday: int | None, years: list[int], today: date) -> int | None:
    """The year of a yearless 'Friday, April 26': one the story mentions (or the next) whose weekday fits."""
    pool = sorted({y for s in years for y in (s, s + 1)}, key=lambda y: -years.count(y)) or \
        list(range(today.year, today.year - 12, -1))
    for y in pool:
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if weekday is None or d.weekday() == weekday:
            return y
    return pool[0] if weekday is None and pool else None


def _year_near(month: int, day: int, weekday: int | None, ref: date, tense: str) -> int | None:
    """Year of a yearless 'July 9' said on `ref`: the last one on or before ref for past events, the next
    one for future ones; without a tense the last one within nine months, else the nearest; a weekday
    given with it must fit."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if weekday is None or d.weekday() == weekday:
            cands.append(d)
    if not cands:
        return None
    slack = timedelta(days=1)  # a page's date can lag the day it speaks of
    if tense == "past" and (past := [d for d in cands if d <= ref + slack]):
        return max(past).year
    if tense == "future" and (fut := [d for d in cands if d >= ref - slack]):
        return min(fut).year
    if tense == "" and (past := [d for d in cands if ref - timedelta(days=270) <= d <= ref + slack]):
        return max(past).year  # news tells what happened: the last one within about nine months
    return min(cands, key=lambda d: abs((d - ref).days)).year


def _explicit(text: str, years: list[int], today: date, ref: date | None = None, tense: str = "") -> date | None:
    for rx, order in ((_FULL, "md"), (_FULL_DMY, "dm")):
        m = rx.search(text)
        if not m:
            continue
        wd, a, b, y = m.groups()
        mon, day = (a, b) if order == "md" else (b, a)
        month, dnum = _MONTHS.get(mon.lower().rstrip(".")), int(day)
        if not month or not 1 <= dnum <= 31:
            continue
        wday = _DAYS[wd.lower()] if wd else None
        if y:
            year = int(y)
        elif ref is not None:
            year = _year_near(month, dnum, wday, ref, tense)
        else:
            year = _pick_year(month, dnum, wday, years, today)
        try:
            return date(year, month, dnum) if year else None
        except ValueError:
            return None
    return None


def reference_date(article: Article, years: list[int], today: date | None = None) -> date | None:
    """The day an article speaks from: its own date, else a day written in its dateline ('OSLO, March 12').

    Dates in the body (a historical aside, a caption) never anchor the article.
    """
    today = today or date.today()
    if article.date:
        try:
            return date.fromisoformat(article.date[:10])
        except ValueError:
            pass
    return _explicit(article.dateline, years, today) if article.dateline else None


def resolve(phrase: str, ref: date | None, years: list[int] = (), today: date | None = None,
            future: bool = False, past: bool = False) -> str:
    """ISO form of a date phrase: 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or a week 'start/end'; '' if unknown.

    `ref` is the day the article speaks from (its own publication date).  `future`: the clause speaks of
    what is to come ('will meet on Friday'), so a bare weekday or month is the next one after `ref`;
    `past`: it tells what happened, so a yearless 'Oct. 4' is the last one on or before `ref`.
    """
    today = today or date.today()
    p = phrase.lower().strip()
    tense = "future" if future else "past" if past else ""
    d = _explicit(phrase, list(years) + ([ref.year] if ref else []), today, ref, tense)
    if d:
        return _iso(d)
    if m := re.fullmatch(rf"(?:(?:early|mid|late|the end of|the start of|the beginning of)[-\s]+)?{_MON}(?:,?\s+((?:19|20)\d\d))?", p):
        month = _MONTHS.get(m.group(1).rstrip("."))
        if m.group(2):
            return f"{m.group(2)}-{month:02d}"
        if ref and month:
            y = ref.year + (1 if future and month < ref.month else 0) - (1 if not future and month > ref.month else 0)
            return f"{y}-{month:02d}"
        return ""
    if m := _YEAR.fullmatch(p.removeprefix("in ").strip()):
        return m.group(1)
    if ref is None:
        return ""
    if m := re.search(rf"\b(?:(last|next|this|on)\s+)?{_DAY}\b", p):
        target = _DAYS[m.group(2)]
        if re.search(r"\b(?:last|previous)\s+week\b|\ba\s+week\s+(?:ago|earlier|before)\b", p):
            week_start = ref - timedelta(days=ref.weekday())  # 'Tuesday last week': in the week before ref's
            return _iso(week_start - timedelta(days=7) + timedelta(days=target))
        if m.group(1) == "next" or (future and m.group(1) != "last"):
            return _iso(ref + timedelta(days=(target - ref.weekday() - 1) % 7 + 1))
        back = (ref.weekday() - target) % 7
        if m.group(1) == "last" and back == 0:
            back = 7
        if back == 6 and m.group(1) is None:
            return _iso(ref + timedelta(days=1))  # a bare weekday six days back: the page date lags a day
        return _iso(ref - timedelta(days=back))
    for word, delta in (("yesterday", -1), ("today", 0), ("tomorrow", 1), ("last night", -1), ("tonight", 0)):
        if re.search(rf"\b{word}\b", p):
            return _iso(ref + timedelta(days=delta))
    if m := _AGO.search(p):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUM[m.group(1).lower()]
        unit = m.group(2).lower()
        if unit in ("day", "week"):
            return _iso(ref - timedelta(days=n * (7 if unit == "week" else 1)))
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return f"{y}-{mo + 1:02d}"
        return str(ref.year - n)
    if m := _REL.search(p):
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[m.group(1).lower()]
        unit = m.group(2).lower()
        if unit == "year":
            return str(ref.year + shift)
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
            return f"{y}-{mo + 1:02d}"
        start = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
        return f"{_iso(start)}/{_iso(start + timedelta(days=6))}"
    return ""


_FUTURE_AUX = {"will", "shall", "'ll", "wo", "can", "may", "must", "should"}
_FUTURE_VERBS = {"schedule", "plan", "expect", "due", "set", "intend", "go", "slate", "postpone", "delay"}


def _governing_verb(ent):
    """The verb a date phrase hangs from (up to four heads up), else the last head reached."""
    tok = ent.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    return tok


def is_future(ent) -> bool:
    """Whether the verb governing a date phrase speaks of the future ('will hold ... on Friday')."""
    tok = _governing_verb(ent)
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "for" and tok.lemma_ in _FUTURE_VERBS:
        return True  # 'set the hearing for July 9': the date something is set for
    for v in (tok, tok.head):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in v.children):
            return True
        if v.lemma_ in _FUTURE_VERBS and any(c.dep_ in ("xcomp", "prep") for c in v.children) and \
                not any(c.dep_ == "aux" and c.tag_ == "VBD" for c in v.children) and v.tag_ != "VBD":
            return True
        if v.dep_ not in ("xcomp", "ccomp", "advcl"):
            break
    return False


def is_past(ent) -> bool:
    """Whether the verb governing a date phrase tells what happened ('struck the coast on Oct. 4')."""
    tok = _governing_verb(ent)
    if tok.tag_ == "VBD":
        return True
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in tok.children)


def _aside(ent) -> bool:
    """A date that is not when something in the story happened: 'since 1990', the ends of a period
    ('from Oct. 4 to Dec. 31, 2019'); a period's start that a clause dates ('between Oct. 4, when the
    storm struck, and ...') stays."""
    doc = ent.doc
    prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    text = ent.text.lower()
    if prev in ("since", "until", "till", "before") or text.startswith(("since ", "until ")):
        return True
    if re.search(r"\w\s+(?:to|through|until)\s+\w|\d\s*[-–]\s*\w", text):
        return True  # the whole period in one phrase
    if prev in ("from", "between") or text.startswith(("from ", "between ")):
        return any(t.lower_ in ("to", "through", "until", "and", "-", "–") for t in doc[ent.end:ent.end + 3])
    if prev in ("to", "through", "and", "-", "–", "until"):
        window = doc[max(0, ent.start - 12):ent.start - 1]
        return any(t.ent_type_ == "DATE" for t in window) and any(t.lower_ in ("from", "between") for t in window)
    return False


def _quoted(text: str, at: int) -> bool:
    """Whether position `at` of a sentence lies inside quotation marks (a speaker's 'today or tomorrow')."""
    head = text[:at]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def _story_years(articles: list[Article]) -> list[int]:
    # raw text too: a removed photo caption still tells which year the story is in
    return [int(y) for a in articles for y in _YEAR.findall(" ".join((a.raw_text or a.text, a.dateline)))]


_PROBE = date(2001, 1, 3)
_DAY_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Day words the tagger misses in context ('Early today, ...'): added when no DATE entity covers them.
_DAY_WORDS = re.compile(rf"\b(?:(?:early|late|earlier|later)\s+)?(?:today|yesterday|tomorrow|tonight|last\s+night)\b"
                        rf"|\b(?:(?:last|next|this|on)\s+)?{_DAY}\b|{_FULL.pattern}|{_FULL_DMY.pattern}", re.I)


# The day the text last named ('later that day', 'the same day', 'that evening'): dated from the nearest
# day-precise date a few sentences before, never from the article's own date.
_SAME_DAY = re.compile(r"\b(?:(?:later|earlier)\s+(?:in\s+)?(?:that|the)\s+day|(?:that|the)\s+same\s+day"
                       r"|(?:later|earlier)\s+that\s+(?:morning|afternoon|evening|night)"
                       r"|that\s+(?:morning|afternoon|evening|night))\b", re.I)
SAME_DAY_REACH = 4  # sentences back a 'later that day' may look for its day


def _date_spans(doc, s) -> list:
    """DATE entities of sentence `s`, plus day words and calendar dates the tagger left untagged."""
    if s.end <= s.start:
        return []
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    ents = [e for e in nlp.ents_in(span) if e.label_ == "DATE"]  # kept ents/text: spaCy rebuilds both per access
    for m in _DAY_WORDS.finditer(nlp.text_of(doc), s.start, s.end):
        if any(e.start_char < m.end() and m.start() < e.end_char for e in ents):
            continue
        extra = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if extra is not None:
            ents.append(extra)
    return sorted(ents, key=lambda e: e.start_char)


_SPAN_AFTER = re.compile(r"(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week)s?", re.I)


def _before_after(ent):
    """('A day', 'after ...') -> (1, 'after', the token whose subtree is 'a day after <event>'): a span of
    days that dates the event it governs ('a day after promising voters a bridge', 'two weeks before the
    vote') from its clause's date; None for any other phrase."""
    m = _SPAN_AFTER.fullmatch(ent.text.strip())
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if not m or nxt is None or nxt.lower_ not in ("after", "before"):
        return None
    if nxt.head.i == ent.root.i:
        top = ent.root
    elif ent.root.head.i == nxt.i:
        top = nxt
    else:
        return None
    word = ent.text.split()[0].lower()
    n = 1 if word in ("the", "a", "an") else int(word) if word.isdigit() else _NUM.get(word, 0)
    return (n * (7 if m.group(1).lower() == "week" else 1), nxt.lower_, top) if n else None


def _verb_of(ent):
    """The verb a date phrase hangs from ('reported on Monday' -> reported); for 'a day after <event>'
    the span itself, whose subtree is the event it dates."""
    if ba := _before_after(ent):
        return ba[2]
    tok = ent.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


_EDGE = {"PUNCT", "CCONJ", "SCONJ"}


def clauses(doc, s, ents) -> list[list[tuple[int, int]]]:
    """For each date phrase of sentence `s`, the [start, end) pieces of the clause it dates.

    One date, or several hanging from one verb: the whole sentence.  Dates hanging from different verbs
    ('X reported on Monday that Y happened on May 2'; 'found late Friday and repaired on Saturday'):
    each date gets its verb's clause without the clauses of the other dates, and the date highest in the
    parse keeps the rest of the sentence (its subject, the lead-in).
    """
    whole = [(s.start, s.end)]
    verbs = [_verb_of(e) for e in ents]
    if len({v.i for v in verbs}) < 2:
        return [whole] * len(ents)
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    inside = {t.i for t in span} | {t.i for e in ents for t in e}
    out = []
    for e, v in zip(ents, verbs, strict=True):
        above = any(w.i != v.i and w.is_ancestor(v) for w in verbs)
        keep = ({t.i for t in v.subtree} if above else set(inside)) & inside
        for w in verbs:
            if w.i != v.i and not w.is_ancestor(v):
                keep -= {t.i for t in w.subtree}
        if not all(t.i in keep for t in e):
            out.append(whole)  # a parse that splits the date phrase itself: keep the sentence
            continue
        runs: list[list[int]] = []
        for i in sorted(keep):
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        pieces = []
        for run in runs:
            while run and doc[run[0]].pos_ in _EDGE:
                run = run[1:]
            while run and doc[run[-1]].pos_ in _EDGE:
                run = run[:-1]
            if run and any(doc[i].is_alpha or doc[i].like_num for i in run):
                pieces.append((doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])))
        out.append(pieces or whole)
    return out


def _shifted(doc, s, found: list[tuple]) -> list[tuple]:
    """'A day after promising voters a bridge, Pellow spoke on Wednesday': the event the span governs, dated
    from the day-precise date of the clause the span hangs in (Wednesday - 1 day)."""
    out = []
    for ent in _date_spans(doc, s):
        if (ba := _before_after(ent)) is None:
            continue
        up = ba[2].head  # the verb the span hangs from must be the one the dated phrase hangs from
        for _ in range(6):
            if up.pos_ in ("VERB", "AUX") or up.head.i == up.i:
                break
            up = up.head
        for f in found:
            if _verb_of(f[3]).i == up.i and not _quoted(s.text, ent.start_char - s.start):
                days = -ba[0] if ba[1] == "after" else ba[0]
                iso = _iso(date.fromisoformat(f[0]) + timedelta(days=days))
                out.append((iso, f"{ent.text} {ba[1]}", s.id, ent, False))
                break
    return out


def _events(article: Article, ref: date | None, years: list[int]) -> list[tuple[str, str, str, list, int]]:
    """(date, phrase, sentence id, clause pieces [(start, end)], phrase start) for each dated phrase.

    Without a reference date, relative phrases ('on Thursday') stay as written: the date is the phrase.
    """
    doc = nlp.parse(article.text)
    out = []
    last_day: tuple[int, str] | None = None  # (sentence number, day) of the last day-precise date
    for n, s in enumerate(article.sentences):
        seen: set[str] = set()
        found: list[tuple] = []
        for m in _SAME_DAY.finditer(nlp.text_of(doc), s.start, s.end):
            ent = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if ent is not None and last_day and n - last_day[0] <= SAME_DAY_REACH and last_day[1] not in seen:
                seen.add(last_day[1])
                found.append((last_day[1], ent.text, s.id, ent, _quoted(s.text, ent.start_char - s.start)))
        for ent in _date_spans(doc, s):
            if _aside(ent) or any(f[3].start_char < ent.end_char and ent.start_char < f[3].end_char for f in found):
                continue
            fut = is_future(ent)
            iso = resolve(ent.text, ref, years, future=fut, past=not fut and is_past(ent))
            if not iso and ref is None and resolve(ent.text, _PROBE, years):
                iso = ent.text.strip()  # relative, and the article has no date to resolve it against
            if iso and iso not in seen:
                seen.add(iso)
                found.append((iso, ent.text, s.id, ent, _quoted(s.text, ent.start_char - s.start)))
        # a day-precise date in a sentence carries its event; a bare year or month beside it ('last year',
        # 'in 2016') is background, an unresolved weekday next to it is the same day written twice, and a
        # date inside a quotation beside it is what someone said, not when it happened
        if any(_DAY_ISO.fullmatch(f[0]) and not f[4] for f in found):
            found = [f for f in found if _DAY_ISO.fullmatch(f[0]) and not f[4]]
            last_day = (n, found[-1][0])
            found += _shifted(doc, s, found)
        for f, pieces in zip(found, clauses(doc, s, [f[3] for f in found]), strict=True):
            out.append((f[0], f[1], f[2], pieces, f[3].start_char))
    return out


def _piece_text(text: str, pieces: list[tuple[int, int]]) -> str:
    return " … ".join(text[a:b] for a, b in pieces)


def timeline(articles: list[Article], facts: list[Fact], today: date | None = None) -> list[TimelineEvent]:
    """Events sorted by date; one event per date and statement, citing every article that dates it.

    Each citation's evidence is the clause that carries the date (the whole sentence unless the sentence
    dates several happenings), so every outlet's own words for the event can be shown; the event's text
    is that clause with its lead-in ('Pellow … said on Monday that ...').
    """
    years = _story_years(articles)
    refs = {a.id: reference_date(a, years, today) for a in articles}
    fact_of = {sid: f.id for f in facts for c in f.citations for sid in c.sentence_ids}
    by_id = {a.id: a for a in articles}
    sents = {s.id: s for a in articles for s in a.sentences}
    groups: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        for iso, phrase, sid, pieces, at in _events(a, refs[a.id], years):
            text = _piece_text(a.text, pieces)
            # the evidence is one checkable span of the sentence: the piece holding the date phrase
            pieces = [next((p for p in pieces if p[0] <= at < p[1]), pieces[0])]
            for ev in groups[iso]:
                same_fact = sid in fact_of and fact_of[sid] in ev["facts"]
                j = len(ev["words"] & _words(text)) / max(1, len(ev["words"] | _words(text)))
                if same_fact or (j >= SIMILAR and a.id not in ev["cites"]):
                    ev["cites"].setdefault(a.id, []).append((sid, pieces))
                    ev["facts"].add(fact_of.get(sid))
                    break
            else:
                groups[iso].append({"text": text, "phrase": phrase, "words": _words(text),
                                    "cites": {a.id: [(sid, pieces)]}, "facts": {fact_of.get(sid)}})

    def cite(aid: str, got: list[tuple[str, list]]) -> Citation:
        text = by_id[aid].text
        ev = [Evidence(sid, sents[sid].text, sents[sid].start, sents[sid].end)
              if (a, b) == (sents[sid].start, sents[sid].end) else Evidence(sid, text[a:b], a, b)
              for sid, [(a, b)] in got]
        return Citation(aid, [sid for sid, _ in got], by_id[aid].outlet, evidence=ev)

    events = [TimelineEvent(date=iso, text=ev["text"], phrase=ev["phrase"],
                            citations=[cite(aid, got) for aid, got in ev["cites"].items()])
              for iso, evs in groups.items() for ev in evs]
    # resolved dates first (ISO sorts by time), then phrases left as written
    return sorted(events, key=lambda e: (not e.date[:1].isdigit(), e.date, -len(e.citations)))
