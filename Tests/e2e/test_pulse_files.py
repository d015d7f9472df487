"""The pulse and the database files: what someone holding them can pair, read as an attacker would.

An independent tester parsed SQLite's write-ahead log after a pulse round and found each answer in one
commit with its person's participation. Here nine people answer a round, each with a comment no one
else writes, and the files are read:

- while the round is open, in every commit of the SQLite log and anywhere in the SQLite files (and on
  PostgreSQL anywhere in its data folder, log included), no comment and no answer is in clear: a commit
  pairs a person with a sealed ballot only, which the pulse key outside the database opens;
- after the close, SQLite's log is empty (checkpointed and truncated), each comment is in the database
  file exactly once, nothing of the sealed ballots is left in its free space (`secure_delete`), and the
  answers' physical order is not the order in which people answered."""
import os
import re
import sqlite3
import stat
import struct
import uuid

import pytest
import requests

from conftest import PGURL, Server, base_env, csrf_from, demo_emails, free_port, run, sign_in
from probing import demo_people

PGDATA = os.environ.get("SPARRING_E2E_PGDATA")


def wal_commits(path):
    """The pages of each commit in an SQLite WAL file, as (list of page bytes) per commit."""
    if not os.path.exists(path):
        return []
    data = open(path, "rb").read()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    commits, pages, offset = [], [], 32
    while offset + 24 + page_size <= len(data):
        header = data[offset:offset + 24]
        pages.append(data[offset + 24:offset + 24 + page_size])
        if struct.unpack(">I", header[4:8])[0] != 0:  # a commit frame: the database size after it
            commits.append(pages)
            pages = []
        offset += 24 + page_size
    return commits


def answer_all(base, env, round_id, emails):
    comments = []
    for index, email in enumerate(emails):
        token = run(["token", "create", "--email", email, "--name", "pulse"], env).strip().splitlines()[-1]
        comment = f"Kommentar-{uuid.uuid4().hex[:12]}"
        scores = {s: 1 + (index + i) % 5 for i, s in enumerate(
            ["knowsEnough", "knowsTheProcess", "helpsWhenStuck", "coachesOnRealCases", "resourcesWhereTheyMatter",
             "bringsNewWays", "sharesWhatWorks"])}
        answer = requests.post(base + f"/api/v1/pulse-rounds/{round_id}/answers",
                               headers={"Authorization": f"Bearer {token}"}, json={"scores": scores, "comment": comment})
        assert answer.status_code == 204, answer.text
        comments.append(comment)
    return comments


def setup_round(base, env, printed):
    people = demo_people(printed)
    admin, _leader, password = demo_emails(printed)
    east = people["Team Øst"]
    leader_token = run(["token", "create", "--email", east["leader"][0], "--name", "pulse"], env).strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {leader_token}"}
    me = requests.get(base + "/api/v1/me", headers=headers).json()["user"]
    team = me["leads"][0]
    # Three more sellers join the team first, so nine answer (9! orders of answering).
    session = requests.Session()
    sign_in(session, base, admin, password)
    extra = []
    for index in range(3):
        email = f"pulse{index}-{uuid.uuid4().hex[:6]}@nordlys.example"
        form = session.get(base + "/admin/people/new").text
        created = session.post(base + "/admin/people/new", allow_redirects=False, data={
            "csrfToken": csrf_from(form), "name": f"Pulse Seller {index}", "email": email, "role": "seller",
            "memberOf[]": team, "password": "pulse-password-1"})
        assert created.status_code == 303, created.text[:300]
        extra.append(email)
    opened = requests.post(base + "/api/v1/pulse-rounds", headers=headers, json={"teamID": team, "leaderID": me["id"]})
    assert opened.status_code == 201, opened.text
    return opened.json()["id"], east["seller"] + extra, headers


def files_under(folder):
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                yield path, open(path, "rb").read()
            except OSError:
                continue


def test_the_sqlite_files_pair_no_answer_with_a_person(tmp_path):
    env = base_env(f"sqlite://{tmp_path}/sparring.sqlite")
    printed = run(["demo", "--deals", "60", "--stories", "10"], env)
    server = Server(env, free_port())
    try:
        round_id, emails, leader = setup_round(server.url, env, printed)
        comments = answer_all(server.url, env, round_id, emails)
        database, wal = str(tmp_path / "sparring.sqlite"), str(tmp_path / "sparring.sqlite-wal")

        # While open: no commit of the log, and no byte of the files, holds an answer in clear.
        commits = wal_commits(wal)
        assert commits, "the answers' commits are in the log"
        for number, pages in enumerate(commits):
            joined = b"".join(pages)
            found = [c for c in comments if c.encode() in joined]
            assert not found, f"commit {number} of the log holds {found} in clear"
        for path, data in files_under(tmp_path):
            assert not [c for c in comments if c.encode() in data], f"{path} holds a comment in clear"
        key_file = str(tmp_path / "sparring.sqlite.pulse-key")
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600, "the key is readable by the server's user only"

        reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        sealed = [row[0] for row in reader.execute("SELECT sealed FROM pulse_ballots WHERE round_id = ?",
                                                    (round_id.upper(),))]
        reader.close()
        assert len(sealed) == len(comments)

        closed = requests.post(server.url + f"/api/v1/pulse-rounds/{round_id}/close", headers=leader)
        assert closed.status_code == 200, closed.text

        # After the close: the log is empty, each comment is in the file once, in no order of answering.
        assert os.path.getsize(wal) == 0, "the log was checkpointed and truncated"
        data = open(database, "rb").read()
        for comment in comments:
            assert data.count(comment.encode()) == 1, f"{comment} is in the file {data.count(comment.encode())} times"
        # The deleted ballots were overwritten, not just unlinked (secure_delete).
        leftovers = [ballot for ballot in sealed if ballot[20:84].encode() in data]
        assert not leftovers, f"{len(leftovers)} sealed ballots are still readable in the file's free space"
        db = sqlite3.connect(database)
        stored = [row[0] for row in db.execute(
            "SELECT comment FROM pulse_answers WHERE round_id = ? ORDER BY rowid", (round_id.upper(),))]
        assert sorted(stored) == sorted(comments)
        assert stored != comments, "the answers are not stored in the order people answered"
        assert db.execute("SELECT COUNT(*) FROM pulse_ballots").fetchone()[0] == 0
        # The participants' table says who took part, and nothing in it points to a row of the answers.
        participants = db.execute("PRAGMA table_info(pulse_participants)").fetchall()
        assert {column[1] for column in participants} == {"id", "organisation_id", "round_id", "user_id"}
    finally:
        server.stop()


def test_the_postgresql_files_hold_no_answer_in_clear_while_a_round_is_open(tmp_path):
    if not PGURL or not PGDATA:
        pytest.skip("SPARRING_E2E_PGURL and SPARRING_E2E_PGDATA are not set (scripts/test sets them)")
    env = base_env(PGURL + f"?schema=pulse_{uuid.uuid4().hex[:10]}")
    env["SPARRING_PULSE_KEY_FILE"] = str(tmp_path / "pulse.key")
    printed = run(["demo", "--deals", "60", "--stories", "10"], env)
    server = Server(env, free_port())
    try:
        round_id, emails, leader = setup_round(server.url, env, printed)
        comments = answer_all(server.url, env, round_id, emails)
        # The data folder as PostgreSQL has written it: tables, indexes and every log segment.
        checked = 0
        for path, data in files_under(PGDATA):
            checked += 1
            assert not [c for c in comments if c.encode() in data], f"{path} holds a comment in clear"
        assert checked > 10
        closed = requests.post(server.url + f"/api/v1/pulse-rounds/{round_id}/close", headers=leader)
        assert closed.status_code == 200 and closed.json()["results"] is not None, closed.text
        assert sorted(closed.json()["results"]["comments"]) == sorted(comments)
    finally:
        server.stop()
