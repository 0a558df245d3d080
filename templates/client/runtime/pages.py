"""Following the pages of a device's history (hand-written part of the generated client, for
specs with the devices_v2 event, status and value operations).

    for event in device_status_events(cloud.v2.devices, id=device_id):
        print(event.updated_at, event.value)

    async for value in adevice_values(acloud.v2.devices, id=device_id, pid=property_id):
        ...

These operations take `limit` and `start` ("the time at which to start selecting"); property
values also say where the next page starts (`last_evaluated_key`). Each next page starts at
the last item's time; items already seen are skipped, and a page that brings nothing new
ends the iteration, whichever way the server orders them. (The order and whether `start` is
inclusive are not documented: inferred.)
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .types import UNSET, Unset

if TYPE_CHECKING:
    from .api.devices_v2 import AsyncDevicesV2, DevicesV2
    from .models.arduino_devicev_2_propertyvalue import ArduinoDevicev2Propertyvalue
    from .models.arduino_devicev_2_simple_properties import ArduinoDevicev2SimpleProperties
    from .models.arduino_devicev_2_status_event import ArduinoDevicev2StatusEvent

T = TypeVar("T")
P = TypeVar("P")
Start = str | Unset


def _text(moment: object) -> str | None:
    if isinstance(moment, datetime.datetime):
        return moment.isoformat().replace("+00:00", "Z")
    return moment if isinstance(moment, str) and moment else None


class _Pages:
    """What the sync and async iterations share: the items of a page, and where the next one
    starts (None: the end)."""

    def __init__(self, limit: int | Unset, cursor: Callable[[Any, Sequence[Any]], object]) -> None:
        self.limit, self.cursor = limit, cursor
        self.seen: set[str] = set()
        self.start: Start = UNSET

    def new_items(self, items: object) -> list[Any]:
        fresh = []
        for item in items if isinstance(items, list) else []:
            key = repr(item.to_dict())
            if key not in self.seen:
                self.seen.add(key)
                fresh.append(item)
        return fresh

    def advance(self, page: Any, items: list[Any], fresh: list[Any]) -> bool:
        following = _text(self.cursor(page, items)) if fresh else None
        if following is None or following == self.start:
            return False
        if isinstance(self.limit, int) and len(items) < self.limit and not _says_more(page):
            return False
        self.start = following
        return True


def _says_more(page: Any) -> bool:
    key = getattr(page, "last_evaluated_key", None)
    return key is not None and not isinstance(key, Unset)


def _follow(
    fetch: Callable[[Start], P], items: Callable[[P], object], pages: _Pages
) -> Iterator[Any]:
    while True:
        page = fetch(pages.start)
        listed = items(page)
        fresh = pages.new_items(listed)
        yield from fresh
        if not pages.advance(page, listed if isinstance(listed, list) else [], fresh):
            return


async def _afollow(
    fetch: Callable[[Start], Awaitable[P]], items: Callable[[P], object], pages: _Pages
) -> AsyncIterator[Any]:
    while True:
        page = await fetch(pages.start)
        listed = items(page)
        fresh = pages.new_items(listed)
        for item in fresh:
            yield item
        if not pages.advance(page, listed if isinstance(listed, list) else [], fresh):
            return


def _last_updated(page: Any, items: Sequence[Any]) -> object:
    return items[-1].updated_at if items else None


def _next_value(page: Any, items: Sequence[Any]) -> object:
    """Where the server says the next page starts; no key: the last page."""
    key = page.last_evaluated_key
    return None if key is None or isinstance(key, Unset) else key.created_at


def device_events(
    devices: DevicesV2, *, id: str, limit: int | Unset = UNSET
) -> Iterator[ArduinoDevicev2SimpleProperties]:
    """Every event of a device (`devices_v2#getEvents`), page after page."""
    pages = _Pages(limit, _last_updated)
    return _follow(
        lambda start: devices.get_events(id=id, limit=limit, start=start),
        lambda page: page.events,
        pages,
    )


def device_status_events(
    devices: DevicesV2, *, id: str, limit: int = 30
) -> Iterator[ArduinoDevicev2StatusEvent]:
    """Every CONNECTED/DISCONNECTED event of a device (`devices_v2#GetStatusEvents`)."""
    pages = _Pages(limit, _last_updated)
    return _follow(
        lambda start: devices.get_status_events(id=id, limit=limit, start=start),
        lambda page: page.events,
        pages,
    )


def device_values(
    devices: DevicesV2, *, id: str, pid: str, limit: int | Unset = UNSET
) -> Iterator[ArduinoDevicev2Propertyvalue]:
    """Every stored value of a device's property (`devices_v2#timeseries`)."""
    pages = _Pages(limit, _next_value)
    return _follow(
        lambda start: devices.timeseries(id=id, pid=pid, limit=limit, start=start),
        lambda page: page.values,
        pages,
    )


def adevice_events(
    devices: AsyncDevicesV2, *, id: str, limit: int | Unset = UNSET
) -> AsyncIterator[ArduinoDevicev2SimpleProperties]:
    """`device_events`, with asyncio."""
    pages = _Pages(limit, _last_updated)
    return _afollow(
        lambda start: devices.get_events(id=id, limit=limit, start=start),
        lambda page: page.events,
        pages,
    )


def adevice_status_events(
    devices: AsyncDevicesV2, *, id: str, limit: int = 30
) -> AsyncIterator[ArduinoDevicev2StatusEvent]:
    """`device_status_events`, with asyncio."""
    pages = _Pages(limit, _last_updated)
    return _afollow(
        lambda start: devices.get_status_events(id=id, limit=limit, start=start),
        lambda page: page.events,
        pages,
    )


def adevice_values(
    devices: AsyncDevicesV2, *, id: str, pid: str, limit: int | Unset = UNSET
) -> AsyncIterator[ArduinoDevicev2Propertyvalue]:
    """`device_values`, with asyncio."""
    pages = _Pages(limit, _next_value)
    return _afollow(
        lambda start: devices.timeseries(id=id, pid=pid, limit=limit, start=start),
        lambda page: page.values,
        pages,
    )
