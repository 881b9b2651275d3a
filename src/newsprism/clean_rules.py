"""Line-shape rules for page furniture, used by `clean` (helpers only; no stage logic).

Every rule looks at the shape of one line (length, punctuation, case, position markers, date/time
tokens) or at well-known furniture wording of English news sites (photo credits, "Read more",
"Updated"), never at the words of one story.  Each predicate takes one line (a rejoined paragraph).
"""

from __future__ import annotations

import re
import statistics

_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_TIME = r"\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_TZ = r"\(?\b(?:[A-Z]{1,2}[SD]?T|GMT|UTC|BST|CET|CEST|ET|PT|CT|MT)\b\)?(?:[+-]\d{1,2}(?::?\d{2})?)?"
_DATE = (rf"(?:{_WDAY},?\s+)?(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}"
         rf"(?:,?\s+\d{{4}})?|{_MON}\s+\d{{4}})"
         r"|\d{4}-\d{2}(?:-\d{2})?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
DATE_RX = re.compile(_DATE, re.I)
_AGE = r"\b(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
_STAMP_WORDS = re.compile(
    rf"(?:{_DATE})|(?:{_TIME})|{_AGE}|{_TZ}|\b(?:{_WDAY}|updated?|published|posted|last|modified|created|date|on|at|"
    r"news|by|am|pm|edt|est|today|and)\b|[|:,;/()—–\-.·•]+", re.I)
# "date 2031-04-02 ", "Apr. 2, 2031 — -- ", "UPDATE 4:15 p.m. --", "Published 9:40 a.m. ET Apr 2 |": a stamp
# opening a paragraph, followed by body text.
_STAMP_PREFIX = re.compile(
    rf"^(?:(?:date|published|updated?|posted)\s*:?\s*(?:{_DATE})(?:,?\s*(?:at\s+)?(?:{_TIME}))?\s*(?:{_TZ})?\s*(?:[|—–-]+\s*)*"
    rf"|(?:{_MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?:,?\s*(?:{_TIME}))?\s*(?:{_TZ})?\s*(?:—|–|--)\s*(?:--?\s*)?"
    rf")(?=\S)",
    re.I)
# "UPDATE 4:15 p.m. --" opening a paragraph anywhere in a page
# ("UPDATE - April 2, 9 p.m.:", "UPDATE:" too: an upper-case or colon-marked lead-in, never "Updated figures")
_UPDATE_PREFIX = re.compile(
    rf"^update[ds]?\s*:?\s*(?:{_TIME})\s*(?:{_TZ})?\s*(?::|—|–|--)\s*(?=\S)"
    rf"|^(?-i:UPDATE[DS]?)\s*(?:[-–—]\s*)?(?:(?:{_DATE})\s*,?\s*)?(?:(?:at\s+)?(?:{_TIME})\s*)?(?:{_TZ})?\s*(?::|—|–|--)\s*(?=\S)",
    re.I)

# Credits closing a caption: "... REUTERS", "AFP PHOTO / HO / MINISTRY", "(AP Photo/Name)", "Photograph: A/PA",
# "(Photo: Social Site)", "((Name/Agency))", "EPA/NAME (Archive)".
_CREDIT_END = re.compile(
    r"(?:(?i:\b(?:photo(?:graph)?|picture|image|credit|video|footage)s?\s*(?:credit)?\s*:\s*[^.:]{2,80}\.?\)?\s*$)"
    r"|(?i:\|?\s*license\s+photo\s*)$"
    r"|\(\(?\s*[A-Z][^()/]{1,40}/\s*[^()]{2,60}\)\)?\s*$"
    r"|\b[A-Z]{2,}(?:\s+PHOTOS?)?\s*/\s*[A-Z][A-Z0-9 /.'-]{1,60}(?:\s*\([A-Za-z ]+\))?\s*$"
    r"|(?<=[.)”\"'])\s*(?:REUTERS|AFP|AP|EPA|XINHUA|GETTY IMAGES|PA|ANP|DPA|ANSA|KYODO|YONHAP)"
    r"(?:\s*/\s*[A-Z][\w .'-]{1,40})?\s*$)"
)
_CAPTION_START = re.compile(
    r"^(?:\S+\.(?:jpe?g|png|gif|webp)|view\s+full\s+size"
    r"|(?:an?\s+|this\s+)?(?:file|handout|undated|archive)\s+(?:photo|picture|image|pic)\b"
    r"|(?:an?\s+|this\s+)?(?:photo|picture|image|grab|screen\s?grab|still|video\s+still)s?\s+"
    r"(?:\w+\s+){0,6}(?:shows?|taken|released|made\s+available|provided|obtained|from)\b)",
    re.I)
# "(L)", "(2nd R)", "Name, left, and ...": position markers appear in photo captions only.
_POSITION = re.compile(r"\((?:\d(?:st|nd|rd|th)\s+)?[LRC]\)|\b[A-Z][a-z]+,\s+(?:left|right|center|centre|"
                       r"second\s+(?:left|right)|top|bottom)(?:,|\s+and\b)")
# AP/Reuters caption style: "..., Thursday, June 23, 2016, as ..." (weekday, month day, year inside a line).
_CAPTION_DATE = re.compile(rf"\b{_WDAY},\s+{_MON}\s+\d{{1,2}},\s+\d{{4}}\b", re.I)

_FURNITURE_PHRASE = re.compile(
    r"\b(?:loading\s+(?:articles|comments|more|content)|continued\s+below|report\s+a\s+typo|more\s+videos|"
    r"hide\s+ad|custom\s+ad|advertisement|top\s+stories|related\s+topics|most\s+(?:read|popular|viewed|shared)|"
    r"archived\s+article|contributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?|this\s+collection\s+is\s+(?:currently\s+)?empty|"
    r"no\s+(?:items|articles|stories)\s+(?:found|to\s+show|yet)|continue\s+to\s+follow\s+our\s+live|"
    r"follow\s+(?:our\s+)?live\s+(?:coverage|updates|blog)|live\s+(?:coverage|updates|blog)\s+here|"
    r"license\s+photo|download\s+(?:our|the)\s+app|sign\s+up\s+for|subscribe\s+(?:to|now|today)|"
    r"newsletter|share\s+this\s+(?:article|story)|(?:click|tap)\s+here|follow\s+(?:us\s+)?on\s+(?:twitter|facebook|"
    r"instagram)|copyright\s*©|all\s+rights\s+reserved|how\s+(?:you\s+can|to)\s+help|see\s+story\s+below|for\s+complete\s+coverage|skip\s+(?:to\s+)?(?:content|ad)|scores?\s+widget)\b",
    re.I)
_LINK_PREFIX = re.compile(
    r"^(?:[-–—•»›▸▶■◆►]\s*)?(?:read\s*more|also\s+read|more|see\s+also|related(?:\s+\w+)?|story\s+update|"
    r"watch|listen|latest|recommended|trending|editor'?s\s+picks?)\s*(?::|(?=[A-Z]))", re.I)
_LINK_END = re.compile(r"(?:^|\s)(?:[-–—|]\s*)?(?:read\s+more|video|watch|photos|gallery)\s*$", re.I)
_BULLET = re.compile(r"^[•»›▸▶■◆►]\s*")
_URL_END = re.compile(r"https?://\S+\s*$")
_BY_ANY = re.compile(r"^by:?\s*(?=[A-Z|]|$)(?P<rest>.*)$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|al|bin|la|le|da|dos|of|the|\|)$")
TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_FUNCTION = {"in", "with", "of", "for", "to", "on", "at", "during", "from", "after", "over", "by", "as", "into",
             "the", "a", "an", "and", "or", "but", "is", "are", "has", "have"}


def stamp(line: str) -> bool:
    """A date/time stamp line: a date or time, plus at most three other words ('HALTERN | Updated ...')."""
    if len(line) > 110 or not re.search(r"\d|\bago\b", line):
        return False
    if not (DATE_RX.search(line) or re.search(_TIME, line, re.I) or re.search(_AGE, line, re.I)):
        return False
    if re.search(r"[.!?]\s+[A-Z][a-z]+\s+[a-z]", line):
        return False  # a sentence follows
    rest = _STAMP_WORDS.sub(" ", line)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3


_READ_MORE_END = re.compile(r"\s*[–—|-]+\s*(?:read\s+more|more|full\s+story)\s*$", re.I)


def strip_markers(line: str) -> str:
    """The paragraph without an 'UPDATE 4:15 p.m. --' lead-in or a trailing '– READ MORE' link."""
    m = _UPDATE_PREFIX.match(line)
    if m and len(line) - m.end() >= 20:
        line = line[m.end():]
    m = _READ_MORE_END.search(line, max(0, len(line) - 40))
    if m and m.start() >= 20:
        line = line[:m.start()]
    return line


# A request to the reader opening a sentence: "Please donate ...", "Kindly share ...".
_APPEAL = re.compile(r"(?:Please|Kindly)\s+[a-z]")
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z\"“‘(])")


def strip_appeals(line: str) -> tuple[str, list[str]]:
    """The paragraph without sentences that ask the reader for something ('Please donate to the relief fund.'),
    and those sentences.  Only outside quotation marks: a quoted plea is news."""
    if "Please" not in line and "Kindly" not in line:
        return line, []
    keep, cut, start, inside = [], [], 0, False
    bounds = [m.end() for m in _SENT_END.finditer(line)] + [len(line)]
    for end in bounds:
        sent = line[start:end]
        opened = inside
        inside ^= (sent.count("\"") + sent.count("“") + sent.count("”")) % 2 == 1
        if not opened and _APPEAL.match(sent) and not re.search(r"[\"“”]", sent):
            cut.append(sent.strip())
        else:
            keep.append(sent)
        start = end
    return ("".join(keep).strip(), cut) if cut else (line, [])


def strip_stamp_prefix(line: str) -> str:
    """The paragraph without a leading date stamp ('Apr. 2, 2031 — -- A day after ...')."""
    m = _STAMP_PREFIX.match(line)
    return line[m.end():] if m and len(line) - m.end() >= 20 else line


def caption(line: str) -> bool:
    """A photo caption or credit: a credit at its end, caption wording at its start, position markers,
    or the wire-photo date style (weekday, month day, year) in a short paragraph."""
    n = len(line.split())
    if n > 160:
        return False
    tail = line[-160:]  # credits end a line: only its tail is searched, and only when it can hold one
    words = tail.rstrip(" .)").split()
    if ("/" in tail or ":" in tail or (words and words[-1].isupper()) or "icense" in tail) \
            and _CREDIT_END.search(tail) or _CAPTION_START.match(line):
        return True
    low = line.lower()  # cheap substring checks before the regexes (most lines are plain body text)
    if n <= 120 and ("(" in line or ", left" in low or ", right" in low or ", cent" in low or ", second" in low
                     or ", top" in low or ", bottom" in low) and _POSITION.search(line):
        return True
    return n <= 80 and "day, " in low and bool(_CAPTION_DATE.search(line))


def sibling_caption(line: str) -> bool:
    """A line that can be one more photo caption: one short unquoted sentence (used only for a line set
    under a caption inside the same block, where a body paragraph would have had a blank line)."""
    s = line.strip()
    n = len(s.split())
    if not (3 <= n <= 30) or re.search(r"[\"“”]|'\s|\s'", s) or not TERMINAL.search(s):
        return False
    return not re.search(r"[.!?]\s+\S", s)  # one sentence


def credit_only(line: str) -> bool:
    """A credit standing alone: 'AP Photo', 'Name, Name, OUTLET NETWORK', 'Name / Agency / Stock'."""
    s = line.strip().rstrip(".")
    words = s.split()
    if re.fullmatch(r"\(?(?:photo(?:graph)?|image|picture|video)s?\s*(?:credit)?\s*:\s*[^.:]{2,80}\)?", s, re.I):
        return True
    if not words or len(words) > 12 or re.search(r"[.!?;:\"“”]", s):
        return False
    if re.fullmatch(r"(?:[A-Z][\w&.-]*\s+){0,3}(?:photos?|images?|pictures?|video)", s, re.I):
        return True
    if s.count("/") >= 2 and all(w[:1].isupper() or w == "/" for w in words):
        return True
    caps_tail = len(words) >= 2 and all(w.isupper() and len(w) > 1 for w in words[-2:])
    return caps_tail and "," in s and all(w[:1].isupper() for w in words)


def furniture(line: str) -> bool:
    """Site furniture by its wording or link shape (short lines only)."""
    n = len(line.split())
    if n > 30:
        return False
    if _FURNITURE_PHRASE.search(line) and (n <= 14 or not TERMINAL.search(line) or
                                           re.search(r"contributed|archived\s+article|live", line, re.I)):
        return True
    if _LINK_PREFIX.match(line) and not TERMINAL.search(line.rstrip("'\"”’")):
        return True
    if _LINK_END.search(line) and n <= 14 and not re.search(r"[.!?]\s", line):
        return True
    if _URL_END.search(line) and n <= 20 and re.search(r"\b(?:link|read|full\s+(?:article|story|report))\b", line, re.I):
        return True
    return False


def bullet_link(line: str) -> bool:
    """A bulleted link line ('• Pound crashes as markets react'): a bullet, no sentence punctuation."""
    return bool(_BULLET.match(line)) and len(line.split()) <= 20 and not TERMINAL.search(line.rstrip("'\"”’"))


def byline(line: str) -> str | None:
    """The name(s) of a byline line ('By A and B', 'ByAgency Name', 'By: |'); None when not a byline."""
    m = _BY_ANY.match(line.strip())
    if not m or len(line) > 120:
        return None
    rest = m.group("rest").strip(" |,")
    words = rest.replace(",", " ").split()
    if len(words) > 12 or not all(_NAME_WORD.match(w) for w in words):
        return None
    return rest


def headline(line: str) -> bool:
    """A headline-cased line (link titles, widgets): 5+ words, every word capitalised, incl. small words,
    or 4+ with a capitalised function word; no sentence punctuation at the end."""
    s = line.strip()
    if TERMINAL.search(s) and not s.endswith("?"):
        return False
    words = re.findall(r"[^\W\d_][\w'’.-]*", s)
    tokens = len(re.findall(r"\w[\w'’.,-]*", s))
    if len(words) < 3 or tokens < 4 or tokens > 16:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return tokens >= 5 or any(w.lower() in _FUNCTION for w in words[1:])


def label(line: str) -> bool:
    """Image alt text or tags: a short line starting in lower case, without punctuation ('plane crash')."""
    s = line.strip()
    words = s.split()
    if not words or len(words) > 15 or TERMINAL.search(s) or re.search(r"[,;:\"“”]", s):
        return False
    return s[:1].islower()


def echo(line: str) -> bool:
    """A line that is one text written twice ('Caption textCaption text')."""
    s = line.strip()
    n = len(s)
    for cut in (n // 2, (n - 1) // 2, (n + 1) // 2):
        a, b = s[:cut].strip(), s[cut:].strip()
        if len(a) >= 12 and a == b:
            return True
    return False


def teaser(line: str, others: list[str]) -> bool:
    """A cut-off teaser ('The deaths of 16 ... Alps...') whose opening words the article repeats in full."""
    s = line.rstrip()
    if not s.endswith(("...", "…")) or len(s) < 40:
        return False
    head = " ".join(re.sub(r"^[A-Z][A-Z .,'-]+\s*(?:--|[—–-])\s*", "", s).split()[:8])
    return any(o is not line and head in o and o.rstrip() != s for o in others)


def hard_wrapped(lines: list[str]) -> int:
    """Wrap width when the text is hard-wrapped (most lines fill a fixed width), else 0."""
    lens = [len(ln.rstrip()) for ln in lines if ln.strip()]
    if len(lens) < 8:
        return 0
    width = sorted(lens)[int(0.9 * (len(lens) - 1))]
    if width > 100 or width < 30:
        return 0
    full = sum(1 for n in lens if n >= 0.7 * width)
    open_end = sum(1 for ln in lines if ln.strip() and not re.search(r"[.!?:\"”’)]\s*$", ln))
    return width if full >= 0.6 * len(lens) and open_end >= 0.3 * len(lens) else 0


def median_words(lines: list[str]) -> float:
    return statistics.median(len(ln.split()) for ln in lines) if lines else 0.0
