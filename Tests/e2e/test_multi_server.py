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


def test_command_line_user_create_and_clear_configuration_errors(sqlite_env):
    import subprocess

    from conftest import BIN

    run(["demo"], sqlite_env)
    printed = run(["user", "create", "--email", "Ny.Selger@Nordlys.example", "--name", "Ny Selger", "--role", "seller"],
                  sqlite_env)
    assert "Created Ny Selger <ny.selger@nordlys.example> as seller." in printed
    assert re.search(r"Initial password: \S{16}", printed)
    token = run(["token", "create", "--email", "ny.selger@nordlys.example"], sqlite_env).strip().splitlines()[-1]
    server = Server(sqlite_env, free_port())
    try:
        me = requests.get(server.url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["user"]["name"] == "Ny Selger"
    finally:
        server.stop()

    # A duplicate is refused with the field named; nothing is created twice.
    duplicate = subprocess.run([BIN, "user", "create", "--email", "ny.selger@nordlys.example", "--name", "X"],
                               env=sqlite_env, capture_output=True, text=True, timeout=60)
    assert duplicate.returncode != 0
    assert "--email: This e-mail address is already in use." in duplicate.stdout + duplicate.stderr

    # A bad setting stops start-up with a message naming it.
    for name, value, expected in [("DATABASE_URL", "mysql://db/x", "DATABASE_URL"),
                                  ("SPARRING_PORT", "eighty", "SPARRING_PORT")]:
        env = dict(sqlite_env, **{name: value})
        failed = subprocess.run([BIN, "migrate"], env=env, capture_output=True, text=True, timeout=60)
        assert failed.returncode == 1
        assert f"configuration error: {expected}" in failed.stderr
