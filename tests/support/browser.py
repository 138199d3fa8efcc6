"""Driving the apps in a real browser: waiting for Streamlit's runs, signing in, typing, watching replies stream."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.support.apps import VIEWPORT


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def settle(page: Any) -> None:
    """Wait until Streamlit has finished the run the last action started."""
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30_000)


def snap(page: Any, folder: Path, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so grow the window to fit."""
    settle(page)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 1000")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(height + 40, 6000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(folder / f"{name}.png"))
    page.set_viewport_size(VIEWPORT)


def sign_in(page: Any, url: str, email: str, password: str) -> None:
    page.goto(url)
    settle(page)
    page.locator(".st-key-sign_in_email input").fill(email)
    page.locator(".st-key-sign_in_password input").fill(password)
    page.locator(".st-key-sign_in_submit button").click()
    expect(page.locator(".st-key-sign_in_email")).to_have_count(0)
    settle(page)


def send(page: Any, text: str) -> None:
    """Type one message into the chat box and send it."""
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(text)
    chat.press("Enter")


def say(page: Any, text: str, replies_before: int) -> None:
    """Send one line and wait until the client's reply has finished (its 'Offline simulator' label shows)."""
    send(page, text)
    expect(page.get_by_text("Offline simulator")).to_have_count(replies_before + 1, timeout=30_000)
    settle(page)


def add_tags(page: Any, key: str, values: list[str]) -> None:
    """Type free entries into an accept-new-options multiselect, the way a teacher would."""
    field = page.locator(f".st-key-{key} input")
    for value in values:
        field.click()
        field.fill(value)
        field.press("Enter")
    page.keyboard.press("Escape")


def watch_reply(page: Any, index: int, timeout_s: float = 20) -> list[str]:
    """Every text the reply bubble showed while it streamed, until its 'Offline simulator' label appears."""
    bubble = page.get_by_test_id("stChatMessage").nth(index)
    seen: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.get_by_test_id("stChatMessage").count() > index:
            text = bubble.inner_text().strip()
            if text and (not seen or seen[-1] != text):
                seen.append(text)
            if "Offline simulator" in text:
                return seen
        page.wait_for_timeout(40)
    raise AssertionError(f"the reply never finished; saw {seen}")
