"""The preview (issue 14): a bad address fails before building; only requests addressed to the
preview are answered (DNS rebinding); a SIGTERM'd preview removes its temporary site.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from scratch import ROOT, scratch_content


def test_a_port_out_of_range_fails_before_building(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    content = scratch_content(tmp_path)
    result = cli("serve", "--content", content, "-a", "127.0.0.1:99999", expect_ok=False)
    assert result.exit_code == 1
    assert result.output == (
        "Error: expected an address such as 127.0.0.1:8000 (a port from 1 to 65535), "
        'got "127.0.0.1:99999"\n'
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]  # nothing was built


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(port: int, path: str, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _wait_until_served(port: int, child: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert child.poll() is None, "the preview stopped"
        try:
            if _get(port, "/trialsite/", f"127.0.0.1:{port}")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("the preview did not start")


def test_preview_answers_only_its_own_address_and_cleans_up_on_sigterm(tmp_path: Path) -> None:
    content = scratch_content(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    child = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--content", str(content),
         "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "TMPDIR": str(temp)}, text=True,
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_until_served(port, child)
        assert [p.name for p in temp.iterdir() if p.name.startswith("trialsite-serve-")]
        status, page = _get(port, "/trialsite/", f"localhost:{port}")
        assert status == 200 and 'src="/.trialsite-livereload.js" data-epoch=' in page
        assert _get(port, "/.trialsite-livereload.js", f"127.0.0.1:{port}")[0] == 200
        for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", ""):
            status, body = _get(port, "/trialsite/", host)
            assert status == 421, host
            assert "trialsite" not in body
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert child.returncode == 0, output
    assert "Traceback" not in output
    assert [p.name for p in temp.iterdir() if p.name.startswith("trialsite-serve-")] == []
