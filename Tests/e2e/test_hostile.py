"""Oversized bodies against a real server (the in-process tests hand bodies over whole, so only a real
socket shows the limits): 413 with a clear message, as JSON for the API and as a page for forms."""
import requests

from conftest import csrf_from, demo_emails, run, sign_in


def test_oversized_bodies_get_413_with_a_clear_message(demo, sqlite_env):
    server, printed = demo
    admin, _leader, password = demo_emails(printed)
    token = run(["token", "create", "--email", admin, "--name", "big"], sqlite_env).strip().splitlines()[-1]
    big = b'{"title":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    api = requests.post(server.url + "/api/v1/deals", data=big,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                 "Accept-Language": "en"})
    assert api.status_code == 413 and api.json()["error"]["message"] == "The request is too large."

    browser = requests.Session()
    sign_in(browser, server.url, admin, password)
    form = browser.get(server.url + "/admin/teams/new").text
    page = browser.post(server.url + "/admin/teams/new",
                        data={"csrfToken": csrf_from(form), "name": "x" * (2 * 1024 * 1024)})
    assert page.status_code == 413 and "<title>" in page.text and "The request is too large." in page.text
    # The server is fine afterwards.
    assert browser.get(server.url + "/admin/teams").status_code == 200
