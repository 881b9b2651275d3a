"""conflicts: differing numbers/dates in aligned sentences; a claim and its denial by named parties."""

from __future__ import annotations

from newsprism import conflicts, segment
from newsprism.model import Article, Citation, Entity, Fact, Quote


def _art(aid, text, outlet=""):
    return segment.segment(Article(id=aid, outlet=outlet, text=text))


def _fact(*pairs):
    return Fact(id="f", text="x", citations=[Citation(a.id, [a.sentences[i].id]) for a, i in pairs])


def test_conflicts_number_differs_in_aligned_sentences():
    a = _art("a", "Flooding in the valley forced 300 families from their homes on Sunday.", "Lantern")
    b = _art("b", "Flooding in the valley forced 450 families from their homes on Sunday.", "Kettle")
    out = conflicts.find_conflicts([a, b], [_fact((a, 0), (b, 0))])
    nums = [c for c in out if c.kind == "number"]
    assert len(nums) == 1
    assert {s.value for s in nums[0].sides} == {"300", "450"}
    assert {s.citation.article_id for s in nums[0].sides} == {"a", "b"}


def test_conflicts_weekday_differs():
    a = _art("a", "The council approved the budget on Tuesday after a long debate.")
    b = _art("b", "The council approved the budget on Wednesday after a long debate.")
    out = conflicts.find_conflicts([a, b], [_fact((a, 0), (b, 0))])
    assert [c.kind for c in out] == ["date"]


def test_conflicts_no_conflict_for_same_values_or_ordinals_or_unaligned():
    a = _art("a", "It was the first vote of the council on the harbour plan, held on Tuesday.")
    b = _art("b", "It was the second vote of the council on the harbour plan, held on Tuesday.")
    assert conflicts.find_conflicts([a, b], [_fact((a, 0), (b, 0))]) == []
    c = _art("c", "Flooding forced 300 families from their homes.")
    d = _art("d", "Flooding forced 450 families from their homes.")
    single = [Fact(id="f1", text="x", citations=[Citation("c", [c.sentences[0].id])]),
              Fact(id="f2", text="y", citations=[Citation("d", [d.sentences[0].id])])]
    assert conflicts.find_conflicts([c, d], single) == []


def _quote(a, i, speaker, text, kind="direct"):
    s = a.sentences[i]
    st = a.text.index(text)
    return Quote(id=f"q{i}", article_id=a.id, sentence_id=s.id, text=text, start=st, end=st + len(text),
                 speaker=speaker, kind=kind)


def test_conflicts_disputed_claim_between_named_parties():
    a = _art("a", "“The mine was shut because the owners ignored every safety order,” Governor Tomas Reyl said. "
                  "Mine director Ilse Varga told reporters Reyl was lying and that inspectors had approved the site.")
    ents = [Entity(id="e1", name="Tomas Reyl", kind="person", variants=["Reyl", "Tomas Reyl"]),
            Entity(id="e2", name="Ilse Varga", kind="person", variants=["Varga", "Ilse Varga"])]
    qs = [_quote(a, 0, "Tomas Reyl", "The mine was shut because the owners ignored every safety order"),
          _quote(a, 1, "Ilse Varga", "Reyl was lying and that inspectors had approved the site", "indirect")]
    d = conflicts.find_disputes([a], qs, ents)
    assert len(d) == 1 and d[0].id == "d0" and d[0].nature == "disputed"
    assert [s.party for s in d[0].sides] == ["Tomas Reyl", "Ilse Varga"]
    assert "safety order" in d[0].claim and d[0].articles == ["a"]
    assert conflicts.find_conflicts([a], []) == []  # a dispute told in one article is no conflict between outlets


def test_conflicts_hedged_or_unattributed_denial_is_not_a_dispute():
    a = _art("a", "“Prices will fall next year,” the minister Ola Brandt said. "
                  "Analysts noted the figures may have been fabricated by an earlier survey.")
    qs = [_quote(a, 0, "Ola Brandt", "Prices will fall next year")]
    assert conflicts.find_disputes([a], qs, []) == []


def test_conflicts_denial_by_a_described_party_of_an_earlier_claim_about_it():
    text = ("Parents say they warned the operator, Brackwell Transit, about the faulty doors for months. "
            "The trains kept running. Two children were hurt on Monday. The company denied the claim.")
    a = _art("a", text, "Lantern")
    b = _art("b", text, "Kettle")  # a wire copy: the same dispute, listed once
    ents = [Entity(id="e1", name="Brackwell Transit", kind="org", variants=["Brackwell Transit"],
                   titles=["company", "operator"], count=3)]
    claim = "they warned the operator, Brackwell Transit, about the faulty doors for months"
    qs = [Quote(id=f"q{x.id}", article_id=x.id, sentence_id=x.sentences[0].id, text=claim,
                start=text.index(claim), end=text.index(claim) + len(claim), speaker="",
                speaker_mention="Parents", cue="say", kind="indirect") for x in (a, b)]
    d = conflicts.find_disputes([a, b], qs, ents)
    assert len(d) == 1, d
    assert [s.party for s in d[0].sides] == ["Parents", "Brackwell Transit"]
    assert d[0].articles == ["a", "b"] and "faulty doors" in d[0].claim


def test_conflicts_denial_of_something_else_is_not_a_dispute():
    a = _art("a", "“Our crews will reopen the northern road by Friday,” Mayor Dana Kell said. "
                  "Transport chief Ivo Marsh denied that the tunnel budget had been cut last spring.")
    ents = [Entity(id="e1", name="Dana Kell", kind="person", variants=["Kell"]),
            Entity(id="e2", name="Ivo Marsh", kind="person", variants=["Marsh"])]
    qs = [_quote(a, 0, "Dana Kell", "Our crews will reopen the northern road by Friday")]
    assert conflicts.find_disputes([a], qs, ents) == []
