"""Flood control: a per-user limit on incoming messages, and retries of outgoing Bot API calls."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from enum import Enum
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user once to wait
    DROP = "drop"  # over the limit and already told: stay quiet, or the bot floods the chat


class UserRateLimiter:
    """A sliding one-minute window of messages per user."""

    MAX_USERS = 10_000  # above this, users idle for a whole window are forgotten

    def __init__(self, per_minute: int, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._clock = clock
        self._events: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, user_id: int) -> Verdict:
        if self.per_minute <= 0:
            return Verdict.ALLOW
        now = self._clock()
        events = self._events.setdefault(user_id, deque())
        while events and events[0] <= now - self.window_s:
            events.popleft()
        if len(events) < self.per_minute:
            events.append(now)
            if len(self._events) > self.MAX_USERS:
                self._forget_idle(now)
            return Verdict.ALLOW
        warned = self._warned.get(user_id)
        if warned is not None and warned > now - self.window_s:
            return Verdict.DROP
        self._warned[user_id] = now
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        for user_id, events in list(self._events.items()):
            if not events or events[-1] <= now - self.window_s:
                del self._events[user_id]
                self._warned.pop(user_id, None)


class RetryingRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (throttling, 429 retry_after) plus retries of network failures.

    A dropped connection or a timeout is retried with exponential backoff: a reply sent twice is
    better than a question left without one. `BadRequest` is a NetworkError subclass in PTB but a
    final answer from Telegram, so it is never retried.
    """

    def __init__(self, max_retries: int, backoff_s: float = 0.5, max_backoff_s: float = 8.0,
                 on_error: Callable[[str, bool], None] | None = None, **kwargs: Any) -> None:
        super().__init__(max_retries=max_retries, **kwargs)
        # Told (kind of error, retried?) of every failed attempt: a retry, or the final failure.
        self._on_error = on_error
        self._network_retries = max_retries
        self._backoff_s = backoff_s
        self._max_backoff_s = max_backoff_s

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        delay = self._backoff_s
        attempt = 0
        if self._on_error is not None:
            callback = self._observed(callback)
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest as exc:
                self._count(exc, retried=False)
                raise
            except NetworkError as exc:
                if attempt >= self._network_retries:
                    self._count(exc, retried=False)
                    raise
                self._count(exc, retried=True)
                attempt += 1
                log.warning("Telegram %s failed (%s); retry %d of %d in %.1f s", endpoint,
                            type(exc).__name__, attempt, self._network_retries, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_backoff_s)
            except Exception as exc:  # RetryAfter beyond max_retries, Forbidden...
                self._count(exc, retried=False)
                raise

    def _observed(self, callback: Callable[..., Coroutine[Any, Any, Any]]
                  ) -> Callable[..., Coroutine[Any, Any, Any]]:
        """The request, telling `on_error` of each 429 (AIORateLimiter retries it inside)."""
        async def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._count(exc, retried=True)
                raise

        return call

    def _count(self, exc: Exception, retried: bool) -> None:
        if self._on_error is not None:
            self._on_error(type(exc).__name__, retried)
