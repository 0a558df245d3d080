"""Breaking-change report between two OpenAPI specs, for users of generated clients.

Every finding names a check (specs/catalog/spec_checks.yaml), its level and the JSON
pointer of both sides. `$ref`s are followed and the resolved schemas compared; a shared
component schema is compared once per direction, so one change is reported once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from generator.core.paths import CATALOG_DIR
from generator.openapi.document import METHODS
from generator.openapi.pointers import escape, pointer, ref_name, resolve

LEVELS = ("INFO", "WARN", "ERR")
Spec = dict[str, Any]


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    explains: str


@cache
def checks() -> dict[str, Check]:
    data = yaml.safe_load((CATALOG_DIR / "spec_checks.yaml").read_text(encoding="utf-8"))
    return {key: Check(key, v["level"], v["explains"]) for key, v in data["checks"].items()}


@dataclass(frozen=True)
class Finding:
    check: str
    level: str
    old: str | None  # JSON pointer into the old spec
    new: str | None  # JSON pointer into the new spec
    message: str

    def sort_key(self) -> tuple[int, str, str, str]:
        return (-LEVELS.index(self.level), self.check, self.old or "", self.new or "")

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "level": self.level,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


def diff_specs(old: Spec, new: Spec) -> list[Finding]:
    differ = _Differ(old, new)
    differ.run()
    return sorted(differ.findings.values(), key=Finding.sort_key)


class _Differ:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.findings: dict[tuple[str, str | None, str | None], Finding] = {}
        self.compared: set[tuple[str, str, str]] = set()

    def add(self, check: str, old: str | None, new: str | None, message: str) -> None:
        key = (check, old, new)
        if key not in self.findings:
            self.findings[key] = Finding(check, checks()[check].level, old, new, message)

    def run(self) -> None:
        self.servers()
        self.schemas()
        self.security_schemes()
        self.paths()

    # ---- top level ----

    def servers(self) -> None:
        old = [s.get("url") for s in self.old.get("servers", [])]
        new = [s.get("url") for s in self.new.get("servers", [])]
        if old != new:
            self.add(
                "server-url-changed",
                pointer("servers"),
                pointer("servers"),
                f"servers {_values(old) or 'none'} -> {_values(new) or 'none'}",
            )

    def schemas(self) -> None:
        old = _components(self.old, "schemas")
        new = _components(self.new, "schemas")
        removed = [n for n in old if n not in new]
        added = [n for n in new if n not in old]
        for name in list(removed):
            twin = next((a for a in added if a.lower() == name.lower()), None)
            check = "schema-renamed-case"
            if twin is None:
                twin = next((a for a in added if _same(old[name], new[a])), None)
                check = "schema-renamed"
            if twin is not None:
                removed.remove(name)
                added.remove(twin)
                self.add(
                    check,
                    pointer("components", "schemas", name),
                    pointer("components", "schemas", twin),
                    f"schema {name} -> {twin}",
                )
        for name in removed:
            self.add(
                "schema-removed",
                pointer("components", "schemas", name),
                None,
                f"schema {name} removed",
            )
        for name in added:
            self.add(
                "schema-added", None, pointer("components", "schemas", name), f"schema {name} added"
            )

    def security_schemes(self) -> None:
        old = _components(self.old, "securitySchemes")
        new = _components(self.new, "securitySchemes")
        for name, scheme in old.items():
            where = pointer("components", "securitySchemes", name)
            if name not in new:
                self.add("security-scheme-removed", where, None, f"security scheme {name} removed")
            elif not _same(scheme, new[name]):
                self.add("security-scheme-changed", where, where, f"security scheme {name} changed")

    def paths(self) -> None:
        old, new = self.old["paths"], self.new["paths"]
        removed = [p for p in old if p not in new]
        added = [p for p in new if p not in old]
        pairs = [(p, p) for p in old if p in new]
        for path in list(removed):
            ids = _operation_ids(old[path])
            twin = next((a for a in added if ids and _operation_ids(new[a]) == ids), None)
            if twin is not None:
                removed.remove(path)
                added.remove(twin)
                pairs.append((path, twin))
                self.add(
                    "path-moved",
                    pointer("paths", path),
                    pointer("paths", twin),
                    f"{path} -> {twin}",
                )
        for path in removed:
            self.add("path-removed", pointer("paths", path), None, f"{path} removed")
        for path in added:
            self.add("path-added", None, pointer("paths", path), f"{path} added")
        for old_path, new_path in pairs:
            for method in METHODS:
                o, n = (old[old_path] or {}).get(method), (new[new_path] or {}).get(method)
                label = f"{method.upper()} {new_path}"
                if o is not None and n is None:
                    self.add(
                        "operation-removed",
                        pointer("paths", old_path, method),
                        None,
                        f"{label} removed",
                    )
                elif o is None and n is not None:
                    self.add(
                        "operation-added",
                        None,
                        pointer("paths", new_path, method),
                        f"{label} added",
                    )
                elif o is not None and n is not None:
                    self.operation(
                        o, n, ("paths", old_path, method), ("paths", new_path, method), label
                    )

    # ---- operations ----

    def operation(
        self, o: Spec, n: Spec, po: tuple[str, ...], pn: tuple[str, ...], label: str
    ) -> None:
        if o.get("operationId") != n.get("operationId"):
            self.add(
                "operation-id-changed",
                pointer(*po, "operationId"),
                pointer(*pn, "operationId"),
                f"{label}: operationId {o.get('operationId')} -> {n.get('operationId')}",
            )
        if (o.get("tags") or [None])[0] != (n.get("tags") or [None])[0]:
            self.add(
                "tag-changed",
                pointer(*po, "tags"),
                pointer(*pn, "tags"),
                f"{label}: tag {(o.get('tags') or [None])[0]} -> {(n.get('tags') or [None])[0]}",
            )
        if _scopes(o) != _scopes(n):
            self.add(
                "security-scopes-changed",
                pointer(*po, "security"),
                pointer(*pn, "security"),
                f"{label}: scopes {sorted(_scopes(o))} -> {sorted(_scopes(n))}",
            )
        self.parameters(o, n, po, pn, label)
        self.request_body(o, n, po, pn, label)
        self.responses(o, n, po, pn, label)

    def parameters(
        self, o: Spec, n: Spec, po: tuple[str, ...], pn: tuple[str, ...], label: str
    ) -> None:
        old = {(p["in"], p["name"]): (i, p) for i, p in enumerate(self._params(self.old, o))}
        new = {(p["in"], p["name"]): (i, p) for i, p in enumerate(self._params(self.new, n))}
        for key, (index, param) in old.items():
            where = pointer(*po, "parameters", index)
            if key not in new:
                self.add(
                    "request-parameter-removed",
                    where,
                    None,
                    f"{label}: {key[0]} parameter {key[1]} removed",
                )
                continue
            new_index, new_param = new[key]
            there = pointer(*pn, "parameters", new_index)
            if new_param.get("required") and not param.get("required"):
                self.add(
                    "request-parameter-became-required",
                    where,
                    there,
                    f"{label}: {key[0]} parameter {key[1]} is now required",
                )
            self.schema(
                param.get("schema", {}),
                new_param.get("schema", {}),
                where + "/schema",
                there + "/schema",
                "parameter",
                f"{label}: {key[0]} parameter {key[1]}",
            )
        for key, (index, param) in new.items():
            if key not in old:
                required = "required" if param.get("required") else "optional"
                self.add(
                    f"request-parameter-added-{required}",
                    None,
                    pointer(*pn, "parameters", index),
                    f"{label}: new {required} {key[0]} parameter {key[1]}",
                )

    def _params(self, spec: Spec, operation: Spec) -> list[Spec]:
        return [resolve(spec, p) for p in operation.get("parameters", [])]

    def request_body(
        self, o: Spec, n: Spec, po: tuple[str, ...], pn: tuple[str, ...], label: str
    ) -> None:
        old = resolve(self.old, o.get("requestBody") or {}).get("content", {})
        new = resolve(self.new, n.get("requestBody") or {}).get("content", {})
        if old and new and set(old) != set(new):
            self.add(
                "request-body-media-type-changed",
                pointer(*po, "requestBody"),
                pointer(*pn, "requestBody"),
                f"{label}: request body {sorted(old)} -> {sorted(new)}",
            )
        for media in old:
            if media in new:
                self.schema(
                    old[media].get("schema", {}),
                    new[media].get("schema", {}),
                    pointer(*po, "requestBody", "content", media, "schema"),
                    pointer(*pn, "requestBody", "content", media, "schema"),
                    "request",
                    f"{label}: request body",
                )

    def responses(
        self, o: Spec, n: Spec, po: tuple[str, ...], pn: tuple[str, ...], label: str
    ) -> None:
        old = {c: r for c, r in (o.get("responses") or {}).items() if c.startswith("2")}
        new = {c: r for c, r in (n.get("responses") or {}).items() if c.startswith("2")}
        for code in old:
            if code not in new:
                self.add(
                    "response-success-status-removed",
                    pointer(*po, "responses", code),
                    None,
                    f"{label}: success status {code} removed",
                )
        for code in new:
            if code not in old:
                self.add(
                    "response-success-status-added",
                    None,
                    pointer(*pn, "responses", code),
                    f"{label}: new success status {code}",
                )
        for code in old:
            if code not in new:
                continue
            old_content = resolve(self.old, old[code]).get("content", {})
            new_content = resolve(self.new, new[code]).get("content", {})
            if set(old_content) != set(new_content):
                self.add(
                    "response-media-type-changed",
                    pointer(*po, "responses", code),
                    pointer(*pn, "responses", code),
                    f"{label}: {code} media types {sorted(old_content)} -> {sorted(new_content)}",
                )
            for media in old_content:
                if media in new_content:
                    self.schema(
                        old_content[media].get("schema", {}),
                        new_content[media].get("schema", {}),
                        pointer(*po, "responses", code, "content", media, "schema"),
                        pointer(*pn, "responses", code, "content", media, "schema"),
                        "response",
                        f"{label}: {code} response",
                    )

    # ---- schemas ----

    def schema(self, o: Spec, n: Spec, po: str, pn: str, direction: str, label: str) -> None:
        """Compare two schemas as seen from `direction`: request, response or parameter."""
        if "$ref" in o or "$ref" in n:
            key = (o.get("$ref", po), n.get("$ref", pn), direction)
            if key in self.compared:
                return  # a shared schema: compared (and reported) once per direction
            self.compared.add(key)
            if "$ref" in o:
                po, label = "#" + o["$ref"].split("#", 1)[1], ref_name(o["$ref"])
            if "$ref" in n:
                pn, label = "#" + n["$ref"].split("#", 1)[1], ref_name(n["$ref"])
            o, n = resolve(self.old, o), resolve(self.new, n)
        kind = {
            "request": "request-body",
            "response": "response",
            "parameter": "request-parameter",
        }[direction]
        field = "request-body-field" if direction == "request" else "response-field"
        old_type, new_type = (o.get("type"), o.get("format")), (n.get("type"), n.get("format"))
        if o.get("type") and n.get("type") and old_type != new_type:
            check = (
                "request-parameter-type-changed"
                if direction == "parameter"
                else f"{field}-type-changed"
            )
            self.add(check, po, pn, f"{label}: type {_type(old_type)} -> {_type(new_type)}")
            return
        self.enums(o, n, po, pn, direction, kind, label)
        if direction != "response":
            self.limits(o, n, po, pn, kind, label)
        if "items" in o and "items" in n:
            self.schema(
                o["items"], n["items"], po + "/items", pn + "/items", direction, f"{label}[]"
            )
        self.properties(o, n, po, pn, direction, label)

    def enums(
        self, o: Spec, n: Spec, po: str, pn: str, direction: str, kind: str, label: str
    ) -> None:
        if "enum" not in o or "enum" not in n:
            return
        removed = [v for v in o["enum"] if v not in n["enum"]]
        added = [v for v in n["enum"] if v not in o["enum"]]
        if direction == "response":
            if added:
                self.add(
                    "response-enum-value-added", po, pn, f"{label}: new values {_values(added)}"
                )
            if removed:
                self.add(
                    "response-enum-value-removed",
                    po,
                    pn,
                    f"{label}: values {_values(removed)} no longer sent",
                )
        elif removed:
            self.add(
                f"{kind}-enum-value-removed",
                po,
                pn,
                f"{label}: values {_values(removed)} no longer accepted",
            )

    def limits(self, o: Spec, n: Spec, po: str, pn: str, kind: str, label: str) -> None:
        tightened = [
            key
            for key in ("maxLength", "maximum", "maxItems")
            if key in n and (key not in o or n[key] < o[key])
        ] + [
            key
            for key in ("minLength", "minimum", "minItems")
            if key in n and (key not in o or n[key] > o[key])
        ]
        if tightened:
            self.add(
                f"{kind}-limit-tightened",
                po,
                pn,
                f"{label}: " + ", ".join(f"{k} {o.get(k, 'none')} -> {n[k]}" for k in tightened),
            )

    def properties(self, o: Spec, n: Spec, po: str, pn: str, direction: str, label: str) -> None:
        old, new = o.get("properties") or {}, n.get("properties") or {}
        old_required, new_required = set(o.get("required") or []), set(n.get("required") or [])
        request = direction != "response"
        for name in old:
            where = f"{po}/properties/{escape(name)}"
            if name not in new:
                check = "request-body-field-removed" if request else "response-field-removed"
                self.add(check, where, None, f"{label}: field {name} removed")
                continue
            there = f"{pn}/properties/{escape(name)}"
            if request and name in new_required and name not in old_required:
                self.add(
                    "request-body-field-became-required",
                    where,
                    there,
                    f"{label}: field {name} is now required",
                )
            if not request and name in old_required and name not in new_required:
                self.add(
                    "response-field-became-optional",
                    where,
                    there,
                    f"{label}: field {name} may now be missing",
                )
            self.schema(old[name], new[name], where, there, direction, f"{label}.{name}")
        for name in new:
            if name in old:
                continue
            there = f"{pn}/properties/{escape(name)}"
            if not request:
                self.add("response-field-added", None, there, f"{label}: new field {name}")
            elif name in new_required:
                self.add(
                    "request-body-field-added-required",
                    None,
                    there,
                    f"{label}: new required field {name}",
                )
            else:
                self.add(
                    "request-body-field-added-optional",
                    None,
                    there,
                    f"{label}: new optional field {name}",
                )


def _components(spec: Spec, kind: str) -> dict[str, Any]:
    return dict((spec.get("components") or {}).get(kind) or {})


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _operation_ids(item: Spec | None) -> set[str]:
    return {
        op["operationId"]
        for m, op in (item or {}).items()
        if m in METHODS and isinstance(op, dict) and "operationId" in op
    }


def _scopes(operation: Spec) -> set[str]:
    return {
        f"{name}:{scope}"
        for requirement in operation.get("security") or []
        for name, scopes in requirement.items()
        for scope in scopes or [""]
    }


def _type(pair: tuple[Any, Any]) -> str:
    return f"{pair[0]} ({pair[1]})" if pair[1] else str(pair[0])


def _values(values: list[Any]) -> str:
    shown = ", ".join(map(str, values[:5]))
    return shown + (f" and {len(values) - 5} more" if len(values) > 5 else "")


def semver_bump(findings: list[Finding]) -> str:
    """major for breaking changes, minor for additions, patch otherwise (client versions)."""
    levels = {f.level for f in findings}
    if "ERR" in levels:
        return "major"
    return "minor" if findings else "patch"
