"""The client's runtime against a fake API served over real HTTP on 127.0.0.1 (local_api.py):
retries per operation (a create is never sent twice), timeouts and the deadline, Retry-After,
every failure as an `ApiError`, the token endpoint's own failures, one token fetch under
concurrency, the lifecycle, and no secret anywhere."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from local_api import SECRET, THING, Answer, LocalApi, local_api

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def app() -> Iterator[LocalApi]:
    with local_api() as served:
        yield served


@pytest.fixture
def slept(api: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between attempts, recorded instead of slept (the rate limit's too)."""
    waits: list[float] = []
    monkeypatch.setattr(api.transport.time, "sleep", waits.append)
    return waits


def cloud(api: Any, app: LocalApi, **options: Any) -> Any:
    return api.ArduinoCloud("id", SECRET, **{"base_url": app.url, "timeout": 0.5, **options})


def new_thing(api: Any) -> Any:
    return api.models.ThingCreate(name="Greenhouse", timezone="UTC")


def test_a_create_that_gets_a_503_is_sent_once(api: Any, app: LocalApi, slept: list[float]) -> None:
    app.script.append(Answer(503, {"code": "unavailable", "detail": "try later"}))
    with cloud(api, app) as client, pytest.raises(api.ServerError) as caught:
        client.v2.things.create(body=new_thing(api))
    assert [r.method for r in app.requests] == ["PUT"] and slept == []
    assert caught.value.status == 503 and caught.value.operation == "things_v2#create"
    assert caught.value.detail == "try later" and "try later" in caught.value.body


def test_a_create_that_times_out_is_sent_once(api: Any, app: LocalApi) -> None:
    app.script.append(Answer(201, THING, JSON, delay=1.0))
    with cloud(api, app, timeout=0.2) as client, pytest.raises(api.TimedOut) as caught:
        client.v2.things.create(body=new_thing(api))
    assert len(app.requests) == 1
    assert caught.value.maybe_processed and "check before sending it again" in str(caught.value)


def test_a_create_is_sent_again_only_when_it_never_left(
    api: Any, app: LocalApi, slept: list[float]
) -> None:
    class RefusesOnce(httpx.HTTPTransport):  # a refused connection, then the real network
        refused = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/iot/v2/things" and not self.refused:
                self.refused += 1
                raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
            return super().handle_request(request)

    with cloud(api, app, transport=RefusesOnce()) as client:
        app.default = Answer(201, THING, JSON)
        assert client.v2.things.create(body=new_thing(api)).name == "Greenhouse"
    assert len(app.requests) == 1 and len(slept) == 1


def test_reads_are_retried(api: Any, app: LocalApi, slept: list[float]) -> None:
    app.script += [Answer(503), Answer(502, "<html>bad gateway</html>"), Answer(200, [THING], JSON)]
    with cloud(api, app) as client:
        assert [t.name for t in client.v2.things.list()] == ["Greenhouse"]
        assert len(app.requests) == 3 and len(slept) == 2
        app.script.append(Answer(200, [THING], JSON, delay=1.0))  # a read timeout, then fine
        assert client.v2.things.list(show_properties=True)
        assert len(app.requests) == 5
        app.script += [Answer(500)] * 4
        with pytest.raises(api.ServerError):
            client.v2.things.list()  # bounded: 4 attempts
    assert len(app.requests) == 9


def test_updates_and_series_queries_are_retried_publishes_are_not(
    api: Any, app: LocalApi, slept: list[float]
) -> None:
    models = api.models
    with cloud(api, app) as client:
        app.script += [Answer(503), Answer(200, THING, JSON)]  # things_v2#update is a POST
        client.v2.things.update(id=THING["id"], body=models.ThingUpdate(name="x"))
        app.script += [Answer(503), Answer(200, {"responses": [], "resp_version": 1}, JSON)]
        query = models.BatchQueryRawRequestsMediaV1(requests=[], resp_version=1)
        client.v2.series.batch_query_raw(body=query)  # a POST that only reads
        assert len(app.requests) == 4
        app.script.append(Answer(503))
        with pytest.raises(api.ServerError):
            client.v2.properties.publish(id="t", pid="p", body=models.PropertyValue(value=1))
    assert len(app.requests) == 5


def test_retry_after_in_seconds_and_as_a_date(api: Any, app: LocalApi, slept: list[float]) -> None:
    soon = email.utils.formatdate(time.time() + 5, usegmt=True)
    app.script += [
        Answer(429, headers={"Retry-After": "2"}),
        Answer(503, headers={"Retry-After": soon}),
        Answer(200, [THING], JSON),
    ]
    with cloud(api, app) as client:
        client.v2.things.list()
    assert slept[0] == 2.0 and 3.0 < slept[1] <= 5.0


def test_a_long_retry_after_is_raised_at_once(api: Any, app: LocalApi, slept: list[float]) -> None:
    app.script.append(Answer(429, {"code": "too_many"}, {"Retry-After": "3600"}))
    with cloud(api, app) as client, pytest.raises(api.RateLimited) as caught:
        client.v2.things.create(body=new_thing(api))  # a 429 is retried even for a create...
    assert caught.value.retry_after == 3600.0  # ...but not after an hour
    assert len(app.requests) == 1 and slept == []


def test_the_deadline_bounds_the_whole_call(api: Any, app: LocalApi) -> None:
    app.script += [Answer(200, [THING], JSON, delay=2.0)] * 3
    start = time.monotonic()
    with cloud(api, app, timeout=10.0, deadline=0.6) as client, pytest.raises(api.TimedOut):
        client.v2.things.list()
    assert time.monotonic() - start < 1.5 and len(app.requests) == 1


def test_no_server_is_a_connection_error(api: Any, app: LocalApi, slept: list[float]) -> None:
    with cloud(api, app, base_url="http://127.0.0.1:9") as client:
        with pytest.raises(api.AuthUnavailable) as token:
            client.v2.things.list()
        assert isinstance(token.value.__cause__, api.ConnectionFailed)
        client.credentials._token, client.credentials._expires = "t", float("inf")
        with pytest.raises(api.ConnectionFailed) as caught:
            client.v2.things.create(body=new_thing(api))
    assert not caught.value.maybe_processed and caught.value.status is None
    assert len(slept) == 3 + 3  # refused connections provably did not reach it: retried


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Answer(200, "<html><body>Maintenance</body></html>", {"Content-Type": "text/html"}),
            "not what the spec says",
        ),
        (Answer(200, b'[{"id": "x", "name": ', JSON), "not what the spec says"),
        (Answer(200, {"id": "x"}, JSON), "expected a list"),  # an object where a list belongs
        (Answer(302, headers={"Location": "/elsewhere"}), "unexpected status 302"),
    ],
    ids=["html", "truncated-json", "wrong-shape", "redirect"],
)
def test_malformed_answers_are_unexpected_responses(
    api: Any, app: LocalApi, answer: Answer, message: str
) -> None:
    app.script.append(answer)
    with cloud(api, app) as client, pytest.raises(api.UnexpectedResponse) as caught:
        client.v2.things.list()
    assert message in str(caught.value) and caught.value.status == answer.status
    assert len(caught.value.body) <= 200


def test_an_undocumented_success_is_read_and_a_bad_item_kept_aside(api: Any, app: LocalApi) -> None:
    app.script.append(Answer(200, THING, JSON))  # the spec says 201
    with cloud(api, app) as client:
        created = client.v2.things.create(body=new_thing(api))
        assert isinstance(created, api.models.ArduinoThing) and created.name == "Greenhouse"
        app.script.append(Answer(200, [THING, None, "oops", {**THING, "name": "B"}], JSON))
        with pytest.warns(api.PartialListWarning, match="2 of 4 items could not be read"):
            things = client.v2.things.list()
    assert [t.name for t in things] == ["Greenhouse", "B"]
    assert [(u.index, u.raw) for u in api.unparsed(things)] == [(1, None), (2, "oops")]
    assert repr(api.types.UNSET) == "UNSET" and "object at 0x" not in repr(things[0])


def test_token_endpoint_failures_are_told_apart(
    api: Any, app: LocalApi, slept: list[float]
) -> None:
    wrong = api.ArduinoCloud("id", "wrong", base_url=app.url)
    with wrong, pytest.raises(api.InvalidCredentials, match="invalid_client") as bad:
        wrong.v2.things.list()
    assert len(app.token_requests) == 1 and "wrong" not in str(bad.value)  # not retried

    app.token_script += [Answer(503), Answer(429, headers={"Retry-After": "1"})]
    with cloud(api, app) as client:
        assert client.v2.things.list()  # the token endpoint's own retries
        assert len(app.token_requests) == 4 and 1.0 in slept
    for answer, message in (
        (Answer(200, {"token_type": "bearer"}, JSON), "without an access_token"),
        (
            Answer(200, "<html>login</html>", {"Content-Type": "text/html"}),
            "without an access_token",
        ),
        (Answer(500), "answered 500"),
    ):
        app.token_script += [answer] * 4
        with cloud(api, app) as client, pytest.raises(api.AuthUnavailable, match=message):
            client.v2.things.list()
        app.token_script.clear()


def test_one_token_for_sixteen_threads_and_fifty_tasks(api: Any, app: LocalApi) -> None:
    app.token_delay = 0.2  # every caller arrives while the first fetch is under way
    with cloud(api, app, timeout=5.0) as client:
        threads = [threading.Thread(target=client.v2.things.list) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert app.tokens == 1 and len(app.requests) == 16

    async def fifty() -> list[Any]:
        async with api.AsyncArduinoCloud("id", SECRET, base_url=app.url) as client:
            return await asyncio.gather(*(client.v2.things.list() for _ in range(50)))

    assert len(asyncio.run(fifty())) == 50 and app.tokens == 2 and len(app.requests) == 66


def test_a_refused_token_is_refreshed_once(api: Any, app: LocalApi) -> None:
    with cloud(api, app) as client:
        client.v2.things.list()
        app.script.append(Answer(401, {"code": "unauthorized"}))
        client.v2.things.list()  # the 401 makes it fetch a new token and try once more
        assert app.tokens == 2
        app.script += [Answer(401), Answer(401)]
        with pytest.raises(api.Unauthorized):
            client.v2.things.list()


def test_one_async_client_in_two_event_loops(api: Any, app: LocalApi) -> None:
    client = api.AsyncArduinoCloud("id", SECRET, base_url=app.url)

    async def names() -> list[str]:
        return [t.name for t in await client.v2.things.list()]

    assert asyncio.run(names()) == asyncio.run(names()) == ["Greenhouse"]
    assert app.tokens == 1


def test_the_users_transport_is_never_closed(api: Any, app: LocalApi) -> None:
    class Counting(httpx.HTTPTransport):
        closed = 0

        def close(self) -> None:
            self.closed += 1
            super().close()

    transport = Counting()
    with cloud(api, app, transport=transport) as client:
        client.v2.things.list()  # the token fetch went through it too
        assert app.tokens == 1
    assert transport.closed == 0
    with pytest.raises(RuntimeError, match="closed"):
        client.v2.things.list()
    transport.close()


def test_the_raw_functions_take_cloud_client(api: Any, app: LocalApi) -> None:
    from arduino_iot_api.api.things_v2 import list_

    with cloud(api, app, organization="org-7") as client:
        response = list_.sync_detailed(client=client.client, show_properties=True)
    assert response.status_code == 200 and response.parsed[0].name == "Greenhouse"
    assert app.requests[0].headers["X-Organization"] == "org-7"
    assert "show_properties=true" in app.requests[0].path

    async def raw_async() -> Any:
        async with api.AsyncArduinoCloud("id", SECRET, base_url=app.url) as client:
            return await list_.asyncio(client=client.client)

    assert asyncio.run(raw_async())[0].name == "Greenhouse" and app.tokens == 2


def test_no_secret_in_reprs_errors_or_debug_logs(
    api: Any, app: LocalApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    app.script.append(Answer(503))
    with cloud(api, app, organization="org-1") as client:
        client.v2.things.list()  # retried once: a DEBUG line
        for answer, call in (
            (Answer(404, {"detail": "no such thing"}), lambda: client.v2.things.show(id="x")),
            (Answer(500), lambda: client.v2.things.create(body=new_thing(api))),
        ):
            app.script.append(answer)
            with pytest.raises(api.ApiError) as caught:
                call()
            errors.append(caught.value)
        texts = [repr(client), repr(client.credentials), repr(client.client)]
    app.token_script.append(Answer(200, {"access_token": "leaked-token", "expires_in": "x"}))
    with cloud(api, app) as other, pytest.raises(api.NotFound) as late:
        app.script.append(Answer(404, {"access_token": "leaked-token"}))
        other.v2.things.show(id="y")
    errors.append(late.value)
    for error in errors:
        while error is not None:
            texts += [str(error), repr(error), getattr(error, "body", "")]
            error = error.__cause__ or error.__context__
    texts += [record.getMessage() for record in caplog.records]
    assert any("things_v2#list" in record.getMessage() for record in caplog.records)
    for text in texts:
        assert SECRET not in text and "token-1" not in text and "leaked-token" not in text


def test_the_rate_limit_spaces_requests(api: Any) -> None:
    policy = api.retry.RetryPolicy(rate=10.0)
    waits = [policy.wait_for_slot() for _ in range(3)]
    assert waits[0] == 0.0 and waits[2] == pytest.approx(0.2, abs=0.02)
