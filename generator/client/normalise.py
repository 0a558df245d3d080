"""Our normalising pass over the Integrations API spec, before openapi-python-client sees it.

Every change is reported as a `Fix` with the JSON pointer of what it changed, so a user can
check each one against the spec:

- response codes become strings (some copies write YAML integers, which the generator refuses);
- operations get readable, stable names: `things_v2#GetStatusEvents` -> `get_status_events`
  in the group `things_v2`; every group ends in its API version (`devices_ota_v2`);
- class names come from schema keys, never from titles ("Mediatype identifier: ...") that flip;
- errors are read by status code, by the runtime: error responses are left out (they carry
  goa's error under any media type, also `text/plain`), success responses lose the error type,
  and the success responses of an operation that all read the same become one `2XX`, so that
  a 2xx the spec does not list (200 where it says 201) is read like the documented one;
- `X-Organization` is a setting of the client (`organization=`), not a parameter of each call;
- models read what the server really sends: in everything a response can hold, any field may be
  absent or null, enums are open (a new value is kept as a string), times that do not parse
  are kept as strings, and ids are text (as the paths that take them are).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.client.operations import names
from generator.openapi.document import Where, operations
from generator.openapi.pointers import SCHEMAS, pointer

ERROR_MEDIA_TYPE = "application/vnd.goa.error+json"
ORGANIZATION = "x-organization"


@dataclass(frozen=True)
class Fix:
    kind: str  # what the fix is for, to sum fixes up: "names", "errors", "lenient", ...
    pointer: str
    message: str
    level: str = "info"  # "warning" only when something of the spec is dropped


def normalise(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Fix]]:
    """A copy of `spec` that openapi-python-client accepts and names readably, with every fix."""
    integer_codes = [
        pointer(*where, "responses")
        for operation, where in operations(spec)
        if any(not isinstance(code, str) for code in operation.get("responses") or {})
    ]
    # A deep copy (JSON's is faster than copy.deepcopy): codes and YAML dates become text.
    spec = json.loads(json.dumps(spec, default=str))
    fixes: list[Fix] = []
    components = spec.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    for at in integer_codes:
        fixes.append(Fix("codes", at, "integer response codes written as strings"))
    every = list(operations(spec))
    for operation, where in every:
        _name(operation, where, fixes)
        _errors_by_status(operation, where, fixes)
        _one_success(operation, where, fixes)
        _organization_from_the_client(operation, where, fixes)
    for name, schema in schemas.items():
        _drop_titles(schema, ("components", "schemas", name), fixes)
    _ids_as_text(spec, (), fixes)
    _hoist_inline(schemas, fixes)
    for name in sorted(_read_from_responses(every, schemas)):
        _lenient(schemas[name], ("components", "schemas", name), fixes)
    return spec, fixes


def _name(operation: dict[str, Any], where: Where, fixes: list[Fix]) -> None:
    original = operation.get("operationId", "")
    named = names(str(original), str(where[1]))
    if named is None:
        return
    group, snake = named
    if (operation.get("tags") or [None])[0] != group:
        tag_fix = f"tag {operation.get('tags')} -> {group!r}"
        fixes.append(Fix("names", pointer(*where, "tags"), tag_fix))
        operation["tags"] = [group]
    operation["operationId"] = snake
    fixes.append(
        Fix(
            "names", pointer(*where, "operationId"), f"operationId {original} -> {snake} in {group}"
        )
    )


def _errors_by_status(operation: dict[str, Any], where: Where, fixes: list[Fix]) -> None:
    responses = operation.get("responses") or {}
    for code in [c for c in responses if not str(c).startswith("2")]:
        del responses[code]
        at = pointer(*where, "responses", code)
        fixes.append(Fix("errors", at, "error response read by status code, whatever its body"))
    for code, response in responses.items():
        content = (response or {}).get("content") or {}
        if ERROR_MEDIA_TYPE in content and len(content) > 1:
            del content[ERROR_MEDIA_TYPE]
            at = pointer(*where, "responses", code, "content")
            fixes.append(Fix("errors", at, f"{ERROR_MEDIA_TYPE} dropped from a success response"))


def _one_success(operation: dict[str, Any], where: Where, fixes: list[Fix]) -> None:
    """Success responses that all read the same become one `2XX`."""
    responses = operation.get("responses") or {}
    codes = [str(code) for code in responses]
    bodies = [(responses[code] or {}).get("content") for code in responses]
    if not codes or any(body != bodies[0] for body in bodies):
        return
    first = next(iter(responses.values())) or {}
    operation["responses"] = {"2XX": first}
    at = pointer(*where, "responses")
    fixes.append(Fix("errors", at, f"any 2xx read as the documented {', '.join(codes)}"))


def _organization_from_the_client(
    operation: dict[str, Any], where: Where, fixes: list[Fix]
) -> None:
    parameters = operation.get("parameters") or []
    for index, parameter in reversed(list(enumerate(parameters))):
        if parameter.get("in") == "header" and str(parameter.get("name")).lower() == ORGANIZATION:
            del parameters[index]
            at = pointer(*where, "parameters", index)
            fixes.append(Fix("names", at, "X-Organization set by the client (organization=)"))


def _drop_titles(schema: Any, where: Where, fixes: list[Fix]) -> None:
    """Class names come from schema keys: titles ("Mediatype identifier: …") flip."""
    if isinstance(schema, dict):
        if isinstance(schema.get("title"), str):
            fixes.append(
                Fix("names", pointer(*where, "title"), f"title {schema.pop('title')!r} dropped")
            )
        for key, value in schema.items():
            _drop_titles(value, (*where, key), fixes)
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            _drop_titles(value, (*where, index), fixes)


def _ids_as_text(value: Any, where: Where, fixes: list[Fix]) -> None:
    """Ids are text, as the paths that take them back are: no `UUID` to convert, and no
    crash on an id that is not a UUID."""
    if isinstance(value, dict):
        if value.get("format") == "uuid" and value.get("type") == "string":
            del value["format"]
            fixes.append(Fix("lenient", pointer(*where, "format"), "uuid read as text"))
        for key, inner in value.items():
            _ids_as_text(inner, (*where, key), fixes)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _ids_as_text(inner, (*where, index), fixes)


def _hoist_inline(schemas: dict[str, Any], fixes: list[Fix]) -> None:
    """Inline enums and objects of properties become named schemas, with the names the
    generator would give them, so that making them nullable does not rename them. Enums
    become open: a named enum or the raw value, as one new board type must not break a
    whole device list."""
    pending = list(schemas)
    while pending:
        name = pending.pop(0)
        for field, schema in (schemas[name].get("properties") or {}).items():
            for holder, key in ((schemas[name]["properties"], field), (schema, "items")):
                inner = holder.get(key)
                is_enum = isinstance(inner, dict) and "enum" in inner
                is_object = isinstance(inner, dict) and inner.get("type") == "object"
                if not (is_enum or is_object):
                    continue
                hoisted = f"{name}_{field}"
                while hoisted in schemas:
                    hoisted += "_"
                schemas[hoisted] = inner
                pending.append(hoisted)
                at = pointer("components", "schemas", name, "properties", field)
                reference = {"$ref": SCHEMAS + hoisted}
                if is_enum:
                    holder[key] = {"anyOf": [reference, {"type": inner.get("type", "string")}]}
                    fixes.append(Fix("enums", at, f"open enum: {hoisted} or the raw value"))
                else:
                    holder[key] = reference
                    fixes.append(Fix("names", at, f"inline object named {hoisted}"))


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS):
            yield ref.removeprefix(SCHEMAS)
        for inner in value.values():
            yield from _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs(inner)


def _read_from_responses(
    operations: list[tuple[dict[str, Any], Where]], schemas: dict[str, Any]
) -> set[str]:
    """The schemas that a success response can hold, directly or nested."""
    pending = [
        name
        for operation, _ in operations
        for code, response in (operation.get("responses") or {}).items()
        if str(code).startswith("2")
        for name in _refs((response or {}).get("content"))
    ]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            pending.extend(_refs(schemas[name]))
    return seen


def _lenient(schema: dict[str, Any], where: Where, fixes: list[Fix]) -> None:
    """Any field of `schema` may be absent or null; times that do not parse stay text."""
    properties = schema.get("properties") or {}
    if properties:
        schema.pop("required", None)
        fixes.append(
            Fix("lenient", pointer(*where), "every field may be absent or null in responses")
        )
    for field in properties:
        at = (*where, "properties", field)
        properties[field] = _lenient_field(properties[field], at, fixes)
    if isinstance(schema.get("items"), dict) and "properties" in schema["items"]:
        _lenient(schema["items"], (*where, "items"), fixes)


def _lenient_field(field: dict[str, Any], where: Where, fixes: list[Fix]) -> dict[str, Any]:
    """`field` as a lenient schema: also null, and text where a strict format would not parse."""
    if not field:  # untyped: any JSON value, null included
        return field
    if "properties" in field:
        _lenient(field, where, fixes)
    if field.get("format") == "date-time":
        fixes.append(Fix("lenient", pointer(*where), "a time that does not parse is kept as text"))
        field = {"anyOf": [field, {"type": "string"}]}
    if "$ref" in field:
        field = {"anyOf": [field]}  # a `$ref` takes no siblings such as `nullable`
    return {**field, "nullable": True}
