"""Stale privileges: a session and a token taken before a change of role, memberships or access have
only the rights after it, on SQLite and on PostgreSQL.

Each person below signs in and makes an API token, then an administrator (or the team's leader)
changes them through the pages and the API, as an administrator would:

- a Team Øst leader demoted to seller (first with the Leads boxes left as the form shows them, which
  the form refuses, then unticked);
- a second leader of Team Øst removed from its leaders on the team form;
- a Team Øst seller moved to Team Vest;
- a Team Nord seller invited as a guest into a Team Øst case, then removed from it;
- a second administrator made a leader of no team;
- a Team Øst seller deactivated, and another whose password an administrator reset.

Then every page route and every OpenAPI route, aimed at real Team Øst objects (the guest at the case
they were removed from), is sent with the old session and the old token, and again by a reference: a
new account that has from the start exactly the role and teams the changed person has now. A route the
changed person reaches where the reference is refused, or an answer holding Team Øst texts the
reference's does not, is a failure; the deactivated and reset people must be refused everywhere."""
import re
import uuid

import pytest
import requests

from conftest import PGURL, Server, base_env, csrf_from, free_port, run, sign_in
from probing import UNAIMED, Demo, body_for, database, demo_people, fill, routes

PASSWORD = "sparring-demo"


# Changing what was written: refused once the person may no longer send to the bulletin's teams, even
# though the bulletin is theirs.
MANAGING = {("PATCH", "/api/v1/bulletins/:bulletinID"), ("POST", "/api/v1/bulletins/:bulletinID/deals"),
            ("GET", "/bulletins/:bulletinID/edit"), ("POST", "/bulletins/:bulletinID/edit"),
            ("POST", "/bulletins/:bulletinID/deals")}


def personal(db, user_id):
    """What was addressed to the person by name or written by them, which stays theirs after any change
    (the pulse results are feedback to the leader rated; follow-ups and notifications are their own
    list; deals they own and stories they wrote stay theirs): (ids of such objects, the texts of the
    deals and questions they name)."""
    queries = [
        ("SELECT id, title AS text FROM bulletins WHERE author_id = ?", 1),
        ("SELECT id, NULL AS text FROM pulse_rounds WHERE leader_id = ?", 1),
        ("SELECT f.id, d.title AS text FROM follow_ups f JOIN deals d ON d.id = f.deal_id "
         "WHERE f.owner_id = ? OR f.coach_id = ?", 2),
        ("SELECT s.id, s.question AS text FROM sparring_sessions s WHERE s.requester_id = ? OR s.coach_id = ?", 2),
        ("SELECT s.deal_id AS id, d.title AS text FROM sparring_sessions s JOIN deals d ON d.id = s.deal_id "
         "WHERE s.requester_id = ? OR s.coach_id = ?", 2),
        ("SELECT n.id, d.title AS text FROM notifications n JOIN deals d ON d.id = n.deal_id WHERE n.user_id = ?", 1),
        ("SELECT id, title AS text FROM deals WHERE owner_id = ?", 1),
        # A case story is its author's write-up of their case: they keep it, as an owner keeps the deal.
        ("SELECT id, title AS text FROM case_stories WHERE author_id = ?", 1),
    ]
    ids, texts = set(), set()
    for query, count in queries:
        for row in db.execute(query, (user_id,) * count):
            ids.add(row["id"])
            if row["text"]:
                texts.add(row["text"])
    return ids, texts


def denied(answer):
    if answer.status_code in (401, 403, 404, 429):
        return True
    location = answer.headers.get("Location", "")
    return answer.status_code in (302, 303) and re.match(r"^/(sign-in|profile)(\?|$)", location) is not None


class Person:
    """A signed-in browser session and an API token, both taken now."""

    def __init__(self, base, env, email, password=PASSWORD):
        self.email = email
        self.session = requests.Session()
        sign_in(self.session, base, email, password)
        self.csrf = csrf_from(self.session.get(base + "/profile").text)
        self.token = run(["token", "create", "--email", email, "--name", "stale"], env).strip().splitlines()[-1]


class Admin:
    """The demo's administrator, changing people through the admin pages."""

    def __init__(self, base, env, email):
        self.base, self.person = base, Person(base, env, email)
        self.api = {"Authorization": f"Bearer {self.person.token}"}

    def users(self):
        return {u["email"]: u for u in requests.get(self.base + "/api/v1/users?includeDeactivated=true&limit=100", headers=self.api).json()["items"]}

    def save_person(self, email, role, member_of, leads, expect=303):
        user = self.users()[email]
        form = self.person.session.get(self.base + f"/admin/people/{user['id']}").text
        version = re.search(r'name="version" value="(\d+)"', form).group(1)
        data = [("csrfToken", csrf_from(form)), ("name", user["name"]), ("email", email), ("role", role),
                ("locale", ""), ("version", version)]
        data += [("memberOf[]", team) for team in member_of] + [("leads[]", team) for team in leads]
        answer = self.person.session.post(self.base + f"/admin/people/{user['id']}", data=data,
                                          allow_redirects=False)
        assert answer.status_code == expect, (email, answer.status_code, answer.text[:300])
        return answer

    def create_person(self, role, member_of=(), leads=()):
        email = f"ref-{uuid.uuid4().hex[:10]}@nordlys.example"
        form = self.person.session.get(self.base + "/admin/people/new").text
        data = [("csrfToken", csrf_from(form)), ("name", "Reference " + email[4:14]), ("email", email),
                ("role", role), ("locale", ""), ("password", PASSWORD)]
        data += [("memberOf[]", team) for team in member_of] + [("leads[]", team) for team in leads]
        answer = self.person.session.post(self.base + "/admin/people/new", data=data, allow_redirects=False)
        assert answer.status_code == 303, answer.text[:300]
        return email

    def post(self, path, data, expect=303):
        page = self.person.session.get(self.base + "/admin/people").text
        answer = self.person.session.post(self.base + path, data=[("csrfToken", csrf_from(page))] + data,
                                          allow_redirects=False)
        assert answer.status_code == expect, (path, answer.status_code, answer.text[:300])


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_session_or_token_taken_before_a_change_has_only_the_rights_after_it(engine, tmp_path):
    if engine == "sqlite":
        env = base_env(f"sqlite://{tmp_path}/sparring.sqlite")
    else:
        if not PGURL:
            pytest.skip("SPARRING_E2E_PGURL is not set (scripts/test sets it)")
        env = base_env(PGURL + f"?schema=stale_{uuid.uuid4().hex[:10]}")
    printed = run(["demo"], env)
    server = Server(env, free_port())
    try:
        walk(server.url, env, printed)
    finally:
        server.stop()


def walk(base, env, printed):
    people = demo_people(printed)
    admin = Admin(base, env, people["admin"][0])
    users = admin.users()
    east_leader = people["Team Øst"]["leader"][0]
    east = users[east_leader]["leads"][0]
    west = users[people["Team Vest"]["leader"][0]]["leads"][0]
    east_sellers = people["Team Øst"]["seller"]
    mover, doomed, reset = east_sellers[0], east_sellers[1], east_sellers[2]
    guest_email = people["Team Nord"]["seller"][0]
    north = users[guest_email]["memberOf"][0]

    # A second leader of Team Øst and a second administrator, made as an administrator would.
    second_leader = admin.create_person("leader", leads=[east])
    second_admin = admin.create_person("admin")

    # The guest: invited by Team Øst's leader into the case with the most in it.
    leader_api = {"Authorization": f"Bearer {Person(base, env, east_leader).token}"}
    db = database(env)
    focus = db.execute("""SELECT d.id FROM deals d WHERE d.team_id = ? ORDER BY
        (SELECT COUNT(*) FROM obstacles o WHERE o.deal_id = d.id) > 0
        + (SELECT COUNT(*) FROM plans p WHERE p.deal_id = d.id) > 0
        + (SELECT COUNT(*) FROM evidence_entries e WHERE e.deal_id = d.id) > 0
        + (SELECT COUNT(*) FROM buying_influences b WHERE b.deal_id = d.id) > 0
        + (SELECT COUNT(*) FROM sparring_sessions s WHERE s.deal_id = d.id) > 0 DESC, d.id LIMIT 1""",
                       (east,)).fetchone()["id"]
    invited = requests.post(base + f"/api/v1/deals/{focus}/guests", headers=leader_api, json={"email": guest_email})
    assert invited.status_code == 201, invited.text
    # Another case keeps a guest, so the guest routes have a real target for everyone else.
    changed_owners = [users[e]["id"] for e in (mover, doomed, reset)]
    other = db.execute(f"SELECT id FROM deals WHERE team_id = ? AND id <> ? AND owner_id NOT IN (?, ?, ?) "
                       "ORDER BY status = 'open' DESC, id LIMIT 1", (east, focus, *changed_owners)).fetchone()["id"]
    kept = requests.post(base + f"/api/v1/deals/{other}/guests", headers=leader_api,
                         json={"email": people["Team Nord"]["seller"][1]})
    assert kept.status_code == 201, kept.text

    # Everyone to be changed signs in and takes a token now.
    stale = {name: Person(base, env, email) for name, email in [
        ("demoted leader", east_leader), ("leader removed on the team form", second_leader),
        ("seller moved to Team Vest", mover), ("guest removed", guest_email),
        ("administrator made a leader of no team", second_admin), ("deactivated", doomed),
        ("password reset", reset)]}

    # The changes.
    admin.save_person(east_leader, "seller", [], [east], expect=422)  # the form as it shows: refused
    admin.save_person(east_leader, "seller", [], [])
    team_form = admin.person.session.get(base + f"/admin/teams/{east}").text
    version = re.search(r'name="version" value="(\d+)"', team_form).group(1)
    current = requests.get(base + "/api/v1/teams?limit=100", headers=admin.api).json()["items"]
    east_team = next(t for t in current if t["id"] == east)
    admin.post(f"/admin/teams/{east}",
               [("name", "Team Øst"), ("version", version)]
               + [("leaderIDs[]", i) for i in east_team["leaderIDs"] if i != users_id(admin, second_leader)]
               + [("memberIDs[]", i) for i in east_team["memberIDs"]])
    admin.save_person(mover, "seller", [west], [])
    removed = requests.delete(base + f"/api/v1/deals/{focus}/guests/{users_id(admin, guest_email)}",
                              headers=admin.api)
    assert removed.status_code == 204, removed.text
    admin.save_person(second_admin, "leader", [], [])
    admin.post(f"/admin/people/{users_id(admin, doomed)}/activation", [("active", "false")])
    admin.post(f"/admin/people/{users_id(admin, reset)}/password-reset", [], expect=200)

    # References: from the start, exactly what the changed people are now.
    after = admin.users()
    references = {}
    for name, person in stale.items():
        if name in ("deactivated", "password reset"):
            continue
        user = after[person.email]
        assert not (user["role"] == "seller" and user["leads"]), f"{name}: a seller still leads {user['leads']}"
        references[name] = Person(base, env, admin.create_person(user["role"], user["memberOf"], user["leads"]))

    document = requests.get(base + "/api/openapi.json").json()
    components = document["components"]["schemas"]
    api_routes = [(method.upper(), re.sub(r"\{(\w+)\}", r":\1", path), operation)
                  for path, operations in document["paths"].items() for method, operation in operations.items()]
    page_routes = [(m, p, None) for m, p in routes(env) if not p.startswith(("/api/", "/static/")) and p not in UNAIMED]

    db = database(env)  # read again: the references and the changes are in it now
    owners = [after[p.email]["id"] for p in stale.values()]
    general = Demo(db, guest_deal=focus, not_owned_by=owners)
    case = Demo(db, focus_deal=focus, not_owned_by=owners)
    team_texts = general.team_texts(exclude_owners=owners)

    def send(person, method, pattern, operation, target):
        values, _ = target
        path = fill(pattern, values)
        if ":" not in pattern and method == "GET":
            path += ("&" if "?" in path else "?") + f"team={east}"
        if pattern.startswith("/api/"):
            body = None
            content = (operation or {}).get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = body_for(content["application/json"]["schema"], components, {"uuid": east})
            return requests.request(method, base + path, headers={"Authorization": f"Bearer {person.token}"},
                                    json=body, allow_redirects=False)
        if method == "GET":
            return person.session.get(base + path, allow_redirects=False)
        return person.session.request(method, base + path, allow_redirects=False,
                                      data={"csrfToken": person.csrf, "name": "probe", "text": "probe",
                                            "title": "probe", "teamID": east, "team": east, "leader": east})

    probes, wrong, own = 0, [], 0
    for name, person in stale.items():
        demo = case if name == "guest removed" else general
        own_ids, own_texts = personal(db, after[person.email]["id"])
        for method, pattern, operation in api_routes + page_routes:
            values, markers = demo.targets(pattern) if ":" in pattern else ({}, team_texts)
            target = (values, [m for m in markers if m not in own_texts])
            answer = send(person, method, pattern, operation, target)
            probes += 1
            if set(values.values()) & own_ids and (method, pattern) not in MANAGING:
                own += 1  # theirs to read (and a bulletin's reader mark, a follow-up's tick): nothing to compare
                continue
            if name in references:
                reference = send(references[name], method, pattern, operation, target)
                probes += 1
                if not denied(answer) and denied(reference):
                    wrong.append((name, method, pattern, answer.status_code, "reference", reference.status_code,
                                  answer.text[:120]))
                leaked = [m for m in target[1] if m in answer.text and m not in reference.text]
                if leaked:
                    wrong.append((name, method, pattern, answer.status_code, "leaked", leaked[:3]))
            elif not denied(answer):
                wrong.append((name, method, pattern, answer.status_code, answer.text[:120]))

    print(f"\nStale privileges: {probes} probes by {len(stale)} changed people and {len(references)} "
          f"references ({own} at what is the person's own), {len(wrong)} wrong answers")
    assert not wrong, "\n".join(map(str, wrong[:400]))


def users_id(admin, email):
    return admin.users()[email]["id"]
