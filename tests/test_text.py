"""Untrusted text made safe: the helpers every renderer uses."""

import pytest

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
