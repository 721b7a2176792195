"""The HTML review page: escaped, self-contained, every mention highlighted, deals as cards; checked in Chromium."""

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipeline.review import COLOURS, marks_of, page_name, render_page, write_site

from conftest import ROOT, run_cli

TEXT = (
    "Milano, 3 marzo 2025. Enel ha firmato un accordo per l'acquisizione del 30% di Alfa Energia per "
    "120 milioni di euro, pari a 4,5 euro per azione. L'intesa ha una durata di cinque anni e il closing "
    "è atteso entro giugno 2025.\nNel 2024 Beta Costruzioni ha registrato ricavi per 3 miliardi di euro."
)
HOSTILE = (
    'Enel compra Alfa. <script>window.__pwned = 1</script> <img src="x" onerror="window.__pwned = 2"> '
    '"</mark></section><script>window.__pwned=3</script>'
)


@pytest.fixture(scope="module")
def result(blank_extractor):
    return blank_extractor.extract(TEXT, "2025-03-03", "art-1")


def test_every_mention_is_highlighted_with_its_own_text(result):
    page = render_page(TEXT, result)
    for m in re.finditer(r'<mark class="m (\w+) (used|unused)"[^>]*data-label="(\w+)"[^>]*>([^<]*)</mark>', page):
        assert m.group(1).upper() == m.group(3)
    labels = set(re.findall(r'data-label="(\w+)"', page))
    assert labels == set(COLOURS), labels
    assert ">120 milioni di euro</mark>" in page
    assert page.count('class="card"') == len(result.deals) >= 1


def test_mentions_that_joined_no_deal_are_faded(result):
    marks = {(m.label, TEXT[m.start : m.end]): m for m in marks_of(TEXT, result)}
    assert marks[("AMOUNT", "120 milioni di euro")].deals
    assert not marks[("AMOUNT", "3 miliardi di euro")].deals  # revenue, no deal
    page = render_page(TEXT, result)
    assert re.search(r'<mark class="m amount unused"[^>]*>3 miliardi di euro</mark>', page)


def test_cards_link_to_evidence_spans_in_the_text(result):
    page = render_page(TEXT, result)
    links = re.findall(r'<a href="#(ev-\d+-\d+)" data-deal="0">', page)
    assert links
    for target in links:
        assert f'id="{target}"' in page


def test_article_text_is_escaped_and_the_page_is_self_contained(blank_extractor):
    page = render_page(HOSTILE, blank_extractor.extract(HOSTILE), title="<b>t</b>", url="javascript:alert(1)")
    assert "<script>window" not in page and "<img" not in page and "<b>t</b>" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page
    assert not re.search(r"<[a-z]+[^>]*\ssrc=|<link|@import|url\(", page)
    assert page.count("<script>") == 1


def test_page_names_are_safe_and_unique():
    names = {page_name(i, 0) for i in ("a/b.txt", "a_b.txt", "../../etc/passwd", "x" * 300, "")}
    assert len(names) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) and "/" not in n and not n.startswith(".") for n in names)


def test_index_lists_deals_by_confidence(tmp_path, blank_extractor):
    texts = [TEXT, "Oggi piove a Milano e non c'è nessuna notizia.", "Intesa Sanpaolo ha acquisito Beta Srl."]
    results = [blank_extractor.extract(t, None, f"doc{i}") for i, t in enumerate(texts)]
    assert write_site([(t, r, None, None) for t, r in zip(texts, results)], tmp_path) == 3
    index = (tmp_path / "index.html").read_text()
    confidences = [float(x) for x in re.findall(r'data-confidence="([-\d.]+)"', index)]
    assert confidences == sorted(confidences, reverse=True)
    for key in ("confidence", "type", "status"):
        assert f'data-key="{key}"' in index
    assert len(list(tmp_path.glob("*.html"))) == 4


def test_show_command_writes_a_page(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "a.html"
    proc = run_cli("show", str(article), "--published", "2025-03-03", "-o", str(out), "--model", "blank")
    assert proc.returncode == 0, proc.stderr.decode()
    page = out.read_text()
    assert "<!DOCTYPE html>" in page and ">120 milioni di euro</mark>" in page and "a.txt" in page
    bad = run_cli("show", str(article), "--published", "2025-13-45", "--model", "blank")
    assert bad.returncode == 2


def test_batch_html_writes_one_page_per_article_and_an_index(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "two.txt").write_text("Intesa Sanpaolo ha acquisito Beta Srl per 5 milioni di euro.", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    site = tmp_path / "site"
    proc = run_cli("batch", str(folder), "--model", "blank", "--html", str(site))
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.decode().splitlines()) == 3  # the JSONL still goes to stdout
    pages = sorted(p.name for p in site.glob("*.html"))
    assert len(pages) == 4 and "index.html" in pages
    index = (site / "index.html").read_text()
    for p in pages:
        if p != "index.html":
            assert f'href="{p}"' in index
    one = next(site.glob("one.txt-*.html")).read_text()
    assert ">120 milioni di euro</mark>" in one and 'href="index.html"' in one
    rejected = run_cli(
        "batch", str(folder), "--model", "blank", "--html", str(site), "--format", "parquet", "-o", str(tmp_path / "pq")
    )
    assert rejected.returncode == 2


# ---------------------------------------------------------------- in a real browser


def _chromium():
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


PROBE = """(function(){
var out={marks:[],focused:[]};
document.querySelectorAll('mark.m').forEach(function(m){var s=getComputedStyle(m),r=m.getBoundingClientRect();
 out.marks.push({label:m.getAttribute('data-label'),text:m.textContent,bg:s.backgroundColor,opacity:parseFloat(s.opacity),
 used:m.classList.contains('used'),w:r.width,h:r.height});});
out.scrollWidth=document.documentElement.scrollWidth;out.innerWidth=window.innerWidth;
var c=document.querySelector('.card');if(c){c.click();document.querySelectorAll('mark.focus').forEach(function(m){out.focused.push(m.textContent);});}
out.cards=document.querySelectorAll('.card').length;out.pwned=window.__pwned||null;
var p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify(out);document.body.appendChild(p);})();"""


def _in_browser(page: str, width: int = 390) -> dict:
    """Load ``page`` in headless Chromium at a phone's width and return what the probe script read off it."""
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium here (Debian package 'chromium'; .ci/run installs it)")
    digest = base64.b64encode(hashlib.sha256(PROBE.encode()).digest()).decode()
    page = page.replace("script-src 'sha256-", f"script-src 'sha256-{digest}' 'sha256-", 1)
    page = page.replace("</body></html>", f"<script>{PROBE}</script></body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        proc = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/profile",
                f"--window-size={width},900",
                "--virtual-time-budget=3000",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            timeout=120,
        )
    dom = proc.stdout.decode("utf-8", "replace")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, f"no probe output from {browser}: {proc.stderr.decode()[-2000:]}"
    import html

    return json.loads(html.unescape(found.group(1)))


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_chromium_shows_each_mention_highlighted_in_its_colour(result):
    seen = _in_browser(render_page(TEXT, result))
    marks = seen["marks"]
    assert {m["label"] for m in marks} == set(COLOURS)
    amount = next(m for m in marks if m["text"] == "120 milioni di euro")
    assert amount["label"] == "AMOUNT" and amount["used"] and amount["w"] > 0 and amount["h"] > 0
    for m in marks:
        if m["used"]:
            assert m["bg"] == _rgb(COLOURS[m["label"]]), m
            assert m["opacity"] == 1
        else:
            assert m["opacity"] < 1 and m["bg"] in ("rgba(0, 0, 0, 0)", "transparent"), m
    assert len({m["bg"] for m in marks if m["used"]}) == len({m["label"] for m in marks if m["used"]})
    revenue = next(m for m in marks if m["text"] == "3 miliardi di euro")
    assert not revenue["used"]
    assert seen["cards"] == len(result.deals)
    assert "120 milioni di euro" in seen["focused"]  # clicking the card points at its mentions
    assert seen["scrollWidth"] <= seen["innerWidth"]  # no sideways scrolling on a phone


def test_chromium_runs_no_script_from_the_article(blank_extractor):
    seen = _in_browser(render_page(HOSTILE, blank_extractor.extract(HOSTILE)))
    assert seen["pwned"] is None


def test_the_readme_screenshot_is_there():
    assert (ROOT / "docs" / "review.png").is_file()
    assert "docs/review.png" in (ROOT / "README.md").read_text()
