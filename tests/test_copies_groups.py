"""Copy groups: exact, near and partial copies found; unrelated texts and shared phrases are not copies."""

from newsprism import copies
from newsprism.model import Article

WIRE = ("The harbour authority of Velmora said on Tuesday that the northern pier would close for repairs "
        "after inspectors found cracks in three support columns. Ferry services to the outer islands will "
        "move to the southern terminal from next week, the authority added in a statement. Engineers expect "
        "the work to take about four months and to cost roughly twelve million crowns. Local traders warned "
        "that the closure would hurt the summer season, when most visitors arrive by boat from the mainland.")
OTHER = ("A regional orchestra announced a new season built around little-known composers from the eighteenth "
         "century, with twelve concerts planned in small churches across the valley. The conductor said tickets "
         "would be kept cheap so that students could attend, and that two of the works had never been recorded. "
         "Rehearsals begin in the autumn and the first concert is set for early December in the old abbey.")


def art(aid, text):
    return Article(id=aid, text=text, outlet=aid)


def test_copies_exact_near_partial_and_unrelated():
    near = WIRE.replace("four months", "five months")
    partial = WIRE + " In Dunmere, the town council said it would run extra buses to the southern terminal."
    groups = copies.find_copies([art("a", WIRE), art("b", WIRE.upper()), art("c", near), art("d", partial),
                                 art("e", OTHER)])
    assert len(groups) == 1
    g = groups[0]
    assert sorted(g.article_ids) == ["a", "b", "c", "d"]
    assert g.kind == "partial"  # the weakest link names the group


def test_copies_kinds_of_pairs():
    assert copies.find_copies([art("a", WIRE), art("b", " ".join(WIRE.split()))])[0].kind == "exact"
    assert copies.find_copies([art("a", WIRE), art("b", WIRE.replace("Tuesday", "Monday"))])[0].kind == "near"
    half = WIRE[: len(WIRE) // 2]
    g = copies.find_copies([art("a", WIRE), art("b", half)])
    assert g and g[0].kind == "partial" and g[0].similarity >= 0.8


def test_copies_short_shared_phrase_is_not_a_copy():
    a = OTHER + " " + WIRE[:120]
    assert copies.find_copies([art("a", a), art("b", WIRE[:120] + " and nothing else follows here")]) == []
    assert copies.find_copies([art("a", WIRE), art("b", OTHER)]) == []


def test_copies_index_from_signatures_only_estimates_the_same_kinds():
    idx = copies.CopyIndex()  # no shingle sets kept, as in the store
    idx.add("a", WIRE)
    idx.add("x", OTHER)
    sig, size, th, links = idx.add("b", WIRE + " The council said it would run extra buses to the terminal.")
    assert [(o, k) for o, k, _ in links] == [("a", "near")] or [(o, k) for o, k, _ in links] == [("a", "partial")]
    back = copies.signature_from_bytes(copies.signature_bytes(sig))
    assert back.jaccard(sig) == 1.0
    assert copies.containment_from_jaccard(0.5, 100, 50) == 1.0


def test_representatives_keep_variants_of_a_big_group_and_every_other_article():
    # 40 reprints of one text: 37 plain repeats, one with a changed figure, one with an added paragraph
    arts = [art(f"r{i:02d}", WIRE) for i in range(37)]
    arts.insert(20, art("fig", WIRE.replace("twelve million", "fifteen million")))
    arts.insert(30, art("local", WIRE + " In Dunmere, the town council said it would run extra buses to the "
                                        "southern terminal and keep the old ticket office open until spring."))
    arts.append(art("other", OTHER))
    groups = copies.find_copies(arts)
    assert len(groups) == 1 and len(groups[0].article_ids) == 39
    kept = copies.representatives(arts, groups, per_group=3)
    assert [a.id for a in kept] == ["r00", "fig", "local", "other"]  # first, then the most different; order kept
    assert [a.id for a in copies.representatives(arts, groups, per_group=50)] == [a.id for a in arts]


def test_representatives_small_groups_untouched_and_bad_budget_refused():
    arts = [art("a", WIRE), art("b", WIRE), art("c", OTHER)]
    groups = copies.find_copies(arts)
    assert copies.representatives(arts, groups, per_group=2) == arts
    assert [a.id for a in copies.representatives(arts, groups, per_group=1)] == ["a", "c"]
    try:
        copies.representatives(arts, groups, per_group=0)
    except ValueError as err:
        assert "at least 1" in str(err)
    else:
        raise AssertionError("per_group=0 accepted")


def test_brief_of_many_reprints_lists_all_analyses_few():
    from newsprism import pipeline
    arts = pipeline.prepare([Article(id=f"p{i}", title="Velmora pier", text=WIRE, outlet=f"Kettle Times {i}")
                             for i in range(8)] + [Article(id="o", title="Orchestra", text=OTHER, outlet="Pellow Post")])
    b = pipeline.build_brief(arts, backend="tfidf")
    assert [a.id for a in b.articles] == [a.id for a in arts]
    assert [len(g.article_ids) for g in b.copy_groups] == [8]
    assert b.stats["copies_not_analysed"] == 8 - copies.MAX_ANALYSED
    cited = {c.article_id for fs in b.single_source.values() for f in fs for c in f.citations}
    assert cited and cited <= {a.id for a in arts[:copies.MAX_ANALYSED]} | {"o"}  # identical: the first ones kept
    assert b.coverage.sources == 2  # one copy group and one lone article
