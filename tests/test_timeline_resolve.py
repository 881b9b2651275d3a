"""Timeline: relative dates resolved against the article's date; the same event in two articles merged."""

from datetime import date

from _handmade import article

from newsprism.timeline import reference_date, resolve, timeline

FRI = date(2021, 3, 12)  # a Friday


def test_timeline_resolve_relative_phrases():
    assert resolve("Thursday", FRI) == "2021-03-11"
    assert resolve("on Friday", FRI) == "2021-03-12"
    assert resolve("last year", FRI) == "2020"
    assert resolve("February", FRI) == "2021-02"
    assert resolve("late November", FRI) == "2020-11"
    assert resolve("a week ago", FRI) == "2021-03-05"
    assert resolve("yesterday", FRI) == "2021-03-11"
    assert resolve("two years ago", FRI) == "2019"
    assert resolve("this week", FRI) == "2021-03-08/2021-03-14"
    assert resolve("Jan. 5, 2020", FRI) == "2020-01-05"
    assert resolve("decades", FRI) == ""


def test_timeline_reference_from_dateline_infers_year_from_weekday():
    a = article("a", "The mayor opened the port. It had been closed.", dateline="OSLO, Friday, March 12")
    assert reference_date(a, [2021]) == FRI
    # no year stated anywhere: the most recent year where March 12 is a Friday
    assert reference_date(a, [], today=date(2023, 1, 1)) == FRI
    # a date in the body (an aside) never anchors the article
    b = article("b", "On Friday, March 12, 2010, the old port closed. It reopened on Thursday.")
    assert reference_date(b, [2010]) is None


def test_timeline_events_merged_across_articles_and_sorted():
    a = article("a", "The port reopened on Thursday after the strike. The strike began last year.", date="2021-03-12")
    b = article("b", "After the strike, the port reopened on Thursday, officials said.", date="2021-03-12")
    ev = timeline([a, b], [])
    assert [e.date for e in ev] == ["2020", "2021-03-11"]
    assert {c.article_id for c in ev[1].citations} == {"a", "b"}
    assert ev[1].phrase == "Thursday"


def test_timeline_article_without_date_keeps_relative_phrases_as_written():
    a = article("a", "The port reopened on Thursday.")
    b = article("b", "The mayor spoke on Friday. The port reopened on Thursday.", date="2021-03-12")
    ev = timeline([a, b], [])
    assert any(e.date == "2021-03-11" and {c.article_id for c in e.citations} == {"b"} for e in ev)
    undated = [e for e in ev if e.citations[0].article_id == "a"]
    assert [e.date for e in undated] == ["Thursday"] and ev[-1] is undated[0]


def test_timeline_yearless_dates_take_year_from_article_date_and_tense():
    ref = date(2018, 5, 29)
    assert resolve("Sept. 20", ref, past=True) == "2017-09-20"
    assert resolve("June 28", date(2013, 2, 20), future=True) == "2013-06-28"
    assert resolve("June 28", date(2013, 2, 20)) == "2012-06-28"  # no tense: the last one within 9 months
    assert resolve("Dec. 28", date(2013, 2, 20)) == "2012-12-28"
    assert resolve("Aug. 6", date(2018, 8, 21), [2017, 2017, 2017]) == "2018-08-06"
    assert resolve("10 years ago", ref) == "2008"
    assert resolve("Tuesday last week", date(2015, 3, 25)) == "2015-03-17"


def test_timeline_since_aside_is_not_an_event_and_article_date_anchors():
    a = article("a", "The krona fell to its lowest level since 1985 on Friday. The bridge opened 10 years ago. "
                     "The survey counted deaths from May 2 to June 9, 2020. "
                     "The mayor said on Thursday that the vote could be held \"today or tomorrow\".",
                date="2021-03-12")
    ev = timeline([a], [])
    assert {e.date for e in ev} == {"2021-03-12", "2011", "2021-03-11"}


def test_timeline_future_clauses_resolve_forward():
    assert resolve("Thursday", FRI, future=True) == "2021-03-18"
    assert resolve("February", FRI, future=True) == "2022-02"
    a = article("a", "The council will vote on the plan on Tuesday. Crews cleared the roads on Tuesday. "
                     "Donors can bring blankets to the hall on Sunday.", date="2021-03-12")
    by_text = {e.text: e.date for e in timeline([a], [])}
    assert by_text["The council will vote on the plan on Tuesday."] == "2021-03-16"
    assert by_text["Crews cleared the roads on Tuesday."] == "2021-03-09"
    assert by_text["Donors can bring blankets to the hall on Sunday."] == "2021-03-14"
