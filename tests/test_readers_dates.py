"""readers: publication dates normalised when read (ISO 8601, zone kept), for every input kind."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

import pytest

from newsprism import readers
from newsprism.readers.dates import DateProblem, normalise

BODY = ("The harbour pier in Lorvik reopened on Monday after a winter of repairs, officials said, and the "
        "first ferry docked shortly after dawn with a small crowd of islanders watching from the quay.")


@pytest.mark.parametrize("raw, iso", [
    ("April 26, 2019", "2019-04-26"),
    ("26 April 2019", "2019-04-26"),
    ("26/04/2019", "2019-04-26"),
    ("04/26/2019", "2019-04-26"),
    ("2019/04/26", "2019-04-26"),
    ("20190426", "2019-04-26"),
    ("2019-04-26", "2019-04-26"),
    ("1556272800", "2019-04-26T10:00:00+00:00"),
    (1556272800, "2019-04-26T10:00:00+00:00"),
    ("1556272800000", "2019-04-26T10:00:00+00:00"),
    ("2019-04-26T10:00:00-04:00", "2019-04-26T10:00:00-04:00"),
    ("2019-04-26T10:00:00+0530", "2019-04-26T10:00:00+05:30"),
    ("2019-04-26T10:00:00Z", "2019-04-26T10:00:00+00:00"),
    ("2019-04-26 10:00:00", "2019-04-26T10:00:00"),
    ("Fri, 26 Apr 2019 10:00:00 EDT", "2019-04-26T10:00:00-04:00"),
    ("Fri, 26 Apr 2019 14:00:00 +0000", "2019-04-26T14:00:00+00:00"),
    ("April 26, 2019 10:30 a.m. ET", "2019-04-26T10:30:00-04:00"),
    ("January 13, 2010 10:54 AM ET", "2010-01-13T10:54:00-05:00"),
    ("", ""),
])
def test_readers_dates_normalise_real_formats(raw, iso):
    assert normalise(raw) == iso


def test_readers_dates_relative_only_with_a_base():
    with pytest.raises(DateProblem, match="relative"):
        normalise("yesterday")
    with pytest.raises(DateProblem, match="unreadable"):
        normalise("sometime soon")
    with pytest.raises(DateProblem):
        normalise("99999999999999")
    base = datetime(2019, 4, 27, 8, 0, tzinfo=timezone.utc)
    assert normalise("yesterday", base) == "2019-04-26"
    assert normalise("3 hours ago", base) == "2019-04-27T05:00:00+00:00"


def test_readers_dates_records_jsonl_csv_normalised_bad_left_empty_reported_once(tmp_path, caplog):
    recs = [{"id": 1, "text": BODY, "date": "April 26, 2019"}, {"id": 2, "text": BODY, "date": 1556272800},
            {"id": 3, "text": BODY, "date": "yesterday"}, {"id": 4, "text": BODY, "date": "soon-ish"},
            {"id": 5, "text": BODY, "published": "2019-04-26T10:00:00+02:00"}]
    p = tmp_path / "recs.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs))
    with caplog.at_level(logging.WARNING, logger="newsprism.readers"):
        got = [a.date for a in readers.read(str(p))]
    assert got == ["2019-04-26", "2019-04-26T10:00:00+00:00", "", "", "2019-04-26T10:00:00+02:00"]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "2 date(s)" in lines[0] and "yesterday" in lines[0]
    c = tmp_path / "recs.csv"
    c.write_text("id,text,date\n1," + BODY.replace(",", "") + ",26/04/2019\n")
    assert [a.date for a in readers.read(str(c))] == ["2019-04-26"]


def test_readers_dates_relative_resolved_against_crawl_field_or_ingest_when_asked(tmp_path):
    p = tmp_path / "recs.jsonl"
    p.write_text(json.dumps({"id": 1, "text": BODY, "date": "yesterday", "crawled": "2019-04-27T08:00:00Z"}))
    assert [a.date for a in readers.read(str(p), relative_dates="crawled")] == ["2019-04-26"]
    (a,) = readers.read(str(p), relative_dates="ingest")
    assert a.date and a.date[:4].isdigit()
    assert [a.date for a in readers.read(str(p), on_error=lambda e: None)] == [""]


def test_readers_dates_feed_and_html_keep_time_and_zone(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Island Daily</title>
<item><title>Pier reopens</title><link>http://x.example/a</link><pubDate>Fri, 26 Apr 2019 10:00:00 -0400</pubDate>
<description>{BODY}</description></item></channel></rss>""")
    (a,) = readers.read(str(feed))
    assert a.date == "2019-04-26T10:00:00-04:00"
    page = tmp_path / "p.html"
    page.write_text(f"""<!doctype html><html><head><title>Pier reopens</title>
<meta property="article:published_time" content="2019-04-26T10:00:00+02:00"></head>
<body><article><h1>Pier reopens</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>""")
    (h,) = readers.read(str(page))
    assert h.date == "2019-04-26T10:00:00+02:00"
