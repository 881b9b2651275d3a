"""Cue verbs and their speakers in a dependency parse: "X said", "said X", "according to X", "X was quoted as saying".

Used by `quotes`; pure functions over spaCy tokens.
"""

from __future__ import annotations

# Verbs that report speech, writing or stance (PARC/PolNeAR-style attribution cues).
SPEECH = set("""
say tell add claim insist warn argue state report announce explain note suggest believe think
acknowledge admit deny confirm predict write tweet declare allege assert contend maintain reply
respond ask agree complain promise vow pledge estimate conclude reveal stress emphasize emphasise
charge accuse urge recall testify call describe continue quote remark comment observe concede
caution lament joke boast brag question wonder demand propose recommend announce disclose signal
indicate show find express criticize criticise praise blast slam dismiss reject counter rebut
mention point hint acknowledge told post retort shout yell scream whisper muse exclaim declare
characterize characterise label brand dub hail decry condemn denounce welcome predict forecast
read chant answer interject interrupt assure bark quip boom sing repeat confess echo utter affirm
proclaim reiterate snap plead scoff gush thunder cry sigh
""".split())
# Verbs that take the speaker's words as a complement only with a clause (weak cues for indirect speech).
STANCE = {"believe", "think", "find", "show", "indicate", "expect", "hope", "fear", "know", "feel",
          "suggest", "signal", "worry"}
SUBJ = ("nsubj", "nsubjpass")
DOCUMENTS = {"statement", "report", "letter", "release", "post", "tweet", "message", "memo", "note",
             "interview", "speech", "email", "video", "remark", "comment", "op-ed", "column"}


def is_cue(tok) -> bool:
    """A reporting verb; also "put it" ("as she put it")."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    return lemma in SPEECH or lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def according_to(tok):
    """The object of "according to X" when tok is "according"; else None."""
    if tok.lower_ != "according":
        return None
    for c in tok.children:
        if c.lower_ == "to":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    nxt = tok.doc[tok.i + 1: tok.i + 3]
    if len(nxt) == 2 and nxt[0].lower_ == "to":
        return nxt[1]
    return None


def subject_of(verb, depth: int = 0):
    """Speaker token of a cue verb: its subject, "quoted X as saying" -> X, participles -> governing subject."""
    if depth > 6 or verb is None:
        return None
    if verb.lemma_.lower() == "quote":
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive[0]
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        if obj:
            return obj[0]
    for c in verb.children:
        if c.dep_ in SUBJ and c.lower_ not in ("that", "which", "what"):
            return c
    for c in verb.children:  # "said by X" (passive agent)
        if c.dep_ == "agent":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    if verb.dep_ in ("relcl",) and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head
    if verb.dep_ in ("acl", "advcl") and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        # "X, accusing ..." / "officials saying ..." -> X; "a statement saying ..." -> who issued it
        if verb.head.lemma_.lower() not in DOCUMENTS:
            return verb.head
    if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl", "prep", "pobj", "ccomp") and verb.head is not verb:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "a statement saying ..." -> whoever issued the statement
            return subject_of(verb.head.head, depth + 1) if verb.head.head is not verb.head else None
        return subject_of(verb.head, depth + 1)
    return None


def cue_phrase(verb) -> str:
    """The cue words: verb with auxiliaries and particles; "told reporters", "said in a statement"."""
    doc = verb.doc
    head = next((h for h in (verb.head, verb.head.head) if h.lemma_.lower() == "quote"), None)
    if verb.lemma_.lower() == "say" and head is not None:
        return doc[min(t.i for t in head.lefts if t.dep_ in ("auxpass", "aux")) if any(
            t.dep_ in ("auxpass", "aux") for t in head.lefts) else head.i: verb.i + 1].text
    words = [verb]
    if verb.lemma_.lower() == "quote":  # "was quoted as saying"
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                words.extend(t for t in c.subtree if t.i <= c.i + 1)
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - verb.i) <= 3:
            words.append(c)
        elif c.dep_ in ("dobj", "dative") and c.lower_ in ("reporters", "journalists", "press", "media"):
            words.append(c)
        elif c.dep_ == "prep" and c.lower_ == "in":
            objs = [o for o in c.children if o.dep_ == "pobj" and o.lower_ in (
                "statement", "interview", "letter", "post", "tweet", "speech", "email", "release")]
            if objs:
                words.extend(t for t in c.subtree if t.i <= objs[0].i)
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def speech_ancestor(tok, stop: set[int]):
    """Nearest ancestor of tok (outside the token ids `stop`) that is a cue verb or "according to"."""
    seen = 0
    cur = tok
    while cur.head is not cur and seen < 8:
        cur = cur.head
        seen += 1
        if cur.i in stop:
            continue
        if is_cue(cur) and subject_of(cur) is not None:
            return cur
        for c in cur.children:
            if c.lower_ == "according" and c.i not in stop and according_to(c) is not None:
                return c
    return None
