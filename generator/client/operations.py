"""The operations of a spec as the generated client sees them: their Python names (group and
function), and how each is retried, from the rules and overrides of
specs/catalog/client_retries.yaml (not from the HTTP method, which is no guide here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.core.catalog_schema import BASES
from generator.core.diagnostics import UserError, did_you_mean
from generator.core.paths import CATALOG_DIR
from generator.core.schema import ListOf, MapOf, Problem, Record, Scalar, Text, problems
from generator.core.source import load_document
from generator.openapi.document import operations

RETRIES_FILE = "client_retries.yaml"
_CLASS = Record({"replayed": Scalar((bool,)), "explains": Text()})
_RULE = Record({"class": Text()}, {"method": Text(), "status": Text()})
_OVERRIDE = Record({"class": Text(), "basis": Text(BASES), "reason": Text()})
RETRIES_SCHEMA = Record(
    {"classes": MapOf(_CLASS), "rules": ListOf(_RULE), "overrides": MapOf(_OVERRIDE)}
)
_VERSION = re.compile(r"_v\d+(?=[_#]|$)")


@dataclass(frozen=True)
class RetryClass:
    name: str
    replayed: bool  # retried after a 5xx or a timeout, not only when provably unsent
    explains: str


@dataclass(frozen=True)
class Operation:
    operation_id: str  # as the spec writes it: `things_v2#create`
    group: str  # the Python group, ending in the path's API version: `things_v2`
    function: str  # `create`, `get_status_events`
    method: str  # upper case
    path: str
    retry: RetryClass
    reason: str  # why it has that class: the rule or the override

    @property
    def call(self) -> str:
        """How the facade spells it: `cloud.v2.things.list`."""
        attribute, _, version = self.group.rpartition("_")
        return f"cloud.{version}.{attribute}.{self.function}"


@dataclass(frozen=True)
class Retries:
    classes: dict[str, RetryClass]
    rules: tuple[dict[str, str], ...]
    overrides: dict[str, dict[str, str]]


@cache
def load_retries(directory: Path = CATALOG_DIR) -> Retries:
    path = directory / RETRIES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = problems(RETRIES_SCHEMA, data) or _bad_references(data)
    if found:
        document = load_document(path, path.name)
        raise UserError([document.diagnostic(where, message) for where, message in found])
    classes = {
        name: RetryClass(name, c["replayed"], c["explains"]) for name, c in data["classes"].items()
    }
    return Retries(classes, tuple(data["rules"]), data["overrides"])


def _bad_references(data: dict[str, Any]) -> list[Problem]:
    """Classes that do not exist, and a last rule that does not match every operation."""
    known = data["classes"]
    entries = [("rules", index, rule) for index, rule in enumerate(data["rules"])]
    entries += [("overrides", key, entry) for key, entry in data["overrides"].items()]
    found: list[Problem] = []
    for kind, key, entry in entries:
        if entry["class"] not in known:
            message = f"unknown class {entry['class']!r}; expected one of {', '.join(known)}"
            found.append(((kind, key, "class"), did_you_mean(message, entry["class"], known)))
    if not data["rules"] or set(data["rules"][-1]) != {"class"}:
        last = "the last rule must have only a class: it matches what no other does"
        found.append((("rules",), last))
    return found


def names(operation_id: str, path: str) -> tuple[str, str] | None:
    """(group, function) of an operationId, or None when it has no `#`:
    `things_v2#GetStatusEvents` -> (`things_v2`, `get_status_events`). Groups end in the
    path's API version: `devices_v2_ota` -> `devices_ota_v2`, `templates` under /iot/v1/ ->
    `templates_v1`."""
    group, _, name = operation_id.partition("#")
    if not name:
        return None
    function = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    version = re.search(r"/(v\d+)/", path)
    if version:
        group = _VERSION.sub("", group) + f"_{version.group(1)}"
    return group, function


def classify(spec: dict[str, Any], retries: Retries | None = None) -> list[Operation]:
    """Every named operation of `spec` (as written, before the normalising pass)."""
    retries = retries or load_retries()
    found = []
    for operation, (_, path, method) in operations(spec):
        operation_id = str(operation.get("operationId", ""))
        named = names(operation_id, str(path))
        if named is None:
            continue
        codes = {str(code) for code in operation.get("responses") or {}}
        override = retries.overrides.get(_VERSION.sub("", operation_id))
        if override is not None:
            kind, reason = override["class"], override["reason"]
        else:
            rule = next(r for r in retries.rules if _matches(r, str(method), codes))
            kind, reason = rule["class"], _describe(rule)
        found.append(
            Operation(
                operation_id, *named, str(method).upper(), str(path), retries.classes[kind], reason
            )
        )
    return found


def _matches(rule: dict[str, str], method: str, codes: set[str]) -> bool:
    return rule.get("method", method.upper()) == method.upper() and (
        "status" not in rule or rule["status"] in codes
    )


def _describe(rule: dict[str, str]) -> str:
    if "method" in rule:
        return f"a {rule['method']}"
    if "status" in rule:
        return f"answers {rule['status']}"
    return "a PUT or POST not known to be safe to repeat"


def group_class(group: str) -> str:
    """The facade class of a group: `devices_ota_v2` -> `DevicesOtaV2` (the generated group
    modules name their classes by the same rule, in templates/client/openapi)."""
    return "".join(part.capitalize() for part in group.split("_"))
