"""A sparring session in a real headless Chromium: a seller asks for sparring on a stuck deal, the
leader cannot open the discussion with one suggestion, adds a second, they write to each other, a
suggestion becomes the chosen plan, and the seller gives a verdict. A blocking phrase typed in a
message is highlighted with the question that answers it."""
import datetime
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_browser import click_and_wait, fill, submit
from test_pipeline import sign_in


def teams_of(printed):
    """seller e-mail -> their leader's e-mail, from what `sparring demo` prints."""
    leaders, leader = {}, None
    for line in printed.splitlines():
        found = re.match(r"\s+(leader|seller)\s+(\S+)", line)
        if found and found.group(1) == "leader":
            leader = found.group(2)
        elif found:
            leaders[found.group(2)] = leader
    return leaders


def notice(browser):
    return browser.find_element(By.CSS_SELECTOR, ".notice").text


def test_a_seller_and_a_leader_spar_from_request_to_verdict(browser, demo):
    server, printed = demo
    password = re.search(r"Password for everyone: (\S+)", printed).group(1)
    leaders = teams_of(printed)

    # A seller with a stuck deal that has no sparring under way (the demo gave some deals sessions).
    deal_url = seller = None
    for candidate in leaders:
        sign_in(browser, server, candidate, password)
        browser.get(server.url + "/deals?stuck=true")
        for link in [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table tbody tr a")]:
            browser.get(link)
            if browser.find_elements(By.CSS_SELECTOR, ".actions a[href$='/sparring']"):
                deal_url, seller = link, candidate
                break
        if deal_url:
            break
    assert deal_url, "no seller with a stuck deal free for sparring"
    title = browser.find_element(By.TAG_NAME, "h1").text

    # The request is pre-filled from the case; the seller says what they want help with.
    submit(browser, ".actions a[href$='/sparring']")
    assert browser.find_element(By.ID, "field-context").get_attribute("value").strip() != ""
    fill(browser, "question", "How do I get this moving without a bigger discount?")
    submit(browser, "form[action$='/sparring'] button.primary")
    assert notice(browser) == "Your request is sent to your leader."
    session_url = browser.current_url.split("#")[0]
    assert "Waiting for suggestions" in browser.find_element(By.CSS_SELECTOR, ".lead").text

    # The leader finds it in the queue, gives one suggestion, and cannot open the discussion yet.
    sign_in(browser, server, leaders[seller], password)
    browser.get(server.url + "/sparring")
    assert title in browser.find_element(By.ID, "queue").text
    browser.get(session_url)
    fill(browser, "title", "A paid pilot in one region")
    fill(browser, "detail", "Start small now, the rest next budget year.")
    submit(browser, "form[action$='/suggestions'] button.primary")
    assert notice(browser) == "The suggestion is added."
    submit(browser, "form[action$='/ready'] button")
    assert "Give at least 2 suggestions before the discussion starts." in browser.find_element(
        By.CSS_SELECTOR, ".error-summary").text
    screenshot(browser, "40-sparring-one-suggestion")
    browser.get(session_url)
    fill(browser, "title", "Split the payment over two years")
    fill(browser, "detail", "So the CFO can say yes within this year's frame.")
    submit(browser, "form[action$='/suggestions'] button.primary")
    submit(browser, "form[action$='/ready'] button")
    assert notice(browser) == "The discussion is open."
    fill(browser, "text", "Which of the two fits how they buy?")
    submit(browser, "#thread > form button.primary")
    assert notice(browser) == "Sent."

    # The seller answers with a reflex; the page marks it and asks the opening question.
    sign_in(browser, server, seller, password)
    browser.get(session_url)
    fill(browser, "text", "Honestly, we can't do it that way with this customer.")
    submit(browser, "#thread > form button.primary")
    mark = browser.find_element(By.CSS_SELECTOR, "#thread mark.blocker")
    assert mark.text == "we can't do it that way"
    assert mark.get_attribute("title") == "What would have to be true for this to work?"
    assert "What would have to be true for this to work?" in browser.find_element(
        By.CSS_SELECTOR, "#thread .blocker-question").text
    screenshot(browser, "41-sparring-blocker")

    # The second suggestion becomes a plan on the case, and they agree on it with a follow-up.
    pilot = browser.find_elements(By.CSS_SELECTOR, "li.suggestion")[-1]
    click_and_wait(browser, pilot.find_element(By.CSS_SELECTOR, "form[action$='/plan'] button"))
    assert notice(browser) == "The suggestion is now a plan on the case."
    plan = Select(browser.find_element(By.ID, "field-planID")).first_selected_option.text
    assert plan.endswith("Split the payment over two years")
    fill(browser, "nextStep", "Meet the CFO with the two-year numbers")
    due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "field-followUpOn"), due)
    submit(browser, "form[action$='/agree'] button.primary")
    assert notice(browser) == "The plan is agreed and the follow-up is set for you both."
    assert "Next step: Meet the CFO with the two-year numbers" in browser.find_element(By.ID, "agreement").text

    # The verdict closes the session; the follow-up is on the seller's list.
    browser.find_element(By.CSS_SELECTOR, "input[name=verdict][value=yes]").click()
    submit(browser, "form[action$='/verdict'] button.primary")
    assert notice(browser) == "Thank you. The session is closed."
    assert "Left with a solution: Yes" in browser.find_element(By.ID, "agreement").text
    screenshot(browser, "42-sparring-closed")
    browser.get(server.url + "/follow-ups")
    assert "Meet the CFO with the two-year numbers" in browser.find_element(By.TAG_NAME, "main").text

    # On the case, the plan is the chosen one.
    browser.get(deal_url + "/plans")
    assert "Next step: Meet the CFO with the two-year numbers" in browser.find_element(
        By.CSS_SELECTOR, "table.compare tbody").text


def test_the_private_calendar_feed_parses_as_icalendar_and_can_be_revoked(demo):
    """The feed a calendar application subscribes to, read by the `icalendar` library."""
    import icalendar
    import requests

    from conftest import csrf_from, demo_emails, sign_in as sign_in_session

    server, printed = demo
    _, leader, password = demo_emails(printed)
    session = requests.Session()
    sign_in_session(session, server.url, leader, password)
    page = session.get(server.url + "/follow-ups")
    made = session.post(server.url + "/profile/calendar", data={"action": "create", "csrfToken": csrf_from(page.text)})
    assert made.status_code == 200
    url = re.search(r'id="calendar-url">([^<]+)<', made.text).group(1)

    feed = requests.get(url)  # no cookies: the secret in the address is the key
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = [component for component in calendar.walk("VEVENT")]
    # The demo's leader follows up the sessions agreed in their team.
    assert events, "the leader has follow-ups in the demo"
    for event in events:
        assert isinstance(event.decoded("DTSTART"), datetime.date)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(days=1)
        # A done follow-up is not a called-off one: calendars strike CANCELLED events through.
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["SUMMARY"]).startswith(("Follow up: ", "Følg opp: ", "✓ Done: ", "✓ Gjort: "))
    assert any(str(event["SUMMARY"]).startswith("✓") for event in events), "the demo's history has done follow-ups"
    assert all(str(event.get("URL", "")).startswith(server.url) for event in events), "each links to its source"
    listed = session.get(server.url + "/api/v1/follow-ups")  # the page's session is not an API token
    assert listed.status_code == 401

    page = session.get(server.url + "/follow-ups")
    session.post(server.url + "/profile/calendar", data={"action": "revoke", "csrfToken": csrf_from(page.text)})
    assert requests.get(url).status_code == 404
