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
import json
import re
import sqlite3
import uuid

import requests

from conftest import Server, csrf_from, demo_emails, free_port, run, sign_in

# Routes that are public by design, or act only on the caller's own account, session or setup.
UNAIMED = {"/", "/static/sparring.css", "/healthz", "/setup", "/sign-in", "/sign-out", "/language", "/profile",
           "/profile/settings", "/profile/password", "/profile/tokens", "/profile/calendar", "/calendar/:file",
           "/api/openapi.json"}


def routes(env):
    """(method, path) of every registered route, from Vapor's `routes` command."""
    found = []
    for line in run(["routes"], env).splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
            found.append((cells[0], cells[1]))
    return found


class Demo:
    """Real ids and texts of Team Øst, read from the demo's database file."""

    def __init__(self, path, guest_deal):
        self.db = sqlite3.connect(path)
        self.db.row_factory = sqlite3.Row
        team = self.one("SELECT id, organisation_id FROM teams WHERE name = 'Team Øst'")
        self.team, self.organisation = team["id"], team["organisation_id"]
        self.guest_deal = guest_deal

    def one(self, query, *args):
        row = self.db.execute(query, args).fetchone()
        assert row is not None, f"the demo has no row for: {query}"
        return row

    def deal_scoped(self, table, extra=""):
        """A row of `table` on a Team Øst deal other than the guest's, preferring open deals."""
        return self.one(f"""SELECT t.* FROM {table} t JOIN deals d ON d.id = t.deal_id
                            WHERE d.team_id = ? AND d.id <> ? {extra} ORDER BY d.status = 'open' DESC, t.id LIMIT 1""",
                        self.team, self.guest_deal)

    def targets(self, path):
        """Values for the path's parameters, and the target's texts that must not appear in an answer."""
        names = re.findall(r":(\w+)", path)
        values, markers = {}, []

        def deal(deal_id):
            row = self.one("SELECT d.id, d.title, c.name AS customer FROM deals d JOIN customers c ON c.id = d.customer_id "
                           "WHERE d.id = ?", deal_id)
            values["dealID"] = row["id"]
            markers.extend([row["title"], row["customer"]])

        if "sessionID" in names:
            session = self.deal_scoped("sparring_sessions",
                                       "AND EXISTS (SELECT 1 FROM sparring_messages m WHERE m.session_id = t.id) "
                                       "AND EXISTS (SELECT 1 FROM sparring_suggestions s WHERE s.session_id = t.id)")
            values["sessionID"] = session["id"]
            markers.append(session["question"])
            deal(session["deal_id"])
            if "messageID" in names:
                message = self.one("SELECT * FROM sparring_messages WHERE session_id = ? LIMIT 1", session["id"])
                values["messageID"] = message["id"]
                markers.append(message["text"])
            if "suggestionID" in names:
                suggestion = self.one("SELECT * FROM sparring_suggestions WHERE session_id = ? LIMIT 1", session["id"])
                values["suggestionID"] = suggestion["id"]
                markers.append(suggestion["title"])
        elif "dealID" in names:
            child = {"obstacleID": ("obstacles", "detail"), "planID": ("plans", "title"),
                     "entryID": ("evidence_entries", "tried"), "influenceID": ("buying_influences", "name")}
            chosen = next((name for name in names if name in child), None)
            if chosen:
                table, text = child[chosen]
                row = self.deal_scoped(table)
                values[chosen] = row["id"]
                markers.append(row[text])
                deal(row["deal_id"])
            elif "userID" in names:  # a guest of the deal
                row = self.deal_scoped("deal_guests")
                values["userID"] = row["user_id"]
                deal(row["deal_id"])
            else:
                deal(self.deal_scoped("obstacles")["deal_id"])
        for name in names:
            if name in values:
                continue
            if name == "storyID":
                # Stories shared with the whole organisation are everybody's: aim at one kept in the team.
                row = self.one("SELECT * FROM case_stories WHERE team_id = ? AND visibility = 'team' LIMIT 1",
                               self.team)
                values[name] = row["id"]
                markers.append(row["title"])
            elif name == "bulletinID":
                row = self.one("SELECT b.* FROM bulletins b JOIN bulletin_teams bt ON bt.bulletin_id = b.id "
                               "WHERE bt.team_id = ? AND NOT EXISTS (SELECT 1 FROM bulletin_teams o "
                               "WHERE o.bulletin_id = b.id AND o.team_id <> bt.team_id) LIMIT 1", self.team)
                values[name] = row["id"]
                markers.append(row["title"])
            elif name == "roundID":
                row = self.one("SELECT * FROM pulse_rounds WHERE team_id = ? LIMIT 1", self.team)
                values[name] = row["id"]
            elif name == "poolID":
                row = self.one("SELECT * FROM resource_pools WHERE team_id = ? LIMIT 1", self.team)
                values[name] = row["id"]
                markers.append(row["name"])
            elif name == "teamID":
                values[name] = self.team
            elif name == "userID":
                row = self.one("SELECT u.* FROM users u JOIN team_memberships m ON m.user_id = u.id "
                               "WHERE m.team_id = ? AND m.kind = 'member' LIMIT 1", self.team)
                values[name] = row["id"]
                markers.append(row["email"])
            elif name == "followUpID":
                row = self.one("SELECT f.* FROM follow_ups f JOIN sparring_sessions s ON s.id = f.session_id "
                               "JOIN deals d ON d.id = s.deal_id WHERE d.team_id = ? LIMIT 1", self.team)
                values[name] = row["id"]
                markers.append(row["what"])
            elif name == "quarter":
                values[name] = "2026-Q4"
            elif name == "tokenID":
                values[name] = self.one("SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                        "WHERE u.organisation_id = ? AND u.role = 'leader' LIMIT 1",
                                        self.organisation)["id"]
            elif name == "categoryID":
                values[name] = self.one("SELECT id FROM obstacle_categories WHERE organisation_id = ? LIMIT 1",
                                        self.organisation)["id"]
            elif name == "tacticID":
                values[name] = self.one("SELECT id FROM tactics WHERE organisation_id = ? LIMIT 1",
                                        self.organisation)["id"]
            elif name == "pipelineID":
                values[name] = self.one("SELECT id FROM pipelines WHERE organisation_id = ? LIMIT 1",
                                        self.organisation)["id"]
            elif name == "stageID":
                values[name] = self.one("SELECT id FROM stages WHERE organisation_id = ? LIMIT 1",
                                        self.organisation)["id"]
            else:
                raise AssertionError(f"no target for the parameter :{name} in {path}: add it to the probe")
        return values, [m for m in markers if m and len(m) >= 8]


def fill(path, values):
    return re.sub(r":(\w+)", lambda m: values[m.group(1)], path)


def body_for(schema, components, ids, depth=0):
    """A request body of the documented shape, with the demo's real ids where an id is asked for."""
    if "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object" or "properties" in schema:
        if depth >= 4:
            return {}
        return {name: body_for(sub, components, ids, depth + 1) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "uuid":
        return ids.get("uuid", str(uuid.uuid4()))
    if "YYYY-MM-DD" in schema.get("description", ""):
        return "2026-11-27"
    return "probe text"


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

    demo_db = Demo(sqlite_env["DATABASE_URL"].replace("sqlite://", ""), guest_deal.upper())
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
