"""Synthetic news corpus with known stories and wire copies, from invented vocabulary (for tests/bench).

Each story has a day, a few invented named entities and topic words; outlets either reprint the
story's wire text with small edits (a copy), or write their own article from the story vocabulary.
Ground truth rides along in each JSONL record ("story", "copy_of") and is ignored by the engines.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random

_CONS = "bcdfghjklmnprstvwz"
_VOW = "aeiou"
EPOCH = dt.date(2031, 1, 1)  # invented corpus starts here


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_CONS) + rng.choice(_VOW) + (rng.choice(_CONS) if rng.random() < 0.3 else "")
                   for _ in range(syllables))


class Lexicon:
    """Invented words: a common pool (function-like words), topic words and capitalised names."""

    def __init__(self, seed: int = 0, common: int = 400, topic: int = 20000, names: int = 20000):
        rng = random.Random(seed)
        self.common = sorted({_word(rng, rng.randint(1, 2)) for _ in range(common)})
        self.topic = sorted({_word(rng, rng.randint(2, 4)) for _ in range(topic)})
        self.names = sorted({_word(rng, rng.randint(2, 3)).capitalize() for _ in range(names)})
        self.outlets = sorted({_word(rng, 3).capitalize() + " " + rng.choice(["Post", "Times", "Daily", "Wire",
                                                                             "Herald", "News", "Ledger"])
                               for _ in range(60)})


def _sentence(rng: random.Random, lex: Lexicon, topic: list[str], ents: list[str]) -> str:
    words = [rng.choice(lex.common) for _ in range(rng.randint(8, 16))]
    for _ in range(rng.randint(2, 4)):
        words.insert(rng.randrange(1, len(words)), rng.choice(topic))
    if rng.random() < 0.6:
        words.insert(rng.randrange(1, len(words)), rng.choice(ents))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _body(rng: random.Random, lex: Lexicon, topic: list[str], ents: list[str], paras: int) -> list[str]:
    return [" ".join(_sentence(rng, lex, topic, ents) for _ in range(rng.randint(2, 4))) for _ in range(paras)]


def _edit(rng: random.Random, lex: Lexicon, paras: list[str]) -> list[str]:
    """A reprint: a few words changed, sometimes a paragraph dropped or a local paragraph added."""
    out = []
    for p in paras:
        words = p.split(" ")
        for _ in range(rng.randint(0, 1)):
            i = rng.randrange(len(words))
            words[i] = rng.choice(lex.common) + ("." if words[i].endswith(".") else "")
        out.append(" ".join(words))
    if len(out) > 4 and rng.random() < 0.3:
        out.pop()
    if rng.random() < 0.3:
        out.append(" ".join(_sentence(rng, lex, lex.topic[:50], lex.names[:5]) for _ in range(2)))
    return out


def generate(n: int, seed: int = 0, per_story: int = 8, per_day: int = 2000, lex: Lexicon | None = None):
    """Yield n article records (dicts) with story structure; about n/per_story stories over n/per_day days."""
    lex = lex or Lexicon(seed)
    rng = random.Random(seed + 1)
    days = max(3, n // per_day)
    made, sid = 0, 0
    while made < n:
        day = rng.randrange(days)
        topic = rng.sample(lex.topic, 12)
        ents = rng.sample(lex.names, 3)
        title_words = rng.sample(topic, 4) + [ents[0]]
        wire = _body(rng, lex, topic, ents, rng.randint(4, 7))
        k = min(n - made, max(1, int(rng.expovariate(1 / per_story))))
        outlets = rng.sample(lex.outlets, min(k, len(lex.outlets)))
        for j in range(k):
            copy = rng.random() < 0.4
            paras = _edit(rng, lex, wire) if copy else _body(rng, lex, topic, ents, rng.randint(3, 7))
            tw = title_words[:]
            rng.shuffle(tw)
            if not copy:
                tw = tw[:3] + [rng.choice(topic), rng.choice(lex.common)]
            date = EPOCH + dt.timedelta(days=day + rng.choice([0, 0, 0, 1, 1, 2]))
            yield {"id": f"a{made:08d}", "title": " ".join(tw[:1]).capitalize() + " " + " ".join(tw[1:]), "text": "\n\n".join(paras),
                   "outlet": outlets[j % len(outlets)], "date": date.isoformat(),
                   "url": f"https://example.invalid/{made}", "story": f"t{sid}",
                   "copy_of": f"w{sid}" if copy else ""}
            made += 1
        sid += 1


def write_corpus(out_dir: str, n: int, shard_size: int = 5000, seed: int = 0, **kw) -> list[str]:
    """Write n records as JSONL shards of shard_size lines; return the shard paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths, fh = [], None
    for i, rec in enumerate(generate(n, seed=seed, **kw)):
        if i % shard_size == 0:
            if fh:
                fh.close()
            paths.append(os.path.join(out_dir, f"shard-{len(paths):05d}.jsonl"))
            fh = open(paths[-1], "w", encoding="utf-8")
        fh.write(json.dumps(rec) + "\n")
    if fh:
        fh.close()
    return paths
