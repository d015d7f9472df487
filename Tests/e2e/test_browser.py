"""The main flows in a real headless Chromium: what a person does on day one."""
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import demo_emails, screenshot


def submit(driver, css):
    """Clicks a submit button and waits until the next page has replaced this one."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, css))


def click_and_wait(driver, element):
    """Clicks an element (a button in one of several forms) and waits for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        # Chromium reports an element of a page being unloaded either as stale or, mid-navigation,
        # as a node that "does not belong to the document": both mean the old page is gone.
        try:
            old.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True

    WebDriverWait(driver, 10).until(replaced)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def fill(driver, field, value):
    element = driver.find_element(By.ID, "field-" + field)
    element.clear()
    element.send_keys(value)


def test_setup_page_on_an_empty_database(browser, empty_server):
    browser.get(empty_server.url + "/")
    assert browser.current_url.endswith("/setup")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Set up Sparring"
    screenshot(browser, "01-setup-empty")

    # A mistake first: the error summary names the fields, and what was typed stays.
    fill(browser, "organisationName", "Fjordsalg AS")
    fill(browser, "name", "Kari Nordmann")
    fill(browser, "email", "kari@fjordsalg")
    fill(browser, "password", "short")
    submit(browser, "form[action='/setup'] button[type=submit]")
    summary = browser.find_element(By.ID, "error-summary")
    assert "E-mail: This is not a valid e-mail address." in summary.text
    assert "Password: Use at least 10 characters." in summary.text
    assert browser.find_element(By.ID, "field-organisationName").get_attribute("value") == "Fjordsalg AS"
    screenshot(browser, "02-setup-errors")

    fill(browser, "email", "kari@fjordsalg.no")
    fill(browser, "password", "et langt passord")
    fill(browser, "passwordConfirmation", "et langt passord")
    submit(browser, "form[action='/setup'] button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Welcome, Kari Nordmann"
    assert "Your organisation is ready" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    screenshot(browser, "03-setup-done")

    # Never again.
    browser.get(empty_server.url + "/setup")
    assert not browser.current_url.endswith("/setup")


def test_sign_in_language_switch_failed_sign_in_and_sign_out(browser, demo):
    server, printed = demo
    admin, leader, password = demo_emails(printed)

    browser.get(server.url + "/sign-in")
    fill(browser, "email", leader)
    fill(browser, "password", "not the password")
    submit(browser, "form[action='/sign-in'] button[type=submit]")
    assert "The e-mail address or password is wrong." in browser.find_element(By.ID, "error-summary").text
    assert browser.find_element(By.ID, "field-email").get_attribute("value") == leader
    screenshot(browser, "04-sign-in-failed")

    fill(browser, "password", password)
    submit(browser, "form[action='/sign-in'] button[type=submit]")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading.startswith("Welcome") or heading.startswith("Velkommen")
    assert "Team" in browser.find_element(By.CSS_SELECTOR, ".card").text  # the team the leader leads
    screenshot(browser, "05-leader-home")

    # The language switch is a plain form: choose, submit, same page in the other language.
    Select(browser.find_element(By.ID, "language-select")).select_by_value("nb")
    submit(browser, ".language-switch button")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Velkommen")
    screenshot(browser, "06-leader-home-nb")
    Select(browser.find_element(By.ID, "language-select")).select_by_value("en")
    submit(browser, ".language-switch button")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Welcome")

    # A leader sees no admin navigation.
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "nav a")]
    assert not any("/admin/" in link for link in links)

    submit(browser, "form[action='/sign-out'] button")
    assert browser.current_url.endswith("/sign-in")
    assert "You are signed out." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(server.url + "/profile")
    assert "/sign-in" in browser.current_url
    screenshot(browser, "07-signed-out")


def test_admin_creates_a_team_in_the_browser(browser, demo):
    server, printed = demo
    admin, leader, password = demo_emails(printed)
    browser.get(server.url + "/sign-in")
    fill(browser, "email", admin)
    fill(browser, "password", password)
    submit(browser, "form[action='/sign-in'] button[type=submit]")
    submit(browser, "nav a[href='/admin/teams']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 3
    submit(browser, "a[href='/admin/teams/new']")
    fill(browser, "name", "Team Sør")
    fill(browser, "addLeaders", leader)
    submit(browser, "form[action='/admin/teams/new'] button[type=submit]")
    assert browser.current_url.endswith("/admin/teams")
    assert "Team Sør" in browser.find_element(By.TAG_NAME, "table").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4
    screenshot(browser, "08-admin-teams")
