"""The generated client against its alternatives, each pair side by side in one run:

  generation  cloudgen (normalising pass + openapi-python-client + the package's own layer)
              against plain openapi-python-client on the same spec. Target: <= 1.0x.
  import      what a user imports to list things, in a fresh interpreter, start-up
              subtracted (best of --runs), against the official client arduino-iot-client.
              Target: <= 0.25x.
  request     microseconds per `things.list()` of 10 things on an in-process transport (no
              network), against the official client (bench/client_official.py): token,
              retry decisions, error checks and parsing included. Target: <= 1.5x.

The official client lives in a throw-away venv (bench/tmp-official-venv/, made on first use
with this interpreter's Python); both clients are imported and called by its interpreter.

    python bench/client.py [--spec PATH] [--repeat 3] [--runs 10] [--calls 2000] [--importtime]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType

from generator.client.generate import generate_client
from generator.openapi.load import load_spec

BENCH = Path(__file__).resolve().parent
SPEC = BENCH.parent.parent / "shared" / "specs" / "iot-api" / "openapi.yaml"
VENV = BENCH / "tmp-official-venv"
OFFICIAL = "arduino-iot-client==3.0.0"
OURS = "cloudgen client"  # the label of our side in every pair
OUR_DEPENDENCIES = ("httpx", "attrs")  # the generated setup.py's install_requires
IMPORTS = {
    "start-up": "pass",
    # With the endpoint module and its models: what the first `cloud.v2.things.list()` loads.
    OURS: "from arduino_iot_api import ArduinoCloud; import arduino_iot_api.api.things_v2.list_",
    "arduino-iot-client": (
        "import iot_api_client; from iot_api_client import ApiClient, Configuration, ThingsV2Api"
    ),
}


def plain(spec: Path, output: Path) -> None:
    config = Config.from_sources(ConfigFile(), MetaType.SETUP, spec, "utf-8", True, output)
    with contextlib.redirect_stdout(io.StringIO()):  # as generate_client does: no progress lines
        generate(config=config)


def ours(spec: Path, output: Path) -> None:
    digest = hashlib.sha256(spec.read_bytes()).hexdigest()
    generate_client(load_spec(str(spec))[1], output, version="0.0.0", spec_sha256=digest)


def time_generation(spec: Path, folder: Path, repeat: int) -> dict[str, float]:
    best = {"plain openapi-python-client": float("inf"), OURS: float("inf")}
    for index in range(repeat):  # interleaved, so both see the same machine
        for label, run in (("plain openapi-python-client", plain), (OURS, ours)):
            start = time.perf_counter()
            run(spec, folder / f"{index}-{label[:5]}")
            best[label] = min(best[label], time.perf_counter() - start)
    return best


def official_python() -> Path:
    """The throw-away venv's interpreter, (re)made when its requirements changed. Our client's
    dependencies are pinned to the versions we run (the project's venv), as in development."""
    python = VENV / "bin" / "python"
    requirements = [OFFICIAL] + [f"{name}=={version(name)}" for name in OUR_DEPENDENCIES]
    stamp = VENV / "bench-requirements.txt"  # written last: a half-made venv is made again
    if stamp.exists() and stamp.read_text() == "\n".join(requirements):
        return python
    print(f"making {VENV.name}/ with {' '.join(requirements)} ...", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(VENV)])
    run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements])
    stamp.write_text("\n".join(requirements))
    return python


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} ... failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def environment(client: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(client)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the first run writes .pyc files, as pip's do
    return env


def time_imports(python: Path, client: Path, runs: int) -> dict[str, float]:
    """Wall time of `python -c CODE`, best of `runs`, minus the bare start-up timed alike:
    what a user's script waits for, .pth files and site included in both."""
    env = environment(client)
    best = dict.fromkeys(IMPORTS, float("inf"))
    for _ in range(runs):  # interleaved, so all see the same machine
        for label, code in IMPORTS.items():
            start = time.perf_counter()
            run([str(python), "-c", code], env)
            best[label] = min(best[label], time.perf_counter() - start)
    start_up = best.pop("start-up")
    return {label: seconds - start_up for label, seconds in best.items()}


def top_imports(python: Path, client: Path, count: int = 10) -> list[tuple[int, str]]:
    """Our import's most expensive modules by cumulative time (-X importtime, microseconds)."""
    command = [str(python), "-X", "importtime", "-c", IMPORTS[OURS]]
    done = subprocess.run(command, env=environment(client), capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines()[1:]:  # after the header line
        if line.count("|") == 2:  # "import time: self | cumulative | module"
            _, cumulative, module = line.split("|")
            rows.append((int(cumulative), module.strip()))
    return sorted(rows, reverse=True)[:count]


def time_requests(python: Path, client: Path, calls: int) -> dict[str, Any]:
    worker = [str(python), str(BENCH / "client_official.py"), "--calls", str(calls)]
    result: dict[str, Any] = json.loads(run(worker, environment(client)))
    return result


def show(label: str, value: str) -> None:
    print(f"{label:>28}: {value}")


def report(title: str, results: dict[str, float], unit: str, target: str = "") -> None:
    """Each result, then the ratio of ours to the other one."""
    print(title)
    for label, value in results.items():
        show(label, f"{value:8.2f} {unit}")
    (other,) = (value for label, value in results.items() if label != OURS)
    show("ratio", f"{results[OURS] / other:8.2f}x{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--repeat", type=int, default=3, help="generations of each")
    parser.add_argument("--runs", type=int, default=10, help="fresh interpreters per import")
    parser.add_argument("--calls", type=int, default=2000, help="things.list() per round")
    parser.add_argument("--importtime", action="store_true", help="list our costliest imports")
    args = parser.parse_args()
    python = official_python()
    with tempfile.TemporaryDirectory(dir=BENCH, prefix="tmp-") as name:
        folder = Path(name)
        generation = time_generation(args.spec, folder, args.repeat)
        client = folder / f"{args.repeat - 1}-{OURS[:5]}"  # the last one generated
        imports = time_imports(python, client, args.runs)
        requests = time_requests(python, client, args.calls)
        costliest = top_imports(python, client) if args.importtime else []
    report("generation", generation, "s", " (target <= 1.0x)")
    milliseconds = {label: seconds * 1000 for label, seconds in imports.items()}
    report(
        f"import, start-up subtracted (best of {args.runs})",
        milliseconds,
        "ms",
        " (target <= 0.25x)",
    )
    versions = ", ".join(f"{name} {number}" for name, number in requests.pop("versions").items())
    report(
        f"things.list() of 10 things, in-process transport ({versions})",
        requests,
        "us",
        " (target <= 1.5x)",
    )
    if costliest:
        print("our costliest imports, cumulative (one run of -X importtime, which adds overhead)")
    for microseconds, module in costliest:
        show(module, f"{microseconds / 1000:8.2f} ms")


if __name__ == "__main__":
    main()
