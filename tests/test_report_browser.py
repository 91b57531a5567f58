"""The HTML report in a real browser: headless Chromium renders it to PNG and PDF with no network
request, draws the SVG charts, and prints it on the expected number of A4 pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
import report_repo
from conftest import Runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-default-browser-check",
    # Any request that slipped through would go to a closed local port and resolve no name.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
# Page 1: headline, line and owner tables, bar chart. Page 2: trend and Gantt. Then the details
# (changes, red items, coming due, goals, red/black list, formulas): one page, two for the quarter.
PAGES = {"weekly": ("2026-11-23", 3), "monthly": ("2026-12-01", 3), "quarterly": ("2026-10-01", 4)}
PROGRESS_BLUE, RED = (0x1F, 0x5F, 0xBF), (0xD9, 0x2D, 0x20)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="headless Chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "repo"
    report_repo.build(root)
    return root


def chromium(page: Path, tmp: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run Chromium on ``page``; return the process and every URL its network log saw."""
    assert CHROMIUM is not None, "CI must install Debian's chromium (see .ci/run)"
    netlog = tmp / "netlog.json"
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc, _urls(netlog)


def _urls(netlog: Path) -> list[str]:
    """The URLs of the requests the page made: those with an initiator. The browser's own background
    requests (update checks, clock sync) say "not an origin"; they go to the closed proxy port."""
    text = netlog.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # a log cut short at exit lacks its closing brackets
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    return [
        event["params"]["url"]
        for event in data.get("events", [])
        if "url" in event.get("params", {}) and event["params"].get("initiator", "not an origin") != "not an origin"
    ]


def external(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("file:", "data:", "about:"))]


def png_pixels(path: Path) -> set[tuple[int, int, int]]:
    """The distinct RGB colours of an 8-bit RGB or RGBA PNG, decoded with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    assert colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * channels
    previous, colours = bytearray(stride), set()
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        colours.update(tuple(line[i : i + 3]) for i in range(0, stride, channels))  # type: ignore[misc]
        previous = line
    return colours


@pytest.mark.parametrize("kind", list(PAGES))
def test_pdf_prints_on_the_expected_pages_without_a_request(cli: Runner, repo: Path, tmp_path: Path, kind: str) -> None:
    page = tmp_path / f"{kind}.html"
    assert cli("report", kind, "--as-of", PAGES[kind][0], "-f", "html", "-o", str(page), cwd=repo).exit_code == 0
    pdf = tmp_path / f"{kind}.pdf"
    proc, urls = chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.exists(), proc.stderr
    assert urls == []  # the page asked for nothing: no image, font, style sheet or script
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == PAGES[kind][1]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)


def test_screenshot_shows_the_charts(cli: Runner, repo: Path, tmp_path: Path) -> None:
    page = tmp_path / "monthly.html"
    assert cli("report", "monthly", "--as-of", "2026-12-01", "-f", "html", "-o", str(page), cwd=repo).exit_code == 0
    shot = tmp_path / "monthly.png"
    proc, urls = chromium(page, tmp_path, "--window-size=1000,2600", "--hide-scrollbars", f"--screenshot={shot}")
    assert shot.exists(), proc.stderr
    assert urls == []
    colours = png_pixels(shot)
    assert PROGRESS_BLUE in colours  # the bars and the trend line were drawn
    assert RED in colours  # the Gantt's red bars and the red counts


def test_dom_has_no_external_url_and_three_non_empty_charts(cli: Runner, repo: Path, tmp_path: Path) -> None:
    page = tmp_path / "monthly.html"
    assert cli("report", "monthly", "--as-of", "2026-12-01", "-f", "html", "-o", str(page), cwd=repo).exit_code == 0
    proc, urls = chromium(page, tmp_path, "--dump-dom")
    dom = proc.stdout
    assert urls == []
    assert not re.search(r"\s(?:src|href|xlink:href|action|poster|srcset)=", dom)
    assert "url(" not in dom
    assert "@import" not in dom
    charts = re.findall(r"<svg[^>]*class=\"chart\"[^>]*>(.*?)</svg>", dom, flags=re.S)
    assert len(charts) == 3  # line bars, trend, Gantt
    for chart in charts:
        assert re.search(r"<(rect|polyline)\b", chart)
    for width in re.findall(r"<rect[^>]*width=\"([\d.]+)\"", charts[0]):
        assert float(width) >= 0


def test_the_network_check_can_fail(tmp_path: Path) -> None:
    """A page that asks for an outside image shows up in the network log: the checks above can fail."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><img src="http://example.invalid/x.png">', encoding="utf-8")
    _, urls = chromium(page, tmp_path, "--dump-dom")
    assert external(urls) == ["http://example.invalid/x.png"]


def test_budget_report_draws_spent_against_budget_without_a_request(cli: Runner, tmp_path: Path) -> None:
    """The KPI and budget sections of examples/budget: a fourth chart, each line's spent share in its budget."""
    from conftest import ROOT

    shutil.copytree(ROOT / "examples" / "budget" / "plans", tmp_path / "plans")
    page = tmp_path / "june.html"
    result = cli("report", "monthly", "--as-of", "2026-07-01", "-f", "html", "-o", str(page), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    proc, urls = chromium(page, tmp_path, "--dump-dom")
    assert urls == []
    charts = re.findall(r"<svg[^>]*class=\"chart\"[^>]*>(.*?)</svg>", proc.stdout, flags=re.S)
    assert len(charts) == 4  # line bars, budget bars, trend, Gantt
    budget = re.search(r'<section id="budget".*?</section>', proc.stdout, flags=re.S)
    assert budget is not None
    outline = re.findall(r'<rect x="170" y="\d+" width="([\d.]+)" height="14" fill="none"', budget.group(0))
    spent = re.findall(r'<rect x="170.0" y="[\d.]+" width="([\d.]+)" height="10"', budget.group(0))
    assert len(outline) == len(spent) == 2
    # IM spent 94.4万 of 145万, EM 15.3万 of 17万: the filled share of each outline.
    shares = [float(s) / float(o) for s, o in zip(spent, outline, strict=True)]
    assert shares == pytest.approx([94.4 / 145, 15.3 / 17], abs=0.001)
