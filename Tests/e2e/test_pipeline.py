"""The pipeline in a real headless Chromium: import a CRM export with a dry run, see the board,
open a stuck deal and snooze its flag."""
import datetime
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import demo_emails, screenshot
from test_browser import fill, submit

FIXTURES = os.path.join(os.path.dirname(__file__), "../Fixtures/imports")


def sign_in(browser, server, email, password):
    browser.get(server.url + "/sign-in")
    browser.delete_all_cookies()
    browser.get(server.url + "/sign-in")
    fill(browser, "email", email)
    fill(browser, "password", password)
    submit(browser, "form[action='/sign-in'] button[type=submit]")


def test_import_with_a_dry_run_then_the_board_a_stuck_deal_and_a_snooze(browser, demo):
    server, printed = demo
    admin, leader, password = demo_emails(printed)
    sign_in(browser, server, admin, password)

    # Import: upload, the dry run names the owners the organisation does not know; map them and confirm.
    browser.get(server.url + "/imports")
    Select(browser.find_element(By.ID, "field-source")).select_by_value("hubspot")
    browser.find_element(By.ID, "field-file").send_keys(os.path.abspath(os.path.join(FIXTURES, "hubspot-deals.csv")))
    submit(browser, "form[action='/imports/preview'] button[type=submit]")
    report = browser.find_element(By.ID, "report").text
    assert "Dry run: nothing is saved yet" in report
    assert "Unknown owner" in report and "Seller a" in report
    # Grouped by kind: the unknown owner once, with the rows it is in.
    assert re.search(r"“Seller a” (\d+ rows: \d+(, \d+)*|row \d+)", report), report
    assert browser.find_element(By.CSS_SELECTOR, "button[value=import]").get_attribute("disabled") is not None
    screenshot(browser, "20-import-dry-run-problems")
    for select in browser.find_elements(By.CSS_SELECTOR, "select[name^='owner.']"):
        Select(select).select_by_value("me")
    submit(browser, "button[value=dry-run]")
    report = browser.find_element(By.ID, "report").text
    assert "3 new deals, 0 updated, 6 stage changes" in report
    assert "problems" not in report
    screenshot(browser, "21-import-dry-run-clean")
    submit(browser, "button[value=import]")
    assert "The import is done: 3 new deals, 0 updated." in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(server.url + "/deals?q=Fjordkraft")
    assert "Fjordkraft rammeavtale" in browser.find_element(By.TAG_NAME, "table").text

    # The board: a column per open stage with counts and totals, cards with stuck badges.
    sign_in(browser, server, leader, password)
    browser.get(server.url + "/board")
    columns = browser.find_elements(By.CSS_SELECTOR, ".board .column h2")
    assert [c.text for c in columns] == ["Qualification", "Needs analysis", "Proposal", "Negotiation"]
    assert "Deals:" in browser.find_element(By.CSS_SELECTOR, ".column-totals").text
    assert "Forecast" in browser.find_element(By.CSS_SELECTOR, ".forecast").text
    screenshot(browser, "22-board")

    # Drag a card to the next column: it moves. A drag the server refuses (the deal changed since the
    # board was loaded, as from another tab) says so and leaves the card where it was.
    drag = """
        var card = arguments[0], column = arguments[1], data = new DataTransfer();
        card.dispatchEvent(new DragEvent("dragstart", {dataTransfer: data, bubbles: true}));
        column.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
        column.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        card.dispatchEvent(new DragEvent("dragend", {dataTransfer: data, bubbles: true}));
    """
    def first_card():
        return browser.find_element(By.CSS_SELECTOR, ".board .column:first-child .deal-card")
    moving = first_card().get_attribute("data-deal")
    second = browser.find_elements(By.CSS_SELECTOR, ".board .column")[1]
    browser.execute_script(drag, first_card(), second)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(
        By.CSS_SELECTOR, f".board .column:nth-child(2) .deal-card[data-deal='{moving}']"))
    in_second = f".board .column:nth-child(2) .deal-card[data-deal='{moving}']"
    stale = browser.find_element(By.CSS_SELECTOR, in_second)
    browser.execute_script("arguments[0].setAttribute('data-version', String(Number(arguments[1]) + 7))", stale,
                           stale.get_attribute("data-version"))
    browser.execute_script(drag, stale, browser.find_elements(By.CSS_SELECTOR, ".board .column")[2])
    message = WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.ID, "board-message") if b.find_element(By.ID, "board-message").is_displayed()
        else None)
    assert "was not moved" in message.text and "Reload the board" in message.text, message.text
    assert browser.find_elements(By.CSS_SELECTOR, in_second), "the card stays where it was"
    screenshot(browser, "22b-board-move-refused")

    # Open a stuck deal: the reason is in words.
    card = browser.find_element(By.CSS_SELECTOR, ".deal-card.is-stuck a")
    title = card.text
    card.click()
    stuck = browser.find_element(By.ID, "stuck").text
    assert "Why this deal is stuck" in stuck
    assert "days" in stuck
    screenshot(browser, "23-stuck-deal")

    # Snooze it: a past day is refused with the field named; a later day with a reason works.
    browser.find_element(By.CSS_SELECTOR, "#stuck summary").click()
    date_input = browser.find_element(By.ID, "field-until")
    today = datetime.date.today().isoformat()
    browser.execute_script("arguments[0].value = arguments[1]", date_input, today)
    submit(browser, "form[action$='/snooze'] button[type=submit]")
    summary = browser.find_element(By.ID, "error-summary").text
    assert "Until: Choose a day after today." in summary
    assert "Why it is not really stuck: Say why" in summary
    later = (datetime.date.today() + datetime.timedelta(days=21)).isoformat()
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "field-until"), later)
    fill(browser, "snoozeReason", "The customer's board meets in three weeks.")
    submit(browser, "form[action$='/snooze'] button[type=submit]")
    assert "The stuck flag is snoozed." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert "Snoozed until" in browser.find_element(By.ID, "stuck").text
    screenshot(browser, "24-snoozed")

    browser.get(server.url + "/deals/snoozed")
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "The customer's board meets in three weeks." in table
    assert title in table
