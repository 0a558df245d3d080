"""Comparing two resolved schemas: types, enums, limits and properties, per direction.

A request schema breaks callers when it narrows; a response schema when it widens or loses
what clients read. A shared component schema is compared once per direction.
"""

from __future__ import annotations

import json
from typing import Any

from generator.openapi.pointers import escape, ref_name, resolve
from generator.specdiff.findings import Finding, checks

Spec = dict[str, Any]


class SchemaDiffer:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.findings: dict[tuple[str, str | None, str | None], Finding] = {}
        self.compared: set[tuple[str, str, str]] = set()

    def add(self, check: str, old: str | None, new: str | None, message: str) -> None:
        key = (check, old, new)
        if key not in self.findings:
            self.findings[key] = Finding(check, checks()[check].level, old, new, message)

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
            self.add(check, po, pn, f"{label}: type {type_text(old_type)} -> {type_text(new_type)}")
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
                    "response-enum-value-added", po, pn, f"{label}: new values {listed(added)}"
                )
            if removed:
                self.add(
                    "response-enum-value-removed",
                    po,
                    pn,
                    f"{label}: values {listed(removed)} no longer sent",
                )
        elif removed:
            self.add(
                f"{kind}-enum-value-removed",
                po,
                pn,
                f"{label}: values {listed(removed)} no longer accepted",
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


def same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def type_text(pair: tuple[Any, Any]) -> str:
    return f"{pair[0]} ({pair[1]})" if pair[1] else str(pair[0])


def listed(values: list[Any]) -> str:
    shown = ", ".join(map(str, values[:5]))
    return shown + (f" and {len(values) - 5} more" if len(values) > 5 else "")
