"""Unit tests for speaker rules tuned on PolNeAR train errors, on invented sentences."""

from __future__ import annotations

import pytest
from _handmade import marked, one, quotes_of

pytest.importorskip("spacy")


def test_rules_two_apostrophe_marks_are_double_quotes():
    text = "''We will rebuild the mill,'' the foreman said. ''It took years,'' said Ms. Orla. ''Twice.'''"
    assert marked(text)[:2] == ["We will rebuild the mill", "It took years"]
    text2 = "''I told them, 'Stay calm,''' he recalled."
    assert marked(text2) == ["I told them, 'Stay calm,'"]


def test_rules_two_apostrophe_quote_gets_speaker_after_it():
    text = ("Admiral Ruth Vangelis toured the dock on Monday. He said little.\n\n"
            "''I trust the crews,'' Admiral Vangelis said.")
    q = one(quotes_of(text), "I trust the crews")
    assert q.text == "I trust the crews" and q.speaker == "Ruth Vangelis"


def test_rules_misplaced_curly_marks():
    text = "“It is unusual,“ said Odo Pellark. ”Very rare.”"
    assert marked(text) == ["It is unusual", "Very rare"]


def test_rules_unnamed_descriptor_speaker_carries_to_next_quote():
    text = ("The canal reopened on Sunday.\n\n"
            "“The locks are fine,” said one harbour engineer. “The pumps are another matter entirely.”")
    q = one(quotes_of(text), "pumps are another")
    assert q.speaker_mention.endswith("harbour engineer")


def test_rules_colon_cue_after_quote_belongs_to_next_quote():
    text = ("Mira Oskant and her husband, Teo Brandl, waited at the border post.\n\n"
            "“We are farmers,” Ms. Oskant said. “We are not smugglers.” Mr. Brandl said: “We only want to go home.”")
    qs = quotes_of(text)
    assert one(qs, "not smugglers").speaker == "Mira Oskant"
    assert one(qs, "want to go home").speaker == "Teo Brandl"


def test_rules_unresolved_descriptor_is_not_overridden_by_previous_speaker():
    text = ("“We will march again,” said Councillor Hedda Marlow.\n\n"
            "“Oh, what a crowd,” a young woman exclaimed upon seeing the parade.")
    q = one(quotes_of(text), "what a crowd")
    assert q.speaker == "" and q.speaker_mention.endswith("young woman")


def test_rules_inverted_cue_with_object_speaker_and_more_cue_verbs():
    text = ("The storm closed the valley roads.\n\n"
            "“Nobody plowed our street. #Snowday,” tweeted a retired teacher from Dunmore.\n\n"
            "Mayor Pell Oakhurst proclaimed at a press conference, “The roads will open by noon.”\n\n"
            "“We stay calm,” as the fire chief, Ada Renholm, put it.")
    qs = quotes_of(text)
    assert "teacher" in one(qs, "Nobody plowed").speaker_mention
    assert one(qs, "roads will open").speaker.endswith("Pell Oakhurst")
    assert one(qs, "We stay calm").speaker == "Ada Renholm"


def test_rules_curly_quote_nested_in_straight_quote_keeps_the_outer_span():
    text = '"The board is not about “fair play” anymore. It is about money," the coach said.'
    assert marked(text) == ["The board is not about “fair play” anymore. It is about money"]


def test_rules_colon_after_a_non_cue_verb_introduces_the_quote():
    text = ("Senator Vera Kolbeck spoke for an hour in Dunmore on Friday.\n\n"
            "Later she turned to the students in the hall: “Your vote is your voice.”")
    q = one(quotes_of(text), "Your vote")
    assert q.speaker == "Vera Kolbeck"


def test_rules_descriptor_resolves_to_the_entity_the_story_so_describes():
    text = ("Parents had warned Brackwell Transit, the company that runs the trains, about faulty doors. "
            "Farmer Liesel Varga said she wrote to the firm in April. "
            "In a statement on Tuesday, the company said it had received no warning. "
            "Families can collect refunds at the depot on Friday, the mayor's office said.")
    qs = quotes_of(text, with_entities=True)
    assert one(qs, "received no warning").speaker == "Brackwell Transit"
    assert one(qs, "wrote to the firm").speaker == "Liesel Varga"
    office = one(qs, "collect refunds")
    assert office.speaker == "" and "office" in office.speaker_mention  # another body: left unnamed
