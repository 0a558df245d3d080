"""`cloudgen cloud` on a project of 10 Things at the free plan's rate limit (1 request/s),
against the tests' fake cloud on 127.0.0.1: API calls and wall time of each command.

The rate limit, not the network, sets the time: a command with N API calls waits about
N - 1 seconds. Run from the repository root (it needs the pinned spec in ../shared):

    python bench/cloud.py [--things 10] [--rate-limit free] [--dashboards]

With --dashboards every Thing also has a dashboard output, which push creates and, after a
variable is added to each Thing, updates.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from cloud_setup import CLIENT_ID, SECRET  # noqa: E402
from fake_api import FakeCloud  # noqa: E402
from fake_api_server import Running  # noqa: E402

from generator.cli.main import main as cli  # noqa: E402
from generator.cloud.client_package import build_client  # noqa: E402
from generator.core.paths import SPEC_CACHE  # noqa: E402

SPEC = REPO.parent / "shared" / "specs" / "iot-api" / "openapi.yaml"


def project(root: Path, things: int, dashboards: bool) -> None:
    config = "things:\n"
    for number in range(things):
        (root / "things").mkdir(parents=True, exist_ok=True)
        (root / "things" / f"t{number}.yaml").write_text(
            f"name: Thing {number}\ntimezone: UTC\nvariables:\n"
            "    - {name: pump, permission: READ_WRITE, type: STATUS, update_parameter: 0, "
            "update_strategy: ON_CHANGE, variable_name: pump}\n"
        )
        config += (
            f"  - template: things/t{number}.yaml\n    board: arduino:samd:mkrwifi1010\n"
            f"    outputs:\n      sketch: sketches/T{number}\n"
            + (f"      dashboard: dashboards/T{number}\n" if dashboards else "")
        )
    (root / "cloudgen.yaml").write_text(config)
    (root / SPEC_CACHE).parent.mkdir(parents=True)
    shutil.copy(SPEC, root / SPEC_CACHE)
    build_client(root)


def run(fake: FakeCloud, root: Path, *args: str) -> tuple[int, float]:
    fake.requests.clear()
    start = time.perf_counter()
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["cloud", *args])
    elapsed = time.perf_counter() - start
    if result.exit_code not in (0, 1):
        raise SystemExit(result.output)
    return len(fake.api_requests()), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--things", type=int, default=10)
    parser.add_argument("--rate-limit", default="free")
    parser.add_argument("--dashboards", action="store_true", help="a dashboard per Thing")
    options = parser.parse_args()
    fake = FakeCloud(CLIENT_ID, SECRET)
    running = Running(fake)
    os.environ.update(
        ARDUINO_CLOUD_CLIENT=CLIENT_ID,
        ARDUINO_CLOUD_SECRET=SECRET,
        ARDUINO_IOT_API_URL=fake.url,
        CLOUDGEN_RATE_LIMIT=options.rate_limit,
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project(root, options.things, options.dashboards)
        steps = [("plan", ("plan",)), ("push (creates)", ("push", "--yes"))]
        rows = [(name, *run(fake, root, *args)) for name, args in steps]
        for thing_id in fake.things:
            device = fake.add_device("board", "arduino:samd:mkrwifi1010", "mkrwifi1010")
            fake.attach(thing_id, device)
        for name, args in [("pull", ("pull",)), ("status", ("status",)), ("plan", ("plan",))]:
            rows.append((name, *run(fake, root, *args)))
        if options.dashboards:
            for number in range(options.things):
                with contextlib.chdir(root):
                    add = ["var", "add", f"things/t{number}.yaml", "fan:HOME_SWITCH:readwrite"]
                    CliRunner().invoke(cli, add)
            rows.append(("push (a variable each)", *run(fake, root, "push", "--yes")))
    running.close()
    print(f"{options.things} Things at rate limit {options.rate_limit}, plus 1 token each:")
    for name, calls, seconds in rows:
        print(f"  {name:<22} {calls:>3} API calls  {seconds:6.2f} s")


if __name__ == "__main__":
    main()
