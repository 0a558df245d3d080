"""The one module that uses the generated API client: every call the cloud commands make,
in cloudgen's own terms, and every failure turned into one CloudError sentence.

The client is the package generated from the pinned spec (`client_package`), with its
OAuth2 token (the `audience` field, 300 s expiry), retries and client-side rate limit.
Bodies are built with the models' `from_dict` and answers read with `to_dict`, so only
this module knows the client's shape.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any, TypeVar

import httpx

from generator.cloud.credentials import Credentials
from generator.cloud.errors import CloudError
from generator.cloud.model import (
    CloudDashboard,
    CloudDevice,
    CloudProperty,
    CloudThing,
    PropertySpec,
    dashboard_from_api,
    device_from_api,
    property_from_api,
    thing_from_api,
)

DEFAULT_BASE_URL = "https://api2.arduino.cc"
BASE_URL_VARIABLE = "ARDUINO_IOT_API_URL"
T = TypeVar("T")


def base_url(option: str | None) -> str:
    return (option or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL).rstrip("/")


class CloudApi:
    """The Integrations API calls of `cloudgen cloud`; close it (or use `with`) when done.

    The client decides retries per operation: it never replays a create whose request may
    have reached the server, and says so with `NoResponse.maybe_processed`.
    """

    def __init__(
        self,
        package: ModuleType,
        credentials: Credentials,
        api_url: str | None = None,
        rate_limit: float | str | None = "free",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url(api_url)
        self._source = credentials.source
        self._errors = package
        self._cloud = package.ArduinoCloud(
            client_id=credentials.client_id,
            client_secret=credentials.secret,
            organization=credentials.organization,
            base_url=self.base_url,
            rate_limit=rate_limit,
            transport=transport,
        )
        self._models = package.models
        self.calls = 0  # API calls made (the token requests aside), for the reports

    def __enter__(self) -> CloudApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._cloud.close()

    def _maybe_applied(self, action: str, error: Exception) -> CloudError:
        return CloudError(
            f"{action}: the answer was lost ({type(error).__name__}), so it may or may not have "
            "been applied; `cloudgen cloud plan` shows what the cloud has now (a Thing of the "
            "same name is linked, never created twice)"
        )

    def _unreachable(self, action: str, error: Exception) -> CloudError:
        return CloudError(
            f"{action}: cannot reach {self.base_url} ({type(error).__name__}); "
            f"check the network, or {BASE_URL_VARIABLE} / --api-url"
        )

    # Reads

    def things(
        self, *, ids: Sequence[str] = (), tags: Sequence[str] = (), properties: bool = True
    ) -> list[CloudThing]:
        """Things with their properties, in one call (`show_properties`)."""
        arguments: dict[str, Any] = {"show_properties": properties}
        if ids:
            arguments["ids"] = list(ids)
        if tags:
            arguments["tags"] = list(tags)
        found = self._call("listing Things", lambda: self._cloud.v2.things.list(**arguments))
        return [thing_from_api(_data(item)) for item in found or ()]

    def devices(self) -> list[CloudDevice]:
        found = self._call("listing devices", lambda: self._cloud.v2.devices.list())
        return [device_from_api(_data(item)) for item in found or ()]

    def dashboards(self) -> list[CloudDashboard]:
        """Every dashboard with its widgets and the properties they show, in one call."""
        found = self._call("listing dashboards", lambda: self._cloud.v2.dashboards.list())
        return [dashboard_from_api(_data(item)) for item in found or ()]

    # Writes

    def create_thing(
        self,
        name: str,
        timezone: str,
        tags: Sequence[tuple[str, str]],
        properties: Sequence[PropertySpec],
    ) -> CloudThing:
        body: dict[str, Any] = {"name": name, "properties": [p.body() for p in properties]}
        if timezone:
            body["timezone"] = timezone
        if tags:
            body["tags"] = [{"key": key, "value": value} for key, value in tags]
        model = self._models.ThingCreate.from_dict(body)
        created = self._call(
            f'creating Thing "{name}"',
            lambda: self._cloud.v2.things.create(body=model),
            creates=True,
        )
        return thing_from_api(_data(created))

    def update_thing(self, thing_id: str, changes: dict[str, str]) -> None:
        model = self._models.ThingUpdate.from_dict(changes)
        self._call(
            f"updating Thing {thing_id}",
            lambda: self._cloud.v2.things.update(id=thing_id, body=model),
        )

    def set_tag(self, thing_id: str, key: str, value: str) -> None:
        model = self._models.Tag.from_dict({"key": key, "value": value})
        self._call(
            f'setting tag "{key}" of Thing {thing_id}',
            lambda: self._cloud.v2.things_tags.upsert(id=thing_id, body=model),
        )

    def delete_tag(self, thing_id: str, key: str) -> None:
        self._call(
            f'deleting tag "{key}" of Thing {thing_id}',
            lambda: self._cloud.v2.things_tags.delete(id=thing_id, key=key),
        )

    def create_property(self, thing_id: str, spec: PropertySpec) -> CloudProperty:
        model = self._models.Property.from_dict(spec.body())
        created = self._call(
            f'creating variable "{spec.variable_name}"',
            lambda: self._cloud.v2.properties.create(id=thing_id, body=model),
            creates=True,
        )
        return property_from_api(_data(created))

    def update_property(self, thing_id: str, property_id: str, spec: PropertySpec) -> None:
        model = self._models.Property.from_dict(spec.body())
        self._call(
            f'updating variable "{spec.variable_name}"',
            lambda: self._cloud.v2.properties.update(id=thing_id, pid=property_id, body=model),
        )

    def delete_property(self, thing_id: str, property_id: str, variable_name: str) -> None:
        self._call(
            f'deleting variable "{variable_name}"',
            lambda: self._cloud.v2.properties.delete(id=thing_id, pid=property_id),
        )

    def create_dashboard(self, body: dict[str, Any]) -> CloudDashboard:
        """`body` as the API's `dashboardv2` (name, widgets with their property ids)."""
        model = self._models.Dashboardv2.from_dict(body)
        created = self._call(
            f'creating dashboard "{body.get("name")}"',
            lambda: self._cloud.v2.dashboards.create(body=model),
            creates=True,
        )
        return dashboard_from_api(_data(created))

    def update_dashboard(self, dashboard_id: str, body: dict[str, Any]) -> CloudDashboard:
        """Replaces the dashboard's name and widgets (a PUT: every widget is sent)."""
        model = self._models.Dashboardv2.from_dict(body)
        updated = self._call(
            f"updating dashboard {dashboard_id}",
            lambda: self._cloud.v2.dashboards.update(id=dashboard_id, body=model),
        )
        return dashboard_from_api(_data(updated))

    def link_widget(self, dashboard_id: str, widget_id: str, property_ids: Sequence[str]) -> None:
        """Sets the properties one widget shows (all of them: an empty list detaches)."""
        model = self._models.Widgetlink.from_dict({"variables": list(property_ids)})
        self._call(
            f"linking widget {widget_id} of dashboard {dashboard_id}",
            lambda: self._cloud.v2.dashboards.link(
                id=dashboard_id, widget_id=widget_id, body=model
            ),
        )

    def _call(self, action: str, call: Callable[[], T], *, creates: bool = False) -> T:
        self.calls += 1
        with self._translated(action, creates):
            return call()

    @contextmanager
    def _translated(self, action: str, creates: bool) -> Iterator[None]:
        """Every way a call can fail, as one sentence that says what to do. A create that
        got no answer, or a 5xx, may have been applied all the same."""
        errors = self._errors
        try:
            yield
        except errors.AuthUnavailable as error:
            if isinstance(error.__cause__, errors.NoResponse):  # not even the token came back
                raise self._unreachable(action, error.__cause__) from None
            raise CloudError(
                f"{action}: the Arduino Cloud's token service did not answer with a token; try "
                "again later (the credentials were not refused)"
            ) from None
        except errors.NoResponse as error:
            if error.maybe_processed:
                raise self._maybe_applied(action, error) from None
            raise self._unreachable(action, error) from None
        except errors.ServerError as error:
            if creates:
                raise self._maybe_applied(action, error) from None
            raise CloudError(f"{action}: {_explained(error, errors)}") from None
        except errors.InvalidCredentials:
            raise CloudError(
                f"{action}: the Arduino Cloud refused the credentials from {self._source}; "
                "check them, or run `cloudgen cloud login`"
            ) from None
        except errors.ApiError as error:
            raise CloudError(f"{action}: {_explained(error, errors)}") from None


def _explained(error: Any, errors: ModuleType) -> str:
    detail = f" ({error.detail})" if getattr(error, "detail", None) else ""
    if isinstance(error, errors.Unauthorized):
        return f"the Arduino Cloud refused the token (401){detail}; check the credentials"
    if isinstance(error, errors.Forbidden):
        return (
            f"not allowed (403){detail}: the API key lacks access, or "
            "ARDUINO_CLOUD_ORGANIZATION names a space it is not in"
        )
    if isinstance(error, errors.NotFound):
        return (
            f"not found in the Arduino Cloud (404){detail}: deleted there? "
            "`cloudgen cloud pull` brings the project in step"
        )
    if isinstance(error, errors.RateLimited):
        return (
            "rate limited by the Arduino Cloud (429), even after waiting and retrying; try "
            "again in a minute (the free plan allows 1 request/s)"
        )
    return f"the Arduino Cloud answered {error.status}{detail}"


def _data(item: Any) -> dict[str, Any]:
    """A model's JSON form (plain data passes through)."""
    if hasattr(item, "to_dict"):
        data = item.to_dict()
        return data if isinstance(data, dict) else {}
    return item if isinstance(item, dict) else {}
