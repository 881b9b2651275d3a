"""segment: news sentence splitting with exact spans; headings are not sentences."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.model import Article
from newsprism.segment import segment, split


def test_segment_abbreviations_and_initials_do_not_split():
    t = "Mr. Orlan Vesk of the U.S. Navy met Sen. Ada B. Corr on Feb. 3 in St. Ives. They talked."
    assert split(t) == ["Mr. Orlan Vesk of the U.S. Navy met Sen. Ada B. Corr on Feb. 3 in St. Ives.", "They talked."]


def test_segment_acronym_at_sentence_end_splits_before_opener():
    assert split("The talks moved to the U.S. The envoy left.") == ["The talks moved to the U.S.", "The envoy left."]


def test_segment_quote_with_attribution_is_one_sentence():
    t = "“We will rebuild the pier,” she said. “It will take a year.” Work starts soon."
    assert split(t) == ["“We will rebuild the pier,” she said.", "“It will take a year.”", "Work starts soon."]


def test_segment_question_quote_then_named_speaker():
    assert split('"Why now?" Tolvo asked. Nobody answered.') == ['"Why now?" Tolvo asked.', "Nobody answered."]


def test_segment_dateline_dash_not_a_sentence():
    assert len(split("LORVIK, Ga. - The council met on Monday. It voted.")) == 2


def test_segment_spans_exact_and_headings_skipped():
    text = "The ferry is back. It runs daily.\n\nA long winter?\n\nThe pier was fixed by Mr. Brenn."
    a = segment(Article(id="x", text=text, headings=["A long winter?"]))
    assert [s.text for s in a.sentences] == ["The ferry is back.", "It runs daily.", "The pier was fixed by Mr. Brenn."]
    assert all(a.text[s.start:s.end] == s.text for s in a.sentences)
    assert [p.is_heading for p in a.paragraphs] == [False, True, False]
    assert a.sentences[2].id == "x:s2" and a.sentences[2].paragraph == 2


def test_segment_gold_boundary_f1_floor():
    """Held-out hand-checked gold (bench/segment_gold_heldout.json): boundary F1 must stay >= 0.95."""
    import sys

    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    from segment_compare import evaluate

    for name in ("segment_gold.json", "segment_gold_heldout.json"):
        gold = json.loads((bench / name).read_text())
        assert evaluate(gold, split)["F1"] >= 0.95, name
