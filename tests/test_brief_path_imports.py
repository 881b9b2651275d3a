"""The brief path computes TF-IDF and MinHash itself: it imports neither scikit-learn, scipy nor datasketch,
and its results equal those libraries' to the bit (checked against them when they are installed)."""

import os
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from newsprism import copies, similarity

SRC = str(Path(__file__).resolve().parents[1] / "src")
TEXTS = [
    "The Varnby council voted 7-2 to close the old pier on Friday, the Lantern Post reported.",
    "Pellow, the harbour master, said the pier had been unsafe since the winter storms.",
    "Kettle Times: the council's vote closes the pier; repairs would cost 2.5 million crowns.",
    "Ferrow Daily says the pier closure was delayed twice; the council disputes that account.",
    "the of and",
    "",
    "Storms, storms and more storms: the harbour's pier, piers and piering were eased, easing.",
    "A ferry crane and a museum curator in Varnby met the tram depot's staff on Monday.",
]


def test_brief_path_imports_no_sklearn_scipy_datasketch():
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = ("from newsprism import pipeline\nimport sys\n"
            "print(','.join(m for m in ('sklearn', 'scipy', 'datasketch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().splitlines()[-1:] in ([], [""])


def test_similarity_stop_words_equal_sklearn():
    text = pytest.importorskip("sklearn.feature_extraction.text")
    assert similarity.ENGLISH_STOP_WORDS == frozenset(text.ENGLISH_STOP_WORDS)


def _sk(fit, texts):
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vec = text.TfidfVectorizer(sublinear_tf=True, analyzer=similarity._analyse)
    if fit is None:
        return vec.fit_transform(texts).toarray()
    return vec.fit(fit).transform(texts).toarray()


def test_similarity_tfidf_equals_sklearn_bit_for_bit():
    texts = TEXTS * 3 + [f"{w} pier {i}" for i, w in enumerate("crane ferry orchard frost tram".split())]
    assert np.array_equal(similarity.Tfidf().fit_transform(texts).toarray(), _sk(None, texts))
    fitted = similarity.Tfidf().fit(TEXTS[:4])  # vocabulary of the first texts, columns alphabetical
    assert np.array_equal(fitted.transform(texts).toarray(), _sk(TEXTS[:4], texts))
    assert list(fitted.vocabulary) == sorted(fitted.vocabulary)


def test_similarity_tfidf_rows_are_unit_or_zero():
    rows = similarity.Tfidf().fit_transform(TEXTS).toarray()
    norms = np.linalg.norm(rows, axis=1)
    assert np.allclose(norms[[0, 1, 2, 3, 6, 7]], 1.0) and norms[4] == 0 and norms[5] == 0
    with pytest.raises(ValueError):
        similarity.Tfidf().fit(["the of and", ""])  # nothing but stop words: no vocabulary


def test_copies_signatures_and_bands_equal_datasketch():
    ds = pytest.importorskip("datasketch")
    lsh = ds.MinHashLSH(threshold=copies.LSH_THRESHOLD, num_perm=copies.NUM_PERM)
    assert (lsh.b, lsh.r) == (copies.BANDS, copies.ROWS) and list(lsh.hashranges) == copies.HASHRANGES
    ref = ds.MinHash(num_perm=copies.NUM_PERM, hashfunc=zlib.crc32, seed=1, scheme=copies.SCHEME)
    assert np.array_equal(ref.permutations, copies._perms())
    for t in TEXTS:
        sh = copies.shingles(t)
        m = ds.MinHash(num_perm=copies.NUM_PERM, hashfunc=zlib.crc32, seed=1, scheme=copies.SCHEME)
        if sh:
            m.update_batch(list(sh))
        got = copies.minhash(sh).hashvalues
        assert got.dtype == np.uint32 and np.array_equal(got, m.hashvalues)


def test_copies_bands_find_a_partial_copy_and_forget_removed_keys():
    body = " ".join(TEXTS[:4] + TEXTS[6:])
    bands = copies._Bands()
    bands.insert("wire", copies.minhash(copies.shingles(body)))
    bands.insert("other", copies.minhash(copies.shingles("An unrelated text about orchards and frost " * 3)))
    reprint = copies.minhash(copies.shingles(body + " A local paragraph added by the Kettle Times."))
    assert bands.query(reprint) == ["wire"]
    with pytest.raises(ValueError):
        bands.insert("wire", reprint)
    bands.remove("wire")
    assert bands.query(reprint) == [] and "wire" not in bands.keys


def test_copies_signature_bytes_round_trip_and_reject_bad_data():
    sig = copies.minhash(copies.shingles(TEXTS[0]))
    assert np.array_equal(copies.signature_from_bytes(copies.signature_bytes(sig)).hashvalues, sig.hashvalues)
    with pytest.raises(ValueError):
        copies.signature_from_bytes(np.zeros(5, dtype=np.uint64).tobytes())
    with pytest.raises(ValueError):
        copies.signature_from_bytes(np.full(copies.NUM_PERM, 1 << 40, dtype=np.uint64).tobytes())
