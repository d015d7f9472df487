"""The case workbench in a real headless Chromium, without JavaScript doing any of the work: a seller
opens a stuck deal, records an obstacle and an answer, makes two plans, compares them side by side,
chooses one with an owner and a date, records how it went, and reads the case in Norwegian."""
import datetime
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_browser import click_and_wait, fill, submit
from test_pipeline import sign_in


def test_a_seller_works_a_stuck_case_from_obstacle_to_outcome(browser, demo):
    server, printed = demo
    password = re.search(r"Password for everyone: (\S+)", printed).group(1)
    # A seller with a stuck deal of their own (the demo's open deals are few, and who has one stuck
    # depends on today's date), and that deal's case.
    for seller in re.findall(r"seller\s+(\S+)", printed):
        sign_in(browser, server, seller, password)
        browser.get(server.url + "/deals?stuck=true")
        if browser.find_elements(By.CSS_SELECTOR, "table tbody tr a"):
            break
    first = browser.find_element(By.CSS_SELECTOR, "table tbody tr a")
    title = first.text
    first.click()
    submit(browser, "a.button.primary[href$='/case']")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Case: " + title

    # Investigate: an obstacle, resolved later; an answer to the first question.
    Select(browser.find_element(By.ID, "field-categoryID")).select_by_visible_text("Price / budget")
    fill(browser, "detail", "The budget for this year is spent")
    submit(browser, "form[action$='/case/obstacles'] button[type=submit]")
    assert "Saved." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    obstacles = browser.find_element(By.ID, "obstacles").text
    assert "Price / budget" in obstacles and "The budget for this year is spent" in obstacles
    fill(browser, "answer-customer", "They fear downtime in the high season.")
    submit(browser, "#answer-customer button[type=submit]")
    assert "Last answered by" in browser.find_element(By.ID, "answer-customer").text
    screenshot(browser, "30-case")

    # Create: two plans, from the form with the idea prompts beside it.
    for plan_title, approach, risks in [
        ("Pilot first", "A paid pilot in one region", "The pilot drags on"),
        ("Split payment", "Spread the payment over two budget years", "Finance says no"),
    ]:
        browser.get(browser.current_url.split("#")[0])
        submit(browser, "#plans a.button")
        assert "Need more ideas?" in browser.find_element(By.CSS_SELECTOR, "aside.prompts").text
        fill(browser, "title", plan_title)
        fill(browser, "approach", approach)
        fill(browser, "risks", risks)
        submit(browser, "form[action$='/plans'] button.primary")
        assert "The plan is saved." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    screenshot(browser, "31-plan-form")

    # Compare side by side, choose B with an owner and a due date.
    submit(browser, "#plans a[href$='/plans']")
    # The demo may have given this deal plans already: ours are the last two columns.
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.compare thead th")]
    assert re.fullmatch(r"Plan [A-Z]: Pilot first", headers[-2]) and re.fullmatch(r"Plan [A-Z]: Split payment", headers[-1])
    rows = browser.find_element(By.CSS_SELECTOR, "table.compare tbody").text
    assert "The pilot drags on" in rows and "Finance says no" in rows
    screenshot(browser, "32-compare")
    choose = browser.find_elements(By.CSS_SELECTOR, "form[action$='/choose']")[-1]
    choose.find_element(By.XPATH, "./ancestor::details/summary").click()
    choose.find_element(By.NAME, "nextStep").send_keys("Meet the CFO with the numbers")
    due = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    browser.execute_script("arguments[0].value = arguments[1]", choose.find_element(By.NAME, "dueOn"), due)
    click_and_wait(browser, choose.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "The plan is chosen." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    status = browser.find_element(By.CSS_SELECTOR, "table.compare tbody").text
    assert "Considered alternative" in status and "Next step: Meet the CFO with the numbers" in status

    # Later: how it went.
    outcome = browser.find_elements(By.CSS_SELECTOR, "form[action$='/outcome']")[-1]
    outcome.find_element(By.XPATH, "./ancestor::details/summary").click()
    Select(outcome.find_element(By.NAME, "outcome")).select_by_value("partly")
    outcome.find_element(By.NAME, "outcomeNote").send_keys("Yes to year one, year two next autumn")
    click_and_wait(browser, outcome.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Outcome: Partly worked" in browser.find_element(By.CSS_SELECTOR, "table.compare tbody").text
    screenshot(browser, "33-chosen-and-outcome")

    # The same case in Norwegian, with its audit trail.
    submit(browser, "p a[href$='/case']")
    Select(browser.find_element(By.ID, "language-select")).select_by_value("nb")
    submit(browser, ".language-switch button")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Saken: " + title
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Pris / budsjett" in page and "Hva er det med denne kunden?" in page
    browser.find_element(By.CSS_SELECTOR, "#audit summary").click()
    audit = browser.find_element(By.ID, "audit").text
    assert re.search(r"valgte «[A-Z]: Split payment»", audit) and "la til hindringen Pris / budsjett" in audit
    screenshot(browser, "34-case-nb")
