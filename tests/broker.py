"""A real mosquitto broker on 127.0.0.1: TLS with a throw-away CA and a password file for
the device, a plain listener for the fake cloud and, on request, MQTT over TLS websockets
for arduino-iot-js (mosquitto 2.0's own `protocol websockets`). Stopped by its PID."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from helpers import free_port

DEVICE_ID = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"
DEVICE_KEY = "s3cret-key"


@dataclass
class Broker:
    folder: Path
    plain_port: int
    tls_port: int
    pid: int
    wss_port: int | None = None  # `wss://wss.localhost:PORT/mqtt`, as arduino-iot-js connects

    @property
    def ca(self) -> Path:
        return self.folder / "ca.pem"


def access_token(user: str) -> str:
    """A token as arduino-iot-js reads it: a JWT (its header must say typ JWT) whose
    `http://arduino.cc/id` claim is the MQTT user name. The library decodes it without
    checking the signature; the broker knows it as the user's password."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = part(json.dumps({"http://arduino.cc/id": user}).encode())
    signature = hmac.new(b"test-secret", f"{header}.{claims}".encode(), hashlib.sha256)
    return f"{header}.{claims}.{part(signature.digest())}"


def _run(*command: str, cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=60)


def start_broker(
    folder: Path, websockets: bool = False, users: Mapping[str, str] | None = None
) -> Broker:
    """The broker; `users` (name: password) may log in besides the device, on the TLS and
    websockets listeners alike."""
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(mosquitto).exists() or shutil.which("openssl") is None:
        raise RuntimeError("the broker test needs mosquitto and openssl (.ci/run installs them)")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run(
        "openssl",
        "req",
        "-x509",
        *ec,
        "-days",
        "2",
        "-subj",
        "/CN=test-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        cwd=folder,
    )
    _run(
        "openssl",
        "req",
        *ec,
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        cwd=folder,
    )
    # arduino-iot-js puts `wss.` before the host it is given, so it asks for wss.localhost.
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost,DNS:wss.localhost,IP:127.0.0.1\n")
    _run(
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
        cwd=folder,
    )
    _run("mosquitto_passwd", "-c", "-b", "passwd", DEVICE_ID, DEVICE_KEY, cwd=folder)
    for user, password in (users or {}).items():
        _run("mosquitto_passwd", "-b", "passwd", user, password, cwd=folder)
    plain, tls, wss = free_port(), free_port(), free_port() if websockets else None
    secured = (
        f"allow_anonymous false\npassword_file {folder}/passwd\n"
        f"cafile {folder}/ca.pem\ncertfile {folder}/server.pem\nkeyfile {folder}/server.key\n"
    )
    (folder / "mosquitto.conf").write_text(
        "per_listener_settings true\npersistence false\nlog_dest stdout\nuser root\n"
        f"listener {plain} 127.0.0.1\nallow_anonymous true\n"
        f"listener {tls} 127.0.0.1\n{secured}"
        + (f"listener {wss} 127.0.0.1\nprotocol websockets\n{secured}" if wss else "")
    )
    log = (folder / "mosquitto.log").open("w")
    process = subprocess.Popen(
        [mosquitto, "-c", str(folder / "mosquitto.conf")], stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            for port in (tls, wss or tls):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return Broker(folder, plain, tls, process.pid, wss)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    stop_broker(process.pid)
    raise RuntimeError("mosquitto did not start: " + (folder / "mosquitto.log").read_text())


def stop_broker(pid: int) -> None:
    """SIGTERM, then SIGKILL after 5 s; reaped here (a zombie would still answer kill 0)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        for _ in range(50):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass  # gone, and reaped by someone else
