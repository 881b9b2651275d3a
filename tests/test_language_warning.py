"""A non-English article gets one warning (brief, add) instead of silent English-only analysis. Invented texts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsprism import language
from newsprism.cli import main
from newsprism.model import Article

EN = ("Harbour workers in Port Elin began a strike on Monday, the union said. The port authority said forty "
      "ships were waiting outside the harbour and that talks with the operator would resume on Friday.")
DE = ("Die Hafenarbeiter in Port Elin sind am Montag in den Streik getreten, teilte die Gewerkschaft mit. "
      "Nach Angaben der Hafenbehörde warten vierzig Schiffe vor dem Hafen, und die Gespräche mit dem Betreiber "
      "sollen am Freitag weitergehen.")
FR = ("Les dockers de Port Elin se sont mis en grève lundi, a indiqué le syndicat. Selon l'autorité portuaire, "
      "quarante navires attendent devant le port et les discussions avec l'exploitant reprendront vendredi.")


def test_language_detects_english_fast_and_others_with_the_model():
    assert language.detect(EN) == ("en", 1.0)  # function words decide; the model is not needed
    assert language.detect(DE)[0] == "de" and language.detect(DE)[1] >= language.MIN_CONFIDENCE
    assert language.detect(FR)[0] == "fr"
    assert language.detect("Short line.") == ("", 0.0)


def test_language_one_warning_per_non_english_article():
    arts = language.tag([Article(id="en1", text=EN), Article(id="de1", text=DE, source="de.txt"),
                         Article(id="tiny", text="Kurz.")])
    assert [a.metadata.get("language") for a in arts] == ["en", "de", None]
    warns = [str(w) for w in language.warnings(arts)]
    assert len(warns) == 1 and warns[0].startswith("de.txt: ") and "'de'" in warns[0] and "English-only" in warns[0]
    assert language.warnings(arts)[0].reason == "not-english"


def test_language_warning_in_cli_brief_and_json(tmp_path):
    (tmp_path / "en.txt").write_text("Strike in Port Elin\n\n" + EN + "\n")
    (tmp_path / "fr.txt").write_text("Grève à Port Elin\n\n" + FR + "\n")
    res = CliRunner().invoke(main, ["brief", str(tmp_path / "en.txt"), str(tmp_path / "fr.txt"),
                                    "--backend", "tfidf", "--format", "json"])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("warning:")]
    assert len(lines) == 1 and "fr.txt" in lines[0] and "'fr'" in lines[0]
    problems = json.loads(res.stdout)["problems"]
    assert len(problems) == 1 and problems[0].startswith("warning: ") and "fr.txt" in problems[0]
    assert "not-english: 1" in res.stderr


def test_language_warning_in_cli_add(tmp_path):
    (tmp_path / "de.txt").write_text("Streik in Port Elin\n\n" + DE + "\n")
    res = CliRunner().invoke(main, ["add", str(tmp_path / "de.txt"), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == 0, res.output
    assert sum(ln.startswith("warning:") and "'de'" in ln for ln in res.stderr.splitlines()) == 1
