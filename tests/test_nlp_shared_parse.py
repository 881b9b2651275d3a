"""The shared parse: one Doc per text, line breaks start sentences, a line's first two words stay together."""

import pytest

from newsprism import nlp

try:
    nlp.get_nlp()
    HAVE_MODEL = True
except Exception:  # noqa: BLE001 - no spaCy model installed
    HAVE_MODEL = False

pytestmark = pytest.mark.skipif(not HAVE_MODEL, reason="no spaCy English model")

TEXT = ("Harbour Bridge Closes For Repairs\n\nTide Gazette\n\nVelmar mayor Orla Brandt said on Monday the "
        "bridge would close for six weeks. Ferries will run every 20 minutes.\n\nOfficials agreed.")


def test_nlp_parse_many_returns_the_cached_docs():
    docs = nlp.parse_many([TEXT, "Ferries run late."])
    assert docs[0] is nlp.parse(TEXT) and docs[1].text == "Ferries run late."
    assert nlp.text_of(docs[0]) == TEXT


def test_nlp_line_breaks_start_sentences_and_first_words_stay_together():
    doc = nlp.parse(TEXT)
    starts = {s.start_char for s in doc.sents}
    for line in ("Tide Gazette", "Velmar mayor", "Officials agreed"):
        assert TEXT.index(line) in starts  # a heading never runs into the next paragraph
    mayor = TEXT.index("mayor")
    assert mayor not in starts  # no one-word sentence 'Velmar' at a paragraph start
    assert all(len([t for t in s if not t.is_space]) >= 2 for s in doc.sents)


def test_nlp_ents_in_matches_span_ents():
    doc = nlp.parse(TEXT)
    for s in doc.sents:
        assert [e.text for e in nlp.ents_in(s)] == [e.text for e in s.ents]
