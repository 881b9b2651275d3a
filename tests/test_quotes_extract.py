"""Unit tests for quote extraction on invented sentences, one per attribution form."""

from __future__ import annotations

import pytest
from _handmade import marked, one, quotes_of

from newsprism.model import Entity

pytest.importorskip("spacy")


def test_quotes_marks_keep_apostrophes_out():
    text = "The mayor's aide called it 'a disgrace' and voters' anger grew. ‘Open skies’ was the slogan."
    assert marked(text) == ["a disgrace", "Open skies"]


def test_quotes_speaker_after_quote_with_name_resolved_from_surname():
    text = ("Harbour commissioner Miriam Tolvaj opened the new pier on Monday.\n\n"
            "“The pier will carry twice the old traffic,” Tolvaj said.")
    q = one(quotes_of(text), "twice the old traffic")
    assert q.speaker == "Miriam Tolvaj" and q.cue == "said" and q.kind == "direct"
    assert q.text.endswith("traffic")  # trailing comma inside the marks stripped


def test_quotes_said_name_inverted_and_role_stripped():
    text = "“We expect rain by noon,” said Professor Anil Brevik, a climate scientist at Norwood College."
    q = one(quotes_of(text), "rain by noon")
    assert q.speaker == "Anil Brevik"


def test_quotes_pronoun_resolves_to_previous_subject():
    text = ("Senator Oda Kessling visited the flooded valley on Tuesday.\n\n"
            "“Nobody here will be left alone,” she told reporters.")
    q = one(quotes_of(text), "Nobody here")
    assert q.speaker == "Oda Kessling" and q.speaker_mention == "she" and "told reporters" in q.cue


def test_quotes_it_said_resolves_to_named_organisation():
    text = ("The Ministry of Coastal Affairs said in a statement that the ferry would resume.\n\n"
            "“Safety checks are complete,” it said.")
    qs = quotes_of(text)
    q = one(qs, "Safety checks")
    assert q.speaker == "Ministry of Coastal Affairs"
    ind = one(qs, "the ferry would resume")
    assert ind.kind == "indirect" and ind.speaker == "Ministry of Coastal Affairs"
    assert "statement" in ind.cue


def test_quotes_descriptor_resolves_to_body():
    text = ("The Norland Transport Agency published its annual review on Friday.\n\n"
            "“Delays fell by a third,” the agency said.")
    q = one(quotes_of(text), "Delays fell")
    assert q.speaker == "Norland Transport Agency" and q.speaker_mention.lower() == "the agency"


def test_quotes_speaker_before_colon_and_from_line():
    text = ("Mayor Ilse Brandvold said: “The bridge opens in May.”\n\n"
            "From Tomas Oyelaran:\n\n“We will appeal the ruling.”")
    qs = quotes_of(text)
    assert one(qs, "bridge opens").speaker == "Ilse Brandvold"
    assert one(qs, "appeal the ruling").speaker == "Tomas Oyelaran"


def test_quotes_speaker_after_dash():
    text = "“Every vote counts twice in a small town.” — Greta Lindqvist, campaign volunteer"
    assert one(quotes_of(text), "Every vote").speaker == "Greta Lindqvist"


def test_quotes_multi_paragraph_quote_is_one_span_and_keeps_speaker():
    text = ("Coach Rafael Mendoza spoke after the final.\n\n"
            "“We trained for this all year.\n\n"
            "“Tonight it paid off,” Mendoza said.")
    q = one(quotes_of(text), "trained for this")
    assert "Tonight it paid off" in q.text and q.speaker == "Rafael Mendoza"


def test_quotes_partial_quote_attributed_to_reporting_subject():
    text = "Governor Lena Marsh accused the council of acting “in bad faith” during the talks."
    q = one(quotes_of(text), "in bad faith")
    assert q.speaker == "Lena Marsh" and q.kind == "direct"


def test_quotes_indirect_forms():
    text = ("Defence chief Paulo Ferreira told reporters that the drills would end soon. "
            "The talks will resume in June, according to Foreign Minister Ana Quist. "
            "Ferreira was quoted as saying the budget is safe.")
    qs = quotes_of(text)
    a = one(qs, "the drills would end soon")
    assert a.kind == "indirect" and a.speaker == "Paulo Ferreira" and "told" in a.cue
    b = one(qs, "talks will resume in June")
    assert b.speaker == "Ana Quist" and b.cue == "according to"
    c = one(qs, "budget is safe")
    assert c.speaker == "Paulo Ferreira" and "quoted" in c.cue


def test_quotes_indirect_speech_that_opens_a_quotation_mark_includes_its_close():
    text = "Mayor Tove Arden has claimed she and the council share a vision and even “trust,” but talks stalled."
    qs = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert qs, qs
    for q in qs:
        assert q.text.count("“") == q.text.count("”"), q.text


def test_quotes_nested_report_is_the_words_of_the_outer_speaker():
    text = ("The Office of the Harbour Board issued a statement on Friday.\n\n"
            "“Director Ines Calder said that the port is safe,” the board said, "
            "“and added that ships may dock again.”")
    qs = quotes_of(text)
    a = one(qs, "the port is safe")
    b = one(qs, "ships may dock again")
    assert a.speaker == b.speaker == "Office of the Harbour Board"
    # no one named for the quote: the reported speaker is the fallback
    lone = quotes_of("The gates were shut at dawn.\n\n“Director Ines Calder said that the gates stay open.”")
    assert one(lone, "gates stay open").speaker == "Ines Calder"


def test_quotes_entities_canonicalise_speaker():
    text = "Agnes Vole-Harper opened the fair.\n\n“It is a good day,” Vole-Harper said."
    ent = Entity(id="e7", name="Agnes Vole Harper", kind="person", variants=["Agnes Vole-Harper", "Vole-Harper"])
    q = one(quotes_of(text, [ent]), "good day")
    assert q.speaker == "Agnes Vole Harper" and q.speaker_entity == "e7"
