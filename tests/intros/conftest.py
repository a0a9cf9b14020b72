"""Fixtures for introductions: a world around the real server (tests/intros/world.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mailer.clock import PinnedClock
from tests.intros.world import World


@pytest.fixture
def make_world(
    tmp_path: Path, database_url: str, clock: PinnedClock
) -> Iterator[Callable[..., World]]:
    worlds: list[World] = []

    def make(**options: object) -> World:
        world = World(tmp_path, database_url, clock, **options)  # type: ignore[arg-type]
        worlds.append(world)
        return world

    yield make
    for world in worlds:
        world.close()


@pytest.fixture
def world(make_world: Callable[..., World]) -> World:
    return make_world()
