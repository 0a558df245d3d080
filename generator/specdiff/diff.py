"""Breaking-change report between two OpenAPI specs, for users of generated clients.

Every finding names a check (specs/catalog/spec_checks.yaml), its level and the JSON
pointer of both sides. `$ref`s are followed and the resolved schemas compared; a shared
component schema is compared once per direction, so one change is reported once.
"""

from __future__ import annotations

from typing import Any

from generator.openapi.document import METHODS
from generator.openapi.pointers import pointer, resolve
from generator.specdiff.findings import Finding
from generator.specdiff.schemas import SchemaDiffer, Spec, listed, same


def diff_specs(old: Spec, new: Spec) -> list[Finding]:
    differ = _Differ(old, new)
    differ.run()
    return sorted(differ.findings.values(), key=Finding.sort_key)


class _Differ(SchemaDiffer):
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
                f"servers {listed(old) or 'none'} -> {listed(new) or 'none'}",
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
                twin = next((a for a in added if same(old[name], new[a])), None)
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
            elif not same(scheme, new[name]):
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


def _components(spec: Spec, kind: str) -> dict[str, Any]:
    return dict((spec.get("components") or {}).get(kind) or {})


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
