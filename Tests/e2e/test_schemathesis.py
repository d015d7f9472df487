"""API fuzzing: schemathesis generates requests from the served OpenAPI document, valid and invalid,
with a leader's token and real ids of the demo for the path parameters, and checks that no answer is a
server error and that every answer's status, content type and body match the document."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys

from conftest import demo_emails, run

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def real_ids(path):
    """One real, consistent id per path parameter, from Team Øst (the leader's team) in the demo."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    one = lambda query, *args: db.execute(query, args).fetchone()  # noqa: E731
    team = one("SELECT id FROM teams WHERE name = 'Team Øst'")["id"]
    # The deal with the most of a case behind it, so nested ids belong to it.
    deal = one("""SELECT d.id FROM deals d WHERE d.team_id = ? ORDER BY
                  (SELECT COUNT(*) FROM obstacles o WHERE o.deal_id = d.id) > 0 DESC,
                  (SELECT COUNT(*) FROM plans p WHERE p.deal_id = d.id) > 0 DESC,
                  (SELECT COUNT(*) FROM sparring_sessions s WHERE s.deal_id = d.id) > 0 DESC LIMIT 1""", team)["id"]
    ids = {"dealID": deal, "quarter": "2026-Q4"}
    for name, query in {
        "obstacleID": "SELECT id FROM obstacles WHERE deal_id = ?", "planID": "SELECT id FROM plans WHERE deal_id = ?",
        "entryID": "SELECT id FROM evidence_entries WHERE deal_id = ?",
        "influenceID": "SELECT id FROM buying_influences WHERE deal_id = ?",
        "sessionID": "SELECT id FROM sparring_sessions WHERE deal_id = ?",
    }.items():
        row = one(query, deal)
        if row:
            ids[name] = row["id"]
    session = ids.get("sessionID") or one(
        "SELECT s.id FROM sparring_sessions s JOIN deals d ON d.id = s.deal_id WHERE d.team_id = ?", team)["id"]
    ids["sessionID"] = session
    for name, query, arg in [
        ("messageID", "SELECT id FROM sparring_messages WHERE session_id = ?", session),
        ("suggestionID", "SELECT id FROM sparring_suggestions WHERE session_id = ?", session),
        ("storyID", "SELECT id FROM case_stories WHERE team_id = ?", team),
        ("bulletinID", "SELECT bulletin_id AS id FROM bulletin_teams WHERE team_id = ?", team),
        ("roundID", "SELECT id FROM pulse_rounds WHERE team_id = ?", team),
        ("poolID", "SELECT id FROM resource_pools WHERE team_id = ?", team),
        ("followUpID", "SELECT f.id FROM follow_ups f JOIN sparring_sessions s ON s.id = f.session_id "
                       "JOIN deals d ON d.id = s.deal_id WHERE d.team_id = ?", team),
        ("userID", "SELECT user_id AS id FROM team_memberships WHERE team_id = ? AND kind = 'member'", team),
    ]:
        row = one(query, arg)
        if row:
            ids[name] = row["id"]
    return ids


def test_the_api_matches_its_document_under_fuzzing(demo, sqlite_env, tmp_path):
    server, printed = demo
    _admin, leader, _password = demo_emails(printed)
    token = run(["token", "create", "--email", leader, "--name", "fuzz"], sqlite_env).strip().splitlines()[-1]
    ids = real_ids(sqlite_env["DATABASE_URL"].replace("sqlite://", ""))
    config = tmp_path / "schemathesis.toml"
    config.write_text("\n".join(
        ["[generation]", "max-examples = 25", "", "[parameters]"]
        + [f'"path.{name}" = "{value}"' for name, value in sorted(ids.items())]) + "\n")
    binary = shutil.which("schemathesis") or os.path.join(os.path.dirname(sys.executable), "schemathesis")
    # One worker: with two, hypothesis parses lambdas' source in two threads at once, which CPython 3.11.7
    # (this machine's) can fail with "SystemError: AST constructor recursion depth mismatch", a runtime
    # error of the tool that says nothing about the API (seen in 2 of 3 runs).
    done = subprocess.run(
        [binary, "--config-file", str(config), "run", server.url + "/api/openapi.json",
         "--header", f"Authorization: Bearer {token}", "--checks", CHECKS, "--workers", "1", "--seed", "8",
         "--no-color"],
        capture_output=True, text=True, timeout=900)
    summary = done.stdout[done.stdout.rfind("SUMMARY"):] if "SUMMARY" in done.stdout else done.stdout[-3000:]
    print("\nschemathesis:", summary)
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-3000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", summary)
    assert counts and counts.group(1) == counts.group(2) and int(counts.group(1)) > 1_000, summary
