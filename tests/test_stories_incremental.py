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
    assert c.active == 1  # the old article left the window


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
