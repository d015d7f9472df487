"""What the attack tests share: the routes a server has, real targets read from the demo's database
on either engine, and request bodies of the documented shape."""
import json
import re
import sqlite3
import tempfile
import uuid

from conftest import run

UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def database(env):
    """The database of `env` as an SQLite connection, whichever engine it is: the SQLite file itself, or
    for PostgreSQL a `sparring backup` loaded into memory (ids upper-cased as SQLite stores them)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite://"):
        db = sqlite3.connect(url.replace("sqlite://", ""))
        db.row_factory = sqlite3.Row
        return db
    with tempfile.NamedTemporaryFile(suffix=".backup") as file:
        run(["backup", file.name], env)
        db = sqlite3.connect(":memory:")
        db.row_factory = sqlite3.Row
        table = None
        for line in open(file.name, encoding="utf-8"):
            item = json.loads(line)
            if isinstance(item, dict):
                if "table" in item:
                    table, columns = item["table"], item["columns"]
                    db.execute(f'CREATE TABLE "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)})')
                continue
            values = []
            for cell in item:
                if cell is None:
                    values.append(None)
                elif cell[0] == "i":
                    values.append(int(cell[1:]))
                elif cell[0] == "r":
                    values.append(float(cell[1:]))
                elif cell[0] == "t":
                    text = cell[1:]
                    values.append(text.upper() if UUID_TEXT.match(text) else text)
                else:
                    values.append(cell[1:])
            db.execute(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(values))})', values)
        return db


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
    """Real ids and texts of Team Øst, read from the demo's database (`database(env)`, either engine).

    Targets are rows on Team Øst deals other than `guest_deal` and other than the deals of `not_owned_by`
    (a person keeps seeing the deals they own after a move); with `focus_deal`, rows on that deal only."""

    def __init__(self, db, guest_deal="", not_owned_by=(), focus_deal=None):
        self.db = db
        team = self.one("SELECT id, organisation_id FROM teams WHERE name = 'Team Øst'")
        self.team, self.organisation = team["id"], team["organisation_id"]
        self.guest_deal = guest_deal
        self.not_owned_by = list(not_owned_by)
        self.focus_deal = focus_deal

    def one(self, query, *args):
        row = self.db.execute(query, args).fetchone()
        assert row is not None, f"the demo has no row for: {query}"
        return row

    def deal_scoped(self, table, extra=""):
        """A row of `table` on a Team Øst deal other than the guest's, preferring open deals."""
        if self.focus_deal:
            row = self.db.execute(f"SELECT t.* FROM {table} t WHERE t.deal_id = ? {extra} ORDER BY t.id LIMIT 1",
                                  (self.focus_deal,)).fetchone()
            if row is not None:
                return row
        owners = ",".join("?" * len(self.not_owned_by)) or "''"
        return self.one(f"""SELECT t.* FROM {table} t JOIN deals d ON d.id = t.deal_id
                            WHERE d.team_id = ? AND d.id <> ? AND d.owner_id NOT IN ({owners}) {extra}
                            ORDER BY d.status = 'open' DESC, t.id LIMIT 1""",
                        self.team, self.guest_deal, *self.not_owned_by)

    def team_texts(self, exclude_owners=()):
        """Texts only Team Øst's people (and its leaders) may read: its deals' titles, its sparring
        questions, its pools' names. For answers of routes that aim at no object."""
        owners = ",".join("?" * len(exclude_owners)) or "''"
        rows = self.db.execute(f"""SELECT d.title AS text FROM deals d WHERE d.team_id = ?
                                   AND d.owner_id NOT IN ({owners})
                                   UNION SELECT s.question FROM sparring_sessions s JOIN deals d ON d.id = s.deal_id
                                   WHERE d.team_id = ? AND d.owner_id NOT IN ({owners})
                                   UNION SELECT name FROM resource_pools WHERE team_id = ?""",
                               (self.team, *exclude_owners, self.team, *exclude_owners, self.team)).fetchall()
        return [row["text"] for row in rows if row["text"] and len(row["text"]) >= 12]

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


def demo_people(printed):
    """{"admin": [email], "Team Øst": {"leader": [emails], "seller": [emails]}, …} from `sparring demo`."""
    people = {"admin": [re.search(r"admin\s+(\S+)", printed).group(1)]}
    current = None
    for line in printed.splitlines():
        if line.strip().startswith("Team "):
            current = line.strip()
        elif current and "@" in line:
            role, email = line.split()
            people.setdefault(current, {}).setdefault(role, []).append(email)
    return people


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


