"""The language people read pmtasks in: English, or Simplified Chinese (zh-CN).

Human text is marked with :func:`_` (the gettext convention) and looked up in the catalog of the
language in use, ``pmtasks/locale/<lang>/LC_MESSAGES/pmtasks.po``, read as it is (no build step).
Machine formats (JSON, CSV, SARIF, JUnit, GitHub annotations) never go through it: their keys and
codes stay English. The language is chosen by ``--lang``, then ``PMTASKS_LANG``, then plan.yaml's
``lang:``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), and is English otherwise.
"""

from __future__ import annotations

import ast
import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh-CN")
CONTEXT = "\x04"  # between a message's context and the message, in a catalog's keys
DEFAULT = "en"
_LOCALE = Path(__file__).parent / "locale"
_CURRENT: ContextVar[str] = ContextVar("pmtasks_language", default=DEFAULT)


class Catalog(gettext.NullTranslations):
    """A gettext catalog read straight from a ``.po`` file."""

    def __init__(self, messages: Mapping[str, str]) -> None:
        super().__init__()
        self.messages = dict(messages)

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message


def parse_po(text: str) -> dict[str, str]:
    """``msgid`` → ``msgstr`` of a ``.po`` file (one form per message; comments and the header skipped).

    A message with a ``msgctxt`` is keyed as gettext keys it: the context, ``\\x04``, then the message.
    """
    messages: dict[str, str] = {}
    key: str | None = None
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if "".join(parts.get("msgid", [])) and "msgstr" in parts:
            context = "".join(parts["msgctxt"]) + CONTEXT if "msgctxt" in parts else ""
            messages[context + "".join(parts["msgid"])] = "".join(parts["msgstr"])

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            if key == "msgctxt" or (key == "msgid" and "msgid" in parts):  # a new message begins
                flush()
                parts = {}
            current = parts.setdefault(key, [])
            current.append(ast.literal_eval(rest))
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    flush()
    return messages


def po_path(lang: str) -> Path:
    return _LOCALE / lang.replace("-", "_") / "LC_MESSAGES" / "pmtasks.po"


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English needs none: its messages are the message IDs)."""
    path = po_path(lang)
    if lang == DEFAULT or not path.is_file():
        return gettext.NullTranslations()
    return Catalog(parse_po(path.read_text(encoding="utf-8")))


def normalize(value: str | None) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh-CN``; ``en_US`` → ``en``; anything else → None."""
    if not value:
        return None
    tag = value.split(".")[0].split("@")[0].replace("_", "-").lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag in ("c", "posix") or tag.startswith("en"):
        return "en"
    return None


def choose(option: str | None, env: Mapping[str, str], plan: str | None = None) -> str:
    """The language to use: ``--lang``, PMTASKS_LANG, plan.yaml's ``lang:``, the locale, English."""
    for value in (option, env.get("PMTASKS_LANG"), plan):
        if chosen := normalize(value):
            return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):  # the first one set decides, as in the C library
            return normalize(env[name]) or DEFAULT
    return DEFAULT


def use(lang: str) -> None:
    """Speak ``lang`` (one of LANGUAGES) from now on, in this context."""
    _CURRENT.set(lang if lang in LANGUAGES else DEFAULT)


def language() -> str:
    return _CURRENT.get()


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; :func:`_` translates it where it is shown."""
    return message


def _(message: str) -> str:
    """``message`` in the language in use."""
    return catalog(_CURRENT.get()).gettext(message)


def C_(context: str, message: str) -> str:
    """``message`` in the language in use, as said in ``context``: a short word that another part of
    pmtasks translates differently (gettext's ``pgettext``; ``msgctxt`` in the ``.po`` file)."""
    translated = catalog(_CURRENT.get()).gettext(context + CONTEXT + message)
    return message if translated.startswith(context + CONTEXT) else translated


@contextmanager
def english() -> Iterator[None]:
    """Speak English inside the block whatever the language in use (text machine formats carry)."""
    token = _CURRENT.set(DEFAULT)
    try:
        yield
    finally:
        _CURRENT.reset(token)
