"""The leader's side in a real headless Chromium, on the demo organisation: the outcome dashboard with
every chart in English and Norwegian, the numbers behind a chart one click away, the leader's own page
with the team's view beside the self-assessment, a pulse round a seller answers anonymously, and the
allocation planner confirmed."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_browser import click_and_wait, submit
from test_pipeline import sign_in
from test_sparring import notice, teams_of

CHARTS = ["stuck-why", "heatmap", "unblock", "sparring-win", "sparring-cycle", "tactics", "pipeline"]


def drawn_charts(browser):
    """The charts whose SVG the browser laid out with a size (not only present in the markup)."""
    drawn = []
    for chart in CHARTS:
        for svg in browser.find_elements(By.CSS_SELECTOR, f"figure#{chart} svg"):
            if svg.size["width"] > 50 and svg.size["height"] > 20:
                drawn.append(chart)
    return drawn


def test_dashboard_in_both_languages_leadership_pulse_and_allocation(browser, demo):
    server, printed = demo
    password = re.search(r"Password for everyone: (\S+)", printed).group(1)
    sellers = teams_of(printed)
    seller, leader = next(iter(sellers.items()))

    sign_in(browser, server, leader, password)
    # The leader's pages hang together under "My leadership".
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "My leadership"))
    beside = browser.find_element(By.ID, "beside").text
    assert "Your sellers (latest round, " in beside
    assert browser.find_elements(By.CSS_SELECTOR, "figure#pulse-trend svg polyline")
    screenshot(browser, "40-leadership")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".subnav a[href='/dashboard']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Outcomes"
    assert drawn_charts(browser) == CHARTS
    # The numbers behind a chart are one click away.
    numbers = browser.find_element(By.CSS_SELECTOR, "figure#pipeline details")
    assert not numbers.find_element(By.TAG_NAME, "table").is_displayed()
    numbers.find_element(By.TAG_NAME, "summary").click()
    table = numbers.find_element(By.TAG_NAME, "table")
    assert table.is_displayed() and "Options created" in table.text
    screenshot(browser, "41-dashboard")

    Select(browser.find_element(By.ID, "language-select")).select_by_value("nb")
    submit(browser, ".language-switch button")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Resultater"
    assert "Hvorfor avtaler sto fast" in browser.find_element(By.ID, "stuck-why").text
    assert drawn_charts(browser) == CHARTS
    screenshot(browser, "42-dashboard-nb")
    Select(browser.find_element(By.ID, "language-select")).select_by_value("en")
    submit(browser, ".language-switch button")

    # The demo's closed rounds show results; the leader opens a new round about themself.
    browser.get(server.url + "/pulse")
    leader_option = [o for o in browser.find_elements(By.CSS_SELECTOR, "#field-leader option")
                     if o.get_attribute("value")][0]
    Select(browser.find_element(By.ID, "field-leader")).select_by_value(leader_option.get_attribute("value"))
    submit(browser, "#open-round button[type=submit]")
    assert notice(browser).startswith("The round is open")
    round_url = browser.current_url
    assert "Results are shown when the round is closed." in browser.find_element(By.ID, "results").text

    # A seller of the team answers: every statement on the radio scale, and a comment.
    sign_in(browser, server, seller, password)
    browser.get(round_url)
    for fieldset in browser.find_elements(By.CSS_SELECTOR, "#answer fieldset.rating"):
        fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")[3].click()
    browser.find_element(By.ID, "field-comment").send_keys("Mer sparring, takk")
    screenshot(browser, "43-pulse-answer")
    submit(browser, "#answer button[type=submit]")
    assert browser.find_element(By.ID, "answered").text.startswith("Thank you")
    assert not browser.find_elements(By.ID, "results"), "a seller sees no results"

    # The planner: the proposal is ticked; the leader confirms it.
    sign_in(browser, server, leader, password)
    browser.get(server.url + "/allocation")
    assert "Expected value gained" in browser.find_element(By.ID, "plan-gain").text
    assert browser.find_elements(By.CSS_SELECTOR, "#plan input[name='granted[]']:checked")
    screenshot(browser, "44-allocation")
    submit(browser, "#plan button[type=submit]")
    assert notice(browser) == "The allocation is confirmed."
