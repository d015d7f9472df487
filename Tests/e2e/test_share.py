"""Share in a real headless Chromium: a seller publishes a story from a won deal, finds it by another
form of a word in it, sees it among the similar cases of another deal with the same obstacle; a
leader sends a bulletin to the team and the seller marks it useful, and the leader sees the count."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_browser import click_and_wait, fill, submit
from test_pipeline import sign_in
from test_sparring import notice, teams_of

TITLE = "Sparringtest: rammeavtalen med kommunen reddet salget"
SITUATION = "Kommunene ville forlenge rammeavtalene uten konkurranse, og innkjøperne nølte."


def links(browser, css):
    return [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, css)]


def test_publish_find_see_as_similar_and_mark_a_bulletin_useful(browser, demo):
    server, printed = demo
    password = re.search(r"Password for everyone: (\S+)", printed).group(1)
    leaders = teams_of(printed)

    # A seller with a won deal whose case names an obstacle, and an open deal with an empty case.
    seller = won = empty = None
    for candidate in leaders:
        sign_in(browser, server, candidate, password)
        won = empty = None
        browser.get(server.url + "/deals?status=won")
        for link in links(browser, "table tbody tr a[href^='/deals/']")[:15]:
            browser.get(link + "/case")
            if browser.find_elements(By.CSS_SELECTOR, "li.obstacle"):
                won = link
                break
        browser.get(server.url + "/deals?status=open")
        for link in links(browser, "table tbody tr a[href^='/deals/']")[:15]:
            browser.get(link + "/case")
            if not browser.find_elements(By.CSS_SELECTOR, "li.obstacle"):
                empty = link
                break
        if won and empty:
            seller = candidate
            break
    assert seller, "no demo seller with a won deal with obstacles and an open deal without"

    # Publish: the form is drafted from the case, with its obstacle categories ticked.
    browser.get(won)
    submit(browser, "a[href$='/story']")
    assert browser.find_element(By.ID, "field-situation").get_attribute("value").strip() != ""
    ticked = [box.get_attribute("value") for box in browser.find_elements(
        By.CSS_SELECTOR, "input[name='categories[]']") if box.is_selected()]
    assert ticked, "the won deal's obstacle categories are ticked"
    fill(browser, "title", TITLE)
    fill(browser, "situation", SITUATION)
    submit(browser, "form[action$='/story'] button.primary")
    assert notice(browser) == "The story is published."
    story_url = browser.current_url.split("#")[0]
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(TITLE)
    screenshot(browser, "share-story")

    # Found by another form of a word: "rammeavtale" finds "rammeavtalen" and "rammeavtalene".
    browser.get(server.url + "/cases")
    fill(browser, "q", "rammeavtale")
    submit(browser, "form[role=search] button.primary")
    first = browser.find_element(By.CSS_SELECTOR, "#stories .story-card")
    assert first.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href") == story_url
    marked = [m.text.lower() for m in first.find_elements(By.TAG_NAME, "mark")]
    assert "rammeavtalene" in marked, marked
    screenshot(browser, "share-search")

    # Another deal with the same obstacle, told in the same words, is offered the story.
    browser.get(empty + "/case")
    Select(browser.find_element(By.ID, "field-categoryID")).select_by_value(ticked[0])
    # The obstacle told in the story's own words: whatever the deal's industry and size, the story
    # that shares the obstacle and the words is among the five.
    fill(browser, "detail", SITUATION)
    submit(browser, "form[action$='/obstacles'] button[type=submit]")
    browser.get(empty)
    similar = browser.find_element(By.ID, "similar-cases")
    cards = similar.find_elements(By.CSS_SELECTOR, ".story-card")
    ours = [card for card in cards if card.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href") == story_url]
    assert ours, [card.text for card in cards]
    assert "Same obstacle:" in ours[0].text
    assert "What beat this obstacle before" in browser.find_element(By.ID, "what-beat").text
    screenshot(browser, "share-similar")

    # The seller's leader sends a bulletin to the team; the seller marks it useful.
    leader = leaders[seller]
    sign_in(browser, server, leader, password)
    browser.get(server.url + "/bulletins/new")
    fill(browser, "title", "Sparringtest: nye innkjøpsregler i kommunene")
    fill(browser, "why", "Kommunale kunder kan forlenge avtaler uten konkurranse: spør om det i neste møte.")
    fill(browser, "text", "Fra nyttår gjelder nye terskelverdier for kommunale innkjøp.")
    browser.find_element(By.CSS_SELECTOR, "input[name='teams[]']").click()
    submit(browser, "form[action='/bulletins'] button.primary")
    assert notice(browser) == "The bulletin is sent."
    bulletin_url = browser.current_url.split("#")[0]

    sign_in(browser, server, seller, password)
    browser.get(server.url + "/bulletins")
    article = browser.find_element(By.CSS_SELECTOR, "article#bulletin-" + bulletin_url.rsplit("/", 1)[1])
    assert "Kommunale kunder kan forlenge avtaler" in article.text
    click_and_wait(browser, article.find_element(By.CSS_SELECTOR, "button[value='useful']"))
    assert notice(browser) == "Thank you: your mark is saved."
    pressed = browser.find_element(By.CSS_SELECTOR, "article#bulletin-" + bulletin_url.rsplit("/", 1)[1]
                                   + " button[aria-pressed='true']")
    assert pressed.text == "Useful"
    screenshot(browser, "share-bulletins")

    sign_in(browser, server, leader, password)
    browser.get(bulletin_url)
    assert "1 found it useful, 0 not relevant" in browser.find_element(By.CSS_SELECTOR, ".tally").text
