"""Tenancy and role probes: every page route and every route of the OpenAPI document, aimed at real
objects of the demo's Team Øst, from four identities that must not reach them:

- the admin of another organisation on the same installation;
- a seller of another team of the same organisation;
- a guest of another case (invited to one Team Øst deal, probing the others);
- a Team Øst seller who has been deactivated, with the session and the token they had.

An answer passes when it is 404, or 403 where the object is visibly the person's own organisation's
and the role forbids it (401 or a redirect to sign-in for the deactivated person). A change that fails
validation before the object is looked up passes only if it answers exactly as it does for an id that
does not exist, so the answer says nothing about the object. Every answer, whatever its status, is
searched for the target's own texts (titles, names, details, e-mail addresses): one found is a leak.
The numbers of probes and leaks are printed; any leak or wrong status fails the test."""
import re
import uuid

import requests

from conftest import csrf_from, demo_emails, run, sign_in
from probing import UNAIMED, Demo, body_for, database, fill, routes

class Identity:
    def __init__(self, name, base, email, password, token, allowed):
        self.name, self.token, self.allowed = name, token, allowed
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = "en"
        sign_in(self.session, base, email, password)
        self.csrf = csrf_from(self.session.get(base + "/profile").text)


def test_no_identity_reaches_another_teams_or_organisations_objects(demo, sqlite_env):
    server, printed = demo
    admin, leader, password = demo_emails(printed)
    lines = printed.splitlines()
    teams = {}
    current = None
    for line in lines:
        if line.strip().startswith("Team "):
            current = line.strip()
        elif current and "@" in line:
            role, email = line.split()
            teams.setdefault(current, []).append((role, email))
    east_seller = next(email for role, email in teams["Team Øst"] if role == "seller")
    west_seller = next(email for role, email in teams["Team Vest"] if role == "seller")
    north_seller = next(email for role, email in teams["Team Nord"] if role == "seller")
    doomed = [email for role, email in teams["Team Øst"] if role == "seller"][1]
    base = server.url

    run(["organisation", "create", "--name", "Rival AS", "--admin-email", "boss@rival.example",
         "--admin-name", "Rival Boss", "--password", "rival-password-1"], sqlite_env)

    def token(email):
        return run(["token", "create", "--email", email, "--name", "probe"], sqlite_env).strip().splitlines()[-1]

    # The guest: a Team Nord seller invited to one Team Øst deal by its leader.
    leader_api = {"Authorization": f"Bearer {token(leader)}"}
    east_deals = requests.get(base + "/api/v1/deals?limit=5", headers=leader_api).json()["items"]
    guest_deal = east_deals[0]["id"]
    invited = requests.post(base + f"/api/v1/deals/{guest_deal}/guests", headers=leader_api,
                            json={"email": north_seller})
    assert invited.status_code == 201, invited.text
    # Another deal has a guest too, so the guest routes have a real target.
    other_guest = [email for role, email in teams["Team Nord"] if role == "seller"][1]
    assert requests.post(base + f"/api/v1/deals/{east_deals[1]['id']}/guests", headers=leader_api,
                         json={"email": other_guest}).status_code == 201

    identities = [
        Identity("other organisation", base, "boss@rival.example", "rival-password-1", token("boss@rival.example"),
                 {404}),
        Identity("seller of another team", base, west_seller, password, token(west_seller), {403, 404}),
        Identity("guest of another case", base, north_seller, password, token(north_seller), {403, 404}),
    ]
    # The deactivated seller signs in and makes a token first, then an admin deactivates them.
    deactivated = Identity("deactivated", base, doomed, password, token(doomed), {401, 403})
    admin_session = requests.Session()
    sign_in(admin_session, base, admin, password)
    people = admin_session.get(base + "/admin/people").text
    doomed_id = re.search(r'href="/admin/people/([0-9A-F-]{36})">[^<]+</a></td><td>' + re.escape(doomed), people)
    assert doomed_id, "the deactivated seller is listed"
    off = admin_session.post(base + f"/admin/people/{doomed_id.group(1)}/activation",
                             data={"active": "false", "csrfToken": csrf_from(people)}, allow_redirects=False)
    assert off.status_code == 303
    identities.append(deactivated)

    demo_db = Demo(database(sqlite_env), guest_deal.upper())
    document = requests.get(base + "/api/openapi.json").json()
    components = document["components"]["schemas"]
    api_routes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            api_routes.append((method.upper(), re.sub(r"\{(\w+)\}", r":\1", path), operation))
    page_routes = [(m, p, None) for m, p in routes(sqlite_env)
                   if not p.startswith(("/api/", "/static/")) and p not in UNAIMED]

    probes, leaks, wrong = 0, [], []
    for identity in identities:
        for method, pattern, operation in api_routes + page_routes:
            is_api = pattern.startswith("/api/")
            aimed = ":" in pattern
            values, markers = demo_db.targets(pattern) if aimed else ({}, [])
            url = base + fill(pattern, values)
            random_url = base + fill(pattern, {k: str(uuid.uuid4()).upper() if len(v) == 36 else v
                                                for k, v in values.items()})

            def send(target):
                if is_api:
                    body = None
                    content = (operation or {}).get("requestBody", {}).get("content", {})
                    if "application/json" in content:
                        body = body_for(content["application/json"]["schema"], components,
                                        {"uuid": demo_db.team})
                    return requests.request(method, target, headers={"Authorization": f"Bearer {identity.token}"},
                                            json=body, allow_redirects=False)
                if method == "GET":
                    return identity.session.get(target, allow_redirects=False)
                return identity.session.request(method, target, data={"csrfToken": identity.csrf, "name": "probe",
                                                                      "text": "probe", "title": "probe"},
                                                allow_redirects=False)

            answer = send(url)
            probes += 1
            text = answer.text
            found = [m for m in markers if m in text]
            if identity.name == "other organisation":
                found += [m for m in ("Nordlys Systemer", "@nordlys.example") if m in text]
            if found:
                leaks.append((identity.name, method, url, answer.status_code, found))
            status = answer.status_code
            if identity.name == "deactivated":
                good = status in {401, 403, 429} or (status == 303 and "/sign-in" in answer.headers.get("Location", ""))
            elif not aimed:
                # Lists and creations act within the caller's own organisation: no failure, no foreign data.
                good = status < 500
            else:
                good = status in identity.allowed
                if not good and method != "GET" and status in {400, 422}:
                    # Refused before the object was looked up: fine only if a random id gets the same answer.
                    twin = send(random_url)
                    good = twin.status_code == status and twin.text.replace(random_url, "") == \
                        text.replace(url, "")
            if not good:
                wrong.append((identity.name, method, url, status, text[:160]))

    print(f"\nTenancy probes: {probes} probes by {len(identities)} identities, {len(leaks)} leaks, "
          f"{len(wrong)} wrong answers")
    assert not leaks, "\n".join(map(str, leaks[:20]))
    assert not wrong, "\n".join(map(str, wrong[:40]))
