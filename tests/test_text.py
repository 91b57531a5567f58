"""Untrusted text made safe: the helpers every renderer uses."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.text import cell_width, clean, has_control, md_escape, truncate, without_bidi


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("红\x1b[31m色\x1b[0m", "红色"),
        ("title\x1b]0;owned\x07 end", "title end"),
        ("a\nb\r\nc\td", "a b c d"),
        ("\u202eevil\u202c", "evil"),
        ("bell\x07 nul\x00 c1\x9b", "bell nul c1"),
        ("[bold]不是标记[/bold] :smile:", "[bold]不是标记[/bold] :smile:"),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_md_escape_leaves_no_markup_html_mention_or_link() -> None:
    escaped = md_escape("| <script>x</script> `code` *b* [l](u) @team https://a.example www.b.example")
    assert escaped == (
        "\\| \\<script\\>x\\</script\\> \\`code\\` \\*b\\* \\[l\\]\\(u\\) @\u200dteam "
        "https:\u200d//a.example www\u200d.b.example"
    )


def test_widths_and_truncation_count_terminal_cells() -> None:
    assert cell_width("IM-1 调研") == 9
    assert truncate("完成西南公司需求调研", 9) == "完成西南…"
    assert cell_width(truncate("完成西南公司需求调研", 9)) <= 9
    assert truncate("short", 9) == "short"


def test_control_detection() -> None:
    assert not has_control("市场组 A-1")
    for bad in ("a\nb", "a\tb", "a\x1bb", "a\u202eb", "a\u2028b"):
        assert has_control(bad), repr(bad)
    assert without_bidi("a\u202eb\u2066c") == "abc"


def _clean_reference(text: str) -> str:
    """clean() without its fast path for printable text."""
    import unicodedata

    from pmtasks.text import _BIDI, _ESCAPES, _SPACE

    text = _SPACE.sub(" ", _ESCAPES.sub("", text)).translate(_BIDI)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from(list("a 中\x1b[0m;]\\\x07\x9b\t\n\u2028\u2029\u202e\u200b\u3000\x85\xa0é\u0301😀")))
    | st.text()
)
def test_clean_fast_path_changes_nothing(raw: str) -> None:
    assert clean(raw) == _clean_reference(raw)
