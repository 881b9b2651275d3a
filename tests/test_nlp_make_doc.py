"""nlp._make_doc presets sentence starts with array operations: the same starts as a walk over the tokens."""

import numpy
from spacy.attrs import SENT_START

from newsprism import nlp

TEXTS = [
    "", "Varnby", "\n", "Pier closed", "Varnby prosecutor Ilse Brandt says\nthe pier is closed.\n” … no\nOne\n",
    "LANTERN POST\n\nKettle Times staff\n  \nThe council voted 7-2.\nPellow said: \"We wait.\"\n\n\nEnd",
    "A\nB C\nD\n", "Two words\n\n- a list item\n3 piers closed\nFerrow Daily, Monday\r\nMore text here.",
]


def _walk(model, text):
    """The reference: each token looks at the one before it."""
    doc = model.make_doc(text)
    starts = numpy.zeros((len(doc), 1), dtype="int64")
    for t in doc[1:]:
        prev = doc[t.i - 1]
        if ("\n" in prev.text or "\n" in prev.whitespace_) and not t.is_space:
            starts[t.i, 0] = 1
            if t.i + 1 < len(doc) and t.is_alpha and doc[t.i + 1].is_alpha:
                starts[t.i + 1, 0] = -1
    if len(doc):
        starts[0, 0] = 1
        if len(doc) > 1 and doc[0].is_alpha and doc[1].is_alpha and starts[1, 0] == 0:
            starts[1, 0] = -1
        doc.from_array([SENT_START], starts.view("uint64"))
    return doc


def test_nlp_make_doc_sentence_starts_equal_token_walk():
    model = nlp.get_nlp()
    for text in TEXTS:
        got, ref = nlp._make_doc(model, text), _walk(model, text)
        assert numpy.array_equal(got.to_array([SENT_START]), ref.to_array([SENT_START])), text
    doc = nlp._make_doc(model, TEXTS[4])
    assert [t.text for t in doc if t.is_sent_start][:3] == ["Varnby", "the", "”"]
    assert doc[1].is_sent_start is False  # "prosecutor" held to "Varnby"
