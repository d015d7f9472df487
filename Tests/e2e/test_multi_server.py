"""Two `sparring serve` processes on one PostgreSQL, as behind a round-robin load balancer."""
import re

import requests

from conftest import Server, csrf_from, demo_emails, free_port, run, sign_in


def test_sessions_tokens_and_conflicts_across_two_servers(postgres_env):
    env, _schema = postgres_env
    # Several servers: migrate once, apart, then start them without migrating.
    run(["migrate"], env)
    admin, leader, password = demo_emails(run(["demo"], env))
    a = Server(env, free_port(), extra=["--no-migrate"])
    b = Server(env, free_port(), extra=["--no-migrate"])
    try:
        startup = open(a.log.name).read()
        assert f"Sparring listening on http://127.0.0.1:{a.port} using PostgreSQL" in startup, startup

        # A session started on A works on B.
        browser = requests.Session()
        sign_in(browser, a.url, leader, password)
        profile = browser.get(b.url + "/profile", allow_redirects=False)
        assert profile.status_code == 200 and leader in profile.text

        # An API token made by the CLI works on both.
        token = run(["token", "create", "--email", leader, "--name", "e2e"], env).strip().splitlines()[-1]
        for server in (a, b):
            me = requests.get(server.url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200 and me.json()["user"]["email"] == leader

        # Two admins edit the same team at once, one on each server: one save wins, the other is told.
        first, second = requests.Session(), requests.Session()
        sign_in(first, a.url, admin, password)
        sign_in(second, b.url, admin, password)
        teams = first.get(a.url + "/admin/teams").text
        team_path = re.search(r'href="(/admin/teams/[0-9A-F-]{36})"', teams).group(1)
        form_a = first.get(a.url + team_path).text
        form_b = second.get(b.url + team_path).text
        version = re.search(r'name="version" value="(\d+)"', form_a).group(1)
        saved = first.post(a.url + team_path, data={"name": "Renamed on A", "version": version,
                                                    "csrfToken": csrf_from(form_a)}, allow_redirects=False)
        stale = second.post(b.url + team_path, data={"name": "Renamed on B", "version": version,
                                                     "csrfToken": csrf_from(form_b)}, allow_redirects=False)
        assert saved.status_code == 303
        assert stale.status_code == 409 and "Someone else changed this" in stale.text
        assert "Renamed on A" in first.get(b.url + "/admin/teams").text

        # Signing out on B ends the session on A too, even for a copy of the cookie.
        cookie = browser.cookies.get("sparring_session")
        out = browser.post(b.url + "/sign-out", data={"csrfToken": csrf_from(profile.text)}, allow_redirects=False)
        assert out.status_code == 303
        again = requests.get(a.url + "/profile", cookies={"sparring_session": cookie}, allow_redirects=False)
        assert again.status_code == 303 and "/sign-in" in again.headers["Location"]
    finally:
        a.stop()
        b.stop()


def test_api_errors_are_json_and_pages_follow_accept_language(demo):
    server, _ = demo
    # The real HTTP server refuses bodies over 1 MB before any handler runs.
    too_large = requests.post(server.url + "/sign-in", data={"email": "x" * (2 * 1024 * 1024)},
                              headers={"Accept-Language": "en"})
    assert too_large.status_code == 413 and "The request is too large." in too_large.text
    unauthorised = requests.get(server.url + "/api/v1/me")
    assert unauthorised.status_code == 401
    assert unauthorised.json()["error"]["code"] == "unauthenticated"
    assert "<h1>Logg inn</h1>" in requests.get(server.url + "/sign-in", headers={"Accept-Language": "nb"}).text
    assert "<h1>Sign in</h1>" in requests.get(server.url + "/sign-in", headers={"Accept-Language": "en"}).text
