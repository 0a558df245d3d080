"""Diffing the pinned Integrations API spec against a mutated copy, as a command would.

Target: under 2 s for reading both specs and diffing them.

    python bench/spec_diff.py [--spec PATH] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

import yaml

from generator.openapi.load import load_spec
from generator.specdiff.diff import diff_specs

SPEC = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "specs" / "iot-api" / "openapi.yaml"
)


def mutate(spec: dict[str, object]) -> dict[str, object]:
    new = copy.deepcopy(spec)
    paths = new["paths"]
    schemas = new["components"]["schemas"]  # type: ignore[index]
    assert isinstance(paths, dict)
    del paths["/iot/v1/templates"]
    paths["/iot/v2/things"]["get"]["operationId"] = "things_v2#listAll"
    del schemas["ArduinoThing"]["properties"]["webhook_uri"]
    schemas["property"]["properties"]["type"]["enum"].remove("LENGHT_C")
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        mutated = Path(folder) / "mutated.yaml"
        mutated.write_text(yaml.dump(mutate(load_spec(str(args.spec))[1]), Dumper=yaml.CSafeDumper))
        load_times, diff_times, count = [], [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            old, new = load_spec(str(args.spec))[1], load_spec(str(mutated))[1]
            loaded = time.perf_counter()
            count = len(diff_specs(old, new))
            load_times.append(loaded - start)
            diff_times.append(time.perf_counter() - loaded)
    print(f"read both specs: {min(load_times) * 1000:7.1f} ms")
    print(f"diff:            {min(diff_times) * 1000:7.1f} ms  ({count} findings)")
    print(
        f"total:           {(min(load_times) + min(diff_times)) * 1000:7.1f} ms (target < 2000 ms)"
    )


if __name__ == "__main__":
    main()
