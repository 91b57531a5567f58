"""Plan text is untrusted: make it safe to show in a terminal, a table or Markdown."""

from __future__ import annotations

import re
import unicodedata

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes), then any other control or
# bidi-override character. Newlines and tabs become spaces so one value stays on one line.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]")
_BIDI = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_SPACE = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")


def clean(text: str) -> str:
    """``text`` with escape sequences, control and bidi-override characters removed."""
    if text.isprintable():  # every character changed below is unprintable: nothing to do
        return text
    text = _SPACE.sub(" ", _ESCAPES.sub("", text)).translate(_BIDI)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


_UNDECODABLE = re.compile("[\udc80-\udcff]")


def shown_name(name: str) -> str:
    """A file name as text: each byte that is not UTF-8 (kept by Python as a lone surrogate) as ``\\xff``."""
    return _UNDECODABLE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name)


def not_utf8(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (command-line arguments in a GBK locale)."""
    return bool(_UNDECODABLE.search(text)) or any("\ud800" <= ch <= "\udfff" for ch in text)


def visible(text: str) -> bool:
    """True when ``text`` shows something: not only blanks and zero-width (format) characters."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_invisible(text: str) -> str:
    """``text`` with control and bidi characters written out (``\\u202e``); lines and tabs kept."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def without_bidi(text: str) -> str:
    """``text`` minus bidi-override characters; for raw file lines, which YAML keeps free of other controls."""
    return text.translate(_BIDI)


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (newline and tab included)."""
    return (
        bool(_SPACE.search(text))
        or any(unicodedata.category(ch) == "Cc" for ch in text)
        or text.translate(_BIDI) != text
    )


_AUTOLINK = re.compile(r"(:|\bwww)(?=[/.])", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Text that renders literally in a GitHub Markdown table cell: no markup, HTML or mention."""
    text = _MD_SPECIAL.sub(r"\\\1", clean(text))
    # A zero-width joiner keeps GitHub from turning "@someone" into a mention, and bare
    # "https://…" or "www.…" into a link.
    return _AUTOLINK.sub("\\1\u200d", text.replace("@", "@\u200d"))


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and fullwidth characters take two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``width`` columns, ending with ``ellipsis`` when cut."""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis if width > 0 else ""


BOM = "\ufeff"


def split_bom(data: bytes) -> tuple[str, str]:
    """(the BOM or "", the text after it) of a UTF-8 file."""
    text = data.decode("utf-8")
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)
