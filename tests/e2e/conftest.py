"""Real-browser fixtures: the API and the three Streamlit apps as processes, and headless Chromium driving them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.apps import (
    APPS,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    STREAM_DELAY_S,
    VIEWPORT,
    Stack,
    start_streamlit,
    wait_healthy,
)
from tests.support.server import start_api


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, or a visible skip when this machine cannot run one (a failure in CI)."""
    missing = ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install playwright)"
    if not missing and not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if missing:
        if os.environ.get("VC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"VC_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def stack(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The API on a fresh SQLite database plus the three apps pointed at it, each on a free port."""
    database = tmp_path_factory.mktemp("e2e") / "apps.db"
    api = start_api(f"sqlite:///{database}", extra_env={
        "VC_OFFLINE_STREAM_DELAY_SECONDS": STREAM_DELAY_S, "VC_MESSAGES_PER_MINUTE": "1000",
    })
    env = {"VC_APP_SIGN_IN_DB": str(tmp_path_factory.mktemp("sign-ins") / "app_sign_ins.db")}
    started = {name: start_streamlit(script, api.base_url, env=env) for name, script in APPS.items()}
    running = Stack(api=api, urls={name: url for name, (_, url, _) in started.items()},
                    processes=[process for process, _, _ in started.values()],
                    logs=[log for _, _, log in started.values()], env=env)
    try:
        for process, url, log in started.values():
            wait_healthy(process, url, log)
    except RuntimeError:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of fresh browser tabs (one per person in a flow), each in its own context, closed afterwards."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**{"viewport": VIEWPORT, **options})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
