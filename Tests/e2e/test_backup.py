"""`sparring backup` while the server takes writes, `sparring restore` into an empty database, and every
table's count and checksum compared, on SQLite and on PostgreSQL."""
import json
import os
import subprocess
import tempfile
import threading
import uuid

import pytest
import requests

from conftest import BIN, PGURL, Server, base_env, demo_emails, free_port, run


def checksums(env):
    """{table: (rows, checksum)} as `sparring checksums` prints them."""
    lines = run(["checksums"], env).strip().splitlines()
    return {parts[0]: (int(parts[1]), parts[2]) for parts in (line.split() for line in lines)}


def databases(tmp, engine, *names):
    """Empty databases of the engine under test, one per name."""
    if engine == "sqlite":
        return [base_env(f"sqlite://{tmp}/{name}.sqlite") for name in names]
    if not PGURL:
        pytest.skip("SPARRING_E2E_PGURL is not set (scripts/test sets it)")
    return [base_env(PGURL + f"?schema=bk_{name}_{uuid.uuid4().hex[:8]}") for name in names]


class Writer(threading.Thread):
    """Creates deals through the API as fast as it can until stopped: each is a customer, a deal and its
    first stage change, rows in three tables that a backup must take all or none of."""

    def __init__(self, url, token):
        super().__init__(daemon=True)
        self.url, self.headers = url, {"Authorization": f"Bearer {token}"}
        me = requests.get(url + "/api/v1/me", headers=self.headers).json()["user"]
        pipelines = requests.get(url + "/api/v1/pipelines", headers=self.headers).json()
        self.deal = {"ownerID": me["id"], "teamID": me["memberOf"][0],
                     "stageID": pipelines[0]["stages"][0]["id"], "currency": "NOK", "amountMinor": 100_00}
        self.stop, self.created, self.errors = threading.Event(), 0, []

    def run(self):
        while not self.stop.is_set():
            name = uuid.uuid4().hex[:10]
            answer = requests.post(self.url + "/api/v1/deals", headers=self.headers,
                                   json={**self.deal, "title": f"Backup race {name}", "customer": f"Kunde {name}"})
            if answer.status_code == 201:
                self.created += 1
            else:
                self.errors.append((answer.status_code, answer.text[:200]))


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_backup_while_writing_then_restore_and_compare_every_table(engine, tmp_path):
    source, target, second = databases(tmp_path, engine, "source", "target", "second")
    printed = run(["demo"], source)
    _admin, _leader, _password = demo_emails(printed)
    seller = next(line.split()[-1] for line in printed.splitlines() if "@" in line and "seller" in line.lower())
    token = run(["token", "create", "--email", seller, "--name", "writer"], source).strip().splitlines()[-1]
    server = Server(source, free_port())
    writer = Writer(server.url, token)
    try:
        writer.start()
        while writer.created < 5:
            pass
        # A backup taken while deals are being written is one consistent moment: the restore loads it
        # (every reference resolves) and its own check of every table passes.
        during = str(tmp_path / "during.backup")
        run(["backup", during], source)
        writer.stop.set()
        writer.join(timeout=30)
        assert writer.errors == [] and writer.created >= 5
        restored = run(["restore", during], target)
        assert "Restored and checked" in restored, restored

        # At rest, the restored database equals the source in every table's count and checksum.
        after = str(tmp_path / "after.backup")
        run(["backup", after], source)
        run(["restore", after], second)
        assert checksums(second) == checksums(source)
        tables = checksums(source)
        assert tables["deals"][0] >= 1_000 + writer.created and tables["pulse_answers"][0] > 0

        # The restored copy serves: signing in works and the restored deals are there, search included.
        restored_server = Server(second, free_port())
        try:
            headers = {"Authorization": f"Bearer {token}"}
            deals = requests.get(restored_server.url + "/api/v1/deals?limit=1&q=Backup race", headers=headers)
            assert deals.status_code == 200 and deals.json()["items"], deals.text
            library = requests.get(restored_server.url + "/api/v1/cases?q=pris", headers=headers)
            source_library = requests.get(server.url + "/api/v1/cases?q=pris", headers=headers)
            assert library.status_code == 200
            assert library.json()["stories"] and library.json() == source_library.json()
        finally:
            restored_server.stop()
    finally:
        writer.stop.set()
        server.stop()

    # The pulse stays anonymous in the backup: its answers carry no person and no time.
    with open(after) as backup:
        columns = next(json.loads(line)["columns"] for line in backup if line.startswith('{"columns"')
                       and '"table":"pulse_answers"' in line)
    assert not {"user_id", "created_at", "answered_at", "updated_at"} & set(columns), columns


def test_restore_refuses_a_damaged_backup_or_a_database_in_use(tmp_path):
    source, target = databases(tmp_path, "sqlite", "source", "target")
    run(["demo", "--deals", "50"], source)
    path = str(tmp_path / "demo.backup")
    run(["backup", path], source)
    with open(path, "rb") as whole, open(str(tmp_path / "cut.backup"), "wb") as cut:
        data = whole.read()
        cut.write(data[: len(data) // 2])

    for file, message in [(str(tmp_path / "cut.backup"), "nothing was restored"),
                          (path, "restore needs an empty database")]:
        env = target if file.endswith("cut.backup") else source
        done = subprocess.run([BIN, "restore", file], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode != 0 and message in done.stderr + done.stdout, done.stderr
    # The damaged file left the target as empty as it was.
    assert all(rows == 0 for table, (rows, _) in checksums(target).items() if table != "_fluent_migrations")
