"""TypeScript bindings: every module compiles with `tsc --strict` against arduino-iot-js's
own declarations, and wrong uses of a Thing's variables are compile errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers import EVERY_COMPOUND, REPO, cloudgen, write_tree
from tsc import SETUPS, node, tsc

from generator.core.catalog import load_catalog
from generator.typescript.emit import IDENTIFIER, MODULE_NAMES, RESERVED, TYPESCRIPT

THING_ID = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
READ_ONLY = {
    "name": "Sensors only",
    "variables": [dict(v, permission="READ_ONLY") for v in EVERY_COMPOUND["variables"]],
}
EMPTY = {"name": "Nothing yet", "variables": []}


def module(root: Path, template: Path | dict[str, object], name: str, *options: str) -> Path:
    """`cloudgen typescript` of a template (or of a Thing given as data) into root/name."""
    if isinstance(template, dict):
        template = write_tree(root, {f"{name}.json": json.dumps(template)}) / f"{name}.json"
    result = cloudgen("typescript", template, "-o", root / name, *options)
    assert result.exit_code == 0, result.output
    return root / name / f"{name}.ts"


def pascal(stem: str) -> str:
    return "".join(part.capitalize() for part in stem.split("_"))


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory, example_builds: dict[str, Path]) -> Path:
    """A module of every example Thing, of the example project's outputs, and of Things
    with every multi-value type, nothing writable and no variables at all."""
    root = tmp_path_factory.mktemp("ts")
    for template in sorted((REPO / "specs" / "things").iterdir()):
        module(root, template, pascal(template.stem))
    module(root, EVERY_COMPOUND, "Showroom", "--thing-id", THING_ID)
    module(root, READ_ONLY, "SensorsOnly")
    module(root, EMPTY, "NothingYet")
    shutil.copytree(example_builds["configured"] / "generated" / "typescript", root / "example")
    return root


def test_an_example_module_has_every_multi_value_type(example_builds: dict[str, Path]) -> None:
    folders = sorted((example_builds["configured"] / "generated" / "typescript").iterdir())
    assert len(folders) >= 2
    compound = {t.python for t in load_catalog().types.values() if t.is_compound}
    declared = {
        f.name: set(
            re.findall(r"^export interface (\w+) \{", (f / f"{f.name}.ts").read_text(), re.M)
        )
        for f in folders
    }
    assert any(compound <= names for names in declared.values()), declared


@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_every_module_compiles_with_tsc_strict(modules: Path, setup: str, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(modules, root, dirs_exist_ok=True)
    files = sorted(root.rglob("*.ts"))
    assert len(files) >= 14
    compiled = tsc(root, files, setup)
    assert compiled.returncode == 0, compiled.output
    assert compiled.output == ""


CONSUMER = """\
import { Showroom, VARIABLES, WRITABLE } from "./Showroom/Showroom";
import type { ShowroomValues, ShowroomWritable } from "./Showroom/Showroom";
import { SensorsOnly } from "./SensorsOnly/SensorsOnly";

export async function use(thing: Showroom, other: SensorsOnly): Promise<number> {
  thing.onValue("lamp", (lamp) => console.log(lamp.swi === true, lamp.hue + lamp.sat + lamp.bri));
  thing.onValue("where", (where) => console.log(where.lat - where.lon));
  thing.onValue("hours", (hours) => console.log(hours.frm + hours.to + hours.len + hours.msk));
  thing.onValue("note", (note) => console.log(note.toUpperCase()));
  thing.onValue("pump", (pump: boolean) => console.log(!pump));
  other.onValue("tv", (tv) => console.log(tv.mut, tv.cha));
  await thing.send("count", 0);
  await thing.send("pump", false);
  await thing.send("note", "");
  await thing.send("tv", { swi: false, vol: 0, mut: false, pbc: 0, inp: 0, cha: 0 });
  const names: readonly (keyof ShowroomValues)[] = VARIABLES;
  const writable: readonly ShowroomWritable[] = WRITABLE;
  const connected = await Showroom.connect({ token: "t", host: "localhost", port: 8443 });
  const elsewhere = await SensorsOnly.connect({ clientId: "id", clientSecret: "s" }, "thing-id");
  thing.onValue("lamb", () => undefined); // ERROR misspelled
  await thing.send("target", "hot"); // ERROR string to a float
  await thing.send("level", 2.5); // ERROR READ_ONLY
  await thing.send("lamp", { swi: true, hue: 1, sat: 2 }); // ERROR attribute missing
  thing.onValue("pump", (pump: number) => console.log(pump)); // ERROR callback type
  await other.send("pump", true); // ERROR nothing writable
  await SensorsOnly.connect({ token: "t" }); // ERROR no Thing id configured
  await Showroom.connect({ token: "t", onConnected: () => undefined }); // ERROR dead option
  return names.length + writable.length + connected.thingId.length + elsewhere.thingId.length;
}
"""


def _union(permissions: tuple[str, ...]) -> str:
    """The TypeScript union of Showroom's variable names with these permissions."""
    variables = EVERY_COMPOUND["variables"]
    return " | ".join(
        f'"{v["variable_name"]}"' for v in variables if v["permission"] in permissions
    )


EXPECTED = {
    "misspelled": (
        "TS2345",
        f"""Argument of type '"lamb"' is not assignable to parameter of type '{_union(("READ_ONLY", "READ_WRITE"))}'.""",
    ),
    "string to a float": (
        "TS2345",
        "Argument of type 'string' is not assignable to parameter of type 'number'.",
    ),
    "READ_ONLY": (
        "TS2345",
        f"""Argument of type '"level"' is not assignable to parameter of type '{_union(("READ_WRITE",))}'.""",
    ),
    "attribute missing": (
        "TS2345",
        "Argument of type '{ swi: true; hue: number; sat: number; }' is not assignable to parameter of type 'ColoredLight'.",
    ),
    "callback type": (
        "TS2345",
        "Argument of type '(pump: number) => void' is not assignable to parameter of type '(value: boolean) => void'.",
    ),
    "nothing writable": (
        "TS2345",
        """Argument of type '"pump"' is not assignable to parameter of type 'never'.""",
    ),
    "no Thing id configured": ("TS2554", "Expected 2 arguments, but got 1."),
    "dead option": (
        "TS2353",
        "Object literal may only specify known properties, and 'onConnected' does not exist in type 'ConnectOptions'.",
    ),
}


def test_wrong_uses_of_a_thing_fail_to_compile(modules: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("Showroom", "SensorsOnly"):
        (root / name).mkdir(parents=True)
        (root / name / f"{name}.ts").write_text((modules / name / f"{name}.ts").read_text())
    write_tree(root, {"consumer.ts": CONSUMER})
    files = [root / "consumer.ts"]
    compiled = tsc(root, files, "bundler")
    marked = {
        number: line.split("// ERROR ")[1]
        for number, line in enumerate(CONSUMER.splitlines(), start=1)
        if "// ERROR " in line
    }
    found = {(e.line, e.code, e.message) for e in compiled.errors}
    expected = {(line, *EXPECTED[why]) for line, why in marked.items()}
    assert found == expected, compiled.output
    assert all(e.file == "consumer.ts" for e in compiled.errors), compiled.output


def test_the_type_mapping_comes_from_the_catalog() -> None:
    catalog = load_catalog()
    classes: dict[str, dict[str, str]] = {}
    for cloud_type in catalog.types.values():
        if isinstance(cloud_type.senml, dict):
            assert IDENTIFIER.match(cloud_type.python) and cloud_type.python not in RESERVED
            assert cloud_type.python not in MODULE_NAMES
            # One interface per class: types that share a class share its attributes.
            assert classes.setdefault(cloud_type.python, cloud_type.senml) == cloud_type.senml
            assert all(IDENTIFIER.match(a) for a in cloud_type.senml)
            kinds = set(cloud_type.senml.values())
        else:
            kinds = {cloud_type.senml}
        assert kinds <= set(TYPESCRIPT), cloud_type.name


def test_the_module_names_list_every_name_the_template_declares() -> None:
    template = (REPO / "templates" / "typescript" / "thing.ts.j2").read_text()
    declared = re.findall(
        r"^(?:export )?(?:declare )?(?:const|type|interface|function|class) ([A-Za-z_$][\w$]*)",
        template,
        re.M,
    )
    imported = re.findall(r"^  (\w+),$", template, re.M) + ["ArduinoIoTCloud", "SenML"]
    assert set(declared) | set(imported) == MODULE_NAMES


def test_hostile_names_and_labels_stay_inside_literals(tmp_path: Path) -> None:
    """Thing names and labels reach comments and string literals; the module compiles and
    gives every string back exactly."""
    hostile = [
        "Evil */ export const injected = 1; /*",
        'Quote " and backslash \\ and `${x}`',
        "New\nline\r\u2028\u2029 and \u202e override",
        "Ends with a backslash \\",
        "// comment */ /** doc",
        "{{ jinja }} {% raw %} @deprecated",
        "Ünïcødé Gärten 温室 \U0001f331 \x00\x07",
    ]
    root = tmp_path / "project"
    files = []
    for index, text in enumerate(hostile):
        thing = {
            "name": text,
            "variables": [dict(EVERY_COMPOUND["variables"][0], name=text[::-1])],
        }
        files.append(module(root, thing, f"Hostile{index}"))
    compiled = tsc(root, files, outDir=str(root / "out"), noEmit=False)
    assert compiled.returncode == 0, compiled.output
    check = textwrap.dedent(
        """
        const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const found = texts.map((_, i) => {
          const m = require(`./out/Hostile${i}/Hostile${i}.js`);
          return [m.THING_NAME, m.LABELS.pump, Object.keys(m).sort().join(" ")];
        });
        process.stdout.write(JSON.stringify(found));
        """
    )
    (root / "check.cjs").write_text(check)
    ran = subprocess.run(
        [node(), "check.cjs"],
        cwd=root,
        input=json.dumps(hostile),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    exports = "Hostile{} LABELS THING_NAME VARIABLES WRITABLE"
    assert json.loads(ran.stdout) == [
        [text, text[::-1], exports.format(i)] for i, text in enumerate(hostile)
    ]


def test_the_readme_example_compiles(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## TypeScript") :]
    example = section[section.index("```ts\n") + 6 : section.index("```\n", section.index("```ts"))]
    module = REPO / "generated" / "typescript" / "MediaRoom" / "MediaRoom.ts"
    root = tmp_path / "project"
    write_tree(
        root,
        {
            "generated/typescript/MediaRoom/MediaRoom.ts": module.read_text(),
            # Node.js's typings are not installed; this is all the example uses of them.
            "example.ts": "declare const process: { env: { ARDUINO_TOKEN?: string } };\n"
            + example
            + "export {};\n",
        },
    )
    compiled = tsc(root, [root / "example.ts"], "bundler")
    failing = [n for n, line in enumerate(example.splitlines(), 2) if "does not compile" in line]
    assert [(e.line, e.code) for e in compiled.errors] == [(failing[0], "TS2345")], compiled.output
