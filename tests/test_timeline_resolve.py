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


def _segmented(text: str, date: str = "", outlet: str = "Kettle Times", aid: str = "a"):
    from newsprism import segment
    from newsprism.model import Article
    return segment.segment(Article(id=aid, text=text, date=date, outlet=outlet))


def test_timeline_sentence_with_two_dates_gives_each_date_its_own_clause():
    a = _segmented("The Lantern Post first reported on Monday that Pellow received a letter from the Varnby "
                   "council on March 3, 2015. The ferry's data recorder was found at the harbour late "
                   "Tuesday and repaired by engineers on Wednesday. The port reopened on Thursday.",
                   date="2017-11-17")
    ev = {e.date: e for e in timeline([a], [])}
    assert set(ev) == {"2015-03-03", "2017-11-13", "2017-11-14", "2017-11-15", "2017-11-16"}
    assert ev["2015-03-03"].text == "Pellow received a letter from the Varnby council on March 3, 2015"
    assert ev["2017-11-13"].text == "The Lantern Post first reported on Monday"
    assert "Wednesday" not in ev["2017-11-14"].text and "repaired by engineers on Wednesday" == ev["2017-11-15"].text
    # the evidence is the clause, a checkable span of the article; a sentence with one date is cited whole
    for e in ev.values():
        [c] = e.citations
        [x] = c.evidence
        assert a.text[x.start:x.end] == x.text and x.sentence_id == c.sentence_ids[0]
    assert ev["2017-11-16"].citations[0].evidence[0].text == "The port reopened on Thursday."


def test_timeline_span_before_or_after_an_event_dates_it_from_its_clause():
    a = _segmented("A day after promising voters a new bridge, Mayor Pellow broke his silence on "
                   "Wednesday. Two weeks before the vote, the Varnby council met on Friday. "
                   "The mayor said on Monday that the ferry sank a day after the storm.", date="2021-03-12")
    by_date = {e.date: e.text for e in timeline([a], [])}
    assert by_date["2021-03-09"].startswith("A day after promising voters")
    assert by_date["2021-03-10"] == "Mayor Pellow broke his silence on Wednesday"
    assert by_date["2021-03-26"] == "Two weeks before the vote"
    # the span hangs from 'sank', which has no date of its own: nothing is shifted from 'said on Monday'
    assert "2021-03-07" not in by_date and by_date["2021-03-08"].startswith("The mayor said on Monday")


def test_timeline_event_in_two_outlets_is_one_entry_showing_each_outlets_sentence():
    from newsprism import evidence
    from newsprism.model import ArticleInfo, Brief
    from newsprism.render.html import render_html
    from newsprism.render.markdown import render_markdown
    a = _segmented("The Varnby ferry sank on Tuesday after the storm.", "2021-03-12", "Lantern Post", "a")
    b = _segmented("Officials said the Varnby ferry sank on Tuesday during the storm, and the port reopened "
                   "on Thursday.", "2021-03-12", "Kettle Times", "b")
    events = timeline([a, b], [])
    [sank] = [e for e in events if e.date == "2021-03-09"]
    assert [(c.article_id, c.outlet) for c in sank.citations] == [("a", "Lantern Post"), ("b", "Kettle Times")]
    brief = Brief(articles=[ArticleInfo(id=x.id, outlet=x.outlet, date=x.date) for x in (a, b)], timeline=events)
    evidence.fill(brief, [a, b])
    md = render_markdown(brief)
    tl = md[md.index("## Timeline"):]
    assert "  - Lantern Post: The Varnby ferry sank on Tuesday after the storm." in tl
    assert "  - Kettle Times: Officials said the Varnby ferry sank on Tuesday during the storm" in tl
    # an event one article carries is one line: its text is already that article's sentence
    assert "- 2021-03-11: the port reopened on Thursday [b]" in tl and "\n  - " not in md[md.index("- 2021-03-11"):]
    html = render_html(brief)
    assert "<strong>Kettle Times</strong>" in html[html.index("<h2>Timeline</h2>"):]


def test_timeline_later_that_day_takes_the_day_last_named_never_the_article_date():
    text = ("The Varnby council voted on Wednesday to close the ferry. The mayor had asked for a delay. "
            "Later that day, in a radio interview, Pellow called the vote hasty. That evening, crowds gathered at the "
            "port. The Kettle Times reported the same day that the ferry would be sold.")
    by_text = {e.text: e.date for e in timeline([_segmented(text, "2021-03-12")], [])}
    assert by_text["Later that day, in a radio interview, Pellow called the vote hasty."] == "2021-03-10"
    assert by_text["That evening, crowds gathered at the port."] == "2021-03-10"
    assert by_text["The Kettle Times reported the same day that the ferry would be sold."] == "2021-03-10"
    # no day named before it: nothing to date it from (the article's own date is not that day)
    assert timeline([_segmented("Later that day, Pellow resigned. The council met.", "2021-03-12")], []) == []
    # an undated article: 'Wednesday' stays as written and 'later in the day' dates nothing
    assert [e.date for e in timeline([_segmented(text)], [])] == ["Wednesday"]
