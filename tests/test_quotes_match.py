"""Cross-article quote matching on hand-built Quote objects."""

from __future__ import annotations

from newsprism.model import CopyGroup, Quote
from newsprism.quotes import match_quotes


def _q(aid: str, text: str, speaker: str = "Jane Doe", n: int = 0) -> Quote:
    return Quote(id=f"{aid}:q{n}", article_id=aid, sentence_id=f"{aid}:s0", text=text, start=0,
                 end=len(text), speaker=speaker, outlet=f"Outlet {aid}")


def test_quotes_match_same_despite_marks_case_and_abbreviation():
    a = _q("a", "The U.S. must act now, and we will help")
    b = _q("b", "the US must act now and we will help")
    (m,) = match_quotes([a, b], [], [])
    assert m.status == "same" and m.articles == ["a", "b"] and m.speaker == "Jane Doe"


def test_quotes_match_truncated_version():
    a = _q("a", "We will not sign the treaty until every border post is inspected by neutral observers")
    b = _q("b", "every border post is inspected by neutral observers")
    (m,) = match_quotes([a, b], [], [])
    assert m.status == "truncated" and m.text == a.text and m.notes


def test_quotes_match_altered_words_noted():
    a = _q("a", "the harvest this year was the worst we have seen in a decade")
    b = _q("b", "the harvest this year was the poorest we have seen in a decade")
    (m,) = match_quotes([a, b], [], [])
    assert m.status == "altered" and any("worst" in n and "poorest" in n for n in m.notes)


def test_quotes_match_short_phrase_needs_same_speaker():
    long = _q("a", "they negotiated in bad faith from the first day", speaker="Jane Doe")
    short_same = _q("b", "in bad faith", speaker="Doe")
    short_other = _q("c", "in bad faith", speaker="Omar Reyes")
    ms = match_quotes([long, short_same, short_other], [], [])
    assert len(ms) == 1 and sorted(ms[0].articles) == ["a", "b"]


def test_quotes_match_unrelated_quotes_stay_apart_and_same_article_not_matched():
    a = _q("a", "the bridge will open in spring", n=0)
    a2 = _q("a", "the bridge will open in spring", n=1)
    b = _q("b", "taxes will fall for small firms next year")
    assert match_quotes([a, a2, b], [], []) == []


def test_quotes_match_notes_copies_in_one_group():
    a, b = _q("a", "we expect a decision within a week"), _q("b", "we expect a decision within a week")
    (m,) = match_quotes([a, b], [], [CopyGroup(id="g1", article_ids=["a", "b"], kind="exact")])
    assert any("copies" in n for n in m.notes)
