"""Near-duplicate / wire-copy groups. Reads Article.text (cleaned); returns CopyGroup list.

Texts are cut into word 5-shingles; MinHash LSH (datasketch) finds candidate pairs, which are then
checked on the shingle sets (or, in the store's index, estimated from the signatures):
  exact   - same normalised word sequence
  near    - Jaccard >= NEAR_JACCARD (light edits: a changed word, a dropped credit line)
  partial - containment |A & B| / min(|A|, |B|) >= PARTIAL_CONTAINMENT, i.e. one text is (almost)
            inside the other: a wire story with an added local paragraph, or a cut-down reprint.
Copies count as one source: the brief counts copy groups, not articles.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from .model import Article, CopyGroup

SHINGLE = 5  # words per shingle: long enough that unrelated texts share almost none
NUM_PERM = 128
SCHEME = "affine32"  # datasketch permutation scheme; stored signatures depend on it
LSH_THRESHOLD = 0.3  # candidate Jaccard; low so that partial copies (J ~ size ratio) are found
NEAR_JACCARD = 0.8
PARTIAL_CONTAINMENT = 0.8
MIN_SHINGLES = 20  # a contained text must be this long to call it a copy (not a shared phrase)

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of a text (the whole text as one shingle when shorter than k words)."""
    w = words(text)
    if len(w) < k:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)}


def text_hash(text: str) -> str:
    """Hash of the normalised word sequence: equal for exact copies whatever the spacing/case."""
    return hashlib.sha1(" ".join(words(text)).encode()).hexdigest()


def _crc(b: bytes) -> int:
    return zlib.crc32(b)


def minhash(sh: Iterable[bytes]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, hashfunc=_crc, seed=1, scheme=SCHEME)
    sh = list(sh)
    if sh:
        m.update_batch(sh)
    return m


def classify(jaccard: float, containment: float, n_small: int, same_hash: bool = False) -> str | None:
    """Copy kind of a pair from its overlap, or None when the texts are not copies."""
    if same_hash:
        return "exact"
    if jaccard >= NEAR_JACCARD:
        return "near"
    if containment >= PARTIAL_CONTAINMENT and n_small >= MIN_SHINGLES:
        return "partial"
    return None


def containment_from_jaccard(j: float, n_a: int, n_b: int) -> float:
    """|A & B| / min(|A|, |B|) from Jaccard and set sizes (|A | B| = (|A|+|B|)/(1+J))."""
    if min(n_a, n_b) == 0:
        return 0.0
    inter = j * (n_a + n_b) / (1.0 + j)
    return min(1.0, inter / min(n_a, n_b))


class CopyIndex:
    """Incremental MinHash LSH index: `add` returns the copy links of a new text to earlier ones.

    With keep_sets=True the shingle sets are kept and pairs are checked exactly (briefs, tests);
    otherwise Jaccard is estimated from the signatures (the store: only signatures are kept).
    """

    def __init__(self, keep_sets: bool = False):
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.keep_sets = keep_sets
        self.sets: dict[str, set[bytes]] = {}
        self.sigs: dict[str, MinHash] = {}
        self.sizes: dict[str, int] = {}
        self.hashes: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.sizes)

    def insert(self, key: str, sig: MinHash, size: int, thash: str, sh: set[bytes] | None = None) -> None:
        """Add a text whose signature is already known (e.g. loaded from the store)."""
        if key in self.sizes or size == 0:
            return
        self.lsh.insert(key, sig)
        self.sigs[key], self.sizes[key], self.hashes[key] = sig, size, thash
        if self.keep_sets and sh is not None:
            self.sets[key] = sh

    def links(self, key: str, sig: MinHash, size: int, thash: str,
              sh: set[bytes] | None = None) -> list[tuple[str, str, float]]:
        """(other key, kind, similarity) for every indexed text that `key`'s text copies."""
        out = []
        if size == 0:
            return out
        for other in self.lsh.query(sig):
            if other == key:
                continue
            n_o = self.sizes[other]
            if sh is not None and other in self.sets:
                o = self.sets[other]
                inter = len(sh & o)
                j = inter / (len(sh) + n_o - inter)
                c = inter / min(len(sh), n_o)
            else:
                j = float(sig.jaccard(self.sigs[other]))
                c = containment_from_jaccard(j, size, n_o)
            kind = classify(j, c, min(size, n_o), same_hash=thash == self.hashes[other])
            if kind:
                out.append((other, kind, 1.0 if kind == "exact" else round(j if kind == "near" else c, 3)))
        return out

    def add(self, key: str, text: str) -> tuple[MinHash, int, str, list[tuple[str, str, float]]]:
        """Index `text` under `key`; returns (signature, shingle count, text hash, links to earlier texts)."""
        sh = shingles(text)
        sig, th = minhash(sh), text_hash(text)
        found = self.links(key, sig, len(sh), th, sh if self.keep_sets else None)
        self.insert(key, sig, len(sh), th, sh)
        return sig, len(sh), th, found


_RANK = {"exact": 0, "near": 1, "partial": 2}


def group_links(ids: list[str], links: Iterable[tuple[str, str, str, float]]) -> list[CopyGroup]:
    """Copy groups (connected components of copy links a-b) among `ids`, in the order of `ids`."""
    pos = {a: i for i, a in enumerate(ids)}
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = [(a, b, k, s) for a, b, k, s in links if a in pos and b in pos]
    for a, b, _, _ in edges:
        ra, rb = find(pos[a]), find(pos[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[int, list[str]] = {}
    for a in ids:
        comps.setdefault(find(pos[a]), []).append(a)
    kind: dict[int, str] = {}
    sim: dict[int, float] = {}
    for a, _, k, s in edges:
        r = find(pos[a])
        if r not in kind or _RANK[k] > _RANK[kind[r]]:
            kind[r] = k
        sim[r] = min(sim.get(r, 1.0), s)
    groups = []
    for r, members in sorted(comps.items()):
        if len(members) > 1:
            groups.append(CopyGroup(id=f"copy{len(groups) + 1}", article_ids=members, kind=kind[r],
                                    similarity=round(sim[r], 3)))
    return groups


def find_copies(articles: list[Article]) -> list[CopyGroup]:
    """Groups of articles that are copies of one text (exact, near or partial); singletons left out."""
    index = CopyIndex(keep_sets=True)
    links = []
    for a in articles:
        for other, kind, sim in index.add(a.id, a.text)[3]:
            links.append((a.id, other, kind, sim))
    return group_links([a.id for a in articles], links)


def signature_bytes(sig: MinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashfunc=_crc, seed=1, scheme=SCHEME,
                   hashvalues=np.frombuffer(data, dtype=np.uint64).copy())
