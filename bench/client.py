"""Client generation: cloudgen (normalising pass + openapi-python-client) against plain
openapi-python-client on the same spec, side by side in one run. Target: <= 1.3x.

    python bench/client.py [--spec PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType

from generator.client import generate_client
from generator.spec_load import load_spec

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "specs" / "iot-api" / "openapi.yaml"


def plain(spec: Path, output: Path) -> None:
    config = Config.from_sources(ConfigFile(), MetaType.SETUP, spec, "utf-8", True, output)
    generate(config=config)


def ours(spec: Path, output: Path) -> None:
    generate_client(load_spec(str(spec))[1], output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = {"plain openapi-python-client": float("inf"), "cloudgen client": float("inf")}
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent, prefix="tmp-") as folder:
        for index in range(args.repeat):  # interleaved, so both see the same machine
            for label, run in (("plain openapi-python-client", plain), ("cloudgen client", ours)):
                start = time.perf_counter()
                run(args.spec, Path(folder) / f"{index}-{label[:5]}")
                best[label] = min(best[label], time.perf_counter() - start)
    for label, seconds in best.items():
        print(f"{label:>28}: {seconds:6.2f} s")
    ratio = best["cloudgen client"] / best["plain openapi-python-client"]
    print(f"{'ratio':>28}: {ratio:6.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
