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
