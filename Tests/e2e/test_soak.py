"""The soak test's two-minute version: mixed reads and writes by eight people against the demo, with no
error and the server's memory flat within 10 % (scripts/soak; the README has the 30-minute figures)."""
import os
import subprocess

from conftest import BIN


def test_two_minutes_of_mixed_load_without_errors_or_memory_growth():
    script = os.path.join(os.path.dirname(__file__), "../../scripts/soak")
    done = subprocess.run([script, "--minutes", "2", "--workers", "8", "--bin", BIN, "--deals", "500"],
                          capture_output=True, text=True, timeout=600)
    print(done.stdout[-1500:])
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert ", 0 errors," in done.stdout
