"""align: same statements across outlets become corroborated facts; copies count once; the rest is single-source."""

from __future__ import annotations

import numpy as np

from newsprism import align, segment, similarity
from newsprism.model import Article, CopyGroup, Sentence

A = ("The city of Norbury opened its new river bridge on Monday after three years of work. "
     "Mayor Alma Quist cut the ribbon in front of a large crowd. "
     "A local bakery sold pastries shaped like the bridge to the visitors.")
B = ("Norbury's new river bridge opened on Monday, three years after work began. "
     "Residents had complained for months about traffic on the old crossing. "
     "Mayor Alma Quist cut the ribbon as a crowd watched.")


def _art(aid, text, outlet):
    return segment.segment(Article(id=aid, title="", outlet=outlet, text=text))


def test_align_groups_same_statement_across_outlets():
    arts = [_art("a", A, "Daily Lantern"), _art("b", B, "Evening Kettle")]
    facts = align.align(arts, similarity.get_backend("tfidf"), [])
    corr = [f for f in facts if f.corroborated]
    assert any({c.article_id for c in f.citations} == {"a", "b"} and "bridge" in f.text for f in corr)
    assert all(f.independent_sources == 2 for f in corr)
    bakery = [f for f in facts if "bakery" in f.text]
    assert len(bakery) == 1 and not bakery[0].corroborated and bakery[0].citations[0].article_id == "a"
    # every content sentence is in exactly one fact
    cited = [sid for f in facts for c in f.citations for sid in c.sentence_ids]
    assert len(cited) == len(set(cited)) == 6


def test_align_copy_group_counts_once():
    arts = [_art("a", A, "Daily Lantern"), _art("b", A, "Evening Kettle")]
    facts = align.align(arts, similarity.get_backend("tfidf"), [CopyGroup(id="g1", article_ids=["a", "b"])])
    assert facts and all(not f.corroborated and f.independent_sources == 1 for f in facts)


def test_align_same_outlet_counts_once():
    arts = [_art("a", A, "Daily Lantern"), _art("b", B, "daily lantern ")]
    facts = align.align(arts, similarity.get_backend("tfidf"), [])
    assert not any(f.corroborated for f in facts)


def test_align_skips_fragments_and_limits_sentences_per_article():
    arts = [_art("a", A + " Read more. Photo: staff.", "X"), _art("b", B, "Y")]
    facts = align.align(arts, similarity.get_backend("tfidf"), [])
    assert not any(f.text in ("Read more.", "Photo: staff.") for f in facts)
    for f in facts:
        for c in f.citations:
            assert len(c.sentence_ids) <= align.MAX_PER_ARTICLE
        assert 0.0 <= f.position <= 1.0


def test_align_prefers_unquoted_representative():
    a = _art("a", "“The dam will hold through the storm season,” the engineer said on Friday.", "X")
    b = _art("b", "The engineer said on Friday the dam would hold through the storm season.", "Y")
    facts = align.align([a, b], similarity.get_backend("tfidf"), [])
    f = next(f for f in facts if f.corroborated)
    assert not f.text.startswith("“")



def _prepared(texts: dict[str, str]):
    """One article per text (id = key, outlet = KEY), prepared, with the story's values."""
    from newsprism import nlp, pipeline, values

    arts = pipeline.prepare([Article(id=k, outlet=k.upper(), title="", text=t) for k, t in texts.items()])
    return arts, values.of_articles(arts, nlp.parse)

def _scored(arts_of: list[str], pairs: dict[tuple[int, int], float]) -> align.Scored:
    """A hand-built story: sentence i belongs to article arts_of[i]; unlisted cross-article pairs score 0."""
    n = len(arts_of)
    ids = sorted(set(arts_of))
    sents = [Sentence(f"{a}:s{i}", a, 0, 1, f"sentence {i}") for i, a in enumerate(arts_of)]
    m = np.zeros((n, n), dtype=np.float32)
    for (i, j), v in pairs.items():
        m[i, j] = m[j, i] = v
    return align.Scored(sents, [ids.index(a) for a in arts_of], m, m.copy())


def test_align_stars_long_sentence_supports_two_claims():
    # 0 (article a) carries two claims; 1 (b) states the first, 2 (c) the second; 1 and 2 share nothing
    sc = _scored(["a", "b", "c"], {(0, 1): 0.6, (0, 2): 0.5, (1, 2): 0.05})
    got = sorted(sorted(s) for s in align.stars(sc, align.Weights(threshold=0.3)))
    assert got == [[0, 1], [0, 2]]


def test_align_stars_supporters_must_pass_threshold_with_each_other():
    # one claim (0, 1, 2 all close) plus 3, close to 0 only: never cited beside 1 and 2
    sc = _scored(["a", "b", "c", "d"], {(0, 1): 0.7, (0, 2): 0.6, (1, 2): 0.65, (0, 3): 0.5, (1, 3): 0.1,
                                        (2, 3): 0.1})
    got = [sorted(s) for s in align.stars(sc, align.Weights(threshold=0.3))]
    assert [0, 1, 2] in got
    assert not any(3 in s and (1 in s or 2 in s) for s in got)
    assert [0, 3] in got  # 3 still corroborates what it shares with 0


def test_align_stars_one_fact_per_claim_and_best_match_or_mutual_top2():
    # 0 and 1 state one claim: one star, not one per sentence
    sc = _scored(["a", "b"], {(0, 1): 0.8})
    assert [sorted(s) for s in align.stars(sc, align.Weights(threshold=0.3))] == [[0, 1]]
    # 3 (article b) is 0's third-best match in b and 0 is not 3's best in a (4 is): never cited beside 0
    sc = _scored(["a", "b", "b", "b", "a"], {(0, 1): 0.9, (0, 2): 0.8, (0, 3): 0.5, (4, 3): 0.7})
    got = align.stars(sc, align.Weights(threshold=0.3))
    assert not any(0 in s and 3 in s for s in got)
    assert any(sorted(s) == [3, 4] for s in got)
    # ...but when 0 is 3's best match in a (a long sentence carrying several claims), 3 supports it
    sc = _scored(["a", "b", "b", "b", "a"], {(0, 1): 0.9, (0, 2): 0.8, (0, 3): 0.5, (4, 3): 0.4})
    assert any(sorted(s) == [0, 3] for s in align.stars(sc, align.Weights(threshold=0.3)))


def test_align_long_sentence_corroborates_two_claims_end_to_end():
    a = _art("a", "The Varnby council approved the harbour budget on Tuesday, and Mayor Edda Pellow said she "
                  "would not run for another term next spring.", "Lantern Post")
    b = _art("b", "On Tuesday the Varnby council approved the harbour budget after a long debate.", "Kettle Times")
    c = _art("c", "Mayor Edda Pellow said she would not run for another term next spring.", "Ferrow Daily")
    facts = align.align([a, b, c], similarity.get_backend("tfidf"), [])
    corr = [{cit.article_id for cit in f.citations} for f in facts if f.corroborated]
    assert {"a", "b"} in corr and {"a", "c"} in corr
    assert {"a", "b", "c"} not in corr


def test_align_values_hold_each_value_not_only_one_pair():
    texts = {"a": "The nine Varnby scouts, aged between 10 and 14, and their 31-year-old leader were found on Monday.",
             "b": "Nine Varnby scouts aged between 10 and 15 and their 31-year-old leader were found on Monday.",
             "c": "The nine scouts from Varnby, aged between 10 and 14, and their 31-year-old leader were found."}
    arts, qty = _prepared(texts)
    sa, sb, sc_ = (a.sentences[0] for a in arts)
    assert not align._values_hold(qty, sa, sb)  # the leader's ages agree, the scouts' do not
    assert align._values_hold(qty, sa, sc_)
    facts = align.align(arts, similarity.get_backend("tfidf"), [], qty=qty)
    for f in facts:
        assert {c.article_id for c in f.citations} != {"a", "b"} and len(f.citations) < 3


def test_align_values_hold_one_count_of_one_noun_under_two_keys():
    texts = {"a": "A ferry sank off Varnby on Sunday, killing all 41 people aboard.",
             "b": "The Varnby ferry was carrying 44 people when it sank on Sunday.",
             "c": "The Varnby ferry was carrying 41 people when it sank on Sunday.",
             "d": "The storm killed 12 people and injured 40 people in Pellow.",
             "e": "Forty people were injured in Pellow by the storm."}
    arts, qty = _prepared(texts)
    s = {a.id: a.sentences[0] for a in arts}
    assert qty.agree(s["a"].id, s["b"].id)  # a death toll and a head count: other keys for values.agree
    assert not align._values_hold(qty, s["a"], s["b"])  # yet 41 and 44 of the same people
    assert align._values_hold(qty, s["a"], s["c"])
    assert align._values_hold(qty, s["d"], s["e"])  # two counts of people in one sentence: each keeps its key


def test_align_stars_supporters_must_match_each_other():
    # 1 (b) and 2 (c) both match centre 0 (a) and pass the threshold together, but each has two closer
    # sentences in the other's article (3, 5 in c; 4, 6 in b): they state different parts of 0
    arts = ["a", "b", "c", "c", "b", "c", "b"]
    pairs = {(0, 1): 0.6, (0, 2): 0.6, (1, 2): 0.5, (1, 3): 0.9, (1, 5): 0.8, (2, 4): 0.9, (2, 6): 0.8}
    got = [set(s) for s in align.stars(_scored(arts, pairs), align.Weights(threshold=0.3))]
    assert not any({0, 1, 2} <= s for s in got)
    assert any(s == {0, 1} or s == {0, 2} for s in got)
    # when 1 and 2 are each other's best match, all three state one claim
    pairs.update({(1, 2): 0.95})
    got = [set(s) for s in align.stars(_scored(arts, pairs), align.Weights(threshold=0.3))]
    assert any({0, 1, 2} <= s for s in got)


def test_align_claim_and_its_denial_never_corroborate():
    texts = {"a": "Residents of Varnby accused the Pellow Mining Company of ignoring their warnings.",
             "b": "The Pellow Mining Company rejected the accusation by the residents of Varnby.",
             "c": "The Pellow Mining Company denied receiving any warning from Varnby residents.",
             "d": "The Pellow Mining Company said it had received no warning from the residents of Varnby."}
    arts, qty = _prepared(texts)
    s = {a.id: a.sentences[0] for a in arts}
    assert align._denial_apart(qty, s["a"], s["b"])  # an accusation and its rejection
    assert not align._denial_apart(qty, s["c"], s["d"])  # a denial and a negative statement
    assert not align._denial_apart(qty, s["b"], s["c"])  # two denials
    facts = align.align(arts, similarity.get_backend("tfidf"), [], qty=qty)
    assert not any({"a", "b"} <= {c.article_id for c in f.citations} for f in facts if f.corroborated)


def test_align_two_named_speakers_quotes_are_two_claims():
    from newsprism import align as al
    from newsprism.model import Sentence
    a = Sentence(id="a:s0", article_id="a", start=0, end=0,
                 text="“They told us the dam was safe and that we should stop worrying,” Pellow said.")
    b = Sentence(id="b:s0", article_id="b", start=0, end=0,
                 text="“Our engineers inspected the dam and found it in good condition,” said Varnby Hydro chief Ilse Osk.")
    c = Sentence(id="c:s0", article_id="c", start=0, end=0,
                 text="“They told us the dam was safe,” farmer Mira Pellow said.")
    assert al._speaker(b.text) == "osk" and al._speakers_apart(a, b)
    assert not al._speakers_apart(a, c)  # one speaker, two outlets


def test_align_stars_need_shared_specific_words_below_a_high_score():
    # every sentence speaks of the Varnby ferry (the story's topic words); 0 and 1 share nothing else
    texts = ["The Varnby ferry sank on Monday and the captain resigned.",
             "Divers searched the Varnby ferry wreck for the missing crew.",
             "The Varnby ferry captain resigned on Monday after the sinking.",
             "Varnby ferry owners met in Pellow.", "The Varnby ferry was old."]
    arts_of = ["a", "b", "c", "d", "e"]
    sc = _scored(arts_of, {(0, 1): 0.35, (0, 2): 0.35})
    for k, t in enumerate(texts):
        sc.sents[k].text = t
    got = [sorted(s) for s in align.stars(sc, align.Weights(threshold=0.3))]
    assert [0, 2] in got  # "captain", "resigned", "monday" beyond the topic words
    assert not any(0 in s and 1 in s for s in got)  # only "varnby ferry" in common
    sc.score[0, 1] = sc.score[1, 0] = 0.6  # ...unless their whole wording is close
    assert any(0 in s and 1 in s for s in align.stars(sc, align.Weights(threshold=0.3)))


def test_specific_pair_one_rare_word_or_a_short_sentence():
    cw = align._content_words
    story = {"kettle": 9, "times": 9, "harbour": 6, "pellow": 3, "said": 30}
    long_a = cw("Kettle Times reporters said the Ferrow harbour crane collapsed onto a moored trawler overnight.")
    long_b = cw("Lantern Post said a harbour hoist fell on a fishing boat, the second accident this winter.")
    # one shared word ("harbour") found in six sentences of the story: the story's ground, not one claim
    df = {w: story.get(w, 6) for w in long_a | long_b}
    assert long_a & long_b == {"harbour"}
    assert not align.specific_pair(long_a, long_b, df, 0.35)
    # the same single word, found in only three sentences of the story, names one particular thing
    df_rare = dict(df, harbour=3)
    assert align.specific_pair(long_a, long_b, df_rare, 0.35)
    # a short sentence sharing one of its three words beyond the topic: "the plan was wrong" said twice
    short = cw("Pellow admitted: I was wrong.")
    longer = cw("Speaking to Ferrow Daily, the mayor conceded the plan was wrong and costly for everyone.")
    df2 = {w: 8 for w in short | longer}
    assert {"wrong"} == short & longer and len(short) <= 3
    assert align.specific_pair(short, longer, df2, 0.35)
    other = cw("Harbour pilots in Varnby blamed the wrong tide tables for the grounding of two barges.")
    df2.update({w: 8 for w in other})
    assert longer & other == {"wrong"}  # the same word in two long sentences says little
    assert not align.specific_pair(longer, other, df2, 0.35)
    assert align.specific_pair(set(), set(), {}, align.SPECIFIC_FREE_SCORE)  # a high score needs no words


def test_align_values_hold_leaves_a_foil_out():
    texts = {"a": "Turnout in Varnby was above 60 percent, higher than the 57 percent of the last council vote.",
             "b": "Turnout in the Varnby council vote reached 63 percent.",
             "c": "Turnout in the Varnby council vote reached 57 percent."}
    arts, qty = _prepared(texts)
    s = {a.id: a.sentences[0] for a in arts}
    assert any(q.foil for q in qty.get(s["a"].id))  # "57 percent" is what "above 60" is measured against
    assert align._values_hold(qty, s["a"], s["b"])  # above 60 meets 63; the foil is no claim of its own
    assert not align._values_hold(qty, s["a"], s["c"])  # 57 does not meet "above 60"


def test_hold_facts_reads_a_claim_conflicts_sides_by_their_numbers():
    from newsprism import conflicts
    from newsprism.model import Citation, Conflict, ConflictSide, Fact

    def fact():
        return Fact(id="f0", text="Varnby raised its flood toll to 312.", corroborated=True, independent_sources=3,
                    citations=[Citation("a", ["a:s0"], "Lantern Post"), Citation("b", ["b:s0"], "Kettle Times"),
                               Citation("c", ["c:s0"], "Ferrow Daily")])
    texts = {"a:s0": "Varnby raised its flood toll to 312.", "b:s0": "x", "c:s0": "y", "d:s0": "z"}
    # one claim ("the flood killed 312") told three ways, and a denial: two sides, not four
    c = Conflict(id="c0", kind="claim", claim="whether", articles=["a", "b", "c", "d"],
                 sides=[ConflictSide("", "312", "Lantern Post", Citation("a", ["a:s0"])),
                        ConflictSide("", "an estimated 312 deaths", "Kettle Times", Citation("b", ["b:s0"])),
                        ConflictSide("", "312 people", "Ferrow Daily", Citation("c", ["c:s0"])),
                        ConflictSide("", "denied: 300 people", "Pellow Herald", Citation("d", ["d:s0"]))])
    f = fact()
    conflicts.hold_facts([f], [c], lambda aid: aid, texts.get)
    assert [ct.article_id for ct in f.citations] == ["a", "b", "c"] and f.corroborated
    f = fact()
    f.citations.append(Citation("d", ["d:s0"], "Pellow Herald"))
    conflicts.hold_facts([f], [c], lambda aid: aid, texts.get)
    assert "d" not in [ct.article_id for ct in f.citations]  # never both sides
    # sides whose numbers are one (two charges of one count) are still told apart by their words
    w = Conflict(id="c1", kind="claim", claim="what", articles=["a", "b"],
                 sides=[ConflictSide("", "to 2 counts of fraud", "Lantern Post", Citation("a", ["a:s0"])),
                        ConflictSide("", "to 2 counts of perjury", "Kettle Times", Citation("b", ["b:s0"]))])
    f = fact()
    conflicts.hold_facts([f], [w], lambda aid: aid, texts.get)
    assert [ct.article_id for ct in f.citations] == ["a", "c"]
