"""nlp.TokenRules finds the attribute ruler's matches by a cached lookup per distinct token: the same list as
spaCy's Matcher, so the same POS, morphology and lemmas."""

import pytest

from newsprism import nlp

TEXTS = [
    "The Varnby council ain't finished: it voted 7-2 on Friday to close the pier, the Lantern Post said.",
    "I ain't sure, said Pellow. \"We're nothin' if not careful,\" she told the Kettle Times.\n\nHe's doin' fine.",
    "Ferrow Daily reported that 1,200 people, including 14 children, were evacuated; officials didn't say why.",
    "  Spaces   and\ttabs\nand lines: 3.5% of them; US$2bn; e-mail to info@varnby.example.",
]


@pytest.fixture(scope="module")
def ruler():
    model = nlp.get_nlp()
    if "attribute_ruler" not in model.pipe_names:
        pytest.skip("model without an attribute ruler")
    return model, model.get_pipe("attribute_ruler")


def _before_ruler(model, text):
    doc = nlp._make_doc(model, text)
    for name, proc in model.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = proc(doc)


def test_nlp_token_rules_match_equals_spacy_matcher(ruler):
    model, ar = ruler
    assert getattr(ar.match, "__self__", None).__class__ is nlp.TokenRules  # installed by get_nlp
    spacy_match = type(ar).match.__get__(ar)
    for text in TEXTS:
        doc = _before_ruler(model, text)
        assert ar.match(doc) == spacy_match(doc)


def test_nlp_token_rules_same_annotations_as_spacy(ruler):
    model, ar = ruler
    spacy_match = type(ar).match.__get__(ar)
    for text in TEXTS:
        a, b = _before_ruler(model, text), _before_ruler(model, text)
        ar.set_annotations(a, ar.match(a))
        ar.set_annotations(b, spacy_match(b))
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in a] == [(t.pos_, str(t.morph), t.lemma_, t.tag_)
                                                                          for t in b]


def test_nlp_token_rules_keep_spacy_matcher_for_unknown_pattern_shapes():
    class Ruler:  # a pattern with an operator is not a shape TokenRules handles
        patterns = [{"patterns": [[{"LOWER": "pier", "OP": "+"}]], "attrs": {"LEMMA": "pier"}, "index": 0}]
        match = "spacy"

    r = Ruler()
    assert nlp.TokenRules.install(r) is None and r.match == "spacy"
    assert nlp.TokenRules._test({"LENGTH": 3}) is None and nlp.TokenRules._test({"LOWER": {"FUZZY": "x"}}) is None
    test = nlp.TokenRules._test({"TAG": {"IN": ["NN", "NNS"]}, "LOWER": {"REGEX": "^pi"}, "IS_SPACE": False})
    assert test(("NNS", "piers", "dobj", False)) and not test(("VBZ", "piers", "dobj", False))
    assert not test(("NN", "harbour", "nsubj", False))


def test_nlp_token_rules_cache_stays_bounded_and_matches_still_equal(ruler):
    model, ar = ruler
    rules = nlp.TokenRules.install(ar)
    try:
        rules.CACHE_MAX = 5
        spacy_match = type(ar).match.__get__(ar)
        for text in TEXTS:
            doc = _before_ruler(model, text)
            assert rules.match(doc) == spacy_match(doc)
            assert len(rules.cache) <= 5
    finally:
        nlp.TokenRules.install(ar)
