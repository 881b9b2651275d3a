"""clean: general boilerplate, metadata and heading rules on invented articles."""

from __future__ import annotations

from newsprism.clean import clean, clean_batch
from newsprism.model import Article

BODY = (
    "Harbour officials in Lorvik approved the new ferry schedule on Monday, ending a dispute that had "
    "lasted most of the winter and divided the island's two councils.\n\n"
    "“We are glad this is settled,” said Maren Tolvo, the council chair."
)


def make(text: str, title: str = "Ferry schedule approved", **kw) -> Article:
    return Article(id="a1", title=title, raw_text=text, text=text, **kw)


def test_clean_comment_prompts_and_follow_line_removed_author_set():
    a = clean(make(BODY + "\n\nFollow Jana Pirell on Facebook and Twitter.\n\nAdd a comment\n\nSort by\n\n"
                   "There are no comments yet. Add your comment to start the conversation.\n\n"
                   "Please let us know if you're having issues with commenting."))
    assert a.author == "Jana Pirell"
    for bad in ("Follow", "Add a comment", "Sort by", "no comments yet", "commenting"):
        assert bad not in a.text
    assert len(a.removed) == 5
    assert a.text.endswith("the council chair.")


def test_clean_photo_caption_and_bare_credit_removed_whole():
    a = clean(make("Boats wait at the pier, Monday, in Lorvik. (XYZ Photo/Ola Brenn)\nXYZ Photo/Ola Brenn\n\n" + BODY))
    assert "Photo" not in a.text and "Ola Brenn" not in a.text and "Boats wait" not in a.text
    assert a.text.startswith("Harbour officials")


def test_clean_title_repeat_agency_standfirst_dateline():
    text = ("Northern Wire Agency\nFerry schedule approved\n"
            "'We are glad this is settled,' says council chair Maren Tolvo\n\n"
            "LORVIK, ISLANDIA – " + BODY.replace("We are glad", "We are glad"))
    a = clean(make(text))
    assert a.agency == "Northern Wire Agency"
    assert a.dateline == "LORVIK, ISLANDIA"
    assert a.text.startswith("Harbour officials")
    assert a.lead.startswith("'We are glad")
    assert "Ferry schedule approved" not in a.text


def test_clean_dateline_with_agency_in_parentheses():
    a = clean(make("OSTRAVIK (Reuters) - " + BODY))
    assert a.dateline == "OSTRAVIK" and a.agency == "Reuters"
    assert a.text.startswith("Harbour officials")


def test_clean_headings_kept_as_headings_not_body_sentences():
    text = BODY + "\n\nA long winter?\n\n" + BODY + "\n\n‘Fresh start’ for the islands\n\n" + BODY
    a = clean(make(text))
    assert a.headings == ["A long winter?", "‘Fresh start’ for the islands"]
    assert "A long winter?" in a.text  # kept in the text, flagged later as heading paragraphs


def test_clean_short_sentence_paragraph_is_not_a_heading():
    a = clean(make(BODY + "\n\nHe declined to comment.\n\n" + BODY))
    assert a.headings == []


def test_clean_batch_drops_lines_repeated_across_one_outlet():
    arts = []
    for i in range(4):
        t = f"Story number {i} tells of a different harbour and its boats, with many words in it.\n\n" \
            "Get the Island Daily morning briefing in your inbox\n\n" + BODY
        arts.append(Article(id=f"a{i}", title=f"Story {i}", outlet="Island Daily", raw_text=t, text=t))
    out = clean_batch(arts)
    assert all("morning briefing" not in a.text for a in out)
    assert all("Story number" in a.text for a in out)


def test_clean_keeps_nbsp_free_exact_text():
    a = clean(make("Harbour\u00a0officials met.  Then   they left.\n\n" + BODY))
    assert "\u00a0" not in a.text and "  " not in a.text


def test_clean_short_first_paragraph_stays_in_text():
    a = clean(make("The ferry is back.\n\n" + BODY))
    assert a.text.startswith("The ferry is back.") and a.lead == ""


def test_clean_seed_metadata_boilerplate_and_headings(shared):
    """Seed articles: metadata, boilerplate and headings as acceptance/seed_story.json lists them."""
    import json

    from newsprism import readers

    gold = json.loads((shared / "acceptance" / "seed_story.json").read_text())
    arts = clean_batch([a for p in sorted((shared / "seeds").glob("*.txt")) for a in readers.read(str(p))])
    by_id = {a.id: a for a in arts}
    for aid, meta in gold["metadata"].items():
        for k, v in meta.items():
            assert getattr(by_id[aid], k) == v
    for a in arts:
        for b in gold["boilerplate_removed"]:
            assert b not in a.text
    got = [h for a in arts for h in a.headings]
    assert got == gold["headings_not_sentences"]
