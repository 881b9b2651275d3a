"""Distinctive terms: log-odds with an informative Dirichlet prior ranks an article's own words first."""

from collections import Counter

from _handmade import article

from newsprism.logodds import distinctive_terms, log_odds


def test_framing_logodds_own_word_beats_shared_word():
    i = Counter({"junta": 6, "talks": 5, "port": 2})
    j = Counter({"government": 6, "talks": 5, "port": 2})
    z = log_odds(i, j, i + j)
    assert z["junta"] > z["port"] > -1 and z["junta"] > z["talks"]
    assert abs(z["talks"] - z["port"]) < 0.5  # used alike in both: near zero


def test_framing_logodds_more_evidence_higher_z():
    i = Counter({"junta": 10, "regime": 2, "x": 50})
    j = Counter({"x": 50})
    z = log_odds(i, j, i + j)
    assert z["junta"] > z["regime"] > 0


def test_framing_distinctive_terms_per_article():
    a = article("a", "The junta closed the port. The junta blamed the fishermen. Junta officials met. "
                     "Talks about the port continued.")
    b = article("b", "The government closed the port. The government blamed the fishermen. Government officials "
                     "met. Talks about the port continued.")
    terms = distinctive_terms([a, b])
    assert terms["a"][0].term == "junta" and terms["b"][0].term == "government"
    assert "port" not in {t.term for t in terms["a"][:1]}
