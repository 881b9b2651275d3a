"""Sentence similarity backends behind one interface: encode(texts) -> L2-normalised rows. (stub)"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class TfidfBackend:
    name = "tfidf"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1))
        m = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
        return m.toarray()


def get_backend(name: str = "auto"):
    return TfidfBackend()
