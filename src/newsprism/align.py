"""Sentences across articles -> facts with supporting articles.

Reads Article.sentences/text/outlet and CopyGroups; writes Fact objects (corroborated and single-source).
A pair score = cosine of the similarity backend + weighted overlap of names (spaCy entities, idf-weighted)
+ a bonus for a shared number or date word; cosine alone ranks other outlets' wording of one fact poorly.
A fact is a claim (one sentence) with, from each other article, the sentence that states it best
(`stars`); a sentence may support several facts. Pairs that are mutual top-2 across two articles are also
merged greedily into looser groups (at most MAX_PER_ARTICLE sentences per article each): what else the
articles say about a fact, read by the summary.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import nlp, values
from .model import Article, Citation, CopyGroup, Fact, Sentence

MAX_PER_ARTICLE = 2
MIN_WORDS = 5
_ENT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_DATE_WORDS = ("monday tuesday wednesday thursday friday saturday sunday january february march april may "
               "june july august september october november december").split()
_NUM_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                               "twelve".split())}
_NUM_RE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_QUOTE_CHARS = "\"“”«»"


@dataclass
class Weights:
    """How a pair score is built (tuned on eval/alignment.py; see docs/similarity.md)."""

    entity: float = 0.0  # measured: name overlap lowered seed-pair F1 (docs/similarity.md), so off
    number: float = 0.0
    threshold: float = 0.35
    link: float = 0.30  # average score needed to merge two partial facts


# thresholds per backend (cosine scales differ: tf-idf runs low). tfidf and minilm: best F1 on the seed
# pairs (eval/alignment.py). hybrid: 0.30 since facts keep one sentence per article and check values;
# on the story gold (eval/stories.py) 0.35 / 0.30 / 0.25 gave false corroboration 0.077 / 0.071 / 0.076
# and fact recall 0.58 / 0.61 / 0.64 (docs/claims.md)
THRESHOLDS = {"tfidf": (0.20, 0.15), "minilm": (0.70, 0.60), "hybrid": (0.30, 0.25)}


def weights_for(sim) -> Weights:
    """Default weights with the threshold measured for this backend."""
    th, link = THRESHOLDS.get(getattr(sim, "name", ""), (Weights.threshold, Weights.link))
    return Weights(threshold=th, link=link)


def content_sentences(a: Article) -> list[Sentence]:
    """Sentences worth aligning: enough words, not a repeat of the headline."""
    title = re.sub(r"\W+", " ", a.title).strip().lower()
    out = []
    for s in a.sentences:
        words = re.findall(r"[^\W\d_]+", s.text)
        if len(words) < MIN_WORDS:
            continue
        if title and re.sub(r"\W+", " ", s.text).strip().lower() == title:
            continue
        out.append(s)
    return out


def texts_to_encode(articles: list[Article]) -> list[str]:
    """The sentence texts `score_pairs` encodes, in its order (the pipeline encodes them ahead)."""
    return [s.text for a in articles for s in content_sentences(a)]


def _key(tok: str) -> str:
    t = tok.lower().replace(".", "")
    return t[:5] if len(t) > 5 else t  # "Sweden"/"Swedish", "Kenya"/"Kenyan" share a key


def sentence_keys(a: Article, sents: list[Sentence]) -> tuple[list[set[str]], list[set[str]]]:
    """Per sentence: name keys (entities and date words) and number values."""
    names: list[set[str]] = [set() for _ in sents]
    nums: list[set[str]] = [set() for _ in sents]
    ents = []
    try:
        doc = nlp.parse(a.text)
        ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    except Exception:  # noqa: BLE001 - no spaCy model: fall back to capitalised words below
        ents = []
    for i, s in enumerate(sents):
        for st, en, label, text in ents:
            if st >= s.start and en <= s.end and label in _ENT_LABELS:
                for tok in re.findall(r"[^\W\d_][\w.]*", text):
                    if len(tok) > 1 and tok.lower() not in ("the", "of", "and"):
                        names[i].add(_key(tok.rstrip(".").removesuffix("'s").removesuffix("’s")))
        if not ents:
            names[i].update(_key(t) for t in re.findall(r"(?<![.!?]\s)\b[A-Z][a-z]{2,}", s.text))
        low = s.text.lower()
        for w in re.findall(r"[a-z]+", low):
            if w in _DATE_WORDS:
                names[i].add("@" + w[:3])
            elif w in _NUM_WORDS:
                nums[i].add(_NUM_WORDS[w])
        nums[i].update(n.replace(",", "") for n in _NUM_RE.findall(s.text))
    return names, nums


def _overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(idf.get(k, 1.0) for k in a & b)
    norm = math.sqrt(sum(idf.get(k, 1.0) for k in a) * sum(idf.get(k, 1.0) for k in b))
    return shared / norm if norm > 0 else 0.0


def _incidence(sets: list[set[str]]) -> tuple[np.ndarray, list[str]]:
    vocab = sorted({x for st in sets for x in st})
    col = {x: c for c, x in enumerate(vocab)}
    m = np.zeros((len(sets), len(vocab)), dtype=np.float64)
    for i, st in enumerate(sets):
        m[i, [col[x] for x in st]] = 1.0
    return m, vocab


def _overlap_matrix(sets: list[set[str]], idf: dict[str, float]) -> np.ndarray:
    """`_overlap` of every pair of sets at once (idf-weighted shared keys over the geometric mean)."""
    m, vocab = _incidence(sets)
    wm = m * np.array([idf.get(x, 1.0) for x in vocab])
    shared = wm @ m.T
    tot = wm.sum(1)
    norm = np.sqrt(np.outer(tot, tot))
    return np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0).astype(np.float32)


def _shares_any(sets: list[set[str]]) -> np.ndarray:
    """1.0 where two sets share an element."""
    m, _ = _incidence(sets)
    return (m @ m.T > 0).astype(np.float32)


@dataclass
class Scored:
    """Content sentences of a story with their cross-article pair scores."""

    sents: list[Sentence]
    art_index: list[int]  # article index of each sentence
    score: np.ndarray  # combined score (0 on the diagonal and within one article)
    cosine: np.ndarray


def score_pairs(articles: list[Article], sim, weights: Weights | None = None) -> Scored:
    """Combined pair scores for every cross-article pair of content sentences."""
    w = weights or Weights()
    sents, art_idx, names, nums = [], [], [], []
    for ai, a in enumerate(articles):
        cs = content_sentences(a)
        n, u = sentence_keys(a, cs)
        sents += cs
        art_idx += [ai] * len(cs)
        names += n
        nums += u
    k = len(sents)
    if k == 0:
        z = np.zeros((0, 0), dtype=np.float32)
        return Scored(sents, art_idx, z, z)
    texts = [s.text for s in sents]
    if hasattr(sim, "fit"):
        sim.fit(texts)
    emb = np.asarray(sim.encode(texts), dtype=np.float32)
    cos = np.clip(emb @ emb.T, 0.0, 1.0)
    df = Counter(x for n in names for x in n)
    idf = {x: math.log((k + 1) / (c + 0.5)) for x, c in df.items()}
    score = cos + w.entity * _overlap_matrix(names, idf) + w.number * _shares_any(nums)
    ai = np.array(art_idx)
    same = ai[:, None] == ai[None, :]
    score[same] = 0.0
    cos = cos.copy()
    cos[same] = 0.0
    return Scored(sents, art_idx, score, cos)


def matched_pairs(sc: Scored, weights: Weights | None = None, use: str = "score") -> list[tuple[int, int, float]]:
    """Cross-article pairs above threshold that are mutual top-2 between their two articles."""
    w = weights or Weights()
    m = sc.score if use == "score" else sc.cosine
    ai = np.array(sc.art_index)
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(m >= w.threshold)), strict=True):
        rows_j = ai == ai[j]
        rows_i = ai == ai[i]
        top_i = np.sort(m[i][rows_j])[-2:]  # i's best two partners in j's article
        top_j = np.sort(m[j][rows_i])[-2:]
        if m[i, j] >= top_i[0] and m[i, j] >= top_j[0]:
            pairs.append((int(i), int(j), float(m[i, j])))
    return sorted(pairs, key=lambda p: -p[2])


def _agree(qty: values.StoryValues | None, a: Sentence, b: Sentence) -> bool:
    """The two sentences' values allow them to state one claim (no differing count of one thing)."""
    return qty is None or qty.agree(a.id, b.id)


def _values_hold(qty: values.StoryValues | None, a: Sentence, b: Sentence) -> bool:
    """Every value either sentence gives for a thing the other also gives a value for meets one of those
    values: a sentence with the coach's age and the boys' ages ("25", "12-15") does not support one with
    "25" and "12-16" because one pair of ages agrees. A foil ("higher than the 60% of the last vote") is
    what a sentence measures its claim against, not a claim: it is left out, as it is of conflicts."""
    if qty is None:
        return True
    qa, qb = [q for q in qty.get(a.id) if not q.foil], [q for q in qty.get(b.id) if not q.foil]
    for xs, ys in ((qa, qb), (qb, qa)):
        for x in xs:
            if not x.unit or x.negated:
                continue
            same = [y for y in ys if not y.negated and values.same_thing(x, y)]
            if same and not any(values.compatible(x, y) for y in same):
                return False
    # one count of one noun in each, read under different keys ("killing all 41 people" is a death toll,
    # "44 people were on board" a head count): different numbers of the same people are no support
    for x in qa:
        for y in qb:
            if x.head and x.head == y.head and x.unit and y.unit and not (x.delta or y.delta or x.part or y.part) \
                    and not (x.negated or y.negated) and _only_head(qa, x) and _only_head(qb, y) \
                    and not values.compatible(x, y):
                return False
    return True


_DENY = {"deny", "reject", "dispute", "refute", "dismiss", "rebut", "contradict"}
_NEGATIVE = re.compile(r"\b(?:no|not|never|nothing|none|nobody|neither|nor|den(?:y|ies|ied)|reject(?:s|ed)?|"
                       r"disput(?:e|es|ed)|refut(?:e|es|ed)|dismiss(?:es|ed)?|rebut(?:s|ted)?|contradict(?:s|ed)?)\b"
                       r"|n[’']t\b", re.I)


def _denial_apart(qty: values.StoryValues | None, a: Sentence, b: Sentence) -> bool:
    """One sentence denies ("the operator rejected the claim") and the other asserts without negation: a
    claim and its denial never corroborate each other. A denial and a negative statement ("said it had
    received no warning"), or one that tells a denial in another clause, may."""
    if qty is None:
        return False
    da, db = ((qty.stance.get(s.id) or (False, False, ""))[2] in _DENY for s in (a, b))
    if da == db:
        return False
    other = b if da else a
    return not _NEGATIVE.search(other.text)


_SAID_AFTER = re.compile(r"[”\"],?\s+(?:said|says|told|added|wrote)\s+([^,.;:”\"]{1,80})")
_SAID_BEFORE = re.compile(r"[”\"],?\s+((?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’-]+)\s+(?:said|says|told|added|wrote)\b")
_CAPS = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+)*")


def _speaker(text: str) -> str:
    """Surname of whoever a quoting sentence names as its speaker ('"...," Ostrand said' -> ostrand;
    '"...," said the firm's chief executive Anders Veil' -> veil)."""
    m = _SAID_BEFORE.search(text)
    if m:
        return m.group(1).split()[-1].lower()
    m = _SAID_AFTER.search(text)
    if m:
        runs = _CAPS.findall(m.group(1))
        if runs:
            return runs[-1].split()[-1].lower().strip(".")
    return ""


def _speakers_apart(a: Sentence, b: Sentence) -> bool:
    """Two quotes given to two different named speakers are two claims, whatever their words share."""
    sa, sb = _speaker(a.text), _speaker(b.text)
    return bool(sa and sb and sa != sb)


def _only_head(qs: list, q) -> bool:
    return sum(1 for o in qs if o.head == q.head) == 1


def cluster(sc: Scored, pairs: list[tuple[int, int, float]], weights: Weights | None = None,
            qty: values.StoryValues | None = None) -> list[list[int]]:
    """Greedy merge of matched pairs into groups (<= MAX_PER_ARTICLE sentences per article each).

    Two groups never merge when a sentence of one gives a value that another's contradicts.
    """
    w = weights or Weights()
    group = {i: {i} for i in range(len(sc.sents))}
    for i, j, _ in pairs:
        gi, gj = group[i], group[j]
        if gi is gj:
            continue
        per = Counter(sc.art_index[x] for x in gi | gj)
        if max(per.values()) > MAX_PER_ARTICLE:
            continue
        if qty and not all(_agree(qty, sc.sents[x], sc.sents[y]) for x in gi for y in gj):
            continue
        cross = [sc.score[x, y] for x in gi for y in gj if sc.art_index[x] != sc.art_index[y]]
        if cross and float(np.mean(cross)) < w.link:
            continue
        merged = gi | gj
        for x in merged:
            group[x] = merged
    seen, out = set(), []
    for g in group.values():
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g))
    return out


def _representative(sents: list[Sentence], taken: set[str] = frozenset()) -> Sentence:
    """A sentence not yet the text of another fact, then a complete declarative one outside quotation marks,
    then the first given (the claim the others were matched to), then the shortest."""
    def rank(s: Sentence):
        quoted = sum(s.text.count(c) for c in _QUOTE_CHARS) > 0
        complete = s.text.rstrip().endswith((".", "!", "?")) and not s.text.rstrip().endswith("?")
        return (s.text in taken, quoted, not complete, s is not sents[0], len(s.text))
    return min(sents, key=rank)


def source_key(a: Article, groups: list[CopyGroup]) -> str:
    """What counts once as a source: a copy group of reprints, else the outlet, else the article."""
    return _source_key(a, groups)


def _source_key(a: Article, groups: list[CopyGroup]) -> str:
    for g in groups:
        if a.id in g.article_ids and len(g.article_ids) > 1:
            return "group:" + g.id
    return "outlet:" + a.outlet.strip().lower() if a.outlet.strip() else "article:" + a.id


def _rank_floors(sc: Scored) -> tuple[np.ndarray, np.ndarray]:
    """(best, second): f[i, a] = the best / second-best score of sentence i with a sentence of article a."""
    ai = np.array(sc.art_index)
    best = np.zeros((len(sc.sents), max(sc.art_index) + 1), dtype=np.float32)
    second = best.copy()
    for a in set(sc.art_index):
        cols = np.sort(sc.score[:, ai == a], axis=1)
        best[:, a] = cols[:, -1]
        second[:, a] = cols[:, -2] if cols.shape[1] >= 2 else cols[:, -1]
    return best, second


def _matched(sc: Scored, best: np.ndarray, second: np.ndarray, x: int, y: int) -> bool:
    """x and y are mutual top-2 between their articles, or one is the other's best match in its article."""
    s = sc.score[x, y]
    ax, ay = sc.art_index[x], sc.art_index[y]
    return bool((s >= second[x, ay] and s >= second[y, ax]) or s >= best[x, ay] or s >= best[y, ax])


SPECIFIC_COMMON_SHARE = 0.2  # a word in more than this share of a story's sentences is its topic
SPECIFIC_MIN_SHARED = 2
SPECIFIC_FREE_SCORE = 0.45
SPECIFIC_RARE_DF = 4  # a word in at most this many of a story's sentences names one particular thing
SPECIFIC_SHORT_SHARE = 1 / 3  # one shared word is enough when it is this share of the shorter sentence's words
_STOP = frozenset("""about above after again against also among been before being below between both could
does doing down during each from further have having here into just more most only other over said says same
should some such than that their them then there these they this those through under until very were what
when where which while will with would your""".split())


def _content_words(text: str) -> set[str]:
    return {w[:7] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


def specific_pair(a: set[str], b: set[str], df: dict[str, int], score: float) -> bool:
    """Two sentences share what they are about, not only the story's topic words. `a`, `b`: their content
    words beyond the topic words; `df`: in how many of the story's sentences each word occurs. True when
    the pair score is high (>= SPECIFIC_FREE_SCORE), or they share two such words, or one that is rare in the
    story (in at most SPECIFIC_RARE_DF sentences: "flooded", "acquitted"), or one that is a third of what
    the shorter sentence says beyond the topic ("We failed them." / "Pellow said the council failed them badly")."""
    if score >= SPECIFIC_FREE_SCORE:
        return True
    shared = a & b
    if len(shared) >= SPECIFIC_MIN_SHARED:
        return True
    if any(df.get(word, 0) <= SPECIFIC_RARE_DF for word in shared):
        return True
    return bool(shared) and len(shared) >= SPECIFIC_SHORT_SHARE * min(len(a), len(b))


def stars(sc: Scored, w: Weights, qty: values.StoryValues | None = None) -> list[list[int]]:
    """Claims told by several articles, as lists of sentence indices (the claim's own sentence first).

    Each sentence is a candidate claim; from every other article it takes the sentence that states it best,
    among its two closest there, when that sentence, with the centre and with every sentence already taken:
    passes the pair threshold (two sentences that each resemble a different part of a long sentence do not
    support each other); is matched (`_matched`: mutual top-2, or one the other's best match in its article
    -- a long sentence that carries several claims has several closer matches, yet is the best match of a
    short sentence stating one of them); and agrees on values and stance. A sentence may support several
    claims, so one greedy partition of sentences would lose all but one of them. Candidates are taken
    largest first; one is kept when its own sentence is in no kept claim yet.
    """
    if not sc.sents:
        return []
    ai = np.array(sc.art_index)
    best, second = _rank_floors(sc)
    rows_of = {a: np.nonzero(ai == a)[0] for a in sorted(set(sc.art_index))}
    words = [_content_words(s.text) for s in sc.sents]
    df: dict[str, int] = {}
    for ws in words:
        for word in ws:
            df[word] = df.get(word, 0) + 1
    common = {word for word, k in df.items() if k > max(2, SPECIFIC_COMMON_SHARE * len(words))}
    spec = [ws - common for ws in words]

    def specific(x: int, y: int) -> bool:  # they share what they are about, not only the story's topic words
        return specific_pair(spec[x], spec[y], df, float(sc.score[x, y]))

    cand = []
    for c in range(len(sc.sents)):
        members = [c]
        for a, rows in rows_of.items():
            if a == ai[c]:
                continue
            for m in rows[np.argsort(-sc.score[c, rows], kind="stable")][:2]:
                s = sc.score[c, m]
                if s < w.threshold:
                    break
                if all(sc.score[m, x] >= w.threshold and _matched(sc, best, second, m, x)
                       and _agree(qty, sc.sents[m], sc.sents[x]) and _values_hold(qty, sc.sents[m], sc.sents[x])
                       and not _denial_apart(qty, sc.sents[m], sc.sents[x])
                       and not _speakers_apart(sc.sents[m], sc.sents[x]) and specific(m, x) for x in members):
                    members.append(int(m))
                    break
        if len(members) >= 2:
            cand.append(members)
    cand.sort(key=lambda ms: (-len(ms), -float(np.mean([sc.score[ms[0], m] for m in ms[1:]]))))
    kept, inside = [], set()
    for ms in cand:
        if ms[0] not in inside:
            kept.append(ms)
            inside.update(ms)
    return kept


def align(articles: list[Article], sim, groups: list[CopyGroup], weights: Weights | None = None,
          qty: values.StoryValues | None = None, scored: Scored | None = None) -> list[Fact]:
    """All facts of a story: claims told by several articles (`stars`) plus every other content sentence
    alone.

    `qty` (the story's values.StoryValues) keeps sentences that give different values or stance for one
    thing out of one fact; `scored` reuses pair scores already computed for the story.
    """
    w = weights or weights_for(sim)
    by_id = {a.id: a for a in articles}
    sc = scored if scored is not None else score_pairs(articles, sim, w)
    clusters = stars(sc, w, qty)
    inside = {m for c in clusters for m in c}
    clusters += [[m] for m in range(len(sc.sents)) if m not in inside]
    group_of = {}  # the looser sentence group around each sentence: what else the articles say about it
    for members in cluster(sc, matched_pairs(sc, w), w, qty):
        for m in members:
            group_of[m] = members
    pos = {}
    for a in articles:
        n = max(len(a.sentences) - 1, 1)
        for k, s in enumerate(a.sentences):
            pos[s.id] = k / n
    facts = []
    def citations_of(ms):
        cites: dict[str, list[str]] = {}
        for m in ms:
            cites.setdefault(sc.sents[m].article_id, []).append(sc.sents[m].id)
        return [Citation(aid, sids, by_id[aid].outlet) for aid, sids in cites.items()], \
            len({_source_key(by_id[aid], groups) for aid in cites})

    taken: set[str] = set()
    for members in clusters:
        ss = [sc.sents[m] for m in members]
        cites: dict[str, list[str]] = {}
        for s in ss:
            cites.setdefault(s.article_id, []).append(s.id)
        arts = [by_id[aid] for aid in cites]
        sources = {_source_key(a, groups) for a in arts}
        cross = [sc.score[x, y] for x in members for y in members
                 if x < y and sc.art_index[x] != sc.art_index[y]]
        outlets = list(dict.fromkeys(a.outlet for a in arts if a.outlet))
        rep = _representative(ss, taken)
        taken.add(rep.text)
        facts.append(Fact(id="", text=rep.text, values=[q.text for q in (qty.get(rep.id) if qty else [])
                                                         if q.unit and not q.negated],
                          citations=[Citation(aid, sids, by_id[aid].outlet) for aid, sids in cites.items()],
                          outlets=outlets, independent_sources=len(sources), corroborated=len(sources) >= 2,
                          score=round(float(np.mean(cross)), 4) if cross else 0.0,
                          position=round(float(np.mean([pos[s.id] for s in ss])), 4)))
        around = sorted({x for m in members for x in group_of.get(m, [m])})  # the members' sentence groups
        facts[-1].related, facts[-1].related_sources = citations_of(around)
    facts.sort(key=lambda f: (not f.corroborated, f.position))
    for n, f in enumerate(facts):
        f.id = f"f{n}"
    return facts
