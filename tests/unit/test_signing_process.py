"""The signing helper process of ``export-minutes``: same signature, clear errors, no leftovers.

The scenarios run in a fresh interpreter (as the command does): forking the test runner, which may
hold a QApplication and its threads, would test something no user runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.signing_process import can_fork
from tests.unit.minutes_fixtures import SessionKey, signing_key  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[2]

SCENARIOS = r"""
import io, json, os, sys
from pathlib import Path
from reportlab.pdfgen import canvas
from desktop.i18n import install
from desktop.services.signing import SignRequest, SigningError
from desktop.services.signing_process import ForkedSigner, start_signer
from desktop.services.verify import verify_bytes

install("nb")
key, passphrase = Path(sys.argv[1]), sys.argv[2]
buffer = io.BytesIO()
page = canvas.Canvas(buffer)
page.drawString(72, 720, "Referat")
page.save()
request = SignRequest(pdf=buffer.getvalue(), key_path=key, passphrase=passphrase, slot=None)
out = {}

signer = start_signer(key, passphrase)
out["forked"] = isinstance(signer, ForkedSigner)
out["name"] = signer.info.subject_name
result = signer.sign(request)
out["valid"] = verify_bytes(result.pdf).is_valid
try:
    os.waitpid(signer._pid or -1, os.WNOHANG)
    out["reaped"] = signer._pid == 0
except ChildProcessError:
    out["reaped"] = True

try:
    start_signer(key, "feil passord her").info
    out["wrong"] = "no error"
except SigningError as exc:
    out["wrong"] = str(exc)

unused = start_signer(key, passphrase)
pid = unused._pid
unused.close()
try:
    os.waitpid(pid, os.WNOHANG)
    out["unused_reaped"] = False
except ChildProcessError:
    out["unused_reaped"] = True

killed = start_signer(key, passphrase)
os.kill(killed._pid, 9)
result = killed.sign(request)
out["after_kill_valid"] = verify_bytes(result.pdf).is_valid and result.signer == out["name"]
print(json.dumps(out))
"""


@pytest.mark.skipif(not can_fork(), reason="the helper process is used where fork is safe (Linux)")
def test_the_helper_signs_refuses_a_wrong_passphrase_and_leaves_nothing_behind(
    signing_key: SessionKey,  # noqa: F811 - fixture
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCENARIOS, str(signing_key.path), signing_key.passphrase],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["forked"] and out["name"] == signing_key.name and out["valid"] and out["reaped"]
    assert out["wrong"].startswith("Nøkkelen kunne ikke åpnes")  # translated, from the helper
    assert out["unused_reaped"]
    assert out["after_kill_valid"]  # the helper died: this process signed instead
