"""Near-duplicate / wire-copy groups. Reads Article.text (cleaned); returns CopyGroup list.

Texts are cut into word 5-shingles; MinHash LSH finds candidate pairs, which are then
checked on the shingle sets (or, in the store's index, estimated from the signatures):
  exact   - same normalised word sequence
  near    - Jaccard >= NEAR_JACCARD (light edits: a changed word, a dropped credit line)
  partial - containment |A & B| / min(|A|, |B|) >= PARTIAL_CONTAINMENT, i.e. one text is (almost)
            inside the other: a wire story with an added local paragraph, or a cut-down reprint.
Copies count as one source: the brief counts copy groups, not articles.
The signatures are datasketch's MinHash (scheme "affine32", crc32 of each shingle, seed 1) and the LSH
bands are those datasketch picks for LSH_THRESHOLD, computed here with NumPy (tests check both against
datasketch): importing datasketch pulled in scipy.integrate, ~0.4 s of every brief.
The store's index is bounded: texts dated more than WINDOW_DAYS apart are not linked (wire copies are
reprinted within days; the distributed engines use the same rule), so it forgets texts older than the
window, and keeps at most MAX_SIZE texts (oldest first out) whatever their dates.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from .model import Article, CopyGroup

SHINGLE = 5  # words per shingle: long enough that unrelated texts share almost none
NUM_PERM = 128
SCHEME = "affine32"  # datasketch permutation scheme; stored signatures depend on it
LSH_THRESHOLD = 0.3  # candidate Jaccard; low so that partial copies (J ~ size ratio) are found
# datasketch.MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM) bands: the (bands, rows) minimising its
# weighted false positive + false negative areas (a test recomputes them with datasketch)
BANDS, ROWS = 37, 3
HASHRANGES = [(i * ROWS, (i + 1) * ROWS) for i in range(BANDS)]
NEAR_JACCARD = 0.8
PARTIAL_CONTAINMENT = 0.8
MIN_SHINGLES = 20  # a contained text must be this long to call it a copy (not a shared phrase)
WINDOW_DAYS = 7.0  # dated texts further apart are not linked (as stories.WINDOW_DAYS)
MAX_SIZE = 50_000  # texts an index keeps at most, oldest first out (bounds memory when undated)
MAX_ANALYSED = 3  # members of one copy group a brief analyses at most (the rest add no new text)

_WORD = re.compile(r"\w+")
_GONE = object()


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


_PERMS: list[np.ndarray] = []
_MAX32 = np.uint32(0xFFFFFFFF)


def _perms() -> np.ndarray:
    """The permutation parameters [a, b] (uint32, a odd): datasketch's affine32 draws for seed 1."""
    if not _PERMS:
        gen = np.random.RandomState(1)
        a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
        _PERMS.append(np.array([a, b]))
    return _PERMS[0]


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection), applied once to each input hash as datasketch does."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


class Signature:
    """A MinHash signature: `hashvalues` (NUM_PERM uint32), the minimum of each permutation a*h+b mod 2^32
    over the fmix-ed crc32 of every shingle (the values of datasketch's MinHash with the same settings)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray | None = None):
        self.hashvalues = (np.full(NUM_PERM, _MAX32, dtype=np.uint32) if hashvalues is None
                           else np.asarray(hashvalues).astype(np.uint32))

    def update_batch(self, items: Iterable[bytes]) -> None:
        hv = np.array([_crc(x) for x in items], dtype=np.uint32)
        if not len(hv):
            return
        a, b = _perms()
        phv = _fmix32(hv.reshape(-1, 1)) * a + b  # uint32: the wraparound is the modulo
        self.hashvalues = np.minimum(self.hashvalues, phv.min(axis=0))

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


def minhash(sh: Iterable[bytes]) -> Signature:
    m = Signature()
    sh = list(sh)
    if sh:
        m.update_batch(sh)
    return m


def band_keys(hashvalues) -> list[bytes]:
    """One key per LSH band: texts whose signatures agree on all ROWS values of any band are candidates."""
    sig = np.asarray(hashvalues, dtype=np.uint32)
    return [bytes([b]) + sig[lo:hi].tobytes() for b, (lo, hi) in enumerate(HASHRANGES)]


class _Bands:
    """LSH buckets: band key -> keys (insertion order); `query` = keys sharing a band with a signature."""

    def __init__(self):
        self.buckets: dict[bytes, dict[str, None]] = {}
        self.keys: dict[str, list[bytes]] = {}

    def insert(self, key: str, sig: Signature) -> None:
        if key in self.keys:
            raise ValueError(f"key {key!r} is already indexed")
        bands = self.keys[key] = band_keys(sig.hashvalues)
        for h in bands:
            self.buckets.setdefault(h, {})[key] = None

    def remove(self, key: str) -> None:
        for h in self.keys.pop(key):
            bucket = self.buckets[h]
            del bucket[key]
            if not bucket:
                del self.buckets[h]

    def query(self, sig: Signature) -> list[str]:
        out: dict[str, None] = {}
        for h in band_keys(sig.hashvalues):
            out.update(self.buckets.get(h, {}))
        return list(out)


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
    Bounded: a text dated more than `window_days` before the newest date seen is forgotten (it could
    not be linked to a new text any more), and beyond `max_size` texts the oldest inserted goes first.
    Days are floats (days since the epoch) or None when the date is unknown.
    """

    def __init__(self, keep_sets: bool = False, window_days: float = WINDOW_DAYS, max_size: int = MAX_SIZE):
        self.lsh = _Bands()
        self.keep_sets = keep_sets
        self.window_days = window_days
        self.max_size = max_size
        self.newest: float | None = None  # the newest day seen (inserted or not)
        self.sets: dict[str, set[bytes]] = {}
        self.sigs: dict[str, np.ndarray] = {}  # hash values only
        self.sizes: dict[str, int] = {}
        self.hashes: dict[str, str] = {}
        self.days: OrderedDict[str, float | None] = OrderedDict()  # insertion order: the FIFO for max_size
        self._by_day: list[tuple[float, str]] = []  # heap of (day, key) of dated texts, for the window

    def __len__(self) -> int:
        return len(self.sizes)

    def see(self, day: float | None) -> None:
        """Move the window to `day` if it is the newest seen, forgetting texts that fall out of it."""
        if day is not None and (self.newest is None or day > self.newest):
            self.newest = day
            self._evict()

    def _stale(self, day: float | None) -> bool:
        return day is not None and self.newest is not None and self.newest - day > self.window_days

    def insert(self, key: str, sig: Signature, size: int, thash: str, sh: set[bytes] | None = None,
               day: float | None = None) -> None:
        """Add a text whose signature is already known (e.g. loaded from the store)."""
        self.see(day)
        if key in self.sizes or size == 0 or self._stale(day):
            return
        self.lsh.insert(key, sig)
        self.sigs[key], self.sizes[key], self.hashes[key] = sig.hashvalues, size, thash
        self.days[key] = day
        if day is not None:
            heapq.heappush(self._by_day, (day, key))
        if self.keep_sets and sh is not None:
            self.sets[key] = sh
        self._evict()

    def remove(self, key: str) -> None:
        """Forget a text (no-op when it is not indexed)."""
        if key not in self.sizes:
            return
        self.lsh.remove(key)
        del self.sigs[key], self.sizes[key], self.hashes[key], self.days[key]
        self.sets.pop(key, None)

    def _evict(self) -> None:
        heap = self._by_day
        while heap and self._stale(heap[0][0]):
            day, key = heapq.heappop(heap)
            if self.days.get(key, _GONE) == day:  # not already gone through max_size
                self.remove(key)
        while len(self.days) > self.max_size:
            self.remove(next(iter(self.days)))
        if len(heap) > 2 * len(self.days) + 64:  # drop entries of texts gone through max_size
            self._by_day = [x for x in heap if self.days.get(x[1], _GONE) == x[0]]
            heapq.heapify(self._by_day)

    def links(self, key: str, sig: Signature, size: int, thash: str, sh: set[bytes] | None = None,
              day: float | None = None) -> list[tuple[str, str, float]]:
        """(other key, kind, similarity) for every indexed text that `key`'s text copies (within the window)."""
        out = []
        if size == 0:
            return out
        hv = sig.hashvalues
        for other in self.lsh.query(sig):
            if other == key:
                continue
            d = self.days[other]
            if day is not None and d is not None and abs(day - d) > self.window_days:
                continue
            n_o = self.sizes[other]
            if sh is not None and other in self.sets:
                o = self.sets[other]
                inter = len(sh & o)
                j = inter / (len(sh) + n_o - inter)
                c = inter / min(len(sh), n_o)
            else:
                j = float(np.count_nonzero(hv == self.sigs[other])) / len(hv)  # = MinHash.jaccard
                c = containment_from_jaccard(j, size, n_o)
            kind = classify(j, c, min(size, n_o), same_hash=thash == self.hashes[other])
            if kind:
                out.append((other, kind, 1.0 if kind == "exact" else round(j if kind == "near" else c, 3)))
        return out

    def add(self, key: str, text: str, day: float | None = None
            ) -> tuple[Signature, int, str, list[tuple[str, str, float]]]:
        """Index `text` under `key`; returns (signature, shingle count, text hash, links to earlier texts)."""
        sh = shingles(text)
        sig, th = minhash(sh), text_hash(text)
        self.see(day)
        found = self.links(key, sig, len(sh), th, sh if self.keep_sets else None, day)
        self.insert(key, sig, len(sh), th, sh, day)
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


def representatives(articles: list[Article], groups: list[CopyGroup], per_group: int = MAX_ANALYSED
                    ) -> list[Article]:
    """The articles a brief analyses: all of them, except that of a copy group with more than
    `per_group` members only `per_group` are kept: its first member (in `articles` order), then each
    time the member whose text is least like those already kept (farthest first on shingle Jaccard), so
    the variants a group holds (a changed figure, an added paragraph) are analysed before plain repeats.

    Copies count as one source whatever their number, so the others add no fact, quote or conflict of
    their own; they stay in the copy group and in coverage. This bounds a brief's cost and size by the
    number of distinct texts, not the number of reprints. Returns the kept articles in `articles` order.
    """
    if per_group < 1:
        raise ValueError(f"per_group must be at least 1, got {per_group}")
    drop: set[str] = set()
    by_id = {a.id: a for a in articles}
    for g in groups:
        members = [by_id[i] for i in g.article_ids if i in by_id]
        if len(members) <= per_group:
            continue
        sets = [shingles(a.text) for a in members]
        kept = [0]
        dist = [1.0 - _jaccard(sets[0], x) for x in sets]  # distance to the nearest kept member
        while len(kept) < per_group:
            nxt = max((i for i in range(len(members)) if i not in kept), key=lambda i: (dist[i], -i))
            kept.append(nxt)
            dist = [min(d, 1.0 - _jaccard(sets[nxt], x)) for d, x in zip(dist, sets, strict=True)]
        drop.update(members[i].id for i in range(len(members)) if i not in kept)
    return [a for a in articles if a.id not in drop]


def _jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def signature_bytes(sig: Signature) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> Signature:
    hv = np.frombuffer(data, dtype=np.uint64)
    if len(hv) != NUM_PERM or (len(hv) and int(hv.max()) > int(_MAX32)):
        raise ValueError(f"not a stored signature: {len(hv)} values, expected {NUM_PERM} below 2**32")
    return Signature(hv)
