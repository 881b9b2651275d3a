"""Entities: spelling variants joined, surnames linked, different people with one surname kept apart."""

from _handmade import article

from newsprism.entities import extract_entities


def _persons(arts):
    return {e.name: e for e in extract_entities(arts) if e.kind == "person"}


def test_entities_spelling_variants_and_surname_join():
    a = article("a", "Prime Minister Park Min-jun arrived in Oslo on Monday. Park said the talks went well. "
                     "Park later thanked the hosts.")
    b = article("b", "Park Min Jun met Norwegian officials in Oslo. Park Min Jun left on Tuesday.")
    ps = _persons([a, b])
    parks = [e for e in ps.values() if "Park" in e.name]
    assert len(parks) == 1, ps.keys()
    e = parks[0]
    assert {"Park Min-jun", "Park Min Jun", "Park"} <= set(e.variants)
    assert e.count == 5 and {c.article_id for c in e.mentions} == {"a", "b"}
    assert any("Prime Minister" in t or "Minister" in t for t in e.titles), e.titles


def test_entities_same_surname_different_people_not_merged():
    a = article("a", "Park Min-jun met Park So-yeon in Oslo on Monday. Park Min-jun spoke first. "
                     "Park So-yeon, a professor at Bergen University, said the visit mattered. "
                     "Jane Doe and John Doe watched from the gallery.")
    names = set(_persons([a]))
    for n in ("Park Min-jun", "Park So-yeon", "Jane Doe", "John Doe"):
        assert n in names, names


def test_entities_surname_goes_to_most_salient_full_name():
    a = article("a", "Park Min-jun met Park So-yeon in Oslo. Park Min-jun spoke for an hour. "
                     "Park Min-jun then left. Park said he was pleased.")
    ps = _persons([a])
    assert "Park" in ps["Park Min-jun"].variants
    assert "Park" not in ps["Park So-yeon"].variants


def test_entities_role_with_a_shared_surname_picks_the_person_with_a_fitting_role():
    """'analyst Park' is the Park described as a professor, not the more salient president Park."""
    a = article("a", "President Park Min-jun met the press in Oslo. Park Min-jun spoke for an hour. "
                     "Park said the talks went well. Park So-yeon, a professor at Bergen University, "
                     "said the visit mattered. Analyst Park also doubted the deal would last. "
                     "Park then left for the airport.")
    ps = _persons([a])
    prof, pres = ps["Park So-yeon"], ps["Park Min-jun"]
    assert prof.count == 2, prof.variants
    assert "analyst" in [t.lower() for t in prof.titles]
    assert "analyst" not in [t.lower() for t in pres.titles]
    assert pres.count == 4  # a bare surname without a role still goes to the most salient


def test_entities_titles_possessive_and_country_variants():
    a = article("a", "Foreign Minister Elena Varga flew to Kenya. Varga’s aides stayed in the U.S. for talks.")
    b = article("b", "Elena Varga spoke to Kenyan reporters. The US said nothing.")
    ents = extract_entities([a, b])
    varga = next(e for e in ents if e.name == "Elena Varga")
    assert "Foreign Minister" in varga.titles and "Varga" in varga.variants
    assert not any("’s" in v for e in ents for v in e.variants)
    us = [e for e in ents if e.kind == "place" and {"US", "U.S."} & set(e.variants)]
    assert len(us) == 1 and {"US", "U.S."} <= set(us[0].variants)
    kenya = next(e for e in ents if e.name == "Kenya")
    assert "Kenyan" in kenya.variants


def test_entities_mentions_cite_sentences():
    a = article("a", "The weather was calm. Elena Varga arrived in Oslo. Varga left at noon.")
    varga = next(e for e in extract_entities([a]) if e.name == "Elena Varga")
    assert varga.mentions[0].sentence_ids == ["a:s1", "a:s2"]


def test_entities_context_types_names_the_tagger_guesses_wrong():
    # spaCy's small model tags such invented names as persons; the sentence says what they are
    a = article("a", "Water reached the village of Morrow Bend within minutes. Residents of Morrow Bend fled. "
                     "Residents had warned Kelvane Hydro, the company that runs the dam, about cracks. "
                     "Kelvane Hydro rejected the claim.")
    kinds = {e.name: e.kind for e in extract_entities([a])}
    assert kinds.get("Morrow Bend") == "place", kinds
    assert kinds.get("Kelvane Hydro") == "org", kinds


def test_entities_role_of_a_body_is_still_a_person():
    """'Secretary of the Board X': the role's head is 'secretary', so X stays a person."""
    a = article("a", "The talks stalled after Freedonia asked for Deputy Secretary of State Mara Quell to leave. "
                     "Mara Quell said she would stay.")
    kinds = {e.name: e.kind for e in extract_entities([a])}
    assert kinds.get("Mara Quell") == "person", kinds


def test_entities_field_of_a_role_is_not_an_organisation():
    a = article("a", "It was a fair deal, said Oren Palt, professor of Baltic Studies at Vessen University. "
                     "Palt spoke to the Ministry of Coastal Affairs on Monday.")
    kinds = {e.name: e.kind for e in extract_entities([a])}
    assert "Baltic Studies" not in kinds, kinds
    assert kinds.get("Vessen University") == "org", kinds


def test_entities_dateline_names_are_places():
    # the tagger reads 'Ostwick' as a person in both sentences; the dateline says it is a place
    a = article("a", "Ostwick opened two more halls on Monday. Ostwick said the roads were closed.",
                dateline="OSTWICK, NORTH VALE")
    kinds = {e.name: e.kind for e in extract_entities([a])}
    assert kinds.get("Ostwick") == "place", kinds


def test_entities_role_word_at_sentence_start_is_not_part_of_the_name():
    a = article("a", "Farmer Liesel Varga said she sent photographs of the cracks in April. "
                     "Varga said nobody answered. Teacher Oren Malik said the school had flooded.")
    ps = _persons([a])
    assert "Liesel Varga" in ps and "Farmer Liesel Varga" not in ps, ps.keys()
    assert "Oren Malik" in ps, ps.keys()
    assert "Farmer" in ps["Liesel Varga"].titles


def test_entities_time_zones_are_not_organisations():
    a = article("a", "The vote opened at 0700 GMT and closed at 1900 GMT. Observers from the Harlow Institute watched.")
    assert not [e for e in extract_entities([a]) if e.name == "GMT"]
