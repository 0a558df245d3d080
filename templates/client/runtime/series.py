"""Time series as plain typed points (hand-written part of the generated client, for specs
with the series_v2 queries and the property timeseries).

    points = raw_series(cloud.v2.series, property_id=pid, start=week_ago, end=now)
    df = frame(points)  # a pandas DataFrame, with `pip install 'arduino-iot-api[pandas]'`

The API answers a series as two arrays (`times` and `values`) and a timeseries as a list
of `{time, value}`; both become a list of `Point`.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .json_value import JsonValue
from .types import Unset

if TYPE_CHECKING:
    from .api.series_v2 import AsyncSeriesV2, SeriesV2
    from .models.arduino_series_raw_response import ArduinoSeriesRawResponse
    from .models.arduino_series_response import ArduinoSeriesResponse
    from .models.arduino_timeseriesmedia import ArduinoTimeseriesmedia


@dataclass(frozen=True)
class Point:
    time: datetime.datetime | str  # text when the API sent a time that does not parse
    value: JsonValue


def points(
    answer: ArduinoSeriesRawResponse | ArduinoSeriesResponse | ArduinoTimeseriesmedia,
) -> list[Point]:
    """The points of one series of a batch query, or of a property's timeseries."""
    if hasattr(answer, "data"):  # a timeseries: [{time, value}]
        data = answer.data if isinstance(answer.data, list) else []
        return [
            Point(p.time, p.value)
            for p in data
            if isinstance(p.time, datetime.datetime | str) and not isinstance(p.value, Unset)
        ]
    times = answer.times if isinstance(answer.times, list) else []
    values = answer.values if isinstance(answer.values, list) else []
    return [Point(time, value) for time, value in zip(times, values, strict=False)]


def raw_request(
    property_id: str, start: datetime.datetime, end: datetime.datetime, limit: int
) -> Any:
    from .models import BatchQueryRawRequestMediaV1, BatchQueryRawRequestsMediaV1

    query = BatchQueryRawRequestMediaV1(
        q=f"property.{property_id}", from_=start, to=end, series_limit=limit, sort="ASC"
    )
    return BatchQueryRawRequestsMediaV1(requests=[query], resp_version=1)


def raw_series(
    series: SeriesV2,
    *,
    property_id: str,
    start: datetime.datetime,
    end: datetime.datetime,
    limit: int = 1000,
) -> list[Point]:
    """The stored values of a property between `start` and `end`, oldest first
    (`series_v2#batch_query_raw`; at most `limit` of them)."""
    batch = series.batch_query_raw(body=raw_request(property_id, start, end, limit))
    responses = batch.responses if isinstance(batch.responses, list) else []
    return [point for response in responses for point in points(response)]


async def araw_series(
    series: AsyncSeriesV2,
    *,
    property_id: str,
    start: datetime.datetime,
    end: datetime.datetime,
    limit: int = 1000,
) -> list[Point]:
    """`raw_series`, with asyncio."""
    batch = await series.batch_query_raw(body=raw_request(property_id, start, end, limit))
    responses = batch.responses if isinstance(batch.responses, list) else []
    return [point for response in responses for point in points(response)]


def frame(series: Iterable[Point]) -> Any:
    """The points as a pandas DataFrame (columns `time` and `value`); needs pandas."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise ImportError(
            "series.frame needs pandas: pip install 'arduino-iot-api[pandas]'"
        ) from None
    listed = list(series)
    return pandas.DataFrame({"time": [p.time for p in listed], "value": [p.value for p in listed]})
