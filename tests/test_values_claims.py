"""values + align + conflicts: claims compared on their values, on invented sentences and outlets."""

from __future__ import annotations

import math

from newsprism import align, conflicts, nlp, pipeline, segment, similarity, values
from newsprism.model import Article


def _q(text: str) -> list[values.Quantity]:
    return values.quantities(nlp.parse(text), 0, len(text))


def _one(text: str) -> values.Quantity:
    qs = [q for q in _q(text) if q.unit]
    assert len(qs) == 1, qs
    return qs[0]


def test_values_reads_unit_modifier_and_interval():
    q = _one("The landslide in Varnby killed at least 14 people on Monday.")
    assert (q.unit, q.lo, q.hi) == ("deaths", 14, math.inf) and q.text == "at least 14 people"
    q = _one("About 3,000 homes in Pellow lost power.")
    assert q.unit == "home" and q.lo < 3000 < q.hi
    q = _one("Turnout in the Ostrava vote was 61.4%.")
    assert q.unit == "%" and q.lo <= 61.4 <= q.hi
    q = _one("The inquiry report runs to 212 pages.")
    assert (q.unit, q.lo) == ("page", 212)


def test_values_ages_ranges_clock_and_durations():
    assert _one("The pilot, Mirko Tal, 41, had flown the route before.").unit == "age"
    assert _one("The 36-year-old pilot had flown the route before.").lo == 36
    r = _one("The hikers, aged between 19 and 24, were found on Sunday.")
    assert (r.unit, r.lo, r.hi) == ("age", 19, 24)
    c = _one("The ferry sank at around 3 a.m. local time.")
    assert c.unit == "clock" and c.lo < 3 < c.hi
    assert _one("Negotiators had been talking for 11 days.").unit == "day"


def test_values_skip_names_years_time_references_and_subsets():
    assert [q for q in _q("Flight 212 left Harlow in 2019 on a Boeing 737.") if q.unit] == []
    assert [q for q in _q("The bridge opened 40 years ago.") if q.unit] == []
    assert [q for q in _q("The last four miners were lifted out on Tuesday.") if q.unit] == []
    assert [q for q in _q("Mr Osk, one of the founders, spoke first.") if q.unit] == []
    assert [q for q in _q("The 11 Storm Petrels and their coach reached the summit.") if q.unit] == []


def test_values_compatibility_of_bounds_units_and_precision():
    a, b, c = _one("It killed at least 14 people."), _one("It killed 14 people."), _one("It killed 12 people.")
    assert values.compatible(a, b) and not values.compatible(a, c) and not values.compatible(b, c)
    km, mi = _one("The convoy drove 80 km before dawn."), _one("The convoy drove 80 miles before dawn.")
    assert values.clash_units(km, mi) and not values.supports([km], [mi])
    x, y = _one("The krona fell to $2.17 on Friday."), _one("The krona fell to $2.1705 on Friday.")
    assert values.compatible(x, y)


def test_values_change_and_negation_are_not_levels():
    d = _one("The mill cut its staff by more than 100 people.")
    assert d.delta
    n = _one("Officials said 500 people did not die in the fire.")
    assert n.negated


def test_values_several_counts_compare_only_what_is_said_of_one_thing():
    a = _q("Aboard were 120 Norlandic passengers, 30 Estvian passengers and 12 crew.")
    b = _q("Aboard were 118 Norlandic passengers, 30 Estvian passengers and 12 crew.")
    pairs = values.disagreement(a, b)
    assert {(x.text, y.text) for x, y in pairs} == {("120", "118")}


def test_values_stance_keeps_expected_apart_from_done():
    doc = nlp.parse("Mayor Ilse Brandt is expected to plead guilty on Friday.")
    assert values.stance(doc, 0, len(doc.text))[0] is True
    doc = nlp.parse("Mayor Ilse Brandt pleaded guilty on Friday.")
    assert values.stance(doc, 0, len(doc.text))[:2] == (False, False)


def _story():
    texts = {
        "north": ("Lantern Post", "2031-05-02",
                  "A landslide in the Varnby valley killed 12 people on Monday, officials said. "
                  "Rescue teams from Pellow searched the slopes through the night."),
        "south": ("Kettle Times", "2031-05-02",
                  "A landslide in the Varnby valley killed at least 17 people on Monday, officials said. "
                  "Rescue teams from Pellow searched the slopes through the night."),
        "east": ("Ferrow Daily", "2031-05-02",
                 "The Varnby valley landslide on Monday killed 17 people, regional officials said. "
                 "Teams from Pellow searched the slopes all night."),
    }
    arts = [Article(id=k, outlet=o, date=d, title="Varnby landslide", text=t) for k, (o, d, t) in texts.items()]
    return pipeline.prepare(arts)


def _facts_and_conflicts(arts, kind="number", with_facts=True):
    """align + conflicts over hand-made articles, as build_brief wires them (TF-IDF similarity)."""
    sim = similarity.get_backend("tfidf")
    vals = values.of_articles(arts, nlp.parse)
    sc = align.score_pairs(arts, sim, align.weights_for(sim))
    facts = align.align(arts, sim, [], qty=vals, scored=sc) if with_facts else []
    out = conflicts.find_conflicts(arts, facts, qty=vals, scored=sc)
    return facts, [c for c in out if kind is None or c.kind == kind]


def test_align_never_corroborates_differing_values_and_conflict_links_fact():
    arts = _story()
    facts, out = _facts_and_conflicts(arts, kind=None)
    killed = [f for f in facts if "killed" in f.text]
    assert killed
    for f in killed:
        cited = {c.article_id for c in f.citations}
        assert not ("north" in cited and cited & {"south", "east"}), f.text  # 12 never with 17
    nums = [c for c in out if c.kind == "number"]
    assert len(nums) == 1, [c.claim for c in out]
    c = nums[0]
    assert c.about == "deaths" and c.nature == "disagreement"  # one day: not explained by time
    assert {s.value for s in c.sides} == {"12 people", "at least 17 people", "17 people"}
    linked = [f for f in facts if c.id in f.conflicts]
    assert linked and c.fact_id == linked[0].id


def test_conflicts_update_when_each_value_has_its_own_day():
    arts = _story()
    arts[0].date = "2031-05-01"  # the 12 came a day before the 17s
    _, nums = _facts_and_conflicts(arts)
    assert [c.nature for c in nums] == ["update"]
    assert nums[0].sides[0].date == "2031-05-01"  # ordered by publication time


def test_conflicts_different_things_of_one_unit_are_not_a_conflict():
    a = segment.segment(Article(id="a", outlet="Lantern Post",
                                text="The new Pellow hospital will have 40 beds for children, the council said."))
    b = segment.segment(Article(id="b", outlet="Kettle Times",
                                text="The old Pellow hospital closed its last 25 beds for children, the council said."))
    assert _facts_and_conflicts([a, b], with_facts=False)[1] == []


def test_conflicts_numbers_of_an_earlier_event_are_not_the_storys():
    a = segment.segment(Article(id="a", outlet="Lantern Post", date="2031-05-02",
                                text="The Varnby landslide killed 17 people, officials said on Monday."))
    b = segment.segment(Article(id="b", outlet="Kettle Times", date="2031-05-02",
                                text="The Varnby landslide of 1987 killed 230 people, officials said on Monday."))
    assert _facts_and_conflicts([a, b], with_facts=False)[1] == []
    b.date = ""  # no date of its own: the story's year decides
    assert _facts_and_conflicts([a, b], with_facts=False)[1] == []


def test_values_two_stated_ranges_need_the_same_ends():
    a = _one("The hikers, aged 19-24, were found on Sunday.")
    b = _one("The hikers, aged between 19 and 25, were found on Sunday.")
    c = _one("The youngest hiker was 21 years old.")
    assert not values.compatible(a, b)
    assert values.compatible(a, c) or c.unit != a.unit


def test_conflicts_a_count_that_falls_a_day_later_is_not_an_update():
    arts = _story()
    for a in arts:
        a.date = "2031-05-03" if a.id == "north" else "2031-05-02"  # 17 first, then 12
    _, nums = _facts_and_conflicts(arts)
    assert [c.nature for c in nums] == ["disagreement"]


def test_values_a_nationality_count_is_keyed_by_the_nationality():
    a = _q("Also on board were 131 Chilean passengers and 12 crew.")
    b = _q("The airline said 150 of the 262 passengers on board were Chilean.")
    assert {(x.text, y.text) for x, y in values.disagreement(a, b)} == {("131", "150")}
    assert not values.supports(a, b)


def _status_story(b_text, a_text="Pellow mayor Ilse Brandt is expected to plead guilty to fraud charges on Friday."):
    a = segment.segment(Article(id="a", outlet="Lantern Post", date="2031-05-02", text=a_text))
    b = segment.segment(Article(id="b", outlet="Kettle Times", date="2031-05-02", text=b_text))
    return _facts_and_conflicts([a, b], kind="claim", with_facts=False)[1]


def test_conflicts_expected_vs_done_is_a_status_update():
    out = _status_story("Pellow mayor Ilse Brandt pleaded guilty to fraud charges on Friday.")
    assert len(out) == 1 and out[0].nature == "update"
    assert {s.value for s in out[0].sides} == {"expected", "done"}
    # a hedge is not an event still to come, and the same status is no conflict
    assert _status_story("Pellow mayor Ilse Brandt pleaded guilty to fraud charges on Friday.",
                         "Pellow mayor Ilse Brandt could plead guilty to fraud charges on Friday.") == []
    assert _status_story("Pellow mayor Ilse Brandt is expected to plead guilty to the fraud charges.") == []


def test_values_sums_of_money_compare_only_for_the_same_thing():
    a = _q("Records show a $4,150 boat and $950 concert tickets were paid for.")
    b = _q("Records show a $4,350 boat was paid for.")
    assert ("$4,150", "$4,350") in {(x.text, y.text) for x, y in values.disagreement(a, b)}
    # paid by one verb, but for other things: not one sum told two ways
    c = _q("The council paid $4,150 for a boat.")
    d = _q("The mayor paid $2,050 for garden furniture.")
    assert values.disagreement(c, d) == []


def test_values_money_is_compared_for_the_thing_it_buys():
    a = _q("Among the items were a $3,000 bicycle signed by riders and a $2,700 saddle.")
    b = _q("He bought items including a $41,250 gold-plated Tamsen watch and $8,412.19 worth of rugs.")
    assert {tuple(sorted(x.thing)) for x in a} == {("bicycle",), ("saddle",)}
    assert values.disagreement(a, b) == []  # a bicycle and a watch: two prices, not one told two ways
    c = _q("He spent $6,120.50 on the Larkspur Lodge retreat.")
    d = _q("Records list a $6,020.50 stay at the Larkspur Lodge.")
    assert [(x.text, y.text) for x, y in values.disagreement(c, d)] == [("$6,120.50", "$6,020.50")]


def test_values_a_count_before_a_list_of_kinds_counts_the_group():
    assert [q for q in _q("About 180 doctors, nurses, medics and surgeons were waiting in Pellow.") if q.unit] == []
    assert _one("They came to the rescue of two doctors and a few nurses.").unit == "doctor"


def test_values_measured_whole_numbers_are_rounded_counts_are_exact():
    assert values.compatible(_one("Leave won 55% of the Varnby vote."), _one("Leave won 54.9% of the Varnby vote."))
    assert not values.compatible(_one("The krona fell 9% on Friday."), _one("The krona fell as much as 8.5% on Friday."))
    assert not values.compatible(_one("It killed 12 people."), _one("It killed 12.4 people."))


def test_values_a_score_by_x_to_y_is_not_a_change():
    won = [q for q in _q("The Yes side won by 55% to 45% in Pellow.") if q.unit]
    assert [(q.text, q.delta) for q in won] == [("55%", False), ("45%", False)]
    assert _one("The council reduced its staff by 100 people.").delta


def test_values_an_open_bound_far_below_a_stated_count_is_another_count():
    few, many = _one("A reporter counted at least 17 bodies at the site."), _one("Officials said 140 bodies were found.")
    assert values.meet(few, many) and values.open_gap(few, many) and not values.compatible(few, many)
    assert values.compatible(_one("It killed at least 14 people."), _one("It killed 15 people."))
    # two open bounds say nothing against each other
    assert values.compatible(_one("More than 25 million people voted."), _one("Over 13 million people voted."))


def test_values_durations_compare_in_days_and_vague_spans_count():
    two_weeks, days = _one("They were trapped for nearly two weeks."), _one("They were trapped for 12 days.")
    assert two_weeks.unit == days.unit == "day" and values.compatible(two_weeks, days)
    years = _one("The charges came after a two-year inquiry by prosecutors.")
    months = [q for q in _q("The charges came after a months-long inquiry by prosecutors.") if q.unit]
    assert months and months[0].unit == "day" and not values.compatible(years, months[0])
    assert [q for q in _q("Three days after the plea, the police filed a complaint.") if q.unit] == []
    assert _one("Researchers tallied deaths in the five months after the storm hit.").unit == "day"
    assert [q for q in _q("Deaths ran 40 times the official estimate.") if q.unit] == []


def test_conflicts_values_pair_at_lower_similarity_when_said_of_one_uncommon_word():
    x = values.Quantity(13, 13, "day", head="trap", context=frozenset({"trap", "team"}))
    y = values.Quantity(18, 18, "day", head="end", context=frozenset({"trap", "rescue"}))
    assert conflicts._anchored(x, y, frozenset())
    assert not conflicts._anchored(x, y, frozenset({"trap"}))  # a word the whole story uses says nothing


def test_values_story_wide_words_do_not_tie_two_percentages():
    a = values.Quantity(60, 60, "%", head="stay", context=frozenset({"vote", "london"}))
    b = values.Quantity(48, 48, "%", head="%", context=frozenset({"vote", "country"}))
    assert values._context_match(a, b) and not values._context_match(a, b, frozenset({"vote"}))


def test_conflicts_one_person_given_two_ranks():
    a = segment.segment(Article(id="a", outlet="Lantern Post", date="2031-05-02",
                                text="Warrant Officer 2nd Class Mirko Tal died in the Varnby cave on Friday."))
    b = segment.segment(Article(id="b", outlet="Kettle Times", date="2031-05-02",
                                text="Retired Warrant Officer 1st Class Mirko Tal ran out of air in the Varnby cave."))
    c = segment.segment(Article(id="c", outlet="Ferrow Daily", date="2031-05-02",
                                text="Warrant Officer 2nd Class Mirko Tal was a volunteer."))
    out = conflicts.title_conflicts([a, b, c])
    assert len(out) == 1 and out[0].kind == "name"
    assert out[0].claim == ("title of Tal: Warrant Officer 2nd Class (Lantern Post, Ferrow Daily); "
                            "Retired Warrant Officer 1st Class (Kettle Times)")
    assert {s.value for s in out[0].sides} == {"Warrant Officer 2nd Class", "Retired Warrant Officer 1st Class"}
    assert conflicts._title_clash(["Deputy", "Governor"], ["Governor"])
    assert not conflicts._title_clash(["Governor"], ["Former", "Governor"])  # time, not rank
    assert not conflicts._title_clash(["Shadow", "chancellor"], ["Labour", "leader"])  # two offices may both hold


def test_disputes_a_spokesman_repeating_the_denial_is_not_the_claim():
    from newsprism import entities, quotes
    art = segment.segment(Article(id="a", outlet="Lantern Post", text=(
        "Varnby councillors said the mayor had met the contractor in secret. "
        "“The mayor was never aware of any meeting with the contractor,” said mayor Ilse Brandt's spokesman Olav Rusk. "
        "Asked about the meeting with the contractor, Brandt denied it.")))
    ents = entities.extract_entities([art])
    qs = quotes.extract_quotes([art], ents)
    out = conflicts.disputes([art], qs, ents)
    assert all("never aware" not in c.sides[0].value for c in out), [c.claim for c in out]


def test_values_support_needs_every_differing_value_matched():
    a = _q("The 12 boys, aged between 12 and 15, and their 25-year-old coach were found in Varnby.")
    b = _q("The 12 boys, aged between 12 and 16, and their 25-year-old coach were found in Varnby.")
    assert not values.supports(a, b)  # the coach's age is shared; the boys' ages are not
    c = _q("The fire destroyed 40 homes and damaged 12 homes in Pellow.")
    d = _q("The fire destroyed 40 homes in Pellow.")
    assert values.supports(c, d)  # d tells part of c, and nothing in d differs
    e, f = _q("More than half of the dead, 131 people, were Chilean."), _q("Officials said 150 of the passengers were Chilean.")
    assert [q.unit for q in e] == ["chilean"] and not values.supports(e, f)


def test_values_a_figure_a_claim_is_set_against_is_not_the_claim():
    for text in ("The new estimate is far higher than the official toll of 83 in Varnby.",
                 "The study says the official death toll of 83 was greatly underestimated.",
                 "The findings contrast sharply with the official death toll of 83."):
        assert [q.foil for q in _q(text) if q.unit] == [True], text
    rose = {q.text: q.foil for q in _q("The Pellow toll rose to 40, up from 12 on Monday.")}
    assert rose == {"40": False, "12": True}
    assert [q.foil for q in _q("The landslide killed 12 people.")] == [False]


def test_values_ranges_share_magnitude_and_gapped_nationalities():
    r = _one("The governor says 20-40,000 people may have died in Varnby.")
    assert (r.unit, r.lo, r.hi) == ("deaths", 20000, 40000)
    assert (_one("Officials said 1-2 million people fled Pellow.").lo) == 1e6
    assert [q.unit for q in _q("Another 27 were Chilean and 23 Peruvian.") if q.unit] == ["peruvian"]
    one, two = _one("He died around 3 a.m. in the cave."), _one("He died at around 4am in the cave.")
    assert not values.compatible(one, two)


def test_conflicts_two_conflicts_of_one_thing_are_joined():
    def q(v):
        return values.Quantity(v - 0.4, v + 0.4, "clock")
    quants = {("b:s1", 0, "k"): q(2), ("d:s2", 0, "k"): q(1),  # one conflict: b says 2, d says 1
              ("a:s5", 0, "k"): q(1), ("b:s2", 0, "k"): q(2), ("c:s1", 0, "k"): q(2),  # another: a 1, b 2, c 2
              ("e:s1", 0, "k"): values.Quantity(12, 12, "boy"), ("f:s1", 0, "k"): values.Quantity(4, 4, "boy")}
    comps = conflicts._merge_same_thing([[("b:s1", 0, "k"), ("d:s2", 0, "k")],
                                         [("a:s5", 0, "k"), ("b:s2", 0, "k"), ("c:s1", 0, "k")],
                                         [("e:s1", 0, "k"), ("f:s1", 0, "k")]], quants)
    assert sorted(len(c) for c in comps) == [2, 5]  # b gives 2 in both: one thing; the boys stay apart
    apart = conflicts._merge_same_thing([[("b:s1", 0, "k"), ("d:s2", 0, "k")],
                                         [("a:s5", 0, "k"), ("d:s9", 0, "k")]],
                                        {**quants, ("d:s9", 0, "k"): q(5)})
    assert len(apart) == 2  # d gives 1 in one and 5 in the other: two things


def test_values_a_verb_told_as_expected_and_as_done_is_not_one_claim():
    def st(text):
        return values.verb_status(nlp.parse(text), 0, len(text))
    assert st("His wife, Ilse, is expected to plead guilty to filing false returns on Wednesday.") == {"plead": True}
    assert st("His wife also came, and later in the day she pleaded guilty to a charge.")["plead"] is False
    assert st("He and his wife had agreed to plead guilty in deals with prosecutors.") == {"plead": True}
    assert st("She was charged with filing false returns.") == {}  # nothing told as expected or done
    sv = values.StoryValues({}, {}, frozenset(), {"a": {"plead": True}, "b": {"plead": False}, "c": {"plead": False}})
    assert not sv.agree("a", "b") and sv.agree("b", "c")


def test_values_since_a_year_is_when_a_state_began():
    a, b = _q("Ilse Brandt has led the Varnby Democrats since 1998."), _q("Ilse Brandt has led the Varnby Democrats since 1999.")
    assert [(q.unit, q.lo) for q in a] == [("since", 1998)]
    assert [(x.text, y.text) for x, y in values.disagreement(a, b)] == [("since 1998", "since 1999")]
    assert [q for q in _q("Mr. Osk and Mr. Tal have led the team since 1999 and 2004.") if q.unit] == []


def _named(aid, outlet, text):
    return segment.segment(Article(id=aid, outlet=outlet, date="2031-05-02", text=text))


def test_conflicts_one_person_named_with_two_first_names():
    a = _named("a", "Lantern Post", "Rep. Loretta Pellow won the vote for caucus vice chair, defeating Mira Osk.")
    b = _named("b", "Kettle Times", "Representative Linda T. Pellow defeated Mira Osk to become caucus vice chair.")
    sim = similarity.get_backend("tfidf")
    sc = align.score_pairs([a, b], sim, align.weights_for(sim))
    out = conflicts.surname_conflicts([a, b], sc, min_score=0.1)
    assert len(out) == 1 and {s.value for s in out[0].sides} == {"Loretta Pellow", "Linda T. Pellow"}
    # relatives: an article that names both is telling of two people
    c = _named("c", "Ferrow Daily", "Rep. Loretta Pellow won the vote for vice chair. Her sister Linda Pellow cheered.")
    sc2 = align.score_pairs([c, b], sim, align.weights_for(sim))
    assert conflicts.surname_conflicts([c, b], sc2, min_score=0.1) == []
    assert conflicts._same_first("Sandi", "Sandra") and conflicts._same_first("L.", "Linda")
    assert conflicts._same_first("Apakorn", "Arpakorn") and not conflicts._same_first("Loretta", "Linda")


def test_values_ranks_and_changes_told_by_the_verb():
    assert [q for q in _q("Mr. Osk kept the No. 2 job in Varnby.") if q.unit] == []
    assert _one("The Pellow party lost nearly 40 seats in Varnby.").delta
    assert _one("The Pellow party picked up five seats on Tuesday.").delta
    assert not _one("The Pellow party will hold at least 240 seats.").delta


def test_conflicts_nicknames_and_partial_names_are_one_person():
    assert conflicts._same_first("Jim", "James") and conflicts._same_first("Bill", "William")
    a = _named("a", "Lantern Post", "Rep. Mira Lind Osk kept the No. 2 job of whip in Varnby.")
    b = _named("b", "Kettle Times", "Lind Osk kept the whip job in Varnby, the caucus said.")
    sim = similarity.get_backend("tfidf")
    assert conflicts.surname_conflicts([a, b], align.score_pairs([a, b], sim, align.weights_for(sim)), 0.1) == []


def test_values_changes_of_other_directions_are_two_things():
    lost, gained = _q("Varnby Democrats lost nearly 40 seats."), _q("Varnby Democrats picked up just five seats.")
    assert values.disagreement(lost, gained) == []
    assert values.disagreement(_q("Varnby Democrats lost 40 seats."), _q("Varnby Democrats lost 30 seats."))


def test_values_a_promise_is_told_as_expected():
    text = "Governor Ilse Osk promised to rebuild every house in Varnby."
    assert values.stance(nlp.parse(text), 0, len(text))[0] is True
    assert values.verb_status(nlp.parse(text), 0, len(text)) == {"rebuild": True}


def test_conflicts_a_fact_never_cites_both_sides_of_a_conflict():
    from newsprism.model import Citation, Conflict, ConflictSide, Fact
    f = Fact(id="f0", text="The slide killed 12 people in Varnby.", corroborated=True, independent_sources=3,
             citations=[Citation("a", ["a:s0"], "Lantern Post"), Citation("b", ["b:s0"], "Kettle Times"),
                        Citation("c", ["c:s0"], "Ferrow Daily")])
    c = Conflict(id="c0", kind="number", claim="", articles=["a", "b", "c"],
                 sides=[ConflictSide("", "12 people", "Lantern Post", Citation("a", ["a:s0"])),
                        ConflictSide("", "at least 17 people", "Kettle Times", Citation("b", ["b:s0"])),
                        ConflictSide("", "17", "Ferrow Daily", Citation("c", ["c:s0"]))])
    texts = {"a:s0": "The slide killed 12 people in Varnby.", "b:s0": "x", "c:s0": "y"}
    conflicts.hold_facts([f], [c], lambda aid: aid, texts.get)
    assert [ct.article_id for ct in f.citations] == ["a"] and not f.corroborated  # the 17s leave the 12's fact
    assert conflicts._side_key(c, "at least 17 people") == conflicts._side_key(c, "17")


def test_values_a_verb_of_surpassing_before_a_figure_is_a_lower_bound():
    q = _one("A Varnby official said the death toll from the landslide may exceed 900.")
    assert (q.unit, q.lo, q.hi, q.foil) == ("deaths", 900, math.inf, False)
    assert _one("The Pellow toll has surpassed 1,200 people, officials said.").lo == 1200
    ranged = _one("The governor says 300-500 people may have died in Varnby.")
    assert not values.compatible(q, ranged)
    # with words between the verb and the figure, the figure is what the claim is set against
    assert [x.foil for x in _q("Deaths in Varnby exceeded the official toll of 83.") if x.unit] == [True]


def test_values_distances_from_two_places_are_two_things():
    border = _one("Wreckage lay near the village of Pellow, 40 km from the Varnby border.")
    waypoint = [x for x in _q("Contact was lost about 30 kilometers (20 miles) from Kettle waypoint.")
                if x.unit == "km"][0]
    assert border.thing == {"varnby", "border", "@pellow"} and waypoint.thing == {"kettle", "waypoint"}
    assert not values.same_thing(border, waypoint)
    assert values.disagreement([border], [waypoint]) == []
    other = _one("The village of Pellow lies 55 km from the Varnby border.")
    assert values.disagreement([border], [other])  # one place, two distances: a conflict
    north = _one("The town lies 12 miles north of Ferrow.")
    assert north.thing == {"ferrow"}
    assert not _one("The plane crashed 40 km away.").thing  # no place named: compared as before
    # one border, two named places: the village and the waypoint are two distances
    village = _one("Reporters saw wreckage near the village of Pellow, 40 km from the Varnby border.")
    point = [x for x in _q("The airline lost contact near Ferrow waypoint, which is 50 kilometers (30 miles) "
                           "from the Varnby border.") if x.unit == "km"][0]
    assert "@ferrow" in point.thing and not values.same_thing(village, point)
    plane = _one("The plane crashed 40 km from the border.")
    assert values.disagreement([plane], [_one("The wreckage lay 50 km from the border.")])  # no names: one thing


def test_conflicts_a_side_cites_every_sentence_of_its_article_giving_the_value():
    a = segment.segment(Article(id="a", outlet="Lantern Post", date="2031-05-02", text=(
        "The Varnby governor says 300-500 people may have died in the landslide in the valley. "
        "Rescue teams searched the slopes. "
        "The Varnby governor said on Monday that 300-500 people may have died in the valley landslide.")))
    b = segment.segment(Article(id="b", outlet="Kettle Times", date="2031-05-02", text=(
        "A Varnby official said the landslide in the valley may have killed more than 900 people.")))
    _, nums = _facts_and_conflicts([a, b], with_facts=False)
    assert len(nums) == 1, [c.claim for c in nums]
    side = next(sd for sd in nums[0].sides if sd.citation.article_id == "a")
    assert side.citation.sentence_ids == ["a:s0", "a:s2"]
    assert {sd.value for sd in nums[0].sides} == {"300-500 people", "more than 900 people"}


def test_values_a_round_sum_of_money_is_exact_a_round_count_is_not():
    paid = _one("The council says Pellow paid $7,200 for the bridge survey.")
    exact = _one("The council says Pellow paid $7,260 for the bridge survey.")
    assert not values.compatible(paid, exact)
    assert values.disagreement([paid], [exact])
    about = _one("The council says Pellow paid about $7,200 for the bridge survey.")
    assert values.compatible(about, exact)  # a modifier still bounds it
    homes = _one("The flood left 3,000 homes in Varnby without power.")
    assert values.compatible(homes, _one("The flood left 2,950 homes in Varnby without power."))
