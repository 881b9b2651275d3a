"""align: same statements across outlets become corroborated facts; copies count once; the rest is single-source."""

from __future__ import annotations

from newsprism import align, segment, similarity
from newsprism.model import Article, CopyGroup

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
