"""The texts the browser client shows, by key: one source of truth for both sides.

Keys and English texts are declared in Python (here and in the texts_* modules beside it)
with N_, so Babel puts them in the same gettext catalogues as everything else; a page gets
them translated in its boot data, and the TypeScript side looks them up by key (app/boot.ts
``t``). tests/web/test_client_texts.py checks that every key the client uses is declared.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from dronedojo import web
from dronedojo.i18n import translator


@functools.cache
def declared() -> dict[str, str]:
    """Every client text: key -> English text (from each ``web.texts_*`` module's TEXTS)."""
    out: dict[str, str] = {}
    for info in pkgutil.iter_modules(web.__path__):
        if info.name.startswith("texts_"):
            module = importlib.import_module(f"dronedojo.web.{info.name}")
            for key, text in module.TEXTS.items():
                if key in out and out[key] != text:
                    raise ValueError(f"client text key {key!r} declared twice")
                out[key] = text
    return out


def translated(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {key: t.gettext(text) for key, text in declared().items()}
