"""The translation layer: every text shown to users goes through a Translator.

The catalogues are gettext ``.po`` files, ``locale/<lang>/LC_MESSAGES/dronedojo.po`` beside
this module, read at run time with Babel (no compiled ``.mo`` files to build or commit).
Mark a text with ``_("...")`` (``t.gettext``), ``ngettext(singular, plural, n)``, or
``N_("...")`` for a text translated later; ``make messages`` updates the catalogues and
tests/test_i18n.py fails while a marked text is missing from a catalogue or untranslated.
"""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("en", "fr")
"""The languages with a catalogue, the default first."""
DOMAIN = "dronedojo"
LOCALE_DIR = Path(__file__).parent / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
"""The marking functions, as Babel's extractor takes them (argument positions)."""
ENV_VAR = "DRONEDOJO_LANG"


class Translator(Translations):
    """A gettext translator (``gettext``, ``ngettext``, alias ``_``) for one language."""

    language: str

    def _(self, message: str) -> str:
        return self.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for the catalogues without translating it (translated where shown)."""
    return message


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def check_language(lang: str) -> str:
    """``lang`` if it has a catalogue; a ValueError naming the supported languages if not."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; supported languages: {', '.join(LANGUAGES)}")
    return lang


def default_language() -> str:
    """The language from the environment (DRONEDOJO_LANG), else English."""
    return check_language(os.environ.get(ENV_VAR) or LANGUAGES[0])


@functools.cache
def translator(lang: str) -> Translator:
    """The translator for ``lang`` (one of LANGUAGES), read from its ``.po`` catalogue."""
    check_language(lang)
    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)  # in memory: gettext reads the compiled form
    mo.seek(0)
    t = Translator(mo, domain=DOMAIN)
    t.language = lang
    return t
