"""The docs site as legal staff receive it: opened from disk, searched offline (issue 16).

Two real MkDocs builds: an agency's own small site that names the ``discretion`` plugin in its
mkdocs.yml (through the installed entry point) for its own standard, and this project's site.
Each must link every page by its ``.html`` file (a directory link opens a folder listing from
disk), carry Material's offline search index (``search/search_index.js``), and show no
zero-width space (U+200B, the search plugin's word separator) in a title.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_package import EXPECTED_FINE, OWN_STANDARD

ROOT = Path(__file__).resolve().parent.parent
ZERO_WIDTH = "\u200b"


AGENCY_MKDOCS = """\
site_name: 某机关裁量基准
use_directory_urls: false
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - discretion:
      rules: rules
  - offline
nav:
  - 首页: index.md
  - 裁量基准目录: catalogue/index.md
"""

_HREF = re.compile(r'href="([^"]*)"')


def _build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def directory_links(site: Path, under: str) -> list[tuple[str, str]]:
    """Links in the pages under ``under`` that name a folder instead of a file."""
    found = []
    for page in sorted((site / under).rglob("*.html")):
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            target = href.split("#")[0].split("?")[0]
            if not target or re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor on the page, or an external address
            if target.endswith("/") or not re.search(r"\.[A-Za-z0-9]+$", target):
                found.append((str(page.relative_to(site)), href))
    return found


def offline_index(site: Path) -> list[dict[str, str]]:
    """The documents of the offline search index (a script that assigns the JSON index)."""
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    start = script.index("{")
    docs: list[dict[str, str]] = json.loads(script[start : script.rindex("}") + 1])["docs"]
    return docs


def _titles(site: Path) -> list[str]:
    titles = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        titles += re.findall(r"<title>(.*?)</title>", text, re.S)
        titles += re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", text, re.S)
    return titles


@pytest.fixture(scope="module")
def agency_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("agency")
    (project / "rules").mkdir()
    (project / "rules" / "dust.yaml").write_text(OWN_STANDARD, encoding="utf-8")
    # An example case with the figure from the statute and the general part's middle_40 band.
    (project / "rules" / "dust.cases.yaml").write_text(
        "cases:\n"
        "  - name: 单位一般情形\n"
        "    item: DUST-115\n"
        "    facts: {party_type: organisation}\n"
        f"    expect: {{penalties: {{fine: {{min: {EXPECTED_FINE['min']}, "
        f"max: {EXPECTED_FINE['max']}}}}}}}\n"
        "    source: 大气污染防治法第一百一十五条；总则 middle_40\n",
        encoding="utf-8",
    )
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# 某机关裁量基准\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(AGENCY_MKDOCS, encoding="utf-8")
    site = project / "site"
    done = _build(project, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_an_agency_site_gets_the_catalogue_of_its_own_standard(agency_site: Path) -> None:
    item = agency_site / "catalogue" / "agency.dust" / "DUST-115.html"
    text = item.read_text(encoding="utf-8")
    assert "施工工地未采取扬尘污染防治措施" in text
    assert "单位一般情形" in text  # the example case, evaluated at build time
    # The bundled general part the standard uses has its page too.
    assert (agency_site / "catalogue" / "cn.apl.general" / "index.html").is_file()


def test_an_agency_site_opens_from_disk(agency_site: Path) -> None:
    assert directory_links(agency_site, ".") == []
    docs = offline_index(agency_site)
    assert any("DUST-115" in d["location"] for d in docs)
    assert [d["title"] for d in docs if ZERO_WIDTH in d["title"]] == []


def test_an_example_case_that_no_longer_matches_stops_the_agency_build(tmp_path: Path) -> None:
    project = tmp_path / "agency"
    (project / "rules").mkdir(parents=True)
    (project / "rules" / "dust.yaml").write_text(OWN_STANDARD, encoding="utf-8")
    (project / "rules" / "dust.cases.yaml").write_text(
        "cases:\n  - name: 预期写错的案例\n    item: DUST-115\n    facts: {party_type: organisation}\n"
        "    expect: {penalties: {fine: {min: 10000, max: 37000}}}\n",
        encoding="utf-8",
    )
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(AGENCY_MKDOCS, encoding="utf-8")
    done = _build(project, tmp_path / "site")
    assert done.returncode != 0
    assert "预期写错的案例" in done.stdout + done.stderr


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    done = _build(ROOT, site)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.mark.packaging
def test_the_project_site_catalogue_has_no_directory_links(project_site: Path) -> None:
    assert (project_site / "catalogue" / "index.html").is_file()
    assert directory_links(project_site, "catalogue") == []
    assert directory_links(project_site, ".") == []


@pytest.mark.packaging
def test_the_project_site_searches_offline_without_zero_width_titles(project_site: Path) -> None:
    docs = offline_index(project_site)
    assert any(d["location"].startswith("catalogue/") for d in docs)
    assert [d["title"] for d in docs if ZERO_WIDTH in d["title"]] == []
    # The text stays segmented, so a Chinese word inside a sentence is still found.
    assert any(ZERO_WIDTH in d["text"] for d in docs)
    assert [t for t in _titles(project_site) if ZERO_WIDTH in t] == []


# -- in headless Chromium: the benchmark table at 390 px and 1280 px -------------------------------

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium")
browser_needed = pytest.mark.skipif(
    CHROMEDRIVER is None or CHROMIUM is None,
    reason="no chromium/chromedriver on this machine (make browser installs Debian's packages)",
)
ITEM_PAGE = "catalogue/cn.food-safety.fines/FSL-124.html"
INDEX_PAGE = "catalogue/index.html"
SHOTS = {390: ROOT / "docs" / "assets" / "catalogue-390.png",
         1280: ROOT / "docs" / "assets" / "catalogue-1280.png"}  # fmt: skip

# Every table cell's overflow, each table's width against its container, the page's width.
_MEASURE = """
const out = {cells: [], tables: [], page: document.documentElement.scrollWidth,
             right: [], view: window.innerWidth};
for (const t of document.querySelectorAll('.md-content table')) {
  const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
  if (t.scrollWidth > box.clientWidth + 1) out.tables.push([t.scrollWidth, box.clientWidth]);
}
for (const c of document.querySelectorAll('.md-content td, .md-content th')) {
  if (c.offsetParent === null) continue;  // hidden (the heading row of a card table)
  if (c.scrollWidth > c.clientWidth + 1) out.cells.push(c.innerText.slice(0, 40));
  if (c.getBoundingClientRect().right > window.innerWidth + 1) out.right.push(c.innerText.slice(0, 40));
}
return out;
"""

# The lines of each standard's name in the first table of the catalogue index.
_NAME_LINES = """
const rows = document.querySelector('.md-content table').tBodies[0].rows;
return Array.from(rows, r => {
  const a = r.cells[0].querySelector('a') || r.cells[0];
  const lh = parseFloat(getComputedStyle(a).lineHeight);
  return [a.innerText, Math.round(a.getBoundingClientRect().height / lh)];
});
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: Any, site: Path, page: str, width: int) -> None:
    driver.set_window_size(width, 1000)
    driver.get((site / page).as_uri())  # from disk, as legal staff open the zip


@browser_needed
@pytest.mark.packaging
@pytest.mark.parametrize("page", [ITEM_PAGE, INDEX_PAGE])
def test_no_table_cell_is_cut_off_at_390_px(project_site: Path, chromium: Any, page: str) -> None:
    _open(chromium, project_site, page, 390)
    seen = chromium.execute_script(_MEASURE)
    assert seen["view"] <= 390
    assert seen["cells"] == [], seen
    assert seen["tables"] == [], seen
    assert seen["right"] == [], seen
    assert seen["page"] <= 390, seen
    # The 从轻 row's amount shows whole: 食品安全法第一百二十四条, 货值不足一万元 5万–10万元,
    # lower_30 of the general part: 5万 + 30 % × 5万 = 6.5万.
    if page == ITEM_PAGE:
        assert "5万元–6.5万元" in chromium.find_element("css selector", ".md-content").text


@browser_needed
@pytest.mark.packaging
def test_standard_names_stay_short_on_a_desktop(project_site: Path, chromium: Any) -> None:
    _open(chromium, project_site, INDEX_PAGE, 1280)
    lines = chromium.execute_script(_NAME_LINES)
    assert lines, "the catalogue index has no standards table"
    assert [name for name, n in lines if n > 3] == [], lines
    assert chromium.execute_script(_MEASURE)["tables"] == []


@browser_needed
@pytest.mark.packaging
@pytest.mark.parametrize("width", sorted(SHOTS))
def test_screenshots_of_the_catalogue(
    project_site: Path, chromium: Any, width: int, tmp_path: Path
) -> None:
    # The committed screenshots are rewritten only when asked (DISCRETION_SCREENSHOT=1).
    _open(chromium, project_site, ITEM_PAGE if width == 390 else INDEX_PAGE, width)
    target = SHOTS[width] if os.environ.get("DISCRETION_SCREENSHOT") else tmp_path / "shot.png"
    assert chromium.save_screenshot(str(target))
    for shot in (target, SHOTS[width]):
        head = shot.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", shot
        assert int.from_bytes(head[16:20], "big") == width, shot  # the IHDR width


def test_each_body_cell_carries_its_column_heading() -> None:
    from discretion.catalogue._tables import label_cells

    page = (
        "<table>\n<thead>\n<tr>\n<th>裁量阶次</th>\n<th>罚款<em>幅度</em></th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td><strong>从轻</strong></td>\n<td>5万元–6.5万元</td>\n</tr>\n"
        '<tr>\n<td align="left">一般</td>\n<td>6.5万元–8.5万元</td>\n</tr>\n</tbody>\n</table>'
    )
    out = label_cells(page)
    assert re.findall(r'<td data-label="([^"]*)"', out) == ["裁量阶次", "罚款幅度"] * 2
    assert '<td data-label="裁量阶次" align="left">一般</td>' in out
    assert label_cells("<p>no table</p>") == "<p>no table</p>"
