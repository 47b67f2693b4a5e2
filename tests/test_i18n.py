"""Languages and units: the catalogues cover every text shown, units convert exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from dronedojo import i18n, units
from dronedojo.cli import app, console
from dronedojo.demo import EVENT_TEXT, MODE_TEXT
from dronedojo.fc import layout
from dronedojo.units import Units

SOURCES = Path(i18n.__file__).parent


def _marked() -> set[str]:
    """The msgids of the texts marked in the code, as ``make messages`` extracts them."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SOURCES),
        method_map=[("**.py", "python"), ("web/templates/**.html", "jinja2")],
        keywords=i18n.KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_text_shown_is_translated(lang: str) -> None:
    marked = _marked()
    assert len(marked) > 40  # the extraction found the demo's texts
    with i18n.catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert sorted(marked - entries.keys()) == [], f"not in {lang}: run `make messages`"
    assert sorted(entries.keys() - marked) == [], f"obsolete in {lang}: run `make messages`"
    untranslated = [k for k, m in entries.items() if not m.string or m.fuzzy]
    assert untranslated == [], f"untranslated or fuzzy in {lang}"
    for key, m in entries.items():  # the same {placeholders} on both sides
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            assert set(re.findall(r"{\w+}", s)) == set(re.findall(r"{\w+}", key)), s


def test_every_event_and_mode_has_a_text() -> None:
    assert EVENT_TEXT.keys() == set(layout.EVENTS)
    assert MODE_TEXT.keys() == set(layout.MODES)


def test_translator() -> None:
    fr = i18n.translator("fr")
    assert fr.gettext("gps lost") == "perte du GPS"
    assert fr._("armed") == "armé"
    assert i18n.translator("en").gettext("gps lost") == "gps lost"
    assert fr.gettext("not in the catalogue") == "not in the catalogue"
    assert fr.ngettext("one drone", "{n} drones", 1) == "one drone"
    assert fr.ngettext("one drone", "{n} drones", 3) == "{n} drones"
    with pytest.raises(ValueError, match="unknown language 'de'; supported languages: en, fr"):
        i18n.translator("de")


def test_defaults_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRONEDOJO_LANG", raising=False)
    monkeypatch.delenv("DRONEDOJO_UNITS", raising=False)
    assert i18n.default_language() == "en"
    assert units.default_system() == "metric"
    monkeypatch.setenv("DRONEDOJO_LANG", "fr")
    monkeypatch.setenv("DRONEDOJO_UNITS", "imperial")
    assert i18n.default_language() == "fr"
    assert units.default_system() == "imperial"
    monkeypatch.setenv("DRONEDOJO_UNITS", "furlongs")
    with pytest.raises(ValueError, match="metric, imperial"):
        units.default_system()


def test_conversion_constants_are_exact() -> None:
    assert units.FOOT == 0.3048
    assert units.MILE == 1609.344
    assert units.MILE == 5280 * units.FOOT
    assert units.KNOT == 1852 / 3600
    assert Units("imperial").to_length(0.3048) == 1.0
    assert Units("imperial").to_length(1609.344) == 5280.0
    assert Units("imperial").to_speed(1609.344 / 3600) == 1.0
    assert Units("metric", speed="kn").to_speed(1852 / 3600) == 1.0
    assert Units("metric", speed="km/h").to_speed(10.0) == 36.0
    assert Units("metric").to_length(12.5) == 12.5


def test_formatting() -> None:
    en, fr = Units("metric", "en"), Units("metric", "fr")
    assert en.length(12.345, 2) == "12.35 m"  # as f"{12.345:.2f}" rounds
    assert fr.length(12.345, 2) == "12,35 m"  # the French decimal comma
    assert fr.speed(5.0, 1) == "5,0 m/s"
    assert fr.number(1234.5, 1) == "1234,5"  # no grouping: the same figures as the f-strings
    assert en.number(-0.04, 1) == "-0.0"
    imperial = Units("imperial", "fr")
    assert imperial.length(30.48, 0) == "100 ft"
    assert imperial.height(3.048, 1) == "10,0 ft"
    assert imperial.speed(1609.344 / 3600 * 20, 1) == "20,0 mph"
    assert Units("imperial", "en", speed="kn").speed(1852 / 3600 * 12, 0) == "12 kn"
    with pytest.raises(ValueError, match="unknown unit system"):
        Units("nautical")


def test_demo_in_french_and_imperial_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 120)
    result = CliRunner().invoke(app, ["demo", "--lang", "fr", "--units", "imperial"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Démo de Drone Dojo" in text
    assert "hauteur ft" in text
    assert "│ armé │ position │" in text
    assert "perte du GPS │ altitude" in text
    assert "retour au point de départ" in text
    assert "changement de mode, retour │ retour" in text
    assert re.search(r"vent d’ouest de 11 mph", text)  # 5 m/s
    assert re.search(r"le vent l’a fait dériver de \d+,\d ft", text)
    assert re.search(r"s’est écrasé à \d+,\d mph", text)
    assert " m " not in text and "m/s" not in text


def test_demo_rejects_an_unknown_language_or_unit_system() -> None:
    result = CliRunner().invoke(app, ["demo", "--lang", "de"])
    assert result.exit_code == 2
    assert "supported languages: en, fr" in " ".join(result.output.replace("│", " ").split())
    result = CliRunner().invoke(app, ["demo", "--units", "furlongs"])
    assert result.exit_code == 2


def test_the_cli_messages_are_translated() -> None:
    result = CliRunner().invoke(app, ["demo", "--lang", "fr", "--airframe", "fpv-5inch"])
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "'fpv-5inch' n’est pas un drone caméra avec GPS" in text
