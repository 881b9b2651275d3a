"""Cleaning of extracted text with general rules (patterns, layout, lines repeated across an outlet).

Reads Article.raw_text (or text), title, outlet; writes text (paragraphs joined by blank lines),
headings, lead, author, agency, dateline, removed (every dropped line, for auditing).
No story-specific strings: every rule is a pattern over layout, wording of web furniture, or counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from . import clean_rules as rules
from .model import Article

# Web furniture: comment widgets, sharing, subscriptions, ads.  Matched on short lines only.
_FURNITURE = re.compile(
    r"""^(?:
      (?:add|post|leave|write|show|view|load|read|see)\s+(?:a|your|the|all|more|\d+)?\s*comments?\b
    | sort\s+by\b | sort\s+comments\b | newest\s+first | oldest\s+first
    | there\s+(?:are|is)\s+no\s+comments
    | comments?\s+(?:are|is)\s+(?:now\s+)?closed | \d+\s+comments?$ | comments?$
    | .*\bhaving\s+(?:issues|problems|trouble)\s+with\s+(?:commenting|comments)\b
    | .*\bcommunity\s+guidelines\b
    | (?:share|tweet|email|print|save)(?:\s+(?:this|on|via)\b.*)?$
    | share\s+(?:this|on)\b | click\s+here\b | advertisement$ | sponsored(?:\s+content)?$
    | (?:sign\s+up|subscribe)\b.*\b(?:newsletter|updates|alerts|today|now|free)\b
    | (?:read|see)\s+(?:more|also)\s*: | related(?:\s+(?:articles?|stories|coverage|content))?\s*:?$
    | (?:copyright|©|\(c\)\s)\s*.* | all\s+rights\s+reserved\.?$
    | image\s+(?:copyright|caption)\b | (?:photo|image|picture|video)\s*(?:credit)?\s*:\s*\S.*
    | most\s+(?:read|popular|viewed)$ | (?:you\s+may\s+also\s+like|recommended\s+for\s+you)\b
    | this\s+(?:article|story)\s+(?:was\s+)?(?:first\s+)?(?:appeared|published)\b.*
    | (?:updated|published|posted)\s*:?\s+\d.*$
    )""",
    re.I | re.X,
)
# "Follow NAME on Facebook and Twitter" / "Follow NAME on X @handle".
_FOLLOW = re.compile(
    r"^(?:you\s+can\s+)?follow\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+on\s+"
    r"(?:facebook|twitter|x|instagram|threads|bluesky|linkedin|mastodon|tiktok)\b.*$",
    re.I,
)
_SOCIAL = re.compile(r"^(?:follow\s+(?:us|me)\b.*|@\w+)$", re.I)
# Photo credits: "(AGENCY Photo/NAME)" ending a caption, a bare "AGENCY Photo/NAME" line,
# "(Photo by NAME/AGENCY)", "NAME/Getty Images"-style lines.
_CREDIT_TAIL = re.compile(
    r"[(\[](?:[A-Z][\w&.'-]*\s+){0,3}(?:photos?|images?|pictures?|pool)\s*(?:by\s+)?/?\s*[^()\[\]]{1,60}[)\]]\s*$"
    r"|[(\[](?:photos?|images?|pictures?)\s+(?:by|courtesy\s+of|credit)\s*:?\s[^()\[\]]{1,80}[)\]]\s*$",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^(?:[A-Z][\w&.'-]*\s+){0,3}(?:photos?|images?|pictures?)\s*/\s*[\w.'’ -]{2,60}$"
    r"|^(?:photos?|images?|pictures?)\s+(?:by|courtesy\s+of)\s+[\w.'’/ -]{2,80}$"
    r"|^[\w.'’ -]{2,50}/\s*(?:[A-Z][\w&.-]*\s+){0,2}(?:images?|photos?|pictures?)$",
    re.I,
)
_BYLINE = re.compile(
    r"^by\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al|bin))*)"
    r"(?:\s*(?:,|\||-|–|—|for)\s*(?P<org>.+))?$"
)
# Wire-service names: the generic words such names are built from, plus one-word names.
_AGENCY_WORD = re.compile(
    r"\b(?:press|presse|prensa|agency|agence|agencia|agenzia|agentur|nachrichtenagentur|wire|"
    r"newswire|news\s+service|telegraph\s+agency)\b",
    re.I,
)
_ONE_WORD_WIRES = {"reuters", "bloomberg", "xinhua", "kyodo", "yonhap", "interfax", "tass", "dpa",
                   "bernama", "antara", "anadolu", "ansa", "efe", "ritzau", "belga", "lusa", "apa", "kna"}
# "CITY, COUNTRY – ", "CITY (Agency) - ", "CITY, Feb 3 (Agency) -".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]*)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,3}){0,2})"
    r"\s*(?:\((?P<agency>[^()]{2,40})\))?\s*(?:[–—]|-{1,2}|:)\s+(?=\S)"
)
_DATELINE_MIXED = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}(?:,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?)"
    r"\s*\((?P<agency>[^()]{2,40})\)\s*(?:[–—]|-{1,2}|:)?\s+(?=\S)"
)
# "PELLOW, Norland, April 2 A regional ..." (a dateline carrying the day, no dash), "(NBC News) With ...".
_DATELINE_DAY = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]*)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}){0,2}),\s*"
    r"(?P<day>(?:[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Mm]ay|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ep|[Oo]ct|[Nn]ov|[Dd]ec)[a-z]*\.?\s+\d{1,2})"
    r"\s*(?:\((?P<agency>[^()]{2,40})\))?\s*(?:[–—]|-{1,2}|:)?\s+(?=\S)")
_AGENCY_OPEN = re.compile(r"^\((?P<agency>(?:[A-Z][\w&.'-]*\s*){1,4})\)\s*(?:(?:[–—]|-{1,2})\s*)?(?=[A-Z\"“])")
_TERMINAL = re.compile(r"[.,;:…]$")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Two blocks of a page run together by extraction ('... the harbour.The ferry'): a sentence end glued to the next
# sentence's capital.  Two lower-case letters before the stop keep abbreviations ('U.S.', 'Mr.') out.
_GLUED = re.compile(r"(?<=[a-z]{2})([.!?][\"”’)]?)(?=[A-Z][a-z])(?![\w’'-]*(?:[@/]|\.[a-z]))")  # not in addresses


def _fold(s: str) -> str:
    """Comparison key: NFKC, straight quotes, no punctuation, lower case, single spaces."""
    s = unicodedata.normalize("NFKC", s).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def _units(text: str, blocks: list[bool] | None = None) -> list[str]:
    """Lines of the text, with hard-wrapped lines joined back into their paragraph (before any line rule).

    `blocks`, when given, receives per unit whether a blank line came before it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0\u2007\u202f\u2009\u200a\u3000]+", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    text = _GLUED.sub(r"\1 ", text)
    lines = text.split("\n")
    width = rules.hard_wrapped(lines)
    out: list[str] = []
    prev_blank = True
    last = ""  # the previous physical line
    for raw in lines:
        line = raw.strip()
        if not line:
            prev_blank = True
            continue
        if out and not prev_blank and (_rewrap(last, line, width) if width else _wrapped(out[-1], line)):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
            if blocks is not None:
                blocks.append(prev_blank)
        prev_blank = False
        last = line
    return out


def _rewrap(last: str, line: str, width: int) -> bool:
    """In hard-wrapped text a line continues the paragraph unless the line before was short or ended a sentence
    (a sentence ending at a line end then starts a new paragraph: text is never lost, at worst split)."""
    ends = re.search(r"[.!?:" + re.escape(_CLOSERS) + r"]$", last)
    return line[:1].islower() or (not ends and len(last) >= 0.6 * width)


def _wrapped(prev: str, line: str) -> bool:
    """True when `line` continues `prev` (hard-wrapped text) rather than starting a new paragraph."""
    if len(prev) < 50 or re.search(r"[.!?:" + re.escape(_CLOSERS) + r"]$", prev):
        return False
    if len(line.split()) <= 4 and not rules.TERMINAL.search(line) and len(prev) < 100:
        return False  # a tag or label line under a caption, not the tail of a wrapped paragraph
    return line[:1].islower() or prev.endswith((",", "-", ";"))


def _is_agency(line: str) -> bool:
    """A line that is only a news-agency name: short, capitalised, no sentence punctuation or verb."""
    s = line.strip().rstrip(".")
    words = s.split()
    if not words or len(words) > 6 or len(s) > 60 or re.search(r"[,;:!?\"“”]", s):
        return False
    if s.lower() in _ONE_WORD_WIRES or (len(words) == 1 and s.isupper() and 2 <= len(s) <= 5):
        return True
    caps = all(w[:1].isupper() or w.lower() in {"of", "de", "for", "the", "and", "&"} for w in words)
    return caps and bool(_AGENCY_WORD.search(s))


def _is_heading(line: str) -> bool:
    """A section heading: short, title-ish, no final sentence punctuation, one clause."""
    core = line.strip().strip(_OPENERS + _CLOSERS + " ").strip()
    words = _WORD.findall(core)
    if not core or not (1 <= len(words) <= 10) or len(line) > 80:
        return False
    if _TERMINAL.search(line.rstrip(_CLOSERS)) or re.search(r"[.!?]\s+\S", core):
        return False
    if core.endswith(("?", "!")) and len(words) > 7:
        return False
    first = core[:1]
    return first.isupper() or first.isdigit()


def _strip_dateline(par: str) -> tuple[str, str, str]:
    """(dateline, agency, rest) when `par` opens with a dateline, else ("", "", par)."""
    m = _AGENCY_OPEN.match(par)
    if m and len(par) - m.end() > 40:
        return "", m.group("agency").strip(), par[m.end():]
    for rx in (_DATELINE, _DATELINE_MIXED, _DATELINE_DAY):
        m = rx.match(par)
        if not m:
            continue
        place = m.group("place").strip().rstrip(",")
        agency = (m.group("agency") or "").strip()
        first = place.split()[0].strip(",.")
        caps = first.isupper() and len(re.sub(r"\W", "", first)) >= 2
        if rx is not _DATELINE_MIXED and not (caps or agency):
            continue
        if len(place) > 60 or len(place.split()) > 8:
            continue
        rest = par[m.end():]
        if not rest[:1].isupper() and rest[:1] not in _OPENERS:
            continue
        if rx is _DATELINE_DAY:
            place = f"{place}, {m.group('day')}"  # the day stays with the dateline (timeline reference)
        return place, agency, rest
    return "", "", par


def _quotes_in(s: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"[\"“‘'](.{8,}?)[\"”’'](?:\s|,|$)", s)]


def _marks(units: list[str], blocks: list[bool], title_key: str, article: Article) -> set[int]:
    """Indexes of units that are page furniture by shape, wording or their neighbours (see clean_rules)."""
    marks: set[int] = set()
    caps: set[int] = set()  # captions and credits: the line before them may be their title
    for i, u in enumerate(units):
        name = rules.byline(u)
        if name is not None:
            if name and not article.author and not _is_agency(name):
                article.author = name
            marks.add(i)
        elif _is_agency(u):
            article.agency = article.agency or u.strip().rstrip(".")
            marks.add(i)
        elif rules.credit_only(u) or rules.caption(u):
            marks.add(i)
            caps.add(i)
        elif (rules.stamp(u) or rules.furniture(u) or rules.label(u) or rules.echo(u) or rules.teaser(u, units)
              or (i < 3 and rules.headline(u))):  # a headline-cased line further down is a section heading
            marks.add(i)
        elif rules.bullet_link(u) and any(0 <= j < len(units) and rules.bullet_link(units[j]) for j in (i - 1, i + 1)):
            marks.add(i)
        elif i + 1 < len(units) and len(u) >= 20 and units[i + 1].startswith(u):
            marks.add(i)  # a caption's first line repeated as its own title
        elif title_key and i < 3 and _fold(u).startswith(title_key) and len(_fold(u)) > len(title_key) \
                and len(_fold(u)[len(title_key):].split()) <= 4:
            marks.add(i)  # "Title - SITE NAME"
    if title_key:  # short lines above the repeated title (site name, section) are masthead
        at = next((i for i, u in enumerate(units[:4]) if _fold(u) == title_key), -1)
        marks.update(i for i in range(at) if len(units[i].split()) <= 6)
    spaced = sum(blocks[1:]) >= 0.5 * max(1, len(blocks) - 1)  # paragraphs are separated by blank lines
    for i in sorted(caps):
        j = i - 1
        if j < 0 or j in marks:
            continue
        prev = units[j]
        words = len(prev.split())
        short_title = words <= 12 and not rules.TERMINAL.search(prev) and not re.search(r"[\"“”]", prev)
        before_credit = (rules.credit_only(units[i]) and words <= 45 and not re.search(r"[\"“”]", prev)
                         and spaced and not blocks[i])
        if short_title or before_credit:
            marks.add(j)
    if spaced:  # captions set without a blank line under a caption: one photo block (a gallery)
        for i in sorted(caps):
            j = i + 1
            while j < len(units) and not blocks[j] and j not in marks and rules.sibling_caption(units[j]):
                marks.add(j)
                j += 1
    for i, u in enumerate(units):  # a line repeating the furniture line before it
        if i - 1 in marks and i not in marks and len(u) >= 12 and _fold(u) in _fold(units[i - 1]):
            marks.add(i)
    # runs of short unpunctuated lines mixed with furniture lines (link lists, photo labels), and such
    # lines after the last paragraph when furniture is there too
    bare = [i not in marks and len(u.split()) <= 16 and not rules.TERMINAL.search(u)
            and not re.search(r"[\"“”‘’']\s", u) and _fold(u) != title_key for i, u in enumerate(units)]
    # (a furniture line counts in a run: 'label / caption / label / caption' under photos)
    short_mark = [i in marks and len(u.split()) <= 16 and not rules.TERMINAL.search(u) for i, u in enumerate(units)]
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and (bare[j] or short_mark[j]):
            j += 1
        run = range(i, j)
        if any(bare[k] for k in run) and sum(short_mark[k] for k in run) >= 0.4 * len(run):
            marks.update(run)
        i = j + 1
    last_body = max((i for i, u in enumerate(units) if i not in marks and len(u.split()) >= 12
                     and rules.TERMINAL.search(u)),
                    default=-1)
    tail = [i for i in range(last_body + 1, len(units)) if bare[i]] if last_body >= 0 else []
    furn = sum(1 for i in range(last_body + 1, len(units)) if i in marks)
    if len(tail) >= 2 and furn >= 2 and furn >= 0.25 * len(tail):
        marks.update(tail)  # a list after the last paragraph, among furniture lines: more links
    return marks


def clean(article: Article, repeated: set[str] | None = None) -> Article:
    """Clean one article; `repeated` holds folded lines that clean_batch found repeated across an outlet."""
    source = article.raw_text or article.text
    if not article.raw_text:
        article.raw_text = source
    blocks: list[bool] = []
    units = _units(source, blocks)
    head = next((i for i, u in enumerate(units) if len(u.split()) >= 20), len(units))  # the header zone
    units = [rules.strip_markers(rules.strip_stamp_prefix(u) if i <= head else u)  # date stamps head a page
             for i, u in enumerate(units)]
    removed: list[str] = []
    keep: list[str] = []
    title_key = _fold(article.title) if article.title else ""
    marks = _marks(units, blocks, title_key, article)
    top = True  # still in the header zone (before the first real paragraph)
    lead_candidates: list[int] = []
    dateline_at = -1
    for ui, line in enumerate(units):
        if ui in marks:
            removed.append(line)
            continue
        key = _fold(line)
        if len(line) <= 220 and _FURNITURE.match(line):
            removed.append(line)
            continue
        m = _FOLLOW.match(line)
        if m:
            if not article.author:
                article.author = m.group("name").strip()
            removed.append(line)
            continue
        if _SOCIAL.match(line) or _CREDIT_LINE.match(line) or (len(line) <= 400 and _CREDIT_TAIL.search(line)):
            removed.append(line)
            continue
        if repeated and key in repeated:
            removed.append(line)
            continue
        line, asked = rules.strip_appeals(line)
        if asked:
            removed.extend(asked)
            if not line:
                continue
        if top:
            if title_key and key == title_key:
                removed.append(line)
                continue
            if not article.title and not keep and len(line) <= 200 and not _TERMINAL.search(line):
                article.title = line  # text without a title line: the first short line is the title
                title_key = key
                removed.append(line)
                continue
            if _is_agency(line):
                article.agency = article.agency or line.strip().rstrip(".")
                removed.append(line)
                continue
            b = _BYLINE.match(line)
            if b and len(line) <= 120:
                article.author = article.author or b.group("name").strip()
                org = (b.group("org") or "").strip()
                if org and _is_agency(org):
                    article.agency = article.agency or org
                removed.append(line)
                continue
            dl, ag, rest = _strip_dateline(line)
            if dl or ag:
                article.dateline = article.dateline or dl
                if ag and not article.agency and (_is_agency(ag) or not dl):
                    article.agency = ag
                line = rest
                dateline_at = len(keep)
                top = False
            elif len(line.split()) >= 25 or len(keep) >= 3:
                top = False
            else:
                lead_candidates.append(len(keep))
        keep.append(line)

    # Standfirst: a header-zone line right before a dateline paragraph, or one without final punctuation.
    headings: list[str] = []
    if lead_candidates:
        i = lead_candidates[0]
        cand = keep[i]
        unpunctuated = not re.search(r"[.!?…][" + re.escape(_CLOSERS) + r"]*$", cand)
        if (i < len(keep) - 1 and not _is_heading(cand) and len(cand.split()) >= 6
                and (dateline_at == i + 1 or unpunctuated)):
            article.lead = cand
            body = " ".join(keep[:i] + keep[i + 1:])
            qs = _quotes_in(cand)
            # Drop it from the text only when it is a summary line whose quotes the body repeats.
            if unpunctuated and all(_fold(q) in _fold(body) for q in qs):
                removed.append(cand)
                keep.pop(i)
    for i, line in enumerate(keep):
        if i < len(keep) - 1 and _is_heading(line):
            headings.append(line)
    if keep:  # an orphan dash closing the text (a signature marker) is not content
        keep[-1] = re.sub(r"\s+[–—-]$", "", keep[-1])
    article.text = "\n\n".join(keep)
    article.headings = headings
    article.removed = removed
    return article


def repeated_lines(articles: list[Article], min_share: float = 0.3) -> dict[str, set[str]]:
    """Per outlet, folded short lines that recur across its articles (templates, sign-offs)."""
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        if a.outlet:
            by_outlet[a.outlet].append(a)
    out: dict[str, set[str]] = {}
    for outlet, arts in by_outlet.items():
        if len(arts) < 2:
            continue
        counts: Counter = Counter()
        edge: Counter = Counter()
        for a in arts:
            units = _units(a.raw_text or a.text)
            # Quoted lines are left alone: one outlet may well repeat a quote across its stories.
            keys = {_fold(u) for u in units if 0 < len(u.split()) <= 25 and not re.search(r"[\"“”]", u)}
            counts.update(keys)
            edge.update({_fold(u) for u in units[:2] + units[-3:] if 0 < len(u.split()) <= 15})
        need = max(3, int(min_share * len(arts) + 0.999))
        rep = {k for k, c in counts.items() if c >= need or (edge[k] >= 2 and edge[k] == c)}
        if rep:
            out[outlet] = rep
    return out


def clean_batch(articles: list[Article]) -> list[Article]:
    """Clean every article, also dropping lines repeated across articles of the same outlet."""
    rep = repeated_lines(articles)
    return [clean(a, rep.get(a.outlet)) for a in articles]
