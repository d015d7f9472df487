"""Fixtures for the end-to-end tests: real `sparring` processes on free ports, a headless Chromium."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

BIN = os.environ.get("SPARRING_BIN", os.path.join(os.path.dirname(__file__), "../../.build/debug/sparring"))
PGURL = os.environ.get("SPARRING_E2E_PGURL")
SCREENSHOTS = os.environ.get("SPARRING_SCREENSHOTS", os.path.join(os.path.dirname(__file__), "../../.build/e2e-screenshots"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env):
    """Runs a sparring command to completion and returns its output."""
    done = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"sparring {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


class Server:
    """One `sparring serve` process; stopped with SIGTERM at the end."""

    def __init__(self, env, port, extra=()):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(prefix="sparring-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen([BIN, "serve", "--port", str(port), *extra], env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            assert self.process.poll() is None, "server exited:\n" + open(self.log.name).read()
            time.sleep(0.2)
        raise AssertionError("server did not start:\n" + open(self.log.name).read())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def base_env(database_url):
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["SPARRING_BCRYPT_COST"] = "4"  # real bcrypt, cheapest cost: the tests sign in many times
    env["LOG_LEVEL"] = "notice"  # the start-up line, not every request
    return env


@pytest.fixture
def sqlite_env():
    folder = tempfile.mkdtemp(prefix="sparring-e2e-")
    yield base_env(f"sqlite://{folder}/sparring.sqlite")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def empty_server(sqlite_env):
    server = Server(sqlite_env, free_port())
    yield server
    server.stop()


@pytest.fixture
def demo(sqlite_env):
    """A server on a database with the demo organisation; yields (server, printed demo text)."""
    printed = run(["demo"], sqlite_env)
    server = Server(sqlite_env, free_port())
    yield server, printed
    server.stop()


@pytest.fixture
def postgres_env():
    """A fresh PostgreSQL schema for one test, on the server scripts/test started."""
    if not PGURL:
        pytest.skip("SPARRING_E2E_PGURL is not set (scripts/test sets it)")
    schema = "e2e_" + uuid.uuid4().hex[:12]
    yield base_env(PGURL + f"?schema={schema}"), schema


def demo_emails(printed):
    leader = re.search(r"leader\s+(\S+)", printed).group(1)
    admin = re.search(r"admin\s+(\S+)", printed).group(1)
    password = re.search(r"Password for everyone: (\S+)", printed).group(1)
    return admin, leader, password


def csrf_from(html):
    return re.search(r'name="csrfToken" value="([^"]+)"', html).group(1)


def sign_in(session, base, email, password):
    session.headers["Accept-Language"] = "en"
    page = session.get(base + "/sign-in")
    response = session.post(base + "/sign-in", data={"email": email, "password": password,
                                                       "csrfToken": csrf_from(page.text)}, allow_redirects=False)
    assert response.status_code == 303, response.text
    return response


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--lang=en-GB"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    yield driver
    driver.quit()


def screenshot(driver, name):
    driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
