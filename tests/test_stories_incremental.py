"""Story clustering: same-event articles join, other events open stories, batches join earlier stories."""

from newsprism import stories
from newsprism.model import Article

FLOOD = [
    ("Floods cut off Marrowby as the river Tane bursts its banks",
     "Rescue teams in Marrowby evacuated two hundred residents after the river Tane burst its banks overnight. "
     "Mayor Ilsa Brandt said the flood barrier failed near the old mill."),
    ("Marrowby flood: mayor Brandt blames failed barrier",
     "Ilsa Brandt, mayor of Marrowby, said the Tane flood barrier gave way at the old mill, forcing evacuations. "
     "Rescue teams moved residents to the sports hall."),
    ("River Tane flood forces Marrowby evacuations",
     "The Tane flooded streets in Marrowby on Sunday. Residents were evacuated by rescue teams, and mayor Brandt "
     "promised an inquiry into the barrier at the mill."),
]
CHESS = [
    ("Teenager Oskar Lind wins Halvik chess open",
     "Oskar Lind, sixteen, won the Halvik chess open with a final-round victory over grandmaster Pavel Surin. "
     "The tournament drew players from thirty clubs."),
    ("Lind beats Surin to take Halvik title",
     "Grandmaster Pavel Surin resigned after forty moves, handing Oskar Lind the Halvik chess open title. "
     "Lind is the youngest winner in the tournament's history."),
]


def arts(pairs, prefix, date=""):
    return [Article(id=f"{prefix}{i}", title=t, text=x, date=date) for i, (t, x) in enumerate(pairs)]


def test_stories_two_events_two_stories():
    ids = stories.cluster(arts(FLOOD, "f") + arts(CHESS, "c"), min_words=0)  # these texts are short
    assert len(set(ids[:3])) == 1 and len(set(ids[3:])) == 1 and ids[0] != ids[3]


def test_stories_new_batch_joins_existing_story_or_opens_one():
    c = stories.Clusterer(min_words=0)
    first = c.add(arts(FLOOD[:2], "f"))
    second = c.add(arts(FLOOD[2:], "g") + arts(CHESS, "c"))
    assert second[0] == first[0]
    assert second[1] not in first and second[1] == second[2]


def test_stories_time_window_keeps_distant_dates_apart():
    c = stories.Clusterer(window_days=3, min_words=0)
    a = c.add(arts(FLOOD[:1], "f", date="2030-03-01"))
    b = c.add(arts(FLOOD[1:2], "g", date="2030-03-20"))
    assert a[0] != b[0]
    late = c.add(arts(FLOOD[2:3], "h", date="2030-03-02"))  # arrives late, dated near the first
    assert late[0] == a[0]  # the stream is not in date order: earlier articles stay comparable


def test_stories_active_set_is_capped_oldest_dates_leave_first():
    c = stories.Clusterer(window_days=3, min_words=0, max_active=2)
    c.add(arts(FLOOD[:1], "f", date="2030-03-10"))
    c.add(arts(FLOOD[1:2], "g", date="2030-03-01"))
    c.add(arts(CHESS[:1], "c", date="2030-03-20"))
    assert c.active == 2 and min(c._day) > stories._parse_date("2030-03-02")


def test_stories_entity_names_are_capitalised_runs():
    names = stories.entity_names("Mayor Ilsa Brandt met The Harbour Board in Marrowby. It rained.")
    assert "mayor ilsa brandt" in names and "brandt" in names and "marrowby" in names
    assert "it" not in names


def test_stories_thin_texts_stay_on_their_own():
    thin = [("", "Add a comment and sign in to share this page with friends.")] * 3
    ids = stories.cluster(arts(thin, "t") + arts(FLOOD, "f"), min_words=15)
    assert len(set(ids[:3])) == 3  # identical page chrome does not make a story
    assert len(set(ids[3:])) == 1


CHROME = "Share this story with your friends and follow our newsroom on every social network today."


def test_stories_repeated_paragraphs_are_dropped_before_matching():
    # the same chrome paragraph under two unrelated events would link them; seen 3+ times, it is dropped
    docs = [(t, x + "\n" + CHROME) for t, x in FLOOD[:1] + CHESS[:1]] + [("", CHROME + "\nUnrelated note.")]
    c = stories.Clusterer(min_words=0, threshold=0.05, boiler_df=3)
    ids = c.add(arts(docs, "b"))
    assert ids[0] != ids[1]
    assert stories.strip_boiler("Keep this short paragraph of words.\n" + CHROME, c.para_df) == \
        "Keep this short paragraph of words."
    off = stories.Clusterer(min_words=0, threshold=0.05, boiler_df=0).add(arts(docs, "b"))
    assert off[0] == off[1]  # without the cut the chrome joins them: the test above can fail


def test_stories_min_links_needs_two_members_of_a_big_story():
    c = stories.Clusterer(min_words=0, min_links=2)
    ids = c.add(arts(FLOOD, "f") + arts(CHESS, "c"))
    assert len(set(ids[:3])) == 1 and ids[3] != ids[0]


def _wire_story() -> tuple[str, str]:
    """An invented wire story of ~180 words in ten paragraphs."""
    paras = [
        "Rescue teams in Marrowby evacuated two hundred residents after the river Tane burst its banks overnight.",
        "Mayor Ilsa Brandt said the flood barrier failed near the old mill shortly after midnight on Sunday.",
        "Water reached the market square within an hour, and the fire service moved families to the sports hall.",
        "The regional weather office said three days of rain had fallen in a single night over the upper valley.",
        "Engineers from the river authority inspected the barrier at dawn and found a breach of about ten metres.",
        "Brandt promised an independent inquiry and said the council had asked for repairs to the barrier last year.",
        "Shops along the quay stayed closed, and the railway line to the coast was suspended until further notice.",
        "Forecasters expect the river to fall slowly over the week, though more rain is due on Thursday evening.",
        "Volunteers handed out blankets and hot meals at the hall, where about eighty people spent the night.",
        "Insurers said it was too early to estimate the cost, but several warehouses on the quay were flooded.",
    ]
    return "Marrowby evacuated as the Tane bursts its banks", "\n".join(paras)


def test_stories_wire_reprints_in_many_outlets_stay_one_story():
    """A wire story run by five outlets is all 'repeated paragraphs', but it is a reprint, not chrome."""
    title, text = _wire_story()
    reprints = [Article(id=f"w{i}", title=title, text=text, outlet=f"outlet{i}") for i in range(5)]
    c = stories.Clusterer()
    ids = c.add(reprints[:2]) + c.add(reprints[2:])
    assert len(set(ids)) == 1, ids
    assert stories.strip_boiler(text, c.para_df) == text
    # a short chrome line repeated under many pages is still cut from a page of its own text
    chrome_page = "\n".join(CHESS[0]) + "\n" + CHROME
    c.count_paragraphs([Article(id=f"x{i}", text=f"Note {i} on another topic entirely.\n" + CHROME) for i in range(3)])
    assert CHROME not in stories.strip_boiler(chrome_page, c.para_df)


def test_stories_thin_story_ids_leave_with_the_active_set():
    thin = [("", "Add a comment and sign in to share this page with friends.")]
    c = stories.Clusterer(min_words=15, max_active=5)
    for day in range(1, 30):
        c.add(arts(thin, f"d{day}-", date=f"2031-03-{day:02d}"))
    assert 0 < len(c._thin) <= 5, len(c._thin)
