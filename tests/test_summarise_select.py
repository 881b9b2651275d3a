"""Summariser: support, redundancy, filters, budgets, order and citations on hand-built invented articles."""

from __future__ import annotations

from newsprism import summarise
from newsprism.model import Article, Citation, Fact, Sentence
from newsprism.similarity import TfidfBackend


def art(aid: str, outlet: str, sentences: list[str]) -> Article:
    """An Article whose text is the sentences joined by spaces, with spans and ids filled in."""
    a = Article(id=aid, outlet=outlet)
    text, sents = "", []
    for n, s in enumerate(sentences):
        start = len(text)
        text += s + " "
        sents.append(Sentence(id=f"{aid}:s{n}", article_id=aid, start=start, end=start + len(s), text=s))
    a.text, a.sentences = text, sents
    return a


SHARED = "The river authority of Velmora opened the northern floodgates on Tuesday after three days of heavy rain."
STORY = [
    art("a", "Daily Lantern", [
        "Residents of the lower valley were told to move their cars to higher ground before nightfall.",
        SHARED,
        "A local baker said the water reached the steps of his shop within an hour of the warning.",
        "Why did the warning come so late?",
    ]),
    art("b", "Valley Courier", [
        "The river authority of Velmora opened its northern floodgates on Tuesday following three days of heavy rain.",
        "School buses were rerouted around the old stone bridge, which engineers closed as a precaution.",
        "\"We have never seen the water this high.\"",
    ]),
    art("c", "Morning Signal", [
        "Officials in Velmora opened the northern floodgates on Tuesday after three days of heavy rain upstream.",
        "The regional rail operator cancelled evening trains on the coastal line until further notice.",
        "FLOOD UPDATE LIVE COVERAGE FROM THE VALLEY TONIGHT",
    ]),
]


def test_summarise_prefers_corroborated_sentence_and_cites_every_carrier():
    out = summarise.summarise(STORY, [], TfidfBackend(), max_sentences=1)
    assert len(out) == 1
    assert "floodgates" in out[0].text
    cited = {c.article_id for c in out[0].citations}
    assert cited == {"a", "b", "c"}
    for c in out[0].citations:
        a = next(x for x in STORY if x.id == c.article_id)
        assert c.sentence_ids and all(a.sentence(sid) is not None for sid in c.sentence_ids)
        assert c.outlet == a.outlet


def test_summarise_skips_redundant_restatements():
    out = summarise.summarise(STORY, [], TfidfBackend(), max_sentences=6)
    flood = [s for s in out if "floodgates" in s.text]
    assert len(flood) == 1
    assert len(out) >= 3


def test_summarise_drops_questions_bare_quotes_and_shouted_lines():
    out = summarise.summarise(STORY, [], TfidfBackend(), max_sentences=10)
    texts = [s.text for s in out]
    assert not any(t.endswith("?") for t in texts)
    assert not any(t.startswith('"') for t in texts)
    assert not any(t.isupper() for t in texts)


def test_summarise_usable_filters_fragments():
    def s(t):
        return Sentence(id="x:s0", article_id="x", start=0, end=len(t), text=t)
    assert summarise.usable(s("The council approved the new budget for the harbour district on Monday."))
    assert not summarise.usable(s("Read more."))
    assert not summarise.usable(s("What happens next for the harbour district and its fishing fleet?"))
    assert not summarise.usable(s("Click here to subscribe to our newsletter for daily updates on the harbour."))
    assert not summarise.usable(s("\"We will not give up on this harbour or the people who work in it.\""))
    assert not summarise.usable(s("and then the council approved the new budget for the harbour district."))


def test_summarise_word_budget_and_story_order():
    out = summarise.summarise(STORY, [], TfidfBackend(), max_sentences=None, max_words=30)
    words = [len(s.text.split()) for s in out]
    assert sum(words[:-1]) < 30 <= sum(words) or len(out) == 1
    # Shown in reading order: relative position in their articles never decreases.
    pos = []
    for ss in out:
        c = ss.citations[0]
        a = next(x for x in STORY if x.id == c.article_id)
        pos.append([s.id for s in a.sentences].index(c.sentence_ids[0]) / max(len(a.sentences) - 1, 1))
    assert pos == sorted(pos)


def test_summarise_keeps_aligned_citations_only_where_wording_backs_them():
    a = art("p", "North Gazette", [
        "A ferry carrying forty passengers ran aground near the Tesk lighthouse on Friday evening.",
        "Coastguard boats reached the stranded ferry within twenty minutes of the distress call."])
    b = art("q", "South Herald", [
        "Rescue boats from the island coastguard station reached the grounded ferry twenty minutes after "
        "the distress call came in.",
        "Tesk islanders brought blankets and hot drinks to the quay for the rescued travellers."])
    # The aligner grouped a true paraphrase (p:s1, q:s0) and, wrongly, two unrelated sentences (p:s0, q:s1).
    facts = [Fact(id="f0", text=a.sentences[1].text, independent_sources=2, corroborated=True,
                  citations=[Citation("p", ["p:s1"], "North Gazette"), Citation("q", ["q:s0"], "South Herald")]),
             Fact(id="f1", text=a.sentences[0].text, independent_sources=2, corroborated=True,
                  citations=[Citation("p", ["p:s0"], "North Gazette"), Citation("q", ["q:s1"], "South Herald")])]
    out = {s.text: s for s in summarise.summarise([a, b], facts, TfidfBackend(), max_sentences=4)}
    rescue = out.get(a.sentences[1].text) or out.get(b.sentences[0].text)
    assert rescue is not None
    assert {c.article_id for c in rescue.citations} == {"p", "q"}
    grounding = out[a.sentences[0].text]
    assert [c.article_id for c in grounding.citations] == ["p"]


def test_summarise_empty_inputs():
    assert summarise.summarise([], [], TfidfBackend()) == []
    assert summarise.summarise([Article(id="z")], [], TfidfBackend()) == []
