"""The documentation site works opened from a folder or an extracted zip (file://, no network),
search included, and finds Vietnamese words typed without diacritics. Built with mkdocs and
searched in a real headless Chromium (Material reads the query from ``?q=``); skipped when either
is missing (.ci/run installs both)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
HOOK = ROOT / "tools" / "mkdocs_hooks" / "search_fold.py"


def _hook():
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install '.[docs]')")
    import importlib.util

    spec = importlib.util.spec_from_file_location("search_fold", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_folding_keeps_letters_and_drops_marks():
    hook = _hook()
    assert hook.fold("Dữ liệu Đồng Nai, trùng lặp, kiểm tra") == "Du lieu Dong Nai, trung lap, kiem tra"
    assert hook.folded_words("<p>Trùng lặp &amp; <b>thiếu hụt</b> LGSP</p>") == "Trung lap thieu hut"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install '.[docs]')")
    pytest.importorskip("material", reason="mkdocs-material is not installed (pip install '.[docs]')")
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    # as a user gets it: zipped, sent, extracted somewhere else
    archive = out.parent / "site.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(out.rglob("*")):
            z.write(path, path.relative_to(out).as_posix())
    extracted = out.parent / "extracted" / "tài liệu archtool"  # a folder name with diacritics and a space
    with zipfile.ZipFile(archive) as z:
        z.extractall(extracted)
    return extracted


def test_no_page_loads_anything_from_the_network(site: Path):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//', text)
        assert not loads, (page.relative_to(site), loads)
        assert "unpkg.com" not in text, page
    assert (site / "search" / "search_index.js").is_file()  # the index inlined: no fetch from file://


def search(site: Path, page: str, query: str) -> list[str]:
    """The result titles Material shows for ``query`` typed on ``page`` (opened from file://)."""
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (CI installs Debian 'chromium')")
    url = (site / page).as_uri() + "?q=" + query.replace(" ", "%20")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=20000",
                               "--dump-dom", url], capture_output=True, timeout=180)
    dom = done.stdout.decode("utf-8", "replace")
    assert "md-search-result" in dom, done.stderr.decode("utf-8", "replace")[-2000:]
    titles = re.findall(r'<article class="md-search-result__article[^>]*>.*?<h[12]>(.*?)</h[12]>', dom, re.S)
    return [html.unescape(re.sub(r"<span hidden[^>]*>.*?</span>|<[^>]+>", "", t)).strip() for t in titles]


@pytest.mark.parametrize(("page", "query", "expected"), [
    ("index.html", "trung lap", "Trùng lặp và thiếu hụt"),
    ("index.html", "trùng lặp", "Trùng lặp và thiếu hụt"),
    ("howto/check.html", "kiem tra", "Kiểm tra mô hình"),
    ("reference/rules.html", "thieu hut", "Trùng lặp và thiếu hụt"),
    ("index.html", "duplication", "duplication"),
])
def test_search_works_from_file_urls_with_and_without_diacritics(site: Path, page, query, expected):
    titles = search(site, page, query)
    assert titles, f"no result for {query!r} on {page}"
    assert any(expected.lower() in t.lower() for t in titles[:3]), titles[:5]
    assert not any("<span" in t or "hidden" in t for t in titles)  # the folded copy stays hidden
