"""The helpers the runtime adds where the spec has what they need: following the pages of a
device's history, and time series as plain points (and a pandas DataFrame), against the
fake API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from local_api import SECRET, Answer, LocalApi, local_api

JSON = {"Content-Type": "application/json"}
DEVICE = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"


@pytest.fixture
def app() -> Iterator[LocalApi]:
    with local_api() as served:
        yield served


def part(api: Any, name: str) -> Any:
    """A module of the package that its __init__ does not import (pages, series)."""
    return importlib.import_module(f"{api.__name__}.{name}")


def _status(minute: int) -> dict[str, str]:
    value = "CONNECTED" if minute % 2 else "DISCONNECTED"
    return {"updated_at": f"2026-11-29T08:{minute:02d}:00Z", "value": value}


def _queries(app: LocalApi) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(r.path).query) for r in app.requests]


def test_status_events_follow_the_pages(api: Any, app: LocalApi) -> None:
    # Two full pages of 3, the second starting at the first's last event (which the server
    # sends again: `start` is inclusive), then a short last page.
    pages = [
        [_status(1), _status(2), _status(3)],
        [_status(3), _status(4), _status(5)],
        [_status(6)],
    ]
    app.script += [Answer(200, {"id": DEVICE, "events": page}, JSON) for page in pages]
    with api.ArduinoCloud("id", SECRET, base_url=app.url) as cloud:
        events = list(part(api, "pages").device_status_events(cloud.v2.devices, id=DEVICE, limit=3))
    assert [e.updated_at.minute for e in events] == [1, 2, 3, 4, 5, 6]
    assert [q.get("start") for q in _queries(app)] == [
        None,
        ["2026-11-29T08:03:00Z"],
        ["2026-11-29T08:05:00Z"],
    ]
    assert all(q["limit"] == ["3"] for q in _queries(app))


def test_a_page_with_nothing_new_ends_the_iteration(api: Any, app: LocalApi) -> None:
    page = {"id": DEVICE, "events": [_status(1), _status(2)]}
    app.script += [Answer(200, page, JSON)] * 3  # a server that ignores `start`
    with api.ArduinoCloud("id", SECRET, base_url=app.url) as cloud:
        events = list(part(api, "pages").device_status_events(cloud.v2.devices, id=DEVICE, limit=2))
    assert len(events) == 2 and len(app.requests) == 2


def test_property_values_follow_last_evaluated_key_with_asyncio(api: Any, app: LocalApi) -> None:
    def page(minutes: list[int], key: int | None) -> Answer:
        values = [
            {"created_at": f"2026-11-29T08:{m:02d}:00Z", "value": {"seqno": m}} for m in minutes
        ]
        last = {"created_at": f"2026-11-29T08:{key:02d}:00Z", "id": "p"} if key else None
        return Answer(
            200, {"id": "p", "name": "t", "values": values, "last_evaluated_key": last}, JSON
        )

    app.script += [page([1, 2], 2), page([3], None)]

    async def read() -> list[Any]:
        async with api.AsyncArduinoCloud("id", SECRET, base_url=app.url) as cloud:
            devices = cloud.v2.devices
            return [v async for v in part(api, "pages").adevice_values(devices, id=DEVICE, pid="p")]

    values = asyncio.run(read())
    assert [v.value.seqno for v in values] == [1, 2, 3]
    assert _queries(app)[1]["start"] == ["2026-11-29T08:02:00Z"]


def test_series_as_points_and_a_frame(api: Any, app: LocalApi) -> None:
    answer = {
        "resp_version": 1,
        "responses": [
            {
                "property_id": "p",
                "times": ["2026-11-29T08:00:00Z", "2026-11-29T08:01:00Z"],
                "values": [21.5, 22.0],
                "count_values": 2,
            }
        ],
    }
    app.script.append(Answer(200, answer, JSON))
    start = datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC)
    with api.ArduinoCloud("id", SECRET, base_url=app.url) as cloud:
        points = part(api, "series").raw_series(
            cloud.v2.series, property_id="p", start=start, end=start + datetime.timedelta(days=1)
        )
    assert [(p.time.minute, p.value) for p in points] == [(0, 21.5), (1, 22.0)]
    sent = json.loads(app.requests[0].body)
    assert sent["requests"][0]["q"] == "property.p" and sent["requests"][0]["sort"] == "ASC"
    assert sent["requests"][0]["from"].startswith("2026-11-29T00:00:00")
    timeseries = api.models.ArduinoTimeseriesmedia.from_dict(
        {"data": [{"time": "2026-11-29T08:00:00Z", "value": 1.5}, {"time": None, "value": 2}]}
    )
    assert [(p.time.hour, p.value) for p in part(api, "series").points(timeseries)] == [(8, 1.5)]
    frame = part(api, "series").frame(points)  # pandas is a dev dependency
    assert list(frame.columns) == ["time", "value"] and frame["value"].sum() == 43.5


def test_a_frame_without_pandas_says_how_to_get_it(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` finds uninstalled
    with pytest.raises(ImportError, match=r"pip install 'arduino-iot-api\[pandas\]'"):
        part(api, "series").frame([])
