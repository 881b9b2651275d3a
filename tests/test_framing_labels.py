"""Framing: each label form (premodifier, appositive, copula, epithet) and who a label belongs to."""

from _handmade import article

from newsprism.entities import extract_entities
from newsprism.framing import frame


def _labels(arts, actor_word):
    frames, _ = frame(arts, extract_entities(arts))
    fr = next(f for f in frames if actor_word in f.actor)
    return {aid: {(lab.text, lab.how) for lab in labs} for aid, labs in fr.labels.items()}


def test_framing_premodifier_belongs_to_the_right_name():
    a = article("a", "President Anna Berg met Kenyan fisherman Lars Holm in Oslo. Holm thanked Berg.")
    b = article("b", "Anna Berg and Lars Holm spoke again on Monday. Holm left early.")
    holm = _labels([a, b], "Holm")
    berg = _labels([a, b], "Berg")
    assert ("fisherman", "premodifier") in holm["a"]
    assert ("president", "premodifier") not in holm["a"]
    assert ("president", "premodifier") in berg["a"]


def test_framing_appositive_and_copula():
    a = article("a", "Lars Holm, the leader of the dockworkers, spoke in Oslo. Lars Holm is a veteran negotiator.")
    b = article("b", "Lars Holm met the mayor on Monday. Holm said little.")
    holm = _labels([a, b], "Holm")
    assert ("leader", "appositive") in holm["a"]
    assert ("negotiator", "copula") in holm["a"]


def test_framing_epithet_resolves_to_salient_person():
    a = article("a", "Lars Holm arrived in Oslo on Monday. Holm met Anna Berg at the port. "
                     "Holm refused to answer questions. The stubborn strongman left after an hour.")
    b = article("b", "Lars Holm and Anna Berg met in Oslo. Holm spoke first.")
    holm = _labels([a, b], "Holm")
    assert ("strongman", "epithet") in holm["a"]
    berg = _labels([a, b], "Berg")
    assert ("strongman", "epithet") not in berg.get("a", set())


def test_framing_labels_cite_sentences():
    a = article("a", "The port was quiet. Kenyan fisherman Lars Holm arrived.")
    b = article("b", "Lars Holm spoke on Monday. Holm left.")
    frames, _ = frame([a, b], extract_entities([a, b]))
    fr = next(f for f in frames if "Holm" in f.actor)
    lab = next(x for x in fr.labels["a"] if x.text == "fisherman")
    assert lab.sentence_id == "a:s1" and "Kenyan" in lab.phrase


def test_framing_agent_nouns_need_a_verb_or_noun_base():
    from newsprism.framing import is_agent_noun
    assert all(is_agent_noun(w) for w in ("leader", "governor", "activist", "spokesman", "writer", "dictator"))
    assert not any(is_agent_noun(w) for w in ("water", "mirror", "after", "paper1"))
