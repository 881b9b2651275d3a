"""claims_conflicts: one event told with a different argument, on invented sentences and outlets."""

from __future__ import annotations

from datetime import date

from newsprism import align, claims_conflicts, conflicts, nlp, segment, similarity, values
from newsprism.model import Article


def _claims(a_text: str, b_text: str, a_date: str = "2031-05-06", b_date: str = "2031-05-06") -> list:
    """claim conflicts between two one-outlet articles, as find_conflicts wires them (TF-IDF scores)."""
    arts = [segment.segment(Article(id="a", outlet="Lantern Post", date=a_date, text=a_text)),
            segment.segment(Article(id="b", outlet="Kettle Times", date=b_date, text=b_text))]
    sim = similarity.get_backend("tfidf")
    vals = values.of_articles(arts, nlp.parse)
    sc = align.score_pairs(arts, sim, align.weights_for(sim))
    return claims_conflicts.claim_conflicts(arts, sc, vals, [])


def _values(out) -> list[set[str]]:
    return [{s.value for s in c.sides} for c in out]


def test_claims_what_a_verb_is_done_to_differs():
    out = _claims("Mayor Ilse Brandt pleaded guilty to bribery before Judge Tamsin Ory on Tuesday.",
                  "Mayor Ilse Brandt pleaded guilty on Tuesday to one tax fraud count before Judge Tamsin Ory.")
    assert _values(out) == [{"bribery", "one tax fraud count"}]
    c = out[0]
    assert c.kind == "claim" and c.nature == "disagreement" and c.articles == ["a", "b"]
    assert [s.citation.sentence_ids for s in c.sides] == [["a:s0"], ["b:s0"]]
    assert {s.party for s in c.sides} == {"Lantern Post", "Kettle Times"}


def test_claims_what_no_conflict_when_same_mentioned_generic_or_other_actor():
    a = "Mayor Ilse Brandt pleaded guilty to bribery before Judge Tamsin Ory on Tuesday."
    # the same charge, or the other side's charge named too
    assert _claims(a, "Mayor Ilse Brandt pleaded guilty to bribery on Tuesday before Judge Tamsin Ory.") == []
    assert _claims(a, "Mayor Ilse Brandt pleaded guilty to a tax fraud count and to bribery on Tuesday.") == []
    # a bare plural names a kind, not one charge
    assert _claims(a, "Mayor Ilse Brandt pleaded guilty on Tuesday to charges that she took money.") == []
    # other people: "she" is not "he"; a plea still to come is a status, not an argument
    assert _claims("He pleaded guilty to bribery before Judge Tamsin Ory on Tuesday.",
                   "She pleaded guilty to a tax fraud count before Judge Tamsin Ory on Tuesday.") == []
    assert _claims("Mayor Ilse Brandt is expected to plead guilty to bribery before Judge Tamsin Ory.",
                   "Mayor Ilse Brandt pleaded guilty to a tax fraud count before Judge Tamsin Ory.") == []


def test_claims_who_did_it_differs():
    a = "The harbour truce was brokered by Anna Brandt after two days of talks."
    out = _claims(a, "The harbour truce was brokered by Tomas Pellow after two days of talks.")
    assert _values(out) == [{"Anna Brandt", "Tomas Pellow"}]
    assert _claims(a, "The harbour truce was brokered by Anna Brandt and Tomas Pellow after two days of talks.") == []
    assert _claims(a, "The harbour truce was brokered by Brandt after two days of talks.") == []
    # another thing brokered by someone else is no conflict
    assert _claims(a, "The grain deal was brokered by Tomas Pellow after two days of talks.") == []


def test_claims_where_one_described_person_is():
    out = _claims("The anonymous letter was sent to a nurse at Harrow Clinic in Kettleford on Monday.",
                  "The anonymous letter was sent to a nurse in Port Ellery on Monday, police said.")
    assert _values(out) == [{"Kettleford", "Port Ellery"}]
    assert out[0].about == "where nurse"
    # one place in two forms, or the other place named too: no conflict
    assert _claims("The anonymous letter was sent to a nurse in the United States on Monday.",
                   "The anonymous letter was sent to a nurse in the U.S. on Monday, police said.") == []
    assert _claims("The anonymous letter was sent to a nurse at Harrow Clinic in Kettleford on Monday.",
                   "The anonymous letter was sent to a nurse in Port Ellery, near Kettleford, on Monday.") == []


def test_claims_when_one_event_happened():
    # 2031-05-06 is a Tuesday: "on Friday" is May 2, "last weekend" May 3-4
    out = _claims("The council sent the eviction letter on Friday, the tenants said.",
                  "Last weekend, the eviction letter was sent by the council, the tenants said.")
    assert len(out) == 1 and out[0].kind == "date"
    assert {s.value for s in out[0].sides} == {"Friday", "Last weekend"}
    assert _claims("The council sent the eviction letter on Saturday, the tenants said.",
                   "Last weekend, the eviction letter was sent by the council, the tenants said.") == []


def test_claims_weekend_resolves_against_the_article_date():
    assert claims_conflicts._weekend("last weekend", date(2031, 5, 6)) == "2031-05-03/2031-05-04"
    assert claims_conflicts._weekend("last weekend", date(2031, 5, 4)) == "2031-04-26/2031-04-27"
    assert claims_conflicts._weekend("on Friday", date(2031, 5, 6)) == ""


def test_claims_same_place_forms():
    assert claims_conflicts._same_place("U.S.", "United States")
    assert claims_conflicts._same_place("US", "the United States")
    assert claims_conflicts._same_place("Kettleford, Wash.", "Kettleford")
    assert not claims_conflicts._same_place("Varnby", "Kettleford")


def test_claims_reach_find_conflicts():
    arts = [segment.segment(Article(id="a", outlet="Lantern Post", date="2031-05-06",
                                    text="Mayor Ilse Brandt pleaded guilty to bribery before Judge Tamsin Ory.")),
            segment.segment(Article(id="b", outlet="Kettle Times", date="2031-05-06",
                                    text="Mayor Ilse Brandt pleaded guilty to a tax fraud count before Judge Tamsin Ory."))]
    sim = similarity.get_backend("tfidf")
    vals = values.of_articles(arts, nlp.parse)
    sc = align.score_pairs(arts, sim, align.weights_for(sim))
    out = conflicts.find_conflicts(arts, [], qty=vals, scored=sc)
    assert [c.about for c in out if c.kind == "claim"] == ["what plead guilty"]


def test_claims_a_count_denied_against_the_figure_another_states():
    a = "Governor Anna Brandt said on Thursday that 1,200 people did not die in the Varnby floods."
    out = _claims(a, "Officials said that 1,180 people died in the Varnby floods on Thursday.")
    assert len(out) == 1 and out[0].kind == "claim"
    assert {s.value for s in out[0].sides} == {"denied: 1,200 people", "1,180 people"}
    # a figure that cannot be the denied one, a range, or a negation that is not about the count
    assert _claims(a, "Officials said that 240 people died in the Varnby floods on Thursday.") == []
    assert _claims(a, "Officials said that between 200 and 3,000 people died in the Varnby floods on Thursday.") == []
    assert _claims("Officials said there were no survivors among the 1,200 people in the Varnby floods.",
                   "Officials said 1,200 people died in the Varnby floods.") == []


def test_claims_groups_in_two_places_are_no_conflict():
    assert _claims("The anonymous letters were sent to nurses at Harrow Clinic in Kettleford on Monday.",
                   "The anonymous letters were sent to nurses in Port Ellery on Monday, police said.") == []


def test_claims_when_told_by_a_dated_report_and_in_another_year():
    # "his lawyers said in 2030 that he repaid ..." dates the repaying on or before 2030
    out = _claims("The mayor's lawyers said in 2030 that Pellow and his wife repaid the council about $9,000.",
                  "Pellow repaid the council more than $9,000 earlier this year for improper expenses.",
                  a_date="2031-08-20", b_date="2031-08-20")
    assert len(out) == 1 and out[0].kind == "date", [c.claim for c in out]
    assert _values(out) == [{"by 2030 (told then)", "earlier this year"}]
    # a report dated after the other article's date does not contradict it
    assert _claims("The mayor's lawyers said in 2031 that Pellow and his wife repaid the council about $9,000.",
                   "Pellow repaid the council more than $9,000 earlier this year for improper expenses.",
                   a_date="2031-08-20", b_date="2031-08-20") == []


def test_claims_month_and_year_dates_are_spans():
    assert claims_conflicts._interval("2031-02") == (date(2031, 2, 1), date(2031, 2, 28))
    assert claims_conflicts._interval("2031-12") == (date(2031, 12, 1), date(2031, 12, 31))
    assert claims_conflicts._interval("2031") == (date(2031, 1, 1), date(2031, 12, 31))
    assert claims_conflicts._interval("") is None
