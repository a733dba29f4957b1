"""The officers' form in headless Chromium (Debian's chromium + chromium-driver, via selenium).

The range shown comes from the Hebei township table for 大气法 Art. 119 ¶1 (LAW.md §3): 较轻
500–1 000, 较重 1 000–1 500, 严重 1 500–2 000 元. With the area unknown the page must show the
whole table, 500–2 000; once the area is entered as large, only 严重 remains, 1 500–2 000.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server_fixture import running

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMEDRIVER is None or CHROMIUM is None,
    reason="no chromium/chromedriver on this machine (make browser installs Debian's packages)",
)

# Every fact but the area and the attitudes known (an adult individual, dates inside the period).
KNOWN = (
    "party_type=individual&age=30&mental_capacity=full&facts_established=true"
    "&no_fault_proven=false&minor_violation=false&corrected_promptly=false&harm=none"
    "&first_violation=false&eliminated_harm=false&coerced_or_deceived=false"
    "&confessed_unknown=false&meritorious_service=false&other_statutory_mitigation=false"
    "&emergency_violation=false&endangers_safety=false&act_date=2020-02-01"
    "&act_end_date=2020-02-01&discovery_date=2020-03-01&major_public_interest=false"
    "&complex_case=false&large_area=&uncooperative=&refused_to_correct="
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from running(tmp_path_factory.mktemp("log") / "review.jsonl")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=420,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _fine(driver: Any) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    row = driver.find_element(By.CSS_SELECTOR, '#envelope tr[data-penalty="fine"]')
    return (
        row.find_element(By.CSS_SELECTOR, ".min").text,
        row.find_element(By.CSS_SELECTOR, ".max").text,
    )


def test_the_form_shows_the_range_and_narrows_it(base: str, browser: Any) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{base}/form/APL-119-1?{KNOWN}")
    assert "焚烧或者喷洒面积较大" in browser.page_source  # the Chinese label of large_area
    assert _fine(browser) == ("500元", "2,000元")
    Select(browser.find_element(By.ID, "f-large_area")).select_by_visible_text("是")
    # The panel is replaced as the answer arrives: a row read mid-swap is read again.
    wait = WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException])
    wait.until(lambda d: _fine(d) == ("1,500元", "2,000元"))
    # Then the recommendation and the Chinese justification.
    browser.find_element(By.CSS_SELECTOR, "button[name=evaluate]").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".justification"))
    text = browser.find_element(By.CSS_SELECTOR, ".justification").text
    assert "情节严重" in text
    print_link = browser.find_element(By.CSS_SELECTOR, "a.print").get_attribute("href")
    browser.get(print_link)
    assert "行政处罚裁量建议书" in browser.page_source


def test_screenshot_for_the_readme(base: str, browser: Any, tmp_path: Path) -> None:
    # Written where the README shows it only when asked (DISCRETION_SCREENSHOT=1), so the test
    # suite never rewrites a committed file.
    import os

    browser.set_window_size(1100, 1200)
    browser.get(f"{base}/form/APL-119-1?{KNOWN}")
    target = (
        Path("docs/assets/form.png")
        if os.environ.get("DISCRETION_SCREENSHOT")
        else tmp_path / "form.png"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
